"""The managedFields ledger's shortcut for a binding notes what its general path works out."""

from kubetui import Simulation
from kubetui.engine import fieldmanager


def run() -> dict:
    sim = Simulation(seed=3, nodes=4)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=5")
    sim.run("kubectl run solo --image=nginx:1.25")
    sim.step(1)
    sim.run("kubectl scale deployment web --replicas=8")
    sim.step(3)
    ledger = sim.store.managed
    return {p["metadata"]["name"]: (repr(ledger.notes.get(p["metadata"]["uid"])), ledger.entries(p))
            for p in sim.store.iter("Pod", "default")}


def test_a_binding_is_noted_as_the_general_path_notes_it(monkeypatch):
    seen = []
    bound = fieldmanager._bound

    def counted(old, new):
        seen.append(bound(old, new))
        return seen[-1]

    monkeypatch.setattr(fieldmanager, "_bound", counted)
    fast = run()
    assert sum(seen) >= 8, "the shortcut should have noted the bindings"
    monkeypatch.setattr(fieldmanager, "_bound", lambda old, new: False)
    assert run() == fast


def test_only_a_spec_with_the_very_same_values_and_a_node_is_a_binding():
    """`_bound` holds for `old` with `spec.nodeName` added and every other spec value the very
    same object; an equal copy of a value, a key swapped for another, or one missing is not."""
    resources = {"requests": {"cpu": "100m"}}
    spec = {"containers": [{"name": "app", "resources": resources}], "restartPolicy": "Always", "x": None}
    meta = {"name": "p", "uid": "u"}
    old = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": {"phase": "Pending"}}
    bound = {**old, "spec": {**spec, "nodeName": "node-1"}, "status": {"phase": "Pending", "conditions": []}}
    assert fieldmanager._bound(old, bound)
    copied = {**spec, "containers": [{"name": "app", "resources": resources}], "nodeName": "node-1"}
    assert not fieldmanager._bound(old, {**bound, "spec": copied})
    swapped = {k: v for k, v in spec.items() if k != "x"} | {"y": None, "nodeName": "node-1"}
    assert not fieldmanager._bound(old, {**bound, "spec": swapped})
    assert not fieldmanager._bound(old, {**bound, "spec": {**spec, "restartPolicy": "Never", "nodeName": "n"}})
    assert not fieldmanager._bound(old, {**bound, "spec": dict(spec)})
    assert not fieldmanager._bound(old, {**bound, "metadata": dict(meta)})
