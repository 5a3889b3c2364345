"""A learner who starts typing `kubectl get pods` while the briefing (or the first-run lesson)
is up: the overlay closes as Enter would close it and the keys are the command, instead of
being swallowed by the overlay."""

import pytest
from settle_kit import wait_for

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.lesson import BriefingScreen, LessonScreen
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.objects import ObjectTable


def scenario_app(tmp_path, *, lesson: bool) -> KubetuiApp:
    return KubetuiApp(scenario="first-pod", clock=False, lesson=lesson, lang="en", record=False,
                      progress=Progress(path=tmp_path / "p.json"))


def _type_at_once(app, keys: str) -> None:
    """Keys as a terminal delivers them: all read before any is handled."""
    from textual import events

    for key in keys:
        app.post_message(events.Key({" ": "space"}.get(key, key), key))


@pytest.mark.parametrize("at_once", [False, True])
async def test_typing_over_the_briefing_starts_the_clock_and_types_the_command(tmp_path, at_once):
    app = scenario_app(tmp_path, lesson=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        play = app.play_screen
        play.query_one(ObjectTable).focus()  # whatever had the keys on the play screen before
        assert app.paused
        if at_once:
            _type_at_once(app, "kubectl get pods")
        else:
            await pilot.press(*"kubectl get pods")
        bar = play.query_one(CommandBar)
        await wait_for(pilot, lambda: bar.value == "kubectl get pods")
        assert app.screen is play and play.focused is bar
        assert not app.paused, "typing a command is playing: the clock runs, as after Enter"


async def test_typing_over_the_lesson_closes_it_and_the_briefing_below(tmp_path):
    """The lesson says "Type commands in the bar at the bottom. Try: kubectl get pods": a learner
    does exactly that; the goals stay on screen in the objectives pane."""
    app = scenario_app(tmp_path, lesson=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        await pilot.press(*"get po")
        bar = app.play_screen.query_one(CommandBar)
        await wait_for(pilot, lambda: bar.value == "get po")
        assert app.screen is app.play_screen
        assert not app.paused


async def test_keys_that_move_or_start_still_do_what_they_did(tmp_path):
    """Arrows scroll the briefing and leave it up (so does `?`, which begins no command); space
    starts the clock and is not typed."""
    app = scenario_app(tmp_path, lesson=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("down", "up", "pagedown", "question_mark")
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: app.screen is app.play_screen)
        bar = app.play_screen.query_one(CommandBar)
        await wait_for(pilot, lambda: app.play_screen.focused is bar)
        assert bar.value == "" and not app.paused
