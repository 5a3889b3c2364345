"""Conversion between the versions of a kind the API server serves: the object is stored in one
version (`Kind.api_version`) and read or written in another. Today: HorizontalPodAutoscaler,
stored as autoscaling/v2, also served as autoscaling/v1 (Kubernetes' autoscaling/v1
conversion: the CPU utilization target maps to `targetCPUUtilizationPercentage`; what v1 cannot
hold rides in `autoscaling.alpha.kubernetes.io/*` annotations, so a v1 round trip loses nothing).
"""

from __future__ import annotations

import copy
import json

METRICS = "autoscaling.alpha.kubernetes.io/metrics"
CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics"
CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions"
BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior"
ROUND_TRIP = (METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR)

SERVED = {("HorizontalPodAutoscaler", "autoscaling/v1")}
"""(kind, apiVersion) served by conversion from the kind's stored version."""


def converts(kind: str, api_version: str) -> bool:
    return (kind, api_version) in SERVED


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def _cpu_utilization(metric: dict) -> bool:
    r = metric.get("resource") or {}
    return metric.get("type") == "Resource" and r.get("name") == "cpu" \
        and (r.get("target") or {}).get("averageUtilization") is not None


def _metric_v1(m: dict) -> dict:
    t = m.get("type", "")
    if t in ("Resource", "ContainerResource"):
        key = "resource" if t == "Resource" else "containerResource"
        src = m.get(key) or {}
        target = src.get("target") or {}
        out = {"name": src.get("name", "")}
        if "averageUtilization" in target:
            out["targetAverageUtilization"] = target["averageUtilization"]
        if "averageValue" in target:
            out["targetAverageValue"] = target["averageValue"]
        if t == "ContainerResource":
            out["container"] = src.get("container", "")
        return {"type": t, key: out}
    if t == "Pods":
        src = m.get("pods") or {}
        metric = src.get("metric") or {}
        out = {"metricName": metric.get("name", ""), "targetAverageValue": (src.get("target") or {}).get(
            "averageValue", "0")}
        if "selector" in metric:
            out["selector"] = metric["selector"]
        return {"type": t, "pods": out}
    if t == "Object":
        src = m.get("object") or {}
        metric, target = src.get("metric") or {}, src.get("target") or {}
        out = {"target": src.get("describedObject") or {}, "metricName": metric.get("name", ""),
               "targetValue": target.get("value", "0")}
        if "selector" in metric:
            out["selector"] = metric["selector"]
        if "averageValue" in target:
            out["averageValue"] = target["averageValue"]
        return {"type": t, "object": out}
    src = m.get("external") or {}
    metric, target = src.get("metric") or {}, src.get("target") or {}
    out = {"metricName": metric.get("name", "")}
    if "selector" in metric:
        out["metricSelector"] = metric["selector"]
    for v2, v1 in (("value", "targetValue"), ("averageValue", "targetAverageValue")):
        if v2 in target:
            out[v1] = target[v2]
    return {"type": t or "External", "external": out}


def _metric_v2(m: dict) -> dict:
    t = m.get("type", "")
    if t in ("Resource", "ContainerResource"):
        key = "resource" if t == "Resource" else "containerResource"
        src = m.get(key) or {}
        target: dict = {"type": "Utilization" if "targetAverageUtilization" in src else "AverageValue"}
        if "targetAverageUtilization" in src:
            target["averageUtilization"] = src["targetAverageUtilization"]
        if "targetAverageValue" in src:
            target["averageValue"] = src["targetAverageValue"]
        out = {"name": src.get("name", ""), "target": target}
        if t == "ContainerResource":
            out["container"] = src.get("container", "")
        return {"type": t, key: out}
    if t == "Pods":
        src = m.get("pods") or {}
        return {"type": t, "pods": {"metric": _identifier(src.get("metricName", ""), src.get("selector")),
                                    "target": {"type": "AverageValue",
                                               "averageValue": src.get("targetAverageValue", "0")}}}
    if t == "Object":
        src = m.get("object") or {}
        target = {"type": "AverageValue" if "averageValue" in src else "Value", "value": src.get("targetValue", "0")}
        if "averageValue" in src:
            target["averageValue"] = src["averageValue"]
        return {"type": t, "object": {"describedObject": src.get("target") or {}, "target": target,
                                      "metric": _identifier(src.get("metricName", ""), src.get("selector"))}}
    src = m.get("external") or {}
    target = {"type": "Value" if "targetValue" in src else "AverageValue"}
    for v1, v2 in (("targetValue", "value"), ("targetAverageValue", "averageValue")):
        if v1 in src:
            target[v2] = src[v1]
    return {"type": t or "External", "external": {
        "metric": _identifier(src.get("metricName", ""), src.get("metricSelector")), "target": target}}


