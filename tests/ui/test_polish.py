"""Polish a new player noticed: `?` on the home screen, the command bar's keys after the lesson
and the briefing, the exam's rules at 80 columns, key bars that fit, the NAMESPACE column,
finishing a run at once, and the control plane called by its current name."""

from pathlib import Path

from settle_kit import wait_for
from textual.widgets import OptionList

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.detail import HelpScreen
from kubetui.ui.screens.home import HomeScreen
from kubetui.ui.screens.lesson import BriefingScreen, LessonScreen
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.objects import ObjectTable

SCENARIOS = Path(__file__).parents[2] / "scenarios"


def home_app(tmp_path, **kwargs):
    kwargs.setdefault("lesson", False)
    return KubetuiApp(start="home", clock=False, lang=kwargs.pop("lang", "en"), record=False,
                      progress=Progress(path=tmp_path / "p.json"), **kwargs)


async def test_question_mark_on_home_lists_the_keys(tmp_path):
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen.focused, OptionList)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = str(app.screen.query_one("#help-body").render())
        assert "On this screen" in body and "In a game" in body
        assert "English / 한국어" in body and "pause / resume time" in body
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        keys = {b.action for _, b, _, _ in app.screen.active_bindings.values() if b.show}
        assert "help" in keys, keys


async def test_question_mark_on_home_in_korean(tmp_path):
    app = home_app(tmp_path, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = str(app.screen.query_one("#help-body").render())
        assert "이 화면에서" in body and "게임 중에는" in body


async def test_the_command_bar_has_the_keys_after_the_lesson_and_the_briefing(tmp_path):
    """Whatever had the keys on the play screen while the dialogs were up, closing them gives
    the keys to the command bar: the first letters typed are a command."""
    app = KubetuiApp(scenario=SCENARIOS / "10-first-pod", clock=False, lesson=True, lang="en", record=False,
                     progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        play = app.play_screen
        play.query_one(ObjectTable).focus()  # e.g. a click that reached the table
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        play.query_one(ObjectTable).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is play)
        await wait_for(pilot, lambda: isinstance(play.focused, CommandBar))
        await pilot.press("g", "e", "t")
        assert play.query_one(CommandBar).value == "get"


async def test_the_command_bar_has_the_keys_after_the_sandbox_lesson(tmp_path):
    app = KubetuiApp(start="sandbox", clock=False, lesson=True, lang="en", record=False,
                     progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        app.play_screen.query_one(ObjectTable).focus()
        await pilot.press("space")
        await wait_for(pilot, lambda: app.screen is app.play_screen)
        await wait_for(pilot, lambda: isinstance(app.play_screen.focused, CommandBar))



async def test_the_ui_says_control_plane_not_master(tmp_path):
    """The briefing, the debrief, the title and the concepts use Kubernetes' current word; only
    the line quoted from the user's notes keeps "Master"."""
    from kubetui.scenario.loader import load_scenario

    for folder in ("10-first-pod", "110-control-plane-down"):
        s = load_scenario(SCENARIOS / folder / "scenario.yaml")
        for lang in ("en", "ko"):
            for text in (s.title, s.briefing, s.debrief):
                assert "Master" not in text.get(lang), (folder, lang, text.get(lang))
        assert "Master" in s.seedLine.get("en")
    app = home_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        for oid in ("scenario:first-pod", "scenario:control-plane-down"):
            ol = home.query_one(OptionList)
            ol.highlighted = ol.get_option_index(oid)
            await pilot.pause()
            shown = str(home.query_one("#home-detail").render())
            lines = [line for line in shown.splitlines() if "Master" in line]
            seed = home.items[oid][1].seedLine.get("en")
            assert all(line.strip() in seed for line in lines), lines
            assert "control-plane" in shown
            assert "When the Master" not in str(ol.get_option(oid).prompt)
