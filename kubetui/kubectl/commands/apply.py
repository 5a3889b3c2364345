"""`kubectl apply -f`: create what is missing, patch what exists with a three-way merge.

The merge is kubectl's client-side apply: fields the manifest sets replace the live ones,
lists of named things (containers, env, ports, volumes, ...) merge item by item, and fields
that were in the last applied configuration but are gone from the manifest are removed.
Whatever other writers set (a `kubectl scale`, controllers' defaults) survives.
"""

from __future__ import annotations

import copy
import json

from kubetui.kubectl.commands._base import (
    LAST_APPLIED,
    CommandError,
    Context,
    Failure,
    Manifest,
    done_message,
    field_validation_mode,
    from_files,
    load_manifests,
    manifest_kind,
    manifest_namespace,
    mapped_manifests,
    print_failures,
    print_objects,
    read_manifests,
    unknown_fields_checked,
)
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.kubectl.printers.output import _compact_json
from kubetui.model import conversion
from kubetui.model.errors import ApiError
from kubetui.model.kinds import Kind
from kubetui.model.patch import three_way

SERVER_FIELDS = ("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
                 "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink")


def last_applied_of(obj: dict) -> str:
    """The annotation kubectl stores: the manifest as sent, minus the annotation itself."""
    clean = copy.deepcopy(obj)
    meta = clean.setdefault("metadata", {})
    annotations = meta.get("annotations") or {}
    annotations.pop(LAST_APPLIED, None)
    meta["annotations"] = annotations
    return _compact_json(clean) + "\n"


def with_last_applied(obj: dict) -> dict:
    value = last_applied_of(obj)
    out = copy.deepcopy(obj)
    out.setdefault("metadata", {}).setdefault("annotations", {})
    out["metadata"]["annotations"] = {**(out["metadata"]["annotations"] or {}), LAST_APPLIED: value}
    return out


def _comparable(obj: dict) -> dict:
    out = {k: v for k, v in obj.items() if k != "status"}
    out["metadata"] = {k: v for k, v in (obj.get("metadata") or {}).items() if k not in SERVER_FIELDS}
    return out


def apply_object(ctx: Context, kind: Kind, obj: dict, namespace: str | None, dry_run: str,
                 source: str = "STDIN", *, annotate: bool = True) -> tuple[str, dict]:
    """Create or patch one object; returns (verb, object) with verb created/configured/unchanged.

    `annotate=False` is `kubectl diff`'s patch: the file as it is, the last-applied annotation
    neither written nor warned about (the live one stays)."""
    from kubetui.model.validation import validate

    obj = copy.deepcopy(obj)
    meta = obj.setdefault("metadata", {}) or {}
    obj["metadata"] = meta
    if namespace is not None:
        meta["namespace"] = namespace
    name = meta.get("name") or ""
    live = ctx.store.get(kind.kind, namespace, name) if name else None
    applied = unknown_fields_checked(ctx, with_last_applied(obj) if annotate else
                                     _without_last_applied(obj) if live is not None else obj)
    written_in = ctx.store.written_in(kind.api_version if conversion.converts(kind.kind, kind.api_version) else "")
    if live is None:
        applied.pop("status", None)
        if dry_run == "client":
            return "created", applied
        with written_in:
            return "created", ctx.store.create(applied, dry_run=dry_run == "server")
    rv = meta.get("resourceVersion")
    if rv and rv != live["metadata"].get("resourceVersion"):
        raise ApiError("Conflict", f'Operation cannot be fulfilled on {kind.resource} "{name}": the object has been '
                                   "modified; please apply your changes to the latest version and try again", 409)
    annotations = live["metadata"].get("annotations") or {}
    last_text = annotations.get(LAST_APPLIED)
    if last_text is None and annotate:
        ctx.error(f"Warning: resource {kind.plural}/{name} is missing the {LAST_APPLIED} annotation which is "
                  "required by kubectl apply. kubectl apply should only be used on resources created "
                  "declaratively by either kubectl create --save-config or kubectl apply. The missing "
                  "annotation will be patched automatically.")
    try:
        last = json.loads(last_text) if last_text else {}
    except ValueError:
        last = {}
    new = {k: v for k, v in applied.items() if k != "status"}
    for field in SERVER_FIELDS:
        new.get("metadata", {}).pop(field, None)
    served = conversion.converts(kind.kind, str(obj.get("apiVersion") or ""))
    shown = conversion.to_served(live, obj["apiVersion"]) if served else live
    merged = three_way({k: v for k, v in shown.items() if k != "status"}, last, new)
    if served:
        merged = conversion.to_stored(merged, obj["apiVersion"])
    if "status" in live:
        merged["status"] = copy.deepcopy(live["status"])
    candidate = validate(merged, source, kinds=ctx.store.kinds)
    if _comparable(candidate) == _comparable(live):
        return "unchanged", live
    if dry_run != "none":
        return "configured", candidate
    with written_in:
        return "configured", ctx.store.update(merged)


def _without_last_applied(obj: dict) -> dict:
    """The file's object with no last-applied annotation (and an empty map when it has none)."""
    meta = obj["metadata"]
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k != LAST_APPLIED}
    return {**obj, "metadata": {**meta, "annotations": annotations}}


def apply(ctx: Context) -> int:
    if not from_files(ctx):
        raise CommandError("error: must specify one of -f and -k")
    field_validation_mode(ctx)
    dry_run, warning = dry_run_strategy(ctx.parsed)
    if warning:
        ctx.error(f"W0101 00:00:00.000000       1 helpers.go:703] {warning}")
    fmt = str(ctx.flag("output") or "")
    if ctx.flag("kustomize"):
        return apply_manifests(ctx, load_manifests(ctx), dry_run, fmt)
    manifests, errors = read_manifests(ctx, validate=field_validation_mode(ctx) != "Ignore")
    if not manifests and not errors:
        raise CommandError("error: no objects passed to apply")
    return apply_manifests(ctx, manifests, dry_run, fmt, [(line, "", "") for line in errors])


def apply_manifests(ctx: Context, manifests: list[Manifest], dry_run: str, fmt: str,
                    failures: list[Failure] | None = None) -> int:
    """Apply each object; the failures (the files' unreadable documents first, as kubectl's
    builder collects them) are printed together at the end, as kubectl prints them."""
    failures = list(failures or [])
    mapped = mapped_manifests(ctx, manifests, "creating", failures)
    printed: list[dict] = []
    for m, kind in mapped:
        try:
            namespace = manifest_namespace(ctx, kind, m.obj)
            verb, obj = apply_object(ctx, kind, m.obj, namespace, dry_run, m.source)
        except ApiError as exc:
            failures.append((exc, m.source, "patching" if _exists(ctx, m) else "creating"))
            continue
        if fmt and fmt != "wide":
            printed.append(conversion.to_served(obj, str(m.obj.get("apiVersion") or "")))
        else:
            ctx.print(done_message(obj, verb, dry_run))
    if printed:
        ctx.write(print_objects(ctx, printed, fmt, single=len(printed) == 1))
    print_failures(ctx, failures)
    return 1 if failures else 0


def _exists(ctx: Context, m: Manifest) -> bool:
    try:
        kind = manifest_kind(m, ctx.store.kinds)
    except ApiError:
        return False
    meta = m.obj.get("metadata") or {}
    ns = (meta.get("namespace") or ctx.namespace) if kind.namespaced else None
    return bool(meta.get("name")) and ctx.store.get(kind.kind, ns, meta["name"]) is not None
