"""`kubectl top nodes|pods`: CPU and memory from metrics-server (`kubetui.engine.metrics`)."""

from __future__ import annotations

from kubetui.kubectl.commands._base import CommandError, Context, no_resources, selector_from
from kubetui.kubectl.printers.tabwriter import tabwrite
from kubetui.model.errors import not_found

MiB = 1024 * 1024


def _metrics():
    try:
        from kubetui.engine import metrics
    except ImportError:
        raise CommandError("error: Metrics API not available") from None
    return metrics


def _table(rows: list[list[str]], no_headers: bool, header: list[str]) -> str:
    lines = ([] if no_headers else [header]) + rows
    return tabwrite("".join("\t".join(r) + "\t\n" for r in lines), 6, 3)


def _sort(rows: list[tuple], by: str) -> list[tuple]:
    if by not in ("", "cpu", "memory"):
        raise CommandError("error: --sort-by accepts only cpu or memory")
    if by == "cpu":
        return sorted(rows, key=lambda r: -r[0])
    if by == "memory":
        return sorted(rows, key=lambda r: -r[1])
    return rows


def top_node(ctx: Context) -> int:
    metrics = _metrics()
    selector = selector_from(ctx, ctx.flag("selector"))
    if ctx.parsed.args:
        nodes = []
        for name in ctx.parsed.args:
            node = ctx.store.get("Node", None, name)
            if node is None:
                raise not_found("nodes", name)
            nodes.append(node)
    else:
        nodes = ctx.store.list("Node", None, selector)
    if not nodes:
        ctx.error("No resources found")
        return 0
    rows = []
    for node in nodes:
        name = node["metadata"]["name"]
        usage = metrics.node_usage(ctx.sim, name)
        if usage is None:
            rows.append((-1, -1, [name, "<unknown>", "<unknown>", "<unknown>", "<unknown>"]))
            continue
        rows.append((usage.cpu, usage.memory, [name, f"{usage.cpu}m", f"{usage.cpu_percent}%",
                                               f"{usage.memory // MiB}Mi", f"{usage.memory_percent}%"]))
    rows = _sort(rows, ctx.flag("sort-by") or "")
    header = ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
    ctx.write(_table([r[2] for r in rows], bool(ctx.flag("no-headers")), header))
    return 0


def top_pod(ctx: Context) -> int:
    _sort([], str(ctx.flag("sort-by") or ""))
    metrics = _metrics()
    selector = selector_from(ctx, ctx.flag("selector"))
    namespace = None if ctx.all_namespaces else ctx.namespace
    if ctx.parsed.args:
        pods = []
        for name in ctx.parsed.args:
            pod = ctx.store.get("Pod", ctx.namespace, name)
            if pod is None:
                raise not_found("pods", name)
            pods.append(pod)
    else:
        pods = ctx.store.list("Pod", namespace, selector)
    rows = []
    containers = bool(ctx.flag("containers"))
    for pod in pods:
        meta = pod["metadata"]
        usage = metrics.pod_usage(ctx.sim, meta["namespace"], meta["name"])
        if usage is None:
            if ctx.parsed.args:
                raise CommandError(f"error: Metrics not available for pod {meta['namespace']}/{meta['name']}, "
                                   f"age: {_go_duration(ctx.sim.tick, meta['creationTimestamp'])}")
            continue
        lead = [meta["namespace"]] if ctx.all_namespaces else []
        if containers:
            for c in usage.containers:
                rows.append((c.cpu, c.memory, lead + [meta["name"], c.name, f"{c.cpu}m", f"{c.memory // MiB}Mi"]))
        else:
            rows.append((usage.cpu, usage.memory, lead + [meta["name"], f"{usage.cpu}m", f"{usage.memory // MiB}Mi"]))
    if not rows:
        if pods:
            raise CommandError("error: metrics not available yet")
        ctx.error(no_resources(ctx))
        return 0
    rows = _sort(rows, ctx.flag("sort-by") or "")
    header = (["NAMESPACE"] if ctx.all_namespaces else []) + (["POD", "NAME"] if containers else ["NAME"]) + \
        ["CPU(cores)", "MEMORY(bytes)"]
    ctx.write(_table([r[2] for r in rows], bool(ctx.flag("no-headers")), header))
    return 0


def _go_duration(now: int, created: str) -> str:
    """Go's Duration.String() of the pod's age (`1m30s`)."""
    from kubetui.model.clock import tick_of

    seconds = max(0, now - (tick_of(created) or 0))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if h:
        return f"{h}h{m}m{s}s"
    if m:
        return f"{m}m{s}s"
    return f"{s}s"
