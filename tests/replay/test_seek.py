"""Seeking anywhere, forward or back, lands on the state a straight run has at that tick."""

import copy

import pytest

from kubetui.engine.simulation import Simulation
from kubetui.replay.reader import read_log
from kubetui.replay.replayer import Replay
from kubetui.replay.seeker import Seeker, restore, snapshot
from kubetui.replay.session import ReplaySession


@pytest.fixture(scope="module")
def straight(sandbox_log):
    """The checksum at every tick of a plain re-simulation."""
    replay = Replay(read_log(sandbox_log))
    sim = replay.base()
    cursor = 0
    sums = {}
    for t in range(replay.end_tick + 1):
        cursor = replay.advance(sim, cursor, t)
        sums[t] = sim.checksum()
    return sums


def test_seeking_forward_and_back_matches_a_straight_run(sandbox_log, straight):
    seeker = Seeker(Replay(read_log(sandbox_log)), keyframe_seconds=0.0, max_gap=30)
    for t in (60, 10, 175, 99, 100, 101, 0, 146, 145, 26, 25):
        assert seeker.seek(t).checksum() == straight[t], t
    assert len(seeker.keyframes) > 3
    seeker.seek(175)
    for t in range(174, 90, -1):
        assert seeker.step(-1).checksum() == straight[t], t


def test_a_snapshot_runs_on_its_own():
    sim = Simulation(seed=2, nodes=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.step(15)
    twin = restore(snapshot(sim))
    sim.run("sim fail-node node-1")
    sim.step(80)
    assert twin.tick == 15 and twin.kubelet.agents["node-1"].alive
    twin.run("sim fail-node node-1")
    twin.step(80)
    assert twin.checksum() == sim.checksum()
    assert [e["reason"] for e in twin.events()] == [e["reason"] for e in sim.events()]


def test_a_session_jumps_to_warnings_and_shows_commands(sandbox_log, straight):
    session = ReplaySession(sandbox_log)
    assert session.ticks == 175 and session.tick == 0
    warning = session.next_warning()
    assert warning is not None and session.tick == warning
    assert any(e["type"] == "Warning" for e in session.events_at())
    assert session.sim.checksum() == straight[warning]
    assert [c["line"] for c in session.command_at(25)] == ["sim fail-node node-2"]
    session.seek(100)
    assert session.command_at() == [c for c in session.log.commands if c["tick"] == 100]
    assert session.sim.kubelet.agents["node-2"].alive
    session.step(-1)
    assert session.tick == 99 and not session.sim.kubelet.agents["node-2"].alive
    assert session.next_objective_change() is None and session.tick == 99


def test_commands_run_on_the_replayed_simulation_do_not_stick(sandbox_log, straight):
    session = ReplaySession(sandbox_log)
    session.seek(50)
    session.sim.run("sim fail-node node-1")
    assert session.seek(50).checksum() == straight[50]


def test_a_deep_copy_runs_on_its_own():
    """Watchers, admission plugins and timers are bound methods or partials, never closures over
    the original's parts, so `copy.deepcopy(sim)` is a second cluster, not a view into the first."""
    sim = Simulation(seed=4, nodes=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.run("kubectl expose deployment web --port=80")
    sim.step(15)
    twin = copy.deepcopy(sim)
    sim.run("kubectl scale deployment web --replicas=5")
    sim.run("sim fail-node node-1")
    sim.step(80)
    assert twin.get("Deployment", "web")["spec"]["replicas"] == 3 and len(twin.list("Pod", "default")) == 3
    twin.run("kubectl scale deployment web --replicas=5")
    twin.run("sim fail-node node-1")
    twin.step(80)
    assert twin.checksum() == sim.checksum()
    assert [e["reason"] for e in twin.events()] == [e["reason"] for e in sim.events()]
