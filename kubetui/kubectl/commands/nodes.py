"""`kubectl cordon`, `uncordon`, `drain` and `taint`: taking nodes in and out of service."""

from __future__ import annotations

from kubetui.engine.eviction import evict
from kubetui.engine.store import controller_of
from kubetui.engine.store import delete as api_delete
from kubetui.kubectl.commands._base import UNBOUNDED_WAIT, CommandError, Context, help_error, selector_from, writable
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


EVICT_RETRY = 5
"""Seconds kubectl waits before retrying an eviction a disruption budget refused."""


def go_duration(seconds: float) -> str:
    """A time.Duration as Go prints it (`5s`, `1m0s`, `1h0m0s`)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"


class _Victim:
    """One pod drain is taking off a node, and how far it got."""

    def __init__(self, pod: dict):
        meta = pod["metadata"]
        self.namespace, self.name, self.uid = meta["namespace"], meta["name"], meta["uid"]
        self.waiting = False
        self.next_try = 0
        self.done = False


def _gone(ctx: Context, v: _Victim) -> bool:
    p = ctx.store.get("Pod", v.namespace, v.name)
    return p is None or p["metadata"]["uid"] != v.uid


def _evict_pods(ctx: Context, pods: list[dict], grace: int | None, limit: int, server_dry_run: bool = False):
    """kubectl's evictPods: every pod evicted (429s retried every 5 s) and waited for, until the
    global timeout. Returns the errors, or None when it cannot wait (inside a tick)."""
    suffix = " (server dry run)" if server_dry_run else ""
    start = ctx.sim.tick
    victims = [_Victim(p) for p in pods]
    errors: list[str] = []
    while True:
        now = ctx.sim.tick
        for v in victims:
            if v.done:
                continue
            if not v.waiting and now >= v.next_try:
                ctx.print(f"evicting pod {v.namespace}/{v.name}{suffix}")
                if now - start >= limit:
                    errors.append(f'error when evicting pods/"{v.name}" -n "{v.namespace}": global timeout reached: '
                                  f"{go_duration(limit)}")
                    v.done = True
                    continue
                try:
                    ctx.authorize("create", "Pod", v.namespace, v.name, "eviction")
                    evict(ctx.sim.store, v.namespace, v.name, grace=grace, dry_run=server_dry_run)
                except ApiError as exc:
                    if exc.code == 404:
                        v.done = True
                    elif exc.code == 429:
                        ctx.error(f'error when evicting pods/"{v.name}" -n "{v.namespace}" (will retry after '
                                  f"{EVICT_RETRY}s): {exc.message}")
                        v.next_try = now + EVICT_RETRY
                    else:
                        errors.append(f'error when evicting pods/"{v.name}" -n "{v.namespace}": {exc.message}')
                        v.done = True
                    continue
                v.waiting = True
                if server_dry_run:
                    v.done = True
                    continue
            if v.waiting:
                if _gone(ctx, v):
                    ctx.print(f"pod/{v.name} evicted")
                    v.done = True
                elif now - start >= limit:
                    errors.append(f'error when waiting for pod "{v.name}" in namespace "{v.namespace}" to terminate: '
                                  "context deadline exceeded")
                    v.done = True
        if all(v.done for v in victims):
            return errors
        if not ctx.blocking:
            return None
        yield


def _delete_pods(ctx: Context, pods: list[dict], grace: int | None, limit: int):
    """kubectl's deletePods (`--disable-eviction`): plain deletes, budgets ignored, then the wait."""
    start = ctx.sim.tick
    victims = []
    for pod in pods:
        meta = pod["metadata"]
        try:
            ctx.authorize("delete", "Pod", meta["namespace"], meta["name"])
            api_delete(ctx.sim.store, "Pod", meta["namespace"], meta["name"], grace=grace)
        except ApiError as exc:
            if exc.code != 404:
                return [exc.message]
        victims.append(_Victim(pod))
    while True:
        for v in victims:
            if not v.done and _gone(ctx, v):
                ctx.print(f"pod/{v.name} deleted")
                v.done = True
        if all(v.done for v in victims):
            return []
        if not ctx.blocking:
            return None
        if ctx.sim.tick - start >= limit:
            return ["context deadline exceeded"]
        yield


