"""Each kubelet's heartbeat is a Lease in kube-node-lease, renewed every 10 s while it runs."""

from kubetui.model.clock import tick_of
from kubetui.shell import Simulation


def renewed(sim, node="node-1"):
    return tick_of(sim.get("Lease", node, "kube-node-lease")["spec"]["renewTime"])


def test_a_lease_per_node_renewed_every_ten_seconds_until_the_node_goes_dark():
    sim = Simulation(seed=1)
    names = [lease["metadata"]["name"] for lease in sim.list("Lease", "kube-node-lease")]
    assert names == ["control-plane", "node-1", "node-2", "node-3"]
    sim.step(45)
    first = renewed(sim)
    assert 35 <= first <= 45
    sim.step(10)
    assert renewed(sim) == first + 10
    lease = sim.get("Lease", "node-1", "kube-node-lease")
    assert lease["spec"]["leaseDurationSeconds"] == 40 and lease["spec"]["holderIdentity"] == "node-1"
    assert lease["metadata"]["ownerReferences"][0]["kind"] == "Node"
    sim.run("sim fail-node node-1")
    stopped = renewed(sim)
    sim.step(100)
    assert renewed(sim) == stopped, "a dead kubelet renews nothing"
    sim.run("sim recover-node node-1")
    sim.step(11)
    assert renewed(sim) > stopped + 100


def test_describe_node_shows_its_lease_and_the_lease_goes_with_the_node():
    sim = Simulation(seed=1)
    sim.step(25)
    text = sim.run("kubectl describe node node-2").stdout
    assert "Lease:\n  HolderIdentity:  node-2\n  AcquireTime:     <unset>\n  RenewTime:       Thu, 01 Jan 2026 00:00:2" in text
    sim.run("kubectl delete node node-2")
    sim.step(5)
    assert sim.get("Lease", "node-2", "kube-node-lease") is None


def test_leases_draw_nothing_from_the_random_generator():
    a, b = Simulation(seed=3), Simulation(seed=3, nodes=6)
    a.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    b.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    assert [p["metadata"]["name"] for p in a.list("Pod")] == [p["metadata"]["name"] for p in b.list("Pod")]
