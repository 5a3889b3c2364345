"""The kubelet writes a pod's status before each sync; pulling an image happens inside one sync
(the pod worker is busy until it is in), so nothing is reported between the sandbox and the
end of the pull: the pod reads Pending, ContainerCreating, PodReadyToStartContainers False until
the status that shows it Running (or the pull's error)."""

from kubetui.shell import Simulation


def _writes(sim: Simulation, name: str) -> list[dict]:
    seen: list[dict] = []
    sim.store.watch("Pod", lambda e, o, n: seen.append(n) if n is not None and n["metadata"]["name"] == name
                    and o is not None and o.get("status") is not n.get("status") else None)
    return seen


def _condition(pod: dict, type_: str) -> str:
    return next(c["status"] for c in pod["status"]["conditions"] if c["type"] == type_)


def test_no_status_write_while_the_image_is_pulled():
    sim = Simulation(seed=2, nodes=1)
    writes = _writes(sim, "db")
    sim.run("kubectl run db --image=postgres:16 --env=POSTGRES_PASSWORD=x")  # a 5 s pull
    for _ in range(12):
        sim.step(1)
        pod = sim.store.get("Pod", "default", "db")
        if pod["status"].get("phase") == "Running":
            break
        if pod["status"].get("containerStatuses"):
            assert pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "ContainerCreating"
            assert _condition(pod, "PodReadyToStartContainers") == "False"
    assert pod["status"]["phase"] == "Running"
    assert _condition(pod, "PodReadyToStartContainers") == "True"
    kubelet = [p for p in writes if p["status"].get("containerStatuses")]
    assert [p["status"]["phase"] for p in kubelet] == ["Pending", "Running"], "admitted, then Running"


def test_a_failed_pull_is_reported_with_the_sandbox_ready():
    sim = Simulation(seed=2, nodes=1)
    sim.run("kubectl run bad --image=no-such-image:1")
    sim.step(8)
    pod = sim.store.get("Pod", "default", "bad")
    assert pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] in ("ErrImagePull", "ImagePullBackOff")
    assert _condition(pod, "PodReadyToStartContainers") == "True"


def test_an_image_already_present_is_reported_running_at_once():
    sim = Simulation(seed=2, nodes=1)
    sim.run("kubectl run first --image=nginx:1.25")
    sim.step(6)
    writes = _writes(sim, "second")
    sim.run("kubectl run second --image=nginx:1.25")
    sim.step(4)
    kubelet = [p for p in writes if p["status"].get("containerStatuses")]
    assert [p["status"]["phase"] for p in kubelet] == ["Pending", "Running"]
