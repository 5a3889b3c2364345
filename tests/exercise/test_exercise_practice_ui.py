"""The practice screen, driven by Pilot: an exercise solved end to end with a hint, a failing
check, the fix and a passing check saved to progress; the solution only on the second ask;
an exam graded at the end."""

import json
from pathlib import Path

import pytest
from shipped import catalog

from kubetui.progress import Progress
from kubetui.ui.screens.practice import ExamSession, PracticeApp, PracticeScreen, TaskPanel
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.output import OutputPane

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2] / "exercises"
CATALOG = catalog(ROOT)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))


def make_app(tmp_path, exercise_id=None, **kwargs):
    return PracticeApp(CATALOG, exercise_id, clock=False, record=False, lang=kwargs.pop("lang", "en"),
                       progress=Progress(path=tmp_path / "progress.json"), **kwargs)


async def type_command(pilot, line: str) -> None:
    bar = pilot.app.screen.query_one(CommandBar)
    bar.focus()
    bar.value = line
    await pilot.press("enter")
    await pilot.pause()


async def test_solve_an_exercise_with_a_hint_and_checks(tmp_path):
    app = make_app(tmp_path, "core-namespace")
    async with app.run_test(size=(140, 44)) as pilot:
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        task = screen.query_one(TaskPanel)
        assert "Create the namespace `team-a`" in task.plain()
        assert task.display and not screen.query_one("#objectives").display

        await pilot.press("ctrl+g")
        assert "Hint 1 (-10): Namespaces are created with" in task.plain()

        await type_command(pilot, "kubectl create namespace team-a")
        await type_command(pilot, "kubectl run api -n team-a --image=redis:6")
        app.advance(10)
        await pilot.press("ctrl+k")
        await pilot.pause()
        text = task.plain()
        assert "✔ namespace team-a exists" in text
        assert "✖ pod api in team-a runs redis:7" in text
        assert 'has image "redis:6" (expected "redis:7")' in text
        assert not Progress.load(tmp_path / "progress.json").solved("core-namespace")

        await type_command(pilot, "kubectl run api -n team-a --image=redis:7")
        assert "AlreadyExists" in screen.query_one(OutputPane).text()
        await type_command(pilot, "kubectl delete pod api -n team-a")
        app.advance(35)
        await type_command(pilot, "kubectl run api -n team-a --image=redis:7")
        app.advance(20)
        await pilot.press("ctrl+k")
        await pilot.pause()
        text = task.plain()
        assert "2 of 2 parts pass, 190/200 points (hints 1: -10)" in text, text
        assert "Solved!" in text and "A namespace is a name scope" in text

    saved = Progress.load(tmp_path / "progress.json").exercises["core-namespace"]
    assert saved["solved"] and saved["bestPoints"] == 190 and saved["hintsUsed"] == 1 and saved["attempts"] == 2
    data = json.loads((tmp_path / "progress.json").read_text())
    assert data["exercises"]["core-namespace"]["solved"] is True


async def test_solution_only_when_asked_twice(tmp_path):
    app = make_app(tmp_path, "deploy-scale", lang="ko")
    async with app.run_test(size=(140, 44)) as pilot:
        task = app.screen.query_one(TaskPanel)
        assert "Deployment `api`를" in task.plain()
        await pilot.press("ctrl+o")
        assert "kubectl scale deploy/api --replicas=5" not in task.plain()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "풀이:" in task.plain() and "kubectl scale deploy/api --replicas=5" in task.plain()


async def test_opens_the_first_unsolved_exercise(tmp_path):
    progress = Progress(path=tmp_path / "progress.json")
    first = CATALOG.exercises[0]
    progress.record_exercise(first.id, solved=True, points=1, max_points=1)
    app = PracticeApp(CATALOG, None, clock=False, record=False, lang="en", progress=progress)
    async with app.run_test(size=(140, 44)):
        assert app.screen.exercise.id == CATALOG.exercises[1].id


async def test_exam_without_hints_graded_at_the_end(tmp_path):
    chosen = [CATALOG.get("core-run-pod"), CATALOG.get("deploy-scale")]
    report = tmp_path / "exam.json"
    session = ExamSession(chosen, minutes=20, seed=1, report=str(report))
    app = make_app(tmp_path, exam=session)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("ctrl+g")
        assert "Hint 1" not in app.screen.query_one(TaskPanel).plain()
        await type_command(pilot, "kubectl run hello --image=nginx:1.25")
        app.advance(15)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.exercise.id == "deploy-scale"
        await pilot.press("ctrl+n")
        await pilot.pause()
    data = json.loads(report.read_text())
    assert [e["score"] for e in data["exercises"]] == [100.0, 0.0]
    assert data["score"] == pytest.approx(100 * 5 / 11, abs=0.1)
    assert not data["passed"]
    assert Progress.load(tmp_path / "progress.json").exams[-1]["score"] == data["score"]
