"""A pod's total requests or limits, as Kubernetes adds them up (component-helpers'
`PodRequests` / `PodLimits`): the app containers and the native sidecars run together, so they
add up; each ordinary init container runs alone beside the sidecars started before it, so it is
only a floor; pod `overhead` comes on top (for the callers that count it)."""

from __future__ import annotations

from fractions import Fraction

from .quantity import parse_quantity


def _resources(container: dict, field: str) -> dict[str, Fraction]:
    return {name: parse_quantity(value)
            for name, value in (((container.get("resources") or {}).get(field)) or {}).items()}


def _add(into: dict[str, Fraction], more: dict[str, Fraction]) -> None:
    for name, value in more.items():
        into[name] = into.get(name, Fraction(0)) + value


def pod_totals(spec: dict, field: str = "requests") -> dict[str, Fraction]:
    """`field` ("requests" or "limits") of the whole pod, by resource name, overhead left out."""
    total: dict[str, Fraction] = {}
    for c in spec.get("containers") or ():
        _add(total, _resources(c, field))
    sidecars: dict[str, Fraction] = {}
    floor: dict[str, Fraction] = {}
    for c in spec.get("initContainers") or ():
        own = _resources(c, field)
        if c.get("restartPolicy") == "Always":
            _add(total, own)
            _add(sidecars, own)
            running = dict(sidecars)
        else:
            running = dict(own)
            _add(running, sidecars)
        for name, value in running.items():
            floor[name] = max(floor.get(name, Fraction(0)), value)
    for name, value in floor.items():
        total[name] = max(total.get(name, Fraction(0)), value)
    return total
