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
