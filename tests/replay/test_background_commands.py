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
