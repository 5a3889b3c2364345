"""`kubectl scale`: set `spec.replicas` of whatever has a scale subresource."""

from __future__ import annotations

import json

from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    error_in_file,
    report_result,
    targets_with_files,
    writable,
)
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.model.errors import ApiError, not_found
from kubetui.model.kinds import CustomKind
from kubetui.model.labels import from_label_selector, from_map

SCALABLE = ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet")
INT32_MAX = (1 << 31) - 1


def _patch_invalid(kind, live: dict, replicas: int) -> str:
    """kubectl scale sends `{"spec":{"replicas":N}}` as a merge patch to the scale subresource;
    the API server cannot decode the patched Scale (replicas is an int32) and answers 422 with
    the whole patched object, keys sorted as Go's merge patch leaves them."""
    meta = live["metadata"]
    selector = live["spec"].get("selector")
    if kind.kind != "ReplicationController":
        selector = from_label_selector(selector)
    else:
        selector = from_map(selector)
    scale = {
        "apiVersion": "autoscaling/v1", "kind": "Scale",
        "metadata": {k: meta[k] for k in ("creationTimestamp", "name", "namespace", "resourceVersion", "uid")
                     if k in meta},
        "spec": {"replicas": replicas},
        "status": {"replicas": (live.get("status") or {}).get("replicas", 0), "selector": str(selector)},
    }
    patched = json.dumps(scale, sort_keys=True, separators=(",", ":"))
    return (f"The request is invalid: patch: Invalid value: {json.dumps(patched)}: json: cannot unmarshal number "
            f"{replicas} into Go struct field ScaleSpec.spec.replicas of type int32")


def _replicas_path(kind) -> list[str] | None:
    """Where the scale subresource keeps the replica count: `spec.replicas`, or for a custom
    kind the CRD's `specReplicasPath`; None for a kind with no scale subresource."""
    if kind.kind in SCALABLE:
        return ["spec", "replicas"]
    if isinstance(kind, CustomKind) and "scale" in kind.subresources:
        return [p for p in (kind.subresources["scale"].get("specReplicasPath") or "").split(".") if p]
    return None


def _dig(obj: dict, path: list[str], default):
    node = obj
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def scale(ctx: Context) -> int:
    if not ctx.given("replicas"):
        raise CommandError('error: required flag(s) "replicas" not set')
    replicas = int(ctx.flag("replicas"))
    if replicas < 0:
        raise CommandError("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    if not ctx.parsed.args and not ctx.flag("filename"):
        raise CommandError("error: You must provide one or more resources by argument or filename.\n"
                           "Example resource specifications include:\n   '-f rsrc.yaml'\n   "
                           "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
    dry_run, _ = dry_run_strategy(ctx.parsed)
    current = int(ctx.flag("current-replicas", -1))
    version = ctx.flag("resource-version") or ""
    items = targets_with_files(ctx)
    if not items and (ctx.flag("all") or ctx.flag("selector")):
        ctx.error("No resources found")
        return 0
    failed = False
    for kind, live, _ns, name in items:
        if live is None:
            ctx.error(str(not_found(kind.resource, name)))
            failed = True
            continue
        path = _replicas_path(kind)
        if path is None:
            ctx.error("Error from server (NotFound): the server could not find the requested resource")
            failed = True
            continue
        have = _dig(live, path, 1)
        if current >= 0 and current != have:
            ctx.error(f"error: Expected replicas to be {current}, was {have}")
            failed = True
            continue
        if version and version != live["metadata"].get("resourceVersion"):
            ctx.error(f"error: Expected resource version to be {version}, was "
                      f"{live['metadata'].get('resourceVersion')}")
            failed = True
            continue
        if replicas > INT32_MAX:
            ctx.error(_patch_invalid(kind, live, replicas))
            failed = True
            continue
        obj = writable(live)
        node = obj
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = replicas
        if dry_run == "none":
            try:
                obj = ctx.store.update(obj)
            except ApiError as exc:
                ctx.error(error_in_file(exc, name, "scaling") if ctx.flag("filename") else str(exc))
                failed = True
                continue
        report_result(ctx, obj, "scaled", dry_run)
    return 1 if failed else 0
