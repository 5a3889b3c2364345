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
        sim.store._controlled_by = {}
        sim.store._routed.clear()
        sim.store._status_by_owner.clear()
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
    assert names - unbound == ignoring | {"Kubelet._on_pod", "ClusterAutoscaler._on_pod"}
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


def _controllers_story(sim) -> list:
    """Pods of every controller kind and none: a Deployment, a ReplicationController, a
    DaemonSet, a StatefulSet, a Job, a bare pod, an orphan a ReplicaSet adopts; scaled, finished,
    deleted."""
    for cmd in ("kubectl create deployment web --image=nginx:1.25 --replicas=3",
                "kubectl run solo --image=nginx:1.25",
                "kubectl create job once --image=busybox:1.36 -- sh -c true"):
        assert sim.run(cmd).exit_code == 0, cmd
    labels = {"app": "rc"}
    template = {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}}
    sim.store.create({"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc", "namespace": "default"},
                      "spec": {"replicas": 2, "selector": labels, "template": template}})
    ds_labels = {"app": "ds"}
    sim.store.create({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds", "namespace": "default"},
                      "spec": {"selector": {"matchLabels": ds_labels},
                               "template": {**template, "metadata": {"labels": ds_labels}}}})
    sts_labels = {"app": "sts"}
    sim.store.create({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "default"},
                      "spec": {"replicas": 2, "serviceName": "db", "selector": {"matchLabels": sts_labels},
                               "template": {**template, "metadata": {"labels": sts_labels}}}})
    sim.store.create({"apiVersion": "v1", "kind": "Pod",
                      "metadata": {"name": "stray", "namespace": "default", "labels": {"app": "rc"}},
                      "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}})
    sim.step(6)
    seen = [sorted((p["metadata"]["name"], p["spec"].get("nodeName"), p.get("status", {}).get("phase"))
                   for p in sim.store.iter("Pod", "default"))]
    for cmd in ("kubectl scale deployment web --replicas=5", "kubectl scale statefulset db --replicas=3",
                "kubectl scale rc rc --replicas=4", "kubectl delete pod solo"):
        assert sim.run(cmd).exit_code == 0, cmd
    sim.step(8)
    return seen


def test_pods_of_every_controller_are_told_to_the_same_effect_as_to_every_watcher(monkeypatch):
    """Watchers that read only some controllers' pods (`watch(controlled_by=...)`) or wait for
    the binding (`unbound_creates=False`) are told of fewer creations and bindings: the same
    cluster, Events, figures and checksum as every watcher told of every write."""
    def run(narrow: bool) -> dict:
        if not narrow:
            monkeypatch.setattr(Store, "bind", lambda self, old, obj: self.update(obj, admit=False))
        sim = Simulation(seed=5, nodes=[{"name": "node-1", "cpu": "8", "memory": "16Gi"},
                                        {"name": "node-2", "cpu": "8", "memory": "16Gi"}])
        if not narrow:
            sim.store._unbound_pod_watchers = list(sim.store._watchers["Pod"])
            sim.store._binding_watchers = list(sim.store._watchers["Pod"])
            sim.store._controlled_by = {}
            sim.store._routed.clear()
            sim.store._status_by_owner.clear()
        seen = _controllers_story(sim)
        monkeypatch.undo()
        return {**_outcome(sim), "seen": seen}

    general = run(narrow=False)
    narrow = run(narrow=True)
    names = " ".join(name for name, _, _ in general["seen"][0])
    for made in ("web-", "rc-", "ds-", "db-0", "db-1", "once-", "stray"):
        assert made in names, made
    assert all(node for _, node, _ in general["seen"][0]), "every pod was bound"
    assert narrow == general


def test_a_pods_creation_and_binding_are_told_to_the_controllers_of_its_controllers_kind():
    store = Simulation(seed=1).store
    controllers = {"ReplicaSetController", "ReplicationControllerController", "DaemonSetController",
                   "StatefulSetController", "JobController"}
    expected = {"ReplicaSet": {"ReplicaSetController"},
                "ReplicationController": {"ReplicationControllerController"},
                "DaemonSet": {"DaemonSetController"}, "StatefulSet": {"StatefulSetController"},
                "Job": {"JobController"}, "CronJob": set(),
                None: {"ReplicaSetController", "ReplicationControllerController", "StatefulSetController"}}
    for kind, told in expected.items():
        refs = [{"kind": "ConfigMap", "name": "x", "uid": "1"}]
        if kind is not None:
            refs.append({"kind": kind, "name": "owner", "uid": "2", "controller": True})
        pod = {"metadata": {"name": "p", "namespace": "default", "ownerReferences": refs}}
        _, _, created, bound = store._pod_watchers(pod)
        for watchers in (created, bound):
            names = {type(w.__self__).__name__ for w in watchers}
            assert names & controllers == told, kind
            assert {"Scheduler", "QuotaLedger"} <= names
        assert "Kubelet" in {type(w.__self__).__name__ for w in bound}
        assert "Kubelet" not in {type(w.__self__).__name__ for w in created}
