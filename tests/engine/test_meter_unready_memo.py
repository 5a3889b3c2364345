"""The meter's pod start times read each pod's conditions until it is Ready; a conditions list
it found not Ready (one list for every pod alike) is passed over by identity, and one found Ready
is read once (`_ready`). The figures are
those of reading every list."""

from kubetui import Simulation
from kubetui.engine import figures


def start_times(sim: Simulation) -> tuple:
    m = sim.meter
    return tuple(m._container_start), tuple(m._pod_ready), sorted(m._started)


def run() -> tuple:
    sim = Simulation(seed=11, nodes=3)
    assert type(sim.meter) is figures.Meter
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=7")
    sim.run("kubectl create deployment crash --image=busybox:1.36 --replicas=2 -- sh -c 'sleep 3; exit 1'")
    sim.run("kubectl run solo --image=redis:7")
    sim.step(4)
    sim.run("kubectl scale deployment web --replicas=10")
    sim.step(40)
    return start_times(sim)


def test_passing_over_unready_lists_keeps_the_figures(monkeypatch):
    figures._ready.clear()
    memo = run()
    assert figures._ready, "the Ready lists should be remembered"
    assert memo[:2] == ((31, 13), (40, 13)), "the figures of a4e63cb, which read every list"
    assert memo[1][1] >= 11, "every nginx and redis pod should have turned Ready"

    class Forgetful(dict):
        def get(self, key, default=None):
            return default

    monkeypatch.setattr(figures, "_unready", Forgetful())
    monkeypatch.setattr(figures, "_ready", Forgetful())
    plain = run()
    assert plain == memo
