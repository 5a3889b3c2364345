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


def _typer(bar, pilot):
    """Type a line into the command bar and press enter."""
    async def type_line(line):
        bar.focus()
        bar.value = line
        await pilot.press("enter")
        await pilot.pause()
    return type_line


async def test_exec_it_opens_the_containers_shell_until_exit(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        sim = app.game.sim
        type_line = _typer(bar, pilot)

        await type_line("run hello --image=nginx:1.25")
        app.advance(10)
        await type_line("kubectl exec -it hello -- sh")
        assert bar.border_title == "/ #"
        await type_line("cd /usr/share/nginx/html && X=kept")
        assert bar.border_title == "/usr/share/nginx/html #"
        await type_line("ls | grep index; echo $X")
        await type_line("exit")
        assert not bar.border_title
        await type_line("exec hello -- ls /nope")
        out = app.play_screen.query_one(OutputPane).text()
        assert "/usr/share/nginx/html # ls | grep index; echo $X\nindex.html\nkept" in out
        assert "$ kubectl exec hello -- ls /nope" in out and "no interactive shell" not in out
        sends = [r for r in sim.command_log if "sends" in r]
        assert [r["line"] for r in sends] == ["cd /usr/share/nginx/html && X=kept", "ls | grep index; echo $X", "exit"]
        assert sim.background == {}


async def test_ctrl_c_in_a_containers_shell_without_a_terminal_gives_the_bar_back_to_kubectl(sandbox_app):
    """`exec -i` without `-t`: kubectl's terminal is not raw, so ctrl+c stops kubectl and ends the
    session: the bar stops showing the shell's prompt, and the next line is kubectl's (not typed
    into a shell that is gone). With `-t` it is the container's ^C (test_exec_ctrl_c.py)."""
    from kubetui.ui.widgets.command_bar import CommandBar

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        type_line = _typer(bar, pilot)
        await type_line("run hello --image=nginx:1.25")
        app.advance(10)
        await type_line("kubectl exec -i hello -- sh")
        assert bar.border_title == "/ #"
        bar.value = ""
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not bar.border_title and bar.placeholder != "/ # "
        out = app.play_screen.query_one(OutputPane).text()
        assert out.rstrip().endswith("^C\n# the shell ended: back to kubectl")
        assert app.game.sim.background == {}


async def test_exec_it_into_a_missing_pod_fails_and_leaves_kubectl(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        for line in ("kubectl exec -it nope -- sh",):
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()
        out = app.play_screen.query_one(OutputPane).text()
        assert 'pods "nope" not found' in out and not bar.border_title


async def test_a_pipe_runs_through_the_filters_and_a_chain_is_refused(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        lines = ("kubectl get pods -A | grep etcd", "get pods -A -o name | grep -c kube-",
                 "kubectl get pods && kubectl get nodes", "kubectl exec nope -- sh -c 'echo a && echo b'")
        for line in lines:
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()
        out = app.play_screen.query_one(OutputPane).text()
        assert "etcd-control-plane" in out and "kube-apiserver-control-plane" not in out
        assert "grep -c kube-\n3\n" in out
        assert "kubetui: `&&` is not supported: type one command at a time" in out
        assert 'pods "|" not found' not in out and 'pods "nope" not found' in out
        assert [c["line"] for c in app.game.sim.command_log if c.get("source") == "player"] == [
            lines[0], "kubectl " + lines[1], *lines[2:]]


async def test_run_it_and_debug_it_open_a_shell_at_the_command_bar_once_the_container_runs(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        sim = app.game.sim
        type_line = _typer(bar, pilot)

        await type_line("kubectl run -it --rm tmp --image=busybox --restart=Never -- sh")
        assert not bar.border_title
        app.advance(15)
        await pilot.pause()
        assert bar.border_title == "/ #"
        await type_line("X=7; echo $((X * 6))")
        await type_line("exit")
        assert not bar.border_title
        app.advance(40)
        await pilot.pause()
        assert sim.get("Pod", "tmp") is None
        await type_line("kubectl run web --image=busybox -- sleep 3600")
        app.advance(15)
        await type_line("kubectl debug -it web --image=busybox --target=web")
        app.advance(5)
        await pilot.pause()
        assert bar.border_title == "/ #"
        await type_line("ps | grep -c sleep")
        await type_line("exit")
        assert not bar.border_title
        out = app.play_screen.query_one(OutputPane).text()
        assert "/ # X=7; echo $((X * 6))\n42" in out and 'pod "tmp" deleted' in out
        assert "/ # ps | grep -c sleep\n1" in out
        assert [r["line"] for r in sim.command_log if "sends" in r] == [
            "X=7; echo $((X * 6))", "exit", "ps | grep -c sleep", "exit"]
        assert sim.background == {}


async def test_a_piped_watch_prints_its_filtered_lines_as_the_game_goes_on(sandbox_app):
    app = sandbox_app(seed=7)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        sim = app.game.sim
        screen.run_command("kubectl get pods -w | grep web")
        assert len(screen.running) == 1
        screen.run_command("kubectl run web --image=nginx:1.25")
        screen.run_command("kubectl run other --image=nginx:1.25")
        app.advance(5)
        await pilot.pause()
        text = screen.query_one(OutputPane).text()
        assert "\nweb " in text and "\nother " not in text
        screen.focus()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert screen.running == [] and sim.background == {}


async def test_an_editor_typed_in_the_bar_says_where_the_file_is(sandbox_app):
    """`vi pod.yaml` is not kubectl's unknown command: the bar says to edit it in another
    terminal, where, and how to apply it; nothing is recorded; `kubectl edit` still edits."""
    import os

    from kubetui.ui.screens.detail import EditScreen
    from kubetui.ui.widgets.command_bar import CommandBar

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        folder = os.path.abspath(app.game.session.cwd)
        bar = app.play_screen.query_one(CommandBar)
        type_line = _typer(bar, pilot)
        logged = len(app.game.sim.command_log)
        await type_line("vi pod.yaml")
        out = app.play_screen.query_one(OutputPane).text()
        assert "unknown command" not in out
        assert f"edit pod.yaml in another terminal (this folder: {folder})" in out
        assert "`kubectl apply -f pod.yaml`" in out
        assert len(app.game.sim.command_log) == logged
        await type_line("kubectl create configmap c --from-literal=a=1")
        await type_line("kubectl edit configmap c")
        assert isinstance(app.screen, EditScreen)
