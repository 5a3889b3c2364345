"""`kubectl label` and `kubectl annotate`: `key=value`, `key-`, `--overwrite`, `--list`."""

from __future__ import annotations

from kubetui.kubectl.commands._base import (
    RESOURCES_REQUIRED,
    CommandError,
    Context,
    file_objects,
    list_objects,
    selector_from,
    targets_from_args,
    writable,
)
from kubetui.kubectl.commands.get import field_filter
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.kubectl.printers.output import name_of
from kubetui.model.errors import ApiError, not_found
from kubetui.model.kinds import Kind


def _split(ctx: Context, what: str) -> tuple[list[str], dict[str, str], list[str]]:
    """Resource words, then `key=value` to set and `key-` to remove (kubectl's order rules)."""
    resources, add, remove = [], {}, []
    for i, word in enumerate(ctx.parsed.args):
        if "=" in word:
            key, _, value = word.partition("=")
            if not key:
                raise CommandError(f"error: invalid {what} spec: {word}")
            add[key] = value
        elif word.endswith("-") and i > 0 and (add or remove or resources):
            remove.append(word[:-1])
        else:
            if add or remove:
                raise CommandError(f"error: all resources must be specified before {what} changes: {word}")
            resources.append(word)
    for key in remove:
        if key in add:
            raise CommandError(f"error: can not both modify and remove {what}s in the same command")
    return resources, add, remove


def _objects(ctx: Context, resources: list[str]) -> list[tuple[Kind, dict]]:
    out: list[tuple[Kind, dict]] = []
    if ctx.flag("filename"):
        for kind, _ns, name, live in file_objects(ctx):
            if live is None:
                raise not_found(kind.resource, name)
            out.append((kind, live))
        return out
    if not resources:
        raise CommandError(RESOURCES_REQUIRED)
    selector = selector_from(ctx, ctx.flag("selector"))
    for t in targets_from_args(ctx.parsed, resources, kinds=ctx.store.kinds):
        ns = ctx.namespace if t.kind.namespaced else None
        if t.name is None:
            if selector is None and not ctx.flag("all") and not ctx.flag("field-selector"):
                raise CommandError("error: resource(s) were provided, but no name was specified")
            objs = list_objects(ctx, t.kind, namespace=None if ctx.all_namespaces else ns, selector=selector)
            keep = field_filter(t.kind, ctx.flag("field-selector"), ctx.flag("selector"))
            out += [(t.kind, o) for o in objs if keep is None or keep(o)]
            continue
        live = ctx.store.get(t.kind.kind, ns, t.name)
        if live is None:
            raise not_found(t.kind.resource, t.name)
        out.append((t.kind, live))
    return out


def _change(ctx: Context, field: str, what: str, verb: str) -> int:
    resources, add, remove = _split(ctx, what)
    listing = bool(ctx.flag("list"))
    if not resources and not ctx.flag("filename"):
        raise CommandError(RESOURCES_REQUIRED)
    if not add and not remove and not listing:
        raise CommandError(f"error: at least one {what} update is required")
    dry_run, _ = dry_run_strategy(ctx.parsed)
    failed = False
    for kind, live in _objects(ctx, resources):
        current = dict(live["metadata"].get(field) or {})
        if listing and not add and not remove:
            for key in sorted(current):
                ctx.print(f"{key}={current[key]}")
            continue
        if ctx.flag("resource-version") and ctx.flag("resource-version") != live["metadata"].get("resourceVersion"):
            ctx.error(f'Error from server (Conflict): Operation cannot be fulfilled on {kind.resource} '
                      f'"{live["metadata"]["name"]}": the object has been modified; please apply your changes to the '
                      "latest version and try again")
            failed = True
            continue
        if not ctx.flag("overwrite"):
            for key, value in add.items():
                if key in current and current[key] != value:
                    raise CommandError(f"error: '{key}' already has a value ({current[key]}), and --overwrite is false")
        new = dict(current)
        for key in remove:
            if key not in new and verb == "labeled":
                ctx.print(f'label "{key}" not found.')  # on stdout; `annotate` says nothing
            new.pop(key, None)
        new.update(add)
        obj = writable(live)
        if new:
            obj["metadata"][field] = new
        else:
            obj["metadata"].pop(field, None)
        if verb == "labeled":
            message = "not labeled"
            if new != current:
                message = "unlabeled" if not ctx.flag("overwrite") and len(new) < len(current) else "labeled"
        else:
            message = "annotated"
        if dry_run == "none" and new != current:
            try:
                obj = ctx.store.update(obj)
            except ApiError as exc:
                ctx.error(str(exc))
                failed = True
                continue
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
        fmt = ctx.flag("output") or ""
        if fmt == "name":
            ctx.print(name_of(obj))
        elif fmt:
            from kubetui.kubectl.commands._base import print_objects

            ctx.write(print_objects(ctx, [obj], fmt, single=True))
        else:
            ctx.print(f"{name_of(obj)} {message}{suffix}")
    return 1 if failed else 0


def label(ctx: Context) -> int:
    return _change(ctx, "labels", "label", "labeled")


def annotate(ctx: Context) -> int:
    return _change(ctx, "annotations", "annotation", "annotated")
