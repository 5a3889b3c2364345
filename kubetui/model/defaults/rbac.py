"""Defaults of rbac.authorization.k8s.io/v1: a binding's roleRef and User/Group subjects get the RBAC group."""

from __future__ import annotations

GROUP = "rbac.authorization.k8s.io"


def _binding(obj: dict) -> None:
    ref = obj.get("roleRef")
    if ref is not None and not ref.get("apiGroup"):
        ref["apiGroup"] = GROUP
    for subject in obj.get("subjects") or ():
        if not subject.get("apiGroup") and subject.get("kind") in ("User", "Group"):
            subject["apiGroup"] = GROUP


DEFAULTS = {"RoleBinding": _binding, "ClusterRoleBinding": _binding}
