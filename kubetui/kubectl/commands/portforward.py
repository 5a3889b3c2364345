"""`kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: kubectl's checks and its "Forwarding
from" lines.

A Service's port becomes the pod port its targetPort names, a Deployment's (or ReplicaSet's,
StatefulSet's) pod is the first of its running pods, and the pod must be Running. The forwarded
ports listen on the player's machine (kubectl/localhost.py): `curl localhost:PORT` at the door
reaches the app in the pod. In the command bar it runs until Ctrl-C as kubectl does, printing
"Handling connection for PORT" for each request, and gives up ("lost connection to pod") once a
connection finds nothing listening on the pod's port; in a script it ends at once and its ports
stay open for the script's next lines, as `kubectl port-forward … &` would.
"""

from __future__ import annotations

import hashlib

from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    get_object,
    help_error,
    kind_for,
)
from kubetui.kubectl.localhost import Forward, forwards
from kubetui.model.labels import parse as parse_selector


def _port(text: str, what: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise CommandError(f'error: Error parsing {what} port \'{text}\': strconv.ParseUint: parsing "{text}": '
                           "invalid syntax")
    return int(text)


def _pod_for(ctx: Context, kind, obj: dict) -> dict:
    if kind.kind == "Pod":
        return obj
    selector = ((obj.get("spec") or {}).get("selector") or {})
    if kind.kind == "Service":
        if not selector:
            raise CommandError(f"error: invalid service '{obj['metadata']['name']}': Service is defined without "
                               "a selector")
        text = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
    else:
        text = ",".join(f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items()))
    pods = ctx.store.list("Pod", obj["metadata"].get("namespace"), parse_selector(text)) if text else []
    running = [p for p in pods if (p.get("status") or {}).get("phase") == "Running"]
    if not (running or pods):
        raise CommandError("error: timed out waiting for the condition")
    return sorted(running or pods, key=lambda p: p["metadata"]["name"])[0]


def _container_port(pod: dict, name: str) -> int | None:
    for c in pod["spec"].get("containers", []):
        for p in c.get("ports") or []:
            if p.get("name") == name:
                return p.get("containerPort")
    return None


def _remote(ctx: Context, kind, obj: dict, pod: dict, remote: str) -> int:
    if kind.kind == "Service":
        number = _port(remote, "remote")
        for p in obj["spec"].get("ports") or []:
            if p.get("port") == number:
                target = p.get("targetPort", number)
                if isinstance(target, str):
                    found = _container_port(pod, target)
                    if found is None:
                        raise CommandError(f"error: Pod '{pod['metadata']['name']}' does not have a named port "
                                           f"'{target}'")
                    return found
                return int(target)
        raise CommandError(f"error: Service {obj['metadata']['name']} does not have a service port {number}")
    if remote.isdigit():
        return _port(remote, "remote")
    found = _container_port(pod, remote)
    if found is None:
        raise CommandError(f"error: Pod '{pod['metadata']['name']}' does not have a named port '{remote}'")
    return found


def port_forward(ctx: Context):
    args = ctx.parsed.args
    if len(args) < 2:
        raise help_error(ctx.parsed, "TYPE/NAME and list of ports are required for port-forward")
    word, slash, name = args[0].partition("/")
    kind = kind_for(word) if slash else kind_for("pod")
    name = name if slash else args[0]
    obj = get_object(ctx, kind, name)
    if kind.kind not in ("Pod", "Service", "Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"):
        raise CommandError(f"error: cannot attach to *v1.{kind.kind}: selector for {kind.kind} not implemented")
    pod = _pod_for(ctx, kind, obj)
    phase = (pod.get("status") or {}).get("phase", "Pending")
    if phase != "Running":
        raise CommandError(f"error: unable to forward port because pod is not running. Current status={phase}")
    addresses = []
    for a in ctx.flag("address") or ["localhost"]:
        addresses += ["127.0.0.1", "[::1]"] if a == "localhost" else [a]
    lines, ports = [], []
    for spec in args[1:]:
        local, colon, remote = spec.partition(":")
        if not colon:
            local, remote = spec, spec
        target = _remote(ctx, kind, obj, pod, remote)
        if local:
            port = _port(local, "local")
        else:
            digest = hashlib.sha256(f"{pod['metadata']['name']}:{spec}".encode()).digest()
            port = 32768 + int.from_bytes(digest[:2], "big") % 28000
        lines += [f"Forwarding from {a}:{port} -> {target}" for a in addresses]
        ports.append((port, target))
    listening = forwards(ctx.sim)
    busy = [(p, t) for p, t in ports if p in listening and listening[p].owner != 0]
    if busy and ctx.interactive:
        for p, _ in busy:
            ctx.error(f"Unable to listen on port {p}: Listeners failed to create with the following errors: "
                      f"[unable to create listener: Error listen tcp4 127.0.0.1:{p}: bind: address already in use "
                      f"unable to create listener: Error listen tcp6 [::1]:{p}: bind: address already in use]")
        raise CommandError("error: unable to listen on any of the requested ports: "
                           f"[{' '.join(f'{{{p} {t}}}' for p, t in busy)}]")
    for line in lines:
        ctx.print(line)
    if not _listening_possible(ctx):
        return 0
    owner = max((f.owner for f in listening.values()), default=0) + 1 if ctx.interactive else 0
    for p, t in ports:
        listening[p] = Forward(pod["metadata"]["namespace"], pod["metadata"]["name"], pod["metadata"]["uid"], t, owner)
    if not ctx.blocking or not ctx.interactive:
        return 0
    try:
        while True:
            yield
            for p, _ in ports:
                forward = listening.get(p)
                while forward is not None and forward.handled:
                    forward.handled -= 1
                    ctx.print(f"Handling connection for {p}")
                if forward is not None and forward.failed:
                    quoted = forward.failed[0].replace("\\", "\\\\").replace('"', '\\"')
                    ctx.error(f'E0000 00:00:00.000000       1 portforward.go:549] "An error occurred forwarding" '
                              f'err="{quoted}" localPort={p} remotePort={forward.target}')
                    ctx.error("error: lost connection to pod")
                    return 1
            live = ctx.store.get("Pod", pod["metadata"].get("namespace"), pod["metadata"]["name"])
            if live is None or live["metadata"].get("uid") != pod["metadata"].get("uid"):
                port, target = ports[0]
                ctx.error(f"E0000 00:00:00.000000       1 portforward.go:413] an error occurred forwarding "
                          f"{port} -> {target}: error forwarding port {target} to pod {pod['metadata']['uid']}, "
                          "uid : pod not found")
                return 1
    finally:
        for p, _ in ports:
            if p in listening and listening[p].owner == owner:
                del listening[p]


def _listening_possible(ctx: Context) -> bool:
    """The door keeps the listening ports (the player's machine); other callers have none."""
    return isinstance(getattr(ctx.sim, "forwards", None), dict)
