"""`kubectl run --expose --port` (a Service too) and `run --overrides` (a patch of the generated Pod)."""

import json

from kubetui import Simulation


def test_run_expose_creates_the_pod_and_its_service():
    sim = Simulation(seed=1)
    r = sim.run("kubectl run web --image=nginx --port=80 --expose")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "pod/web created\nservice/web created\n", "")
    svc = sim.get("Service", "web")
    assert svc["spec"]["selector"] == {"run": "web"}
    assert svc["spec"]["ports"][0]["port"] == 80 and svc["spec"]["ports"][0]["targetPort"] == 80
    sim.step(30)
    eps = sim.get("Endpoints", "web")
    assert eps and eps["subsets"][0]["addresses"], "the Service selects the new pod"


def test_run_expose_needs_a_port():
    r = Simulation(seed=1).run("kubectl run web --image=nginx --expose")
    assert (r.exit_code, r.stderr) == (1, "error: --port must be set when exposing a service\n")


def test_overrides_merge_into_the_pod_that_is_created():
    sim = Simulation(seed=1)
    patch = json.dumps({"spec": {"nodeSelector": {"kubernetes.io/hostname": "node-2"}}})
    r = sim.run(f"kubectl run pinned --image=nginx --overrides='{patch}'")
    assert r.exit_code == 0
    assert sim.get("Pod", "pinned")["spec"]["nodeSelector"] == {"kubernetes.io/hostname": "node-2"}


def test_invalid_overrides_are_refused_before_anything_is_created():
    sim = Simulation(seed=1)
    r = sim.run("kubectl run x --image=nginx --overrides='{bad'")
    assert (r.exit_code, r.stderr) == (1, "error: Invalid JSON Patch\n")
    assert sim.get("Pod", "x") is None
