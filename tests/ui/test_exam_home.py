"""The exam from the home screen: the start screen (what it is, duration, seed, the draw), the
same exam `kubetui exam` runs, a task answered with commands, the grade over the home screen,
and the past exam listed with its grade and report."""

import pytest
from shipped import catalog
from textual.widgets import Input, OptionList, RadioSet

from kubetui.exercise import exam as exam_module
from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.detail import DetailScreen
from kubetui.ui.screens.exam import ExamStartScreen, report_path
from kubetui.ui.screens.home import HomeScreen
from kubetui.ui.screens.practice import PracticeScreen, TaskPanel
from kubetui.ui.widgets.command_bar import CommandBar

CATALOG = catalog()


def home_app(tmp_path, lang="en"):
    return KubetuiApp(start="home", clock=False, lesson=False, lang=lang, record=False,
                      progress=Progress(path=tmp_path / "p.json"))


async def choose(pilot, oid: str) -> None:
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    ol = home.query_one(OptionList)
    ol.focus()
    ol.highlighted = ol.get_option_index(oid)
    await pilot.press("enter")
    await pilot.pause()


async def test_take_an_exam_from_home(tmp_path, monkeypatch):
    drawn = []

    def draw(catalog, minutes, seed):
        drawn.append((minutes, seed))
        return [CATALOG.get("core-run-pod"), CATALOG.get("deploy-scale")]

    monkeypatch.setattr(exam_module, "draw", draw)
    app = home_app(tmp_path)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await choose(pilot, "exam")
        start = app.screen
        assert isinstance(start, ExamStartScreen)
        about = str(start.query_one("#exam-about").render())
        assert "no hints" in about and "66%" in about and "exams" in about
        await pilot.click("#exam-minutes-30")
        assert start.minutes == 30
        seed = start.query_one("#exam-seed", Input)
        seed.focus()
        seed.value = ""
        await pilot.press("7")
        assert "2 tasks: core 1, pod-design 1" in str(start.query_one("#exam-draw").render())
        await pilot.press("enter")
        await pilot.pause()
        assert drawn[-1] == (30, 7)

        screen = app.screen
        assert isinstance(screen, PracticeScreen) and screen.exercise.id == "core-run-pod"
        assert screen.exam.minutes == 30 and screen.exam.seed == 7 and app.game.seed == 7
        await pilot.press("ctrl+g")
        assert "Hint 1" not in screen.query_one(TaskPanel).plain()
        bar = screen.query_one(CommandBar)
        bar.focus()
        bar.value = "kubectl run hello --image=nginx:1.25"
        await pilot.press("enter")
        app.advance(15)
        await pilot.press("ctrl+k")
        assert screen.query_one(TaskPanel).report.passed
        await pilot.press("escape", "q", "y")
        await pilot.pause()

        result = app.screen
        assert isinstance(result, DetailScreen)
        assert app.screen_stack[-2].__class__ is HomeScreen and app.game is None
        taken = app.progress.exams[-1]
        assert taken["seed"] == 7 and taken["minutes"] == 30 and not taken["passed"]
        assert 0 < taken["score"] < 66
        path = report_path(7)
        assert path.is_file() and f"{taken['score']:.1f}%" in path.read_text()
        body = result.body_text()
        assert result.title_text == f"Exam: {taken['score']:.1f}% — Not passed"
        assert f"Report saved: {path}" in body and "core-run-pod" in body and "deploy-scale" in body
        assert "What happened in this task" in body and "kubectl run hello --image=nginx:1.25" in body
        assert "No commands were run in this task." in body  # deploy-scale, never reached

        await pilot.press("escape")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.items["exam-report:0"][1]["score"] == taken["score"]
        label = str(home.query_one(OptionList).get_option("exam-report:0").prompt)
        assert f"{taken['score']:5.1f}% ✖" in label and "seed 7 · 30 min" in label
        await choose(pilot, "exam-report:0")
        assert isinstance(app.screen, DetailScreen) and "kubetui exam (seed 7, 30 min)" in app.screen.body_text()
        await pilot.press("escape")
        await choose(pilot, "exam")
        assert app.screen.query_one("#exam-seed", Input).value == "1"
        assert app.screen.query_one(RadioSet).pressed_button.id == "exam-minutes-30"


