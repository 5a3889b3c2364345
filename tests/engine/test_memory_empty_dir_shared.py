"""A memory-backed emptyDir shared by two containers: each tmpfs page is charged to the memory
cgroup of the container that first wrote it, not to every container that mounts the volume; the
pod's cgroup (the sum of its containers' limits) counts every page once."""

import pytest

from kubetui import Simulation

POD = """apiVersion: v1
kind: Pod
metadata: {name: shared}
spec:
  restartPolicy: Never
  containers:
  - name: a
    image: busybox:1.36
    command: ["sh", "-c", "dd if=/dev/zero of=/cache/a bs=1M count=%d; %s"]
    resources: {limits: {memory: %s}}
    volumeMounts: [{name: cache, mountPath: /cache}]
  - name: b
    image: busybox:1.36
    command: ["sh", "-c", "sleep 2; dd if=/dev/zero of=/cache/b bs=1M count=%d; sleep 3600"]
    resources: {limits: {memory: %s}}
    volumeMounts: [{name: cache, mountPath: /cache}]
  volumes:
  - name: cache
    emptyDir: {medium: Memory}
"""


def _states(a_mib: int, a_limit: str, b_mib: int, b_limit: str, a_then: str = "sleep 3600") -> dict[str, str]:
    sim = Simulation(seed=9)
    text = POD % (a_mib, a_then, a_limit, b_mib, b_limit)
    if "None" in text:
        text = text.replace("resources: {limits: {memory: None}}", "resources: {}")
    assert sim.run("kubectl apply -f -", stdin=text).exit_code == 0
    sim.step(20)
    out = {}
    for s in sim.get("Pod", "shared")["status"]["containerStatuses"]:
        state = s["state"]
        out[s["name"]] = "running" if "running" in state else state["terminated"]["reason"]
    return out


@pytest.mark.parametrize(("a_mib", "a_limit", "b_mib", "b_limit", "expected"), [
    # each writes 40Mi of a 64Mi limit: 80Mi in the volume, but neither is charged the other's pages
    (40, "64Mi", 40, "64Mi", {"a": "running", "b": "running"}),
    # b, unlimited, fills the volume: a (limited) only reads it and is charged nothing
    (1, "64Mi", 100, None, {"a": "running", "b": "running"}),
    # the writer past its own limit is the one killed
    (1, "64Mi", 100, "64Mi", {"a": "running", "b": "OOMKilled"}),
    (100, "64Mi", 1, "64Mi", {"a": "OOMKilled", "b": "running"}),
], ids=["both-within", "reader-unlimited-writer", "b-over", "a-over"])
def test_pages_are_charged_to_their_writer(a_mib, a_limit, b_mib, b_limit, expected):
    assert _states(a_mib, a_limit, b_mib, b_limit) == expected


RESTARTING = """apiVersion: v1
kind: Pod
metadata: {name: again}
spec:
  containers:
  - name: a
    image: busybox:1.36
    command: ["sh", "-c", "dd if=/dev/zero of=/cache/a$(date +%%s) bs=1M count=40; sleep 5; exit 1"]
    resources: {limits: {memory: 64Mi}}
    volumeMounts: [{name: cache, mountPath: /cache}]
  - name: b
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    resources: {limits: {memory: %s}}
    volumeMounts: [{name: cache, mountPath: /cache}]
  volumes:
  - name: cache
    emptyDir: {medium: Memory}
"""


def test_a_restarted_writers_old_pages_still_count_in_the_pods_cgroup():
    """Each run of a writes 40Mi to a new file and fails: a new run is a new cgroup, so a never
    passes its own 64Mi, but the old runs' pages move up to the pod's cgroup, which fills."""
    def reasons(b_limit: str) -> list[str]:
        sim = Simulation(seed=9)
        assert sim.run("kubectl apply -f -", stdin=RESTARTING % b_limit).exit_code == 0
        seen = []
        for _ in range(60):
            sim.step(5)
            status = sim.get("Pod", "again")["status"]["containerStatuses"][0]
            last = status.get("lastState", {}).get("terminated", {}).get("reason")
            if last and (not seen or seen[-1] != (status["restartCount"], last)):
                seen.append((status["restartCount"], last))
        return [r for _, r in seen]
    assert "OOMKilled" in reasons("32Mi")
    assert "OOMKilled" not in reasons("4Gi")
