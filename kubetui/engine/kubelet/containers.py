"""What the kubelet's container runtime knows of each pod and container, the environment a
container starts with (`env`, `envFrom`, field and resource references) and the logs it prints.

This runtime state is the truth about containers; pod `status` is rendered from it (status.py).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.engine.kubelet.envvars import service_env
from kubetui.engine.kubelet.images import ImageBehavior
from kubetui.engine.kubelet.programs import Program
from kubetui.engine.kubelet.shell import FileSystem, Machine, Volume
from kubetui.engine.sharedvalues import keep
from kubetui.model.clock import datetime_of
from kubetui.model.quantity import cpu_millis, memory_bytes

if TYPE_CHECKING:
    from kubetui.engine.kubelet.nginx import Master
    from kubetui.engine.store import Store

MiB = 1024 * 1024


@dataclass(slots=True)
class Container:
    name: str
    spec: dict
    init: bool = False
    ephemeral: bool = False
    """Added to the running pod through pods/ephemeralcontainers: never restarted, and no part of
    the pod's phase or readiness."""
    behavior: ImageBehavior | None = None
    program: Program | None = None
    env: dict[str, str] = field(default_factory=dict)
    state: str = "waiting"
    """waiting / running / terminated."""
    reason: str = "ContainerCreating"
    message: str = ""
    started_at: int | None = None
    finished_at: int | None = None
    exit_code: int = 0
    last: dict | None = None
    """The previous run's terminated state (kubectl's `lastState`)."""
    restarts: int = 0
    ready: bool = False
    started: bool = False
    answering_at: int | None = None
    """Tick from which the app answers requests and probes."""
    backoff: int = 0
    epoch: int = 0
    """Bumped on every state change so that stale timers do nothing."""
    logs: list[str] | tuple[str, ...] = ()
    """A tuple when shared with other containers (nginx's start lines): never changed in place."""
    previous_logs: list[str] | tuple[str, ...] = ()
    log_ticks: list[int] | tuple[int, ...] = ()
    """The tick each line of `logs` was printed at."""
    previous_log_ticks: list[int] | tuple[int, ...] = ()
    script: str | None = None
    """What the container's shell runs (process.py), or None for programs.py's fixed programs."""
    machine: Machine | None = None
    fs: FileSystem | None = None
    partial: str = ""
    """Output printed without its newline yet."""
    ports: dict | None = None
    """Servers its processes listen with (port -> entry, shell/net.py): the main script's and
    any a `kubectl exec` started, until the container stops."""

    @property
    def sidecar(self) -> bool:
        """A native sidecar: an init container with `restartPolicy: Always`, which keeps running
        beside the app containers instead of running to completion before them."""
        return self.init and self.spec.get("restartPolicy") == "Always"

    @property
    def ignores_sigterm(self) -> bool:
        """A shell or `sleep` as PID 1: only SIGKILL, at the end of the grace period, stops it
        (unless its `trap` on TERM exited)."""
        if self.machine is not None and self.machine.done:
            return False
        return self.program is not None and self.program.ignores_sigterm
    container_id: str = ""
    nginx: Master | None = None
    """nginx's master process when the container runs nginx (nginx.py's Master): what it loaded."""
    probe_logs: tuple[ProbeLog, ...] = ()
    """Access-log lines the app writes for each period of a probe that passed for good (the kubelet
    keeps probing, nginx keeps logging): worked out when the log is read or written to."""


_transitions: dict[tuple[str, int], tuple[str, int]] = {}


def transition(status: str, tick: int) -> tuple[str, int]:
    """A pod condition's (status, lastTransition tick), one tuple for all pods whose condition
    turned `status` in the same tick (thousands do in a big cluster's first ticks)."""
    found = _transitions.get((status, tick))
    if found is None:
        found = keep(_transitions, (status, tick), (status, tick), 4096)
    return found


@dataclass(slots=True)
class PodRuntime:
    namespace: str
    name: str
    uid: str
    node: str
    containers: list[Container]
    ip: str
    started: int
    conditions: dict[str, tuple[str, int]] = field(default_factory=dict)
    """type -> (status, lastTransition tick)."""
    killing: bool = False
    phase: str = "Pending"
    static: bool = False
    volumes: dict[str, Volume] = field(default_factory=dict)
    """The pod's emptyDir volumes as its containers' shells see them."""
    ephemeral: list[Container] = field(default_factory=list)
    """Its ephemeral containers, kept apart from `containers` (which make the pod's phase)."""
    published: dict | None = None
    """The status the kubelet last wrote (status.py keeps its unchanged parts)."""


