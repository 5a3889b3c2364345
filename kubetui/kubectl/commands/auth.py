"""`kubectl auth can-i`, `auth whoami` and `auth reconcile`: asking the authorizer, as SelfSubjectAccessReview,
SelfSubjectRulesReview and SelfSubjectReview do, and reconciling RBAC objects with a file."""

from __future__ import annotations

import copy

from kubetui.engine.authorization import Attributes, authorize, rules_for
from kubetui.engine.authorization.escalation import uncovered
from kubetui.kubectl.commands._base import CommandError, Context, print_objects
from kubetui.kubectl.printers import output
from kubetui.kubectl.printers.describe import breakdown_rules, combine_resource_group
from kubetui.kubectl.printers.tabwriter import tabwrite
from kubetui.kubectl.rbac_generators import resource_for
from kubetui.model.kinds import KINDS

KNOWN_RESOURCE_VERBS = ("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use",
                        "bind", "impersonate", "*", "approve", "sign", "escalate", "attest")
KNOWN_NON_RESOURCE_VERBS = ("get", "put", "post", "head", "options", "delete", "patch", "*")
NON_STANDARD_RESOURCES = ("users", "groups")


def _warn(ctx: Context, text: str) -> None:
    ctx.error(f"Warning: {text}\n")


def _resource(ctx: Context, word: str) -> tuple[str, str, bool]:
    """(resource, group, namespaced) as kubectl's REST mapper resolves the word; unknown words
    are sent as typed, after a warning."""
    if word == "*":
        return "*", "", True
    lowered = word.lower()
    resource, _, group = lowered.partition(".")
    found = resource_for(resource, group)
    if found is None:
        if lowered not in NON_STANDARD_RESOURCES:
            where = f" in group '{group}'" if group else ""
            _warn(ctx, f"the server doesn't have a resource type '{resource}'{where}\n")
        return word, "", True
    g, plural = found
    kind = next((k for k in KINDS.values() if k.group == g and k.plural == plural), None)
    return plural, g, kind.namespaced if kind is not None else True


def can_i(ctx: Context) -> int:
    args = list(ctx.parsed.args)
    if ctx.flag("list"):
        if args:
            raise CommandError("error: list option must be specified with no arguments")
        if ctx.flag("quiet") or ctx.all_namespaces or ctx.flag("subresource"):
            raise CommandError("error: list option can't be specified with neither quiet, all-namespaces nor "
                               "subresource options")
        return _list(ctx)
    if len(args) != 2:
        raise CommandError("error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
                           "See 'kubectl auth can-i -h' for help and examples.")
    verb, target = args
    subresource = ctx.flag("subresource") or ""
    namespace = "" if ctx.all_namespaces else ctx.namespace
    user = ctx.user
    if target.startswith("/"):
        if subresource:
            raise CommandError("error: --subresource can not be used with NonResourceURL")
        if verb not in KNOWN_NON_RESOURCE_VERBS:
            _warn(ctx, f"verb '{verb}' is not a known verb\n")
        if ctx.flag("no-headers"):
            raise CommandError("error: --no-headers cannot be set without --list specified")
        attrs = Attributes(user, verb, path=target)
    else:
        word, _, name = target.partition("/")
        resource, group, namespaced = _resource(ctx, word)
        if not ctx.all_namespaces and not namespaced:
            where = f" in group '{group}'" if group else ""
            _warn(ctx, f"resource '{resource}' is not namespace scoped{where}\n")
        if verb not in KNOWN_RESOURCE_VERBS:
            _warn(ctx, f"verb '{verb}' is not a known verb\n")
        if ctx.flag("no-headers"):
            raise CommandError("error: --no-headers cannot be set without --list specified")
        attrs = Attributes(user, verb, resource, group, subresource, namespace, name)
    allowed = authorize(ctx.sim.store, attrs).allowed
    if not ctx.flag("quiet"):
        ctx.print("yes" if allowed else "no")
    return 0 if allowed else 1


def _go_list(values) -> str:
    return "[" + " ".join(values or ()) + "]"


