"""The managedFields ledger keeps a noted version as a delta against the stored object, not the
version itself: what it shows must be what the ledger that kept every noted version whole showed
(`Pinned` below, that ledger as it was), for every object, at every moment, through watch
snapshots, folding past the cap, forks and API requests that settle the notes."""

from __future__ import annotations

import json
import pickle

import pytest

from kubetui.engine import fieldmanager
from kubetui.engine import store as store_module
from kubetui.engine.fieldmanager import Key, _replay, _updated, encode, managers_of
from kubetui.shell import Simulation


class Pinned:
    """The ledger before deltas: every noted version kept whole."""

    CAP = fieldmanager.Ledger.CAP

    def __init__(self) -> None:
        self.notes: dict[str, list[list]] = {}
        self.base: dict[str, dict[Key, dict]] = {}

    def note(self, manager: str, subresource: str, old: dict | None, new: dict, now: str,
             api_version: str = "") -> None:
        uid = new["metadata"].get("uid")
        if not uid:
            return
        version = api_version or new.get("apiVersion", "")
        notes = self.notes.get(uid)
        if notes is None:
            notes = self.notes[uid] = []
        elif notes[-1][0] == manager and notes[-1][1] == subresource and notes[-1][2] == version \
                and notes[-1][5] is old:
            notes[-1][3], notes[-1][5] = now, new
            return
        notes.append([manager, subresource, version, now, old, new])
        if len(notes) > self.CAP:
            self.base[uid] = self._replay(self.base.get(uid), new, notes[:1])
            del notes[0]

    def forget(self, uid: str) -> None:
        self.notes.pop(uid, None)
        self.base.pop(uid, None)

    def snapshot(self, obj: dict):
        uid = obj["metadata"].get("uid")
        notes, base = self.notes.get(uid), self.base.get(uid)
        if notes is None and base is None:
            return None
        return base, tuple(tuple(n) for n in notes or ())

    def entries(self, obj: dict, snapshot=None):
        if snapshot is None:
            snapshot = self.snapshot(obj)
        if snapshot is None:
            return None
        base, notes = snapshot
        return encode(self._replay(base, obj, notes))

    @staticmethod
    def _replay(base, obj, notes):
        managers = ({k: {**m, "set": set(m["set"])} for k, m in base.items()} if base is not None
                    else managers_of(obj))
        for manager, subresource, api_version, now, old, new in notes:
            _updated(managers, old, new, new["kind"], manager, api_version, now, subresource, noted=True)
        return managers


class Twin(fieldmanager.Ledger):
    """The ledger, with a Pinned ledger fed the same notes."""

    def __init__(self) -> None:
        super().__init__()
        self.pinned = Pinned()

    def note(self, *args) -> None:
        self.pinned.note(*args)
        super().note(*args)

    def created(self, manager: str, uid: str, new: dict, now: str, api_version: str = "") -> None:
        self.pinned.note(manager, "", None, new, now, api_version)
        super().created(manager, uid, new, now, api_version)

    def forget(self, uid: str) -> None:
        self.pinned.forget(uid)
        super().forget(uid)


@pytest.fixture
def twinned(monkeypatch):
    """A simulation whose ledger is a Twin; returns (sim, its Pinned ledger)."""
    monkeypatch.setattr(store_module, "Ledger", Twin)

    def make(seed: int) -> tuple[Simulation, Pinned]:
        sim = Simulation(seed=seed)
        assert isinstance(sim.store.managed, Twin)
        return sim, sim.store.managed.pinned
    return make


def shown(sim: Simulation, pinned: Pinned) -> list[tuple]:
    """(object, ledger's managedFields, pinned ledger's) for every noted object."""
    out = []
    for kind in sim.store.kinds:
        if kind == "Event":
            continue
        for obj in sim.store.list(kind):
            out.append((f"{kind}/{obj['metadata'].get('name')}", sim.store.managed.entries(obj),
                        pinned.entries(obj)))
    return out


