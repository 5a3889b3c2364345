"""The scheduler's filters, scoring and FailedScheduling messages."""

from engine_kit import create, pod, reasons


def test_failed_scheduling_message_in_kubectls_words(sim):
    create(sim, pod("big", resources={}, containers=[{"name": "app", "image": "nginx:1.25",
                                                       "resources": {"requests": {"cpu": "64"}}}]))
    sim.step(2)
    p = sim.get("Pod", "big")
    assert p["status"]["phase"] == "Pending"
    cond = [c for c in p["status"]["conditions"] if c["type"] == "PodScheduled"][0]
    assert cond["reason"] == "Unschedulable"
    assert cond["message"] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, "
        "3 No preemption victims found for incoming pod.")
    assert "FailedScheduling" in reasons(sim, "Pod", "big")
    explained = {e["node"]: e for e in sim.scheduler.explain(p)}
    assert explained["node-1"]["reasons"] == ["Insufficient cpu"]
    assert not explained["control-plane"]["fits"]


def test_pending_pod_is_scheduled_when_a_node_arrives(sim):
    create(sim, pod("big", containers=[{"name": "app", "image": "nginx:1.25",
                                         "resources": {"requests": {"cpu": "6"}}}]))
    sim.step(3)
    assert not sim.get("Pod", "big")["spec"].get("nodeName")
    sim.run("sim add-node node-9 --cpu 8 --memory 16Gi")
    sim.step(2)
    assert sim.get("Pod", "big")["spec"]["nodeName"] == "node-9"


def test_node_selector_and_spreading(sim):
    for i in range(6):
        create(sim, pod(f"p{i}"))
    sim.step(1)
    nodes = [sim.get("Pod", f"p{i}")["spec"]["nodeName"] for i in range(6)]
    assert sorted(nodes) == ["node-1", "node-1", "node-2", "node-2", "node-3", "node-3"]
    create(sim, pod("sel", nodeSelector={"kubernetes.io/hostname": "node-3"}))
    sim.step(1)
    assert sim.get("Pod", "sel")["spec"]["nodeName"] == "node-3"


def test_cordoned_node_gets_nothing(sim):
    node = sim.store.get("Node", None, "node-1")
    sim.store.update({**node, "spec": {**node["spec"], "unschedulable": True}})
    for i in range(4):
        create(sim, pod(f"p{i}"))
    sim.step(1)
    assert all(sim.get("Pod", f"p{i}")["spec"]["nodeName"] != "node-1" for i in range(4))


def test_default_tolerations_are_added(sim):
    create(sim, pod("p"))
    tols = sim.get("Pod", "p")["spec"]["tolerations"]
    assert {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
            "tolerationSeconds": 300} in tols
    assert {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
            "tolerationSeconds": 300} in tols


def test_a_bound_status_is_the_one_for_that_status_and_time_whatever_came_before():
    from kubetui.engine.scheduler import scheduler

    def expected(status, now):
        return {**status, "conditions": [*status.get("conditions", ()), {
            "type": "PodScheduled", "status": "True", "lastProbeTime": None, "lastTransitionTime": now}]}

    burstable = {"phase": "Pending", "qosClass": "Burstable"}
    best_effort = {"phase": "Pending", "qosClass": "BestEffort"}
    t1, t2 = "2026-01-01T00:00:01Z", "2026-01-01T00:00:02Z"
    for status, now in [(burstable, t1), (burstable, t1), (best_effort, t1), (burstable, t1),
                        (burstable, t2), (dict(burstable), t2), (best_effort, t2), (best_effort, t1)]:
        assert scheduler._bound_status(status, now) == expected(status, now)
    assert scheduler._bound_status(burstable, t1) is scheduler._bound_status(dict(burstable), t1)