def _list(ctx: Context) -> int:
    rules = rules_for(ctx.sim.store, ctx.user, ctx.namespace)
    lines = [] if ctx.flag("no-headers") else ["Resources\tNon-Resource URLs\tResource Names\tVerbs"]
    for r in breakdown_rules(rules):
        lines.append(f"{combine_resource_group(r['resources'], r['apiGroups'])}\t{_go_list(r['nonResourceURLs'])}\t"
                     f"{_go_list(r['resourceNames'])}\t{_go_list(r['verbs'])}")
    if lines:
        ctx.write(tabwrite("\n".join(lines) + "\n", 6, 3))
    return 0


def whoami(ctx: Context) -> int:
    user = ctx.user
    fmt = ctx.flag("output") or ""
    if fmt:
        info: dict = {"username": user.name}
        if user.uid:
            info["uid"] = user.uid
        if user.groups:
            info["groups"] = list(user.groups)
        review = {"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
                  "metadata": {"creationTimestamp": ctx.now()}, "status": {"userInfo": info}}
        if fmt == "json":
            ctx.write(output.to_json(review))
            return 0
        if fmt == "yaml":
            ctx.write(output.to_yaml(review))
            return 0
        ctx.write(print_objects(ctx, [review], fmt, single=True))
        return 0
    rows = ["ATTRIBUTE\tVALUE", f"Username\t{user.name}"]
    if user.uid:
        rows.append(f"UID\t{user.uid}")
    if user.groups:
        rows.append(f"Groups\t{_go_list(user.groups)}")
    ctx.write(tabwrite("\n".join(rows) + "\n", 6, 3))
    return 0


# -- kubectl auth reconcile ---------------------------------------------------------------------

RBAC_KINDS = ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")
AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate"


def _go_rule(rule: dict) -> str:
    """A PolicyRule as Go's %+v prints it."""
    def lst(key: str) -> str:
        return _go_list(rule.get(key))
    return (f"{{Verbs:{lst('verbs')} APIGroups:{lst('apiGroups')} Resources:{lst('resources')} "
            f"ResourceNames:{lst('resourceNames')} NonResourceURLs:{lst('nonResourceURLs')}}}")


def _go_subject(s: dict) -> str:
    return (f"{{Kind:{s.get('kind', '')} APIGroup:{s.get('apiGroup', '')} Name:{s.get('name', '')} "
            f"Namespace:{s.get('namespace', '')}}}")


def _merged_meta(result: dict, expected: dict, existing: dict) -> bool:
    """Expected labels and annotations added under the existing ones; True when that changed them."""
    changed = False
    meta = result["metadata"]
    for key in ("annotations", "labels"):
        merged = {**((expected.get("metadata") or {}).get(key) or {}), **(existing["metadata"].get(key) or {})}
        if merged != (existing["metadata"].get(key) or {}):
            meta[key], changed = merged, True
    return changed


def _reconcile_role(expected: dict, existing: dict | None, remove_extra: bool) -> tuple[dict, str, list, list]:
    if existing is None:
        return copy.deepcopy(expected), "create", list(expected.get("rules") or []), []
    result = copy.deepcopy(existing)
    operation = "update" if _merged_meta(result, expected, existing) else "none"
    exp_rules, have = expected.get("rules") or [], existing.get("rules") or []
    extra = [] if expected.get("aggregationRule") and existing.get("aggregationRule") else uncovered(exp_rules, have)
    missing = uncovered(have, exp_rules)
    if not remove_extra and missing:
        result["rules"], operation = have + missing, "update"
    elif remove_extra and (missing or extra):
        result["rules"], operation = list(exp_rules), "update"
    if expected.get("aggregationRule"):
        selectors = (existing.get("aggregationRule") or {}).get("clusterRoleSelectors") or []
        wanted = [s for s in expected["aggregationRule"].get("clusterRoleSelectors") or () if s not in selectors]
        if wanted:
            result["aggregationRule"] = {"clusterRoleSelectors": selectors + wanted}
            operation = "update"
    return result, operation, missing, extra


