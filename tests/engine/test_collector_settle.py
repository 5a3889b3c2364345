"""The collection before a busy tick's `gc.freeze`: a dropped simulation's cycles are freed, not
frozen for good; a process's only simulation does not walk the interpreter's objects for them."""

import gc
import json
import subprocess
import sys
import weakref

from kubetui import Simulation
from kubetui.engine import simulation


def _busy(sim) -> None:
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=1500").exit_code == 0
    start = sim.store.revision
    sim.step(4)
    assert sim.store.revision - start >= simulation.FREEZE_AFTER_WRITES, "ticks busy enough to freeze"


def test_a_dropped_simulations_cycles_are_freed_when_another_one_first_freezes():
    dropped = Simulation(seed=1)
    gone = weakref.ref(dropped.store)
    gc.collect()  # its cycles are old now: only a full collection can free them
    del dropped
    assert gone() is not None, "still there: cycles wait for the collector"
    sim = Simulation(seed=2, nodes=[{"name": f"n{i}", "cpu": "64", "memory": "256Gi", "pods": 250}
                                    for i in range(8)])
    assert sim._frozen_at == 0
    try:
        _busy(sim)
        assert sim._frozen_at > 0, "the busy tick froze the cluster"
        assert gone() is None, "the dropped simulation was collected, not frozen"
    finally:
        gc.unfreeze()


_ONLY = """
import gc, json
calls = []
collect = gc.collect
gc.collect = lambda generation=2: calls.append(generation) or collect(generation)
from kubetui import Simulation
sim = Simulation(seed=2, nodes=[{"name": f"n{i}", "cpu": "64", "memory": "256Gi", "pods": 250} for i in range(8)])
sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=1500")
before = list(calls)
sim.step(4)
alone = calls[len(before):]
twin = sim.fork()
twin.run("kubectl scale deployment web --replicas=3000")
twin._frozen_at = 0
twin.step(4)
print(json.dumps([before, alone, calls[len(before) + len(alone):]]))
"""


def test_the_only_simulation_of_a_process_collects_the_young_generations_before_its_first_freeze():
    out = subprocess.run([sys.executable, "-c", _ONLY], capture_output=True, text=True, check=True).stdout
    before, alone, copied = json.loads(out.strip().splitlines()[-1])
    assert before == []
    assert alone and set(alone) == {1}, "the only simulation: the young generations"
    assert copied[0] == 2, "after a copy was made, a first freeze collects in full"


def test_later_freezes_do_not_walk_the_burst(monkeypatch):
    sim = Simulation(seed=3, nodes=[{"name": f"n{i}", "cpu": "64", "memory": "256Gi", "pods": 250}
                                    for i in range(8)])
    calls: list[int] = []
    collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(generation) or collect(generation))
    try:
        _busy(sim)
        first = sim._frozen_at
        assert first > 0 and len(calls) == 1, "the first freeze collects once"
        assert sim.run("kubectl scale deployment web --replicas=3000").exit_code == 0
        sim.step(4)
        assert sim._frozen_at > first, "the second burst froze again"
        assert len(calls) == 1, "without walking the burst's objects first"
    finally:
        gc.unfreeze()
