"""A learner stops `k get po -w` after Esc moved the keys to the panes: ^C gives the prompt back,
as a terminal does. Before, the keys stayed on the panes and the next line typed ran as one-key
actions: `head -3 x` took a hint (points lost) and `e` opened `kubectl edit`."""

from settle_kit import wait_for

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.lesson import BriefingScreen
from kubetui.ui.widgets.command_bar import CommandBar


async def test_ctrl_c_on_a_watch_puts_the_keys_back_in_the_command_bar(tmp_path):
    app = KubetuiApp(scenario="first-pod", clock=False, lesson=False, lang="en", record=False,
                     progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("enter")
        play = app.play_screen
        await wait_for(pilot, lambda: app.screen is play)
        bar = play.query_one(CommandBar)
        bar.focus()
        bar.value = "k get po -w"
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(play.running) == 1)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(play.focused, CommandBar))
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: play.running == [])
        assert isinstance(play.focused, CommandBar)
        await pilot.press(*"head -3 x")
        await wait_for(pilot, lambda: bar.value == "head -3 x")
        assert app.game.hints_used == 0
        assert app.screen is play
