"""A shell in a container (`kubectl exec -it POD -- sh`) needs room: while it is open the Output
pane grows to half the screen (a terminal's worth at 120x40, not its usual 6 rows), its note says
how to give it the whole screen, and it shrinks back once the shell ends."""

from settle_kit import typist, wait_for


async def test_the_output_pane_grows_while_a_shell_is_open(sandbox_app):
    from kubetui.ui.i18n import t
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        bar = screen.query_one(CommandBar)
        pane = screen.query_one(OutputPane)

        typed = typist(pilot, bar)

        await typed("kubectl run box --image=busybox -- sleep 3600")
        app.advance(10)
        usual = pane.size.height
        assert usual <= 8
        await typed("kubectl exec -it box -- sh")
        await wait_for(pilot, lambda: bar.border_title == "/ #")
        await wait_for(pilot, lambda: pane.size.height >= 15)
        assert "esc then z" in t("exec.session", "en") and t("exec.session", "en") in pane.plain
        await typed("seq 12")
        await wait_for(pilot, lambda: "12" in pane.plain)
        await pilot.press("escape", "z")
        await wait_for(pilot, lambda: screen.has_class("-output-max") and pane.size.height > 30)
        await pilot.press("z")
        await wait_for(pilot, lambda: not screen.has_class("-output-max"))
        await typed("exit")
        await wait_for(pilot, lambda: not bar.border_title)
        await wait_for(pilot, lambda: pane.size.height == usual)
