"""The exam as the CKA/CKAD hold it: 15-20 weighted tasks drawn from the seed, each set in a
kubeconfig context it names, graded on the cluster of that context only."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from shipped import catalog

from kubetui.cli import main
from kubetui.exercise.catalog import domain_of
from kubetui.exercise.check import grade_script
from kubetui.exercise.exam import CONTEXTS, TASKS, TRACKS, draw, eligible, exam_context, grade_exam, in_context, rules
from kubetui.scenario.script import Script, parse_script

ROOT = Path(__file__).resolve().parents[2] / "exercises"
CATALOG = catalog(ROOT)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))


def _solution(ex) -> str:
    return ex.solution if ex.solution_is_inline else (ex.folder / ex.solution).read_text()


def _answer(ex, context: str | None = None) -> str:
    return f"kubectl config use-context {context or exam_context(ex)}\n{_solution(ex)}"


@pytest.mark.parametrize("seed", range(8))
def test_two_hours_draw_15_to_20_tasks_across_domains_namespaces_and_contexts(seed):
    tasks = draw(CATALOG, 120, seed)
    assert TASKS[0] <= len(tasks) <= TASKS[1]
    assert len({e.id for e in tasks}) == len(tasks)
    assert len({domain_of(e) for e in tasks}) >= 6
    contexts = [exam_context(e) for e in tasks]
    assert set(contexts) <= set(CONTEXTS) and len(set(contexts)) >= 3
    assert all(a != b for a, b in zip(contexts, contexts[1:])), "two tasks in a row share a context"
    namespaces = {ns for e in tasks for o in e.objectives
                  for ns in (getattr(o, "namespace", None), getattr(o, "toNamespace", None)) if ns}
    assert len(namespaces - {"default"}) >= 3
    for e in tasks:
        context = exam_context(e)
        assert e.briefing.en.startswith(f"Context `{context}`: run `kubectl config use-context {context}` first.")
        assert f"kubectl config use-context {context}" in e.briefing.ko
        start = e.clusters[0].name
        assert start in CONTEXTS and start != context


def test_the_draw_is_the_seeds():
    a, b, c = draw(CATALOG, 120, 11), draw(CATALOG, 120, 11), draw(CATALOG, 120, 12)
    assert [(e.id, exam_context(e)) for e in a] == [(e.id, exam_context(e)) for e in b]
    assert [e.id for e in a] != [e.id for e in c]


@pytest.mark.parametrize("track", sorted(TRACKS))
def test_weights_follow_the_tracks_domains(track):
    """Over many exams, each domain's share of the tasks is near its weight in the track."""
    from collections import Counter

    counts = Counter(domain_of(e) for seed in range(60) for e in draw(CATALOG, 120, seed, track))
    total = sum(counts.values())
    weights = TRACKS[track]
    for domain in {*weights, *counts}:
        assert abs(counts[domain] / total - weights.get(domain, 0)) < 0.06, (domain, counts[domain] / total)


def test_the_cka_weighs_troubleshooting_most():
    cka = [domain_of(e) for seed in range(20) for e in draw(CATALOG, 120, seed, "cka")]
    ckad = [domain_of(e) for seed in range(20) for e in draw(CATALOG, 120, seed, "ckad")]
    assert cka.count("troubleshooting") > 1.8 * ckad.count("troubleshooting")
    assert "multi-container" not in cka


def test_exercises_that_change_the_kubeconfig_stay_out():
    left_out = [e.id for e in CATALOG.exercises if not eligible(e)]
    assert "switch-context" in left_out and "context-default-namespace" in left_out
    assert len(left_out) < 10


@pytest.mark.slow
def test_the_start_screen_says_the_rules_then_starts(monkeypatch):
    started = []
    monkeypatch.setattr("kubetui.ui.screens.practice.run_exam", lambda *a, **k: started.append((a, k)))
    r = CliRunner().invoke(main, ["exam", "--seed", "3", "--root", str(ROOT)], input="n\n")
    tasks = draw(CATALOG, 120, 3)
    assert r.exit_code == 0 and started == []
    assert f"kubetui exam (CKAD): {len(tasks)} tasks, 120 minutes" in r.output
    assert "kubectl config use-context <context>" in r.output and "pass mark is 66%" in r.output
    assert "Start the exam? [Y/n]" in r.output
    r = CliRunner().invoke(main, ["exam", "--seed", "3", "--root", str(ROOT)], input="\n")
    assert r.exit_code == 0 and len(started) == 1 and started[0][1]["minutes"] == 120
    assert [e.id for e in started[0][0][1]] == [e.id for e in tasks]
    r = CliRunner().invoke(main, ["--lang", "ko", "exam", "--seed", "3", "--yes", "--root", str(ROOT)])
    assert f"과제 {len(tasks)}개, 120분" in r.output and len(started) == 2
    r = CliRunner().invoke(main, ["exam", "--seed", "3", "--track", "cka", "--yes", "--root", str(ROOT)])
    cka = draw(CATALOG, 120, 3, "cka")
    assert f"kubetui exam (CKA): {len(cka)} tasks" in r.output
    assert [e.id for e in started[2][0][1]] == [e.id for e in cka] != [e.id for e in tasks]


