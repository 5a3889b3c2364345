"""`kubectl patch` (strategic, merge and JSON patches) and `kubectl edit`.

`kubectl edit` needs an editor: on the command line there is none, so it fails as kubectl does
without one. The UI shows `edit_buffer()` in its own editor and sends what the player saved
through the door as `kubectl edit KIND/NAME` with the editor's result as its stdin — recorded and
replayed like any command (a script may do the same with a here-document).
"""

from __future__ import annotations

import copy
import json

from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    help_error,
    kind_for,
    load_manifests,
    manifest_kind,
    manifest_namespace,
    print_objects,
    targets_from_args,
    writable,
)
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.kubectl.printers.output import name_of, to_yaml
from kubetui.model.errors import ApiError, not_found
from kubetui.model.patch import JsonPatchError, json_patch, merge_patch, strategic_merge
from kubetui.model.safe_yaml import InputError, load_yaml

EDITOR_MISSING = 'error: unable to launch the editor "vi"'


def strategic_patch(live: dict, patch: dict) -> dict:
    return strategic_merge(live, patch)


# -- kubectl patch ------------------------------------------------------------------------------

def patch(ctx: Context) -> int:
    text = ctx.flag("patch") or ""
    if ctx.flag("patch-file"):
        from kubetui.kubectl.commands._base import read_sources

        text = read_sources(ctx, [ctx.flag("patch-file")])[0][1]
    if not text:
        raise help_error(ctx.parsed, "Must specify -p to patch")
    kind_of_patch = ctx.flag("type") or "strategic"
    if kind_of_patch not in ("json", "merge", "strategic"):
        raise help_error(ctx.parsed, f"--type must be one of [json merge strategic], not \"{kind_of_patch}\"")
    try:
        body = load_yaml(text, "patch")
    except InputError as exc:
        raise CommandError(f'error: unable to parse "{text}": yaml: {exc.message}') from None
    dry_run, _ = dry_run_strategy(ctx.parsed)
    if ctx.flag("filename"):
        items = []
        for m in load_manifests(ctx):
            kind = manifest_kind(m, ctx.store.kinds)
            ns = manifest_namespace(ctx, kind, m.obj)
            items.append((kind, ns, (m.obj.get("metadata") or {}).get("name", "")))
    else:
        if not ctx.parsed.args:
            raise help_error(ctx.parsed, "must specify a resource to patch")
        items = []
        for t in targets_from_args(ctx.parsed, require_name=True, kinds=ctx.store.kinds):
            items.append((t.kind, ctx.namespace if t.kind.namespaced else None, t.name))
    for kind, ns, name in items:
        live = ctx.store.get(kind.kind, ns, name)
        if live is None:
            raise not_found(kind.resource, name)
        try:
            if kind_of_patch == "json":
                result = json_patch(live, body)
            elif not isinstance(body, dict):
                raise CommandError(f"error: unable to parse \"{text}\": json: cannot unmarshal into Go value of "
                                   "type map[string]interface {}")
            elif kind_of_patch == "merge":
                result = merge_patch(live, body)
            else:
                result = strategic_patch(live, body)
        except JsonPatchError as exc:
            raise ApiError("UnprocessableEntity", f"the server rejected our request due to an error in our "
                                                  f"request: {exc}", 422) from None
        if not isinstance(result, dict):
            raise CommandError("error: the patch did not produce an object")
        result["status"] = copy.deepcopy(live.get("status")) if "status" in live else result.get("status")
        if result.get("status") is None:
            result.pop("status", None)
        for field in ("apiVersion", "kind"):
            result[field] = live[field]
        result["metadata"] = {**result.get("metadata", {}), "name": live["metadata"]["name"]}
        if kind.namespaced:
            result["metadata"]["namespace"] = live["metadata"]["namespace"]
        from kubetui.engine.admission import drop_type_dependent_fields
        from kubetui.model.validation import validate

        if kind.kind == "Service":
            result = drop_type_dependent_fields("UPDATE", result, live)
        candidate = validate(copy.deepcopy(result), kinds=ctx.store.kinds)
        changed = _strip(candidate) != _strip(live)
        if changed and dry_run == "none":
            result = ctx.store.update(result)
        fmt = ctx.flag("output") or ""
        if fmt:
            ctx.write(print_objects(ctx, [result], fmt, single=True))
            continue
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
        ctx.print(f"{name_of(live)} patched{'' if changed else ' (no change)'}{suffix}")
    return 0


def _strip(obj: dict) -> dict:
    out = {k: v for k, v in obj.items() if k != "status"}
    out["metadata"] = {k: v for k, v in obj["metadata"].items() if k not in ("resourceVersion", "generation")}
    return out


