"""`cordon`, `uncordon`, `drain` (kubectl's refusals, evictions, waiting) and `taint`."""

import pytest

from kubetui import Simulation


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    s.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    s.run("kubectl rollout status deploy/web")
    return s


def pods_on(sim, node):
    return sorted(p["metadata"]["name"] for p in sim.list("Pod", "default") if p["spec"].get("nodeName") == node)


def test_cordon_and_uncordon(sim):
    assert sim.run("kubectl cordon node-1").stdout == "node/node-1 cordoned\n"
    assert sim.run("kubectl cordon node-1").stdout == "node/node-1 already cordoned\n"
    assert "Ready,SchedulingDisabled" in sim.run("kubectl get node node-1").stdout
    assert sim.get("Node", "node-1", None)["spec"]["unschedulable"] is True
    assert sim.run("kubectl uncordon node/node-1").stdout == "node/node-1 uncordoned\n"
    assert "unschedulable" not in sim.get("Node", "node-1", None)["spec"]
    r = sim.run("kubectl cordon node-9")
    assert (r.exit_code, r.stderr) == (1, 'Error from server (NotFound): nodes "node-9" not found\n')


def test_drain_evicts_and_waits(sim):
    node = sim.list("Pod", "default")[0]["spec"]["nodeName"]
    victims = pods_on(sim, node)
    r = sim.run(f"kubectl drain {node}")
    assert r.exit_code == 0, r.stderr
    expected = [f"node/{node} cordoned"]
    expected += [f"evicting pod default/{v}" for v in victims]
    expected += [f"pod/{v} evicted" for v in victims]
    expected += [f"node/{node} drained"]
    assert r.stdout.splitlines() == expected
    assert pods_on(sim, node) == []
    sim.step(10)
    assert sim.get("Deployment", "web")["status"]["availableReplicas"] == 3


def test_drain_refuses_unmanaged_pods_without_force(sim):
    sim.run("kubectl run loner --image=nginx:1.25")
    sim.step(5)
    node = sim.get("Pod", "loner")["spec"]["nodeName"]
    r = sim.run(f"kubectl drain {node}")
    assert r.exit_code == 1
    assert r.stdout == f"node/{node} cordoned\n"
    assert r.stderr == (
        f'error: unable to drain node "{node}" due to error: cannot delete cannot delete Pods that declare no '
        "controller (use --force to override): default/loner, continuing command...\n"
        f"There are pending nodes to be drained:\n {node}\n"
        "cannot delete cannot delete Pods that declare no controller (use --force to override): default/loner\n")
    assert sim.get("Pod", "loner") is not None
    r = sim.run(f"kubectl drain {node} --force")
    assert r.exit_code == 0
    assert r.stderr == "Warning: deleting Pods that declare no controller: default/loner\n"
    assert sim.get("Pod", "loner") is None


def test_drain_refuses_emptydir_pods(sim):
    sim.run("kubectl apply -f -", stdin="""
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: cache}
spec:
  replicas: 1
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers: [{name: c, image: redis:7, volumeMounts: [{name: d, mountPath: /data}]}]
      volumes: [{name: d, emptyDir: {}}]
""")
    sim.step(8)
    pod = sim.list("Pod", "default", labels="app=cache")[0]
    node = pod["spec"]["nodeName"]
    r = sim.run(f"kubectl drain {node}")
    assert r.exit_code == 1
    assert (f"cannot delete Pods with local storage (use --delete-emptydir-data to override): "
            f"default/{pod['metadata']['name']}") in r.stderr
    r = sim.run(f"kubectl drain {node} --delete-emptydir-data")
    assert r.exit_code == 0
    assert r.stderr.startswith("Warning: deleting Pods with local storage: default/")


def test_drain_timeout(sim):
    node = sim.list("Pod", "default")[0]["spec"]["nodeName"]
    (victim,) = pods_on(sim, node)
    sim.run(f"sim fail-node {node}")
    r = sim.run(f"kubectl drain {node} --timeout=5s")
    assert r.exit_code == 1
    failure = f'error when waiting for pod "{victim}" in namespace "default" to terminate: context deadline exceeded'
    assert r.stderr == (
        f'There are pending pods in node "{node}" when an error occurred: {failure}\n'
        f"pod/{victim}\n"
        f'error: unable to drain node "{node}" due to error: {failure}, continuing command...\n'
        f"There are pending nodes to be drained:\n {node}\n"
        f"{failure}\n")


def _budget_of_three(sim):
    assert sim.run("kubectl create pdb web --selector=app=web --min-available=3").exit_code == 0
    sim.step(1)
    node = sim.list("Pod", "default")[0]["spec"]["nodeName"]
    (victim,) = pods_on(sim, node)
    return node, victim


