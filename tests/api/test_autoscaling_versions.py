"""HorizontalPodAutoscalers through the real kubectl (the test extras' wheel, 1.37): `kubectl
autoscale` sends the autoscaling/v2 object as protobuf, and a real API server serves
autoscaling/v1 too (v2 preferred), converting between the two."""

from __future__ import annotations

import pytest

from kubetui.api import protobuf


@pytest.fixture(scope="module")
def cluster(shared):
    assert shared.kubectl("create", "ns", "hpa").returncode == 0
    assert shared.kubectl("-n", "hpa", "create", "deploy", "web", "--image=nginx").returncode == 0
    return shared


def _spec(cluster, name: str) -> dict:
    return cluster.call(cluster.sim.get, "HorizontalPodAutoscaler", name, "hpa")["spec"]


@pytest.mark.parametrize(("args", "metric"), [
    (["--min=5", "--max=10", "--cpu-percent=80"],
     {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}),
    (["--max=4", "--memory=500Mi"],
     {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "500Mi"}}}),
])
def test_autoscale_sends_the_v2_object_as_protobuf(cluster, monkeypatch, args, metric):
    seen: list[bytes] = []
    decode = protobuf.to_json
    monkeypatch.setattr(protobuf, "to_json", lambda raw: seen.append(raw) or decode(raw))
    name = f"web{len(args)}{args[-1][2]}"
    r = cluster.kubectl("-n", "hpa", "autoscale", "deploy", "web", f"--name={name}", *args)
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"horizontalpodautoscaler.autoscaling/{name} autoscaled\n"
    assert seen and b"autoscaling/v2" in seen[0], "kubectl sent the HPA as autoscaling/v2 protobuf"
    spec = _spec(cluster, name)
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
    assert spec["metrics"] == [metric]
    assert spec["maxReplicas"] == int(next(a for a in args if a.startswith("--max=")).split("=")[1])
    assert spec["minReplicas"] == (5 if "--min=5" in args else 1)


def test_min_zero_is_left_out_by_kubectl_and_defaults_to_one(cluster):
    r = cluster.kubectl("-n", "hpa", "autoscale", "deploy", "web", "--name=zero", "--min=0", "--max=3")
    assert r.returncode == 0, r.stderr
    assert _spec(cluster, "zero")["minReplicas"] == 1


def test_scaling_rules_zero_window_survives_protobuf():
    """`stabilizationWindowSeconds: 0` (scale at once) is a meaningful zero, kept from the wire."""
    rules = protobuf.decode_message("HPAScalingRules", bytes([0x18, 0x00]))
    assert rules == {"stabilizationWindowSeconds": 0}


V1 = """apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: php, namespace: hpa}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  targetCPUUtilizationPercentage: 50
"""


def test_discovery_serves_v1_and_prefers_v2(cluster):
    code, group, _ = cluster.http("GET", "/apis/autoscaling")
    assert code == 200
    assert [v["groupVersion"] for v in group["versions"]] == ["autoscaling/v2", "autoscaling/v1"]
    assert group["preferredVersion"]["groupVersion"] == "autoscaling/v2"
    r = cluster.kubectl("api-versions")
    assert "autoscaling/v1\nautoscaling/v2\n" in r.stdout
    r = cluster.kubectl("explain", "hpa.spec.targetCPUUtilizationPercentage", "--api-version=autoscaling/v1")
    assert r.returncode == 0, r.stderr
    assert "VERSION:    v1" in r.stdout and "target average CPU utilization" in r.stdout


def test_a_v1_manifest_is_stored_as_v2_and_read_back_as_v1(cluster):
    r = cluster.kubectl("apply", "-f", "-", stdin=V1)
    assert r.returncode == 0, r.stderr
    assert _spec(cluster, "php")["metrics"] == [
        {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]
    r = cluster.kubectl("-n", "hpa", "get", "horizontalpodautoscalers.v1.autoscaling", "php", "-o",
                        "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage} {.spec.minReplicas}")
    assert r.stdout == "autoscaling/v1 50 2"
    assert cluster.kubectl("apply", "-f", "-", stdin=V1).stdout == "horizontalpodautoscaler.autoscaling/php unchanged\n"
    r = cluster.kubectl("-n", "hpa", "patch", "horizontalpodautoscalers.v1.autoscaling", "php", "-p",
                        '{"spec":{"targetCPUUtilizationPercentage":65}}')
    assert r.returncode == 0, r.stderr
    assert _spec(cluster, "php")["metrics"][0]["resource"]["target"]["averageUtilization"] == 65
    r = cluster.kubectl("-n", "hpa", "get", "hpa", "php")
    assert "cpu: <unknown>/65%" in r.stdout


def test_v1_keeps_what_it_cannot_hold_in_annotations(cluster):
    r = cluster.kubectl("-n", "hpa", "autoscale", "deploy", "web", "--name=mem", "--max=4", "--memory=500Mi")
    assert r.returncode == 0, r.stderr
    code, v1, _ = cluster.http("GET", "/apis/autoscaling/v1/namespaces/hpa/horizontalpodautoscalers/mem")
    assert code == 200 and v1["apiVersion"] == "autoscaling/v1"
    assert "targetCPUUtilizationPercentage" not in v1["spec"]
    assert v1["metadata"]["annotations"]["autoscaling.alpha.kubernetes.io/metrics"] == \
        '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}}]'
    v1["spec"]["maxReplicas"] = 6
    v1["metadata"].pop("managedFields", None)
    code, back, _ = cluster.http("PUT", "/apis/autoscaling/v1/namespaces/hpa/horizontalpodautoscalers/mem",
                                 __import__("json").dumps(v1))
    assert code == 200, back
    spec = _spec(cluster, "mem")
    assert spec["maxReplicas"] == 6
    assert spec["metrics"] == [{"type": "Resource", "resource": {"name": "memory", "target": {
        "type": "AverageValue", "averageValue": "500Mi"}}}]
    stored = cluster.call(cluster.sim.get, "HorizontalPodAutoscaler", "mem", "hpa")
    assert not (stored["metadata"].get("annotations") or {})
