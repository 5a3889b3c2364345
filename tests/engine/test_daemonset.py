"""DaemonSet: one pod per eligible node, node changes, tolerations, rolling update, OnDelete."""

import copy

from engine_kit import create, deployment, reasons

from kubetui.engine.store import delete


def daemonset(name="agent", image="nginx:1.25", namespace="kube-system", **pod_spec):
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name, "namespace": namespace},
          "spec": {"selector": {"matchLabels": {"app": name}},
                   "template": {"metadata": {"labels": {"app": name}},
                                "spec": {"containers": [{"name": "a", "image": image}]}}}}
    ds["spec"]["template"]["spec"].update(pod_spec)
    return ds


def agent_pods(sim, name="agent", namespace="kube-system"):
    return [p for p in sim.list("Pod", namespace, labels=f"app={name}") if not p["metadata"].get("deletionTimestamp")]


def nodes_of(sim, name="agent"):
    return sorted(p["spec"].get("nodeName") for p in agent_pods(sim, name))


def update_ds(sim, name="agent", **changes):
    ds = copy.deepcopy(sim.store.get("DaemonSet", "kube-system", name))
    for key, value in changes.items():
        if key == "image":
            ds["spec"]["template"]["spec"]["containers"][0]["image"] = value
        else:
            ds["spec"][key] = value
    return sim.store.update(ds)


