"""A status-only write (the stored metadata and spec objects kept, as the kubelet writes) takes
the store's short way: no index work, and only the watchers that read status are told. Every
watcher that reads status still sees every status change; one that reads none (`status_blind`)
still sees every other write."""

from kubetui.engine.controllers.deployment import DeploymentController
from kubetui.engine.controllers.endpoints import ServiceEndpointsController
from kubetui.engine.controllers.replicaset import ReplicaSetController
from kubetui.engine.kubelet.volumes import Volumes
from kubetui.engine.store import MODIFIED
from kubetui.shell import Simulation


def _spied(monkeypatch) -> dict[str, list]:
    """Each pod watcher's calls, by its class (set before the simulation is made: the store holds
    the bound methods)."""
    calls: dict[str, list] = {}
    for cls in (ReplicaSetController, ServiceEndpointsController, Volumes, DeploymentController):
        real = cls._on_pod

        def spy(self, event, old, new, _real=real, _name=cls.__name__):
            calls.setdefault(_name, []).append((event, old, new))
            return _real(self, event, old, new)

        monkeypatch.setattr(cls, "_on_pod", spy)
    return calls


def _running_web(monkeypatch) -> tuple[Simulation, dict[str, list]]:
    calls = _spied(monkeypatch)
    sim = Simulation(seed=3, nodes=1)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=1")
    sim.run("kubectl expose deployment web --port=80")
    sim.step(8)
    [pod] = sim.store.list("Pod", "default")
    assert pod["status"]["phase"] == "Running"
    for seen in calls.values():
        seen.clear()
    return sim, calls


def _restarted(pod: dict) -> dict:
    """`pod` with its container's restartCount one up, its metadata and spec the stored objects."""
    [cs] = pod["status"]["containerStatuses"]
    status = {**pod["status"], "containerStatuses": [{**cs, "restartCount": cs["restartCount"] + 1}]}
    return {**pod, "status": status}


def test_a_restart_count_alone_reaches_the_watchers_that_read_status(monkeypatch):
    sim, calls = _running_web(monkeypatch)
    [pod] = sim.store.list("Pod", "default")
    revision, checksum = sim.store.revision, sim.checksum()
    with sim.store.writing("kubelet"):
        new = sim.store.update_status(_restarted(pod))
    assert new is not pod and new["metadata"] is pod["metadata"]
    assert new["metadata"]["resourceVersion"] == str(revision + 1) and sim.store.revision == revision + 1
    assert sim.store.get("Pod", "default", pod["metadata"]["name"]) is new
    assert sim.checksum() != checksum, "the write must reach the checksum"
    assert new["status"]["containerStatuses"][0]["restartCount"] == 1
    for watcher in ("ReplicaSetController", "ServiceEndpointsController"):
        assert [(e, o, n) for e, o, n in calls[watcher] if n is new] and \
            all(e == MODIFIED and o is pod for e, o, n in calls[watcher]), watcher
    assert not calls.get("Volumes") and not calls.get("DeploymentController"), "status-blind watchers"
    entries = sim.store.managed.view(new)["metadata"]["managedFields"]
    assert [e for e in entries if e["manager"] == "kubelet" and e.get("subresource") == "status"], \
        "the kubelet's status write is noted for managedFields"


def test_a_status_write_with_new_metadata_reaches_every_watcher(monkeypatch):
    sim, calls = _running_web(monkeypatch)
    [pod] = sim.store.list("Pod", "default")
    moved = {**_restarted(pod), "metadata": {**pod["metadata"]}}
    new = sim.store.update_status(moved)
    assert new is moved
    for watcher in ("ReplicaSetController", "ServiceEndpointsController", "Volumes", "DeploymentController"):
        assert any(n is new for _, _, n in calls[watcher]), watcher


def test_a_status_write_with_a_new_spec_takes_the_long_way(monkeypatch):
    sim, calls = _running_web(monkeypatch)
    [pod] = sim.store.list("Pod", "default")
    new = sim.store.update_status({**_restarted(pod), "spec": {**pod["spec"]}})
    assert any(n is new for _, _, n in calls["Volumes"]) and any(n is new for _, _, n in calls["DeploymentController"])


