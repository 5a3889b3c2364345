"""PodDisruptionBudgets: the disruption controller's status and the Eviction API."""

import copy

import pytest
from engine_kit import create, deployment, pod, ready, reasons

from kubetui.engine.eviction import VIOLATES_BUDGET, evict
from kubetui.model.errors import ApiError


def budget(name="web", selector=None, **spec):
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"selector": selector or {"matchLabels": {"app": "web"}}, **spec}}


def status(sim, name="web"):
    return sim.get("PodDisruptionBudget", name)["status"]


def healthy(sim, selector="app=web"):
    return sum(1 for p in sim.list("Pod", "default", selector)
               if ready(p) and not p["metadata"].get("deletionTimestamp"))


def settle(sim, name="web", replicas=3):
    sim.step(1)
    for _ in range(60):
        if sim.get("Deployment", name)["status"].get("availableReplicas") == replicas:
            sim.step(1)
            return
        sim.step(1)
    raise AssertionError("deployment never became available")


def condition(sim, name="web"):
    return next(c for c in status(sim, name)["conditions"] if c["type"] == "DisruptionAllowed")


def test_status_follows_the_pods_through_a_rollout(sim):
    create(sim, deployment(replicas=4))
    settle(sim, replicas=4)
    sim.store.create(budget(maxUnavailable="25%"))
    sim.step(1)
    st = status(sim)
    assert (st["expectedPods"], st["desiredHealthy"], st["currentHealthy"], st["disruptionsAllowed"]) == (4, 3, 4, 1)
    assert st["observedGeneration"] == 1
    assert (condition(sim)["status"], condition(sim)["reason"]) == ("True", "SufficientPods")
    sim.run("kubectl set image deploy/web app=nginx:1.26")
    seen_below = False
    for _ in range(90):
        sim.step(1)
        st = status(sim)
        # pods of both ReplicaSets and the surge count against the Deployment's 4 replicas
        assert st["expectedPods"] == 4 and st["desiredHealthy"] == 3
        assert st["currentHealthy"] == healthy(sim)
        assert st["disruptionsAllowed"] == max(0, st["currentHealthy"] - 3)
        wanted = ("True", "SufficientPods") if st["disruptionsAllowed"] else ("False", "InsufficientPods")
        assert (condition(sim)["status"], condition(sim)["reason"]) == wanted
        seen_below |= st["disruptionsAllowed"] == 0
    assert seen_below
    assert sim.get("Deployment", "web")["status"]["updatedReplicas"] == 4
    assert status(sim)["disruptionsAllowed"] == 1


def test_status_through_a_node_failure(sim):
    create(sim, deployment(replicas=3))
    settle(sim)
    sim.store.create(budget(minAvailable=2))
    sim.step(1)
    assert status(sim)["disruptionsAllowed"] == 1
    victim = sim.list("Pod", "default", "app=web")[0]
    node = victim["spec"]["nodeName"]
    sim.run(f"sim fail-node {node}")
    sim.step(70)  # past the 50 s grace period: the node's pods are marked not ready
    st = status(sim)
    assert (st["currentHealthy"], st["desiredHealthy"], st["expectedPods"], st["disruptionsAllowed"]) == (2, 2, 3, 0)
    assert condition(sim)["reason"] == "InsufficientPods"
    assert condition(sim)["lastTransitionTime"] > victim["metadata"]["creationTimestamp"]
    sim.step(300)  # the unreachable toleration runs out: evicted and replaced
    st = status(sim)
    assert sim.get("Pod", victim["metadata"]["name"])["metadata"].get("deletionTimestamp")
    # the pod stuck Terminating on the dead node still counts as expected for an integer minAvailable
    assert (st["currentHealthy"], st["expectedPods"], st["disruptionsAllowed"]) == (3, 4, 1)
    assert condition(sim)["reason"] == "SufficientPods"


def test_a_percentage_needs_the_controllers_scale_and_warns_about_unmanaged_pods(sim):
    create(sim, deployment(replicas=2))
    stray = pod("stray")
    stray["metadata"]["labels"] = {"app": "web"}
    create(sim, stray)
    settle(sim, replicas=2)
    sim.store.create(budget(minAvailable="50%"))
    sim.step(1)
    st = status(sim)
    assert (st["expectedPods"], st["desiredHealthy"]) == (2, 1)
    assert "UnmanagedPods" in reasons(sim, "PodDisruptionBudget", "web")
    message = next(e["message"] for e in sim.events() if e["reason"] == "UnmanagedPods")
    assert message.startswith("Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:"
                              "map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were "
                              "found to be unmanaged.")


def test_a_daemonset_has_no_scale(sim):
    create(sim, {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "default"},
                 "spec": {"selector": {"matchLabels": {"app": "agent"}},
                          "template": {"metadata": {"labels": {"app": "agent"}},
                                       "spec": {"containers": [{"name": "a", "image": "nginx:1.25"}]}}}})
    sim.step(10)
    sim.store.create(budget("agent", {"matchLabels": {"app": "agent"}}, maxUnavailable=1))
    sim.step(1)
    cond = condition(sim, "agent")
    assert (cond["status"], cond["reason"]) == ("False", "SyncFailed")
    assert cond["message"] == "daemonsets.apps does not implement the scale subresource"
    events = [e for e in sim.events() if e["reason"] == "CalculateExpectedPodCountFailed"]
    assert events[0]["message"] == ("Failed to calculate the number of expected pods: daemonsets.apps does not "
                                    "implement the scale subresource")
    assert events[0]["source"]["component"] == "controllermanager"