def _reconcile_binding(expected: dict, existing: dict | None, remove_extra: bool) -> tuple[dict, str, list, list]:
    if existing is None:
        return copy.deepcopy(expected), "create", list(expected.get("subjects") or []), []
    result = copy.deepcopy(existing)
    operation = "update" if _merged_meta(result, expected, existing) else "none"
    if expected.get("roleRef") != existing.get("roleRef"):
        result["roleRef"], result["subjects"] = expected.get("roleRef"), list(expected.get("subjects") or [])
        return result, "recreate", [], []
    want, have = expected.get("subjects") or [], existing.get("subjects") or []
    missing = [s for s in want if s not in have]
    extra = [s for s in have if s not in want]
    if not remove_extra and missing:
        result["subjects"], operation = have + missing, "update"
    elif remove_extra and (missing or extra):
        result["subjects"], operation = list(want), "update"
    return result, operation, missing, extra


def reconcile(ctx: Context) -> int:
    """`kubectl auth reconcile -f FILE`: RBAC objects created or extended (never shrunk, unless
    `--remove-extra-*`), as kubectl's RBAC reconciliation does."""
    from kubetui.engine.store import delete as api_delete
    from kubetui.kubectl.commands._base import load_manifests, manifest_kind, manifest_namespace
    from kubetui.kubectl.flags import dry_run_strategy
    from kubetui.model.errors import ApiError

    if not ctx.flag("filename"):
        raise CommandError("error: must specify one of -f and -k")
    dry_run, _ = dry_run_strategy(ctx.parsed)
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    failures: list[str] = []
    for m in load_manifests(ctx, allow_empty=True):
        kind = manifest_kind(m)
        if kind.kind not in RBAC_KINDS:
            continue
        expected = copy.deepcopy(m.obj)
        ns = manifest_namespace(ctx, kind, expected) if kind.namespaced else None
        if ns is not None:
            ns = ns or ctx.namespace
            expected.setdefault("metadata", {})["namespace"] = ns
        name = expected["metadata"]["name"]
        try:
            existing = ctx.store.get(kind.kind, ns, name)
            binding = kind.kind.endswith("Binding")
            remove = bool(ctx.flag("remove-extra-subjects" if binding else "remove-extra-permissions"))
            result, operation, missing, extra = (_reconcile_binding if binding else _reconcile_role)(
                expected, existing, remove)
            protected = existing is not None and (existing["metadata"].get("annotations") or {}).get(AUTOUPDATE) == "false"
            if dry_run == "none" and not protected:
                if operation == "create":
                    result = ctx.store.create(result)
                elif operation == "update":
                    result = ctx.store.update(result)
                elif operation == "recreate":
                    ctx.authorize("delete", kind.kind, ns, name)
                    api_delete(ctx.sim.store, kind.kind, ns, name)
                    fresh = copy.deepcopy(result)
                    for key in ("uid", "resourceVersion", "creationTimestamp", "generation"):
                        fresh["metadata"].pop(key, None)
                    result = ctx.store.create(fresh)
        except ApiError as exc:
            failures.append(str(exc) if exc.reason != "Invalid" else exc.message)
            continue
        fmt = ctx.flag("output") or ""
        if fmt == "name":
            ctx.print(f"{kind.ref}/{name}")
        elif fmt in ("yaml", "json"):
            ctx.write(("---\n" if ctx.out else "") + (output.to_yaml(result) if fmt == "yaml" else output.to_json(result)))
        else:
            ctx.print(f"{kind.ref}/{name} reconciled{suffix}")
        caveat = f", but object opted out ({AUTOUPDATE}: false)" if protected else ""
        if operation != "none":
            ctx.error(f"\treconciliation required {operation}{caveat}")
        what = "subjects" if binding else "rules"
        show = _go_subject if binding else _go_rule
        if missing:
            ctx.error(f"\tmissing {what} added:")
            for item in missing:
                ctx.error(f"\t\t{show(item)}")
        if remove and extra:
            ctx.error(f"\textra {what} removed:" if binding else "\textra rules removed:")
            for item in extra:
                ctx.error(f"\t\t{show(item)}")
    for text in failures:
        ctx.error(text)
    return 1 if failures else 0
