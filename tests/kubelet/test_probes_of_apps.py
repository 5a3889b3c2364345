"""Probes of an app container (no script of the manifest's) as the kubelet runs them: an `exec`
probe runs its command over the container's files, an `httpGet` probe fails on the app's error
status (Configure Liveness, Readiness and Startup Probes, walked by trial14)."""

from __future__ import annotations

import pytest

from kubetui import Simulation

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: sp}
spec:
  containers:
  - name: web
    image: nginx
    startupProbe:
      httpGet: {path: /healthz, port: 80}
      failureThreshold: 3
      periodSeconds: 5
---
apiVersion: v1
kind: Pod
metadata: {name: rp}
spec:
  containers:
  - name: web
    image: nginx
    readinessProbe:
      exec:
        command: [cat, /tmp/ready]
      periodSeconds: 5
---
apiVersion: v1
kind: Pod
metadata: {name: ok}
spec:
  containers:
  - name: web
    image: nginx
    readinessProbe:
      httpGet: {path: /, port: 80}
    livenessProbe:
      exec:
        command: [ls, /usr/share/nginx/html]
---
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers:
  - name: redis
    image: redis
    readinessProbe:
      exec:
        command: [redis-cli, ping]
"""


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=7, nodes=1)
    assert s.run("kubectl apply -f -", stdin=PODS).exit_code == 0
    s.step(25)
    return s


def _status(sim, name):
    return sim.run(f"kubectl get pod {name} --no-headers").stdout.split()[1:4]


def test_an_http_startup_probe_of_a_missing_path_restarts_the_container(sim):
    assert _status(sim, "sp")[0] == "0/1" and _status(sim, "sp")[2] != "0"
    events = sim.run("kubectl get events --field-selector involvedObject.name=sp").stdout
    assert "Startup probe failed: HTTP probe failed with statuscode: 404" in events
    assert "Container web failed startup probe, will be restarted" in events


def test_an_exec_readiness_probe_reads_the_containers_files(sim):
    assert _status(sim, "rp")[:2] == ["0/1", "Running"]
    assert "Readiness probe failed: cat: /tmp/ready: No such file or directory" in \
        sim.run("kubectl describe pod rp").stdout
    sim.run("kubectl exec rp -- touch /tmp/ready")
    sim.step(6)
    assert _status(sim, "rp")[:2] == ["1/1", "Running"]


def test_passing_probes_and_an_apps_own_client_keep_the_pod_ready(sim):
    assert _status(sim, "ok") == ["1/1", "Running", "0"]
    assert _status(sim, "db") == ["1/1", "Running", "0"]