def test_an_unchanged_status_is_no_write(monkeypatch):
    sim, calls = _running_web(monkeypatch)
    [pod] = sim.store.list("Pod", "default")
    revision = sim.store.revision
    assert sim.store.update_status({**pod, "status": dict(pod["status"])}) is pod
    assert sim.store.revision == revision and not any(calls.values())


def test_status_blind_watchers_are_told_of_the_other_writes():
    sim = Simulation(seed=1, nodes=1)
    seen: list[tuple[str, str]] = []
    sim.store.watch("ConfigMap", lambda e, o, n: seen.append(("blind", e)), status_blind=True)
    sim.store.watch("ConfigMap", lambda e, o, n: seen.append(("all", e)))
    cm = sim.store.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}},
                          admit=False)
    sim.store.update({**cm, "data": {"a": "2"}}, admit=False)
    cm = sim.store.get("ConfigMap", "default", "c")
    sim.store.update_status({**cm, "status": {"x": 1}})
    assert seen == [("blind", "ADDED"), ("all", "ADDED"), ("blind", "MODIFIED"), ("all", "MODIFIED"),
                    ("all", "MODIFIED")]


def _owned(name: str, kind: str | None) -> dict:
    meta: dict = {"name": name}
    if kind is not None:
        meta["ownerReferences"] = [{"apiVersion": "v1", "kind": kind, "name": "o", "uid": f"uid-{kind}",
                                    "controller": True}]
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": {}}


def test_a_status_write_reaches_the_watchers_of_its_controller_kind_alone():
    """`watch(controlled_by=...)`: told of a status-only write only for an object whose controller is
    of a kind it names (None: no controller), in the order the watchers came; every other
    write reaches it as before."""
    sim = Simulation(seed=1, nodes=1)
    seen: list[tuple[str, str]] = []
    sim.store.watch("ConfigMap", lambda e, o, n: seen.append(("rs", n["metadata"]["name"])), controlled_by=("ReplicaSet",))
    sim.store.watch("ConfigMap", lambda e, o, n: seen.append(("all", n["metadata"]["name"])))
    sim.store.watch("ConfigMap", lambda e, o, n: seen.append(("ds+none", n["metadata"]["name"])),
                    controlled_by=("DaemonSet", None))
    for name, kind in (("a", "ReplicaSet"), ("b", "DaemonSet"), ("c", None), ("d", "Job")):
        sim.store.create(_owned(name, kind), admit=False)
    seen.clear()
    for name in "abcd":
        cm = sim.store.get("ConfigMap", "default", name)
        sim.store.update_status({**cm, "status": {"x": 1}})
    assert seen == [("rs", "a"), ("all", "a"), ("all", "b"), ("ds+none", "b"), ("all", "c"), ("ds+none", "c"),
                    ("all", "d")]
    seen.clear()
    cm = sim.store.get("ConfigMap", "default", "d")
    sim.store.update({**cm, "data": {"k": "v"}}, admit=False)
    assert seen == [("rs", "d"), ("all", "d"), ("ds+none", "d")]


def test_a_pods_status_write_is_nothing_to_the_controllers_of_other_kinds(monkeypatch):
    from kubetui.engine.controllers.daemonset import DaemonSetController
    from kubetui.engine.controllers.job import JobController
    from kubetui.engine.controllers.statefulset import StatefulSetController

    told: list[str] = []
    for cls in (DaemonSetController, JobController, StatefulSetController, ReplicaSetController):
        real = cls._on_pod

        def spy(self, event, old, new, _real=real):
            told.append(getattr(self, "kind", type(self).__name__))
            return _real(self, event, old, new)

        monkeypatch.setattr(cls, "_on_pod", spy)
    sim = Simulation(seed=3, nodes=1)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=1")
    sim.step(8)
    [pod] = sim.store.list("Pod", "default")
    told.clear()
    sim.store.update_status(_restarted(pod))
    assert told == ["ReplicaSet"], told
    told.clear()
    pod = sim.store.get("Pod", "default", pod["metadata"]["name"])
    sim.store.update({**pod, "metadata": {**pod["metadata"], "labels": {**pod["metadata"]["labels"], "x": "y"}}},
                     admit=False)
    assert sorted(told) == sorted(["ReplicaSet", "ReplicationController", "DaemonSetController", "JobController",
                                   "StatefulSetController"]), told
