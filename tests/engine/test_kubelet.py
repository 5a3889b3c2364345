"""Containers as the kubelet runs them: pulls, crashes and back-off, OOM, probes, termination."""

from engine_kit import create, pod, reasons

from kubetui.engine.store import delete


def state(sim, name, i=0):
    return sim.get("Pod", name)["status"]["containerStatuses"][i]


def test_start_sequence_and_events(sim):
    create(sim, pod("web"))
    sim.step(1)
    assert sim.get("Pod", "web")["spec"]["nodeName"].startswith("node-")
    sim.step(1)
    st = sim.get("Pod", "web")["status"]
    assert st["phase"] == "Pending"
    assert st["containerStatuses"][0]["state"]["waiting"]["reason"] == "ContainerCreating"
    sim.step(4)
    st = sim.get("Pod", "web")["status"]
    assert st["phase"] == "Running" and st["containerStatuses"][0]["ready"] is True
    assert st["podIP"].startswith("10.244.") and st["qosClass"] == "BestEffort"
    assert reasons(sim, "Pod", "web") == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    msgs = [e["message"] for e in sim.events() if e["involvedObject"]["name"] == "web"]
    assert msgs[1] == 'Pulling image "nginx:1.25"'
    create(sim, pod("web2", nodeName=sim.get("Pod", "web")["spec"]["nodeName"]))
    sim.step(3)
    msgs = [e["message"] for e in sim.events() if e["involvedObject"]["name"] == "web2"]
    assert 'Container image "nginx:1.25" already present on machine and can be accessed by the pod' in msgs


def test_unknown_tag_backs_off(sim):
    create(sim, pod("bad", image="nginx:9.9.9"))
    sim.step(5)
    assert state(sim, "bad")["state"]["waiting"]["reason"] == "ErrImagePull"
    sim.step(2)
    assert state(sim, "bad")["state"]["waiting"]["reason"] == "ImagePullBackOff"
    failed = [e["message"] for e in sim.events() if e["reason"] == "Failed"]
    assert failed[0].startswith('Failed to pull image "nginx:9.9.9": rpc error: code = NotFound')
    assert "Error: ErrImagePull" in failed and "Error: ImagePullBackOff" in failed


def test_crash_loop_back_off_doubles(sim):
    create(sim, pod("crash", image="busybox:1.36", containers=[
        {"name": "app", "image": "busybox:1.36", "command": ["sh", "-c", "echo starting; exit 1"]}]))
    restarts_at = {}
    sim.step(2)
    for _ in range(200):
        sim.step()
        n = state(sim, "crash")["restartCount"]
        restarts_at.setdefault(n, sim.tick)
    gaps = [restarts_at[i + 1] - restarts_at[i] for i in range(1, 4)]
    assert gaps[0] >= 10 and gaps[1] >= 20 and gaps[2] >= 40
    assert gaps[1] > gaps[0] and gaps[2] > gaps[1]
    st = state(sim, "crash")
    assert st["lastState"]["terminated"]["exitCode"] == 1
    assert st["lastState"]["terminated"]["reason"] == "Error"
    assert "BackOff" in reasons(sim, "Pod", "crash")
    assert sim.kubelet.logs("default", "crash", previous=True) == ["starting"]


def test_oom_killed_at_the_memory_limit(sim):
    create(sim, pod("leak", containers=[{"name": "app", "image": "polinux/stress",
                                          "resources": {"limits": {"memory": "128Mi"}}}]))
    sim.step(30)
    st = state(sim, "leak")
    last = st["lastState"].get("terminated") or st["state"].get("terminated")
    assert last["reason"] == "OOMKilled" and last["exitCode"] == 137


def test_restart_policy_never_and_onfailure(sim):
    create(sim, pod("ok", restartPolicy="Never", containers=[
        {"name": "app", "image": "busybox:1.36", "command": ["sleep", "5"]}]))
    create(sim, pod("fail", restartPolicy="Never", containers=[
        {"name": "app", "image": "busybox:1.36", "command": ["sh", "-c", "exit 3"]}]))
    sim.step(15)
    assert sim.get("Pod", "ok")["status"]["phase"] == "Succeeded"
    assert state(sim, "ok")["state"]["terminated"]["reason"] == "Completed"
    assert sim.get("Pod", "fail")["status"]["phase"] == "Failed"
    assert state(sim, "fail")["state"]["terminated"]["exitCode"] == 3


