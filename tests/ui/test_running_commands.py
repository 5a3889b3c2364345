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
        assert bar.border_title == "#"  # nginx's /bin/sh is dash: its prompt is `# `
        await type_line("cd /usr/share/nginx/html && X=kept")
        assert bar.border_title == "#"
        await type_line("ls | grep index; echo $X; pwd")
        await type_line("exit")
        assert not bar.border_title
        await type_line("exec hello -- ls /nope")
        out = app.play_screen.query_one(OutputPane).text()
        assert "# ls | grep index; echo $X; pwd\nindex.html\nkept\n/usr/share/nginx/html\n" in out
        assert "$ kubectl exec hello -- ls /nope" in out and "no interactive shell" not in out
        sends = [r for r in sim.command_log if "sends" in r]
        assert [r["line"] for r in sends] == ["cd /usr/share/nginx/html && X=kept", "ls | grep index; echo $X; pwd",
                                              "exit"]
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
        assert bar.border_title == "#"
        bar.value = ""
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not bar.border_title and bar.placeholder != "# "
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


async def test_vi_edits_a_file_of_the_folder_and_saves_it_through_the_door(sandbox_app, tmp_path, monkeypatch):
    """`kubectl run … -o yaml > pod.yaml`, `vi pod.yaml`, fix it, ctrl+s, `kubectl apply -f
    pod.yaml`: the exam guides' loop. The save is `cat > pod.yaml` at the door (recorded with the
    text as stdin); Esc leaves the file as it was; no file name says how; `kubectl edit` still edits."""
    import os

    from textual.widgets import TextArea

    from kubetui.ui.screens.detail import EditScreen
    from kubetui.ui.widgets.command_bar import CommandBar

    (tmp_path / "game").mkdir()
    monkeypatch.chdir(tmp_path / "game")
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        folder = os.path.abspath(app.game.session.cwd)
        assert folder == str(tmp_path / "game")
        bar = app.play_screen.query_one(CommandBar)
        type_line = _typer(bar, pilot)
        sim = app.game.sim
        await type_line("kubectl run web --image=nginx:1.25 --dry-run=client -o yaml > pod.yaml")
        generated = open(os.path.join(folder, "pod.yaml")).read()
        logged = len(sim.command_log)

        await type_line("vi pod.yaml")
        assert isinstance(app.screen, EditScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == generated
        area.text = generated.replace("name: web\n", "name: web\n  namespace: default\n", 1).replace(
            "image: nginx:1.25", "image: nginx:1.27")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)
        assert open(os.path.join(folder, "pod.yaml")).read() == generated
        assert len(sim.command_log) == logged

        await type_line("vim pod.yaml")
        area = app.screen.query_one(TextArea)
        area.text = generated.replace("image: nginx:1.25", "image: nginx:1.27")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen), str(app.screen.query_one("#edit-error").render())
        assert open(os.path.join(folder, "pod.yaml")).read() == area.text
        assert sim.command_log[-1]["line"] == "cat > pod.yaml" and sim.command_log[-1]["stdin"] == area.text
        await type_line("kubectl apply -f pod.yaml")
        assert sim.store.get("Pod", "default", "web")["spec"]["containers"][0]["image"] == "nginx:1.27"

        await type_line("nano new.yaml")
        assert app.screen.query_one(TextArea).text == ""
        app.screen.query_one(TextArea).text = "kind: ConfigMap\napiVersion: v1\nmetadata: {name: c}\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await type_line("kubectl apply -f new.yaml")
        assert sim.store.get("ConfigMap", "default", "c") is not None

        await type_line("vi ../outside.yaml")
        app.screen.query_one(TextArea).text = "x: 1\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen), "a write outside the folder is refused and stays to fix"
        assert "Permission denied" in str(app.screen.query_one("#edit-error").render())
        assert not (tmp_path / "outside.yaml").exists()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)

        logged = len(sim.command_log)
        await type_line("vi")
        out = app.play_screen.query_one(OutputPane).text()
        assert f"give the file to edit: vi FILE (a file of this folder: {folder})" in out
        assert "unknown command" not in out
        assert len(sim.command_log) == logged
        await type_line("kubectl edit configmap c")
        assert isinstance(app.screen, EditScreen)


async def test_exec_i_without_t_shows_the_typed_line_without_a_prompt(sandbox_app):
    """`exec -i` alone: the shell reads a pipe and prints no prompt; the player's own terminal
    shows what was typed, so the Output pane does, and `ls` lists one name per line."""
    from kubetui.ui.widgets.command_bar import CommandBar

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        type_line = _typer(bar, pilot)
        await type_line("run bb --image=busybox -- sleep 3600")
        app.advance(15)
        await type_line("kubectl exec -i bb -- sh")
        await type_line("ls /")
        await type_line("tty")
        await type_line("exit")
        out = app.play_screen.query_one(OutputPane).text()
        assert "\nls /\nbin\ndev\netc\nhome\nproc\nroot\nsys\ntmp\nusr\nvar\ntty\nnot a tty\nexit\n" in out, out
        assert "/ # " not in out
        assert not bar.border_title
