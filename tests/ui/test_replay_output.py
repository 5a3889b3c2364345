"""A replay's Output pane shows what each command printed when it was recorded, as the play
screen did: a command's output, the lines typed into an `exec -it` shell with what they printed,
and a command that waited (`rollout status`) with all it printed."""

from settle_kit import wait_for
from test_replay_ui import ready, replay_app

from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation
from kubetui.ui.widgets.output import OutputPane


def record(path):
    sim = Simulation(seed=5, nodes=3)
    log = EventLog(path, {"seed": 5, "nodes": 3}).attach(sim)
    sim.step(2)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2").exit_code == 0
    watch = sim.start("kubectl rollout status deployment/web")
    sim.step(10)
    assert watch.poll() is not None
    sim.run("kubectl run bb --image=busybox -- sleep 3600")
    sim.step(10)
    shell = sim.start("kubectl exec -it bb -- sh")
    sim.send(shell.seq, "echo hello-from-bb")
    sim.send(shell.seq, "exit")
    sim.step(5)
    sim.run("kubectl get deployment web")
    printed = sim.run("kubectl get deployment web").stdout
    sim.step(3)
    log.end({"passed": True})
    return watch.stdout, printed


async def test_the_output_pane_shows_what_each_command_printed(tmp_path):
    path = tmp_path / "run.jsonl"
    rollout, table = record(path)
    assert 'deployment "web" successfully rolled out' in rollout
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        pane = screen.query_one(OutputPane)
        screen.move_to(40)
        await wait_for(pilot, lambda: "kubectl get deployment web" in pane.text())
        text = pane.text()
        assert "deployment.apps/web created" in text
        assert 'deployment "web" successfully rolled out' in text
        assert "pod/bb created" in text
        assert "hello-from-bb" in text
        assert table.splitlines()[1] in text.splitlines()


def test_a_shells_lines_keep_what_each_printed(tmp_path):
    from kubetui.replay.session import ReplaySession

    path = tmp_path / "run.jsonl"
    record(path)
    session = ReplaySession(path)
    session.prepare()
    sends = [c for c in session.log.commands if "sends" in c]
    assert [(c["line"], c["_output"]) for c in sends] == [("echo hello-from-bb", ("hello-from-bb\n", "")),
                                                          ("exit", ("", ""))]
    started = next(c for c in session.log.commands if c["line"].startswith("kubectl rollout status"))
    assert started["_output"][0].endswith('deployment "web" successfully rolled out\n')


async def test_commands_at_the_first_ticks_show_their_output(tmp_path):
    """A command typed before the clock moved (tick 0) or in its first tick was printed when the
    screen opened, before preparing had run it: its output never came (every later move prints
    only the commands after the playhead)."""
    path = tmp_path / "run.jsonl"
    sim = Simulation(seed=5, nodes=3)
    log = EventLog(path, {"seed": 5, "nodes": 3}).attach(sim)
    for line, ticks in (("kubectl create namespace early", 1), ("kubectl create configmap one -n early "
                                                                  "--from-literal=a=b", 5),
                        ("kubectl get configmap -n early", 2)):
        assert sim.start(line).done  # as the command bar runs a line: it may wait, this one does not
        sim.step(ticks)
    log.end({"passed": True})
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        pane = screen.query_one(OutputPane)
        await wait_for(pilot, lambda: "namespace/early created" in pane.text())
        screen.move_to(1)
        await wait_for(pilot, lambda: "configmap/one created" in pane.text())
        screen.move_to(screen.end)
        await wait_for(pilot, lambda: "kube-root-ca.crt" in pane.text())
        assert pane.text().count("$ kubectl create namespace early") == 1, pane.text()
