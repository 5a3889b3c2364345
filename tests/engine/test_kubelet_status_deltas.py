"""The kubelet's status writes keep what did not change (one conditions list for pods alike, the
last container status lists): every status it writes must read exactly as one rendered afresh."""

import json

import pytest

from kubetui.engine.kubelet import status as kstatus
from kubetui.engine.kubelet.agent import Kubelet
from kubetui.shell import Simulation

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: sc}
spec:
  initContainers:
  - name: setup
    image: busybox
    command: ["sh", "-c", "echo ok"]
  - name: shipper
    image: busybox
    restartPolicy: Always
    command: ["sh", "-c", "while true; do echo ship; sleep 5; done"]
  containers:
  - name: app
    image: nginx:1.25
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "sleep 3; exit 1"]
---
apiVersion: v1
kind: Pod
metadata: {name: once}
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "sleep 2; echo done"]
  - name: side
    image: nginx:1.25
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "sleep 2; exit 3"]
---
apiVersion: v1
kind: Pod
metadata: {name: missing}
spec:
  containers:
  - name: app
    image: no-such-image:9
"""


def _strict(value):
    """JSON with each value's type, so that `1`, `1.0` and `True` differ."""
    return json.dumps(value, sort_keys=True, default=repr) + repr(_types(value))


def _types(value):
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


@pytest.fixture
def checked(monkeypatch):
    """Every status the kubelet renders, compared with one rendered without any kept part."""
    real = kstatus.pod_status
    lists = kstatus._condition_lists
    monkeypatch.setattr(kstatus, "_condition_lists", lists)
    writes = []

    def rendered_twice(rt, pod, host_ip, tick):
        published, rt.published = rt.published, None
        kstatus._condition_lists = {}
        fresh = real(rt, pod, host_ip, tick)
        rt.published, kstatus._condition_lists = published, lists
        kept = real(rt, pod, host_ip, tick)
        assert _strict(kept) == _strict(fresh)
        writes.append(kept)
        return kept

    monkeypatch.setattr("kubetui.engine.kubelet.agent.pod_status", rendered_twice)
    return writes


def test_every_status_written_reads_as_one_rendered_afresh(checked):
    sim = Simulation(seed=5)
    assert sim.run("kubectl apply -f -", stdin=PODS).exit_code == 0
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4").exit_code == 0
    sim.step(40)
    assert sim.run("kubectl delete pod once --wait=false").exit_code == 0
    sim.step(5)
    assert len(checked) > 40
    assert any("initContainerStatuses" in s for s in checked)
    assert any(s["phase"] == "Failed" for s in checked)
    assert any(c.get("reason") == "ContainersNotReady" for s in checked for c in s["conditions"])


def test_pods_alike_share_one_conditions_list_and_unchanged_statuses_stay():
    sim = Simulation(seed=5)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=6").exit_code == 0
    sim.step(15)
    pods = [p for p in sim.store.iter("Pod", "default") if p["metadata"]["name"].startswith("web-")]
    assert len(pods) == 6 and all(p["status"]["phase"] == "Running" for p in pods)
    assert len({id(p["status"]["conditions"]) for p in pods}) < len(pods)

    kubelet: Kubelet = sim.kubelet
    pod = pods[0]
    rt = kubelet.runtime("default", pod["metadata"]["name"])
    assert rt is not None and rt.published is pod["status"]
    again = kstatus.pod_status(rt, pod, kubelet.node_ip(rt.node), sim.tick)
    assert again == pod["status"]
    assert again["containerStatuses"] is pod["status"]["containerStatuses"]
    assert again["conditions"] is pod["status"]["conditions"]
    assert again["podIPs"] is pod["status"]["podIPs"]


def test_a_status_someone_else_wrote_is_not_kept():
    sim = Simulation(seed=5)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=1").exit_code == 0
    sim.step(15)
    pod = next(p for p in sim.store.iter("Pod", "default") if p["metadata"]["name"].startswith("web-"))
    statuses = [{**c, "restartCount": float(c["restartCount"])} for c in pod["status"]["containerStatuses"]]
    written = sim.store.update_status({**pod, "status": {**pod["status"], "message": "checked by hand",
                                                         "containerStatuses": statuses}})
    rt = sim.kubelet.runtime("default", pod["metadata"]["name"])
    assert rt is not None and rt.published is not written["status"]
    again = kstatus.pod_status(rt, written, sim.kubelet.node_ip(rt.node), sim.tick)
    assert type(again["containerStatuses"][0]["restartCount"]) is int
