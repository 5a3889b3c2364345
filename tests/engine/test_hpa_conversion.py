"""autoscaling/v1 <-> v2 HorizontalPodAutoscaler conversion (Kubernetes' autoscaling/v1
conversion): the CPU utilization target and current value map to v1's fields; other metrics,
behavior and conditions ride in annotations and come back unchanged."""

from kubetui.model.conversion import BEHAVIOR, CONDITIONS, CURRENT_METRICS, hpa_to_v1, hpa_to_v2, to_served

V2 = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
      "metadata": {"name": "h", "namespace": "d", "annotations": {"team": "a"}},
      "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 1,
               "maxReplicas": 5,
               "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                                      "averageUtilization": 70}}},
                           {"type": "Pods", "pods": {"metric": {"name": "rps"},
                                                     "target": {"type": "AverageValue", "averageValue": "10"}}}],
               "behavior": {"scaleDown": {"stabilizationWindowSeconds": 60, "selectPolicy": "Max",
                                          "policies": [{"type": "Pods", "value": 1, "periodSeconds": 30}]}}},
      "status": {"currentReplicas": 2, "desiredReplicas": 3,
                 "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
                     "averageUtilization": 91, "averageValue": "91m"}}}],
                 "conditions": [{"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale",
                                 "message": "ok", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}}


def test_v2_to_v1():
    v1 = hpa_to_v1(V2)
    assert v1["apiVersion"] == "autoscaling/v1"
    assert v1["spec"] == {"maxReplicas": 5, "minReplicas": 1, "scaleTargetRef": V2["spec"]["scaleTargetRef"],
                          "targetCPUUtilizationPercentage": 70}
    assert v1["status"] == {"currentCPUUtilizationPercentage": 91, "currentReplicas": 2, "desiredReplicas": 3}
    notes = v1["metadata"]["annotations"]
    assert list(notes) == sorted(notes) and notes["team"] == "a"
    assert notes["autoscaling.alpha.kubernetes.io/metrics"] == \
        '[{"type":"Pods","pods":{"metricName":"rps","targetAverageValue":"10"}}]'
    assert notes[CURRENT_METRICS] == \
        '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":91,"currentAverageValue":"91m"}}]'
    assert '"ScaleDown":{"StabilizationWindowSeconds":60' in notes[BEHAVIOR]
    assert CONDITIONS in notes


def test_round_trip_loses_nothing():
    back = hpa_to_v2(hpa_to_v1(V2))
    assert back["spec"]["metrics"] == [V2["spec"]["metrics"][1], V2["spec"]["metrics"][0]]
    assert back["spec"]["behavior"] == V2["spec"]["behavior"]
    assert back["status"]["conditions"] == V2["status"]["conditions"]
    assert back["status"]["currentMetrics"] == V2["status"]["currentMetrics"]
    assert back["metadata"]["annotations"] == {"team": "a"}


def test_v1_without_a_target_gets_the_default_cpu_metric():
    v2 = hpa_to_v2({"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "x"},
                    "spec": {"maxReplicas": 3, "scaleTargetRef": {"kind": "Deployment", "name": "w"}}})
    assert v2["spec"]["metrics"] == [{"type": "Resource", "resource": {"name": "cpu", "target": {
        "type": "Utilization", "averageUtilization": 80}}}]


def test_lists_convert_item_by_item():
    out = to_served({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscalerList", "items": [V2]},
                    "autoscaling/v1")
    assert out["apiVersion"] == "autoscaling/v1" and out["items"][0]["spec"]["targetCPUUtilizationPercentage"] == 70
