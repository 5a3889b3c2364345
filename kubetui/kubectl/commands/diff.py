"""`kubectl diff -f`: what `apply` would change, as a unified diff of live against merged.

kubectl writes each live object and the server's dry-run of the apply into two temporary
folders and runs `diff -u -N` on them; it exits 1 when anything differs, 0 when nothing does,
and above 1 on an error. kubetui prints the same diff with fixed folder names (the real ones are
random) and the simulated clock's time on the file lines.
"""

from __future__ import annotations

import copy
import difflib

from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    error_in_file,
    field_validation_mode,
    load_manifests,
    manifest_kind,
    manifest_namespace,
)
from kubetui.kubectl.commands.apply import apply_object
from kubetui.kubectl.printers import output
from kubetui.model import conversion
from kubetui.model.errors import ApiError
from kubetui.model.kinds import Kind

LIVE, MERGED = "/tmp/LIVE-0000000001", "/tmp/MERGED-0000000002"
EPOCH = "1970-01-01 00:00:00.000000000 +0000"
_HIDDEN = ("managedFields",)


def _file_name(kind: Kind, namespace: str | None, name: str) -> str:
    version = kind.api_version.rpartition("/")[2]
    group = f"{kind.group}." if kind.group else ""
    return f"{group}{version}.{kind.kind}.{namespace or ''}.{name}"


def _shown(obj: dict | None) -> list[str]:
    """The object as the diff shows it: YAML without managed fields, Secret data masked."""
    if obj is None:
        return []
    obj = copy.deepcopy(obj)
    for key in _HIDDEN:
        obj.get("metadata", {}).pop(key, None)
    return output.to_yaml(obj).splitlines(keepends=True)


def _mask_secrets(live: dict | None, merged: dict | None) -> None:
    """kubectl hides Secret values: `***` where live and merged agree, `*** (before)` /
    `*** (after)` where they differ."""
    if not (merged or live) or (merged or live).get("kind") != "Secret":
        return
    before = dict((live or {}).get("data") or {})
    after = dict((merged or {}).get("data") or {})
    for key in set(before) | set(after):
        same = before.get(key) == after.get(key)
        if live is not None and key in before:
            live["data"][key] = "***" if same else "*** (before)"
        if merged is not None and key in after:
            merged["data"][key] = "***" if same else "*** (after)"


def diff(ctx: Context) -> int:
    """kubectl diff exits 1 for a difference, so its own errors exit 2."""
    try:
        return _diff(ctx)
    except CommandError as exc:
        raise CommandError(exc.message, exit_code=2) from None


def _diff(ctx: Context) -> int:
    if ctx.flag("kustomize"):
        raise CommandError('error: "kubectl diff -k" is not available in kubetui')
    if not ctx.flag("filename"):
        raise CommandError("error: must specify one of -f and -k")
    field_validation_mode(ctx)
    stamp = ctx.now().replace("T", " ").replace("Z", ".000000000 +0000")
    changed = False
    for m in load_manifests(ctx):
        try:
            kind = manifest_kind(m, ctx.store.kinds)
            ns = manifest_namespace(ctx, kind, m.obj)
            name = (m.obj.get("metadata") or {}).get("name", "")
            live = ctx.store.get(kind.kind, ns, name)
            _, merged = apply_object(ctx, kind, m.obj, ns, "server", m.source, annotate=False)
        except ApiError as exc:
            ctx.error(error_in_file(exc, m.source, "patching" if live is not None else "creating"))
            return 2
        live, merged = copy.deepcopy(live), copy.deepcopy(merged)
        live = conversion.to_served(live, kind.api_version) if live is not None else None
        merged = conversion.to_served(merged, kind.api_version)
        if live is not None and merged.get("spec") != live.get("spec") and "generation" in live["metadata"]:
            merged["metadata"]["generation"] = live["metadata"]["generation"] + 1
        _mask_secrets(live, merged)
        before, after = _shown(live), _shown(merged)
        if before == after:
            continue
        changed = True
        file = _file_name(kind, ns, name)
        left, right = f"{LIVE}/{file}", f"{MERGED}/{file}"
        ctx.write(f"diff -u -N {left} {right}\n")
        ctx.write("".join(difflib.unified_diff(before, after, left, right, EPOCH if live is None else stamp,
                                               stamp, lineterm="\n")))
    return 1 if changed else 0
