"""`ping` and `telnet` over the simulated network: names resolve through the pod's resolv.conf;
pods and nodes answer ping, a Service's ClusterIP does not (kube-proxy's iptables rules forward
only its ports); NetworkPolicy isolation drops ICMP unless a rule without ports lets the source
in. busybox's output and exit codes; one packet a simulated second."""

from __future__ import annotations

import shlex

import pytest

from kubetui import Simulation

POLICIES = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: locked}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: tcp-only, namespace: ports}
spec:
  podSelector: {}
  ingress:
  - ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all-from-anywhere, namespace: open}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {}}]
"""


@pytest.fixture(scope="module")
def cluster():
    sim = Simulation(seed=5)
    for line in ("kubectl run web --image=nginx:1.27 --labels=app=web", "kubectl expose pod web --port=80",
                 "kubectl create service clusterip db --clusterip=None --tcp=5432:5432",
                 "kubectl create namespace locked", "kubectl run shop -n locked --image=nginx",
                 "kubectl create namespace ports", "kubectl run api -n ports --image=nginx",
                 "kubectl create namespace open", "kubectl run blog -n open --image=nginx",
                 "kubectl run tool --image=busybox:1.36 -- sleep 36000"):
        assert sim.run(line).exit_code == 0, line
    assert sim.run("kubectl apply -f -", stdin=POLICIES).exit_code == 0
    sim.step(30)
    return sim


def ip(sim, name: str, ns: str = "default") -> str:
    return sim.get("Pod", name, ns)["status"]["podIP"]


def ping(sim, args: str) -> tuple[int, str, str, int]:
    start = sim.tick
    r = sim.run(f"kubectl exec tool -- sh -c {shlex.quote('ping ' + args)}")
    err = r.stderr.replace(f"command terminated with exit code {r.exit_code}\n", "")
    return r.exit_code, r.stdout, err, sim.tick - start


@pytest.mark.parametrize("target, answers", [
    ("web", False),                            # a Service's ClusterIP
    ("web.default.svc.cluster.local", False),
    ("POD:web", True),
    ("POD:shop.locked", False),                # isolated for ingress: ICMP dropped
    ("POD:api.ports", False),                  # only TCP 80 allowed in
    ("POD:blog.open", True),                   # a rule without ports allows ICMP
    ("localhost", True),
    ("tool", True),
    ("NODE", True),
])
def test_who_answers_ping(cluster, target, answers):
    if target.startswith("POD:"):
        name, _, ns = target[4:].partition(".")
        target = ip(cluster, name, ns or "default")
    elif target == "NODE":
        target = cluster.get("Node", "node-1")["status"]["addresses"][0]["address"]
    code, out, err, took = ping(cluster, f"-c 2 -W 1 {target}")
    assert out.startswith(f"PING {target} (") and ": 56 data bytes\n" in out
    assert (code, out.count(" bytes from "), err) == ((0, 2, "") if answers else (1, 0, ""))
    assert f"\n--- {target} ping statistics ---\n2 packets transmitted, " in out
    assert ("round-trip min/avg/max = " in out) == answers
    assert took == (1 if answers else 2)


def test_ping_words_and_numbers(cluster):
    code, out, err, _ = ping(cluster, "-c 3 " + ip(cluster, "web"))
    lines = out.splitlines()
    assert lines[1].startswith(f"64 bytes from {ip(cluster, 'web')}: seq=0 ttl=64 time=") and lines[1].endswith(" ms")
    assert lines[-2] == "3 packets transmitted, 3 packets received, 0% packet loss"
    assert (code, err) == (0, "")
    assert ping(cluster, "-c 1 nosuch")[:3] == (1, "", "ping: bad address 'nosuch'\n")
    assert ping(cluster, "-c x web")[:3] == (1, "", "ping: invalid number 'x'\n")
    assert ping(cluster, "")[2].startswith("BusyBox v1.36.1 multi-call binary.\n\nUsage: ping ")
    code, out, _, took = ping(cluster, "-q -w 3 " + ip(cluster, "web"))
    assert (code, took, out.count("bytes from")) == (0, 3, 0)
    assert "3 packets transmitted, 3 packets received, 0% packet loss" in out
    code, out, _, took = ping(cluster, "-c 2 web")
    assert (code, took) == (1, 11)  # no reply: busybox waits 10 s after its last packet


def test_ping_lines_come_one_a_second(cluster):
    inv = cluster.start(f"kubectl exec tool -- ping -c 3 {ip(cluster, 'web')}")
    seen = []
    while not inv.done:
        seen.append(inv.stdout.count("bytes from"))
        cluster.step(1)
    assert seen == [1, 2] and inv.stdout.count("bytes from") == 3


def test_telnet_connects_like_nc(cluster):
    r = cluster.run("kubectl exec tool -- telnet web 80")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    r = cluster.run("kubectl exec tool -- sh -c 'printf \"HEAD / HTTP/1.1\\r\\n\\r\\n\" | telnet web 80'")
    assert r.stdout.startswith("HTTP/1.1 200 OK\r\n")
    r = cluster.run(f"kubectl exec tool -- telnet {ip(cluster, 'web')} 81")
    assert r.exit_code == 1 and r.stderr.startswith(
        f"telnet: can't connect to remote host ({ip(cluster, 'web')}): Connection refused\n")
    r = cluster.run("kubectl exec tool -- telnet nosuch 80")
    assert r.stderr.startswith("telnet: bad address 'nosuch'\n")
    start = cluster.tick
    r = cluster.run(f"kubectl exec tool -- telnet {ip(cluster, 'shop', 'locked')} 80")
    assert "Connection timed out" in r.stderr and cluster.tick - start == 130


def test_a_script_pings_in_a_loop_and_logs_each_reply():
    sim = Simulation(seed=2)
    sim.run("kubectl run web --image=nginx")
    sim.step(10)
    target = sim.get("Pod", "web")["status"]["podIP"]
    sim.run(f"kubectl run p --image=busybox -- sh -c 'ping -c 3 {target} | grep -o seq=.; echo done; sleep 3600'")
    sim.step(15)
    stamped = sim.run("kubectl logs p --timestamps").stdout.splitlines()
    ticks = [s[17:19] for s in stamped]
    assert [s.split(" ", 1)[1] for s in stamped] == ["seq=0", "seq=1", "seq=2", "done"]
    assert int(ticks[1]) == int(ticks[0]) + 1 and ticks[3] == ticks[2]
