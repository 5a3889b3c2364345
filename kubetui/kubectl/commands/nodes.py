"""`kubectl cordon`, `uncordon`, `drain` and `taint`: taking nodes in and out of service."""

from __future__ import annotations

from kubetui.engine.store import controller_of, delete as api_delete
from kubetui.kubectl.commands._base import CommandError, Context, help_error, selector_from, writable
from kubetui.kubectl.commands.delete import grace_period
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.model.errors import ApiError, not_found
from kubetui.model.kinds import KINDS

EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
MIRROR = "kubernetes.io/config.mirror"


def _nodes(ctx: Context, *, allow_all: bool = False) -> list[dict]:
    """The nodes named by args (`node-1`, `node/node-1`) or `-l`/`--all`."""
    selector = selector_from(ctx, ctx.flag("selector"))
    node_kind = KINDS["Node"]
    args = list(ctx.parsed.args)
    if selector is not None or (allow_all and ctx.flag("all")):
        return ctx.store.list("Node", None, selector)
    if not args:
        raise help_error(ctx.parsed, "USAGE: " + ctx.parsed.command[0] + " NODE [flags]")
    out = []
    for a in args:
        name = a.partition("/")[2] if "/" in a else a
        obj = ctx.store.get("Node", None, name)
        if obj is None:
            raise not_found(node_kind.resource, name)
        out.append(obj)
    return out


def _set_unschedulable(ctx: Context, node: dict, value: bool, dry_run: str) -> None:
    name = node["metadata"]["name"]
    verb = "cordoned" if value else "uncordoned"
    if bool(node["spec"].get("unschedulable")) == value:
        ctx.print(f"node/{name} already {verb}")
        return
    if dry_run == "none":
        obj = writable(node)
        if value:
            obj["spec"]["unschedulable"] = True
        else:
            obj["spec"].pop("unschedulable", None)
        ctx.store.update(obj)
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    ctx.print(f"node/{name} {verb}{suffix}")


def cordon(ctx: Context) -> int:
    dry_run, _ = dry_run_strategy(ctx.parsed)
    for node in _nodes(ctx):
        _set_unschedulable(ctx, node, True, dry_run)
    return 0


def uncordon(ctx: Context) -> int:
    dry_run, _ = dry_run_strategy(ctx.parsed)
    for node in _nodes(ctx):
        _set_unschedulable(ctx, node, False, dry_run)
    return 0


# -- drain --------------------------------------------------------------------------------------

def _pod_ref(pod: dict) -> str:
    return f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"