def test_one_pod_per_worker_not_on_the_control_plane(sim):
    create(sim, daemonset())
    sim.step(10)
    assert nodes_of(sim) == ["node-1", "node-2", "node-3"]
    pod = agent_pods(sim)[0]
    assert pod["metadata"]["name"].startswith("agent-") and len(pod["metadata"]["name"]) == len("agent-") + 5
    node = pod["spec"]["nodeName"]
    terms = pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    assert terms == [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]
    tolerations = {(t["key"], t["effect"]) for t in pod["spec"]["tolerations"]}
    assert tolerations == {("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
                           ("node.kubernetes.io/disk-pressure", "NoSchedule"),
                           ("node.kubernetes.io/memory-pressure", "NoSchedule"),
                           ("node.kubernetes.io/pid-pressure", "NoSchedule"),
                           ("node.kubernetes.io/unschedulable", "NoSchedule")}
    assert all("tolerationSeconds" not in t for t in pod["spec"]["tolerations"])
    assert "controller-revision-hash" in pod["metadata"]["labels"]
    assert pod["metadata"]["labels"]["pod-template-generation"] == "1"
    status = sim.get("DaemonSet", "agent", "kube-system")["status"]
    assert status == {"currentNumberScheduled": 3, "numberMisscheduled": 0, "desiredNumberScheduled": 3,
                      "numberReady": 3, "observedGeneration": 1, "updatedNumberScheduled": 3, "numberAvailable": 3}
    created = [e for e in sim.events() if e["reason"] == "SuccessfulCreate" and e["involvedObject"]["kind"] == "DaemonSet"]
    assert len(created) == 3 and created[0]["source"]["component"] == "daemonset-controller"
    assert created[0]["message"].startswith("Created pod: agent-")


def test_tolerating_the_control_plane_taint_runs_there_too(sim):
    create(sim, daemonset(tolerations=[{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                                        "effect": "NoSchedule"}]))
    sim.step(10)
    assert nodes_of(sim) == ["control-plane", "node-1", "node-2", "node-3"]


def test_new_node_gets_a_pod_and_a_removed_node_loses_it(sim):
    create(sim, daemonset())
    sim.step(10)
    assert sim.run("sim add-node node-4").exit_code == 0
    sim.step(5)
    assert nodes_of(sim) == ["node-1", "node-2", "node-3", "node-4"]
    assert sim.get("DaemonSet", "agent", "kube-system")["status"]["desiredNumberScheduled"] == 4
    delete(sim.store, "Node", None, "node-4")
    sim.step(1)
    assert nodes_of(sim) == ["node-1", "node-2", "node-3"]
    assert sim.get("DaemonSet", "agent", "kube-system")["status"]["desiredNumberScheduled"] == 3
    assert "SuccessfulDelete" in reasons(sim, "DaemonSet", "agent")


def test_node_selector_follows_node_labels(sim):
    create(sim, daemonset(nodeSelector={"disk": "ssd"}))
    sim.step(5)
    assert nodes_of(sim) == []
    node = copy.deepcopy(sim.store.get("Node", None, "node-2"))
    node["metadata"]["labels"]["disk"] = "ssd"
    sim.store.update(node)
    sim.step(5)
    assert nodes_of(sim) == ["node-2"]
    del node["metadata"]["labels"]["disk"]
    sim.store.update(copy.deepcopy(node))
    sim.step(1)
    assert nodes_of(sim) == []


def test_untolerated_no_execute_taint_removes_the_pod(sim):
    create(sim, daemonset())
    sim.step(10)
    node = copy.deepcopy(sim.store.get("Node", None, "node-1"))
    node["spec"]["taints"] = [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]
    sim.store.update(node)
    sim.step(2)
    assert nodes_of(sim) == ["node-1", "node-2", "node-3"], "a NoSchedule taint keeps the running pod"
    node = copy.deepcopy(sim.store.get("Node", None, "node-1"))
    node["spec"]["taints"] = [{"key": "dedicated", "value": "db", "effect": "NoExecute"}]
    sim.store.update(node)
    sim.step(2)
    assert nodes_of(sim) == ["node-2", "node-3"]


def test_daemon_pods_stay_on_a_failed_node(sim):
    create(sim, daemonset())
    create(sim, deployment(replicas=6))
    sim.step(10)
    sim.run("sim fail-node node-1")
    sim.step(500)
    assert nodes_of(sim) == ["node-1", "node-2", "node-3"]
    evicted = {e["involvedObject"]["name"] for e in sim.events() if e["reason"] == "TaintManagerEviction"}
    assert evicted and all(name.startswith("web-") for name in evicted)


def test_rolling_update_replaces_one_node_at_a_time(sim):
    create(sim, daemonset())
    sim.step(10)
    old_hash = agent_pods(sim)[0]["metadata"]["labels"]["controller-revision-hash"]
    update_ds(sim, image="nginx:1.27")
    for _ in range(60):
        sim.step(1)
        status = sim.get("DaemonSet", "agent", "kube-system")["status"]
        ready = [p for p in agent_pods(sim) if any(c["type"] == "Ready" and c["status"] == "True"
                                                    for c in p["status"].get("conditions", ()))]
        assert len({p["spec"]["nodeName"] for p in ready}) >= 2, f"tick {sim.tick}: more than one node down"
    pods = agent_pods(sim)
    new_hash = pods[0]["metadata"]["labels"]["controller-revision-hash"]
    assert new_hash != old_hash
    assert all(p["metadata"]["labels"]["controller-revision-hash"] == new_hash for p in pods)
    assert all(p["metadata"]["labels"]["pod-template-generation"] == "2" for p in pods)
    assert {p["spec"]["containers"][0]["image"] for p in pods} == {"nginx:1.27"}
    assert status["updatedNumberScheduled"] == 3 and status["numberAvailable"] == 3 and status["observedGeneration"] == 2
    revisions = {r["metadata"]["name"]: r["revision"] for r in sim.list("ControllerRevision", "kube-system")}
    assert revisions == {f"agent-{old_hash}": 1, f"agent-{new_hash}": 2}
    update_ds(sim, image="nginx:1.25")
    sim.step(60)
    revisions = {r["metadata"]["name"]: r["revision"] for r in sim.list("ControllerRevision", "kube-system")}
    assert revisions == {f"agent-{old_hash}": 3, f"agent-{new_hash}": 2}
    assert {p["metadata"]["labels"]["controller-revision-hash"] for p in agent_pods(sim)} == {old_hash}


def test_on_delete_waits_for_the_user(sim):
    ds = daemonset()
    ds["spec"]["updateStrategy"] = {"type": "OnDelete"}
    create(sim, ds)
    sim.step(10)
    before = sorted(p["metadata"]["name"] for p in agent_pods(sim))
    update_ds(sim, image="nginx:1.27")
    sim.step(30)
    assert sorted(p["metadata"]["name"] for p in agent_pods(sim)) == before
    assert "updatedNumberScheduled" not in sim.get("DaemonSet", "agent", "kube-system")["status"]
    victim = [p for p in agent_pods(sim) if p["spec"]["nodeName"] == "node-1"][0]
    delete(sim.store, "Pod", "kube-system", victim["metadata"]["name"])
    sim.step(40)
    replaced = [p for p in agent_pods(sim) if p["spec"]["nodeName"] == "node-1"]
    assert len(replaced) == 1 and replaced[0]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert sim.get("DaemonSet", "agent", "kube-system")["status"]["updatedNumberScheduled"] == 1