def drain(ctx: Context):
    dry_run, _ = dry_run_strategy(ctx.parsed)
    grace = grace_period(ctx) if int(ctx.flag("grace-period", -1)) >= 0 else None
    timeout = float(ctx.flag("timeout") or 0)
    limit = int(timeout + 0.999) if timeout > 0 else UNBOUNDED_WAIT
    nodes = _nodes(ctx)
    for node in nodes:
        _set_unschedulable(ctx, node, True, dry_run)
    for i, node in enumerate(nodes):
        name = node["metadata"]["name"]
        evict, fatal, warn = drain_plan(ctx, name)
        if fatal:
            lines = [f"{reason}: {', '.join(pods)}" for reason, pods in fatal]
            _unable(ctx, nodes[i:], lines)
            return 1
        if warn:
            ctx.error("Warning: " + "; ".join(f"{reason}: {', '.join(pods)}" for reason, pods in warn))
        if dry_run == "client":
            for pod in evict:
                ctx.print(f"evicting pod {_pod_ref(pod)} (dry run)")
            ctx.print(f"node/{name} drained (dry run)")
            continue
        if dry_run == "server" and ctx.flag("disable-eviction"):
            errors: list[str] | None = []
        elif ctx.flag("disable-eviction"):
            errors = yield from _delete_pods(ctx, evict, grace, limit)
        else:
            errors = yield from _evict_pods(ctx, evict, grace, limit, server_dry_run=dry_run == "server")
        if errors is None:
            return 0
        if errors:
            uids = {p["metadata"]["uid"] for p in evict}
            left = sorted(p["metadata"]["name"] for p in ctx.store.pods_on(name) if p["metadata"]["uid"] in uids)
            joined = errors[0] if len(errors) == 1 else "[" + ", ".join(dict.fromkeys(errors)) + "]"
            if left:
                ctx.error(f'There are pending pods in node "{name}" when an error occurred: {joined}')
                for pod_name in left:
                    ctx.error(f"pod/{pod_name}")
            plain = ctx.flag("disable-eviction")
            _unable(ctx, nodes[i:], [f"error: {e}" for e in errors] if plain else errors, joined)
            return 1
        ctx.print(f"node/{name} drained" + (" (server dry run)" if dry_run == "server" else ""))
    return 0


def _unable(ctx: Context, remaining: list[dict], lines: list[str], joined: str | None = None) -> None:
    """RunDrain giving up on a node: the pending nodes, then the errors as kubectl's CheckErr prints them."""
    name = remaining[0]["metadata"]["name"]
    if joined is None:
        joined = lines[0] if len(lines) == 1 else "[" + ", ".join(lines) + "]"
    ctx.error(f'error: unable to drain node "{name}" due to error: {joined}, continuing command...')
    ctx.error("There are pending nodes to be drained:\n" + "".join(f" {n['metadata']['name']}\n" for n in remaining))
    for line in lines:
        ctx.error(line)


# -- taint --------------------------------------------------------------------------------------

def _parse_taints(ctx: Context, words: list[str]) -> tuple[list[dict], list[dict]]:
    """kubectl's parseTaints: `KEY[=VALUE]:EFFECT` to add, `KEY[:EFFECT]-` to remove; the key a
    qualified name and the value a label value, each refusal a usage error."""
    add, remove = [], []
    for w in words:
        if w.endswith("-"):
            key, effect = w[:-1], ""
            if ":" in key:
                key, effect = key.split(":")[0], key.split(":")[1]
            if effect and effect not in EFFECTS:
                raise help_error(ctx.parsed, f"invalid taint effect: {effect}, unsupported taint effect")
            remove.append({"key": key, **({"effect": effect} if effect else {})})
            continue
        add.append(_parse_taint(ctx, w))
    return add, remove


def _parse_taint(ctx: Context, spec: str) -> dict:
    from kubetui.model.validation.meta import label_value, qualified_name

    parts = spec.split(":")
    if len(parts) > 2:
        raise help_error(ctx.parsed, f"invalid taint spec: {spec}")
    key, value, effect = parts[0], "", ""
    if len(parts) == 2:
        effect = parts[1]
        if effect not in EFFECTS:
            raise help_error(ctx.parsed, f"invalid taint effect: {effect}, unsupported taint effect")
        pieces = parts[0].split("=")
        if len(pieces) > 2:
            raise help_error(ctx.parsed, f"invalid taint spec: {spec}")
        key = pieces[0]
        if len(pieces) == 2:
            value = pieces[1]
            if label_value(value):
                raise help_error(ctx.parsed, f"invalid taint spec: {spec}, {'; '.join(label_value(value))}")
    if qualified_name(key):
        raise help_error(ctx.parsed, f"invalid taint spec: {spec}, {'; '.join(qualified_name(key))}")
    if not effect:
        raise help_error(ctx.parsed, f"invalid taint spec: {spec}")
    return {"key": key, "effect": effect, **({"value": value} if value else {})}


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
