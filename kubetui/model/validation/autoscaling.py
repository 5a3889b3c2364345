"""Validation of autoscaling/v2: HorizontalPodAutoscaler."""

from __future__ import annotations

from .field import Errors


def _horizontal_pod_autoscaler(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    ref = spec.get("scaleTargetRef") or {}
    if not ref.get("kind"):
        errs.required("spec.scaleTargetRef.kind")
    if not ref.get("name"):
        errs.required("spec.scaleTargetRef.name")
    low, high = spec.get("minReplicas"), spec.get("maxReplicas")
    if isinstance(low, int) and low < 1:
        errs.invalid("spec.minReplicas", low, "must be greater than or equal to 1")
    if not isinstance(high, int) or high < 1:
        errs.invalid("spec.maxReplicas", high or 0, "must be greater than or equal to 1")
    elif isinstance(low, int) and high < low:
        errs.invalid("spec.maxReplicas", high, "must be greater than or equal to `minReplicas`")
    for i, metric in enumerate(spec.get("metrics") or ()):
        target = (metric.get("resource") or {}).get("target") or {}
        util = target.get("averageUtilization")
        if isinstance(util, int) and util <= 0:
            errs.invalid(f"spec.metrics[{i}].resource.target.averageUtilization", util,
                         "must be greater than 0")


VALIDATORS = {"HorizontalPodAutoscaler": _horizontal_pod_autoscaler}