def _identifier(name: str, selector) -> dict:
    return {"name": name, **({"selector": selector} if selector is not None else {})}


def _status_metric_v1(m: dict) -> dict:
    t = m.get("type", "")
    key = {"Resource": "resource", "ContainerResource": "containerResource", "Pods": "pods",
           "Object": "object", "External": "external"}.get(t, "resource")
    src = m.get(key) or {}
    cur = src.get("current") or {}
    if t in ("Resource", "ContainerResource"):
        out = {"name": src.get("name", "")}
        if "averageUtilization" in cur:
            out["currentAverageUtilization"] = cur["averageUtilization"]
        out["currentAverageValue"] = cur.get("averageValue", "0")
        if t == "ContainerResource":
            out["container"] = src.get("container", "")
        return {"type": t, key: out}
    metric = src.get("metric") or {}
    out = {"metricName": metric.get("name", "")}
    if t == "Object":
        out = {"target": src.get("describedObject") or {}, **out, "currentValue": cur.get("value", "0")}
    elif t == "Pods":
        out["currentAverageValue"] = cur.get("averageValue", "0")
    else:
        out["currentValue"] = cur.get("value", "0")
        if "averageValue" in cur:
            out["currentAverageValue"] = cur["averageValue"]
    return {"type": t, key: out}


def _status_metric_v2(m: dict) -> dict:
    t = m.get("type", "")
    key = {"Resource": "resource", "ContainerResource": "containerResource", "Pods": "pods",
           "Object": "object", "External": "external"}.get(t, "resource")
    src = m.get(key) or {}
    if t in ("Resource", "ContainerResource"):
        cur = {"averageValue": src.get("currentAverageValue", "0")}
        if "currentAverageUtilization" in src:
            cur["averageUtilization"] = src["currentAverageUtilization"]
        out = {"name": src.get("name", ""), "current": cur}
        if t == "ContainerResource":
            out["container"] = src.get("container", "")
        return {"type": t, key: out}
    out = {"metric": _identifier(src.get("metricName", ""), src.get("selector") or src.get("metricSelector"))}
    if t == "Object":
        out = {"describedObject": src.get("target") or {}, **out, "current": {"value": src.get("currentValue", "0")}}
    elif t == "Pods":
        out["current"] = {"averageValue": src.get("currentAverageValue", "0")}
    else:
        out["current"] = {"value": src.get("currentValue", "0")}
    return {"type": t, key: out}


def _behavior_internal(behavior: dict) -> dict:
    """The behavior annotation holds the internal type's JSON: Go field names."""
    def rules(r: dict | None):
        if r is None:
            return None
        return {"StabilizationWindowSeconds": r.get("stabilizationWindowSeconds"),
                "SelectPolicy": r.get("selectPolicy"),
                "Policies": [{"Type": p.get("type"), "Value": p.get("value"), "PeriodSeconds": p.get("periodSeconds")}
                             for p in r.get("policies") or []] or None,
                "Tolerance": r.get("tolerance")}
    return {"ScaleUp": rules(behavior.get("scaleUp")), "ScaleDown": rules(behavior.get("scaleDown"))}