LOG_LINES = 5000
"""The lines of a container's log the kubelet keeps (the tail)."""


@dataclass(frozen=True, slots=True)
class ProbeLog:
    """One settled probe's access-log line every `period` seconds from `next`: `head`, the time
    in the log's format, then `tail` (nginx answers a healthy app's probe alike every period)."""

    next: int
    period: int
    head: str
    tail: str


def pending_probe_lines(c: Container, until: int) -> tuple[list[str], list[int]]:
    """The settled probes' lines printed by `until` that the log does not hold yet (the last
    LOG_LINES of them), in the order they were printed."""
    timed: list[tuple[int, int, str]] = []
    for order, p in enumerate(c.probe_logs):
        if p.next > until:
            continue
        count = (until - p.next) // p.period + 1
        first = p.next + max(0, count - LOG_LINES) * p.period
        timed += [(tick, order, f"{p.head}{_access_time(tick)}{p.tail}") for tick in range(first, until + 1, p.period)]
    timed.sort()
    timed = timed[-LOG_LINES:]
    return [line for _, _, line in timed], [tick for tick, _, _ in timed]


def settle_probe_lines(c: Container, until: int, end: bool = False) -> None:
    """Write the settled probes' lines printed by `until` into the log (before anything newer is
    written to it), keeping its last LOG_LINES; `end`: the probes stop (the app stops)."""
    if not c.probe_logs:
        return
    lines, ticks = pending_probe_lines(c, until)
    if lines:
        c.logs = [*c.logs, *lines][-LOG_LINES:]
        c.log_ticks = [*c.log_ticks, *ticks][-LOG_LINES:]
    c.probe_logs = () if end else tuple(
        p if p.next > until else ProbeLog(p.next + ((until - p.next) // p.period + 1) * p.period, p.period, p.head,
                                          p.tail) for p in c.probe_logs)


def _access_time(tick: int) -> str:
    return datetime_of(tick).strftime("%d/%b/%Y:%H:%M:%S +0000")


def answering(c: Container, tick: int) -> bool:
    """The app in `c` answers requests and probes at `tick`."""
    return c.state == "running" and c.answering_at is not None and tick >= c.answering_at


def limit_bytes(cspec: dict, resource: str) -> int | None:
    lim = (cspec.get("resources") or {}).get("limits") or {}
    if resource not in lim:
        return None
    return memory_bytes(lim[resource])


# -- environment -------------------------------------------------------------------------------
def environment(store: Store, pod: dict, cspec: dict, pod_ip: str, host_ip: str,
                services: dict[str, str] | None = None) -> tuple[dict[str, str], str | None]:
    """The container's environment, or the reason it cannot be built (a missing ref).
    `services`: the pod's Service variables when the caller has them."""
    if services is not None and "env" not in cspec and "envFrom" not in cspec and "HOSTNAME" not in services:
        return {"HOSTNAME": pod["metadata"]["name"], **services}, None  # what the loops below make of no env
    ns = pod["metadata"]["namespace"]
    env: dict[str, str] = {"HOSTNAME": pod["metadata"]["name"]}
    if services is None:
        services = service_env(store, ns, pod["spec"].get("enableServiceLinks", True) is not False)
    for src in cspec.get("envFrom", ()):
        ref = src.get("configMapRef") or src.get("secretRef")
        kind = "ConfigMap" if "configMapRef" in src else "Secret"
        obj = store.get(kind, ns, ref["name"])
        if obj is None:
            if ref.get("optional"):
                continue
            return env, f'{kind.lower()} "{ref["name"]}" not found'
        for k, v in _data(obj).items():
            env[src.get("prefix", "") + k] = v
    for var in cspec.get("env", ()):
        if "valueFrom" not in var:
            env[var["name"]] = _expand_env(var.get("value", ""), {**services, **env})
            continue
        vf = var["valueFrom"]
        if "configMapKeyRef" in vf or "secretKeyRef" in vf:
            kind = "ConfigMap" if "configMapKeyRef" in vf else "Secret"
            ref = vf.get("configMapKeyRef") or vf.get("secretKeyRef")
            obj = store.get(kind, ns, ref["name"])
            if obj is None:
                if ref.get("optional"):
                    continue
                return env, f'{kind.lower()} "{ref["name"]}" not found'
            data = _data(obj)
            if ref["key"] not in data:
                if ref.get("optional"):
                    continue
                return env, f"couldn't find key {ref['key']} in {kind} {ns}/{ref['name']}"
            env[var["name"]] = data[ref["key"]]
        elif "fieldRef" in vf:
            env[var["name"]] = _field_ref(pod, vf["fieldRef"].get("fieldPath", ""), pod_ip, host_ip)
        elif "resourceFieldRef" in vf:
            rf = vf["resourceFieldRef"]
            env[var["name"]] = str(_resource_field(cspec, rf.get("resource", "")))
    return {**env, **{k: v for k, v in services.items() if k not in env}}, None


def _resource_field(cspec: dict, resource: str) -> int:
    res = cspec.get("resources") or {}
    kind, _, name = resource.partition(".")
    value = (res.get(kind) or {}).get(name)
    if value is None:
        return 0
    return cpu_millis(value) // 1000 or 1 if name == "cpu" else memory_bytes(value)


def _data(obj: dict) -> dict[str, str]:
    out = dict(obj.get("data") or {})
    if obj["kind"] == "Secret":
        out = {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in out.items()}
        out.update(obj.get("stringData") or {})
    return out


def _field_ref(pod: dict, path: str, pod_ip: str, host_ip: str) -> str:
    meta, spec = pod["metadata"], pod["spec"]
    if path == "metadata.name":
        return meta["name"]
    if path == "metadata.namespace":
        return meta["namespace"]
    if path == "metadata.uid":
        return meta["uid"]
    if path == "spec.nodeName":
        return spec.get("nodeName", "")
    if path == "spec.serviceAccountName":
        return spec.get("serviceAccountName", "default")
    if path in ("status.podIP", "status.podIPs"):
        return pod_ip
    if path in ("status.hostIP", "status.hostIPs"):
        return host_ip
    if path.startswith("metadata.labels['") or path.startswith("metadata.annotations['"):
        field_, _, rest = path.partition("['")
        return (meta.get(field_.split(".")[1]) or {}).get(rest.rstrip("']"), "")
    return ""


def _expand_env(value: str, env: dict[str, str]) -> str:
    """The kubelet's `$(VAR)` expansion: a defined variable's value, `$$` one literal `$`, an
    undefined reference left as written."""
    return re.sub(r"\$\$|\$\(([\w.-]+)\)",
                  lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)), value)


