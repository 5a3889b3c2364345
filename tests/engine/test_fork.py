"""`Simulation.fork()`, `snapshot()` and `restore()`: the one way to copy a cluster. A copy runs
on its own, with the same future as the original, and never reaches the original's observers."""

import pytest
from pydantic import TypeAdapter

from kubetui.scenario.objectives import Objective
from kubetui.shell import Simulation


class Recorder:
    """An observer as the UI and the event log are: it counts what it is told."""

    def __init__(self):
        self.commands = []
        self.ticks = []
        self.changes = []

    def on_command(self, record):
        self.commands.append(record)

    def on_tick(self, result):
        self.ticks.append(result.tick)

    def on_change(self, event, old, new):
        self.changes.append(event)


@pytest.fixture
def sim():
    s = Simulation(seed=4)
    assert s.run("kubectl create deployment web --image=nginx:1.25 --replicas=3").exit_code == 0
    assert s.run("kubectl expose deployment web --port=80").exit_code == 0
    s.step(20)
    assert s.run("sim load svc/web 40").exit_code == 0
    s.step(5)
    return s


def watched(sim):
    seen = Recorder()
    sim.observers.append(seen)
    sim.store.observe("Pod", seen.on_change)
    return seen


def test_a_fork_never_reaches_the_originals_observers(sim):
    seen = watched(sim)
    future = sim.fork()
    future.run("kubectl scale deployment web --replicas=6")
    future.step(30)
    assert seen.commands == [] and seen.ticks == [] and seen.changes == []
    assert future.observers == []
    sim.step(1)
    assert seen.ticks == [sim.tick], "the original still tells its own observers"


def test_a_look_ahead_objective_leaves_the_live_observers_alone(sim):
    """The bug this guards against: a fork made for a `fastForward` objective fed the live UI."""
    seen = watched(sim)
    before = sim.checksum()
    objective = TypeAdapter(Objective).validate_python(
        {"id": "x", "description": {"en": "d", "ko": "d"}, "atEnd": True, "type": "availableReplicas",
         "name": "web", "min": 3, "disrupt": ["sim fail-node {node}"], "fastForward": 60})
    objective.final(sim, sim.figures(), sim.tick)
    assert seen.commands == [] and seen.ticks == [] and seen.changes == []
    assert sim.checksum() == before


def test_a_fork_has_the_originals_future(sim):
    future = sim.fork()
    assert future.checksum() == sim.checksum()
    for s in (sim, future):
        s.run("kubectl set image deployment/web nginx=nginx:1.27")
        s.step(40)
    assert future.checksum() == sim.checksum()
    assert future.figures() == sim.figures()


def test_snapshot_and_restore(sim):
    seen = watched(sim)
    data = sim.snapshot()
    assert seen in sim.observers, "taking a snapshot leaves the observers where they are"
    sim.step(10)
    back = Simulation.restore(data)
    assert back.tick == sim.tick - 10 and back.observers == []
    back.step(10)
    assert back.checksum() == sim.checksum()


def test_a_fork_leaves_commands_still_waiting_behind(sim):
    """The player's `rollout status` waits in the background (a generator, which no copy can
    take): a look-ahead fork still works, and the original keeps its waiting command."""
    sim.run("kubectl set image deployment/web nginx=nginx:1.26")
    waiting = sim.start("kubectl rollout status deployment/web")
    assert not waiting.done and sim.background
    future = sim.fork()
    assert future.background == {} and sim.background == {waiting.seq: waiting}
    future.step(60)
    sim.step(60)
    assert waiting.done and waiting.exit_code == 0