def test_no_pods_event_and_selector_change(sim):
    sim.store.create(budget(selector={"matchLabels": {"app": "none"}}, minAvailable=1))
    sim.step(1)
    assert "NoPods" in reasons(sim, "PodDisruptionBudget", "web")
    assert status(sim)["expectedPods"] == 0
    create(sim, deployment(replicas=2))
    settle(sim, replicas=2)
    pdb = copy.deepcopy(sim.store.get("PodDisruptionBudget", "default", "web"))
    pdb["spec"]["selector"] = {"matchLabels": {"app": "web"}}
    sim.store.update(pdb)
    assert sim.get("PodDisruptionBudget", "web")["metadata"]["generation"] == 2
    sim.step(1)
    st = status(sim)
    assert (st["observedGeneration"], st["expectedPods"], st["currentHealthy"], st["disruptionsAllowed"]) == (2, 2, 2, 1)


def test_eviction_spends_the_budget_then_refuses(sim):
    create(sim, deployment(replicas=3))
    settle(sim)
    sim.store.create(budget(minAvailable=2))
    sim.step(1)
    first, second = [p["metadata"]["name"] for p in sim.list("Pod", "default", "app=web")][:2]
    evict(sim.store, "default", first)
    st = status(sim)
    assert st["disruptionsAllowed"] == 0
    assert list(st["disruptedPods"]) == [first]
    assert condition(sim)["reason"] == "InsufficientPods"
    gone = sim.get("Pod", first)
    assert gone["metadata"].get("deletionTimestamp")
    target = next(c for c in gone["status"]["conditions"] if c["type"] == "DisruptionTarget")
    assert (target["reason"], target["message"]) == ("EvictionByEvictionAPI", "Eviction API: evicting")
    with pytest.raises(ApiError) as refused:
        evict(sim.store, "default", second)
    assert (refused.value.code, refused.value.reason, refused.value.message) == (429, "TooManyRequests", VIOLATES_BUDGET)
    assert VIOLATES_BUDGET == "Cannot evict pod as it would violate the pod's disruption budget."
    assert not sim.get("Pod", second)["metadata"].get("deletionTimestamp")
    sim.step(1)
    assert "disruptedPods" not in status(sim)  # the evicted pod is terminating: no longer listed


def test_unready_pods_and_several_budgets(sim):
    create(sim, deployment(replicas=2))
    settle(sim, replicas=2)
    sim.store.create(budget(minAvailable=2))
    sim.step(1)
    name = sim.list("Pod", "default", "app=web")[0]["metadata"]["name"]
    with pytest.raises(ApiError):
        evict(sim.store, "default", name)
    sim.store.create(budget("web-too", minAvailable=1))
    with pytest.raises(ApiError) as several:
        evict(sim.store, "default", name)
    assert several.value.code == 500
    assert several.value.message == ("This pod has more than one PodDisruptionBudget, which the eviction "
                                     "subresource does not support.")
    sim.store.remove("PodDisruptionBudget", "default", "web-too")
    later = pod("later", nodeSelector={"disk": "none"})
    later["metadata"]["labels"] = {"app": "web"}
    pending = create(sim, later)
    assert pending["status"]["phase"] == "Pending"
    evict(sim.store, "default", "later")  # a Pending pod goes without asking the budget
    assert sim.get("Pod", "later") is None
    pdb = copy.deepcopy(sim.store.get("PodDisruptionBudget", "default", "web"))
    pdb["spec"]["unhealthyPodEvictionPolicy"] = "AlwaysAllow"
    sim.store.update(pdb)
    sim.step(1)
    running = sim.store.get("Pod", "default", name)
    conds = [dict(c, status="False") if c["type"] == "Ready" else c for c in running["status"]["conditions"]]
    sim.store.update_status({**running, "status": {**running["status"], "conditions": conds}})
    evict(sim.store, "default", name)
    assert sim.get("Pod", name)["metadata"].get("deletionTimestamp")


DETERMINISM = """
from kubetui import Simulation
sim = Simulation(seed=11)
sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4")
sim.run("kubectl create pdb web --selector=app=web --max-unavailable=25%")
sim.run("kubectl create pdb db --selector='app in (db),!legacy' --min-available=50%")
sim.step(30)
sim.run("kubectl drain node-1 --timeout=40s")
sim.run("kubectl set image deploy/web nginx=nginx:1.26")
sim.step(60)
print(sim.checksum(), sim.get("PodDisruptionBudget", "web")["status"]["disruptionsAllowed"])
"""


@pytest.mark.slow
def test_budgets_and_drains_are_deterministic_across_hash_seeds():
    import os
    import subprocess
    import sys

    outs = {subprocess.run([sys.executable, "-c", DETERMINISM], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "999")}
    assert len(outs) == 1 and len(outs.pop().split()[0]) == 32


def test_the_status_the_controller_writes_is_valid_kubernetes(sim):
    import kubernetes_validate

    create(sim, deployment(replicas=3))
    settle(sim)
    sim.store.create(budget(minAvailable=2))
    sim.step(1)
    evict(sim.store, "default", sim.list("Pod", "default", "app=web")[0]["metadata"]["name"])
    obj = sim.get("PodDisruptionBudget", "web")
    assert obj["status"]["disruptedPods"]
    kubernetes_validate.validate(obj, "1.32.0", strict=True)
