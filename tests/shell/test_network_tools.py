"""wget, curl and nc in container scripts and `kubectl exec` reach the simulated network: the
pod's resolver, Services and their endpoints, NetworkPolicy; the app's own reply; the tools'
own words and exit codes; a dropped connection takes its timeout in simulated seconds; and a
line typed at an `exec -it` prompt prints what follows a `sleep` that many seconds later."""

from __future__ import annotations

import shlex

import pytest

from kubetui import Simulation
from kubetui.engine.simulation import Simulation as Engine
from kubetui.model.clock import tick_of

DENY = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: locked}
spec:
  podSelector: {}
  policyTypes: [Ingress]
"""


@pytest.fixture(scope="module")
def cluster():
    sim = Simulation(seed=21)
    for line in ("kubectl create deployment web --image=nginx:1.27", "kubectl expose deployment web --port=80",
                 "kubectl create deployment hello --image=gcr.io/google-samples/hello-app:1.0",
                 "kubectl expose deployment hello --port=8080",
                 "kubectl create service clusterip empty --tcp=80:80",
                 "kubectl create namespace locked",
                 "kubectl create deployment shop -n locked --image=nginx",
                 "kubectl expose deployment shop -n locked --port=80",
                 "kubectl run tool --image=busybox:1.36 -- sleep 36000",
                 "kubectl run curler --image=curlimages/curl:8.5.0 -- sleep 36000"):
        assert sim.run(line).exit_code == 0, line
    assert sim.run("kubectl apply -f -", stdin=DENY).exit_code == 0
    sim.step(30)
    return sim


class _Ran:
    def __init__(self, result):
        self.exit_code, self.stdout = result.exit_code, result.stdout
        self.stderr = result.stderr.replace(f"command terminated with exit code {result.exit_code}\n", "")


def _exec(sim, pod: str, line: str) -> _Ran:
    """`kubectl exec POD -- sh -c LINE`: what the shell printed (less kubectl's exit code line)."""
    return _Ran(sim.run(f"kubectl exec {pod} -- sh -c {shlex.quote(line)}"))


def test_wget_gets_the_apps_page_through_the_service(cluster):
    for url in ("http://web", "web", "http://web.default:80/", "http://web.default.svc.cluster.local/"):
        r = _exec(cluster, "tool", f"wget -qO- {url}")
        assert (r.exit_code, "<title>Welcome to nginx!</title>" in r.stdout) == (0, True), (url, r.stderr)
    r = _exec(cluster, "tool", "wget -O- http://hello:8080/")
    assert r.stdout == "Hello, world!\nVersion: 1.0.0\nHostname: " + r.stdout.split("Hostname: ")[1]
    assert r.stdout.split("Hostname: ")[1].startswith("hello-")
    ip = cluster.get("Service", "hello")["spec"]["clusterIP"]
    assert r.stderr.startswith(f"Connecting to hello:8080 ({ip}:8080)\nwriting to stdout\n")
    assert r.stderr.endswith(f"-                    100% |{'*' * 32}|    {len(r.stdout)}  0:00:00 ETA\n"
                             "written to stdout\n")


def test_wget_saves_a_file_and_reports_server_errors(cluster):
    r = _exec(cluster, "tool", "cd /tmp && wget -q http://web/ && cat index.html && wget -q http://web/")
    assert "Welcome to nginx!" in r.stdout
    assert r.exit_code == 1 and r.stderr == "wget: can't open 'index.html': File exists\n"
    r = _exec(cluster, "tool", "wget -qO- http://web/missing.html")
    assert (r.exit_code, r.stderr) == (1, "wget: server returned error: HTTP/1.1 404 Not Found\n")
    r = _exec(cluster, "tool", "wget --spider http://web/; echo $?")
    assert r.stdout == "0\n" and r.stderr.endswith("remote file exists\n")


def test_the_tools_own_words_for_failures(cluster):
    r = _exec(cluster, "tool", "wget -qO- http://nowhere/")
    assert (r.exit_code, r.stderr) == (1, "wget: bad address 'nowhere'\n")
    ip = cluster.get("Service", "empty")["spec"]["clusterIP"]
    r = _exec(cluster, "tool", "wget -qO- http://empty/")
    assert (r.exit_code, r.stderr) == (1, f"wget: can't connect to remote host ({ip}): Connection refused\n")
    r = _exec(cluster, "curler", "curl -s nowhere; echo $?")
    assert r.stdout == "6\n" and r.stderr == ""
    r = _exec(cluster, "curler", "curl -sS http://empty:80/x")
    assert (r.exit_code, r.stderr) == (7, "curl: (7) Failed to connect to empty port 80 after 0 ms: "
                                          "Couldn't connect to server\n")
    r = _exec(cluster, "curler", "curl --frobnicate web")
    assert (r.exit_code, r.stderr) == (2, "curl: option --frobnicate: is unknown\n"
                                          "curl: try 'curl --help' or 'curl --manual' for more information\n")
    r = _exec(cluster, "tool", "curl -s web")
    assert (r.exit_code, r.stderr) == (127, "sh: curl: not found\n")


def test_curl_head_write_out_and_fail(cluster):
    r = _exec(cluster, "curler", "curl -sI web")
    lines = r.stdout.splitlines()
    assert lines[0] == "HTTP/1.1 200 OK" and lines[1] == "Server: nginx/1.27.5"  # nginx:1.27, server_tokens on
    assert any(line.startswith("Content-Type: text/html") for line in lines) and r.stdout.endswith("\n\n")
    r = _exec(cluster, "curler", "curl -s -o /dev/null -w '%{http_code}\\n' web/nope; curl -sf web/nope; echo $?")
    assert r.stdout == "404\n22\n"
    r = _exec(cluster, "curler", "curl -s web/nope")
    assert "<hr><center>nginx/1.27.5</center>" in r.stdout
    r = _exec(cluster, "curler", "curl -sS -f web/nope")
    assert r.stderr == "curl: (22) The requested URL returned error: 404\n"
    r = cluster.run("kubectl exec curler -- curl http://hello:8080/")
    assert r.stdout.startswith("Hello, world!\n")
    assert r.stderr.startswith("  % Total    % Received % Xferd  Average Speed")


def test_nc_checks_a_port(cluster):
    r = _exec(cluster, "tool", "nc -z -w 2 web 80 && echo open; nc -zv web 80")
    ip = cluster.get("Service", "web")["spec"]["clusterIP"]
    assert r.stdout == "open\n" and r.stderr == f"web ({ip}:80) open\n"
    r = _exec(cluster, "tool", "nc -z empty 80; echo $?; nc -zvv empty 80")
    empty = cluster.get("Service", "empty")["spec"]["clusterIP"]
    assert r.stdout == "1\n" and r.stderr == f"nc: empty ({empty}:80): Connection refused\n"
    r = _exec(cluster, "tool", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc web 80")
    assert r.stdout.startswith("HTTP/1.1 200 OK\r\n") and "Welcome to nginx!" in r.stdout
    r = _exec(cluster, "tool", "nc -z web")
    assert r.exit_code == 1 and "Usage: nc" in r.stderr


def test_a_dropped_connection_waits_its_timeout_in_simulated_seconds(cluster):
    sim = cluster
    script = ("echo start; wget -T 3 -qO- http://shop.locked; echo wget=$?; "
              "curl -m 2 -s web.locked 2>/dev/null; curl -sS -m 2 shop.locked; echo curl=$?; "
              "nc -z -w 4 shop.locked 80; echo nc=$?; sleep 3600")
    assert sim.run(f"kubectl run probe --image=curlimages/curl -- sh -c {shlex.quote(script)}").exit_code == 0
    sim.step(20)
    r = sim.run("kubectl logs probe --timestamps")
    lines = [(tick_of(line.split(" ", 1)[0]), line.split(" ", 1)[1]) for line in r.stdout.splitlines()]
    start = lines[0][0]
    got = [(t - start, text) for t, text in lines]
    assert got == [(0, "start"), (3, "wget: download timed out"), (3, "wget=1"),
                   (5, "curl: (28) Connection timed out after 2001 milliseconds"), (5, "curl=28"), (9, "nc=1")], got


def test_without_a_timeout_the_kernel_gives_up_after_its_retries(cluster):
    r = _exec(cluster, "curler", "curl -sS shop.locked; echo $?")
    assert r.stdout == "28\n"
    assert r.stderr == ("curl: (28) Failed to connect to shop.locked port 80 after 130001 ms: "
                        "Couldn't connect to server\n")
    ip = cluster.get("Service", "shop", "locked")["spec"]["clusterIP"]
    r = _exec(cluster, "tool", "wget -qO- shop.locked")
    assert r.stderr == f"wget: can't connect to remote host ({ip}): Connection timed out\n"


def test_names_resolve_through_the_pods_resolv_conf_and_localhost_is_the_pod(cluster):
    r = _exec(cluster, "tool", "echo 'search locked.svc.cluster.local' > /etc/resolv.conf; wget -qO- -T 1 shop; "
                               "echo $?; wget -qO- web")
    assert r.stdout == "1\n" and "download timed out" in r.stderr and "bad address 'web'" in r.stderr
    web = cluster.list("Pod", "default", labels="app=web")[0]["metadata"]["name"]
    r = _exec(cluster, web, "echo '<h1>mine</h1>' > /usr/share/nginx/html/index.html; curl -s localhost")
    assert r.stdout == "<h1>mine</h1>\n"
    r = _exec(cluster, "tool", f"wget -qO- http://{cluster.get('Pod', web)['status']['podIP']}/")
    assert r.stdout == "<h1>mine</h1>\n"
    r = _exec(cluster, "tool", "wget -qO- localhost")
    assert r.stderr.startswith("wget: can't connect to remote host (127.0.0.1): Connection refused")


def test_a_container_script_logs_what_it_fetched():
    sim = Simulation(seed=5)
    sim.run("kubectl create deployment web --image=nginx")
    sim.run("kubectl expose deployment web --port=80")
    script = "while true; do wget -qO- http://web | grep -o '<title>.*</title>'; sleep 5; done"
    sim.run(f"kubectl run poller --image=busybox -- sh -c {shlex.quote(script)}")
    sim.step(30)
    lines = sim.run("kubectl logs poller").stdout.splitlines()
    assert lines[-3:] == ["<title>Welcome to nginx!</title>"] * 3


def test_output_after_a_sleep_at_the_prompt_comes_later():
    sim = Simulation(seed=8)
    sim.run("kubectl run box --image=busybox -- sleep 3600")
    sim.step(15)
    shell = sim.start("kubectl exec -it box -- sh")
    sim.send(shell.seq, "echo a; sleep 2; echo b; for i in 1 2; do sleep 1; echo i$i; done")
    assert shell.stdout.endswith("echo i$i; done\na\n")
    sim.step(1)
    assert shell.stdout.endswith("\na\n")
    sim.step(1)
    assert shell.stdout.endswith("\na\nb\n")
    sim.step(1)
    assert shell.stdout.endswith("\nb\ni1\n")
    sim.step(1)
    assert shell.stdout.endswith("\ni1\ni2\n") and not shell.terminal.busy
    sim.send(shell.seq, "wget -T 2 -q web.nowhere.svc.cluster.local; echo rc=$?")
    assert shell.stdout.endswith("\nrc=1\n")
    sim.send(shell.seq, "exit")
    assert shell.done


def test_a_polling_script_forks_and_replays_to_the_same_checksum():
    sim = Simulation(seed=12)
    sim.run("kubectl create deployment web --image=nginx")
    sim.run("kubectl expose deployment web --port=80")
    script = "while true; do wget -T 2 -qO- http://web | head -c 20; echo; curl -sm 1 web.x || echo $?; sleep 3; done"
    sim.run(f"kubectl run poller --image=curlimages/curl -- sh -c {shlex.quote(script)}")
    sim.step(20)
    other = sim.fork()
    restored = Engine.restore(sim.snapshot())
    sim.step(25)
    other.step(25)
    assert sim.checksum() == other.checksum()
    restored.step(25)
    assert restored.checksum() == sim.checksum()
    again = Simulation(seed=12)
    again.run("kubectl create deployment web --image=nginx")
    again.run("kubectl expose deployment web --port=80")
    again.run(f"kubectl run poller --image=curlimages/curl -- sh -c {shlex.quote(script)}")
    again.step(45)
    assert again.checksum() == sim.checksum()
    assert "<!DOCTYPE html>" in sim.run("kubectl logs poller").stdout


def test_kubectl_exec_waits_the_simulated_seconds_of_a_timeout(cluster):
    tick = cluster.tick
    r = _exec(cluster, "tool", "wget -T 4 -qO- shop.locked.svc.cluster.local")
    assert (r.exit_code, r.stderr) == (1, "wget: download timed out\n")
    assert cluster.tick == tick + 4


def test_a_node_port_answers_on_every_nodes_address():
    sim = Simulation(seed=14)
    sim.run("kubectl create deployment web --image=nginx")
    sim.run("kubectl expose deployment web --type=NodePort --port=80")
    sim.run("kubectl run tool --image=busybox -- sleep 3600")
    sim.step(20)
    node_port = sim.get("Service", "web")["spec"]["ports"][0]["nodePort"]
    node = sim.list("Node")[0]
    ip = next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")
    r = sim.run(f"kubectl exec tool -- wget -qO- http://{ip}:{node_port}/")
    assert r.exit_code == 0 and "Welcome to nginx!" in r.stdout
    r = sim.run(f"kubectl exec tool -- wget -qO- http://{ip}:31999/")
    assert r.stderr.startswith(f"wget: can't connect to remote host ({ip}): Connection refused")
