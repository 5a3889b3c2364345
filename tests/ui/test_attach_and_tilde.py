"""At the command bar: `kubectl attach -i -t` reopens the shell a `kubectl run -it` session left
(the resume command kubectl printed), and `~` in a typed line is the player's own home, as their
shell would make it before kubectl sees the line."""

from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.output import OutputPane

RESUME = "kubectl attach bb -c bb -n default -i -t"


async def test_attach_resumes_the_run_it_shell_and_tilde_is_the_local_home(sandbox_app, monkeypatch):
    monkeypatch.setenv("HOME", "/home/ada")
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        sim = app.game.sim

        async def type_line(line):
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()

        await type_line("kubectl run -it bb --image=busybox:1.36 -- sh")
        app.advance(15)
        await pilot.pause()
        assert bar.border_title == "/ #"
        await type_line("exit")
        assert not bar.border_title
        app.advance(15)
        await pilot.pause()
        await type_line(RESUME)
        assert bar.border_title == "/ #"
        await type_line("echo $((6*7))")
        await type_line("exit")
        assert not bar.border_title
        out = app.play_screen.query_one(OutputPane).text()
        assert "/ # echo $((6*7))\n42" in out
        assert out.count(f"Session ended, resume using '{RESUME}' command") == 2
        app.advance(15)
        await pilot.pause()
        await type_line("kubectl exec bb -- mkdir -p ~/tmp '~/quoted'")
        assert sim.command_log[-1]["line"] == "kubectl exec bb -- mkdir -p ~/tmp '~/quoted'"
        assert sim.command_log[-1]["home"] == "/home/ada"
        assert sim.run("kubectl exec bb -- ls -d /home/ada/tmp /~/quoted").stdout == "/home/ada/tmp\n/~/quoted\n"
