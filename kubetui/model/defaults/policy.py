"""Defaults of policy/v1: PodDisruptionBudget."""

from __future__ import annotations


def _pod_disruption_budget(obj: dict) -> None:
    obj.setdefault("spec", {})
    obj.setdefault("status", {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                              "expectedPods": 0})


DEFAULTS = {"PodDisruptionBudget": _pod_disruption_budget}
