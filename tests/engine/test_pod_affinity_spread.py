"""InterPodAffinity and PodTopologySpread: judged by where the pods end up."""

from engine_kit import create, deployment, pod, pods

from kubetui.shell import Simulation

ANTI_HOSTNAME = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
    {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}


def _web(replicas, **pod_spec):
    d = deployment("web", replicas=replicas)
    d["spec"]["template"]["spec"].update(pod_spec)
    return d


def _nodes(sim, selector=None):
    return sorted(p["spec"].get("nodeName") or "" for p in pods(sim) if selector is None
                  or all(p["metadata"].get("labels", {}).get(k) == v for k, v in selector.items()))


def _message(p):
    return next(c["message"] for c in p["status"]["conditions"] if c["type"] == "PodScheduled")


def test_required_anti_affinity_puts_one_replica_per_node_and_the_fourth_waits(sim):
    create(sim, _web(3, affinity=ANTI_HOSTNAME))
    sim.step(3)
    assert _nodes(sim) == ["node-1", "node-2", "node-3"]
    d = sim.store.get("Deployment", "default", "web")
    sim.store.update({**d, "spec": {**d["spec"], "replicas": 4}})
    sim.step(3)
    pending = [p for p in pods(sim) if not p["spec"].get("nodeName")]
    assert len(pending) == 1
    assert _message(pending[0]) == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: "
        "1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.")


def test_three_nodes_only_message_in_the_schedulers_words():
    sim = Simulation(seed=3, nodes=[{"name": f"node-{i}"} for i in (1, 2, 3)], control_plane=False)
    create(sim, _web(4, affinity=ANTI_HOSTNAME))
    sim.step(3)
    pending = [p for p in pods(sim) if not p["spec"].get("nodeName")]
    assert len(pending) == 1
    assert _message(pending[0]) == (
        "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are "
        "available: 3 No preemption victims found for incoming pod.")


def test_existing_pods_anti_affinity_refuses_the_incoming_pod(sim):
    guard = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"role": "noisy"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    for i in (1, 2, 3):
        create(sim, pod(f"quiet-{i}", affinity=guard, nodeName=f"node-{i}"))
    noisy = pod("noisy", )
    noisy["metadata"]["labels"] = {"role": "noisy"}
    create(sim, noisy)
    sim.step(3)
    p = sim.get("Pod", "noisy")
    assert not p["spec"].get("nodeName")
    assert "3 node(s) didn't satisfy existing pods anti-affinity rules" in _message(p)
    sim.run("kubectl delete pod quiet-2 --grace-period=0 --force")
    sim.step(3)
    assert sim.get("Pod", "noisy")["spec"]["nodeName"] == "node-2"


def test_required_affinity_co_locates_the_cache_with_web(sim):
    web = pod("web")
    web["metadata"]["labels"] = {"app": "web"}
    create(sim, {**web, "spec": {**web["spec"], "nodeName": "node-2"}})
    together = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]},
         "topologyKey": "kubernetes.io/hostname"}]}}
    cache = deployment("cache", replicas=3)
    cache["spec"]["template"]["spec"]["affinity"] = together
    create(sim, cache)
    sim.step(3)
    assert _nodes(sim, {"app": "cache"}) == ["node-2"] * 3


def test_affinity_to_pods_that_do_not_exist_waits_then_follows_them(sim):
    together = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    cache = pod("cache", affinity=together)
    cache["metadata"]["labels"] = {"app": "cache"}
    create(sim, cache)
    sim.step(3)
    p = sim.get("Pod", "cache")
    assert not p["spec"].get("nodeName")
    assert "3 node(s) didn't match pod affinity rules" in _message(p)
    assert "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling." in _message(p)
    web = pod("web", nodeName="node-3")
    web["metadata"]["labels"] = {"app": "web"}
    create(sim, web)
    sim.step(3)
    assert sim.get("Pod", "cache")["spec"]["nodeName"] == "node-3"


def test_first_pod_of_a_group_with_affinity_to_itself_goes_anywhere(sim):
    self_affinity = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    create(sim, _web(3, affinity=self_affinity))
    sim.step(4)
    placed = _nodes(sim)
    assert len(placed) == 3 and placed[0] and len(set(placed)) == 1


