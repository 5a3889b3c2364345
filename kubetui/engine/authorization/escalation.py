"""RBAC's escalation prevention: a user may only write a Role or ClusterRole granting what they
already hold (or hold `escalate` on it), and only bind a role whose permissions they hold (or
hold `bind` on it), as the API server's RBAC storage checks before any write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.authorization.rbac import Attributes, authorize, rules_for
from kubetui.engine.user import UserInfo
from kubetui.model.errors import ApiError

if TYPE_CHECKING:
    from kubetui.engine.store import Store

GROUP = "rbac.authorization.k8s.io"
RESOURCES = {"Role": "roles", "ClusterRole": "clusterroles", "RoleBinding": "rolebindings",
             "ClusterRoleBinding": "clusterrolebindings"}


def atoms(rule: dict) -> list[dict]:
    """The API server's BreakdownRule: one verb, group, resource and name per rule."""
    out: list[dict] = []
    for group in rule.get("apiGroups") or ():
        for resource in rule.get("resources") or ():
            for verb in rule.get("verbs") or ():
                for name in rule.get("resourceNames") or [None]:
                    atom = {"verbs": [verb], "apiGroups": [group], "resources": [resource]}
                    if name is not None:
                        atom["resourceNames"] = [name]
                    out.append(atom)
    for url in rule.get("nonResourceURLs") or ():
        for verb in rule.get("verbs") or ():
            out.append({"verbs": [verb], "nonResourceURLs": [url]})
    return out


def _covers(owner: dict, sub: dict) -> bool:
    def has_all(have, want) -> bool:
        return all(w in (have or ()) for w in want or ())

    owned = owner.get("resources") or ()
    verbs = "*" in (owner.get("verbs") or ()) or has_all(owner.get("verbs"), sub.get("verbs"))
    groups = "*" in (owner.get("apiGroups") or ()) or has_all(owner.get("apiGroups"), sub.get("apiGroups"))
    resources = all("*" in owned or r in owned or ("/" in r and f"*/{r.split('/', 1)[1]}" in owned)
                    for r in sub.get("resources") or ())
    urls = all(any(u == o or (o.endswith("*") and u.startswith(o[:-1])) for o in owner.get("nonResourceURLs") or ())
               for u in sub.get("nonResourceURLs") or ())
    if sub.get("resourceNames"):
        names = not owner.get("resourceNames") or has_all(owner.get("resourceNames"), sub.get("resourceNames"))
    else:
        names = not owner.get("resourceNames")
    return verbs and groups and resources and urls and names


def uncovered(owner_rules: list[dict], servant_rules: list[dict]) -> list[dict]:
    """validation.Covers: the atoms of `servant_rules` that no rule of `owner_rules` covers."""
    return [atom for rule in servant_rules for atom in atoms(rule)
            if not any(_covers(o, atom) for o in owner_rules)]


def _go_quoted(values) -> str:
    return "[" + " ".join(f'"{v}"' for v in values) + "]"


def compact_string(rule: dict) -> str:
    """rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`."""
    parts = [f"{label}:{_go_quoted(rule[key])}" for key, label in (
        ("apiGroups", "APIGroups"), ("resources", "Resources"), ("nonResourceURLs", "NonResourceURLs"),
        ("resourceNames", "ResourceNames"), ("verbs", "Verbs")) if rule.get(key)]
    return "{" + ", ".join(parts) + "}"


def _compact(rules: list[dict]) -> list[dict]:
    """CompactRules: atoms of one group, resource (and name) merged into one rule of several verbs."""
    out: list[dict] = []
    simple: dict[tuple, dict] = {}
    for rule in rules:
        if rule.get("nonResourceURLs"):
            out.append(rule)
            continue
        key = (rule["apiGroups"][0], rule["resources"][0], tuple(rule.get("resourceNames") or ()))
        if key in simple:
            simple[key]["verbs"] += [v for v in rule["verbs"] if v not in simple[key]["verbs"]]
        else:
            simple[key] = {**rule, "verbs": list(rule["verbs"])}
            out.append(simple[key])
    return out


def confirm_no_escalation(store: Store, user: UserInfo, namespace: str, rules: list[dict]) -> str | None:
    """Why granting `rules` would escalate `user` (None when they already hold them all)."""
    missing = uncovered(rules_for(store, user, namespace), rules)
    if not missing:
        return None
    described = sorted({compact_string(r) for r in _compact(missing)})
    groups = _go_quoted(user.groups)
    return (f'user "{user.name}" (groups={groups}) is attempting to grant RBAC permissions not currently held:\n'
            + "\n".join(described))


def check(store: Store, user: UserInfo, obj: dict) -> None:
    """Raise the API server's Forbidden when writing `obj` (an RBAC object) would escalate `user`."""
    if user.is_admin:
        return
    kind = obj["kind"]
    meta = obj.get("metadata") or {}
    name = meta.get("name") or ""
    namespace = (meta.get("namespace") or "default") if kind in ("Role", "RoleBinding") else ""
    qualified = f"{RESOURCES[kind]}.{GROUP}"

    def refuse(why: str) -> ApiError:
        return ApiError("Forbidden", f'{qualified} "{name}" is forbidden: {why}', 403)

    if kind in ("Role", "ClusterRole"):
        if authorize(store, Attributes(user, "escalate", RESOURCES[kind], GROUP, "", namespace, name)).allowed:
            return
        if kind == "ClusterRole" and obj.get("aggregationRule") is not None and confirm_no_escalation(
                store, user, "", [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]},
                                  {"verbs": ["*"], "nonResourceURLs": ["*"]}]):
            raise refuse("must have cluster-admin privileges to use the aggregationRule")
        why = confirm_no_escalation(store, user, namespace, obj.get("rules") or [])
        if why:
            raise refuse(why)
        return
    ref = obj.get("roleRef") or {}
    ref_kind, ref_name = ref.get("kind") or "", ref.get("name") or ""
    resource = "roles" if ref_kind == "Role" else "clusterroles"
    if authorize(store, Attributes(user, "bind", resource, GROUP, "", namespace, ref_name)).allowed:
        return
    role = store.get(ref_kind, namespace if ref_kind == "Role" else None, ref_name) \
        if ref_kind in ("Role", "ClusterRole") else None
    if role is None:
        raise refuse(f'{resource}.{GROUP} "{ref_name}" not found')
    why = confirm_no_escalation(store, user, namespace, role.get("rules") or [])
    if why:
        raise refuse(why)
