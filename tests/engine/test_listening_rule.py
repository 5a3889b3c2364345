"""One listening rule for every client: other pods, Services, `kubectl port-forward` and the
connection objective. containerPort is informational, as on a real cluster: a declared port
nothing listens on is refused, an undeclared one something listens on works (nginx's 80, or a
server `kubectl exec` started)."""

import pytest
from pydantic import TypeAdapter

from kubetui.engine.network.client import forward_refused
from kubetui.scenario.objectives import Objective
from kubetui.shell import Simulation

ADAPTER = TypeAdapter(Objective)


def judge(sim, **fields):
    o = ADAPTER.validate_python({"id": "x", "description": {"en": "d", "ko": "d"}, "atEnd": True, **fields})
    return o.final(sim, sim.figures(), sim.tick)


@pytest.fixture
def sim():
    s = Simulation(seed=4)
    for line in ("kubectl run web --image=nginx:1.27 --port=8080 --labels=app=web",
                 "kubectl create service clusterip declared --tcp=80:8080",
                 "kubectl create service clusterip real --tcp=80:80",
                 "kubectl create service clusterip side --tcp=80:9000",
                 "kubectl run client --image=busybox:1.36 --labels=app=client -- sleep 3600"):
        assert s.run(line).exit_code == 0, line
    for svc in ("declared", "real", "side"):
        s.run(f"kubectl set selector svc {svc} app=web")
    s.step(20)
    return s


def forward(sim, spec: str):
    """A port-forward at the command bar, and curl at the door through it."""
    running = sim.start(f"kubectl port-forward pod/web {spec}")
    local = spec.split(":")[0]
    return running, sim.run(f"curl -s localhost:{local}")


def test_a_declared_port_nothing_listens_on_is_refused(sim):
    running, r = forward(sim, "18080:8080")
    assert (r.exit_code, r.stderr) == (52, "curl: (52) Empty reply from server\n")
    sim.step(1)
    assert running.done and running.result.exit_code == 1
    said = forward_refused(sim.get("Pod", "web"), 8080).replace('"', '\\"')
    assert running.stderr.endswith(
        f'portforward.go:549] "An error occurred forwarding" err="{said}" localPort=18080 remotePort=8080\n'
        "error: lost connection to pod\n")
    assert "failed to connect to localhost:8080 inside namespace" in said
    assert "IPv4: dial tcp4 127.0.0.1:8080: connect: connection refused" in said
    refused = judge(sim, type="connection", fromSelector="app=client", toService="declared")
    assert not refused.passed and "nothing listens on" in refused.reason.en
    assert "nginx:1.27 listens on 80" in refused.reason.en
    r = sim.run("kubectl exec client -- wget -qO- declared")
    assert r.exit_code == 1 and "Connection refused" in r.stderr


def test_an_undeclared_port_the_app_listens_on_works(sim):
    running, r = forward(sim, "18081:80")
    assert r.exit_code == 0 and "<title>Welcome to nginx!</title>" in r.stdout
    sim.step(1)
    assert not running.done and running.stdout.endswith("Handling connection for 18081\n")
    assert judge(sim, type="connection", fromSelector="app=client", toService="real").passed
    assert judge(sim, type="connection", toSelector="app=web", port=80).passed


def test_a_server_kubectl_exec_started_is_reached_by_every_client(sim):
    assert not judge(sim, type="connection", fromSelector="app=client", toService="side").passed
    assert sim.run("kubectl exec web -- sh -c 'mkdir /s; echo side > /s/index.html; httpd -p 9000 -h /s'").exit_code == 0
    assert judge(sim, type="connection", fromSelector="app=client", toService="side").passed
    assert judge(sim, type="connection", toSelector="app=web", port=9000).passed
    running, r = forward(sim, "19000:9000")
    assert (r.exit_code, r.stdout) == (0, "side\n")
    sim.step(1)
    assert not running.done
    assert sim.run("kubectl exec client -- wget -qO- side").stdout == "side\n"
