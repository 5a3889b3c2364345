"""The container's terminal at the command bar is the Output pane's size (as a real terminal's
window is), told through the door: `stty size` answers it and `ls` lays its columns out for it."""

from settle_kit import wait_for


async def test_the_shells_terminal_is_the_output_panes_size(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl run bb --image=busybox -- sleep 3600")
        app.advance(10)
        bar = screen.query_one(CommandBar)
        bar.focus()
        bar.value = "kubectl exec -it bb -- sh"
        await pilot.press("enter")
        pane = screen.query_one(OutputPane)
        shell = screen._terminal()
        region = pane.scrollable_content_region
        await wait_for(pilot, lambda: shell.terminal.size == (pane.scrollable_content_region.width,
                                                              pane.scrollable_content_region.height))
        region = pane.scrollable_content_region
        assert region.width < 80
        bar.value = "stty size"
        await pilot.press("enter")
        await wait_for(pilot, lambda: f"{region.height} {region.width}" in pane.text())
        resized = [r for r in screen.game.sim.command_log if "resizes" in r]
        assert [r["line"] for r in resized] == [f"{region.width}x{region.height}"]
