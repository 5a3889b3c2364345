"""emptyDir `sizeLimit`: a pod writing past it on the node's disk is evicted by the kubelet's
eviction manager at its next synchronize, with Kubernetes' message; a memory-backed emptyDir is
a tmpfs of that size, where writes past it fail with ENOSPC."""

from engine_kit import create, pod


def filler(name, medium=None, script="sleep 5; dd if=/dev/zero of=/cache/big bs=1M count=2; sleep 3600"):
    empty = {"sizeLimit": "1Mi", **({"medium": medium} if medium else {})}
    return pod(name, restartPolicy="Never", volumes=[{"name": "cache", "emptyDir": empty}], containers=[
        {"name": "fill", "image": "busybox", "command": ["sh", "-c", script],
         "volumeMounts": [{"name": "cache", "mountPath": "/cache"}]}])


def events(sim, name):
    return [(e["reason"], e["message"]) for e in sim.store.list("Event", "default")
            if e["involvedObject"]["name"] == name]


def test_writing_past_the_size_limit_evicts_the_pod_at_the_next_synchronize(sim):
    create(sim, filler("filler"))
    sim.step(12)
    assert sim.get("Pod", "filler")["status"]["phase"] == "Running"
    sim.step(10)
    status = sim.get("Pod", "filler")["status"]
    message = 'Usage of EmptyDir volume "cache" exceeds the limit "1Mi". '
    assert (status["phase"], status["reason"], status["message"]) == ("Failed", "Evicted", message)
    assert ("Evicted", message) in events(sim, "filler")
    assert ("Killing", "Stopping container fill") in events(sim, "filler")


def test_writing_under_the_limit_keeps_the_pod(sim):
    create(sim, filler("small", script="dd if=/dev/zero of=/cache/f bs=1K count=100; sleep 3600"))
    sim.step(40)
    assert sim.get("Pod", "small")["status"]["phase"] == "Running"


def test_a_memory_backed_empty_dir_is_a_tmpfs_of_its_size_limit(sim):
    create(sim, filler("ram", medium="Memory",
                       script="dd if=/dev/zero of=/cache/big bs=1M count=2; echo rc=$?; sleep 3600"))
    sim.step(40)
    assert sim.get("Pod", "ram")["status"]["phase"] == "Running"
    assert sim.kubelet.logs("default", "ram") == [
        "dd: error writing '/cache/big': No space left on device", "2+0 records in", "1+0 records out", "rc=1"]
