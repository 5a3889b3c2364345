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
