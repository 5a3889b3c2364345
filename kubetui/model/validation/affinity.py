"""ValidateAffinity's pod (anti-)affinity rules and validateTopologySpreadConstraints, as the
API server words them: what a pod's scheduling constraints may hold."""

from __future__ import annotations

from .field import Errors
from .meta import dns1123_label, qualified_name, validate_label_selector

_SCHEDULE_ACTIONS = ("DoNotSchedule", "ScheduleAnyway")
_NODE_INCLUSION_POLICIES = ("Honor", "Ignore")
_RANGE = "must be in the range 1-100"
_NOT_POSITIVE = "must be greater than zero"


def _label_names(errs: Errors, path: str, keys: list) -> None:
    for i, key in enumerate(keys):
        for msg in qualified_name(key):
            errs.invalid(f"{path}[{i}]", key, msg)


def _pod_affinity_term(errs: Errors, path: str, term: dict) -> None:
    if term.get("labelSelector") is not None:
        validate_label_selector(errs, f"{path}.labelSelector", term["labelSelector"])
    if term.get("namespaceSelector") is not None:
        validate_label_selector(errs, f"{path}.namespaceSelector", term["namespaceSelector"])
    for name in term.get("namespaces") or ():
        for msg in dns1123_label(name):
            errs.invalid(f"{path}.namespace", name, msg)
    match, mismatch = term.get("matchLabelKeys") or [], term.get("mismatchLabelKeys") or []
    if (match or mismatch) and term.get("labelSelector") is None:
        errs.forbidden(f"{path}.labelSelector", "must specify labelSelector when matchLabelKeys or "
                                                 "mismatchLabelKeys is set")
    _label_names(errs, f"{path}.matchLabelKeys", match)
    _label_names(errs, f"{path}.mismatchLabelKeys", mismatch)
    for i, key in enumerate(mismatch):
        if key in match:
            errs.invalid(f"{path}.mismatchLabelKeys[{i}]", key, "exists in both matchLabelKeys and mismatchLabelKeys")
    key = term.get("topologyKey") or ""
    if not key:
        errs.required(f"{path}.topologyKey", "can not be empty")
    for msg in qualified_name(key):
        errs.invalid(f"{path}.topologyKey", key, msg)


def _pod_affinity(errs: Errors, path: str, section: dict) -> None:
    for i, term in enumerate(section.get("requiredDuringSchedulingIgnoredDuringExecution") or ()):
        _pod_affinity_term(errs, f"{path}.requiredDuringSchedulingIgnoredDuringExecution[{i}]", term or {})
    for i, weighted in enumerate(section.get("preferredDuringSchedulingIgnoredDuringExecution") or ()):
        p = f"{path}.preferredDuringSchedulingIgnoredDuringExecution[{i}]"
        weight = (weighted or {}).get("weight")
        if not isinstance(weight, int) or not 1 <= weight <= 100:
            errs.invalid(f"{p}.weight", weight or 0, _RANGE)
        _pod_affinity_term(errs, f"{p}.podAffinityTerm", (weighted or {}).get("podAffinityTerm") or {})


def validate_affinity(errs: Errors, path: str, affinity: dict | None) -> None:
    """The pod affinity and anti-affinity terms, and preferred node affinity weights."""
    if not affinity:
        return
    for kind in ("podAffinity", "podAntiAffinity"):
        if affinity.get(kind):
            _pod_affinity(errs, f"{path}.{kind}", affinity[kind])
    node = affinity.get("nodeAffinity") or {}
    for i, weighted in enumerate(node.get("preferredDuringSchedulingIgnoredDuringExecution") or ()):
        weight = (weighted or {}).get("weight")
        if not isinstance(weight, int) or not 1 <= weight <= 100:
            errs.invalid(f"{path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[{i}].weight",
                         weight or 0, _RANGE)


def validate_topology_spread(errs: Errors, path: str, constraints: list | None) -> None:
    constraints = constraints or []
    for i, c in enumerate(constraints):
        p = f"{path}[{i}]"
        skew = c.get("maxSkew")
        if not isinstance(skew, int) or skew <= 0:
            errs.invalid(f"{p}.maxSkew", skew or 0, _NOT_POSITIVE)
        key = c.get("topologyKey") or ""
        if not key:
            errs.required(f"{p}.topologyKey", "can not be empty")
        action = c.get("whenUnsatisfiable") or ""
        if action not in _SCHEDULE_ACTIONS:
            errs.unsupported(f"{p}.whenUnsatisfiable", action, _SCHEDULE_ACTIONS)
        for later in constraints[i + 1:]:
            if later.get("topologyKey") == c.get("topologyKey") and later.get("whenUnsatisfiable") == action:
                errs.duplicate(f"{p}.{{topologyKey, whenUnsatisfiable}}", f"{{{key}, {action}}}")
                break
        domains = c.get("minDomains")
        if domains is not None:
            if not isinstance(domains, int) or domains <= 0:
                errs.invalid(f"{p}.minDomains", domains, _NOT_POSITIVE)
            if action != "DoNotSchedule":
                errs.invalid(f"{p}.minDomains", domains,
                             f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}")
        for policy in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            value = c.get(policy)
            if value is not None and value not in _NODE_INCLUSION_POLICIES:
                errs.unsupported(f"{p}.{policy}", value, _NODE_INCLUSION_POLICIES)
        selector = c.get("labelSelector")
        in_selector = set((selector or {}).get("matchLabels") or {}) | {
            e.get("key") for e in (selector or {}).get("matchExpressions") or ()}
        for j, k in enumerate(c.get("matchLabelKeys") or ()):
            for msg in qualified_name(k):
                errs.invalid(f"{p}.matchLabelKeys[{j}]", k, msg)
            if k in in_selector:
                errs.invalid(f"{p}.matchLabelKeys[{j}]", k, "exists in both matchLabelKeys and labelSelector")
        if selector is not None:
            validate_label_selector(errs, f"{p}.labelSelector", selector)