def _behavior_v2(internal: dict) -> dict:
    def lower(value):
        if isinstance(value, dict):
            return {k[:1].lower() + k[1:]: lower(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [lower(v) for v in value]
        return value
    return lower(internal)


def hpa_to_v1(obj: dict) -> dict:
    """A stored autoscaling/v2 HorizontalPodAutoscaler as autoscaling/v1 shows it."""
    meta = copy.deepcopy(obj.get("metadata") or {})
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k not in ROUND_TRIP}
    metrics = spec.get("metrics") or []
    other = [_metric_v1(m) for m in metrics if not _cpu_utilization(m)]
    if other:
        annotations[METRICS] = _dumps(other)
    if status.get("currentMetrics"):
        annotations[CURRENT_METRICS] = _dumps([_status_metric_v1(m) for m in status["currentMetrics"]])
    if spec.get("behavior") is not None:
        annotations[BEHAVIOR] = _dumps(_behavior_internal(spec["behavior"]))
    if status.get("conditions"):
        annotations[CONDITIONS] = _dumps(status["conditions"])
    if annotations:
        meta["annotations"] = dict(sorted(annotations.items()))
    else:
        meta.pop("annotations", None)
    out_spec: dict = {}
    for key in ("maxReplicas", "minReplicas", "scaleTargetRef"):
        if key in spec:
            out_spec[key] = spec[key]
    cpu = next((m for m in metrics if _cpu_utilization(m)), None)
    if cpu is not None:
        out_spec["targetCPUUtilizationPercentage"] = cpu["resource"]["target"]["averageUtilization"]
    out = {"apiVersion": "autoscaling/v1", "kind": obj.get("kind", "HorizontalPodAutoscaler"), "metadata": meta,
           "spec": dict(sorted(out_spec.items()))}
    if "status" in obj:
        out_status = {k: status[k] for k in ("currentReplicas", "desiredReplicas", "lastScaleTime",
                                             "observedGeneration") if k in status}
        for m in status.get("currentMetrics") or []:
            r = m.get("resource") or {}
            if m.get("type") == "Resource" and r.get("name") == "cpu" \
                    and (r.get("current") or {}).get("averageUtilization") is not None:
                out_status["currentCPUUtilizationPercentage"] = r["current"]["averageUtilization"]
        out["status"] = dict(sorted(out_status.items()))
    return out


def hpa_to_v2(obj: dict) -> dict:
    """An autoscaling/v1 HorizontalPodAutoscaler as the stored autoscaling/v2 object."""
    meta = copy.deepcopy(obj.get("metadata") or {})
    if not isinstance(meta, dict):
        return obj
    spec = obj.get("spec") or {}
    status = obj.get("status")
    annotations = dict(meta.get("annotations") or {})
    out_spec: dict = {k: spec[k] for k in ("scaleTargetRef", "minReplicas", "maxReplicas") if k in spec}
    metrics: list[dict] = []
    try:
        metrics = [_metric_v2(m) for m in json.loads(annotations.get(METRICS, "[]"))]
    except (ValueError, TypeError, AttributeError):
        metrics = []
    if spec.get("targetCPUUtilizationPercentage") is not None:
        metrics.append({"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": spec["targetCPUUtilizationPercentage"]}}})
    out_spec["metrics"] = metrics or [{"type": "Resource", "resource": {"name": "cpu", "target": {
        "type": "Utilization", "averageUtilization": 80}}}]
    if BEHAVIOR in annotations:
        try:
            behavior = _behavior_v2(json.loads(annotations[BEHAVIOR]))
        except (ValueError, TypeError, AttributeError):
            behavior = {}
        if behavior:
            out_spec["behavior"] = behavior
    out = {"apiVersion": "autoscaling/v2", "kind": obj.get("kind", "HorizontalPodAutoscaler"), "metadata": meta,
           "spec": out_spec}
    if isinstance(status, dict):
        out_status = {k: status[k] for k in ("observedGeneration", "lastScaleTime", "currentReplicas",
                                             "desiredReplicas") if k in status}
        if CURRENT_METRICS in annotations:
            try:
                out_status["currentMetrics"] = [_status_metric_v2(m) for m in json.loads(annotations[CURRENT_METRICS])]
            except (ValueError, TypeError, AttributeError):
                pass
        elif status.get("currentCPUUtilizationPercentage") is not None:
            out_status["currentMetrics"] = [{"type": "Resource", "resource": {"name": "cpu", "current": {
                "averageUtilization": status["currentCPUUtilizationPercentage"]}}}]
        if CONDITIONS in annotations:
            try:
                out_status["conditions"] = json.loads(annotations[CONDITIONS])
            except ValueError:
                pass
        out["status"] = out_status
    kept = {k: v for k, v in annotations.items() if k not in ROUND_TRIP}
    if kept:
        meta["annotations"] = kept
    else:
        meta.pop("annotations", None)
    return out


def to_served(obj: dict, api_version: str) -> dict:
    """A stored object (or a list of them) as `api_version` shows it."""
    if isinstance(obj.get("items"), list):
        return {**obj, "apiVersion": api_version,
                "items": [to_served(o, api_version) if isinstance(o, dict) else o for o in obj["items"]]}
    if converts(obj.get("kind", ""), api_version) and obj.get("apiVersion") != api_version:
        return hpa_to_v1(obj)
    return obj


def to_stored(obj: dict, api_version: str) -> dict:
    """An object written in `api_version` as the stored version holds it."""
    if obj.get("apiVersion") in (None, "", api_version) and converts(obj.get("kind") or "HorizontalPodAutoscaler",
                                                                     api_version):
        return hpa_to_v2({**obj, "kind": obj.get("kind") or "HorizontalPodAutoscaler"})
    return obj
