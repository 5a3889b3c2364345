"""LimitRanger: a namespace's LimitRanges fill in container defaults and refuse pods and claims
outside `min`, `max` and `maxLimitRequestRatio`.

It acts only when an object is created, so pods that already run keep their values. A
LimitRange's `default` (limit) also becomes its `defaultRequest` when that is absent (the
API server's defaulting of the LimitRange itself), so a default limit alone sets both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.admission.resourcequota import show
from kubetui.model import errors
from kubetui.model.podresources import pod_totals
from kubetui.model.quantity import cpu_millis, parse_quantity

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

ANNOTATION = "kubernetes.io/limit-ranger"


def _q(value) -> str:
    return show(parse_quantity(value), value)


def _milli(value) -> int:
    return cpu_millis(value)


def min_constraint(ltype: str, name: str, enforced, request: dict, limit: dict) -> str | None:
    if name not in request:
        return f"minimum {name} usage per {ltype} is {_q(enforced)}.  No request is specified"
    if parse_quantity(request[name]) < parse_quantity(enforced):
        return f"minimum {name} usage per {ltype} is {_q(enforced)}, but request is {_q(request[name])}"
    if name in limit and parse_quantity(limit[name]) < parse_quantity(enforced):
        return f"minimum {name} usage per {ltype} is {_q(enforced)}, but limit is {_q(limit[name])}"
    return None


def max_constraint(ltype: str, name: str, enforced, request: dict, limit: dict) -> str | None:
    if name not in limit:
        return f"maximum {name} usage per {ltype} is {_q(enforced)}.  No limit is specified"
    if parse_quantity(limit[name]) > parse_quantity(enforced):
        return f"maximum {name} usage per {ltype} is {_q(enforced)}, but limit is {_q(limit[name])}"
    if name in request and parse_quantity(request[name]) > parse_quantity(enforced):
        return f"maximum {name} usage per {ltype} is {_q(enforced)}, but request is {_q(request[name])}"
    return None


def max_request_constraint(ltype: str, name: str, enforced, request: dict) -> str | None:
    if name not in request:
        return f"maximum {name} usage per {ltype} is {_q(enforced)}.  No request is specified"
    if parse_quantity(request[name]) > parse_quantity(enforced):
        return f"maximum {name} usage per {ltype} is {_q(enforced)}, but request is {_q(request[name])}"
    return None


def ratio_constraint(ltype: str, name: str, enforced, request: dict, limit: dict) -> str | None:
    req = _milli(request[name]) if name in request else 0
    lim = _milli(limit[name]) if name in limit else 0
    if req == 0:
        return (f"{name} max limit to request ratio per {ltype} is {_q(enforced)}, "
                "but no request is specified or request is 0")
    if lim == 0:
        return (f"{name} max limit to request ratio per {ltype} is {_q(enforced)}, "
                "but no limit is specified or limit is 0")
    ratio = lim / req
    if ratio * 1000 > _milli(enforced):
        return f"{name} max limit to request ratio per {ltype} is {_q(enforced)}, but provided ratio is {ratio:f}"
    return None


def _check(ltype: str, item: dict, request: dict, limit: dict) -> list[str]:
    out = []
    for name in sorted(item.get("min") or {}):
        out.append(min_constraint(ltype, name, item["min"][name], request, limit))
    for name in sorted(item.get("max") or {}):
        out.append(max_constraint(ltype, name, item["max"][name], request, limit))
    for name in sorted(item.get("maxLimitRequestRatio") or {}):
        out.append(ratio_constraint(ltype, name, item["maxLimitRequestRatio"][name], request, limit))
    return [e for e in out if e]


def _pod_totals(spec: dict, field: str) -> dict:
    totals = pod_totals(spec, field)
    return {k: show(v, "Mi" if k != "cpu" else "") for k, v in totals.items()}


def apply_defaults(pod: dict, ranges: list[dict]) -> bool:
    """Fill unset container requests and limits from the Container items; True if any was set."""
    notes: list[str] = []
    for lr in ranges:
        for item in (lr.get("spec") or {}).get("limits") or ():
            if item.get("type") != "Container":
                continue
            default, default_request = item.get("default") or {}, item.get("defaultRequest") or {}
            if not default and not default_request:
                continue
            for prefix, key in (("init container", "initContainers"), ("container", "containers")):
                for c in pod["spec"].get(key) or ():
                    set_limits = [n for n in default if n not in ((c.get("resources") or {}).get("limits") or {})]
                    set_requests = [n for n in default_request
                                    if n not in ((c.get("resources") or {}).get("requests") or {})]
                    if not set_limits and not set_requests:
                        continue
                    # a copy: pods stamped from one template share their containers' resources
                    res = c["resources"] = {k: dict(v) if type(v) is dict else v
                                            for k, v in (c.get("resources") or {}).items()}
                    for n in set_limits:
                        res.setdefault("limits", {})[n] = default[n]
                    for n in set_requests:
                        res.setdefault("requests", {})[n] = default_request[n]
                    if set_requests:
                        notes.append(f"{', '.join(sorted(set_requests))} request for {prefix} {c['name']}")
                    if set_limits:
                        notes.append(f"{', '.join(sorted(set_limits))} limit for {prefix} {c['name']}")
    if notes:
        annotations = pod["metadata"].setdefault("annotations", {})
        annotations[ANNOTATION] = "LimitRanger plugin set: " + "; ".join(notes)
    return bool(notes)


def violations(obj: dict, ranges: list[dict]) -> list[str]:
    out: list[str] = []
    for lr in ranges:
        for item in (lr.get("spec") or {}).get("limits") or ():
            ltype = item.get("type")
            if obj["kind"] == "Pod":
                spec = obj["spec"]
                if ltype == "Container":
                    for c in (*(spec.get("containers") or ()), *(spec.get("initContainers") or ())):
                        res = c.get("resources") or {}
                        out += _check("Container", item, res.get("requests") or {}, res.get("limits") or {})
                elif ltype == "Pod":
                    out += _check("Pod", item, _pod_totals(spec, "requests"), _pod_totals(spec, "limits"))
            elif obj["kind"] == "PersistentVolumeClaim" and ltype == "PersistentVolumeClaim":
                requests = ((obj.get("spec") or {}).get("resources") or {}).get("requests") or {}
                for name in sorted(item.get("min") or {}):
                    err = min_constraint(ltype, name, item["min"][name], requests, {})
                    if err:
                        out.append(err)
                for name in sorted(item.get("max") or {}):
                    err = max_request_constraint(ltype, name, item["max"][name], requests)
                    if err:
                        out.append(err)
    return out


class LimitRanger:
    def __init__(self, sim: Simulation):
        self.sim = sim

    def admit(self, op: str, obj: dict, old: dict | None) -> dict:
        kind = obj["kind"]
        if op != "CREATE" or kind not in ("Pod", "PersistentVolumeClaim"):
            return obj
        ranges = self.sim.store.list("LimitRange", obj["metadata"].get("namespace") or "default")
        if not ranges:
            return obj
        if kind == "Pod" and apply_defaults(obj, ranges):
            from kubetui.model.validation import validate

            obj = validate(obj)
        found = violations(obj, ranges)
        if found:
            why = found[0] if len(found) == 1 else "[" + ", ".join(found) + "]"
            raise errors.forbidden("pods" if kind == "Pod" else "persistentvolumeclaims",
                                   obj["metadata"]["name"], why)
        return obj
