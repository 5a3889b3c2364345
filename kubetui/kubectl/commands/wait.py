"""`kubectl wait --for=condition=Ready|delete|jsonpath=...`: block in simulated time until true."""

from __future__ import annotations

from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    help_error,
    list_objects,
    load_manifests,
    manifest_kind,
    manifest_namespace,
    selector_from,
    targets_from_args,
)
from kubetui.kubectl.printers import output
from kubetui.model.errors import not_found
from kubetui.model.kinds import Kind


def _condition_check(spec: str):
    name, _, want = spec.partition("=")
    want = want or "True"

    def check(obj: dict) -> bool:
        for cond in (obj.get("status") or {}).get("conditions") or ():
            if cond.get("type", "").lower() == name.lower():
                return cond.get("status", "").lower() == want.lower()
        return False

    return check


def _jsonpath_check(spec: str):
    expr, sep, want = spec.rpartition("=") if "}=" in spec or spec.count("=") else (spec, "", "")
    if not sep:
        expr, want = spec, None
    expr = expr.strip("'\"")
    template = output.relaxed(expr)
    try:
        output.jsonpath(template, {})
    except Exception:
        raise CommandError(f"error: unrecognized condition: \"jsonpath={spec}\"") from None

    def check(obj: dict) -> bool:
        try:
            got = output.jsonpath(template, obj)
        except Exception:
            return False
        return bool(got) if want is None else got == want

    return check


def wait(ctx: Context):
    spec = str(ctx.flag("for") or "")
    if not spec:
        raise CommandError("error: --for must be set")
    mode, _, rest = spec.partition("=")
    if mode == "delete":
        check = None
    elif mode == "condition" and rest:
        check = _condition_check(rest)
    elif mode == "jsonpath" and rest:
        check = _jsonpath_check(rest)
    elif mode == "create":
        check = lambda obj: True  # noqa: E731
    else:
        raise CommandError(f'error: unrecognized condition: "{spec}"')
    items: list[tuple[Kind, str | None, str, str | None]] = []
    if ctx.flag("filename"):
        for m in load_manifests(ctx):
            kind = manifest_kind(m, ctx.store.kinds)
            ns = manifest_namespace(ctx, kind, m.obj)
            items.append((kind, ns, (m.obj.get("metadata") or {}).get("name", ""), None))
    else:
        if not ctx.parsed.args:
            raise help_error(ctx.parsed, "resource(s) were provided, but no name was specified")
        selector = selector_from(ctx, ctx.flag("selector"))
        for t in targets_from_args(ctx.parsed, kinds=ctx.store.kinds):
            ns = ctx.namespace if t.kind.namespaced else None
            if t.name is not None:
                items.append((t.kind, ns, t.name, None))
                continue
            if selector is None and not ctx.flag("all"):
                raise CommandError("error: resource(s) were provided, but no name was specified")
            objs = list_objects(ctx, t.kind, namespace=None if ctx.all_namespaces else ns, selector=selector)
            items += [(t.kind, o["metadata"].get("namespace"), o["metadata"]["name"], o["metadata"]["uid"]) for o in objs]
    if not items:
        raise CommandError("error: no matching resources found")
    for kind, ns, name, _uid in items:
        if check is not None and mode != "create" and ctx.store.get(kind.kind, ns, name) is None:
            raise not_found(kind.resource, name)
    timeout = float(ctx.flag("timeout") if ctx.flag("timeout") is not None else 30)
    pending = list(items)
    failed = False

    def met(item) -> bool:
        kind, ns, name, uid = item
        obj = ctx.store.get(kind.kind, ns, name)
        if check is None:
            return obj is None or (uid is not None and obj["metadata"]["uid"] != uid)
        return obj is not None and check(obj)

    def progress() -> bool:
        for item in list(pending):
            if met(item):
                pending.remove(item)
                ctx.print(f"{item[0].ref}/{item[2]} condition met")
        return not pending

    if timeout <= 0:
        progress()
    else:
        yield from _wait_seconds(ctx, progress, timeout)
    for kind, _ns, name, _uid in pending:
        ctx.error(f"error: timed out waiting for the condition on {kind.plural}/{name}")
        failed = True
    return 1 if failed else 0


def _wait_seconds(ctx: Context, done, timeout: float):
    """Unlike the shared helper, a zero timeout here means "check once" (kubectl's meaning)."""
    return (yield from ctx.wait_until(done, timeout))
