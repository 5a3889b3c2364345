"""A pod with finalizers outlives its containers: Terminating until the last finalizer is lifted."""

import pytest
import yaml

from kubetui.shell import Simulation

HELD = {"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "held", "namespace": "default", "finalizers": ["example.com/hold"]},
        "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}}
LIFT = """kubectl patch pod held --type=json -p='[{"op":"remove","path":"/metadata/finalizers"}]'"""


def running_held(namespace="default"):
    sim = Simulation(seed=1)
    pod = {**HELD, "metadata": {**HELD["metadata"], "namespace": namespace}}
    if namespace != "default":
        sim.run(f"kubectl create ns {namespace}")
    assert sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod)).exit_code == 0
    sim.step(10)
    assert sim.get("Pod", "held", namespace)["status"]["phase"] == "Running"
    return sim


def test_deleted_pod_with_a_finalizer_stays_until_it_is_lifted():
    sim = running_held()
    assert sim.run("kubectl delete pod held --wait=false").stdout == 'pod "held" deleted from default namespace\n'
    sim.step(60)
    pod = sim.get("Pod", "held")
    assert pod is not None and pod["metadata"]["deletionGracePeriodSeconds"] == 0
    assert pod["status"]["phase"] == "Succeeded", "the kubelet stopped the containers and says so"
    assert pod["status"]["containerStatuses"][0]["state"]["terminated"]["reason"] == "Completed"
    row = sim.run("kubectl get pod held --no-headers").stdout.split()
    assert row[1] == "0/1"
    assert sim.run(LIFT).exit_code == 0
    assert sim.get("Pod", "held") is None, "the write that lifts the last finalizer removes it"


def test_a_force_delete_does_not_skip_finalizers():
    sim = running_held()
    sim.run("kubectl delete pod held --grace-period=0 --force")
    sim.step(5)
    pod = sim.get("Pod", "held")
    assert pod is not None and pod["metadata"].get("deletionTimestamp")
    assert sim.run("kubectl get pod held --no-headers").stdout.split()[1] == "0/1"
    sim.run(LIFT)
    assert sim.get("Pod", "held") is None


def test_a_held_pod_keeps_its_namespace_terminating():
    sim = running_held("team")
    sim.run("kubectl delete ns team --wait=false")
    sim.step(120)
    assert sim.get("Namespace", "team", None)["status"]["phase"] == "Terminating"
    sim.run(LIFT + " -n team")
    sim.step(30)
    assert sim.get("Namespace", "team", None) is None


@pytest.mark.parametrize("cascade", ["foreground", "background"])
def test_job_pods_lose_their_tracking_finalizer_when_the_job_goes(cascade):
    sim = Simulation(seed=1)
    sim.run("kubectl create job sleepy --image=busybox:1.36 -- sleep 600")
    sim.step(10)
    assert len(sim.list("Pod", "default")) == 1
    sim.run(f"kubectl delete job sleepy --cascade={cascade} --wait=false")
    sim.step(60)
    assert sim.list("Pod", "default") == [] and sim.get("Job", "sleepy") is None
