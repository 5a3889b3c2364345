"""Validation of rbac.authorization.k8s.io/v1 (pkg/apis/rbac/validation), in the API server's words."""

from __future__ import annotations

from .field import Errors
from .meta import path_segment_name, validate_label_selector

GROUP = "rbac.authorization.k8s.io"
SUBJECT_KINDS = ("ServiceAccount", "User", "Group")


def _go_strings(values: list[str]) -> str:
    return "[]string{" + ", ".join(f'"{v}"' for v in values) + "}"


def policy_rule(errs: Errors, path: str, rule: dict, namespaced: bool) -> None:
    if not rule.get("verbs"):
        errs.required(f"{path}.verbs", "verbs must contain at least one value")
    urls = rule.get("nonResourceURLs") or []
    if urls:
        if namespaced:
            errs.invalid(f"{path}.nonResourceURLs", None, "namespaced rules cannot apply to non-resource URLs",
                         raw=_go_strings(urls))
        if rule.get("apiGroups") or rule.get("resources") or rule.get("resourceNames"):
            errs.invalid(f"{path}.nonResourceURLs", None,
                         "rules cannot apply to both regular resources and non-resource URLs", raw=_go_strings(urls))
        return
    if not rule.get("apiGroups"):
        errs.required(f"{path}.apiGroups", "resource rules must supply at least one api group")
    if not rule.get("resources"):
        errs.required(f"{path}.resources", "resource rules must supply at least one resource")


def _role(errs: Errors, obj: dict) -> None:
    for i, rule in enumerate(obj.get("rules") or ()):
        policy_rule(errs, f"rules[{i}]", rule, True)


def _cluster_role(errs: Errors, obj: dict) -> None:
    for i, rule in enumerate(obj.get("rules") or ()):
        policy_rule(errs, f"rules[{i}]", rule, False)
    aggregation = obj.get("aggregationRule")
    if aggregation is not None:
        selectors = aggregation.get("clusterRoleSelectors") or []
        if not selectors:
            errs.required("aggregationRule.clusterRoleSelectors",
                          "at least one clusterRoleSelector required if aggregationRule is non-nil")
        for i, selector in enumerate(selectors):
            validate_label_selector(errs, f"aggregationRule.clusterRoleSelectors[{i}]", selector)


def _subject(errs: Errors, path: str, subject: dict, namespaced: bool) -> None:
    name, kind, group = subject.get("name") or "", subject.get("kind") or "", subject.get("apiGroup") or ""
    if not name:
        errs.required(f"{path}.name")
    if kind == "ServiceAccount":
        if name:
            from .meta import dns1123_subdomain

            for msg in dns1123_subdomain(name):
                errs.invalid(f"{path}.name", name, msg)
        if group:
            errs.unsupported(f"{path}.apiGroup", group, ("",))
        if not namespaced and not subject.get("namespace"):
            errs.required(f"{path}.namespace")
    elif kind in ("User", "Group"):
        if group != GROUP:
            errs.unsupported(f"{path}.apiGroup", group, (GROUP,))
    else:
        errs.unsupported(f"{path}.kind", kind, SUBJECT_KINDS)


def _binding(errs: Errors, obj: dict, kinds: tuple[str, ...], namespaced: bool) -> None:
    ref = obj.get("roleRef") or {}
    if (ref.get("apiGroup") or "") != GROUP:
        errs.unsupported("roleRef.apiGroup", ref.get("apiGroup") or "", (GROUP,))
    if (ref.get("kind") or "") not in kinds:
        errs.unsupported("roleRef.kind", ref.get("kind") or "", kinds)
    name = ref.get("name") or ""
    if not name:
        errs.required("roleRef.name")
    else:
        for msg in path_segment_name(name):
            errs.invalid("roleRef.name", name, msg)
    for i, subject in enumerate(obj.get("subjects") or ()):
        _subject(errs, f"subjects[{i}]", subject, namespaced)


def go_role_ref(ref: dict) -> str:
    """How Go's %#v prints a RoleRef in `cannot change roleRef`."""
    return (f'rbac.RoleRef{{APIGroup:"{ref.get("apiGroup") or ""}", Kind:"{ref.get("kind") or ""}", '
            f'Name:"{ref.get("name") or ""}"}}')


VALIDATORS = {
    "Role": _role,
    "ClusterRole": _cluster_role,
    "RoleBinding": lambda errs, obj: _binding(errs, obj, ("Role", "ClusterRole"), True),
    "ClusterRoleBinding": lambda errs, obj: _binding(errs, obj, ("ClusterRole",), False),
}
