"""Pods bound alike share their status, and the managedFields ledger remembers the kubelet's first
status write's delta by identity: the notes and managedFields are those of the general path."""

from kubetui import Simulation
from kubetui.engine import fieldmanager
from kubetui.engine.scheduler import scheduler


def run(check_shared: bool = False) -> tuple[dict, str]:
    sim = Simulation(seed=3, nodes=4)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=5")
    sim.run("kubectl create deployment db --image=redis:7 --replicas=3")
    sim.run("kubectl run solo --image=nginx:1.25")
    sim.step(1)
    if check_shared:
        statuses = {id(p["status"]) for p in sim.store.iter("Pod", "default")}
        assert len(statuses) == 1, "pods bound in one tick, their statuses alike, share one status dict"
    sim.run("kubectl scale deployment web --replicas=8")
    sim.step(1)
    sim.run("kubectl set image deployment/db redis=redis:7.2")
    sim.step(4)
    ledger = sim.store.managed
    notes = {p["metadata"]["name"]: (repr(ledger.notes.get(p["metadata"]["uid"])), ledger.entries(p))
             for p in sim.store.iter("Pod", "default")}
    return notes, sim.checksum()


def test_the_first_status_write_is_noted_as_the_general_path_notes_it(monkeypatch):
    worked = []
    plain = fieldmanager._delta

    def counted(old, new, status, delta):
        worked.append(status)
        return plain(old, new, status, delta)

    monkeypatch.setattr(fieldmanager, "_delta", counted)
    # the notes of whole status writes remembered (`_status_write`) would spare these deltas too
    monkeypatch.setattr(fieldmanager.Ledger, "_status_write", lambda self, *args: None)
    fast = run(check_shared=True)
    remembered = worked.count(True)
    monkeypatch.setattr(fieldmanager.Ledger, "_status_delta",
                        lambda self, old, new: self._share(fieldmanager._delta(old, new, True, None)))
    worked.clear()
    assert run() == fast
    assert worked.count(True) > remembered + 5, "the remembered deltas should have spared their work"


def test_a_remembered_delta_is_for_that_very_status_and_those_values():
    ledger = fieldmanager.Ledger()
    was = {"phase": "Pending", "qosClass": "BestEffort"}
    running = {"phase": "Running", "qosClass": "BestEffort", "podIP": "10.0.0.1"}
    first = ledger._status_delta({"status": was}, {"status": running})
    assert ledger._status_delta({"status": was}, {"status": dict(running)}) is first
    equal = dict(was)  # equal, but another object: worked out again, to an equal delta
    assert ledger._status_delta({"status": equal}, {"status": running}) == first
    pending = {**running, "phase": "Pending"}
    assert ledger._status_delta({"status": was}, {"status": pending}) == \
        fieldmanager._delta({"status": was}, {"status": pending}, True, None)
    assert ledger._status_delta({"status": was}, {"status": pending}) != first


def test_a_binding_shares_no_status_it_could_not_share():
    now = "2026-01-01T00:00:01Z"
    plain = {"phase": "Pending", "qosClass": "BestEffort"}
    assert scheduler._bound_status(dict(plain), now) is scheduler._bound_status(dict(plain), now)
    assert scheduler._bound_status(dict(plain), now) is not scheduler._bound_status(plain, "2026-01-01T00:00:02Z")
    gated = {**plain, "conditions": [{"type": "Gate", "status": "True"}]}
    a, b = scheduler._bound_status(gated, now), scheduler._bound_status(gated, now)
    assert a is not b and a == b and [c["type"] for c in a["conditions"]] == ["Gate", "PodScheduled"]
