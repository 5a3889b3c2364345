"""Validation of scheduling.k8s.io/v1: PriorityClass, and the API server's built-in classes."""

from __future__ import annotations

from .field import Errors

HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000
SYSTEM_PRIORITY_CLASSES = {
    "system-node-critical": (2 * HIGHEST_USER_DEFINABLE_PRIORITY + 1000,
                             "Used for system critical pods that must not be moved from their current node."),
    "system-cluster-critical": (2 * HIGHEST_USER_DEFINABLE_PRIORITY,
                                "Used for system critical pods that must run in the cluster, but can be moved to "
                                "another node if necessary."),
}
"""The API server's built-in classes: name -> (value, description); neither is the global default."""


def _priority_class(errs: Errors, obj: dict) -> None:
    """ValidatePriorityClass: `system-` names are reserved, user values stop at one billion."""
    name = (obj.get("metadata") or {}).get("name") or ""
    value = obj.get("value", 0)
    if name.startswith("system-"):
        known = SYSTEM_PRIORITY_CLASSES.get(name)
        if known is None:
            why = f"{name} is not a known system priority class"
        elif known[0] != value:
            why = f"value of {name} PriorityClass must be {known[0]}"
        elif obj.get("globalDefault", False):
            why = f"globalDefault of {name} PriorityClass must be false"
        else:
            why = ""
        if why:
            errs.forbidden("metadata.name", "priority class names with 'system-' prefix are reserved for "
                                            f"system use only. error: {why}")
    elif value > HIGHEST_USER_DEFINABLE_PRIORITY:
        errs.forbidden("value", f"maximum allowed value of a user defined priority is {HIGHEST_USER_DEFINABLE_PRIORITY}")
    policy = obj.get("preemptionPolicy")
    if policy == "":
        errs.required("preemptionPolicy")
    elif policy not in ("PreemptLowerPriority", "Never"):
        errs.unsupported("preemptionPolicy", policy, ("PreemptLowerPriority", "Never"))


VALIDATORS = {"PriorityClass": _priority_class}
