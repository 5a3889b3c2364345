"""A renewal folded into the kubelet's last managedFields note keeps only its time aside
(`Ledger.renewed`): the Lease's managedFields, read at any moment, in a copy of the cluster
too, name the time of the last renewal, as writing it into the note each time did."""

from kubetui import Simulation
from kubetui.engine.kubelet.nodelease import LEASE_NAMESPACE


def kubelet_time(sim, lease: dict) -> str:
    entries = sim.store.managed.view(lease)["metadata"]["managedFields"]
    return next(e["time"] for e in entries if e["manager"] == "kubelet")


def test_the_managed_fields_time_is_the_last_renewal():
    sim = Simulation(seed=2, nodes=2)
    for _ in range(4):
        sim.step(11)
        lease = sim.store.get("Lease", LEASE_NAMESPACE, "node-1")
        renewed = lease["spec"]["renewTime"]
        assert kubelet_time(sim, lease) == renewed[:19] + "Z"
    sim.step(10)
    copy = sim.fork()
    lease = sim.store.get("Lease", LEASE_NAMESPACE, "node-2")
    assert kubelet_time(copy, copy.store.get("Lease", LEASE_NAMESPACE, "node-2")) \
        == kubelet_time(sim, lease) == lease["spec"]["renewTime"][:19] + "Z"
    assert sim.store.managed.renewed  # renewals since the last read wait aside


def test_a_write_after_renewals_carries_their_time():
    sim = Simulation(seed=2, nodes=2)
    sim.step(25)
    lease = sim.store.get("Lease", LEASE_NAMESPACE, "node-1")
    renewed = lease["spec"]["renewTime"][:19] + "Z"
    sim.run(f"kubectl label lease -n {LEASE_NAMESPACE} node-1 team=a")
    lease = sim.store.get("Lease", LEASE_NAMESPACE, "node-1")
    entries = sim.store.managed.view(lease)["metadata"]["managedFields"]
    assert [e["time"] for e in entries if e["manager"] == "kubelet"] == [renewed]
    assert any(e["manager"] == "kubectl-label" for e in entries)
