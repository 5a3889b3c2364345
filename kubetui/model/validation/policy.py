"""Validation of policy/v1: PodDisruptionBudget."""

from __future__ import annotations

from .field import PERCENT, Errors, go_intstr
from .meta import validate_label_selector

_UNHEALTHY_POD_EVICTION_POLICIES = ("AlwaysAllow", "IfHealthyBudget")


def _go_pointer(seed: str, offset: int) -> str:
    """A stable stand-in for the heap address Go prints for a pointer field (`0xc00a1b2c40`)."""
    import hashlib

    base = int.from_bytes(hashlib.blake2b(seed.encode(), digest_size=4).digest(), "big") & ~0x1F
    return f"0xc0{(base + offset) & 0xFFFFFFFF:08x}"


def _go_pdb_spec(name: str, spec: dict) -> str:
    """`%#v` of a policy.PodDisruptionBudgetSpec, as the both-set error prints it."""
    def ptr(field: str, go_type: str, offset: int) -> str:
        if spec.get(field) is None:
            return f"(*{go_type})(nil)"
        return f"(*{go_type})({_go_pointer(name, offset)})"

    return ("policy.PodDisruptionBudgetSpec{"
            f"MinAvailable:{ptr('minAvailable', 'intstr.IntOrString', 0x20)}, "
            f"Selector:{ptr('selector', 'v1.LabelSelector', 0x40)}, "
            f"MaxUnavailable:{ptr('maxUnavailable', 'intstr.IntOrString', 0)}, "
            f"UnhealthyPodEvictionPolicy:{ptr('unhealthyPodEvictionPolicy', 'policy.UnhealthyPodEvictionPolicyType', 0x60)}}}")


def _disruption_budget(errs: Errors, obj: dict) -> None:
    """ValidatePodDisruptionBudgetSpec."""
    spec = obj.get("spec") or {}
    if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
        errs.invalid("spec", None, "minAvailable and maxUnavailable cannot be both set",
                     raw=_go_pdb_spec((obj.get("metadata") or {}).get("name") or "", spec))
    for field in ("minAvailable", "maxUnavailable"):
        value = spec.get(field)
        if value is None:
            continue
        path = f"spec.{field}"
        if isinstance(value, int):
            errs.non_negative(path, value)
        elif not PERCENT.match(value):
            errs.invalid(path, value, "a valid percent string must be a numeric string followed by an ending "
                         "'%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                         raw=go_intstr(value))
        elif int(value[:-1]) > 100:
            errs.invalid(path, value, "must not be greater than 100%", raw=go_intstr(value))
    if spec.get("selector") is not None:
        validate_label_selector(errs, "spec.selector", spec["selector"])
    policy = spec.get("unhealthyPodEvictionPolicy")
    if policy is not None and policy not in _UNHEALTHY_POD_EVICTION_POLICIES:
        errs.unsupported("spec.unhealthyPodEvictionPolicy", policy, _UNHEALTHY_POD_EVICTION_POLICIES)


VALIDATORS = {"PodDisruptionBudget": _disruption_budget}
