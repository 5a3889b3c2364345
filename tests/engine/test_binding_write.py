"""The scheduler's binding as its own narrow write (`Store.bind`), and new unbound pods and
their bindings told only to the watchers that read them (`watch(unbound=False)`): the same
cluster, Events, figures and checksum as the general update told to every watcher."""

import json

from kubetui import Simulation
from kubetui.engine.store import Store


def _waiting(sim) -> list:
    return [sorted(w.__self__.unschedulable) for w in sim.store._watchers["Pod"]
            if type(w.__self__).__name__ == "ClusterAutoscaler"]


def _story(sim) -> list:
    """Pods bound at once, pods that wait for room and are bound later (a ClusterAutoscaler-free
    Unschedulable pod), pods with claims, pods deleted while pending, a bare pod."""
    for cmd in ("kubectl create deployment web --image=nginx:1.25 --replicas=5",
                "kubectl run solo --image=nginx:1.25",
                "kubectl create deployment big --image=nginx:1.25 --replicas=2"):
        assert sim.run(cmd).exit_code == 0, cmd
    sim.run("kubectl set resources deployment big --requests=cpu=100")
    sim.store.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                      "metadata": {"name": "data", "namespace": "default"},
                      "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
    sim.store.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "with-claim", "namespace": "default"},
                      "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}],
                               "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}]}})
    sim.step(4)
    assert sim.run("kubectl cordon node-1 node-2").exit_code == 0
    assert sim.run("kubectl run waiter --image=nginx:1.25").exit_code == 0
    sim.step(3)
    seen = [_waiting(sim)]
    assert sim.run("kubectl uncordon node-1 node-2").exit_code == 0
    sim.step(1)
    seen.append(_waiting(sim))
    seen.append(sim.store.get("Pod", "default", "waiter")["spec"].get("nodeName"))
    sim.run("kubectl set resources deployment big --requests=cpu=100m")
    sim.run("kubectl scale deployment web --replicas=8")
    sim.step(2)
    sim.run("kubectl delete pod with-claim")
    sim.run("kubectl scale deployment web --replicas=3")
    sim.step(8)
    return seen


def _outcome(sim) -> dict:
    return {
        "checksum": sim.checksum(),
        "objects": json.dumps(sim.dump()),
        "events": [(e["reason"], e["message"], e.get("count")) for e in sim.events()],
        "figures": json.dumps({k: v for k, v in vars(sim.meter).items() if k not in ("sim", "_unready")},
                              default=repr, sort_keys=True),
        "revision": sim.store.revision,
        "unschedulable": [list(w.__self__.unschedulable) for w in sim.store._watchers["Pod"]
                          if type(w.__self__).__name__ == "ClusterAutoscaler"],
    }


def _run(monkeypatch, narrow: bool) -> dict:
    if not narrow:
        monkeypatch.setattr(Store, "bind", lambda self, old, obj: self.update(obj, admit=False))
    sim = Simulation(seed=11, nodes=[{"name": "node-1", "cpu": "4", "memory": "8Gi"},
                                     {"name": "node-2", "cpu": "4", "memory": "8Gi"}])
    if not narrow:
        sim.store._unbound_pod_watchers = list(sim.store._watchers["Pod"])
        sim.store._binding_watchers = list(sim.store._watchers["Pod"])
    seen = _story(sim)
    monkeypatch.undo()
    return {**_outcome(sim), "seen": seen}


def test_narrow_bindings_and_creates_give_what_the_general_write_gives(monkeypatch):
    told = []
    real = Store.bind

    def counting(self, old, obj):
        told.append(obj["metadata"]["name"])
        return real(self, old, obj)

    general = _run(monkeypatch, narrow=False)
    monkeypatch.setattr(Store, "bind", counting)
    narrow = _run(monkeypatch, narrow=True)
    assert len(told) >= 10 and "waiter" in told
    assert ("default", "waiter") in general["seen"][0][0] and general["seen"][2], "waiter waited, then was bound"
    assert ("default", "waiter") not in general["seen"][1][0]
    assert narrow == general


def test_the_watchers_that_ignore_unbound_pods_are_told_of_neither_creation_nor_binding():
    sim = Simulation(seed=1)
    store = sim.store
    names = {w.__qualname__ for w in store._watchers["Pod"]}
    unbound = {w.__qualname__ for w in store._unbound_pod_watchers}
    binding = {w.__qualname__ for w in store._binding_watchers}
    ignoring = {"Volumes._on_pod", "DeploymentController._on_pod", "PersistentVolumeController._on_pod",
                "Meter._on_pod"}
    assert names - unbound == ignoring
    assert names - binding == ignoring | {"GarbageCollector._on_change"}
    for must in ("Scheduler._on_pod", "Kubelet._on_pod", "ReplicaSetController._on_pod", "ClusterAutoscaler._on_pod",
                 "QuotaLedger._on_change", "JobController._on_pod"):
        assert must in binding


def test_a_binding_the_narrow_write_cannot_take_goes_the_general_way():
    sim = Simulation(seed=1)
    sim.run("kubectl run p --image=nginx:1.25")
    pod = sim.store.get("Pod", "default", "p")
    updates = []
    real_update = sim.store.update
    sim.store.update = lambda obj, admit=True: updates.append(obj) or real_update(obj, admit=admit)
    stale = {**pod, "metadata": {**pod["metadata"]}}
    sim.store.bind(stale, {**stale, "spec": {**stale["spec"], "nodeName": "node-1"}})
    assert len(updates) == 1, "a pod that is not the stored one is bound by the general update"
    bound = sim.store.get("Pod", "default", "p")
    assert bound["spec"]["nodeName"] == "node-1"
    sim.store.bind(bound, {**bound, "spec": {**bound["spec"], "nodeName": "node-2"}})
    assert len(updates) == 2, "a pod bound already is not a binding"
