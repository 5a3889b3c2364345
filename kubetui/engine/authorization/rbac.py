"""Kubernetes' RBAC authorizer: a request is allowed when a rule of a role bound to its user allows it.

Members of `system:masters` are allowed everything before RBAC is asked (the API server's
privileged-group authorizer). Everyone else is allowed what the ClusterRoleBindings and, for a
namespaced request, the RoleBindings of that namespace grant; nothing is ever denied
explicitly, so an unmatched request ends "forbidden" with the API server's message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubetui.engine.user import UserInfo
from kubetui.model.errors import ApiError

if TYPE_CHECKING:
    from kubetui.engine.store import Store


@dataclass(frozen=True)
class Attributes:
    """What a request asks (Kubernetes' authorizer.Attributes). A non-resource request names a `path`."""

    user: UserInfo
    verb: str
    resource: str = ""
    group: str = ""
    subresource: str = ""
    namespace: str = ""
    name: str = ""
    path: str = ""

    @property
    def resource_request(self) -> bool:
        return not self.path


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


def authorize(store: Store, attrs: Attributes) -> Decision:
    if attrs.user.is_admin:
        return Decision(True, "")
    for binding, role_kind, role_name, rules in _granted(store, attrs.user, attrs.namespace):
        if any(rule_allows(rule, attrs) for rule in rules):
            where = f'RoleBinding "{binding["metadata"]["name"]}/{binding["metadata"]["namespace"]}"' \
                if binding["kind"] == "RoleBinding" else f'ClusterRoleBinding "{binding["metadata"]["name"]}"'
            return Decision(True, f'RBAC: allowed by {where} of {role_kind} "{role_name}" to '
                                  f'{_subject_text(attrs.user)}')
    return Decision(False, "")


def rules_for(store: Store, user: UserInfo, namespace: str) -> list[dict]:
    """Every rule that applies to `user` in `namespace` (a SelfSubjectRulesReview's answer; for
    `system:masters` that is the cluster-admin ClusterRole its bootstrap binding grants)."""
    return [rule for *_, rules in _granted(store, user, namespace) for rule in rules]


def forbidden(attrs: Attributes, reason: str = "") -> ApiError:
    """The 403 the API server answers an unauthorized request with, in its words."""
    user = attrs.user.name
    if not attrs.resource_request:
        message = f'forbidden: User "{user}" cannot {attrs.verb} path "{attrs.path}"'
    else:
        resource = f"{attrs.resource}/{attrs.subresource}" if attrs.subresource else attrs.resource
        where = f'in the namespace "{attrs.namespace}"' if attrs.namespace else "at the cluster scope"
        why = f'User "{user}" cannot {attrs.verb} resource "{resource}" in API group "{attrs.group}" {where}'
        qualified = f"{attrs.resource}.{attrs.group}" if attrs.group else attrs.resource
        subject = f'{qualified} "{attrs.name}"' if attrs.name else qualified
        message = f"{subject} is forbidden: {why}"
    if reason:
        message += f": {reason}"
    return ApiError("Forbidden", message, 403)


# -- rules ------------------------------------------------------------------------------------------

def rule_allows(rule: dict, attrs: Attributes) -> bool:
    if not _matches(rule.get("verbs"), attrs.verb):
        return False
    if not attrs.resource_request:
        return any(url == "*" or url == attrs.path or (url.endswith("*") and attrs.path.startswith(url[:-1]))
                   for url in rule.get("nonResourceURLs") or ())
    if rule.get("nonResourceURLs"):
        return False
    if not _matches(rule.get("apiGroups"), attrs.group):
        return False
    combined = f"{attrs.resource}/{attrs.subresource}" if attrs.subresource else attrs.resource
    if not any(r == "*" or r == combined or (attrs.subresource and r == f"*/{attrs.subresource}")
               for r in rule.get("resources") or ()):
        return False
    names = rule.get("resourceNames") or ()
    return not names or attrs.name in names


def _matches(values, wanted: str) -> bool:
    return any(v == "*" or v == wanted for v in values or ())


# -- bindings ---------------------------------------------------------------------------------------

def _granted(store: Store, user: UserInfo, namespace: str):
    """(binding, role kind, role name, rules) for every binding whose subjects include `user`,
    cluster bindings first, each kind in name order."""
    for binding in sorted(store.iter("ClusterRoleBinding"), key=lambda b: b["metadata"]["name"]):
        if applies_to(user, binding.get("subjects") or (), ""):
            name = binding["roleRef"]["name"]
            role = store.get("ClusterRole", None, name)
            yield binding, "ClusterRole", name, (role or {}).get("rules") or ()
    if not namespace:
        return
    for binding in sorted(store.iter("RoleBinding", namespace), key=lambda b: b["metadata"]["name"]):
        if applies_to(user, binding.get("subjects") or (), namespace):
            ref = binding["roleRef"]
            role = store.get(ref["kind"], namespace if ref["kind"] == "Role" else None, ref["name"])
            yield binding, ref["kind"], ref["name"], (role or {}).get("rules") or ()


def applies_to(user: UserInfo, subjects, namespace: str) -> bool:
    """Whether one of a binding's subjects is `user` (a ServiceAccount subject with no namespace
    means the binding's own)."""
    for subject in subjects:
        kind, name = subject.get("kind"), subject.get("name")
        if kind == "User" and name == user.name:
            return True
        if kind == "Group" and name in user.groups:
            return True
        if kind == "ServiceAccount":
            ns = subject.get("namespace") or namespace
            if user.name == f"system:serviceaccount:{ns}:{name}":
                return True
    return False


def _subject_text(user: UserInfo) -> str:
    if user.name.startswith("system:serviceaccount:"):
        ns, _, name = user.name.removeprefix("system:serviceaccount:").partition(":")
        return f'ServiceAccount "{name}/{ns}"'
    return f'User "{user.name}"'
