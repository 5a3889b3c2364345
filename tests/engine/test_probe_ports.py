"""A probe dials the port it names: an app that listens elsewhere is not Ready (nginx listens on
80, whatever the manifest declares), and a liveness probe on a closed port restarts it."""

import pytest

from kubetui import Simulation

POD = """apiVersion: v1
kind: Pod
metadata: {{name: web}}
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{{containerPort: 80, name: http}}]
    {probe}:
      {how}: {{port: {port}{path}}}
      periodSeconds: 2
      failureThreshold: 2
"""


def run(probe: str, how: str, port, seconds: int = 40) -> tuple[dict, list[str]]:
    sim = Simulation(seed=0, nodes=1)
    path = ", path: /" if how == "httpGet" else ""
    r = sim.run("kubectl apply -f -", stdin=POD.format(probe=probe, how=how, port=port, path=path))
    assert r.exit_code == 0, r.stderr
    sim.step(seconds)
    pod = sim.get("Pod", "web")
    messages = [e["message"] for e in sim.events() if e["reason"] == "Unhealthy"]
    return pod, messages


@pytest.mark.parametrize("how", ["tcpSocket", "httpGet"])
@pytest.mark.parametrize("port", [80, "http"])
def test_a_probe_on_the_apps_port_passes(how, port):
    pod, messages = run("readinessProbe", how, port)
    assert pod["status"]["containerStatuses"][0]["ready"] is True
    assert messages == []


@pytest.mark.parametrize("how", ["tcpSocket", "httpGet"])
def test_a_readiness_probe_on_another_port_keeps_the_pod_out(how):
    pod, messages = run("readinessProbe", how, 8080)
    assert pod["status"]["containerStatuses"][0]["ready"] is False
    assert messages and all("8080" in m and "connection refused" in m for m in messages)
    assert messages[0].startswith("Readiness probe failed: ")


def test_a_liveness_probe_on_another_port_restarts_the_container():
    pod, messages = run("livenessProbe", "tcpSocket", 8080, seconds=60)
    assert pod["status"]["containerStatuses"][0]["restartCount"] >= 1
    assert messages[0].startswith("Liveness probe failed: dial tcp ") and messages[0].endswith(":8080: connect: connection refused")


def test_a_failure_names_the_pods_ip():
    from kubetui.engine.kubelet.probes import failure

    assert failure({"httpGet": {"port": 80, "path": "/healthz"}}, "10.244.1.7") == \
        'Get "http://10.244.1.7:80/healthz": dial tcp 10.244.1.7:80: connect: connection refused'
    assert failure({"tcpSocket": {"port": 5432}}, "10.244.1.7") == "dial tcp 10.244.1.7:5432: connect: connection refused"
