"""`kubectl create role|clusterrole|rolebinding|clusterrolebinding`: kubectl's RBAC generators.

Objects come out in Go's struct order, with kubectl's validation of verbs, resources and
non-resource URLs, and its messages. Resource words are resolved as kubectl's REST mapper
resolves them against the server's discovery (`deploy` -> `deployments` in `apps`).
"""

from __future__ import annotations

from collections.abc import Callable

from kubetui.kubectl.flags import KubectlUsageError, Parsed
from kubetui.model.kinds import KINDS

API_VERSION = "rbac.authorization.k8s.io/v1"
GROUP = "rbac.authorization.k8s.io"

COMMANDS = ("create role", "create clusterrole", "create rolebinding", "create clusterrolebinding")

VALID_RESOURCE_VERBS = ("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy",
                        "deletecollection", "use", "bind", "escalate", "impersonate", "approve", "sign")
VALID_NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")

SPECIAL_VERBS: dict[str, tuple[tuple[str, str], ...]] = {
    "use": (("policy", "podsecuritypolicies"), ("extensions", "podsecuritypolicies")),
    "bind": ((GROUP, "roles"), (GROUP, "clusterroles")),
    "escalate": ((GROUP, "roles"), (GROUP, "clusterroles")),
    "impersonate": (("", "users"), ("", "serviceaccounts"), ("", "groups"),
                    ("authentication.k8s.io", "userextras/{scope}"), ("authentication.k8s.io", "uids")),
    "approve": (("certificates.k8s.io", "signers"),),
    "sign": (("certificates.k8s.io", "signers"),),
}
"""Verbs that only make sense on some resources (kubectl refuses them elsewhere)."""

EXTRA_RESOURCES = (("metrics.k8s.io", "pods", "podmetrics"), ("metrics.k8s.io", "nodes", "nodemetrics"))
"""Resources the server serves beyond kubetui's kinds (group, plural, singular)."""


def _help_error(parsed: Parsed, text: str) -> KubectlUsageError:
    return KubectlUsageError(f"error: {text}\nSee '{parsed.command_path} -h' for help and examples")


def _name(parsed: Parsed) -> str:
    if len(parsed.args) != 1:
        raise _help_error(parsed, f"exactly one NAME is required, got {len(parsed.args)}")
    return parsed.args[0]


def _meta(parsed: Parsed, name: str) -> dict:
    meta = {"name": name}
    if parsed.given("namespace") and parsed.flags.get("namespace"):
        meta["namespace"] = parsed.flags["namespace"]
    return meta


def _unique(values) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def resource_for(resource: str, group: str) -> tuple[str, str] | None:
    """(group, plural) the server's discovery maps a word to, or None (kubectl's RESTMapper.ResourceFor)."""
    word = resource.lower()
    for k in KINDS.values():
        if (not group or k.group == group) and word in (k.plural, k.singular, *k.short_names):
            return k.group, k.plural
    for g, plural, singular in EXTRA_RESOURCES:
        if group == g and word in (plural, singular):
            return g, plural
    return None


def _parse_resources(words: list[str]) -> list[tuple[str, str, str]]:
    """`--resource` words as (resource, group, subresource); a bare `*` stands alone."""
    out: list[tuple[str, str, str]] = []
    for word in words:
        main, _, sub = word.partition("/")
        resource, _, group = main.partition(".")
        if resource == "*" and "." not in main and "/" not in word:
            return [("*", "", "")]
        out.append((resource, group, sub))
    return out


def _validate_resources(resources, verbs: list[str]) -> None:
    for resource, group, _sub in resources:
        if not resource:
            raise KubectlUsageError("error: resource must be specified if apiGroup/subresource specified")
        if resource == "*":
            return
        found = resource_for(resource, group)
        g, r = found if found is not None else (group, resource)
        special_ok = False
        for verb in verbs:
            allowed = SPECIAL_VERBS.get(verb)
            if allowed is not None:
                if (g, r) not in allowed:
                    raise KubectlUsageError(f"error: can not perform '{verb}' on '{r}' in group '{g}'")
                special_ok = True
        if found is None and not special_ok:
            where = f' in group "{group}"' if group else ""
            raise KubectlUsageError(f'the server doesn\'t have a resource type "{resource}"{where}')


def _rules(resources, verbs: list[str], names: list[str]) -> list[dict]:
    """One rule per API group (groups sorted, resources in the order given)."""
    by_group: dict[str, list[str]] = {}
    for resource, group, sub in resources:
        found = resource_for(resource, group)
        g, r = found if found is not None else (group, resource)
        if sub:
            r = f"{r}/{sub}"
        listed = by_group.setdefault(g, [])
        if r not in listed:
            listed.append(r)
    rules = []
    for g in sorted(by_group):
        rule: dict = {"verbs": list(verbs), "apiGroups": [g], "resources": by_group[g]}
        if names:
            rule["resourceNames"] = list(names)
        rules.append(rule)
    return rules


def _verbs(parsed: Parsed) -> list[str]:
    verbs: list[str] = []
    for v in parsed.flags.get("verb") or []:
        if v == "*":
            return ["*"]
        if v not in verbs:
            verbs.append(v)
    return verbs


