"""`kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: kubectl's checks and its "Forwarding
from" lines.

A Service's port becomes the pod port its targetPort names, a Deployment's (or ReplicaSet's,
StatefulSet's) pod is the first of its running pods, and the pod must be Running. kubetui has no
host network to listen on, so nothing reaches the forwarded port: in the command bar it waits
until Ctrl-C as kubectl does; in a script it ends once the forward is set up.
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
    lines = []
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
    for line in lines:
        ctx.print(line)
    if not ctx.blocking or not ctx.interactive:
        return 0
    while True:
        yield
        live = ctx.store.get("Pod", pod["metadata"].get("namespace"), pod["metadata"]["name"])
        if live is None or live["metadata"].get("uid") != pod["metadata"].get("uid"):
            ctx.error(f"E0000 00:00:00.000000       1 portforward.go:413] an error occurred forwarding "
                      f"{port} -> {target}: error forwarding port {target} to pod {pod['metadata']['uid']}, "
                      "uid : pod not found")
            return 1
