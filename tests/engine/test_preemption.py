"""Scheduler preemption: a pod that fits nowhere removes the least important lower-priority pods."""

import yaml

from kubetui.shell import Simulation

LOW_CLASSES = ("kubectl create priorityclass low --value=10",
               "kubectl create priorityclass critical --value=1000",
               "kubectl create priorityclass polite --value=1000 --preemption-policy=Never")


def pod(name, cpu, cls=None, node=None, labels=None, stubborn=False, grace=None):
    container = {"name": "c", "image": "busybox:1.36" if stubborn else "nginx:1.25",
                 "resources": {"requests": {"cpu": cpu}}}
    if stubborn:
        container["command"] = ["sleep", "3600"]
    spec = {"containers": [container]}
    if cls:
        spec["priorityClassName"] = cls
    if node:
        spec["nodeName"] = node
    if grace is not None:
        spec["terminationGracePeriodSeconds"] = grace
    meta = {"name": name, "labels": labels or {"app": name}}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def cluster(*pods):
    sim = Simulation(seed=5)
    for line in LOW_CLASSES:
        assert sim.run(line).exit_code == 0
    for p in pods:
        r = sim.run("kubectl apply -f -", stdin=yaml.safe_dump(p))
        assert r.exit_code == 0, r.stderr
    sim.step(10)
    return sim


def events(sim, reason):
    return [(e["involvedObject"]["name"], e["message"]) for e in sim.events() if e["reason"] == reason]


def full_cluster(**kw):
    """node-1: two pods of priority 0; node-2: one of priority 10; node-3: one of priority 0."""
    return cluster(pod("a", "1500m", node="node-1", **kw), pod("b", "1500m", node="node-1", **kw),
                   pod("c", "3", cls="low", node="node-2", **kw), pod("d", "3", node="node-3", **kw))


def test_a_high_priority_pod_preempts_the_fewest_lowest_priority_pods_and_runs():
    sim = full_cluster(stubborn=True, grace=20)
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("vip", "3", cls="critical")))
    sim.step(1)
    vip = sim.get("Pod", "vip")
    assert vip["status"]["nominatedNodeName"] == "node-3", "one victim of priority 0 beats two, or one of 10"
    assert not vip["spec"].get("nodeName")
    assert events(sim, "FailedScheduling") == [
        ("vip", "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                "3 Insufficient cpu.")]
    victim = sim.get("Pod", "d")
    assert victim["metadata"]["deletionTimestamp"]
    target = [c for c in victim["status"]["conditions"] if c["type"] == "DisruptionTarget"]
    assert [(c["status"], c["reason"], c["message"]) for c in target] == [
        ("True", "PreemptionByScheduler", "default-scheduler: preempting to accommodate a higher priority pod")]
    assert events(sim, "Preempted") == [("d", f"Preempted by pod {vip['metadata']['uid']} on node node-3")]
    wide = sim.run("kubectl get pod vip -o wide").stdout.splitlines()[1].split()
    assert wide[5:8] == ["<none>", "<none>", "node-3"], "NODE, then NOMINATED NODE"
    sim.step(25)
    vip = sim.get("Pod", "vip")
    assert (vip["spec"]["nodeName"], vip["status"]["phase"]) == ("node-3", "Running")
    assert sim.get("Pod", "d") is None
    assert all(sim.get("Pod", n)["metadata"].get("deletionTimestamp") is None for n in ("a", "b", "c"))


def test_preemption_policy_never_waits():
    sim = full_cluster()
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("patient", "3", cls="polite")))
    sim.step(3)
    p = sim.get("Pod", "patient")
    assert p["status"]["phase"] == "Pending" and "nominatedNodeName" not in p["status"]
    assert events(sim, "Preempted") == []
    assert events(sim, "FailedScheduling")[-1][1] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.")
    sim.run("kubectl delete pod d")
    sim.step(5)
    assert sim.get("Pod", "patient")["spec"]["nodeName"] == "node-3", "it schedules once room appears"


def test_no_victims_says_so_per_node():
    sim = full_cluster()
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("equal", "3")))
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("huge", "5", cls="critical")))
    sim.step(2)
    messages = dict(events(sim, "FailedScheduling"))
    assert messages["equal"] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, "
        "3 No preemption victims found for incoming pod.")
    assert messages["huge"] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, "
        "3 Insufficient cpu.")
    assert events(sim, "Preempted") == []


def test_a_disruption_budget_steers_preemption_to_another_node():
    sim = full_cluster()
    sim.run("kubectl create pdb keep-d --selector=app=d --min-available=1")
    sim.step(3)
    assert sim.get("PodDisruptionBudget", "keep-d")["status"]["disruptionsAllowed"] == 0
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("vip", "3", cls="critical")))
    sim.step(1)
    assert sim.get("Pod", "vip")["status"]["nominatedNodeName"] == "node-1", "two victims, but no budget broken"
    assert sorted(n for n, _ in events(sim, "Preempted")) == ["a", "b"]
    sim.step(10)
    assert sim.get("Pod", "vip")["spec"]["nodeName"] == "node-1"
    assert sim.get("Pod", "d")["metadata"].get("deletionTimestamp") is None


def test_the_queue_pops_higher_priority_first():
    sim = cluster(pod("fill", "2", node="node-1"), pod("keep", "1500m", node="node-1"),
                  pod("fill2", "3", node="node-2"), pod("fill3", "3", node="node-3"))
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("early", "1500m")))
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("late", "1500m", cls="polite")))
    sim.step(2)
    sim.run("kubectl delete pod fill --grace-period=0 --force")
    sim.step(3)
    assert sim.get("Pod", "late")["spec"].get("nodeName") == "node-1"
    assert not sim.get("Pod", "early")["spec"].get("nodeName"), "room for one: the higher priority goes first"


def test_preemption_is_deterministic():
    def run():
        sim = full_cluster()
        sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("vip", "3", cls="critical")))
        sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("vip2", "3", cls="critical")))
        sim.step(40)
        return sim.checksum(), [(e["involvedObject"]["name"], e["reason"], e["message"]) for e in sim.events()]
    assert run() == run()


def test_a_nominated_pod_holds_its_room_and_waits_for_its_victims():
    sim = full_cluster(stubborn=True, grace=20)
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod("vip", "3", cls="critical")))
    sim.step(1)
    small = pod("small", "1")
    small["spec"]["nodeSelector"] = {"kubernetes.io/hostname": "node-3"}
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(small))
    sim.run("kubectl label node node-1 retry=now")
    sim.step(2)
    assert not sim.get("Pod", "small")["spec"].get("nodeName"), "node-3's free cpu is held for vip"
    failures = events(sim, "FailedScheduling")
    assert [m for n, m in failures if n == "vip"][-1] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.")
    assert [m for n, m in failures if n == "small"][-1].startswith("0/4 nodes are available: 1 Insufficient cpu, ")
    assert [n for n, _ in events(sim, "Preempted")] == ["d"], "no second round of victims"
    assert sim.get("Pod", "vip")["status"]["nominatedNodeName"] == "node-3"
    sim.step(25)
    assert sim.get("Pod", "vip")["spec"]["nodeName"] == "node-3"
    assert sim.get("Pod", "small")["spec"]["nodeName"] == "node-3", "the rest of the room is free again"