def assert_same(sim: Simulation, pinned: Pinned) -> int:
    compared = 0
    for what, mine, theirs in shown(sim, pinned):
        assert mine == theirs, what
        compared += mine is not None
    return compared


SCRIPT = [
    "kubectl create deployment web --image=nginx:1.25 --replicas=3",
    "kubectl create deployment api --image=nginx:1.25 --replicas=2",
    "kubectl create configmap conf --from-literal=a=1",
    "kubectl expose deployment web --port=80",
    "kubectl create job once --image=busybox -- sh -c 'sleep 5'",
    "kubectl create cronjob tick --image=busybox --schedule='*/1 * * * *' -- echo hi",
    "kubectl scale deployment web --replicas=5",
    "kubectl label deployment web tier=front",
    "kubectl annotate deployment web note=x",
    "kubectl set image deployment/web nginx=nginx:1.26",
    "kubectl cordon node-1",
    "kubectl taint node node-2 k=v:NoSchedule",
    "kubectl rollout restart deployment/api",
    "kubectl label pods -l app=api extra=yes",
    "kubectl delete pod -l app=web --wait=false",
    "kubectl patch configmap conf -p '{\"data\":{\"b\":\"2\"}}'",
    "kubectl scale deployment web --replicas=1",
    "kubectl uncordon node-1",
    "kubectl delete deployment api --wait=false",
]


def test_the_ledger_shows_what_the_ledger_of_whole_versions_showed(twinned):
    sim, pinned = twinned(5)
    snapshots = []

    def watch(event_type, old, new):
        some = new if new is not None else old
        snapshots.append((some, sim.store.managed.snapshot(some), pinned.snapshot(some)))
    for kind in ("Pod", "Deployment", "ReplicaSet", "Node", "ConfigMap", "Lease"):
        sim.store.observe(kind, watch)
    compared = 0
    for i, line in enumerate(SCRIPT):
        assert sim.run(line).exit_code == 0, line
        sim.step(3 + i % 4)
        compared += assert_same(sim, pinned)
    sim.step(30)
    compared += assert_same(sim, pinned)
    assert compared > 1000
    assert any(len(n) == fieldmanager.Ledger.CAP for n in sim.store.managed.notes.values())
    assert sim.store.managed.base  # some objects folded notes past the cap
    for some, mine, theirs in snapshots:
        assert fieldmanager.Ledger.view_at(some, mine)["metadata"].get("managedFields") == (
            theirs and pinned.entries(some, theirs)), some["metadata"]["name"]


def test_requests_through_the_api_build_on_the_same_notes(twinned):
    sim, pinned = twinned(6)
    assert sim.run("kubectl create deployment web --image=nginx --replicas=2").exit_code == 0
    sim.step(10)
    r = sim.request("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", "fieldManager=mine",
                    json.dumps({"spec": {"replicas": 3}}), "application/merge-patch+json")
    assert r.code == 200, r.body
    pod = sim.store.list("Pod")[0]
    r = sim.request("PATCH", f"/api/v1/namespaces/default/pods/{pod['metadata']['name']}", "",
                    json.dumps({"metadata": {"labels": {"x": "y"}}}), "application/merge-patch+json")
    assert r.code == 200, r.body
    sim.step(10)
    assert assert_same(sim, pinned) > 10


def test_a_pods_noted_versions_are_small_shared_deltas():
    """No noted version of a running pod is a whole object: its controller's is the pod without
    its node (one shared delta for every pod), its kubelet's the status it had when bound."""
    sim = Simulation(seed=7)
    assert sim.run("kubectl create deployment web --image=nginx --replicas=6").exit_code == 0
    sim.step(10)
    pods = sim.store.list("Pod", "default")
    notes = [sim.store.managed.notes[p["metadata"]["uid"]] for p in pods]
    made = {id(n[0][5]) for n in notes}
    assert len(made) == 1 and notes[0][0][5] == {"spec": {"nodeName": fieldmanager.GONE}}
    assert all(n[1][1] == "status" and set(n[1][4]) == {"status"} and n[1][5] is fieldmanager.CURRENT
               for n in notes)
    assert len({id(n) for n in notes}) < len(notes)  # pods whose notes are equal share them


