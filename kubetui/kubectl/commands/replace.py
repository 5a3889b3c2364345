"""`kubectl replace -f`: PUT each object whole; `--force` deletes and re-creates it.

`--force` is how a learner changes a Pod's immutable fields (its image aside): kubectl deletes
the object, waits until it is gone, and creates it anew from the file, printing
`pod "x" deleted from default namespace` then `pod/x replaced`.
"""

from __future__ import annotations

import copy

from kubetui.engine.rest import NO_STATUS
from kubetui.engine.store import delete as api_delete
from kubetui.kubectl.commands._base import (
    CREATE_FORMATS,
    CommandError,
    Context,
    Manifest,
    check_output_format,
    done_message,
    error_in_file,
    field_validation_mode,
    load_manifests,
    manifest_kind,
    manifest_namespace,
    print_objects,
    unknown_fields_checked,
)
from kubetui.kubectl.commands.apply import with_last_applied
from kubetui.kubectl.commands.delete import deleted_message
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.model.errors import ApiError
from kubetui.model.kinds import Kind


def replace(ctx: Context):
    if ctx.flag("kustomize"):
        raise CommandError('error: "kubectl replace -k" is not available in kubetui')
    if ctx.flag("raw"):
        raise CommandError('error: "kubectl replace --raw" is not available in kubetui')
    if not ctx.flag("filename"):
        raise CommandError("error: must specify one of -f and -k")
    field_validation_mode(ctx)
    fmt = str(ctx.flag("output") or "")
    check_output_format(fmt, CREATE_FORMATS)
    dry_run, _ = dry_run_strategy(ctx.parsed)
    if ctx.flag("force") and dry_run != "none":
        raise CommandError("error: --dry-run can not be used when --force is set")
    manifests = load_manifests(ctx)
    if ctx.flag("force"):
        return (yield from _force(ctx, manifests, fmt))
    failed = False
    printed: list[dict] = []
    for m in manifests:
        try:
            kind, obj = _object(ctx, m)
            replaced = _put(ctx, kind, obj, dry_run)
        except ApiError as exc:
            failed = True
            ctx.error(error_in_file(exc, m.source, "replacing"))
            continue
        _report(ctx, replaced, fmt, dry_run, printed)
    if printed:
        ctx.write(print_objects(ctx, printed, fmt, single=len(printed) == 1))
    return 1 if failed else 0


def _object(ctx: Context, m: Manifest) -> tuple[Kind, dict]:
    kind = manifest_kind(m, ctx.store.kinds)
    ns = manifest_namespace(ctx, kind, m.obj)
    obj = copy.deepcopy(m.obj)
    obj["metadata"] = dict(obj.get("metadata") or {})
    if ns is not None:
        obj["metadata"]["namespace"] = ns
    if ctx.flag("save-config"):
        obj = with_last_applied(obj)
    return kind, unknown_fields_checked(ctx, obj)


def _put(ctx: Context, kind: Kind, obj: dict, dry_run: str) -> dict:
    """The API server's update: the object as sent, with the live status and identity kept."""
    from kubetui.model.validation import validate

    meta = obj["metadata"]
    live = ctx.store.get(kind.kind, meta.get("namespace"), meta.get("name", ""))
    if live is None:
        raise ApiError("NotFound", f'{kind.resource} "{meta.get("name", "")}" not found', 404)
    rv = meta.get("resourceVersion")
    if rv and rv != live["metadata"].get("resourceVersion"):
        raise ApiError("Conflict", f'Operation cannot be fulfilled on {kind.resource} "{meta["name"]}": the '
                                   "object has been modified; please apply your changes to the latest version "
                                   "and try again", 409)
    if kind.kind not in NO_STATUS:
        if "status" in live:
            obj["status"] = copy.deepcopy(live["status"])
        else:
            obj.pop("status", None)
    for key in ("uid", "creationTimestamp", "generation"):
        if key in live["metadata"]:
            meta[key] = live["metadata"][key]
    meta["resourceVersion"] = live["metadata"]["resourceVersion"]
    if dry_run == "client":
        return obj
    if dry_run == "server":
        return validate(copy.deepcopy(obj), kinds=ctx.store.kinds)
    return ctx.store.update(obj)


def _report(ctx: Context, obj: dict, fmt: str, dry_run: str, printed: list[dict]) -> None:
    if fmt:
        printed.append(obj)
    else:
        ctx.print(done_message(obj, "replaced", dry_run))


def _force(ctx: Context, manifests: list[Manifest], fmt: str):
    """Delete every object the files name, wait until each is gone, then create them anew."""
    raw_grace = int(ctx.flag("grace-period", -1))
    grace = None if raw_grace < 0 else raw_grace
    failed = False
    objects: list[tuple[Manifest, Kind, dict]] = []
    waiting: list[tuple[Kind, str | None, str, str]] = []
    for m in manifests:
        try:
            kind, obj = _object(ctx, m)
        except ApiError as exc:
            failed = True
            ctx.error(error_in_file(exc, m.source, "replacing"))
            continue
        meta = obj["metadata"]
        ns, name = meta.get("namespace"), meta.get("name", "")
        live = ctx.store.get(kind.kind, ns, name)
        if live is not None:
            api_delete(ctx.store, kind.kind, ns, name, grace=grace)
            ctx.print(deleted_message(kind.ref, name, ns, grace))
            waiting.append((kind, ns, name, live["metadata"]["uid"]))
        objects.append((m, kind, obj))

    def all_gone() -> bool:
        for kind, ns, name, uid in waiting:
            o = ctx.store.get(kind.kind, ns, name)
            if o is not None and o["metadata"].get("uid") == uid:
                return False
        return True

    timeout = float(ctx.flag("timeout") or 0)
    if not (yield from ctx.wait_until(all_gone, timeout)):
        ctx.error("error: timed out waiting for the condition")
        return 1
    printed: list[dict] = []
    for m, _kind, obj in objects:
        for key in ("resourceVersion", "uid", "creationTimestamp", "generation"):
            obj["metadata"].pop(key, None)
        obj.pop("status", None)
        try:
            created = ctx.store.create(obj)
        except ApiError as exc:
            failed = True
            ctx.error(error_in_file(exc, m.source, "creating"))
            continue
        _report(ctx, created, fmt, "none", printed)
    if printed:
        ctx.write(print_objects(ctx, printed, fmt, single=len(printed) == 1))
    return 1 if failed else 0
