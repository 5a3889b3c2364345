"""The kubelet's status shortcuts read as the general rules do: a pod's phase with one app
container, and the conditions others added kept across the kubelet's writes."""

import itertools

from kubetui import Simulation
from kubetui.engine.kubelet import status
from kubetui.engine.kubelet.containers import Container, PodRuntime
from kubetui.model.clock import timestamp


def test_one_container_phase_is_the_general_rules_phase():
    seen = set()
    for state, restarts, last, killing, init, policy, code, finalizers in itertools.product(
            ("waiting", "running", "terminated"), (0, 2), (None, {"terminated": {}}), (False, True), (False, True),
            ("Always", "OnFailure", "Never"), (0, 1), ((), ("x",))):
        c = Container("app", {"image": "nginx"}, init=init)
        c.state, c.restarts, c.last, c.exit_code = state, restarts, last, code
        rt = PodRuntime("default", "p", "u", "n", [c], "10.0.0.1", 0, killing=killing)
        pod = {"metadata": {"finalizers": list(finalizers)}, "spec": {"restartPolicy": policy}}
        got = status.phase(rt, pod)
        assert got == status._phase(rt, pod), (state, restarts, last, killing, init, policy, code, finalizers)
        seen.add(got)
    assert seen == {"Pending", "Running", "Succeeded", "Failed"}


def test_conditions_others_added_stay_through_the_kubelets_writes():
    sim = Simulation(seed=4, nodes=1)
    sim.run("kubectl run web --image=nginx:1.25")
    sim.step(1)
    pod = sim.store.get("Pod", "default", "web")
    gate = {"type": "example.com/Gate", "status": "True"}
    sim.store.update_status({**pod, "status": {**pod["status"], "conditions": [*pod["status"]["conditions"], gate]}})
    sim.step(6)
    pod = sim.store.get("Pod", "default", "web")
    assert pod["status"]["phase"] == "Running"
    assert pod["status"]["conditions"][-1] == gate
    started = sim.kubelet.pods[("default", "web")].started
    assert pod["status"]["startTime"] == timestamp(started) and started > 0
