"""Invariants that hold whatever a player types: random command sequences (hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubetui import Simulation
from kubetui.engine.scheduler import pod_requests
from kubetui.model.quantity import cpu_millis, memory_bytes, parse_quantity

# fuzz; the fast subset keeps same-commands-same-checksum (test_determinism.py) and each controller's
# own tests of owners, quota and placement
pytestmark = pytest.mark.slow

NAMES = ["web", "api", "db"]
IMAGES = ["nginx:1.25", "nginx:1.26", "redis:7", "nginx:nope", "busybox:1.36"]
NODES = ["node-1", "node-2", "node-3"]


def namespaced(cmd: str, ns: str) -> str:
    return f"{cmd} -n {ns}" if ns != "default" else cmd


commands = st.one_of(
    st.builds(lambda n, i, r, ns: namespaced(f"kubectl create deployment {n} --image={i} --replicas={r}", ns),
              st.sampled_from(NAMES), st.sampled_from(IMAGES), st.integers(0, 6), st.sampled_from(["default", "q"])),
    st.builds(lambda n, r, ns: namespaced(f"kubectl scale deployment {n} --replicas={r}", ns),
              st.sampled_from(NAMES), st.integers(0, 8), st.sampled_from(["default", "q"])),
    st.builds(lambda n, c, m, ns: namespaced(f"kubectl set resources deployment {n} --requests=cpu={c}m,memory={m}Mi", ns),
              st.sampled_from(NAMES), st.sampled_from([100, 500, 1500]), st.sampled_from([64, 512, 3072]),
              st.sampled_from(["default", "q"])),
    st.builds(lambda n, i, ns: namespaced(f"kubectl set image deployment/{n} {n.split('-')[0]}={i}", ns),
              st.sampled_from(NAMES), st.sampled_from(IMAGES), st.sampled_from(["default", "q"])),
    st.builds(lambda n, o, ns: namespaced(f"kubectl delete deployment {n} --wait=false" + (" --cascade=orphan" if o else ""), ns),
              st.sampled_from(NAMES), st.booleans(), st.sampled_from(["default", "q"])),
    st.builds(lambda n, ns: namespaced(f"kubectl run p-{n} --image=busybox:1.36 --restart=Never -- sleep 20", ns),
              st.sampled_from(NAMES), st.sampled_from(["default", "q"])),
    st.builds(lambda n: f"sim fail-node {n}", st.sampled_from(NODES)),
    st.builds(lambda n: f"sim recover-node {n}", st.sampled_from(NODES)),
    st.builds(lambda n: f"kubectl cordon {n}", st.sampled_from(NODES)),
    st.builds(lambda n: f"kubectl uncordon {n}", st.sampled_from(NODES)),
    st.just("kubectl delete pods --all -n q --wait=false"),
    st.builds(lambda t: f"wait {t}", st.integers(1, 60)),
)


def play(script: list[str]) -> Simulation:
    sim = Simulation(seed=3)
    sim.run("kubectl create namespace q")
    sim.run("kubectl create quota compute -n q --hard=pods=5,requests.cpu=2,requests.memory=2Gi")
    for line in script:
        if line.startswith("wait "):
            sim.step(int(line.split()[1]))
        else:
            sim.run(line)
        sim.step(1)
        check_invariants(sim)
    return sim


def check_invariants(sim: Simulation) -> None:
    for node in sim.store.iter("Node"):
        name = node["metadata"]["name"]
        alloc = node["status"]["allocatable"]
        running = [p for p in sim.store.pods_on(name) if p.get("status", {}).get("phase") not in ("Succeeded", "Failed")]
        cpu = sum(pod_requests(p["spec"])[0] for p in running)
        mem = sum(pod_requests(p["spec"])[1] for p in running)
        assert cpu <= cpu_millis(alloc["cpu"]), f"{name} over-committed: {cpu}m CPU requested"
        assert mem <= memory_bytes(alloc["memory"]), f"{name} over-committed: {mem} bytes requested"
        assert len(running) <= int(alloc["pods"])
    quota = sim.store.get("ResourceQuota", "q", "compute")
    for resource, used in (quota.get("status") or {}).get("used", {}).items():
        assert parse_quantity(used) <= parse_quantity(quota["status"]["hard"][resource]), f"quota {resource}: {used}"
    for kind in ("ReplicaSet", "Pod"):
        for obj in sim.store.iter(kind):
            meta = obj["metadata"]
            for ref in meta.get("ownerReferences", ()):
                if ref["uid"] not in sim.store.by_uid and not meta.get("deletionTimestamp"):
                    gc = sim.controllers.garbage_collector
                    assert ("", ref["uid"]) in gc.queue, f"{kind} {meta['name']} outlived its owner"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(commands, min_size=1, max_size=12))
def test_invariants_hold_and_runs_repeat(script):
    first = play(script)
    second = play(script)
    assert first.checksum() == second.checksum()
