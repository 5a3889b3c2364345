"""Validation of apps/v1: Deployment, ReplicaSet, DaemonSet, StatefulSet."""

from __future__ import annotations

from .core import pod_template
from .field import Errors, go_intstr, is_zero, percent_or_int, spec_non_negative
from .meta import workload_selector


def _rolling_update(errs: Errors, path: str, ru: dict) -> None:
    unavailable, surge = ru.get("maxUnavailable"), ru.get("maxSurge")
    pct = percent_or_int(errs, f"{path}.maxUnavailable", unavailable)
    if pct is not None and pct > 100:
        errs.invalid(f"{path}.maxUnavailable", unavailable, "must not be greater than 100%")
    percent_or_int(errs, f"{path}.maxSurge", surge)
    if is_zero(unavailable) and is_zero(surge):
        errs.invalid(f"{path}.maxUnavailable", unavailable, "may not be 0 when `maxSurge` is 0",
                     raw=go_intstr(unavailable))


def _with_claim_volumes(spec: dict) -> dict | None:
    """A StatefulSet's template as its pods will have it: a volume per claim template."""
    template = spec.get("template")
    claims = [(c.get("metadata") or {}).get("name") for c in spec.get("volumeClaimTemplates") or ()]
    if template is None or not claims:
        return template
    pod_spec = dict(template.get("spec") or {})
    pod_spec["volumes"] = [{"name": n, "persistentVolumeClaim": {"claimName": n}} for n in claims if n] + \
        [v for v in pod_spec.get("volumes") or () if v.get("name") not in claims]
    return {**template, "spec": pod_spec}


_RETENTION = ("Delete", "Retain")


def _statefulset_spec(errs: Errors, spec: dict) -> None:
    """ValidateStatefulSetSpec's update strategy, retention policy and ordinals."""
    strategy = spec.get("updateStrategy") or {}
    stype = strategy.get("type")
    if stype not in ("OnDelete", "RollingUpdate"):
        errs.unsupported("spec.updateStrategy.type", stype, ("OnDelete", "RollingUpdate"))
    else:
        errs.non_negative("spec.updateStrategy.rollingUpdate.partition",
                          (strategy.get("rollingUpdate") or {}).get("partition"))
    policy = spec.get("persistentVolumeClaimRetentionPolicy") or {}
    for field in ("whenDeleted", "whenScaled"):
        if policy.get(field) not in _RETENTION:
            errs.unsupported(f"spec.persistentVolumeClaimRetentionPolicy.{field}", policy.get(field), _RETENTION)
    errs.non_negative("spec.ordinals.start", (spec.get("ordinals") or {}).get("start"))
    for i, claim in enumerate(spec.get("volumeClaimTemplates") or ()):
        if not (claim.get("metadata") or {}).get("name"):
            errs.required(f"spec.volumeClaimTemplates[{i}].metadata.name")


def _workload(errs: Errors, noun: str, spec: dict, template: dict | None) -> None:
    """What the four workloads share: a selector that picks the template, the template, counts."""
    workload_selector(errs, spec, noun)
    pod_template(errs, "spec.template", template)
    spec_non_negative(errs, spec, "replicas", "minReadySeconds", "revisionHistoryLimit")


def _deployment(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    _workload(errs, "deployment", spec, spec.get("template"))
    strategy = spec.get("strategy") or {}
    stype = strategy.get("type")
    if stype not in ("Recreate", "RollingUpdate"):
        errs.unsupported("spec.strategy.type", stype, ("Recreate", "RollingUpdate"))
    elif stype == "Recreate" and strategy.get("rollingUpdate") is not None:
        errs.forbidden("spec.strategy.rollingUpdate",
                       "may not be specified when strategy `type` is 'Recreate'")
    elif stype == "RollingUpdate":
        _rolling_update(errs, "spec.strategy.rollingUpdate", strategy["rollingUpdate"])
    deadline = spec.get("progressDeadlineSeconds")
    errs.non_negative("spec.progressDeadlineSeconds", deadline)
    if isinstance(deadline, int) and deadline <= spec.get("minReadySeconds", 0):
        errs.invalid("spec.progressDeadlineSeconds", deadline,
                     "must be greater than minReadySeconds")


def _replica_set(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    _workload(errs, "replicaset", spec, spec.get("template"))


def _daemon_set(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    _workload(errs, "daemonset", spec, spec.get("template"))
    strategy = spec.get("updateStrategy") or {}
    stype = strategy.get("type")
    if stype not in ("OnDelete", "RollingUpdate"):
        errs.unsupported("spec.updateStrategy.type", stype, ("OnDelete", "RollingUpdate"))
    elif stype == "RollingUpdate":
        _rolling_update(errs, "spec.updateStrategy.rollingUpdate",
                        strategy.get("rollingUpdate") or {})


def _stateful_set(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    _workload(errs, "statefulset", spec, _with_claim_volumes(spec))
    policy = spec.get("podManagementPolicy")
    if policy not in ("OrderedReady", "Parallel"):
        errs.unsupported("spec.podManagementPolicy", policy, ("OrderedReady", "Parallel"))
    _statefulset_spec(errs, spec)


VALIDATORS = {
    "Deployment": _deployment,
    "ReplicaSet": _replica_set,
    "DaemonSet": _daemon_set,
    "StatefulSet": _stateful_set,
}
