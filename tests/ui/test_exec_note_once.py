"""`kubectl exec -it POD -- sh` in the command bar explains the container shell once, not twice
(and not as a waiting command that ctrl+c stops: there ctrl+c stops the running line)."""


async def test_the_shell_note_is_written_once(sandbox_app):
    from kubetui.ui.i18n import t
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        for line in ("kubectl run hello --image=nginx:1.25", "kubectl exec -it hello -- sh"):
            if line.startswith("kubectl exec"):
                app.advance(10)
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()
        assert bar.border_title == "#"  # nginx's sh is dash
        out = app.play_screen.query_one(OutputPane).text()
        assert out.count(t("exec.session", "en")) == 1
        assert t("command.running", "en") not in out  # "ctrl+c stops it" would say the shell ends
