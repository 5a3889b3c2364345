"""The command bar completes once typing pauses, not once per keystroke: a long paste
arriving as keys (a terminal without bracketed paste) stays fast."""

import pytest
from settle_kit import wait_for

from kubetui.ui.widgets.command_bar import CommandBar


@pytest.mark.slow
async def test_tab_completes_after_the_typing_pauses(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        bar.focus()
        await pilot.press(*"kubectl get po")
        await wait_for(pilot, lambda: bar._suggestion == "kubectl get pods")
        await pilot.press("tab")
        assert bar.value == "kubectl get pods "


async def test_a_long_run_of_keys_works_out_one_completion(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        bar.focus()
        asked: list[str] = []
        completer = bar.completer.get_suggestion

        async def counting(value: str):
            asked.append(value)
            return await completer(value)

        bar.completer.get_suggestion = counting
        text = "kubectl label pods --all " + " ".join(f"k{i}=v" for i in range(400)) + " --sele"
        for ch in text:
            bar.insert_text_at_cursor(ch)
        await wait_for(pilot, lambda: bar._suggestion.endswith("--selector"))
        assert bar.value == text
        assert asked == [text]


def _type_at_once(app, keys: str) -> None:
    """Keys as a terminal (or a browser's websocket) delivers them: all read before any is handled."""
    from textual import events

    for key in keys:
        name = {"\r": "enter", " ": "space"}.get(key, key)
        app.post_message(events.Key(name, key))


@pytest.mark.parametrize("overlay", ["lesson", "briefing"])
async def test_keys_typed_right_after_closing_an_overlay_reach_the_command_bar(tmp_path, overlay):
    """Enter closed the welcome (or a briefing) in the overlay's own message queue, and the keys
    read meanwhile stayed in that queue: the first letters of the first command were lost (and
    `e`, space reached the play screen's keys instead)."""
    from kubetui.progress import Progress
    from kubetui.ui.app import KubetuiApp

    kwargs = {"start": "sandbox", "lesson": True} if overlay == "lesson" else {"scenario": "first-pod", "lesson": False}
    app = KubetuiApp(lang="en", clock=False, progress=Progress(path=tmp_path / "progress.json"), **kwargs)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ in ("LessonScreen", "BriefingScreen"))
        _type_at_once(app, "\rget pods")
        bar = app.play_screen.query_one(CommandBar)
        await wait_for(pilot, lambda: bar.value == "get pods")
        assert app.screen is app.play_screen and app.screen.focused is bar


async def test_clear_empties_the_output_pane_and_runs_nothing(sandbox_app):
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        pane = app.play_screen.query_one(OutputPane)
        for line in ("get ns", "clear"):
            bar.focus()
            bar.value = line
            await pilot.press("enter")
        await wait_for(pilot, lambda: pane.text() == "")
        assert [r["line"] for r in app.game.sim.command_log] == ["kubectl get ns"]