def create_role(parsed: Parsed, warn: Callable[[str], None]) -> dict:
    name = _name(parsed)
    verbs = _verbs(parsed)
    resources = _parse_resources(parsed.flags.get("resource") or [])
    names = _unique(parsed.flags.get("resource-name") or [])
    if not verbs:
        raise KubectlUsageError("error: at least one verb must be specified")
    for v in verbs:
        if v not in VALID_RESOURCE_VERBS:
            warn(f"Warning: '{v}' is not a standard resource verb")
    if not resources:
        raise KubectlUsageError("error: at least one resource must be specified")
    _validate_resources(resources, verbs)
    return {"kind": "Role", "apiVersion": API_VERSION, "metadata": _meta(parsed, name),
            "rules": _rules(resources, verbs, names)}


def _aggregation_rule(parsed: Parsed) -> dict[str, str]:
    labels: dict[str, str] = {}
    for pair in parsed.flags.get("aggregation-rule") or []:
        key, eq, value = pair.partition("=")
        if not eq:
            raise KubectlUsageError(f'error: invalid argument "{pair}" for "--aggregation-rule" flag: malformed pair, '
                                    f"expect string=string\nSee '{parsed.command_path} --help' for usage.")
        labels[key] = value
    return labels


def create_clusterrole(parsed: Parsed, warn: Callable[[str], None]) -> dict:
    aggregation = _aggregation_rule(parsed)
    name = _name(parsed)
    verbs = _verbs(parsed)
    resources = _parse_resources(parsed.flags.get("resource") or [])
    names = _unique(parsed.flags.get("resource-name") or [])
    urls = _unique(parsed.flags.get("non-resource-url") or [])
    meta = _meta(parsed, name)
    meta.pop("namespace", None)
    if aggregation:
        if urls or verbs or resources or names:
            raise KubectlUsageError("error: aggregation rule must be specified without nonResourceURLs, verbs, "
                                    "resources or resourceNames")
        return {"kind": "ClusterRole", "apiVersion": API_VERSION, "metadata": meta, "rules": None,
                "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": dict(sorted(aggregation.items()))}]}}
    if not verbs:
        raise KubectlUsageError("error: at least one verb must be specified")
    if not resources and not urls:
        raise KubectlUsageError("error: one of resource or nonResourceURL must be specified")
    if resources:
        for v in verbs:
            if v not in VALID_RESOURCE_VERBS:
                warn(f"Warning: '{v}' is not a standard resource verb")
        _validate_resources(resources, verbs)
    if urls:
        for v in verbs:
            if v not in VALID_NON_RESOURCE_VERBS:
                raise KubectlUsageError(f"error: invalid verb: '{v}' for nonResourceURL")
        for url in urls:
            if url == "*":
                continue
            if not url.startswith("/"):
                raise KubectlUsageError("error: nonResourceURL should start with /")
            if "*" in url[:-1]:
                raise KubectlUsageError("error: nonResourceURL only supports wildcard matches when '*' is at the end")
    rules = _rules(resources, verbs, names) if resources else []
    if urls:
        rules.append({"verbs": list(verbs), "nonResourceURLs": urls})
    return {"kind": "ClusterRole", "apiVersion": API_VERSION, "metadata": meta, "rules": rules}


def _subjects(parsed: Parsed) -> list[dict]:
    subjects = [{"kind": "User", "apiGroup": GROUP, "name": u} for u in parsed.flags.get("user") or []]
    subjects += [{"kind": "Group", "apiGroup": GROUP, "name": g} for g in parsed.flags.get("group") or []]
    for sa in parsed.flags.get("serviceaccount") or []:
        parts = sa.split(":")
        if len(parts) != 2:
            raise KubectlUsageError("error: serviceaccount must be <namespace>:<name>")
        subjects.append({"kind": "ServiceAccount", "name": parts[1], "namespace": parts[0]})
    return subjects


def create_rolebinding(parsed: Parsed, warn: Callable[[str], None]) -> dict:
    name = _name(parsed)
    role, cluster_role = parsed.flags.get("role") or "", parsed.flags.get("clusterrole") or ""
    if bool(role) == bool(cluster_role):
        raise KubectlUsageError("error: exactly one of clusterrole or role must be specified")
    subjects = _subjects(parsed)
    obj: dict = {"kind": "RoleBinding", "apiVersion": API_VERSION, "metadata": _meta(parsed, name)}
    if subjects:
        obj["subjects"] = subjects
    obj["roleRef"] = {"apiGroup": GROUP, "kind": "Role" if role else "ClusterRole", "name": role or cluster_role}
    return obj


def create_clusterrolebinding(parsed: Parsed, warn: Callable[[str], None]) -> dict:
    if not parsed.given("clusterrole"):
        raise KubectlUsageError('error: required flag(s) "clusterrole" not set')
    name = _name(parsed)
    subjects = _subjects(parsed)
    meta = _meta(parsed, name)
    meta.pop("namespace", None)
    obj: dict = {"kind": "ClusterRoleBinding", "apiVersion": API_VERSION, "metadata": meta}
    if subjects:
        obj["subjects"] = subjects
    obj["roleRef"] = {"apiGroup": GROUP, "kind": "ClusterRole", "name": parsed.flags.get("clusterrole") or ""}
    return obj


def build(parsed: Parsed, warn: Callable[[str], None]) -> dict:
    path = " ".join(parsed.command)
    return {"create role": create_role, "create clusterrole": create_clusterrole,
            "create rolebinding": create_rolebinding,
            "create clusterrolebinding": create_clusterrolebinding}[path](parsed, warn)
