"""`kubectl run -it NAME --image=busybox -- sh` at the command bar: while the pod starts, the
Output pane says nothing of its own before kubectl's words (the real kubectl prints "If you don't
see a command prompt, try pressing enter." and then the shell's prompt); the game's note on the
shell follows them. The "still running … ctrl+c stops it" note (a waiting command's) came first
and said the wrong thing: there ctrl+c stops the running line."""

from settle_kit import wait_for


async def test_run_it_prints_kubectls_words_then_the_shell_note(sandbox_app):
    from kubetui.kubectl.commands.debug import PROMPT_HINT
    from kubetui.ui.i18n import t
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        bar.focus()
        bar.value = "kubectl run -it bb --image=busybox --restart=Never -- sh"
        await pilot.press("enter")
        await pilot.pause()
        pane = app.play_screen.query_one(OutputPane)
        for _ in range(30):
            app.advance(1)
            await pilot.pause()
            if bar.border_title:
                break
        await wait_for(pilot, lambda: t("exec.session", "en") in pane.text())
        out = pane.text()
        assert t("command.running", "en") not in out
        assert out.index(PROMPT_HINT) < out.index(t("exec.session", "en"))
