"""`kubectl logs`: what the kubelet kept of a container's output, `-f` following it in simulated time."""

from __future__ import annotations

from functools import cmp_to_key

from kubetui.kubectl.commands._base import CommandError, Context, get_object, help_error, kind_for, selector_from
from kubetui.kubectl.commands._pods import container_for, container_status, pod_for, waiting_error
from kubetui.kubectl.flags import parse_duration
from kubetui.model.clock import datetime_of, tick_of
from kubetui.model.errors import ApiError
from kubetui.model.kinds import Kind
from kubetui.model.labels import Selector, from_label_selector

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
    lines = list(ctx.sim.kubelet.logs(meta["namespace"], meta["name"], container, previous) or [])
    return _timed(ctx, lines, ctx.sim.kubelet.log_times(meta["namespace"], meta["name"], container, previous))


def _timed(ctx: Context, lines: list[str], ticks: list[int] | None, start: int = 0) -> list[str]:
    """`--since`/`--since-time` keep the lines printed from then on; `--timestamps` prefixes
    each with the RFC3339 time it was printed at."""
    since, since_time, stamps = ctx.flag("since"), ctx.flag("since-time"), ctx.flag("timestamps")
    if not (since or since_time or stamps) or ticks is None:
        return lines
    ticks = ticks[start:start + len(lines)]
    ticks += [ctx.sim.tick] * (len(lines) - len(ticks))
    first = None
    if since:
        first = ctx.sim.tick - int(since if isinstance(since, (int, float)) else parse_duration(since))
    elif since_time:
        first = tick_of(since_time) or 0
    out = []
    for tick, line in zip(ticks, lines):
        if first is not None and tick < first:
            continue
        out.append(f"{datetime_of(tick):%Y-%m-%dT%H:%M:%S}.000000000Z {line}" if stamps else line)
    return out


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
        timeout = float(ctx.flag("pod-running-timeout", 20))
        if timeout <= 0:
            raise CommandError("error: --pod-running-timeout must be higher than zero")
        try:
            if "/" in args[0]:
                pods = yield from _pods_for_object(ctx, args[0], timeout)
            else:
                pods = [pod_for(ctx, args[0], verb="logs")]
        except ApiError as exc:
            if exc.reason != "NotFound":
                raise
            # kubectl 1.37's logs words a missing pod (or owner) its own way, with the namespace
            raise CommandError(f'error: error from server (NotFound): {exc.message} in namespace "{ctx.namespace}"') \
                from None
        if not ctx.flag("all-pods"):
            if len(pods) > 1:
                ctx.error(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}")
            pods = pods[:1]
        wanted = ctx.flag("container") or (args[1] if len(args) > 1 else None)
        for pod in pods:
            if ctx.flag("all-containers"):
                sources += [(pod, c["name"]) for c in (pod["spec"].get("initContainers") or []) + pod["spec"]["containers"]]
            else:
                sources.append((pod, container_for(ctx, pod, wanted)["name"]))
    prefix = bool(ctx.flag("prefix")) or bool(ctx.flag("all-pods"))
    seen: dict[tuple[str, str, str], int] = {}
    for pod, _ in sources:
        ctx.authorize("get", "Pod", pod["metadata"]["namespace"], pod["metadata"]["name"], "log")
    for pod, container in sources:
        lines = _lines(ctx, pod, container, previous)
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"], container)
        seen[key] = len(ctx.sim.kubelet.logs(key[0], key[1], container, previous) or [])
        _emit(ctx, _tail(lines, tail), pod, container, prefix)
    if not ctx.flag("follow") or previous:
        return 0

    def still_running() -> bool:
        for pod, container in sources:
            meta = pod["metadata"]
            key = (meta["namespace"], meta["name"], container)
            lines = ctx.sim.kubelet.logs(meta["namespace"], meta["name"], container, False) or []
            ticks = ctx.sim.kubelet.log_times(meta["namespace"], meta["name"], container, False)
            _emit(ctx, _timed(ctx, lines[seen[key]:], ticks, seen[key]), pod, container, prefix)
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