def test_rules_count_one_task_in_the_singular():
    one = draw(CATALOG, 5, 0)
    assert len(one) == 1 and rules(one, 5).startswith("kubetui exam (CKAD): 1 task, 5 minutes\n")
    assert rules(draw(CATALOG, 120, 5), 120).split("\n", 1)[0].endswith(" tasks, 120 minutes")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_rules_and_briefing_name_the_context_the_player_starts_in(lang):
    """The top bar showed `⎈ k8s-c4:default` while the rules listed only `Contexts: k8s-c3`."""
    from kubetui.exercise.exam import start_context

    one = draw(CATALOG, 5, 0)
    start, context = start_context(one[0]), exam_context(one[0])
    assert start in CONTEXTS and start != context
    flat = " ".join(rules(one, 5, lang).split())
    if lang == "en":
        assert f"- Contexts: {context}. You start in {start}; the top bar shows the current context." in flat
        assert f"first. You start in `{start}`.\n\n" in one[0].briefing.en
    else:
        assert f"- 컨텍스트: {context}. 시작 컨텍스트는 {start}입니다" in flat
        assert f"시작 컨텍스트는 `{start}`입니다.\n\n" in one[0].briefing.ko


def test_rules_weigh_by_domain():
    tasks = draw(CATALOG, 120, 5)
    text = rules(tasks, 120)
    weights = text.split("Weight by domain:\n", 1)[1]
    shares = [int(line.split()[-1].rstrip("%")) for line in weights.splitlines() if line.startswith("  ")]
    assert abs(sum(shares) - 100) <= len(shares)


@pytest.mark.slow
def test_a_full_scripted_exam_with_the_reference_answers_passes(tmp_path):
    tasks = draw(CATALOG, 120, 7)
    for e in tasks:
        (tmp_path / f"{e.id}.txt").write_text(_answer(e))
    report = grade_exam(tasks, tmp_path, seed=7, minutes=120)
    assert [i.fraction for i in report.items] == [1.0] * len(tasks)
    assert report.score == 1.0 and report.passed
    assert [row["context"] for row in report.to_json()["exercises"]] == [exam_context(e) for e in tasks]


@pytest.mark.slow
def test_a_partial_exam_scores_partially_and_wrong_contexts_score_nothing(tmp_path):
    tasks = draw(CATALOG, 120, 7)
    right, wrong_context, no_context = tasks[:6], tasks[6:9], tasks[9:12]
    for e in right:
        (tmp_path / f"{e.id}.txt").write_text(_answer(e))
    for e in wrong_context:
        other = next(c for c in CONTEXTS if c != exam_context(e))
        (tmp_path / f"{e.id}.txt").write_text(_answer(e, other))
    for e in no_context:
        (tmp_path / f"{e.id}.txt").write_text(_solution(e))
    report = grade_exam(tasks, tmp_path, seed=7, minutes=120)
    by_id = {i.exercise.id: i for i in report.items}
    assert all(by_id[e.id].fraction == 1.0 for e in right)
    assert all(by_id[e.id].fraction == 0.0 and by_id[e.id].answered for e in [*wrong_context, *no_context])
    assert all(by_id[e.id].fraction == 0.0 and not by_id[e.id].answered for e in tasks[12:])
    weights = sum(i.weight for i in report.items)
    assert report.score == pytest.approx(sum(by_id[e.id].weight for e in right) / weights)
    assert 0 < report.score < 0.66 and not report.passed


def test_most_exercises_are_eligible():
    assert len([ex for ex in CATALOG.exercises if eligible(ex)]) > len(CATALOG.exercises) / 2


@pytest.mark.slow  # one test per exercise (two graded runs each), so that the workers share them
@pytest.mark.parametrize("ex", [ex for ex in CATALOG.exercises if eligible(ex)], ids=lambda ex: ex.id)
def test_every_eligible_exercise_is_won_in_its_context_and_lost_outside_it(ex):
    task = in_context(ex, "k8s-c2", "k8s-c1")
    good = grade_script(task, Script(parse_script(_answer(task), ex.id), ex.folder))
    lost = grade_script(task, Script(parse_script(_solution(ex), ex.id), ex.folder))
    assert (good.passed, lost.points) == (True, 0)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_rules_fit_an_80_column_terminal(lang):
    """A bullet of the rules was 125 columns wide: every line fits 80 columns (a Korean
    syllable takes two), a bullet's next lines hang under its text, and no word is lost."""
    from kubetui.exercise.exam import _cells

    tasks = draw(CATALOG, 120, 5)
    text = rules(tasks, 120, lang)
    lines = text.splitlines()
    assert max(_cells(line) for line in lines) <= 80, max(lines, key=_cells)
    bullets = [i for i, line in enumerate(lines) if line.startswith("- ")]
    assert any(lines[i + 1].startswith("  ") and not lines[i + 1].startswith("   ") for i in bullets)
    assert "use-context" in text and " ".join(text.split()).count("kubectl config use-context") == 1
