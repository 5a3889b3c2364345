"""Cluster autoscaler: VMs booted for pods that fit nowhere, idle nodes given back, cost."""

from engine_kit import create, deployment

from kubetui.model.clock import tick_of
from kubetui.shell import Simulation

POOL = {"name": "pool-a", "min": 1, "max": 3, "cpu": "2", "memory": "4Gi", "bootSeconds": 90, "pricePerHour": 0.36}


def autoscaled(pool=POOL, nodes=0):
    return Simulation(seed=5, nodes=nodes, node_pools=[pool])


def web(sim, replicas, cpu="800m"):
    d = deployment(replicas=replicas)
    d["spec"]["template"]["spec"]["containers"][0]["resources"] = {"requests": {"cpu": cpu}}
    create(sim, d)


def scale(sim, n):
    d = sim.get("Deployment", "web")
    d["spec"]["replicas"] = n
    sim.store.update(d)


def running(sim):
    return sum(p["status"].get("phase") == "Running" and not p["metadata"].get("deletionTimestamp")
               for p in sim.list("Pod", "default"))


def nodes(sim):
    return [n["metadata"]["name"] for n in sim.list("Node") if n["metadata"]["name"] != "control-plane"]


def ca_events(sim, reason):
    return [(e["involvedObject"]["name"], e["message"]) for e in sim.events() if e["reason"] == reason]


def test_unschedulable_pods_boot_a_vm_and_run_once_it_is_up():
    sim = autoscaled()
    web(sim, 2)
    sim.step(10)
    assert running(sim) == 2 and nodes(sim) == ["pool-a-1"]
    scale(sim, 5)
    sim.step(10)
    assert sorted(sim.booting) == ["pool-a-2", "pool-a-3"], "3 pods of 800m need two 2-CPU nodes"
    triggered = ca_events(sim, "TriggeredScaleUp")
    assert len(triggered) == 3
    assert {m for _, m in triggered} == {"pod triggered scale-up: [{pool-a 1->3 (max: 3)}]"}
    ordered = tick_of(sim.events()[-1]["firstTimestamp"])
    sim.step(80)
    assert running(sim) == 2 and nodes(sim) == ["pool-a-1"], "the VMs are still booting"
    sim.step(15)
    assert nodes(sim) == ["pool-a-1", "pool-a-2", "pool-a-3"]
    assert running(sim) == 5
    assert ca_events(sim, "NotTriggerScaleUp") == []
    assert sim.figures()["boot"]["vmBootSeconds"] == 90.0
    assert sim.tick - ordered >= 90


def test_a_pod_no_pool_can_take_gets_not_trigger_scale_up():
    sim = autoscaled()
    web(sim, 1, cpu="3")
    sim.step(12)
    assert sim.booting == {}
    assert ca_events(sim, "NotTriggerScaleUp")[0][1] == "pod didn't trigger scale-up: 1 Insufficient cpu"
    pool_full = autoscaled({**POOL, "max": 1})
    web(pool_full, 4)
    pool_full.step(12)
    assert ca_events(pool_full, "NotTriggerScaleUp")[0][1] == "pod didn't trigger scale-up: 1 max node group size reached"


def test_idle_nodes_are_drained_and_removed_but_never_below_min():
    sim = autoscaled()
    web(sim, 5)
    sim.step(120)
    assert len(nodes(sim)) == 3 and running(sim) == 5
    scale(sim, 1)
    sim.step(600)
    assert len(nodes(sim)) == 3, "no scale-down within 10 minutes of a scale-up"
    sim.step(700)
    assert len(nodes(sim)) == 1, "a pool never shrinks below min"
    assert running(sim) == 1
    marked = ca_events(sim, "ScaleDown")
    assert ("marked the node as toBeDeleted/unschedulable" in {m for _, m in marked})
    sim.step(1200)
    assert len(nodes(sim)) == 1


def test_cost_grows_with_the_number_of_machines():
    small = autoscaled()
    big = autoscaled()
    web(small, 1)
    web(big, 5)
    small.step(300)
    big.step(300)
    cs, cb = small.figures()["cost"], big.figures()["cost"]
    assert cs["nodeSeconds"] == 600.0, "control plane + one pool node for 300 s"
    assert cb["nodeSeconds"] > cs["nodeSeconds"] + 2 * 200
    assert cb["price"] > cs["price"]
    assert cb["nodes"]["pool-a-2"] > 280 and set(cb["nodes"]) == {"control-plane", "pool-a-1", "pool-a-2", "pool-a-3"}
    pool_seconds = cb["pools"]["pool-a"]
    assert abs(cb["price"] - (300 * 0.10 + pool_seconds * 0.36) / 3600) < 1e-6


def test_a_deployment_scales_out_in_seconds_on_free_nodes_but_in_minutes_when_a_vm_must_boot():
    """The seed's VM vs container: a container starts in seconds, a VM needs its OS to boot."""
    roomy = Simulation(seed=5, nodes=[{"name": "node-1", "cpu": "8", "memory": "16Gi"}])
    tight = autoscaled({**POOL, "max": 5, "bootSeconds": 120})
    times = []
    for sim in (roomy, tight):
        web(sim, 1)
        sim.step(20)
        scale(sim, 4)
        start = sim.tick
        while running(sim) < 4 and sim.tick - start < 600:
            sim.step(1)
        times.append(sim.tick - start)
    assert times[0] <= 10
    assert times[1] >= 120
    boot = tight.figures()["boot"]
    assert boot["vmBootSeconds"] == 120.0 and boot["containerStartSeconds"] < 10


def candidate_taints(sim):
    return {n["metadata"]["name"]: [t for t in n["spec"].get("taints") or ()
                                    if t["key"] == "DeletionCandidateOfClusterAutoscaler"]
            for n in sim.list("Node")}


def test_unneeded_nodes_carry_a_soft_taint_that_goes_when_they_are_needed_again():
    sim = autoscaled()
    web(sim, 5)
    sim.step(120)
    scale(sim, 1)
    sim.step(620)
    marked = {n: t for n, t in candidate_taints(sim).items() if t}
    assert len(marked) >= 1, "idle pool nodes are marked as candidates for scale-down"
    assert all(t[0]["effect"] == "PreferNoSchedule" for t in marked.values())
    assert "control-plane" not in marked
    scale(sim, 6)
    sim.step(30)
    assert running(sim) == 6, "a soft taint only steers pods away; it never keeps them out"
    assert not any(candidate_taints(sim).values()), "busy again: the mark goes"


def test_a_disruption_budget_keeps_an_idle_node():
    sim = Simulation(seed=5, nodes=[{"name": "node-1", "cpu": "4", "memory": "8Gi"}],
                     node_pools=[{**POOL, "min": 0, "max": 1}])
    sim.run("kubectl cordon node-1")
    web(sim, 1)
    sim.step(120)
    assert nodes(sim) == ["node-1", "pool-a-1"] and running(sim) == 1
    sim.run("kubectl uncordon node-1")
    sim.store.create({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                      "metadata": {"name": "web", "namespace": "default"},
                      "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}}})
    sim.step(1900)
    assert nodes(sim) == ["node-1", "pool-a-1"], "evicting the pod would leave web below minAvailable"
    assert ca_events(sim, "ScaleDown") == []
    sim.store.remove("PodDisruptionBudget", "default", "web")
    sim.step(700)
    assert nodes(sim) == ["node-1"]
    assert running(sim) == 1