REFUSED = ('error when evicting pods/"{}" -n "default" (will retry after 5s): Cannot evict pod as it would violate '
           "the pod's disruption budget.\n")


def test_drain_waits_on_a_budget_until_the_deployment_scales_up(sim):
    node, victim = _budget_of_three(sim)
    start = sim.tick
    sim.schedule(start + 12, "kubectl scale deploy/web --replicas=4")
    r = sim.run(f"kubectl drain {node}")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    tries = lines.count(f"evicting pod default/{victim}")
    assert tries >= 4  # refused at 0, 5 and 10 s; allowed once the fourth replica is Ready
    assert lines == [f"node/{node} cordoned"] + [f"evicting pod default/{victim}"] * tries + [
        f"pod/{victim} evicted", f"node/{node} drained"]
    assert r.stderr == REFUSED.format(victim) * (tries - 1)
    assert pods_on(sim, node) == []
    assert sim.get("Deployment", "web")["status"]["availableReplicas"] >= 3


def test_drain_blocked_by_a_budget_gives_up_at_the_timeout(sim):
    node, victim = _budget_of_three(sim)
    r = sim.run(f"kubectl drain {node} --timeout=12s")
    assert r.exit_code == 1
    assert r.stdout == f"node/{node} cordoned\n" + f"evicting pod default/{victim}\n" * 4
    failure = f'error when evicting pods/"{victim}" -n "default": global timeout reached: 12s'
    assert r.stderr == REFUSED.format(victim) * 3 + (
        f'There are pending pods in node "{node}" when an error occurred: {failure}\n'
        f"pod/{victim}\n"
        f'error: unable to drain node "{node}" due to error: {failure}, continuing command...\n'
        f"There are pending nodes to be drained:\n {node}\n"
        f"{failure}\n")
    assert pods_on(sim, node) == [victim]
    assert sim.get("Node", node, None)["spec"]["unschedulable"] is True


def test_drain_disable_eviction_deletes_past_the_budget(sim):
    node, victim = _budget_of_three(sim)
    r = sim.run(f"kubectl drain {node} --disable-eviction")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout == f"node/{node} cordoned\npod/{victim} deleted\nnode/{node} drained\n"
    assert pods_on(sim, node) == []


def test_taint_add_overwrite_remove(sim):
    assert sim.run("kubectl taint nodes node-1 dedicated=db:NoSchedule").stdout == "node/node-1 tainted\n"
    assert sim.get("Node", "node-1", None)["spec"]["taints"] == [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]
    r = sim.run("kubectl taint nodes node-1 dedicated=web:NoSchedule")
    assert (r.exit_code, r.stderr) == (1, "error: node node-1 already has dedicated taint(s) with same effect(s) and "
                                          "--overwrite is false\n")
    assert sim.run("kubectl taint nodes node-1 dedicated=web:NoSchedule --overwrite").exit_code == 0
    assert sim.get("Node", "node-1", None)["spec"]["taints"][0]["value"] == "web"
    assert sim.run("kubectl taint nodes node-1 dedicated:NoSchedule-").stdout == "node/node-1 untainted\n"
    assert "taints" not in sim.get("Node", "node-1", None)["spec"]
    r = sim.run("kubectl taint nodes node-1 dedicated:NoSchedule-")
    assert (r.exit_code, r.stderr) == (1, 'error: taint "dedicated:NoSchedule" not found\n')
    r = sim.run("kubectl taint nodes node-1 a=b:Sometimes")
    assert r.stderr == ("error: invalid taint effect: Sometimes, unsupported taint effect\n"
                        "See 'kubectl taint -h' for help and examples\n")  # the real kubectl 1.37's


def test_drain_server_dry_run_asks_the_budget_but_evicts_nothing(sim):
    node = sim.list("Pod", "default")[0]["spec"]["nodeName"]
    (victim,) = pods_on(sim, node)
    r = sim.run(f"kubectl drain {node} --dry-run=server")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout == (f"node/{node} cordoned (server dry run)\nevicting pod default/{victim} (server dry run)\n"
                        f"node/{node} drained (server dry run)\n")
    assert pods_on(sim, node) == [victim] and not sim.get("Pod", victim)["metadata"].get("deletionTimestamp")
    _budget_of_three(sim)
    r = sim.run(f"kubectl drain {node} --dry-run=server --timeout=3s")
    assert r.exit_code == 1 and r.stderr.startswith(REFUSED.format(victim))
    assert "unschedulable" not in sim.get("Node", node, None)["spec"]
