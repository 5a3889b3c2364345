"""A node dies: Unknown after the grace period, pods evicted after 300 s, replaced elsewhere."""

from engine_kit import create, deployment, pods, ready, reasons


def test_cluster_has_a_tainted_control_plane_with_its_components(sim):
    nodes = {n["metadata"]["name"]: n for n in sim.list("Node")}
    assert sorted(nodes) == ["control-plane", "node-1", "node-2", "node-3"]
    assert nodes["control-plane"]["spec"]["taints"][0]["key"] == "node-role.kubernetes.io/control-plane"
    names = [p["metadata"]["name"] for p in sim.list("Pod", "kube-system")]
    assert names == ["etcd-control-plane", "kube-apiserver-control-plane",
                     "kube-controller-manager-control-plane", "kube-scheduler-control-plane"]
    assert all(p["status"]["phase"] == "Running" for p in sim.list("Pod", "kube-system"))
    assert [n["metadata"]["name"] for n in sim.list("Namespace")] == [
        "default", "kube-node-lease", "kube-public", "kube-system"]


def test_node_failure_timeline(sim):
    create(sim, deployment(replicas=3))
    sim.step(100)
    victim = next(p for p in pods(sim) if p["spec"]["nodeName"] == "node-2")["metadata"]["name"]
    assert sim.run("sim fail-node node-2").exit_code == 0
    sim.step(50)  # tick 150: still within the 50 s grace period after the last heartbeat
    ready_cond = [c for c in sim.get("Node", "node-2", None)["status"]["conditions"] if c["type"] == "Ready"][0]
    assert ready_cond["status"] == "True"
    sim.step(1)
    node = sim.get("Node", "node-2", None)
    ready_cond = [c for c in node["status"]["conditions"] if c["type"] == "Ready"][0]
    assert ready_cond["status"] == "Unknown"
    assert ready_cond["message"] == "Kubelet stopped posting node status."
    assert {(t["key"], t["effect"]) for t in node["spec"]["taints"]} == {
        ("node.kubernetes.io/unreachable", "NoSchedule"), ("node.kubernetes.io/unreachable", "NoExecute")}
    assert not ready(sim.get("Pod", victim))
    assert "NodeNotReady" in reasons(sim, "Node", "node-2")
    sim.step(440 - sim.tick)
    assert not sim.get("Pod", victim)["metadata"].get("deletionTimestamp")
    sim.step(460 - sim.tick)
    evicted = sim.get("Pod", victim)
    assert evicted["metadata"].get("deletionTimestamp"), "pod should be Terminating ~300 s after the taint"
    assert "TaintManagerEviction" in reasons(sim, "Pod", victim)
    sim.step(10)
    live = pods(sim)
    assert len(live) == 3 and all(ready(p) for p in live)
    assert all(p["spec"]["nodeName"] != "node-2" for p in live)
    assert sim.get("Pod", victim) is not None, "stays Terminating while its node is unreachable"
    sim.run("sim recover-node node-2")
    sim.step(5)
    assert sim.get("Pod", victim) is None
    assert not sim.get("Node", "node-2", None)["spec"].get("taints")


def test_add_node_with_boot_time_registers_later(sim):
    assert sim.run("sim add-node node-4 --cpu 8 --memory 16Gi --boot 90").exit_code == 0
    assert sim.get("Node", "node-4", None) is None
    assert "node-4" in sim.booting
    sim.step(90)
    node = sim.get("Node", "node-4", None)
    assert node["status"]["capacity"]["cpu"] == "8"
    assert sim.run("sim add-node node-4").exit_code == 1


def test_bad_sim_commands_change_nothing(sim):
    before = sim.checksum()
    r = sim.run("sim fail-node nope")
    assert r.exit_code == 1 and 'nodes "nope" not found' in r.stderr
    assert sim.run("sim explode").exit_code == 1
    assert sim.run("sim add-node x --cpu lots").exit_code == 1
    assert sim.checksum() == before


def test_scheduler_down_leaves_new_pods_pending_but_running_pods_run(sim):
    create(sim, deployment(replicas=2))
    sim.step(10)
    sim.run("sim stop scheduler")
    sim.store.update({**sim.store.get("Deployment", "default", "web"),
                      "spec": {**sim.store.get("Deployment", "default", "web")["spec"], "replicas": 4}})
    sim.step(20)
    phases = sorted(p["status"].get("phase") for p in pods(sim))
    assert phases == ["Pending", "Pending", "Running", "Running"]
    assert all(not p["spec"].get("nodeName") for p in pods(sim) if p["status"].get("phase") == "Pending")
    sched = sim.get("Pod", "kube-scheduler-control-plane", "kube-system")
    assert sched["status"]["containerStatuses"][0]["ready"] is False
    sim.run("sim start scheduler")
    sim.step(10)
    assert sorted(p["status"].get("phase") for p in pods(sim)) == ["Running"] * 4


def test_controller_manager_down_means_no_replacements(sim):
    create(sim, deployment(replicas=2))
    sim.step(10)
    sim.run("sim stop controller-manager")
    victim = pods(sim)[0]["metadata"]["name"]
    sim.store.remove("Pod", "default", victim)
    sim.step(30)
    assert len(pods(sim)) == 1
    sim.run("sim start controller-manager")
    sim.step(10)
    assert len(pods(sim)) == 2


def test_apiserver_down_refuses_kubectl(sim):
    sim.run("sim stop apiserver")
    r = sim.run("kubectl get pods")
    assert r.exit_code == 1
    assert "The connection to the server" in r.stderr and "was refused" in r.stderr
    sim.run("sim start apiserver")


def test_deleting_a_node_shuts_the_machine_down_and_its_pods_are_collected(sim):
    create(sim, deployment(replicas=3))
    sim.step(10)
    on_node = [p["metadata"]["name"] for p in pods(sim) if p["spec"]["nodeName"] == "node-1"]
    assert on_node
    cost_before = sim.figures()["cost"]["nodeSeconds"]
    assert sim.run("kubectl delete node node-1").stdout == 'node "node-1" deleted\n'
    sim.step(30)
    assert all(sim.get("Pod", n) is not None for n in on_node), "PodGC waits its quarantine first"
    sim.step(15)
    assert all(sim.get("Pod", n) is None for n in on_node)
    live = pods(sim)
    assert len(live) == 3 and all(p["spec"]["nodeName"] != "node-1" for p in live)
    sim.step(20)
    assert all(ready(p) for p in pods(sim))
    rate_after = sim.figures()["cost"]["nodeSeconds"]
    sim.step(100)
    assert sim.figures()["cost"]["nodeSeconds"] - rate_after == 100 * 3, "three machines left: control plane, node-2, node-3"
    assert cost_before > 0
