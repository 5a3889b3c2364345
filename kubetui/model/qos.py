"""A pod's QoS class (Guaranteed / Burstable / BestEffort), derived from its containers'
requests and limits as Kubernetes' GetPodQOS does. The API server records it at creation, the
kubelet evicts by it, `kubectl describe` shows it."""

from __future__ import annotations

from fractions import Fraction

from kubetui.model.quantity import parse_quantity

_COMPUTE = ("cpu", "memory")


def qos_class(spec: dict) -> str:
    requests: dict[str, Fraction] = {}
    limits: dict[str, Fraction] = {}
    guaranteed = True
    for c in list(spec.get("initContainers") or []) + list(spec.get("containers") or []):
        res = c.get("resources") or {}
        for kind, total in (("requests", requests), ("limits", limits)):
            for name, value in (res.get(kind) or {}).items():
                q = parse_quantity(value) if name in _COMPUTE else 0
                if q:
                    total[name] = total.get(name, Fraction(0)) + q
        if not all(name in (res.get("limits") or {}) for name in _COMPUTE):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(requests.get(name, limits[name]) == limits[name] for name in limits):
        return "Guaranteed"
    return "Burstable"
