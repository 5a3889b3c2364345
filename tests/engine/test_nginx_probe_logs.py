"""nginx logs the kubelet's HTTP probes like any request (from the node's address on the pod
network, user agent `kube-probe/1.37`), and a liveness failure stops it with the image's
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
    probes = [line for line in log if "kube-probe/1.37" in line]
    assert len(probes) == 3
    ip = sim.get("Pod", "web")["status"]["podIP"]
    assert probes[0].startswith(ip.rsplit(".", 1)[0] + ".1 - - [")
    assert probes[0].endswith('] "GET /healthz HTTP/1.1" 404 146 "-" "kube-probe/1.37" "-"')
    quit_at = next(i for i, line in enumerate(log) if line.endswith("[notice] 1#1: signal 3 (SIGQUIT) received, "
                                                                      "shutting down"))
    assert quit_at > log.index(probes[-1])
    assert log[quit_at + 1].endswith("#29: gracefully shutting down")
    assert log[-1].endswith("[notice] 1#1: exit")


def test_a_passing_probe_is_logged_and_nothing_restarts():
    """(kubetui stops probing an app that passed for good, so only its first probes are logged;
    a real kubelet probes, and nginx logs, every period.)"""
    sim = Simulation(seed=3)
    sim.run("kubectl apply -f -", stdin=pod("/"))
    sim.step(40)
    assert sim.get("Pod", "web")["status"]["containerStatuses"][0]["restartCount"] == 0
    lines = [line for line in sim.run("kubectl logs web").stdout.splitlines() if "kube-probe" in line]
    assert lines and all('"GET / HTTP/1.1" 200 615 "-" "kube-probe/1.37" "-"' in line for line in lines)
