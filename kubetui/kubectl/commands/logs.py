"""`kubectl logs`: what the kubelet kept of a container's output, `-f` following it in simulated time."""

from __future__ import annotations

from kubetui.kubectl.commands._base import Context, help_error, selector_from
from kubetui.kubectl.commands._pods import container_for, container_status, pod_for, waiting_error
from kubetui.model.errors import ApiError

FOLLOW_SECONDS = 10
"""How long `logs -f` follows when nothing can cancel it (a script, a headless run)."""


def _lines(ctx: Context, pod: dict, container: str, previous: bool) -> list[str]:
    meta = pod["metadata"]
    if previous:
        cs = container_status(pod, container)
        if not cs or not (cs.get("lastState") or {}).get("terminated"):
            raise ApiError("BadRequest", f'previous terminated container "{container}" in pod "{meta["name"]}" not found')
    else:
        err = waiting_error(pod, container)
        if err is not None:
            raise err
    lines = ctx.sim.kubelet.logs(meta["namespace"], meta["name"], container, previous)
    return list(lines or [])


def _tail(lines: list[str], n: int) -> list[str]:
    return lines if n < 0 else lines[len(lines) - n:] if n else []


def logs(ctx: Context):
    args = list(ctx.parsed.args)
    selector_text = ctx.flag("selector")
    if not args and not selector_text:
        raise help_error(ctx.parsed, "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME "
                                     "is a required argument for the logs command")
    previous = bool(ctx.flag("previous"))
    tail = int(ctx.flag("tail", -1))
    sources: list[tuple[dict, str]] = []
    if selector_text:
        if args:
            raise help_error(ctx.parsed, "only a selector (-l) or a POD name is allowed")
        selector = selector_from(ctx, selector_text)
        pods = ctx.store.list("Pod", ctx.namespace, selector)
        if tail < 0:
            tail = 10
        for pod in pods:
            names = [c["name"] for c in pod["spec"]["containers"]] if ctx.flag("all-containers") else \
                [container_for(ctx, pod, ctx.flag("container") or None)["name"]]
            sources += [(pod, n) for n in names]
        if not pods:
            ctx.error(f"No resources found in {ctx.namespace} namespace.")
            return 0
    else:
        if len(args) > 2:
            raise help_error(ctx.parsed, "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or "
                                         "TYPE/NAME is a required argument for the logs command")
        pod = pod_for(ctx, args[0], verb="logs")
        wanted = ctx.flag("container") or (args[1] if len(args) > 1 else None)
        if ctx.flag("all-containers"):
            sources = [(pod, c["name"]) for c in (pod["spec"].get("initContainers") or []) + pod["spec"]["containers"]]
        else:
            sources = [(pod, container_for(ctx, pod, wanted)["name"])]
    prefix = bool(ctx.flag("prefix"))
    seen: dict[tuple[str, str, str], int] = {}
    for pod, container in sources:
        lines = _lines(ctx, pod, container, previous)
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"], container)
        seen[key] = len(lines)
        _emit(ctx, _tail(lines, tail), pod, container, prefix)
    if not ctx.flag("follow") or previous:
        return 0

    def still_running() -> bool:
        for pod, container in sources:
            meta = pod["metadata"]
            key = (meta["namespace"], meta["name"], container)
            lines = ctx.sim.kubelet.logs(meta["namespace"], meta["name"], container, False) or []
            _emit(ctx, lines[seen[key]:], pod, container, prefix)
            seen[key] = len(lines)
        return not any(_running(ctx, pod, c) for pod, c in sources)

    limit = None if ctx.interactive else FOLLOW_SECONDS
    yield from ctx.wait_until(still_running, limit)
    return 0


def _running(ctx: Context, pod: dict, container: str) -> bool:
    meta = pod["metadata"]
    live = ctx.store.get("Pod", meta["namespace"], meta["name"])
    if live is None or live["metadata"]["uid"] != meta["uid"]:
        return False
    cs = container_status(live, container)
    return bool(cs and ("running" in (cs.get("state") or {}) or "waiting" in (cs.get("state") or {})))


def _emit(ctx: Context, lines: list[str], pod: dict, container: str, prefix: bool) -> None:
    head = f"[pod/{pod['metadata']['name']}/{container}] " if prefix else ""
    for line in lines:
        ctx.print(head + line)