async def test_the_start_screen_draws_what_the_command_line_draws(tmp_path):
    app = home_app(tmp_path, lang="ko")
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await choose(pilot, "exam")
        start = app.screen
        assert "힌트" in str(start.query_one("#exam-about").render())
        assert "60분" in str(start.query_one("#exam-minutes-60").label) and "min" not in str(
            start.query_one("#exam-minutes-60").label)
        expected = exam_module.draw(CATALOG, 120, 0)
        assert [e.id for e in start.drawn] == [e.id for e in expected]
        await pilot.click("#exam-minutes-60")
        assert [e.id for e in start.drawn] == [e.id for e in exam_module.draw(CATALOG, 60, 0)]
        start.query_one("#exam-seed", Input).value = "x1"
        await pilot.pause()
        assert start.drawn == [] and "정수" in str(start.query_one("#exam-draw").render())
        start.query_one("#exam-seed", Input).value = "3"
        await pilot.pause()
        await pilot.click("#exam-start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert [e.id for e in screen.exam.exercises] == [e.id for e in exam_module.draw(CATALOG, 60, 3)]
        assert screen.exam.minutes == 60


async def test_escape_leaves_the_start_screen(tmp_path):
    app = home_app(tmp_path)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await choose(pilot, "exam")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.game is None


@pytest.mark.parametrize("entry", [{"seed": "x"}, {"minutes": 30}, "junk"])
async def test_odd_progress_entries_are_skipped(tmp_path, entry):
    progress = Progress(path=tmp_path / "p.json")
    progress.exams = [entry, {"seed": 2, "minutes": 60, "score": 80.0, "passed": True}]
    app = KubetuiApp(start="home", clock=False, lesson=False, lang="en", record=False, progress=progress)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        home = app.screen
        assert [k for k in home.items if k.startswith("exam-report:")] == ["exam-report:1"]
        await choose(pilot, "exam-report:1")
        assert isinstance(app.screen, HomeScreen)


async def test_q_after_the_graded_exam_leaves_the_command_line_exam(tmp_path):
    from kubetui.ui.screens.practice import ExamSession, PracticeApp

    session = ExamSession([CATALOG.get("core-run-pod")], minutes=5, seed=1, report=str(tmp_path / "exam.md"))
    app = PracticeApp(CATALOG, exam=session, clock=False, record=False, lang="en",
                      progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("escape", "q", "y")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.title_text.startswith("Exam: 0.0%")
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running
    assert (tmp_path / "exam.md").is_file()


async def test_a_passing_check_in_an_exam_does_not_claim_the_progress_saved_it(tmp_path):
    """An exam's checks are not saved to the progress (the exam is graded at its end): the
    passing check says when it is graded instead."""
    from kubetui.ui.screens.practice import ExamSession, PracticeApp
    from kubetui.ui.widgets.output import OutputPane

    exercise = CATALOG.get("core-run-pod")
    session = ExamSession([exercise], minutes=5, seed=1, report=str(tmp_path / "exam.md"))
    progress = Progress(path=tmp_path / "p.json")
    app = PracticeApp(CATALOG, exam=session, clock=False, record=False, lang="en", progress=progress)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        screen = app.play_screen
        for line in exercise.solution.strip().splitlines():
            screen.run_command(line)
        app.advance(30)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert screen.task.report is not None and screen.task.report.passed
        out = screen.query_one(OutputPane).text()
        task = screen.task.plain()
        for text in (out, task):
            assert "Saved to your progress" not in text and "the exam grades the cluster" in text
        assert not progress.solved(exercise.id)


async def test_the_start_screen_counts_one_task_and_names_the_start_context(tmp_path, monkeypatch):
    task = exam_module.in_context(CATALOG.get("core-run-pod"), "k8s-c2", "k8s-c4")
    monkeypatch.setattr(exam_module, "draw", lambda catalog, minutes, seed: [task])
    app = home_app(tmp_path)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await choose(pilot, "exam")
        text = str(app.screen.query_one("#exam-draw").render())
        assert text == "1 task: core 1. You start in context k8s-c4."
