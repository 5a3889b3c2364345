"""HorizontalPodAutoscaler: utilization against requests, tolerance, limits, stabilization."""

import pytest
from engine_kit import create, deployment

from kubetui.shell import Simulation

ABOVE = "New size: {n}; reason: cpu resource utilization (percentage of request) above target"


def hpa(name="web", target=50, minimum=2, maximum=10, **spec):
    h = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
         "metadata": {"name": name, "namespace": "default"},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                  "minReplicas": minimum, "maxReplicas": maximum,
                  "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
                      "type": "Utilization", "averageUtilization": target}}}]}}
    h["spec"].update(spec)
    return h


def web(sim, replicas=2, cpu="100m"):
    d = deployment(replicas=replicas)
    if cpu:
        d["spec"]["template"]["spec"]["containers"][0]["resources"] = {"requests": {"cpu": cpu}}
    create(sim, d)
    create(sim, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
                 "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})


def rescales(sim):
    return [(e["type"], e["message"]) for e in sim.events()
            if e["reason"] == "SuccessfulRescale" and e["involvedObject"]["name"] == "web"]


def replicas(sim):
    return sim.get("Deployment", "web")["spec"]["replicas"]


def condition(sim, type_):
    for c in sim.get("HorizontalPodAutoscaler", "web")["status"]["conditions"]:
        if c["type"] == type_:
            return c["status"], c["reason"], c["message"]
    return None


def test_overload_scales_the_deployment_up_then_down_after_the_stabilization_window():
    sim = Simulation(seed=3, nodes=[{"name": f"node-{i}", "cpu": "8", "memory": "16Gi"} for i in (1, 2, 3)])
    web(sim)
    sim.step(20)
    create(sim, hpa())
    sim.run("sim load svc/web 300")
    sim.step(15)
    assert sim.figures()["services"]["default/web"]["successRate"] < 0.7, "two replicas serve 200 of 300 rps"
    sim.step(5)
    assert rescales(sim)[0] == ("Normal", ABOVE.format(n=4)), "105% of requests against 50%: 5 wanted, 4 allowed"
    assert condition(sim, "ScalingLimited") == ("True", "ScaleUpLimit",
                                               "the desired replica count is increasing faster than the maximum scale rate")
    sim.step(120)
    assert replicas(sim) >= 6
    assert sim.figures()["services"]["default/web"]["successRate"] == 1.0
    assert condition(sim, "ScalingActive") == ("True", "ValidMetricFound",
                                              "the HPA was able to successfully calculate a replica count from "
                                              "cpu resource utilization (percentage of request)")
    status = sim.get("HorizontalPodAutoscaler", "web")["status"]
    assert status["currentMetrics"][0]["resource"]["current"]["averageUtilization"] < 55
    high = replicas(sim)

    sim.run("sim load svc/web 20")
    dropped = sim.tick
    sim.step(240)
    assert replicas(sim) == high, "no scale-down inside the 300 s window"
    assert condition(sim, "AbleToScale")[1] == "ScaleDownStabilized"
    sim.step(90)
    assert replicas(sim) == 2
    assert rescales(sim)[-1] == ("Normal", "New size: 2; reason: All metrics below target")
    last = sim.get("HorizontalPodAutoscaler", "web")["status"]["lastScaleTime"]
    from kubetui.model.clock import tick_of
    assert 300 <= tick_of(last) - dropped <= 330


def test_without_cpu_requests_the_hpa_cannot_compute_and_says_why(sim):
    web(sim, cpu=None)
    sim.step(20)
    create(sim, hpa())
    sim.step(20)
    pod = sim.list("Pod", "default")[0]["metadata"]["name"]
    why = f"failed to get cpu utilization: missing request for cpu in container app of Pod {pod}"
    assert condition(sim, "ScalingActive") == ("False", "FailedGetResourceMetric",
                                              f"the HPA was unable to compute the replica count: {why}")
    warnings = [(e["reason"], e["message"]) for e in sim.events() if e["type"] == "Warning"
                and e["involvedObject"]["kind"] == "HorizontalPodAutoscaler"]
    assert ("FailedGetResourceMetric", why) in warnings
    assert ("FailedComputeMetricsReplicas", f"invalid metrics (1 invalid out of 1), first error is: {why}") in warnings
    assert replicas(sim) == 2 and rescales(sim) == []


def test_small_deviation_inside_the_tolerance_changes_nothing(sim):
    web(sim, cpu="100m")
    sim.step(20)
    create(sim, hpa(target=10))
    sim.run("sim load svc/web 11")
    sim.step(60)
    assert sim.get("HorizontalPodAutoscaler", "web")["status"]["currentMetrics"][0]["resource"]["current"]["averageUtilization"] == 10
    assert replicas(sim) == 2 and rescales(sim) == []


def test_replicas_outside_min_and_max_are_brought_back(sim):
    web(sim, replicas=1)
    sim.step(5)
    create(sim, hpa(minimum=3, maximum=5))
    sim.step(2)
    assert replicas(sim) == 3
    assert rescales(sim) == [("Normal", "New size: 3; reason: Current number of replicas below Spec.MinReplicas")]


def test_behavior_policies_pace_scale_down(sim):
    web(sim, replicas=6)
    sim.step(40)
    behavior = {"scaleDown": {"stabilizationWindowSeconds": 0,
                              "policies": [{"type": "Pods", "value": 1, "periodSeconds": 60}]}}
    create(sim, hpa(minimum=1, behavior=behavior))
    sim.step(2)
    assert replicas(sim) == 5
    assert condition(sim, "ScalingLimited")[1] == "ScaleDownLimit"
    sim.step(45)
    assert replicas(sim) == 5, "one pod per 60 s"
    sim.step(30)
    assert replicas(sim) == 4


def test_a_missing_target_is_reported(sim):
    create(sim, hpa("ghost"))
    sim.step(2)
    able = sim.get("HorizontalPodAutoscaler", "ghost")["status"]["conditions"][0]
    assert (able["type"], able["status"], able["reason"]) == ("AbleToScale", "False", "FailedGetScale")
    assert able["message"] == 'the HPA controller was unable to get the target\'s current scale: deployments.apps "ghost" not found'


@pytest.mark.parametrize("seed", [1])
def test_same_commands_same_scaling(seed):
    runs = []
    for _ in range(2):
        sim = Simulation(seed=seed)
        web(sim)
        create(sim, hpa())
        sim.run("sim load svc/web 400")
        sim.step(120)
        runs.append((rescales(sim), sim.checksum()))
    assert runs[0] == runs[1]
