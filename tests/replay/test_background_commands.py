"""Commands the UI starts and lets run (rollout status, get -w) replay exactly, cancels too."""

from click.testing import CliRunner

from kubetui.cli import main
from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation


def test_started_and_cancelled_commands_replay(tmp_path):
    path = tmp_path / "run.jsonl"
    sim = Simulation(seed=5)
    log = EventLog(path, {"seed": 5, "nodes": 3})
    log.attach(sim)
    sim.start("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    status = sim.start("kubectl rollout status deployment/web")
    assert not status.done
    watch = sim.start("kubectl get pods -w")
    sim.step(4)
    sim.start("kubectl scale deployment web --replicas=5")
    sim.step(6)
    assert status.done and status.result.exit_code == 0
    assert sim.cancel(watch.seq).exit_code == 130
    assert sim.cancel(watch.seq) is None
    sim.step(5)
    log.end({"passed": True, "score": None})
    log.close()
    assert sim.background == {}
    r = CliRunner().invoke(main, ["replay", str(path), "--verify"])
    assert r.exit_code == 0, r.output


def test_a_waiting_command_is_polled_every_tick():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    inv = sim.start("kubectl wait --for=condition=Available deployment/web --timeout=60s")
    ticks = 0
    while not inv.done:
        sim.step(1)
        ticks += 1
    assert inv.result.exit_code == 0 and inv.stdout == "deployment.apps/web condition met\n"
    assert 3 <= ticks <= 10


def test_an_exec_it_session_replays_line_by_line(tmp_path):
    path = tmp_path / "run.jsonl"
    sim = Simulation(seed=5)
    log = EventLog(path, {"seed": 5, "nodes": 3})
    log.attach(sim)
    sim.start("kubectl run bb --image=busybox -- sleep 3600")
    sim.step(10)
    shell = sim.start("kubectl exec -it bb -- sh")
    assert not shell.done and sim.send(shell.seq, "mkdir /data; cd /data; n=2")
    sim.step(2)
    assert sim.send(shell.seq, "echo $((n * 21)) > answer; cat answer")
    assert sim.send(shell.seq, "exit 4")
    assert shell.done and shell.exit_code == 4 and "/data # echo $((n * 21)) > answer; cat answer\n42\n" in shell.stdout
    assert not sim.send(shell.seq, "echo too late")
    assert sim.run("kubectl exec bb -- cat /data/answer").stdout == "42\n"
    sim.step(3)
    log.end({"passed": True, "score": None})
    log.close()
    r = CliRunner().invoke(main, ["replay", str(path), "--verify"])
    assert r.exit_code == 0, r.output
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay

    replay = Replay(read_log(path))
    again = replay.base()
    replay.advance(again, 0, replay.end_tick)
    assert again.run("kubectl exec bb -- cat /data/answer").stdout == "42\n"
    assert again.checksum() == sim.checksum()
