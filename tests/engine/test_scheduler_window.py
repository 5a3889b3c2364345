"""The scheduler's shortcut for a request every node has room for places each pod where the
general search does: the same nodes, tick for tick, with taints the pods tolerate or not,
PreferNoSchedule taints (scored by the plugins), cordoned nodes and the search window wrapping."""

import hashlib

from kubetui import Simulation
from kubetui.engine.scheduler import scheduler as scheduler_module


def build() -> Simulation:
    nodes = []
    for i in range(1, 121):
        node: dict = {"name": f"node-{i}", "cpu": "64", "memory": "256Gi", "pods": 500}
        if i % 11 == 0:
            node["taints"] = [{"key": "spot", "value": "yes", "effect": "PreferNoSchedule"}]
        if i % 17 == 0:
            node["taints"] = [{"key": "gpu", "value": "yes", "effect": "NoSchedule"}]
        nodes.append(node)
    sim = Simulation(seed=11, nodes=nodes)
    sim.run("kubectl cordon node-5")
    sim.run("kubectl cordon node-6")
    for i in range(12):
        cpu, mem = ("100m", "250m", None)[i % 3], ("64Mi", "300Mi", None)[i % 3]
        spec: dict = {"containers": [{"name": "app", "image": "nginx:1.25",
                                      "resources": {"requests": {"cpu": cpu, "memory": mem}} if cpu else {}}]}
        if i % 4 == 1:
            spec["tolerations"] = [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]
        sim.store.create({"apiVersion": "apps/v1", "kind": "Deployment",
                          "metadata": {"name": f"app-{i}", "namespace": "default"},
                          "spec": {"replicas": 40 + i * 5, "selector": {"matchLabels": {"app": f"app-{i}"}},
                                   "template": {"metadata": {"labels": {"app": f"app-{i}"}}, "spec": spec}}})
    return sim


def run() -> tuple[str, str]:
    sim = build()
    sim.step(2)
    sim.run("kubectl uncordon node-5")
    sim.run("kubectl scale deployment app-3 --replicas=150")
    sim.step(2)
    rows = sorted(f"{p['metadata']['name']}={p['spec'].get('nodeName', '')}" for p in sim.store.iter("Pod", "default"))
    return hashlib.blake2b("\n".join(rows).encode(), digest_size=16).hexdigest(), sim.checksum()


def test_the_shortcut_places_every_pod_where_the_general_search_does(monkeypatch):
    calls = []
    shortcut = scheduler_module.Scheduler._schedule_all_fit

    def counted(self, *args):
        found = shortcut(self, *args)
        calls.append(found is not scheduler_module._UNDECIDED)
        return found

    monkeypatch.setattr(scheduler_module.Scheduler, "_schedule_all_fit", counted)
    fast = run()
    assert sum(calls) > 500, "the shortcut should have placed most pods"
    monkeypatch.setattr(scheduler_module.Scheduler, "_schedule_all_fit",
                        lambda self, *args: scheduler_module._UNDECIDED)
    assert run() == fast