# -- which pod of a workload ---------------------------------------------------------------------

def _go_type(kind: Kind) -> str:
    """The Go type kubectl names in its messages (`*v1.ConfigMap`)."""
    return f"*{kind.api_version.rpartition('/')[2]}.{kind.kind}"


def _selector_of(kind: Kind, obj: dict) -> Selector:
    """kubectl's SelectorsForObject: the pods a workload or Service stands for."""
    spec = obj.get("spec") or {}
    if kind.kind in ("Service", "ReplicationController"):
        labels = spec.get("selector") or {}
        if kind.kind == "Service" and not labels:
            raise CommandError(f"error: cannot get the logs from {_go_type(kind)}: invalid service "
                               f"'{obj['metadata']['name']}': Service is defined without a selector")
        return from_label_selector({"matchLabels": labels})
    if kind.kind in ("ReplicaSet", "Deployment", "DaemonSet", "StatefulSet", "Job"):
        return from_label_selector(spec.get("selector"))
    raise CommandError(f"error: cannot get the logs from {_go_type(kind)}: selector for {_go_type(kind)} "
                       "not implemented")


def _pods_for_object(ctx: Context, word: str, timeout: float):
    """The workload's pods, best for logs first; with none yet, the first that appears within
    `--pod-running-timeout` (kubectl's GetFirstPod, which watches for one)."""
    kind_word, _, name = word.partition("/")
    kind = kind_for(kind_word, ctx.store.kinds)
    obj = get_object(ctx, kind, name)
    if kind.kind == "Pod":
        return [obj]
    selector = _selector_of(kind, obj)
    ns = obj["metadata"].get("namespace")
    pods = ctx.store.list("Pod", ns, selector)
    if pods:
        return sorted(pods, key=cmp_to_key(_by_logging))
    first: list[dict] = []

    def appeared() -> bool:
        first[:] = [p for p in ctx.store.iter("Pod", ns) if selector.matches(p["metadata"].get("labels"))][:1]
        return bool(first)

    if not (yield from ctx.wait_until(appeared, timeout)):
        raise CommandError("error: timed out waiting for the condition")
    return first


PHASE_RANK = {"Running": 0, "Unknown": 1, "Pending": 2}
"""Other phases (Succeeded, Failed) rank as Running, as kubectl's map lookup gives them 0."""


def _ready_since(pod: dict) -> int | None:
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready" and c.get("status") == "True":
            return tick_of(c.get("lastTransitionTime")) or 0
    return None


def _restarts(pod: dict) -> int:
    return max([cs.get("restartCount", 0) for cs in (pod.get("status") or {}).get("containerStatuses") or ()] + [0])


def _by_logging(a: dict, b: dict) -> int:
    """kubectl's ByLogging order: assigned, Running, ready, ready longest, most restarts, oldest."""
    na, nb = a["spec"].get("nodeName") or "", b["spec"].get("nodeName") or ""
    if na != nb and (not na or not nb):
        return -1 if na else 1
    pa = PHASE_RANK.get((a.get("status") or {}).get("phase"), 0)
    pb = PHASE_RANK.get((b.get("status") or {}).get("phase"), 0)
    if pa != pb:
        return -1 if pa < pb else 1
    ra, rb = _ready_since(a), _ready_since(b)
    if (ra is None) != (rb is None):
        return -1 if ra is not None else 1
    if ra is not None and rb is not None and ra != rb:
        return -1 if ra < rb else 1
    ca, cb = _restarts(a), _restarts(b)
    if ca != cb:
        return -1 if ca > cb else 1
    ta, tb = tick_of(a["metadata"].get("creationTimestamp")), tick_of(b["metadata"].get("creationTimestamp"))
    if ta != tb:
        return -1 if ta < tb else 1
    return 0