def drain_plan(ctx: Context, node: str) -> tuple[list[dict], list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """(pods to evict, fatal reasons with their pods, warnings with their pods), in kubectl's filter order."""
    force = bool(ctx.flag("force"))
    ignore_ds = bool(ctx.flag("ignore-daemonsets"))
    emptydir = bool(ctx.flag("delete-emptydir-data"))
    selector = selector_from(ctx, ctx.flag("pod-selector"))
    evict: list[dict] = []
    fatal: dict[str, list[str]] = {}
    warn: dict[str, list[str]] = {}
    pods = sorted(ctx.store.pods_on(node), key=lambda p: (p["metadata"]["namespace"], p["metadata"]["name"]))
    for pod in pods:
        meta = pod["metadata"]
        if selector is not None and not selector.matches(meta.get("labels")):
            continue
        finished = (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")
        ref = controller_of(pod)
        if MIRROR in (meta.get("annotations") or {}) or (ref is not None and ref.get("kind") == "Node"):
            continue
        if ref is not None and ref.get("kind") == "DaemonSet" and not finished:
            if ignore_ds:
                warn.setdefault("ignoring DaemonSet-managed Pods", []).append(_pod_ref(pod))
            else:
                fatal.setdefault("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
                                 []).append(_pod_ref(pod))
            continue
        if meta.get("deletionTimestamp"):
            continue
        if ref is None and not finished:
            if force:
                warn.setdefault("deleting Pods that declare no controller", []).append(_pod_ref(pod))
            else:
                fatal.setdefault("cannot delete cannot delete Pods that declare no controller (use --force to "
                                 "override)", []).append(_pod_ref(pod))
                continue
        if any("emptyDir" in v for v in pod["spec"].get("volumes") or ()) and not finished:
            if emptydir:
                warn.setdefault("deleting Pods with local storage", []).append(_pod_ref(pod))
            else:
                fatal.setdefault("cannot delete Pods with local storage (use --delete-emptydir-data to override)",
                                 []).append(_pod_ref(pod))
                continue
        evict.append(pod)
    return evict, list(fatal.items()), list(warn.items())


def drain(ctx: Context):
    dry_run, _ = dry_run_strategy(ctx.parsed)
    grace = grace_period(ctx) if int(ctx.flag("grace-period", -1)) >= 0 else None
    failed = False
    for node in _nodes(ctx):
        name = node["metadata"]["name"]
        _set_unschedulable(ctx, node, True, dry_run)
        evict, fatal, warn = drain_plan(ctx, name)
        if fatal:
            lines = [f"{reason}: {', '.join(pods)}" for reason, pods in fatal]
            joined = lines[0] if len(lines) == 1 else "[" + ", ".join(lines) + "]"
            ctx.error(f'error: unable to drain node "{name}" due to error: {joined}, continuing command...')
            ctx.error(f"There are pending nodes to be drained:\n {name}")
            for line in lines:
                ctx.error(line)
            failed = True
            continue
        if warn:
            ctx.error("Warning: " + "; ".join(f"{reason}: {', '.join(pods)}" for reason, pods in warn))
        suffix = " (dry run)" if dry_run != "none" else ""
        if dry_run != "none":
            for pod in evict:
                ctx.print(f"evicting pod {_pod_ref(pod)}{suffix}")
            ctx.print(f"node/{name} drained{suffix}")
            continue
        pending = []
        for pod in evict:
            ctx.print(f"evicting pod {_pod_ref(pod)}")
            meta = pod["metadata"]
            try:
                api_delete(ctx.store, "Pod", meta["namespace"], meta["name"], grace=grace)
            except ApiError as exc:
                ctx.error(f"error when evicting pods/\"{meta['name']}\" -n \"{meta['namespace']}\": {exc.message}")
                continue
            pending.append((meta["namespace"], meta["name"], meta["uid"]))

        def gone(item) -> bool:
            p = ctx.store.get("Pod", item[0], item[1])
            return p is None or p["metadata"]["uid"] != item[2]

        printed: set[tuple[str, str, str]] = set()

        def report() -> bool:
            for item in pending:
                if item not in printed and gone(item):
                    printed.add(item)
                    ctx.print(f"pod/{item[1]} evicted")
            return len(printed) == len(pending)

        timeout = float(ctx.flag("timeout") or 0)
        ok = yield from ctx.wait_until(report, timeout or None)
        if not ok and ctx.blocking:
            left = [f"{ns}/{n}" for ns, n, uid in pending if (ns, n, uid) not in printed]
            ctx.error(f'error: unable to drain node "{name}" due to error: [error when waiting for pod '
                      f'"{left[0].split("/")[1]}" in namespace "{left[0].split("/")[0]}" to terminate: global '
                      f"timeout reached: {int(timeout) if timeout else 0}s], continuing command...")
            ctx.error(f"There are pending nodes to be drained:\n {name}")
            failed = True
            continue
        if ok:
            ctx.print(f"node/{name} drained")
    return 1 if failed else 0


# -- taint --------------------------------------------------------------------------------------

def _parse_taints(ctx: Context, words: list[str]) -> tuple[list[dict], list[dict]]:
    add, remove = [], []
    for w in words:
        if w.endswith("-"):
            spec = w[:-1]
            key, _, effect = spec.partition(":")
            key = key.partition("=")[0]
            if effect and effect not in EFFECTS:
                raise CommandError(f"error: invalid taint effect: {effect}, unsupported taint effect")
            remove.append({"key": key, **({"effect": effect} if effect else {})})
            continue
        body, sep, effect = w.rpartition(":")
        if not sep:
            raise CommandError(f"error: invalid taint spec: {w}")
        if effect not in EFFECTS:
            raise CommandError(f"error: invalid taint effect: {effect}, unsupported taint effect")
        key, eq, value = body.partition("=")
        if not key:
            raise CommandError(f"error: invalid taint spec: {w}")
        taint = {"key": key, "effect": effect}
        if value:
            taint["value"] = value
        add.append(taint)
    return add, remove


def taint(ctx: Context) -> int:
    args = list(ctx.parsed.args)
    if not args:
        raise help_error(ctx.parsed, "at least one taint update is required")
    dry_run, _ = dry_run_strategy(ctx.parsed)
    specs_start = 1 if "/" in args[0] else 2
    if args[0].partition("/")[0] not in ("node", "nodes", "no") and not ctx.flag("all"):
        kind_word = args[0].partition("/")[0]
        raise CommandError(f'error: invalid resource type {kind_word}, only node types are supported')
    names = [args[0].partition("/")[2]] if "/" in args[0] else args[1:2]
    if ctx.flag("all") or ctx.flag("selector"):
        specs_start = 1
        nodes = _nodes(ctx, allow_all=True)
    else:
        nodes = []
        for n in names:
            obj = ctx.store.get("Node", None, n)
            if obj is None:
                raise not_found("nodes", n)
            nodes.append(obj)
    add, remove = _parse_taints(ctx, args[specs_start:])
    if not add and not remove:
        raise help_error(ctx.parsed, "at least one taint update is required")
    for node in nodes:
        name = node["metadata"]["name"]
        taints = [dict(t) for t in node["spec"].get("taints") or []]
        for r in remove:
            kept = [t for t in taints if not (t["key"] == r["key"] and ("effect" not in r or t["effect"] == r["effect"]))]
            if len(kept) == len(taints):
                shown = r["key"] + (":" + r["effect"] if "effect" in r else "")
                raise CommandError(f'error: taint "{shown}" not found')
            taints = kept
        for t in add:
            same = [x for x in taints if x["key"] == t["key"] and x["effect"] == t["effect"]]
            if same and not ctx.flag("overwrite"):
                raise CommandError(f"error: node {name} already has {t['key']} taint(s) with same effect(s) and "
                                   "--overwrite is false")
            taints = [x for x in taints if x not in same] + [t]
        obj = writable(node)
        if taints:
            obj["spec"]["taints"] = taints
        else:
            obj["spec"].pop("taints", None)
        if dry_run == "none":
            ctx.store.update(obj)
        verb = "modified" if add and remove else "tainted" if add else "untainted"
        ctx.print(f"node/{name} {verb}")
    return 0
