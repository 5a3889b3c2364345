"""Defaults of autoscaling/v2: HorizontalPodAutoscaler, with its scaling behavior."""

from __future__ import annotations

import json

_HPA_SCALE_UP = {
    "stabilizationWindowSeconds": 0,
    "selectPolicy": "Max",
    "policies": [
        {"type": "Pods", "value": 4, "periodSeconds": 15},
        {"type": "Percent", "value": 100, "periodSeconds": 15},
    ],
}
_HPA_SCALE_DOWN = {
    "stabilizationWindowSeconds": 300,
    "selectPolicy": "Max",
    "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}],
}


def _default_scaling_rules(rules: dict | None, defaults: dict) -> dict:
    if rules is None:
        return json.loads(json.dumps(defaults))
    for key, value in defaults.items():
        if key not in rules:
            rules[key] = json.loads(json.dumps(value))
    return rules


def _horizontal_pod_autoscaler(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("minReplicas", 1)
    if not spec.get("metrics"):
        spec["metrics"] = [{
            "type": "Resource",
            "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                   "averageUtilization": 80}},
        }]
    if "behavior" in spec:
        behavior = spec["behavior"]
        behavior["scaleUp"] = _default_scaling_rules(behavior.get("scaleUp"), _HPA_SCALE_UP)
        behavior["scaleDown"] = _default_scaling_rules(
            behavior.get("scaleDown"), _HPA_SCALE_DOWN)


DEFAULTS = {"HorizontalPodAutoscaler": _horizontal_pod_autoscaler}
