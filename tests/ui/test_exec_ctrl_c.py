"""ctrl+c in the command bar's container shell (`kubectl exec -it`) is the terminal's ^C: the
running line stops and the shell stays (`$?` 130); ctrl+d at its empty prompt ends it."""

import pytest
from settle_kit import typist, wait_for

pytestmark = pytest.mark.slow


async def test_ctrl_c_interrupts_the_line_and_ctrl_d_ends_the_shell(sandbox_app):
    from kubetui.ui.i18n import t
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        bar = screen.query_one(CommandBar)
        out = screen.query_one(OutputPane)

        typed = typist(pilot, bar)

        await typed("kubectl run box --image=busybox -- sleep 3600")
        app.advance(10)
        await typed("kubectl exec -it box -- sh")
        await wait_for(pilot, lambda: bar.border_title == "/ #")
        await typed("sleep 100; echo never")
        app.advance(3)
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: "^C" in out.text())
        assert bar.border_title == "/ #", "the shell stays"
        await typed("echo status $?")
        await wait_for(pilot, lambda: "status 130" in out.text())
        bar.value = "half a li"
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: "/ # half a li^C" in out.text())
        assert bar.value == ""
        assert "never" not in out.text().replace("sleep 100; echo never", "")
        log = [r["line"] for r in app.game.sim.command_log if r.get("sends")]
        assert log == ["sleep 100; echo never", "\x03", "echo status $?", "half a li\x03"]
        bar.focus()
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: not bar.border_title)
        assert t("exec.closed", "en") in out.text()
        assert app.game.sim.get("Pod", "box") is not None, "ctrl+d ended the shell, deleted nothing"
