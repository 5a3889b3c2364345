"""Validation of networking.k8s.io/v1: NetworkPolicy."""

from __future__ import annotations

from .field import Errors
from .meta import validate_label_selector


def _network_policy(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    validate_label_selector(errs, "spec.podSelector", spec.get("podSelector") or {})
    for i, ptype in enumerate(spec.get("policyTypes") or ()):
        if ptype not in ("Ingress", "Egress"):
            errs.unsupported(f"spec.policyTypes[{i}]", ptype, ("Egress", "Ingress"))


VALIDATORS = {"NetworkPolicy": _network_policy}