def test_forks_and_pickles_keep_the_notes():
    sim = Simulation(seed=8)
    assert sim.run("kubectl create deployment web --image=nginx --replicas=2").exit_code == 0
    sim.step(6)
    fork = sim.fork()
    copy = pickle.loads(pickle.dumps(sim.store.managed))
    for obj in sim.store.list("Pod") + sim.store.list("Deployment"):
        expected = sim.store.managed.entries(obj)
        assert fork.store.managed.entries(fork.store.get(obj["kind"], obj["metadata"]["namespace"], obj["metadata"]["name"])) == expected
        assert copy.entries(obj) == expected
    assert all(n[-1][5] is fieldmanager.CURRENT for n in copy.notes.values())
    fork.step(5)
    sim.step(5)
    assert fork.checksum() == sim.checksum()


def test_replay_resolves_deltas_against_the_stored_object():
    obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"uid": "u", "name": "c"}, "data": {"a": "1"}}
    ledger = fieldmanager.Ledger()
    ledger.note("one", "", None, obj, "t0")
    bumped = {**obj, "data": {"a": "2", "b": "1"}}
    ledger.moved(obj, bumped)  # nobody's write
    again = {**bumped, "data": {**bumped["data"], "c": 1}}
    ledger.note("two", "", bumped, again, "t1")
    assert _replay(None, again, ledger.notes["u"]) == Pinned._replay(
        None, again, [["one", "", "v1", "t0", None, obj], ["two", "", "v1", "t1", bumped, again]])


def test_a_leases_folded_renewals_keep_their_deltas_against_the_first_and_carry_them_later():
    lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"uid": "l", "name": "n"},
             "spec": {"holderIdentity": "n", "renewTime": "t0"}}
    ledger, pinned = fieldmanager.Ledger(), Pinned()
    versions = [lease]

    def write(manager, spec, noted=True):
        new = {**versions[-1], "metadata": {**versions[-1]["metadata"], "resourceVersion": str(len(versions))},
               "spec": {**versions[-1]["spec"], **spec}}
        if noted:
            ledger.note(manager, "", versions[-1], new, spec.get("renewTime", "t"))
            pinned.note(manager, "", versions[-1], new, spec.get("renewTime", "t"))
        else:
            ledger.moved(versions[-1], new)
        versions.append(new)
    ledger.note("kube-apiserver", "", None, lease, "t0")
    pinned.note("kube-apiserver", "", None, lease, "t0")
    for i in range(1, 4):
        write("kubelet", {"renewTime": f"t{i}"})
    assert ledger.anchors["l"] is versions[1]
    then = versions[-1]
    snapshot, theirs = ledger.snapshot(then), pinned.snapshot(then)
    assert ledger.entries(versions[-1]) == pinned.entries(versions[-1])
    write("someone", {"leaseDurationSeconds": 40}, noted=False)
    assert "l" not in ledger.anchors
    write("kubelet", {"renewTime": "t9", "holderIdentity": "m"})
    assert ledger.entries(versions[-1]) == pinned.entries(versions[-1])
    assert ledger.view_at(then, snapshot)["metadata"]["managedFields"] == pinned.entries(then, theirs)


def test_a_delta_survives_pickling_and_copying_whatever_value_it_holds():
    import copy as copying

    for value in (None, 0, "", {}, [], {"a": [1, 2]}):
        delta = {"spec": {"x": fieldmanager.Was(value)}, "status": fieldmanager.GONE}
        for back in (pickle.loads(pickle.dumps(delta)), copying.deepcopy(delta)):
            assert back["spec"]["x"].value == value and back["status"] is fieldmanager.GONE