def test_readiness_probe_on_a_broken_release(sim):
    sim.registry.add("shop/web:broken", __import__("kubetui.engine.kubelet.images", fromlist=["ImageBehavior"]).ImageBehavior(ready=False))
    create(sim, pod("p", containers=[{"name": "app", "image": "shop/web:broken",
                                       "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 5}}]))
    sim.step(30)
    st = sim.get("Pod", "p")["status"]
    assert st["phase"] == "Running" and st["containerStatuses"][0]["ready"] is False
    assert "Unhealthy" in reasons(sim, "Pod", "p")


def test_liveness_probe_restarts(sim):
    from kubetui.engine.kubelet.images import ImageBehavior

    sim.registry.add("shop/hang:1", ImageBehavior(ready=False))
    create(sim, pod("p", containers=[{"name": "app", "image": "shop/hang:1",
                                       "livenessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 5}}]))
    sim.step(40)
    assert state(sim, "p")["restartCount"] >= 1
    msgs = [e["message"] for e in sim.events() if e["reason"] == "Killing"]
    assert msgs[0] == "Container app failed liveness probe, will be restarted"


def test_graceful_termination(sim):
    create(sim, pod("srv"))
    create(sim, pod("sleeper", containers=[{"name": "app", "image": "busybox:1.36", "command": ["sleep", "3600"]}]))
    sim.step(10)
    delete(sim.store, "Pod", "default", "srv")
    delete(sim.store, "Pod", "default", "sleeper")
    sim.step(2)
    assert sim.get("Pod", "srv") is None, "nginx exits on SIGTERM at once"
    assert sim.get("Pod", "sleeper")["metadata"]["deletionTimestamp"]
    sim.step(28)
    assert sim.get("Pod", "sleeper") is None, "sleep ignores SIGTERM: the whole 30 s grace period"
    assert "Killing" in reasons(sim, "Pod", "sleeper")


def test_env_from_missing_configmap(sim):
    create(sim, pod("cfg", containers=[{"name": "app", "image": "nginx:1.25",
                                         "env": [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "x"}}}]}]))
    sim.step(5)
    w = state(sim, "cfg")["state"]["waiting"]
    assert w["reason"] == "CreateContainerConfigError" and w["message"] == 'configmap "settings" not found'
    sim.store.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "default"},
                      "data": {"x": "hello"}})
    sim.step(15)
    assert state(sim, "cfg")["ready"] is True
    assert sim.kubelet.runtime("default", "cfg").containers[0].env["X"] == "hello"


def test_init_containers_run_first(sim):
    create(sim, pod("init", initContainers=[{"name": "setup", "image": "busybox:1.36", "command": ["sleep", "5"]}]))
    sim.step(3)
    assert sim.get("Pod", "init")["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "PodInitializing"
    sim.step(12)
    st = sim.get("Pod", "init")["status"]
    assert st["initContainerStatuses"][0]["state"]["terminated"]["reason"] == "Completed"
    assert st["phase"] == "Running"


def test_echo_logs(sim):
    create(sim, pod("hi", restartPolicy="Never", containers=[
        {"name": "app", "image": "busybox:1.36", "command": ["sh", "-c", "echo hello $NAME"],
         "env": [{"name": "NAME", "value": "world"}]}]))
    sim.step(5)
    assert sim.kubelet.logs("default", "hi") == ["hello world"]


def test_repeated_events_are_counted_not_duplicated(sim):
    create(sim, pod("bad", image="nginx:nope"))
    sim.step(120)
    pulling = [e for e in sim.events() if e["involvedObject"]["name"] == "bad" and e["reason"] == "Pulling"]
    assert len(pulling) == 1
    assert pulling[0]["count"] >= 3
    assert pulling[0]["lastTimestamp"] > pulling[0]["firstTimestamp"]
