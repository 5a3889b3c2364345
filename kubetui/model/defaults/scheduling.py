"""Defaults of scheduling.k8s.io/v1: PriorityClass."""

from __future__ import annotations


def _priority_class(obj: dict) -> None:
    obj.setdefault("value", 0)
    obj.setdefault("preemptionPolicy", "PreemptLowerPriority")


DEFAULTS = {"PriorityClass": _priority_class}
