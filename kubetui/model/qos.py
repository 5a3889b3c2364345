"""A pod's QoS class (Guaranteed / Burstable / BestEffort), derived from its containers'
requests and limits as Kubernetes' GetPodQOS does. The API server records it at creation, the
kubelet evicts by it, `kubectl describe` shows it."""

from __future__ import annotations

from fractions import Fraction

from kubetui.model.quantity import parse_quantity

_COMPUTE = ("cpu", "memory")


_MEMO_CAPACITY = 4096
_memo: dict[tuple, str] = {}


def _resources_key(spec: dict) -> tuple | None:
    """The containers' requests and limits as a hashable key, or None when a container or a
    value is not plain (then the class is worked out every time)."""
    parts: list = []
    for field in ("initContainers", "containers"):
        containers = spec.get(field) or []
        if type(containers) is not list:
            return None
        for c in containers:
            if type(c) is not dict:
                return None
            res = c.get("resources") or {}
            if type(res) is not dict:
                return None
            for kind in ("requests", "limits"):
                values = res.get(kind) or {}
                if type(values) is not dict:
                    return None
                items = tuple(values.items())
                for _, value in items:
                    if type(value) is not str:
                        return None
                parts.append(items)
        parts.append(None)
    return tuple(parts)


def qos_class(spec: dict) -> str:
    """Remembered by the containers' requests and limits: a Deployment's pods all share them."""
    key = _resources_key(spec)
    if key is None:
        return _qos_class(spec)
    found = _memo.get(key)
    if found is None:
        found = _qos_class(spec)
        if len(_memo) >= _MEMO_CAPACITY:
            _memo.clear()
        _memo[key] = found
    return found


def _qos_class(spec: dict) -> str:
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
