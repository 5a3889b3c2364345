"""The scheduler's fast paths place every pod where the plugins say, tick for tick.

A mid-size cluster (300 nodes: a share of them scored per pod, the search window wrapping
around) with nodes of several sizes, a PreferNoSchedule taint, a NoSchedule taint the pods do
not tolerate, a cordoned node, pods with and without requests, a nodeSelector, and more pods
than fit. The figures were recorded before the scheduler's array path existed: the bindings on
main at 33d79ef, the checksum on main at 1a29fb8 (ServiceAccounts and their tokens changed every
cluster's state in between, not the bindings), re-recorded when the cluster's Kubernetes version
went from v1.32 to v1.36 (every node's nodeInfo and the control-plane images) and when the bootstrap
RBAC gained system:service-account-issuer-discovery (a ClusterRole and its binding in every
cluster), and when the kubelet stopped reporting a pod between its sandbox and the end of its
image pull (one status write fewer per pod), and when a Deployment's status began to follow its
ReplicaSets' in the same tick: again not the bindings. The same seed must give both again.
"""

import hashlib

import pytest

from kubetui import Simulation

BEFORE_BINDINGS = "c43d263655c9d8ed53953dd751697145"
BEFORE_CHECKSUM = "0df67ae4d3e91fe13131183960cf3488"


def build() -> Simulation:
    nodes = []
    for i in range(1, 301):
        node = {"name": f"node-{i}", "cpu": ("1", "2", "4")[i % 3], "memory": ("4Gi", "8Gi", "6Gi")[i % 3],
                "pods": (8, 10, 14)[i % 3], "labels": {"disk": "ssd" if i % 7 == 0 else "hdd"}}
        if i % 50 == 0:
            node["taints"] = [{"key": "spot", "value": "yes", "effect": "PreferNoSchedule"}]
        if i % 97 == 0:
            node["taints"] = [{"key": "gpu", "value": "yes", "effect": "NoSchedule"}]
        nodes.append(node)
    sim = Simulation(seed=5, nodes=nodes)
    sim.run("kubectl cordon node-13")
    for i in range(40):
        cpu, mem = ("100m", "250m", "500m", None)[i % 4], ("64Mi", "300Mi", "1Gi", None)[i % 4]
        resources = {"requests": {"cpu": cpu, "memory": mem}} if cpu else {}
        spec: dict = {"containers": [{"name": "app", "image": "nginx:1.25", "resources": resources}]}
        if i % 9 == 0:
            spec["nodeSelector"] = {"disk": "ssd"}
        sim.store.create({"apiVersion": "apps/v1", "kind": "Deployment",
                          "metadata": {"name": f"app-{i}", "namespace": "default"},
                          "spec": {"replicas": 60 + (i * 7) % 60, "selector": {"matchLabels": {"app": f"app-{i}"}},
                                   "template": {"metadata": {"labels": {"app": f"app-{i}"}}, "spec": spec}}})
    return sim


def bindings(sim: Simulation) -> str:
    rows = sorted(f"{p['metadata']['name']}={p['spec'].get('nodeName', '')}" for p in sim.store.iter("Pod", "default"))
    return hashlib.blake2b("\n".join(rows).encode(), digest_size=16).hexdigest()


@pytest.mark.slow  # 300 nodes: the full suite runs it
def test_the_same_seed_places_every_pod_on_the_same_node_as_before():
    sim = build()
    sim.step(3)
    pending = sum(1 for p in sim.store.iter("Pod", "default") if not p["spec"].get("nodeName"))
    assert pending > 0, "the cluster should hold more pods than fit, so that filters refuse some"
    sim.run("kubectl uncordon node-13")
    sim.run("kubectl scale deployment app-3 --replicas=5")
    sim.step(3)
    assert bindings(sim) == BEFORE_BINDINGS
    assert sim.checksum() == BEFORE_CHECKSUM
