"""`kubectl auth can-i` and `kubectl auth whoami`: asking the authorizer, as SelfSubjectAccessReview,
SelfSubjectRulesReview and SelfSubjectReview do."""

from __future__ import annotations

from kubetui.engine.authorization import Attributes, authorize, rules_for
from kubetui.kubectl.commands._base import CommandError, Context
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
        raise CommandError(f'error: unable to match a printer suitable for the output format "{fmt}", allowed '
                           'formats are: json,yaml')
    rows = ["ATTRIBUTE\tVALUE", f"Username\t{user.name}"]
    if user.uid:
        rows.append(f"UID\t{user.uid}")
    if user.groups:
        rows.append(f"Groups\t{_go_list(user.groups)}")
    ctx.write(tabwrite("\n".join(rows) + "\n", 6, 3))
    return 0
