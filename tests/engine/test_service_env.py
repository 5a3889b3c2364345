"""The kubelet's Service environment variables (pkg/kubelet/envvars): the `kubernetes` Service
always, the pod's namespace's Services with enableServiceLinks (default true), the ones that
existed when the container started, a container's own variables winning."""

from __future__ import annotations

import pytest

from kubetui.engine.kubelet.envvars import from_service
from kubetui.shell import Simulation

KUBERNETES = ["KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443", "KUBERNETES_SERVICE_PORT_HTTPS=443",
              "KUBERNETES_PORT=tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
              "KUBERNETES_PORT_443_TCP_PROTO=tcp", "KUBERNETES_PORT_443_TCP_PORT=443",
              "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1"]


@pytest.fixture
def sim():
    s = Simulation(seed=3)
    for line in ("kubectl create ns shop", "kubectl -n shop create svc clusterip my-db --tcp=5432:5432",
                 "kubectl -n shop create svc clusterip none --clusterip=None",
                 "kubectl -n shop create svc externalname ext --external-name=example.com",
                 "kubectl create svc clusterip elsewhere --tcp=80:80"):
        assert s.run(line).exit_code == 0, line
    return s


def _env(sim, ns: str, pod: str) -> list[str]:
    r = sim.run(f"kubectl -n {ns} exec {pod} -- env")
    assert r.exit_code == 0, r.stderr
    return r.stdout.splitlines()


def test_namespace_services_and_kubernetes(sim):
    sim.run("kubectl -n shop run p --image=busybox -- sleep 3600")
    sim.step(15)
    env = _env(sim, "shop", "p")
    assert [v for v in env if v.startswith("KUBERNETES_")] == KUBERNETES
    assert [v for v in env if v.startswith("MY_DB_")] == [
        f"MY_DB_SERVICE_HOST={_ip(sim, 'shop', 'my-db')}", "MY_DB_SERVICE_PORT=5432",
        "MY_DB_SERVICE_PORT_5432_5432=5432", f"MY_DB_PORT=tcp://{_ip(sim, 'shop', 'my-db')}:5432",
        f"MY_DB_PORT_5432_TCP=tcp://{_ip(sim, 'shop', 'my-db')}:5432", "MY_DB_PORT_5432_TCP_PROTO=tcp",
        "MY_DB_PORT_5432_TCP_PORT=5432", f"MY_DB_PORT_5432_TCP_ADDR={_ip(sim, 'shop', 'my-db')}"]
    assert not [v for v in env if v.startswith(("NONE_", "EXT_", "ELSEWHERE_"))]


def _ip(sim, ns: str, name: str) -> str:
    return sim.get("Service", name, ns)["spec"]["clusterIP"]


def test_service_links_disabled_keeps_only_kubernetes(sim):
    sim.run("kubectl -n shop apply -f -", stdin="""apiVersion: v1
kind: Pod
metadata: {name: quiet}
spec:
  enableServiceLinks: false
  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]
""")
    sim.step(15)
    names = [v.split("=", 1)[0] for v in _env(sim, "shop", "quiet")]
    assert [n for n in names if n.endswith("_SERVICE_HOST")] == ["KUBERNETES_SERVICE_HOST"]


def test_only_services_present_at_start_and_own_variables_win(sim):
    sim.run("kubectl -n shop apply -f -", stdin="""apiVersion: v1
kind: Pod
metadata: {name: own}
spec:
  containers:
  - name: c
    image: busybox
    command: [sleep, "3600"]
    env:
    - {name: MY_DB_SERVICE_PORT, value: "9999"}
    - {name: DB_URL, value: "postgres://$(MY_DB_SERVICE_HOST):$(MY_DB_SERVICE_PORT)"}
""")
    sim.step(15)
    sim.run("kubectl -n shop create svc clusterip later --tcp=80:80")
    sim.step(2)
    env = _env(sim, "shop", "own")
    assert "MY_DB_SERVICE_PORT=9999" in env and env.count("MY_DB_SERVICE_PORT=9999") == 1
    assert f"DB_URL=postgres://{_ip(sim, 'shop', 'my-db')}:9999" in env
    assert not [v for v in env if v.startswith("LATER_")]


def test_ports_by_name_and_protocol():
    svc = {"metadata": {"name": "dns-x"}, "spec": {"clusterIP": "10.0.0.10", "ports": [
        {"name": "dns", "port": 53, "protocol": "UDP"}, {"name": "dns-tcp", "port": 53, "protocol": "TCP"}]}}
    assert from_service(svc) == {
        "DNS_X_SERVICE_HOST": "10.0.0.10", "DNS_X_SERVICE_PORT": "53", "DNS_X_SERVICE_PORT_DNS": "53",
        "DNS_X_SERVICE_PORT_DNS_TCP": "53", "DNS_X_PORT": "udp://10.0.0.10:53",
        "DNS_X_PORT_53_UDP": "udp://10.0.0.10:53", "DNS_X_PORT_53_UDP_PROTO": "udp", "DNS_X_PORT_53_UDP_PORT": "53",
        "DNS_X_PORT_53_UDP_ADDR": "10.0.0.10", "DNS_X_PORT_53_TCP": "tcp://10.0.0.10:53",
        "DNS_X_PORT_53_TCP_PROTO": "tcp", "DNS_X_PORT_53_TCP_PORT": "53", "DNS_X_PORT_53_TCP_ADDR": "10.0.0.10"}
