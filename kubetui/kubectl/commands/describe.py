"""`kubectl describe`: the printers' descriptions, with kubectl's name-prefix fallback."""

from __future__ import annotations

from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    file_objects,
    from_files,
    list_objects,
    no_resources,
    selector_from,
    targets_from_args,
    warn_deprecated,
)
from kubetui.kubectl.printers import describe as printers_describe
from kubetui.kubectl.printers.describe import describe_generic
from kubetui.kubectl.printers.output import PrinterError
from kubetui.model.errors import not_found
from kubetui.model.kinds import CustomKind, Kind

SEPARATOR = "\n\n"


def describe(ctx: Context) -> int:
    selector = selector_from(ctx, ctx.flag("selector"))
    found: list[tuple[Kind, dict]] = []
    errors: list[str] = []
    listed = False
    if from_files(ctx):
        for kind, _ns, name, obj in file_objects(ctx):
            if obj is None:
                errors.append(str(not_found(kind.resource, name)))
            else:
                found.append((kind, obj))
    else:
        if not ctx.parsed.args:
            raise CommandError("error: You must specify the type of resource to describe. Use \"kubectl "
                               "api-resources\" for a complete list of supported resources.")
        namespace = None if ctx.all_namespaces else ctx.namespace
        targets = targets_from_args(ctx.parsed, kinds=ctx.store.kinds)
        warn_deprecated(ctx, (t.kind for t in targets))
        for t in targets:
            if t.name is None:
                listed = True
                found += [(t.kind, o) for o in list_objects(ctx, t.kind, namespace=namespace, selector=selector)]
                continue
            ns = ctx.namespace if t.kind.namespaced else None
            obj = ctx.store.get(t.kind.kind, ns, t.name)
            if obj is not None:
                found.append((t.kind, obj))
                continue
            prefixed = [o for o in list_objects(ctx, t.kind, namespace=ns) if o["metadata"]["name"].startswith(t.name)]
            if prefixed:
                found += [(t.kind, o) for o in prefixed]
            else:
                errors.append(str(not_found(t.kind.resource, t.name)))
    texts = []
    for kind, obj in found:
        try:
            if isinstance(kind, CustomKind):
                texts.append(describe_generic(obj, ctx.sim, ctx.sim.tick))
            else:
                texts.append(printers_describe(kind.kind, obj, ctx.sim, now_tick=ctx.sim.tick))
        except PrinterError as exc:
            errors.append(str(exc))
    if texts:
        ctx.write(SEPARATOR.join(texts))
    if listed and not found and not errors:
        ctx.error(no_resources(ctx))
    for line in errors:
        ctx.error(line)
    return 1 if errors else 0
