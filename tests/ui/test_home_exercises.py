"""The home screen lists the exercise packs by domain and opens the next unsolved one."""

from textual.widgets import OptionList

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.home import HomeScreen
from kubetui.ui.screens.practice import PracticeScreen


async def test_home_opens_an_exercise_and_q_comes_back(tmp_path):
    app = KubetuiApp(start="home", clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        ol = home.query_one(OptionList)
        assert "exercises:core" in home.items
        ol.highlighted = ol.get_option_index("exercises:core")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert app.game.scenario.mode == "exercise" and app.game.scenario.id == "core-run-pod"
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_typed_check_and_hint_work_like_their_keys(tmp_path):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = KubetuiApp(start="home", clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        ol = app.screen.query_one(OptionList)
        ol.highlighted = ol.get_option_index("exercises:core")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        bar = screen.query_one(CommandBar)
        for line in ("hint", "kubectl run hello --image=nginx:1.25", "check"):
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            app.advance(20)
            await pilot.pause()
        assert screen.task.hints_shown == 1 and screen.checks == 1
        assert screen.task.report is not None and screen.task.report.passed
        assert "unknown command" not in screen.query_one(OutputPane).text()
