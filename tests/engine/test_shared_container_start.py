"""What every container of a template works out alike at its start (the behaviour and script its
command makes of the image, containerd's start error, nginx's argv and packaged start) is worked
out once and shared; a container whose image, command, node or environment differs gets its own,
and each gets exactly what working it out for it alone gives."""

import pytest

from kubetui import Simulation
from kubetui.engine import sharedvalues
from kubetui.engine.kubelet import agent, nginx


def _pods(sim, prefix):
    return sorted(p["metadata"]["name"] for p in sim.store.iter("Pod", "default") if p["metadata"]["name"].startswith(prefix))


def _c(sim, pod):
    return sim.kubelet.runtime("default", pod).containers[0]


def _unshared(monkeypatch):
    """Every start worked out for its container alone (the caches are empty and stay so)."""
    for module, table in ((agent, "_plans"), (nginx, "_launches"), (nginx, "_packaged_starts"), (nginx, "_nodes")):
        monkeypatch.setattr(module, table, {})
    monkeypatch.setattr(sharedvalues, "keep", lambda table, key, value, at_most=0: value)
    monkeypatch.setattr(nginx, "keep", lambda table, key, value, at_most=0: value)


def _story(sim):
    sim.run("kubectl create deployment web --image=nginx:1.27 --replicas=3")
    sim.run("kubectl create deployment old --image=nginx:1.19 --replicas=1")
    sim.run("kubectl run quiet --image=nginx:1.27 --env=NGINX_ENTRYPOINT_QUIET_LOGS=1")
    sim.run("kubectl run sleeper --image=nginx:1.27 -- sleep 3600")
    sim.run("kubectl run echo --image=busybox -- sh -c 'echo hi; sleep 3600'")
    sim.run("kubectl run missing --image=busybox -- bash -c 'sleep 1'")
    sim.run("kubectl run bash --image=busybox --command -- bash -c 'sleep 1'")
    sim.run("kubectl run sh --image=busybox --command -- sh -c 'sleep 1'")
    sim.run("kubectl run g --image=nginx:1.27 --command -- nginx -g 'daemon off; worker_processes 3;'")
    sim.step(15)
    web = _pods(sim, "web-")
    sim.run(f"kubectl set image pod/{web[0]} nginx=nginx:1.25")
    sim.run("kubectl scale deployment web --replicas=5")
    sim.step(15)
    out = {}
    for pod in ["quiet", "sleeper", "echo", "missing", "bash", "sh", "g", *_pods(sim, "web-"), *_pods(sim, "old-")]:
        c = _c(sim, pod)
        out[pod] = (sim.run(f"kubectl logs {pod} --timestamps").stdout, c.state, c.reason, c.message,
                    c.script, c.program, c.behavior, tuple(c.nginx.workers) if c.nginx else None,
                    c.nginx.next_pid if c.nginx else None,
                    sim.run(f"kubectl exec {pod} -- ps").stdout if c.state == "running" else "")
    return out, sim.checksum()


def test_shared_starts_are_what_each_container_works_out_alone(monkeypatch):
    shared = _story(Simulation(seed=2))
    _unshared(monkeypatch)
    alone = _story(Simulation(seed=2))
    assert shared == alone
    logs = shared[0]
    webs = [logs[p][0] for p in _pods_of(logs, "web-")]
    assert sum("nginx/1.25" in text for text in webs) == 1 and sum("nginx/1.27" in text for text in webs) == 4
    assert len({text.split(" ", 1)[0] for text in webs}) >= 2  # started in different seconds
    assert logs["bash"][2:4] != logs["sh"][2:4]
    assert "docker-entrypoint" not in logs["quiet"][0] and "start worker process" in logs["quiet"][0]


def _pods_of(logs, prefix):
    return sorted(k for k in logs if k.startswith(prefix))


def test_a_pod_changed_by_set_image_does_not_keep_the_shared_start():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    sim.step(12)
    a, b = _pods(sim, "web-")
    assert _c(sim, a).logs is _c(sim, b).logs
    sim.run(f"kubectl set image pod/{a} nginx=nginx:1.25")
    sim.step(12)
    assert "nginx/1.25" in sim.run(f"kubectl logs {a}").stdout
    assert "nginx/1.27" in sim.run(f"kubectl logs {b}").stdout
    assert "nginx/1.25" not in sim.run(f"kubectl logs {b}").stdout
    assert _c(sim, a).nginx is not _c(sim, b).nginx


def test_each_nginx_master_is_its_own():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    sim.step(12)
    a, b = _pods(sim, "web-")
    before = tuple(_c(sim, b).nginx.workers)
    sim.run(f"kubectl exec {a} -- nginx -s reload")
    sim.step(2)
    assert tuple(_c(sim, a).nginx.workers) != before
    assert tuple(_c(sim, b).nginx.workers) == before


@pytest.mark.parametrize("cpu", ["2", "8"])
def test_workers_follow_the_node_size(cpu):
    sim = Simulation(seed=1, nodes=[{"name": "n1", "cpu": cpu, "memory": "8Gi"}])
    sim.run("kubectl run web --image=nginx:1.27")
    sim.step(12)
    assert sim.run("kubectl logs web").stdout.count("start worker process ") == int(cpu)


def test_a_command_that_names_no_program_in_the_image_fails_each_time():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment bad --image=busybox --replicas=2 -- bash -c 'sleep 1'")
    sim.step(15)
    for pod in _pods(sim, "bad-"):
        c = _c(sim, pod)
        assert c.reason in ("StartError", "CrashLoopBackOff") and c.restarts + (c.state == "terminated") >= 1


def _env(sim, pod):
    return sim.run(f"kubectl exec {pod} -- env").stdout


def test_service_variables_follow_the_services_of_each_start():
    """Pods of a namespace share their Service variables only while no Service changes."""
    sim = Simulation(seed=1)
    sim.run("kubectl run a --image=busybox -- sleep 3600")
    sim.step(8)
    sim.run("kubectl create service clusterip web --tcp=80:8080")
    sim.run("kubectl run b --image=busybox -- sleep 3600")
    sim.step(8)
    sim.run("kubectl patch service web -p '{\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":81,\"targetPort\":8080}]}}'")
    sim.run("kubectl run c --image=busybox -- sleep 3600")
    sim.step(8)
    sim.run("kubectl delete service web")
    sim.run("kubectl run d --image=busybox -- sleep 3600")
    sim.run("kubectl create namespace other")
    sim.run("kubectl run e -n other --image=busybox -- sleep 3600")
    sim.step(8)
    assert "WEB_SERVICE_HOST" not in _env(sim, "a")
    assert "WEB_SERVICE_PORT=80\n" in _env(sim, "b") and "WEB_SERVICE_PORT_HTTP" not in _env(sim, "b")
    assert "WEB_SERVICE_PORT_HTTP=81\n" in _env(sim, "c")
    assert "WEB_SERVICE_HOST" not in _env(sim, "d")
    other = sim.run("kubectl exec -n other e -- env").stdout
    assert "KUBERNETES_SERVICE_HOST" in other and "WEB_SERVICE_HOST" not in other
