"""Traffic offered to Services: spread over ready endpoints, capacity, throttling, OOM, metrics."""

from engine_kit import create, deployment

from kubetui.engine import metrics
from kubetui.engine.kubelet.images import ImageBehavior


def service(name="web"):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "default"},
            "spec": {"selector": {"app": name}, "ports": [{"port": 80, "targetPort": 80}]}}


def serve(sim, replicas=2, image="nginx:1.25", **resources):
    d = deployment(replicas=replicas, image=image)
    if resources:
        d["spec"]["template"]["spec"]["containers"][0]["resources"] = resources
    create(sim, d)
    create(sim, service())
    sim.step(10)


def web(sim):
    return sim.figures()["services"]["default/web"]


def test_load_within_capacity_is_served_and_overload_fails_requests(sim):
    serve(sim)
    assert sim.figures()["services"] == {}
    r = sim.run("sim load svc/web 150")
    assert r.exit_code == 0 and r.stdout == "service/web: 150 requests/s offered from outside the cluster\n"
    sim.step(10)
    f = web(sim)
    assert (f["offeredRps"], f["servedRps"], f["failedRps"], f["successRate"]) == (150.0, 150.0, 0.0, 1.0)
    assert f["requests"] == 1500 and f["failures"] == 0 and f["endpoints"] == 2
    sim.run("sim load svc/web 300")
    sim.step(10)
    f = web(sim)
    assert (f["servedRps"], f["failedRps"]) == (200.0, 100.0), "two nginx replicas serve 100 rps each"
    assert f["successRate"] == round(200 / 300, 4)
    assert f["failures"] == 1000 and f["latencyMs"] == 1000.0
    sim.run("sim load svc/web 0")
    sim.step(2)
    f = web(sim)
    assert (f["offeredRps"], f["successRate"], f["requests"]) == (0.0, 1.0, 4500)


def test_pod_load_drives_cpu_and_a_cpu_limit_throttles_it(sim):
    serve(sim, replicas=1, limits={"cpu": "50m"}, requests={"cpu": "50m"})
    name = sim.list("Pod", "default")[0]["metadata"]["name"]
    assert metrics.pod_usage(sim, "default", name) is None, "not running at the last scrape yet"
    sim.step(5)
    idle = metrics.pod_usage(sim, "default", name)
    assert idle.cpu == 5 and idle.memory == 20 * 1024 * 1024
    sim.run("sim load svc/web 80")
    sim.step(30)
    busy = metrics.pod_usage(sim, "default", name)
    assert busy.cpu == 50 and busy.containers[0].throttled
    assert web(sim)["servedRps"] == 45.0, "(50m limit - 5m idle) / 1m per request"
    node = metrics.node_usage(sim, sim.get("Pod", name)["spec"]["nodeName"])
    assert node.cpu == metrics.NODE_SYSTEM_CPU + 50


def test_metrics_are_scraped_every_15_seconds(sim):
    serve(sim, replicas=1)
    name = sim.list("Pod", "default")[0]["metadata"]["name"]
    sim.step(20 - sim.tick)
    sim.run("sim load svc/web 50")
    sim.step(5)
    assert metrics.pod_usage(sim, "default", name).cpu == 5, "the last scrape (tick 15) saw no load"
    sim.step(5)
    usage = metrics.pod_usage(sim, "default", name)
    assert usage.timestamp == 30 and usage.cpu == 55
    assert metrics.pod_metrics(sim, "default")[0]["containers"][0]["usage"]["cpu"] == "55000000n"


def test_memory_under_load_past_the_limit_is_oom_killed(sim):
    sim.registry.add("shop/cache:1", ImageBehavior(memory=50, memoryPerRps=1.0))
    serve(sim, replicas=1, image="shop/cache:1", limits={"memory": "100Mi"})
    sim.run("sim load svc/web 80")
    sim.step(3)
    status = sim.list("Pod", "default")[0]["status"]["containerStatuses"][0]
    assert status["lastState"]["terminated"]["reason"] == "OOMKilled"
    assert status["lastState"]["terminated"]["exitCode"] == 137


def test_sim_load_refuses_bad_input_without_changing_anything(sim):
    serve(sim, replicas=1)
    r = sim.run("sim load svc/nope 10")
    assert (r.exit_code, r.stderr) == (1, 'error: services "nope" not found\n')
    r = sim.run("sim load svc/web lots")
    assert r.exit_code == 1 and "invalid requests per second" in r.stderr
    r = sim.run("sim load deploy/web 10")
    assert r.exit_code == 1
    r = sim.run("sim load svc/web 10 --from nowhere")
    assert (r.exit_code, r.stderr) == (1, 'error: namespaces "nowhere" not found\n')
    assert sim.network.loads == {}
