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


def test_one_containers_unready_names_are_the_two_pass_reading():
    for init, policy, ready in itertools.product((False, True), (None, "Always"), (False, True)):
        spec = {"image": "nginx"} if policy is None else {"image": "nginx", "restartPolicy": policy}
        c = Container("app", spec, init=init)
        c.ready = ready
        rt = PodRuntime("default", "p", "u", "n", [c], "10.0.0.1", 0)
        both = [x.name for x in rt.containers if x.sidecar and not x.ready] + \
            [x.name for x in rt.containers if not x.init and not x.ready]
        assert status._unready(rt) == both, (init, policy, ready)


LAST = {"terminated": {"exitCode": 1}}
"""One lastState for every pass: the kept lists are found by its identity."""


def _containers():
    for state, reason, message, ready, restarts, last, cid, image in itertools.product(
            ("waiting", "running", "terminated"), ("ContainerCreating", "ErrImagePull"), ("", "pull failed"),
            (False, True), (0, 1), (None, LAST), ("", "containerd://1"),
            ("nginx:1.25", "busybox")):
        c = Container("app", {"image": image})
        c.state, c.reason, c.message, c.ready, c.restarts, c.last, c.container_id = \
            state, reason, message, ready, restarts, last, cid
        c.started_at = 3
        yield c


def test_a_waiting_container_takes_a_kept_status_list_only_when_it_reads_the_same():
    """`_waiting_one` finds, by the container's fields, the list `_waiting_alike` kept for an
    equal status, never one of another container's statuses."""
    kept = []
    for c in _containers():
        kept.append(status._waiting_alike([status.container_status(c)]))
    found = 0
    for c in _containers():
        got = status._waiting_one(c)
        if got is not None:
            found += 1
            assert got == [status.container_status(c)] and any(got is k for k in kept)
            assert got is status._waiting_alike([status.container_status(c)])
    assert found == sum(1 for c in _containers() if c.state == "waiting" and not c.container_id)


def test_another_writers_conditions_are_read_again_at_every_status():
    """The same stored list with a condition of another writer's, read twice (two pods of a tick
    share their scheduler's list): both statuses keep that condition; a list holding the
    kubelet's types alone adds none."""
    c = Container("app", {"image": "nginx"})
    rt = PodRuntime("default", "p", "u", "n", [c], "10.0.0.1", 0)
    for cond in status.CONDITIONS:
        rt.conditions[cond] = ("False", 0)
    gate = {"type": "example.com/Gate", "status": "True"}
    plain = [{"type": "PodScheduled", "status": "True"}]
    for listed, extra in (([*plain, gate], [gate]), (plain, []), ([*plain, gate], [gate])):
        pod = {"metadata": {}, "spec": {"containers": [{"name": "app", "image": "nginx"}]},
               "status": {"phase": "Pending", "conditions": listed}}
        for _ in range(2):
            got = status.pod_status(rt, pod, "172.18.0.2", 5)["conditions"]
            assert [x["type"] for x in got] == [*status.CONDITIONS, *(x["type"] for x in extra)]