def _zoned_sim(**extra):
    zones = {"node-1": "a", "node-2": "a", "node-3": "b", "node-4": "b"}
    return Simulation(seed=5, control_plane=False, nodes=[
        {"name": n, "labels": {"topology.kubernetes.io/zone": z}, **extra} for n, z in zones.items()])


def test_spread_skew_one_across_two_zones():
    sim = _zoned_sim()
    spread = [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
               "labelSelector": {"matchLabels": {"app": "web"}}}]
    # two pods already in zone a make the spread pull the next ones to zone b
    for n in ("node-1", "node-2"):
        p = pod(f"old-{n}", nodeName=n)
        p["metadata"]["labels"] = {"app": "web"}
        create(sim, p)
    create(sim, _web(4, topologySpreadConstraints=spread))
    sim.step(4)
    zone = {"node-1": "a", "node-2": "a", "node-3": "b", "node-4": "b"}
    counts = {"a": 0, "b": 0}
    for n in _nodes(sim, {"app": "web"}):
        counts[zone[n]] += 1
    assert counts == {"a": 3, "b": 3}


def test_spread_refuses_past_max_skew_with_the_schedulers_words():
    sim = _zoned_sim()
    spread = [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
               "labelSelector": {"matchLabels": {"app": "web"}}}]
    node = sim.store.get("Node", None, "node-3")
    sim.store.update({**node, "spec": {**node["spec"], "unschedulable": True}})
    node = sim.store.get("Node", None, "node-4")
    sim.store.update({**node, "spec": {**node["spec"], "unschedulable": True}})
    create(sim, _web(3, topologySpreadConstraints=spread))
    sim.step(4)
    assert [n for n in _nodes(sim) if n] and len([n for n in _nodes(sim) if n]) == 1
    pending = [p for p in pods(sim) if not p["spec"].get("nodeName")]
    assert len(pending) == 2
    assert _message(pending[0]) == (
        "0/4 nodes are available: 2 node(s) didn't match pod topology spread constraints, "
        "2 node(s) were unschedulable. preemption: 0/4 nodes are available: "
        "2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.")


def test_spread_missing_label_is_unresolvable(sim):
    spread = [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
               "labelSelector": {"matchLabels": {"app": "web"}}}]
    create(sim, _web(1, topologySpreadConstraints=spread))
    sim.step(3)
    p = pods(sim)[0]
    assert not p["spec"].get("nodeName")
    assert "3 node(s) didn't match pod topology spread constraints (missing required label)" in _message(p)


def test_schedule_anyway_prefers_but_never_refuses():
    sim = _zoned_sim()
    node = sim.store.get("Node", None, "node-3")
    sim.store.update({**node, "spec": {**node["spec"], "unschedulable": True}})
    node = sim.store.get("Node", None, "node-4")
    sim.store.update({**node, "spec": {**node["spec"], "unschedulable": True}})
    spread = [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway",
               "labelSelector": {"matchLabels": {"app": "web"}}}]
    create(sim, _web(5, topologySpreadConstraints=spread))
    sim.step(4)
    placed = _nodes(sim)
    assert all(placed) and sorted(placed) == ["node-1"] * 2 + ["node-2"] * 3 or \
        sorted(placed) == ["node-1"] * 3 + ["node-2"] * 2


def test_preferred_anti_affinity_spreads_but_does_not_refuse(sim):
    soft = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 100, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "web"}},
                                            "topologyKey": "kubernetes.io/hostname"}}]}}
    create(sim, _web(4, affinity=soft))
    sim.step(4)
    placed = _nodes(sim)
    assert all(placed) and len(set(placed)) == 3


def test_pods_in_other_namespaces_do_not_count_unless_named(sim):
    other = pod("other", nodeName="node-1")
    other["metadata"].update(namespace="team-b", labels={"app": "web"})
    sim.store.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-b"}})
    create(sim, other)
    term = {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}
    create(sim, pod("here", affinity={"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}))
    named = {**term, "namespaces": ["team-b"]}
    create(sim, pod("there", affinity={"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [named]}}))
    sim.step(3)
    assert not sim.get("Pod", "here")["spec"].get("nodeName")
    assert sim.get("Pod", "there")["spec"]["nodeName"] == "node-1"