def expanded_spec(cspec: dict, env: dict[str, str]) -> dict:
    """The container's spec with `$(VAR)` in `command` and `args` expanded from its environment,
    as the kubelet does before it starts the process (the stored Pod keeps them as written)."""
    command, args = cspec.get("command"), cspec.get("args")
    if not (command or args) or not any("$" in str(a) for a in (command or []) + (args or [])):
        return cspec
    out = dict(cspec)
    for key in ("command", "args"):
        if cspec.get(key):
            out[key] = [_expand_env(str(a), env) for a in cspec[key]]
    return out


# -- logs --------------------------------------------------------------------------------------
def startup_logs(rt: PodRuntime, c: Container, tick: int) -> list[str]:
    """What the container prints once, from its start at `tick`."""
    lines = []
    if c.program is not None:
        lines = [line.replace("{date}", _date(tick + t)) for t, line in c.program.logs]
    elif c.behavior is not None:
        subst = {"{pod}": rt.name, "{node}": rt.node}
        when = datetime_of(tick)
        for i, line in enumerate(c.behavior.logs):
            if "{klog}" in line or "{iso}" in line:
                micro = (104217 + 31337 * i) % 1_000_000
                line = line.replace("{klog}", when.strftime("%m%d %H:%M:%S") + f".{micro:06d}")
                line = line.replace("{iso}", when.strftime("%Y-%m-%dT%H:%M:%S") + f".{micro // 1000:03d}Z")
            for k, v in subst.items():
                line = line.replace(k, v)
            for k, v in c.env.items():
                line = line.replace(f"${k}", v)
            lines.append(line)
    return lines


def loop_logs(c: Container, tick: int) -> list[str]:
    """What a `while true` body printed up to `tick` (or until the container stopped)."""
    p = c.program
    if p is None or not p.loop_logs or c.started_at is None:
        return []
    end = c.finished_at if c.finished_at is not None else tick
    rounds = min(1000, (end - c.started_at) // p.loop_period + 1)
    return [line.replace("{date}", _date(c.started_at + i * p.loop_period))
            for i in range(rounds) for _, line in p.loop_logs]


def _date(tick: int) -> str:
    return datetime_of(tick).strftime("%a %b %d %H:%M:%S UTC %Y")
