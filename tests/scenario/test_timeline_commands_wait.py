"""A timeline command that waits (`kubectl drain` under a PodDisruptionBudget) goes on across
ticks, polled at the end of every tick like a command started from the command bar, and a
replay in a fresh process runs it the same way, tick for tick."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kubetui import Simulation
from kubetui.replay import header_for
from kubetui.replay.writer import EventLog
from kubetui.scenario import load_scenario, load_script
from kubetui.session import Session

ROOT = Path(__file__).resolve().parents[2]
MAINTENANCE = ROOT / "scenarios" / "115-rolling-maintenance"
REFUSED = ('error when evicting pods/"{}" -n "default" (will retry after 5s): Cannot evict pod as it would violate '
           "the pod's disruption budget.\n")


def _two_per_node(budget: str) -> Simulation:
    sim = Simulation(seed=7, nodes=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4")
    sim.run("kubectl rollout status deploy/web")
    assert sim.run(f"kubectl create pdb web --selector=app=web {budget}").exit_code == 0
    sim.step(1)
    return sim


def _pods_on(sim: Simulation, node: str) -> list[str]:
    return sorted(p["metadata"]["name"] for p in sim.list("Pod", "default") if p["spec"].get("nodeName") == node)


def test_a_timeline_drain_retries_the_refused_evictions_until_the_node_is_empty():
    sim = _two_per_node("--min-available=3")
    victims = _pods_on(sim, "node-1")
    assert len(victims) == 2
    start = sim.tick + 1
    sim.schedule(start, "kubectl drain node-1")
    sim.step(1)
    assert sim.tick == start, "a timeline command never moves the clock"
    [seq] = sim.waiting_commands()
    drain = sim.background[seq]
    assert drain.stdout == "node/node-1 cordoned\n" + "".join(f"evicting pod default/{v}\n" for v in victims)
    assert drain.stderr == REFUSED.format(victims[1])
    assert [c["scheduled"] for c in sim.command_log if c["seq"] == seq] == [True]
    for _ in range(120):
        if not sim.waiting_commands():
            break
        sim.step(1)
    assert drain.done and drain.exit_code == 0, drain.stderr
    assert drain.stdout.endswith(f"pod/{victims[1]} evicted\nnode/node-1 drained\n")
    refusals = drain.stderr.count(REFUSED.format(victims[1]))
    assert refusals >= 1 and drain.stdout.count(f"evicting pod default/{victims[1]}\n") == refusals + 1
    assert _pods_on(sim, "node-1") == [] and sim.timeline_refused == []
    assert sim.get("Deployment", "web")["status"]["availableReplicas"] >= 3


def test_a_timeline_drain_no_budget_lets_through_is_told_at_its_timeout_with_the_tick_it_began():
    sim = _two_per_node("--max-unavailable=0")
    start = sim.tick + 1
    sim.schedule(start, "kubectl drain node-1 --timeout=20s")
    sim.step(10)
    assert sim.waiting_commands() and sim.timeline_refused == []
    sim.step(20)
    assert sim.waiting_commands() == []
    [refused] = sim.timeline_refused
    assert (refused["tick"], refused["line"], refused["exitCode"]) == (start, "kubectl drain node-1 --timeout=20s", 1)
    assert "global timeout reached: 20s" in refused["stderr"]
    assert len(_pods_on(sim, "node-1")) == 2


def test_a_waiting_timeline_command_stays_behind_in_a_fork():
    sim = _two_per_node("--min-available=3")
    sim.schedule(sim.tick + 1, "kubectl drain node-1")
    sim.step(1)
    assert sim.waiting_commands()
    future = sim.fork()
    assert future.waiting_commands() == [] and sim.waiting_commands()
    sim.step(60)
    assert _pods_on(sim, "node-1") == []


@pytest.mark.slow
def test_a_drain_that_never_ends_replays_exactly_in_a_fresh_process(tmp_path):
    """The wrong answer whose drain retries to the end of the run: every tick's checksum (the
    waiting command included) is a checkpoint, and a fresh process re-simulates them all."""
    scenario = load_scenario(MAINTENANCE / "scenario.yaml")
    path = tmp_path / "run.jsonl"

    def log(sim):
        return EventLog(path, header_for(sim, scenario=scenario, seed=1), checkpoint_every=1).attach(sim)

    session = Session.begin(scenario, 1, log=log)
    session.play(load_script(MAINTENANCE / "wrong-budget-allows-nothing.txt"))
    result = session.result()
    assert [v.id for v in result.verdicts if v.state != "passing"] == ["both-patched"]
    drains = [c["seq"] for c in session.sim.command_log if c["line"].startswith("kubectl drain")]
    assert len(drains) == 2 and session.sim.waiting_commands() == drains, "both drains still retry at the end"
    session.log.end({"passed": result.passed})
    session.log.close()
    env = {**os.environ, "PYTHONHASHSEED": "977"}
    check = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", str(path), "--verify"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    checkpoints = path.read_text().count('"record": "checkpoint"')
    assert checkpoints >= scenario.duration and f"replay matches: {checkpoints} checkpoint(s)" in check.stdout


def test_seeking_through_the_timeline_drains_matches_a_straight_run(tmp_path):
    """A keyframe cannot hold a waiting command: the seeker lays none while a timeline drain
    retries, and the ones before and after it still land on a straight run's states."""
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay
    from kubetui.replay.seeker import Seeker

    scenario = load_scenario(MAINTENANCE / "scenario.yaml")
    path = tmp_path / "run.jsonl"
    session = Session.begin(scenario, 0, log=lambda sim: EventLog(path, header_for(sim, scenario=scenario, seed=0))
                            .attach(sim))
    trace = _Trace(session.sim)
    session.sim.observers.append(trace)
    session.play(load_script(MAINTENANCE / "solution.txt"))
    sums, waiting = trace.sums, trace.waiting
    session.log.end({"passed": session.result().passed})
    session.log.close()
    assert waiting and max(waiting) < scenario.duration
    seeker = Seeker(Replay(read_log(path)), keyframe_seconds=1e9, max_gap=20)
    seeker.prepare()
    frames = [k.tick for k in seeker.keyframes]
    assert not waiting & set(frames) and any(f > max(waiting) for f in frames)
    for t in (max(waiting) + 5, min(waiting) + 3, max(waiting) - 2, min(waiting) - 1, scenario.duration):
        assert seeker.seek(t).checksum() == sums[t], t


class _Trace:
    """Each tick's checksum, and the ticks that ended with a command waiting."""

    def __init__(self, sim: Simulation):
        self.sim, self.sums, self.waiting = sim, {}, set()

    def on_command(self, record: dict) -> None:
        pass

    def on_tick(self, result) -> None:
        self.sums[result.tick] = self.sim.checksum()
        if self.sim.waiting_commands():
            self.waiting.add(result.tick)
