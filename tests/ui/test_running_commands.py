"""A command that waits keeps printing while the game goes on; ctrl+c stops it."""

from kubetui.ui.screens.play import PlayScreen
from kubetui.ui.widgets.output import OutputPane


async def test_rollout_status_follows_the_game_and_get_w_can_be_cancelled(sandbox_app):
    app = sandbox_app(seed=7)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        sim = app.game.sim
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        tick = sim.tick
        screen.run_command("kubectl rollout status deployment/web")
        assert sim.tick == tick, "the command must not step the clock itself"
        assert len(screen.running) == 1
        app.advance(10)
        await pilot.pause()
        text = screen.query_one(OutputPane).text()
        assert 'deployment "web" successfully rolled out' in text
        assert screen.running == []
        screen.run_command("kubectl get pods -w")
        assert len(screen.running) == 1
        app.advance(2)
        screen.focus()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert screen.running == [] and sim.background == {}
        assert screen.query_one(OutputPane).text().rstrip().endswith("^C")
        assert sim.command_log[-1]["line"] == "^C"


async def test_exec_it_shell_says_there_is_no_interactive_shell(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        for line in ("run hello --image=nginx:1.25", "kubectl exec -it hello -- sh", "exec hello -- ls /"):
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            app.advance(10)
            await pilot.pause()
        out = app.play_screen.query_one(OutputPane).text()
        assert out.count("no interactive shell") == 1
        assert out.index("no interactive shell") < out.index("$ kubectl exec hello -- ls /")


async def test_a_pipe_is_explained_not_run(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        for line in ("kubectl get pods -A | grep kube", "kubectl exec nope -- sh -c 'echo a && echo b'"):
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()
        out = app.play_screen.query_one(OutputPane).text()
        assert "`|` has no meaning here" in out and 'pods "|" not found' not in out
        assert 'pods "nope" not found' in out
        assert [c["line"] for c in app.game.sim.command_log if c.get("source") == "player"] == [
            "kubectl exec nope -- sh -c 'echo a && echo b'"]
