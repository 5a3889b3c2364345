"""Container probes as the kubelet's prober runs them: startup, readiness, liveness.

A probe passes while the app answers (its image's start-up time has passed and it is not a
bad release). The startup probe holds the other two back until it passes, and kills the
container after `failureThreshold` failures; readiness moves the container in and out of its
Services' endpoints; liveness kills it after `failureThreshold` failures in a row. A probe
that passes on a healthy app stops running: nothing changes until the container does.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from kubetui.engine.kubelet.containers import ProbeLog, answering
from kubetui.engine.kubelet.status import update_readiness
from kubetui.model.version import KUBERNETES_VERSION as KUBELET_VERSION

if TYPE_CHECKING:
    from kubetui.engine.kubelet.agent import Kubelet
    from kubetui.engine.kubelet.containers import Container, PodRuntime

PROBES = ("startupProbe", "readinessProbe", "livenessProbe")
"""The probes a container may declare, in the order the kubelet sets them up."""


def probe(kubelet: Kubelet, rt: PodRuntime, c: Container, pod: dict, probe_name: str, failures: int) -> int | None:
    """Run one probe of `c` and act on the result. Returns the failures to carry into the next
    run, or None when this probe stops (it passed for good, or the container was killed)."""
    spec = c.spec[probe_name]
    threshold = spec.get("failureThreshold", 3)
    ok = answering(c, kubelet.sim.tick)
    checked = exec_in_shell(rt, c, spec, kubelet.sim.tick)
    if checked is None:
        checked = reach_script_server(kubelet.sim, rt, c, pod, spec)
    if checked is None and ok:
        checked = dial_app(rt, c, spec) or app_status(kubelet.sim, c, pod, spec) or \
            unhealthy_app(c, spec, kubelet.sim.tick)
    if checked is not None:
        ok = c.state == "running" and checked[0] == 0
        spec = {**spec, "_output": checked[1]}
    if probe_name == "startupProbe":
        if ok:
            c.started = True
            if c.spec.get("readinessProbe") is None:
                c.ready = True
            update_readiness(rt, kubelet.sim.tick)
            kubelet.publish(rt)
            if c.sidecar:
                kubelet.sidecar_started(rt)
            return None
        failures += 1
        kubelet.event(pod, "Warning", "Unhealthy", f"Startup probe failed: {failure(spec, rt.ip)}", c)
        if failures >= threshold:
            kubelet.kill_unhealthy(rt, c, pod, "startup")
            return None
    elif not c.started:
        pass  # readiness and liveness wait for the startup probe
    elif probe_name == "readinessProbe":
        if ok != c.ready:
            c.ready = ok
            update_readiness(rt, kubelet.sim.tick)
            kubelet.publish(rt)
        if not ok:
            kubelet.event(pod, "Warning", "Unhealthy", f"Readiness probe failed: {failure(spec, rt.ip)}", c)
    else:
        failures = 0 if ok else failures + 1
        if not ok:
            kubelet.event(pod, "Warning", "Unhealthy", f"Liveness probe failed: {failure(spec, rt.ip)}", c)
            if failures >= threshold:
                kubelet.kill_unhealthy(rt, c, pod, "liveness")
                return None
    if probe_name in ("readinessProbe", "livenessProbe") and ok and c.answering_at is not None and checked is None:
        keeps_logging(kubelet.sim, rt, c, pod, spec)
        return None  # healthy apps stay healthy; nothing changes until the container does
    return failures


def keeps_logging(sim, rt: PodRuntime, c: Container, pod: dict, spec: dict) -> None:
    """A probe that passed for good stops running here, but the kubelet keeps probing every
    period and nginx logs each request: its line is written from the schedule when the log is
    read or written to (containers.ProbeLog), so a tick costs nothing per probe."""
    check = spec.get("httpGet")
    if check is None or c.nginx is None or c.program is not None or c.machine is not None:
        return
    from kubetui.engine.network.http import access_parts, app_reply

    port, path = probe_port(c, check), str(check.get("path", "/"))
    reply = app_reply(sim, pod, port, "GET", path)
    if reply is None:
        return
    head, tail = access_parts("GET", path, reply, PROBE_AGENT, probe_client(pod))
    period = int(spec.get("periodSeconds", 10))
    c.probe_logs = (*c.probe_logs, ProbeLog(sim.tick + period, period, head, tail))


PROBE_AGENT = f"User-Agent: kube-probe/{KUBELET_VERSION.lstrip('v').rsplit('.', 1)[0]}\r\n"
"""The kubelet's HTTP probes' User-Agent (`kube-probe/MAJOR.MINOR`)."""


def probe_client(pod: dict) -> str:
    """Where nginx sees the kubelet's probes come from: the node's address on the pod network
    (the pod subnet's .1)."""
    ip = str((pod.get("status") or {}).get("podIP") or "")
    return ip.rsplit(".", 1)[0] + ".1" if ip.count(".") == 3 else ip


def exec_in_shell(rt: PodRuntime, c: Container, spec: dict, tick: int) -> tuple[int, str] | None:
    """An `exec` probe of a container whose script runs in the shell runs in that shell, over
    the container's files: (exit code, output). None for other probes."""
    command = (spec.get("exec") or {}).get("command")
    if not command or c.fs is None:
        return None
    from kubetui.engine.kubelet.process import SHELLS, process_env
    from kubetui.engine.kubelet.shell import Machine
    from kubetui.engine.kubelet.shell.applets import APPLETS, BUILTINS
    from kubetui.engine.kubelet.shell.packages import installed
    words = [str(w) for w in command]
    base = words[0].rsplit("/", 1)[-1]
    if c.machine is None and words[0] not in SHELLS and base not in APPLETS and base not in BUILTINS \
            and not installed(c.fs, words[0]):
        return None  # an app's own client (redis-cli, pg_isready): it answers while the app does
    script = words[2] if words[0] in SHELLS and len(words) >= 3 and words[1] == "-c" else shlex.join(words)
    m = Machine.for_script(script, c.fs, process_env(rt, c), context={"hostname": rt.name, "ip": rt.ip,
                                                                      "image": c.spec.get("image", "")})
    if not m.done:
        m.run_to_end(tick)
    return m.exit_code, "".join(t for _, t in m.console)


def reach_script_server(sim, rt: PodRuntime, c: Container, pod: dict, spec: dict) -> tuple[int, str] | None:
    """A `tcpSocket` or `httpGet` probe reaches a server a process of the pod listens with
    (`nc -l`, `httpd`, in a container's script or started by `kubectl exec`), as the kubelet
    dials the pod's IP: (0 when it passes, else 1; the kubelet's message). A container whose
    script runs in the shell serves nothing else. None for other probes, and when the app's
    own ports decide (dial_app)."""
    check = spec.get("tcpSocket") or spec.get("httpGet")
    if check is None:
        return None
    from kubetui.engine.kubelet.shell.net import serve
    from kubetui.engine.network.client import listener
    from kubetui.engine.network.http import parse_reply

    port = probe_port(c, check)
    where = f"{rt.ip}:{port}"
    entry = listener(sim, pod, port if isinstance(port, int) else None)
    path = check.get("path", "/")
    if entry is None:
        return None if c.machine is None else (1, refused(spec, rt.ip, port))
    if "tcpSocket" in spec:
        return 0, ""
    request = f"GET {path} HTTP/1.1\r\nHost: {where}\r\n{PROBE_AGENT}\r\n"
    reply = serve(entry, "GET", path, request, (pod.get("status") or {}).get("hostIP", ""), sim.tick)
    reply = parse_reply(reply) if isinstance(reply, str) else reply
    if reply is None:
        return 1, f'Get "http://{where}{path}": EOF'
    if not 200 <= reply.status < 400:
        return 1, f"HTTP probe failed with statuscode: {reply.status}"
    return 0, ""


def dial_app(rt: PodRuntime, c: Container, spec: dict) -> tuple[int, str] | None:
    """A `tcpSocket` or `httpGet` probe of an app (an image that serves, not a command of the
    manifest's) on a port it does not listen on is refused, as the kubelet's dial is: its image's
    documented ports when it has them (nginx listens on 80 whatever the manifest declares), else
    the ports it declares, else any. None when the port answers or for other probes."""
    check = spec.get("tcpSocket") or spec.get("httpGet")
    if check is None or c.program is not None or c.machine is not None:
        return None
    from kubetui.engine.network.client import app_listens

    port = probe_port(c, check)
    return None if app_listens(c, port) else (1, refused(spec, rt.ip, check.get("port") if port is None else port))


def app_status(sim, c: Container, pod: dict, spec: dict) -> tuple[int, str] | None:
    """An `httpGet` probe of an app that answers its path with an error status (nginx's 404 for a
    /healthz it has no file for) fails with that status; None when it answers 2xx/3xx. nginx logs
    each probe's request, from the node's address on the pod network (the pod subnet's .1)."""
    check = spec.get("httpGet")
    if check is None or c.program is not None or c.machine is not None:
        return None
    from kubetui.engine.network.http import access_log, app_reply

    port, path = probe_port(c, check), str(check.get("path", "/"))
    reply = app_reply(sim, pod, port, "GET", path)
    if reply is not None and c.nginx is not None:
        access_log(sim, pod, port, "GET", path, reply, PROBE_AGENT, probe_client(pod))
    if reply is None or 200 <= reply.status < 400:
        return None
    return 1, f"HTTP probe failed with statuscode: {reply.status}"


def unhealthy_app(c: Container, spec: dict, tick: int) -> tuple[int, str] | None:
    """An `httpGet` probe of an app whose answers turn to 500 (ImageBehavior.healthySeconds): (0, "")
    while it is healthy, so the probe keeps running; None for other apps and probes."""
    b = c.behavior
    if "httpGet" not in spec or b is None or b.healthySeconds is None or c.program is not None:
        return None
    if tick - (c.started_at or tick) <= b.healthySeconds:
        return 0, ""
    return 1, "HTTP probe failed with statuscode: 500"


def probe_port(c: Container, check: dict) -> int | None:
    """The port a tcpSocket/httpGet probe dials: a named one is the container's port of that name."""
    port = check.get("port")
    if isinstance(port, str):
        return next((p.get("containerPort") for p in c.spec.get("ports") or () if p.get("name") == port), None)
    return port


def refused(spec: dict, ip: str, port: object) -> str:
    """The kubelet's message when a tcpSocket/httpGet probe's dial is refused."""
    dial = f"dial tcp {ip}:{port}: connect: connection refused"
    if "httpGet" in spec:
        return f'Get "http://{ip}:{port}{spec["httpGet"].get("path", "/")}": {dial}'
    return dial


def failure(spec: dict, ip: str) -> str:
    """What a failed probe of this kind reports (the kubelet dials the pod's IP)."""
    if "_output" in spec:
        return spec["_output"]
    check = spec.get("httpGet") or spec.get("tcpSocket")
    if check is not None:
        return refused(spec, ip, check.get("port"))
    return "command terminated with non-zero exit code"
