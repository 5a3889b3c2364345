"""A scenario from the home screen to the results: briefing, live objectives, the end, progress."""

import json
from pathlib import Path

from textual.widgets import OptionList

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.detail import ConfirmScreen
from kubetui.ui.screens.home import HomeScreen
from kubetui.ui.screens.lesson import BriefingScreen, LessonScreen
from kubetui.ui.screens.play import PlayScreen
from kubetui.ui.screens.results import ResultsScreen
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.objectives import ObjectivesPanel

FIXTURES = Path(__file__).parent / "fixtures"


def make_app(tmp_path, **kwargs):
    kwargs.setdefault("clock", False)
    kwargs.setdefault("lesson", False)
    kwargs.setdefault("lang", "en")
    return KubetuiApp(scenarios_root=FIXTURES, progress=Progress(path=tmp_path / "progress.json"), **kwargs)


async def test_home_selects_the_next_lesson_and_enter_plays_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        ol = app.screen.query_one(OptionList)
        assert ol.get_option_at_index(ol.highlighted).id == "scenario:ui-two-replicas"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.paused
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and not app.paused
        panel = str(app.screen.query_one(ObjectivesPanel).render())
        assert "web has 2 available replicas" in panel and "does not exist" not in panel
        await pilot.press("escape", "m")  # the machine detail, one key away (out of the command bar)
        await pilot.pause()
        panel = str(app.screen.query_one(ObjectivesPanel).render())
        assert "does not exist" in panel and "availableReplicas name=web" in panel
        await pilot.press("m")
        await pilot.pause()
        assert "does not exist" not in str(app.screen.query_one(ObjectivesPanel).render())


async def test_play_to_results_records_progress(tmp_path):
    app = make_app(tmp_path, scenario=FIXTURES / "two-replicas", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        screen = app.play_screen
        bar = screen.query_one(CommandBar)
        bar.focus()
        bar.value = "kubectl create deployment web --image=nginx:1.25 --replicas=2"
        await pilot.press("enter")
        app.advance(20)
        await pilot.pause()
        panel = str(screen.query_one(ObjectivesPanel).render())
        assert "✔" in panel and "passing" in panel
        app.advance(100)
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        body = str(app.screen.query_one("#results-body").render())
        assert "Passed" in body and "★★★" in body
        assert "A Deployment keeps the number of pods you ask for." in body
        log = Path(app.screen.game.log_path)
        assert f"Event log: {log}" in body
        records = [json.loads(line) for line in log.read_text().splitlines()]
        assert records[0]["record"] == "header" and records[0]["scenario"] == "ui-two-replicas"
        assert records[-1]["record"] == "end" and records[-1]["result"]["passed"] is True
        assert any(r["record"] == "command" and r["line"].startswith("kubectl create deployment web") for r in records)
        saved = Progress.load(tmp_path / "progress.json")
        assert saved.completed("ui-two-replicas") and saved.stars("ui-two-replicas") == 3
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "★★★" in str(app.screen.query_one(OptionList).get_option("scenario:ui-two-replicas").prompt)


async def test_quitting_early_fails_and_explains(tmp_path):
    app = make_app(tmp_path, scenario=FIXTURES / "two-replicas", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        app.play_screen.set_focus(None)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "q asks before ending a scenario"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is app.play_screen
        app.play_screen.set_focus(None)  # back with nothing focused, the command bar took the keys
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        body = str(app.screen.query_one("#results-body").render())
        assert "Not passed" in body and "Deployment web did not exist" in body
        assert not Progress.load(tmp_path / "progress.json").completed("ui-two-replicas")


async def test_first_run_lesson_in_korean(tmp_path):
    app = KubetuiApp(start="sandbox", clock=False, lang="ko", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, LessonScreen)
        body = str(app.screen.query_one("#lesson-body").render())
        assert "kubectl get pods" in body and "노드" in body
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)
        assert Progress.load(tmp_path / "p.json").lesson_seen
        assert "샌드박스" in str(app.screen.query_one("#header").render())


async def test_language_switch_on_home(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "ko"
        assert "레플리카 두 개" in str(app.screen.query_one(OptionList).get_option("scenario:ui-two-replicas").prompt)
        assert Progress.load(tmp_path / "progress.json").lang == "ko"
