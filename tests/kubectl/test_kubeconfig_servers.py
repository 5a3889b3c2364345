"""A kubeconfig's server URL decides where kubectl goes: one of kubetui's API servers (this
cluster's from the control plane the player works on, or another cluster of the scenario), or
nowhere, with kubectl's own words for a connection it cannot make."""

from __future__ import annotations

import pytest

from kubetui import Simulation
from kubetui.engine.simulation import Simulation as Cluster

REFUSED = "The connection to the server {} was refused - did you specify the right host or port?\n"


def _file(tmp_path, server: str, name: str = "other.conf") -> str:
    sim = Simulation(seed=1)
    sim.run(f"kubectl config set-cluster kubetui --server={server}") if server else sim.run(
        "kubectl config unset clusters.kubetui.server")
    (tmp_path / name).write_text(sim.run("kubectl config view --raw").stdout)
    return name


@pytest.mark.parametrize("server", ["https://control-plane:6443", "https://172.18.0.2:6443", "https://localhost:6443",
                                    "https://127.0.0.1:6443", "https://10.96.0.1", "https://CONTROL-PLANE:6443"])
def test_this_clusters_api_server_answers_at_its_addresses(tmp_path, server):
    sim = Simulation(seed=1)
    name = _file(tmp_path, server)
    r = sim.run(f"kubectl get nodes --kubeconfig={name}", cwd=str(tmp_path))
    assert r.exit_code == 0 and "control-plane" in r.stdout


@pytest.mark.parametrize("server,stderr", [
    ("https://127.0.0.1:1", REFUSED.format("127.0.0.1:1")),
    ("https://10.0.0.9:6443", REFUSED.format("10.0.0.9:6443")),
    ("https://localhost:8443", REFUSED.format("localhost:8443")),
    ("https://node-1:6443", REFUSED.format("node-1:6443")),
    ("https://control-plane:443", REFUSED.format("control-plane:443")),
    ("http://control-plane:6443", "Error from server (BadRequest): the server rejected our request for an unknown reason\n"),
    ("https://prod.example.com:6443", "Unable to connect to the server: dial tcp: lookup prod.example.com: no such host\n"),
    ("", REFUSED.format("localhost:8080")),
])
def test_a_server_that_is_none_of_kubetuis_cannot_be_reached(tmp_path, server, stderr):
    sim = Simulation(seed=1)
    name = _file(tmp_path, server)
    for line in (f"kubectl get pods --kubeconfig={name}", f"KUBECONFIG={name} kubectl get --raw /api",
                 f"kubectl run x --image=nginx --kubeconfig={name}"):
        r = sim.run(line, cwd=str(tmp_path))
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", stderr), line
    assert sim.get("Pod", "x") is None
    version = sim.run(f"kubectl version --kubeconfig={name}", cwd=str(tmp_path))
    assert version.exit_code == 1 and version.stdout.startswith("Client Version: ") and version.stderr == stderr
    assert "Server Version" not in version.stdout
    assert sim.run(f"kubectl config view --kubeconfig={name} -o jsonpath={{.kind}}", cwd=str(tmp_path)).stdout == "Config"


def test_the_sessions_own_kubeconfig_is_checked_too():
    sim = Simulation(seed=1)
    assert sim.run("kubectl config set-cluster kubetui --server=https://192.168.1.10:6443").exit_code == 0
    assert sim.run("kubectl get pods").stderr == REFUSED.format("192.168.1.10:6443")
    assert sim.run("kubectl config set-cluster kubetui --server=https://control-plane:6443").exit_code == 0
    assert sim.run("kubectl get pods").exit_code == 0


def test_another_clusters_server_reaches_it_whatever_the_entry_is_called(tmp_path):
    sim = Simulation(seed=2)
    sim.add_cluster("east", Cluster(seed=2001, nodes=1))
    sim.run("kubectl config set-cluster prod --server=https://east-control-plane:6443")
    sim.run("kubectl config set-context prod --cluster=prod --user=east-admin")
    nodes = sim.run("kubectl get nodes --context=prod -o name").stdout.split()
    assert nodes == ["node/control-plane", "node/node-1"]
    sim.run("kubectl config set-cluster prod --server=https://west-control-plane:6443")
    r = sim.run("kubectl get nodes --context=prod")
    assert r.stderr == "Unable to connect to the server: dial tcp: lookup west-control-plane: no such host\n"


def test_the_server_flag_overrides_the_clusters_server():
    sim = Simulation(seed=1)
    assert sim.run("kubectl get pods --server=https://10.0.0.9:6443").stderr == REFUSED.format("10.0.0.9:6443")
    assert sim.run("kubectl get pods -s https://control-plane:6443").exit_code == 0
    assert sim.run("kubectl config set-cluster extra --server=https://10.0.0.9:6443").exit_code == 0
