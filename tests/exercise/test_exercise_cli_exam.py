"""Headless grading from the command line: `kubetui exercise check` and `kubetui exam
--script-dir`, with the grade an examiner expects."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from shipped import catalog

from kubetui.cli import main
from kubetui.exercise.catalog import DOMAINS, domain_of
from kubetui.exercise.exam import PASS_MARK, draw, exam_context, grade_exam, minutes_of

ROOT = Path(__file__).resolve().parents[2] / "exercises"
CATALOG = catalog(ROOT)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.slow
def test_check_passes_a_right_answer_and_fails_a_wrong_one(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("kubectl create ns team-a\nkubectl run api -n team-a --image=redis:7\nwait 15\n")
    r = run("exercise", "check", "core-namespace", "--script", str(good), "--json")
    assert r.exit_code == 0
    out = json.loads(r.output)
    assert out["passed"] and out["points"] == out["maxPoints"] == 200
    assert [c["exitCode"] for c in out["commands"]] == [0, 0]

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("kubectl create ns team-a\nkubectl run api -n team-a --image=redis:6\n")
    r = run("exercise", "check", "core-namespace", "--script", str(wrong))
    assert r.exit_code == 1
    assert "PASS  namespace team-a exists" in r.output
    assert "FAIL  pod api in team-a runs redis:7" in r.output
    assert 'has image "redis:6" (expected "redis:7")' in r.output
    assert "1 of 2 parts pass, 100/200 points" in r.output


@pytest.mark.slow
def test_check_bad_input_is_an_error_line(tmp_path):
    r = CliRunner().invoke(main, ["exercise", "check", "no-such", "--script", "x.txt"])
    assert r.exit_code == 1 and "error: no exercise 'no-such'" in r.output
    bad = tmp_path / "bad.txt"
    bad.write_text("@20 kubectl get pods\n@10 kubectl get pods\n")
    r = CliRunner().invoke(main, ["exercise", "check", "core-run-pod", "--script", str(bad)])
    assert r.exit_code == 1 and f"{bad}:2:" in r.output and "Traceback" not in r.output


def test_a_refused_command_changes_nothing(tmp_path):
    script = tmp_path / "a.txt"
    script.write_text("kubectl run hello --image=nginx:1.25 --restart=Sometimes\n")
    r = run("exercise", "check", "core-run-pod", "--script", str(script), "--json")
    out = json.loads(r.output)
    assert r.exit_code == 1 and out["commands"][0]["exitCode"] != 0
    assert "does not exist" in out["parts"][0]["reason"]["en"]


def test_exercise_list():
    r = run("exercise", "list", "--json")
    rows = json.loads(r.output)
    assert len(rows) == len(CATALOG.exercises) and {row["domain"] for row in rows} == set(DOMAINS)


def test_exam_draw_is_seeded_and_fits_the_time():
    a, b = draw(CATALOG, 120, seed=4), draw(CATALOG, 120, seed=4)
    assert [e.id for e in a] == [e.id for e in b]
    assert [e.id for e in a] != [e.id for e in draw(CATALOG, 120, seed=5)]
    assert sum(minutes_of(e) for e in a) <= 120
    assert len({domain_of(e) for e in a}) >= 6
    assert sum(minutes_of(e) for e in draw(CATALOG, 20, seed=1)) <= 20


@pytest.mark.slow
def test_exam_headless_gives_the_expected_grade(tmp_path):
    chosen = draw(CATALOG, 40, seed=2)
    assert len(chosen) >= 3
    answers = tmp_path / "answers"
    answers.mkdir()
    solved, half = chosen[0], chosen[1]
    (answers / f"{solved.id}.txt").write_text(_solution_text(solved))
    (answers / f"{half.id}.txt").write_text("# I ran out of time\n")
    report = grade_exam(chosen, answers, seed=2, minutes=40)
    weights = {i.exercise.id: i.weight for i in report.items}
    done = report.items[0]
    assert done.answered and done.fraction == 1.0
    assert not report.items[2].answered and report.items[2].fraction == 0.0
    expected = (weights[solved.id] * 1.0 + weights[half.id] * report.items[1].fraction) / sum(weights.values())
    assert report.score == pytest.approx(expected)
    assert report.passed == (expected >= PASS_MARK)

    out = tmp_path / "report.json"
    r = CliRunner().invoke(main, ["exam", "--minutes", "40", "--seed", "2", "--script-dir", str(answers),
                                  "--report", str(out), "--root", str(ROOT)])
    data = json.loads(out.read_text())
    assert data["score"] == round(expected * 100, 1)
    assert [e["id"] for e in data["exercises"]] == [e.id for e in chosen]
    assert r.exit_code == (0 if data["passed"] else 1)
    assert f"score {expected * 100:.1f}%" in r.output


@pytest.mark.slow
def test_exam_with_every_answer_right_passes(tmp_path):
    chosen = draw(CATALOG, 25, seed=9)
    for ex in chosen:
        (tmp_path / f"{ex.id}.txt").write_text(_solution_text(ex))
    md = tmp_path / "exam.md"
    r = CliRunner().invoke(main, ["exam", "--minutes", "25", "--seed", "9", "--script-dir", str(tmp_path),
                                  "--report", str(md), "--root", str(ROOT)])
    assert r.exit_code == 0, r.output
    text = md.read_text()
    assert "**Score: 100.0%** (pass mark 66%): PASSED" in text
    assert all(f"`{ex.id}`" in text for ex in chosen)


def _solution_text(ex) -> str:
    """The reference solution, as an exam answer: in the task's context first."""
    text = ex.solution if ex.solution_is_inline else (ex.folder / ex.solution).read_text()
    context = exam_context(ex)
    return f"kubectl config use-context {context}\n{text}" if context else text
