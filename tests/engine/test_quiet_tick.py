"""A quiet tick's shortcuts (node Lease renewals, controllers with nothing queued, Events expiring
as rows, a new tick's timestamp) leave every object, resourceVersion and managedFields as the
general paths would."""

from datetime import timedelta

from kubetui.engine.controllers.base import Controller
from kubetui.engine.kubelet.nodelease import LEASE_NAMESPACE
from kubetui.engine.store import Store
from kubetui.model.clock import EPOCH, timestamp
from kubetui.shell import Simulation


def _general_renew(self, old, spec):
    return self.update({**old, "spec": spec}, admit=False)


def _busy(sim):
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4")
    sim.step(30)
    sim.run("kubectl scale deployment web --replicas=2")
    sim.step(45)


def _leases(sim):
    store = sim.store
    return [(lease, store.managed.view(lease)["metadata"]["managedFields"])
            for lease in store.list("Lease", LEASE_NAMESPACE)]


def test_a_renewal_stores_what_the_general_update_stores(monkeypatch):
    fast = Simulation(seed=4)
    _busy(fast)
    monkeypatch.setattr(Store, "renew", _general_renew)
    general = Simulation(seed=4)
    _busy(general)
    assert fast.store.revision == general.store.revision
    assert _leases(fast) == _leases(general)
    assert [m["manager"] for m in _leases(fast)[1][1]] == ["kube-apiserver", "kubelet"]
    assert fast.checksum() == general.checksum()


def test_a_renewal_tells_the_watchers_that_read_specs_and_the_observers_only():
    sim = Simulation(seed=1)
    told = {"metadata": [], "spec": [], "observer": []}
    sim.store.watch("Lease", lambda e, old, new: told["metadata"].append(e), metadata_only=True)
    sim.store.watch("Lease", lambda e, old, new: told["spec"].append((e, (new or old)["spec"]["renewTime"])))
    sim.store.observe("Lease", lambda e, old, new: told["observer"].append(e))
    sim.step(10)
    assert told["metadata"] == []
    assert len(told["spec"]) == len(told["observer"]) == 4 and set(told["observer"]) == {"MODIFIED"}
    assert {e for e, _ in told["spec"]} == {"MODIFIED"}
    assert {t for _, t in told["spec"]} <= {timestamp(t)[:-1] + ".000000Z" for t in range(1, 11)}
    sim.run("kubectl delete lease node-1 -n kube-node-lease")
    assert told["metadata"] == ["DELETED"] and told["spec"][-1][0] == "DELETED"


def test_a_lease_being_deleted_or_with_a_generation_takes_the_general_update():
    sim = Simulation(seed=1)
    store = sim.store
    lease = store.get("Lease", LEASE_NAMESPACE, "node-1")
    with_gen = store.update({**lease, "metadata": {**lease["metadata"], "generation": 3}}, admit=False)
    renewed = store.renew(with_gen, {**with_gen["spec"], "renewTime": "2026-01-01T00:09:00.000000Z"})
    assert renewed["metadata"]["generation"] == 4, "a changed spec bumps a kept generation"
    same = store.renew(renewed, dict(renewed["spec"]))
    assert same is renewed and store.revision == int(renewed["metadata"]["resourceVersion"])


def test_a_quiet_tick_asks_only_the_controllers_with_work(monkeypatch):
    sim = Simulation(seed=1)
    sim.step(5)
    asked = []
    plain = Controller.process

    def process(self):
        asked.append(self.name)
        return plain(self)

    monkeypatch.setattr(Controller, "process", process)
    sim.step(1)
    drains_only = {c.name for c in sim.controllers if type(c).process is process}
    assert drains_only and not drains_only & set(asked), "an empty queue is passed by"
    sim.controllers.deployment.enqueue(("default", "nothing-here"))
    sim.step(1)
    assert sim.controllers.deployment.name in asked
    assert not sim.controllers.deployment.queue


def _expire(watched: bool) -> tuple:
    sim = Simulation(seed=2)
    deleted = []
    if watched:  # something watching Events takes the general path, which tells it
        sim.store.observe("Event", lambda e, old, new: deleted.append(old["metadata"]["name"]) if e == "DELETED" else None)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.step(10)
    before = {e["metadata"]["name"] for e in sim.store.iter("Event")}
    assert before and all(type(r) is tuple for r in dict.values(sim.store._objects["Event"]["default"]))
    sim.step(3600)
    assert not before & {e["metadata"]["name"] for e in sim.store.iter("Event")}, "an hour unseen: gone"
    assert set(deleted) == (before if watched else set())
    return sim.store.revision, sim.checksum(), sorted(e["metadata"]["name"] for e in sim.store.iter("Event"))


def test_expiry_by_rows_leaves_what_the_general_removal_leaves():
    assert _expire(False) == _expire(True)


def test_a_timestamp_spells_the_tick_as_strftime_does():
    for tick in [*range(-90_000, 200_000, 997), 86399, 86400, 31_535_999, 31_536_000, 10**9]:
        assert timestamp(tick) == (EPOCH + timedelta(seconds=tick)).strftime("%Y-%m-%dT%H:%M:%SZ")
