"""Seeking anywhere, forward or back, lands on the state a straight run has at that tick."""

import copy
import gc
import weakref

import pytest

from kubetui.replay.reader import read_log
from kubetui.replay.replayer import Replay
from kubetui.replay.seeker import Seeker, restore, snapshot, take_apart
from kubetui.replay.session import ReplaySession
from kubetui.shell import Simulation


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


@pytest.mark.slow  # a 400-tick log seeked dozens of times: the full suite runs it
def test_seeking_forward_and_back_matches_a_straight_run(sandbox_log, straight):
    seeker = Seeker(Replay(read_log(sandbox_log)), keyframe_seconds=0.0, max_gap=30)
    for t in (60, 10, 175, 99, 100, 101, 0, 146, 145, 26, 25):
        assert seeker.seek(t).checksum() == straight[t], t
    assert len(seeker.keyframes) > 3
    seeker.seek(175)
    for t in range(174, 90, -1):
        assert seeker.step(-1).checksum() == straight[t], t


def gap_keyframed(log, gap: int = 20, **kw) -> Seeker:
    """A prepared seeker whose keyframes fall every `gap` ticks, whatever the machine's speed."""
    seeker = Seeker(Replay(read_log(log)), keyframe_seconds=1e9, max_gap=gap, **kw)
    seeker.prepare()
    return seeker


@pytest.mark.slow  # a 400-tick log seeked dozens of times: the full suite runs it
def test_seeking_back_and_forth_across_keyframes_matches_a_straight_run(sandbox_log, straight):
    seeker = gap_keyframed(sandbox_log)
    frames = [k.tick for k in seeker.keyframes]
    assert frames == list(range(0, 175, 20))
    for k in frames[1:]:
        for t in (k + 1, k - 1, k, k - 2, k + 3, k - 1, k + 20, k):
            t = min(t, 175)
            assert seeker.seek(t).checksum() == straight[t], (k, t)
    seeker.seek(0)
    for t in range(1, 176):
        assert seeker.step(1).checksum() == straight[t], t
    for t in range(174, 15, -1):
        assert seeker.step(-1).checksum() == straight[t], t


def test_a_seek_forward_simulates_on_unless_a_keyframe_is_cheaper(sandbox_log, straight):
    seeker = gap_keyframed(sandbox_log)
    here = seeker.seek(15)
    for k in seeker.keyframes:
        k.restore_seconds = float("inf")
    assert seeker.seek(65) is here and here.checksum() == straight[65]
    for k in seeker.keyframes:
        k.restore_seconds, k.work = 0.0, k.tick * 1e6
    assert seeker.seek(130) is not here and seeker.tick == 130 and seeker.sim.checksum() == straight[130]


def test_a_replaced_simulation_is_freed_without_the_cycle_collector(sandbox_log, straight):
    seeker = gap_keyframed(sandbox_log)
    seeker.seek(150)
    gc.collect()
    gc.disable()
    try:
        sim = seeker.seek(100)
        parts = [weakref.ref(x) for x in (sim, sim.store, sim.kubelet, *sim.kubelet.agents.values())]
        del sim
        seeker.seek(60)
        assert all(p() is not None for p in parts)
        assert parts[0]().checksum() == straight[100]
        seeker.seek(30)
        assert [p() for p in parts] == [None] * len(parts)
    finally:
        gc.enable()
    assert seeker.seek(100).checksum() == straight[100]


@pytest.mark.slow
def test_after_idle_a_step_back_restores_nothing(sandbox_log, straight, monkeypatch):
    from kubetui.replay import seeker as seeking

    seeker = gap_keyframed(sandbox_log)
    seeker.seek(150)
    seeker.seek(105)
    restores = []
    unpickle = seeking._unpickle
    monkeypatch.setattr(seeking, "_unpickle", lambda *a: restores.append(1) or unpickle(*a))
    replaced = None
    gc.disable()
    try:
        for t in range(104, 77, -1):
            seeker.idle()
            assert replaced is None or replaced() is None, "idle frees the simulation the step replaced"
            replaced = weakref.ref(seeker.sim)
            before = len(restores)
            assert seeker.step(-1).checksum() == straight[t], t
            assert len(restores) == before, t
    finally:
        gc.enable()


def test_a_simulation_taken_apart_leaves_no_cycles():
    sim = Simulation(seed=2, nodes=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.run("kubectl expose deployment web --port=80")
    sim.run("kubectl create job once --image=busybox -- sleep 5")
    sim.schedule(40, "sim fail-node node-1")
    sim.step(30)
    parts = [weakref.ref(x) for x in (sim, sim.store, sim.scheduler, *sim.kubelet.agents.values())]
    gc.collect()
    gc.disable()
    try:
        take_apart(sim)
        del sim
        assert [p() for p in parts] == [None] * len(parts)
    finally:
        gc.enable()


def test_keyframes_stay_within_their_memory_cap(sandbox_log, straight):
    free = gap_keyframed(sandbox_log, gap=5)
    cap = free.keyframe_bytes // 4
    capped = gap_keyframed(sandbox_log, gap=5, max_bytes=cap)
    assert capped.keyframe_bytes <= cap < free.keyframe_bytes
    assert capped.keyframes[0].tick == 0 and capped.keyframes[-1].tick == 175 - 175 % 5
    for t in (170, 3, 99, 100, 42, 175, 0):
        assert capped.seek(t).checksum() == straight[t], t


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
