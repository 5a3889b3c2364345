"""nginx logs the kubelet's HTTP probes like any request (from the node's address on the pod
network, user agent `kube-probe/1.36`), and a liveness failure stops it with the image's
STOPSIGNAL, SIGQUIT: `logs --previous` ends with its graceful shutdown notices and the container
exits 0 (Completed), as on a real cluster."""

import yaml

from kubetui import Simulation


def pod(path: str) -> str:
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{
        "name": "web", "image": "nginx:1.27",
        "livenessProbe": {"httpGet": {"path": path, "port": 80}, "periodSeconds": 5, "initialDelaySeconds": 3}}]}})


def test_a_failing_liveness_probe_shows_in_the_previous_log_then_sigquit():
    sim = Simulation(seed=3)
    sim.run("kubectl apply -f -", stdin=pod("/healthz"))
    sim.step(40)
    status = sim.get("Pod", "web")["status"]["containerStatuses"][0]
    assert status["restartCount"] >= 1
    assert (status["lastState"]["terminated"]["exitCode"], status["lastState"]["terminated"]["reason"]) == (0, "Completed")
    log = sim.run("kubectl logs web --previous").stdout.splitlines()
    probes = [line for line in log if "kube-probe/1.36" in line]
    assert len(probes) == 3
    ip = sim.get("Pod", "web")["status"]["podIP"]
    assert probes[0].startswith(ip.rsplit(".", 1)[0] + ".1 - - [")
    assert probes[0].endswith('] "GET /healthz HTTP/1.1" 404 146 "-" "kube-probe/1.36" "-"')
    quit_at = next(i for i, line in enumerate(log) if line.endswith("[notice] 1#1: signal 3 (SIGQUIT) received, "
                                                                      "shutting down"))
    assert quit_at > log.index(probes[-1])
    assert log[quit_at + 1].endswith("#29: gracefully shutting down")
    assert log[-1].endswith("[notice] 1#1: exit")


def test_a_passing_probe_is_logged_every_period_and_nothing_restarts():
    """A real kubelet probes, and nginx logs, every period: one line each `periodSeconds`, also
    after kubetui stopped running the probe that passed for good (its lines come from the schedule)."""
    sim = Simulation(seed=3)
    sim.run("kubectl apply -f -", stdin=pod("/"))
    sim.step(40)
    assert sim.get("Pod", "web")["status"]["containerStatuses"][0]["restartCount"] == 0
    lines = [line for line in sim.run("kubectl logs web").stdout.splitlines() if "kube-probe" in line]
    assert all('"GET / HTTP/1.1" 200 615 "-" "kube-probe/1.36" "-"' in line for line in lines)
    seconds = [second(line) for line in lines]
    assert seconds == list(range(seconds[0], 41, 5)) and seconds[0] <= 10
    assert sim.run("kubectl exec web -- curl -s -o /dev/null localhost").exit_code == 0
    sim.step(10)
    tail = sim.run("kubectl logs web --tail 3").stdout.splitlines()
    assert "curl/" in tail[0] and second(tail[0]) == 40
    assert [second(line) for line in tail[1:]] == [seconds[-1] + 5, seconds[-1] + 10]


def second(line: str) -> int:
    """The seconds since the start of the clock of an access-log line (the first minutes)."""
    minutes, secs = line.split("[", 1)[1][15:20].split(":")
    return int(minutes) * 60 + int(secs)


def test_probe_lines_stop_with_nginx_and_the_log_keeps_its_last_5000_lines():
    sim = Simulation(seed=3)
    spec = yaml.safe_load(pod("/"))
    spec["spec"]["containers"][0]["livenessProbe"]["periodSeconds"] = 1
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(spec))
    sim.step(6000)
    log = sim.run("kubectl logs web").stdout.splitlines()
    assert len(log) == 5000 and all("kube-probe/1.36" in line for line in log)
    sim.run("kubectl delete pod web --wait=false")
    log = sim.run("kubectl logs web").stdout.splitlines()
    assert len(log) == 5000 and log[-1].endswith("[notice] 1#1: exit")
    sim.step(1)
    assert sim.run("kubectl logs web").exit_code != 0 or "kube-probe" not in sim.run("kubectl logs web").stdout[-200:]