# -- kubectl edit -------------------------------------------------------------------------------

EDIT_HEADER = """\
# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
"""


def edit(ctx: Context) -> int:
    """On the command line there is no editor: find the object, then fail as kubectl does.
    With the editor's result as stdin, save it as kubectl does when the editor closes."""
    if ctx.stdin is not None and not ctx.flag("filename"):
        targets = targets_from_args(ctx.parsed, require_name=True, kinds=ctx.store.kinds)
        if len(targets) == 1:
            t = targets[0]
            return save_edited(ctx, t.kind.kind, ctx.namespace if t.kind.namespaced else None, t.name, ctx.stdin)
    if ctx.flag("filename"):
        for m in load_manifests(ctx):
            kind = manifest_kind(m, ctx.store.kinds)
            ns = manifest_namespace(ctx, kind, m.obj)
            name = (m.obj.get("metadata") or {}).get("name", "")
            if ctx.store.get(kind.kind, ns, name) is None:
                raise not_found(kind.resource, name)
    else:
        if not ctx.parsed.args:
            raise CommandError("error: You must provide one or more resources by argument or filename.\n"
                               "Example resource specifications include:\n   '-f rsrc.yaml'\n   "
                               "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
        for t in targets_from_args(ctx.parsed, require_name=True, kinds=ctx.store.kinds):
            ns = ctx.namespace if t.kind.namespaced else None
            if ctx.store.get(t.kind.kind, ns, t.name) is None:
                raise not_found(t.kind.resource, t.name)
        targets = targets_from_args(ctx.parsed, require_name=True)
        if len(targets) == 1 and (ctx.env.get("KUBE_EDITOR") or ctx.env.get("EDITOR")):
            return _edit_with_editor(ctx, targets[0].kind.kind, targets[0].name)
    raise CommandError(EDITOR_MISSING)


def _edit_with_editor(ctx: Context, kind: str, name: str) -> int:
    """`KUBE_EDITOR="sed -i …" kubectl edit KIND/NAME`: the editor runs on the buffer, kubectl saves."""
    from kubetui.kubectl.editor import EditorError, editor_command, run_editor

    k = kind_for(kind)
    ns = ctx.namespace if k.namespaced else None
    buffer = edit_buffer(ctx.sim, k.kind, ns, name)
    try:
        edited = run_editor(editor_command(ctx.env), buffer)
    except EditorError as exc:
        raise CommandError(f"error: {exc}") from None
    return save_edited(ctx, k.kind, ns, name, edited)


def edit_buffer(sim, kind: str, namespace: str | None, name: str) -> str:
    """The text `kubectl edit` opens: a comment header, then the object as YAML."""
    k = kind_for(kind, sim.store.kinds)
    obj = sim.store.get(k.kind, namespace if k.namespaced else None, name)
    if obj is None:
        raise not_found(k.resource, name)
    return EDIT_HEADER + to_yaml(obj)


def save_edited(ctx: Context, kind: str, namespace: str | None, name: str, text: str) -> int:
    """Save an edited object as `kubectl edit` does when the editor closes."""
    from kubetui.model.validation import validate

    k = kind_for(kind, ctx.store.kinds)
    ns = namespace if k.namespaced else None
    live = ctx.store.get(k.kind, ns, name)
    if live is None:
        raise not_found(k.resource, name)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    if not body.strip():
        ctx.error("Edit cancelled, no changes made.")
        return 0
    try:
        edited = load_yaml(body, "edit")
    except InputError as exc:
        raise CommandError(f"error: {exc.message}") from None
    if not isinstance(edited, dict):
        raise CommandError("error: the edited file is not an object")
    if edited == json.loads(json.dumps(live)):
        ctx.error("Edit cancelled, no changes made.")
        return 0
    meta = edited.get("metadata") or {}
    if edited.get("kind") != live["kind"] or meta.get("name") != name or (k.namespaced and meta.get("namespace", ns) != ns):
        raise CommandError("error: At least one of apiVersion, kind and name was changed")
    obj = writable(edited)
    obj["metadata"]["namespace"] = live["metadata"].get("namespace")
    if not k.namespaced:
        obj["metadata"].pop("namespace", None)
    if "status" in live:
        obj["status"] = copy.deepcopy(live["status"])
    try:
        validate(copy.deepcopy(obj), kinds=ctx.store.kinds)
        ctx.store.update(obj)
    except ApiError as exc:
        raise CommandError(f"error: {k.resource} \"{name}\" could not be patched: {exc}\n"
                           "You can run `kubectl replace -f <file>` to try this update again.") from None
    ctx.print(f"{name_of(live)} edited")
    return 0
