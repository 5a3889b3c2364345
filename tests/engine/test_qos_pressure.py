"""QoS class at admission, node memory pressure, eviction order, and simulated container escapes."""

from kubetui.engine.kubelet.images import ImageBehavior
from kubetui.shell import Simulation


def pod(name, image, node="node-1", resources=None, **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"nodeName": node, "containers": [{"name": "app", "image": image, "resources": resources or {}}],
                     **spec}}


def test_qos_class_is_set_when_the_pod_is_created():
    sim = Simulation(seed=1)
    assert sim.store.create(pod("be", "nginx:1.25"))["status"]["qosClass"] == "BestEffort"
    assert sim.store.create(pod("bu", "nginx:1.25", resources={"requests": {"memory": "64Mi"}}))["status"]["qosClass"] == "Burstable"
    g = sim.store.create(pod("g", "nginx:1.25", resources={"limits": {"cpu": "100m", "memory": "64Mi"}}))
    assert g["status"]["qosClass"] == "Guaranteed"


def test_memory_pressure_evicts_best_effort_first_then_burstable_over_requests():
    images = {"shop/cache:1": ImageBehavior(memory=500),
              "shop/leak:1": ImageBehavior(memory=100, memoryGrowth=50.0)}
    sim = Simulation(seed=1, nodes=[{"name": "node-1", "cpu": "4", "memory": "2Gi"}], images=images)
    sim.store.create(pod("guaranteed", "shop/cache:1",
                         resources={"limits": {"cpu": "100m", "memory": "600Mi"}}))
    sim.store.create(pod("besteffort", "shop/cache:1"))
    sim.store.create(pod("leaky", "shop/leak:1", resources={"requests": {"memory": "200Mi"}}))
    sim.step(10)
    assert all(p["status"]["phase"] == "Running" for p in sim.list("Pod", "default"))
    node = sim.get("Node", "node-1", namespace=None)
    assert {c["type"]: c["status"] for c in node["status"]["conditions"]}["MemoryPressure"] == "False"
    sim.step(15)
    be = sim.get("Pod", "besteffort")
    assert be["status"]["phase"] == "Failed"
    assert be["status"]["reason"] == "Evicted"
    assert be["status"]["message"].startswith("The node was low on resource: memory. Threshold quantity: 100Mi, available: ")
    assert "Container app was using 512000Ki, request is 0, has larger consumption of memory. " in be["status"]["message"]
    assert sim.get("Pod", "leaky")["status"]["phase"] == "Running"
    node = sim.get("Node", "node-1", namespace=None)
    pressure = next(c for c in node["status"]["conditions"] if c["type"] == "MemoryPressure")
    assert (pressure["status"], pressure["reason"]) == ("True", "KubeletHasInsufficientMemory")
    assert {"key": "node.kubernetes.io/memory-pressure", "effect": "NoSchedule"} in node["spec"]["taints"]
    evicted = [e for e in sim.events() if e["reason"] == "Evicted"]
    assert evicted[0]["type"] == "Warning" and evicted[0]["source"]["component"] == "kubelet"
    sim.step(30)
    assert sim.get("Pod", "leaky")["status"]["reason"] == "Evicted"
    assert sim.get("Pod", "guaranteed")["status"]["phase"] == "Running"
    assert [e["pod"] for e in sim.kubelet.eviction.evicted] == ["besteffort", "leaky"]
    sim.step(320)
    node = sim.get("Node", "node-1", namespace=None)
    assert next(c for c in node["status"]["conditions"] if c["type"] == "MemoryPressure")["status"] == "False"
    assert not any(t["key"] == "node.kubernetes.io/memory-pressure" for t in node["spec"].get("taints") or ())


def test_oomkilled_at_the_container_limit():
    sim = Simulation(seed=1, images={"shop/leak:1": ImageBehavior(memory=10, memoryGrowth=10.0)})
    sim.store.create(pod("leak", "shop/leak:1", resources={"limits": {"memory": "50Mi"}}))
    sim.step(15)
    status = sim.get("Pod", "leak")["status"]["containerStatuses"][0]
    terminated = status["lastState"].get("terminated") or status["state"].get("terminated")
    assert terminated["reason"] == "OOMKilled" and terminated["exitCode"] == 137


def test_compromised_privileged_container_escapes_and_unprivileged_stays_contained():
    sim = Simulation(seed=1, images={"evil/miner:1": ImageBehavior(compromised=True)})
    sim.store.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db-pass"},
                      "stringData": {"password": "hunter2"}})
    victim = pod("shop", "nginx:1.25")
    victim["spec"]["containers"][0]["env"] = [
        {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db-pass", "key": "password"}}}]
    sim.store.create(victim)
    sim.store.create(pod("safe", "evil/miner:1", node="node-1"))
    sim.step(10)
    assert sim.kubelet.breaches.figures()["escapes"] == 0
    assert any(e["reason"] == "ContainerEscapeBlocked" for e in sim.events())
    bad = pod("bad", "evil/miner:1", node="node-1")
    bad["spec"]["containers"][0]["securityContext"] = {"privileged": True}
    sim.store.create(bad)
    sim.step(10)
    escapes = [e for e in sim.events() if e["reason"] == "ContainerEscape"]
    assert {e["involvedObject"]["kind"] for e in escapes} == {"Pod", "Node"}
    assert escapes[0]["type"] == "Warning" and escapes[0]["source"]["component"] == "kubetui-security"
    assert escapes[0]["message"].startswith("[simulated] container app (image evil/miner:1) escaped to node node-1 via privileged")
    assert sim.get("Node", "node-1", namespace=None)["metadata"]["annotations"]["kubetui.io/breached"] == "default/bad"
    assert sim.figures()["breaches"] == {"escapes": 1, "nodes": ["node-1"], "secretsExposed": ["default/db-pass"]}
    exposed = sim.kubelet.breaches.log[0]["env"]["default/shop"]
    assert [n for n in exposed if not n.startswith("KUBERNETES_")] == ["DB_PASSWORD", "HOSTNAME"]
    assert "KUBERNETES_SERVICE_HOST" in exposed
