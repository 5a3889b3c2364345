"""Scoped ResourceQuotas count only the pods their scopes match, with the API server's validation."""

from kubetui.shell import Simulation


def quota(name, hard, scopes=None, selector=None):
    spec = {"hard": hard}
    if scopes:
        spec["scopes"] = scopes
    if selector:
        spec["scopeSelector"] = {"matchExpressions": selector}
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": name, "namespace": "default"},
            "spec": spec}


def pod(name, cpu=None, deadline=None, priority=None):
    container = {"name": "c", "image": "nginx:1.25"}
    if cpu:
        container["resources"] = {"requests": {"cpu": cpu}, "limits": {"cpu": cpu}}
    spec = {"containers": [container]}
    if deadline is not None:
        spec["activeDeadlineSeconds"] = deadline
    if priority:
        spec["priorityClassName"] = priority
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"}, "spec": spec}


def apply(sim, obj):
    import yaml
    return sim.run("kubectl apply -f -", stdin=yaml.safe_dump(obj))


def test_best_effort_quota_counts_only_best_effort_pods():
    sim = Simulation(seed=1)
    assert apply(sim, quota("be", {"pods": "1"}, ["BestEffort"])).exit_code == 0
    assert apply(sim, pod("a")).exit_code == 0
    refused = apply(sim, pod("b"))
    assert refused.exit_code == 1
    assert refused.stderr == ('Error from server (Forbidden): error when creating "STDIN": pods "b" is forbidden: '
                              'exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1\n')
    assert apply(sim, pod("guaranteed", cpu="100m")).exit_code == 0, "a pod with requests is not BestEffort"
    sim.step(2)
    assert sim.get("ResourceQuota", "be")["status"]["used"] == {"pods": "1"}


def test_not_best_effort_quota_ignores_pods_without_requests_and_other_kinds():
    sim = Simulation(seed=1)
    apply(sim, quota("compute", {"requests.cpu": "500m", "pods": "5"}, ["NotBestEffort"]))
    for i in range(4):
        assert apply(sim, pod(f"free-{i}")).exit_code == 0, "BestEffort pods do not count here"
    assert apply(sim, pod("a", cpu="300m")).exit_code == 0
    refused = apply(sim, pod("b", cpu="300m"))
    assert "exceeded quota: compute, requested: requests.cpu=300m, used: requests.cpu=300m, " \
           "limited: requests.cpu=500m" in refused.stderr
    sim.step(2)
    assert sim.get("ResourceQuota", "compute")["status"]["used"] == {"pods": "1", "requests.cpu": "300m"}


def test_terminating_scope_and_priority_class_selector():
    sim = Simulation(seed=1)
    apply(sim, quota("jobs", {"pods": "1"}, ["Terminating"]))
    apply(sim, quota("high", {"pods": "1"}, selector=[{"scopeName": "PriorityClass", "operator": "In",
                                                       "values": ["high"]}]))
    assert apply(sim, pod("long-1")).exit_code == 0
    assert apply(sim, pod("long-2")).exit_code == 0
    assert apply(sim, pod("short-1", deadline=60)).exit_code == 0
    assert "exceeded quota: jobs" in apply(sim, pod("short-2", deadline=60)).stderr
    sim.step(2)
    used = {q["metadata"]["name"]: q["status"]["used"] for q in sim.list("ResourceQuota", "default")}
    assert used == {"jobs": {"pods": "1"}, "high": {"pods": "0"}}


def test_a_deleted_pod_frees_its_scoped_quota():
    sim = Simulation(seed=1)
    apply(sim, quota("be", {"pods": "1"}, ["BestEffort"]))
    apply(sim, pod("a"))
    sim.run("kubectl delete pod a --grace-period=0 --force")
    sim.step(2)
    assert apply(sim, pod("b")).exit_code == 0


def test_scopes_that_cannot_count_a_resource_are_refused():
    sim = Simulation(seed=1)
    result = apply(sim, quota("bad", {"pods": "2", "cpu": "1"}, ["BestEffort"]))
    assert result.exit_code == 1
    assert result.stderr == ('The ResourceQuota "bad" is invalid: spec.scopes: Invalid value: '
                             '[]core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource\n')
    both = apply(sim, quota("both", {"pods": "2"}, ["Terminating", "NotTerminating"]))
    assert 'conflicting scopes' in both.stderr
    op = apply(sim, quota("op", {"pods": "2"}, selector=[{"scopeName": "BestEffort", "operator": "In",
                                                         "values": ["x"]}]))
    assert "spec.scopeSelector.matchExpressions.operator: Invalid value: \"In\": must be 'Exist'" in op.stderr
    assert sim.list("ResourceQuota", "default") == []


def test_describe_quota_explains_its_scopes():
    sim = Simulation(seed=1)
    apply(sim, quota("be", {"pods": "3"}, ["BestEffort"]))
    sim.step(2)
    out = sim.run("kubectl describe quota be").stdout
    assert out.splitlines()[2:4] == [
        "Scopes:     BestEffort",
        " * Matches all pods that do not have resource requirements set. These pods have a best effort quality "
        "of service."]
