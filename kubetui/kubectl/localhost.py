"""The player's own machine, where kubectl runs: what `kubectl port-forward` opens on localhost,
and `curl` at the door reaching it.

The player's machine is outside the cluster: cluster DNS names and pod IPs are not reachable
from it, only the ports a port-forward listens on. A request there goes straight into the pod's
network namespace (as the kubelet's port-forward does; NetworkPolicies do not apply), where
something must listen on the forwarded port (the network's one rule: the app's ports, or a server
a process started).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0")


@dataclass
class Forward:
    """One listening port of a running `kubectl port-forward`."""

    namespace: str
    pod: str
    uid: str
    target: int
    owner: int
    """Tells one port-forward's listener from a later one's on the same port."""
    handled: int = 0
    """Connections handled so far (kubectl prints "Handling connection for PORT" for each)."""
    failed: list[str] | None = None
    """The kubelet's errors for connections that failed inside the pod (kubectl logs the first
    and gives up: "lost connection to pod")."""


def forwards(sim) -> dict[int, Forward]:
    """The ports forwarded now, by local port (kept by the door; none outside it)."""
    found = getattr(sim, "forwards", None)
    return found if isinstance(found, dict) else {}


def forwarded(sim) -> list[dict]:
    """The requests that went through a port-forward so far: {tick, namespace, pod, labels, port
    (the pod's), path, status (None: no answer)}, kept by the door (none outside it)."""
    found = getattr(sim, "forwarded", None)
    return found if isinstance(found, list) else []


def _note(sim, forward: Forward, pod: dict | None, path: str, status: int | None) -> None:
    log = getattr(sim, "forwarded", None)
    if isinstance(log, list):
        log.append({"tick": sim.tick, "namespace": forward.namespace, "pod": forward.pod,
                    "labels": dict(((pod or {}).get("metadata") or {}).get("labels") or {}),
                    "port": forward.target, "path": path, "status": status})


def _url(words: list[str]) -> str | None:
    skip = {"-H", "--header", "-o", "--output", "-X", "--request", "-d", "--data", "-m", "--max-time", "-w",
            "-A", "--user-agent"}
    for i, w in enumerate(words):
        if not w.startswith("-") and not (i and words[i - 1] in skip):
            return w
    return None


def _option(words: list[str], short: str, long: str) -> str | None:
    """The value of curl's `-X GET` / `--request=GET` style option (the last one wins)."""
    found = None
    for i, w in enumerate(words):
        if w in (short, long) and i + 1 < len(words):
            found = words[i + 1]
        elif w.startswith(long + "="):
            found = w.split("=", 1)[1]
    return found


def curl(sim, args: list[str]) -> tuple[int, str, str]:
    """`curl URL` from the player's machine: (exit code, stdout, stderr) as curl prints them."""
    url = _url(args)
    if url is None:
        return 2, "", "curl: try 'curl --help' or 'curl --manual' for more information\n"
    m = re.match(r"^(?:(\w+)://)?(\[[^\]]*\]|[^/:]*)(?::(\d+))?", url)
    scheme, host, port_text = (m.group(1) or "http", m.group(2), m.group(3)) if m else ("http", "", None)
    port = int(port_text) if port_text else (443 if scheme == "https" else 80)
    if host not in LOCAL_HOSTS:
        if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", host):
            return 28, "", (f"curl: (28) Failed to connect to {host} port {port} after 10001 ms: "
                            "Timeout was reached\n")
        return 6, "", f"curl: (6) Could not resolve host: {host}\n"
    forward = forwards(sim).get(port)
    if forward is None:
        return 7, "", f"curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n"
    forward.handled += 1
    pod = sim.store.get("Pod", forward.namespace, forward.pod)
    path = "/" + url.split("://", 1)[-1].partition("/")[2]
    if pod is None or pod["metadata"].get("uid") != forward.uid or not sim.network.answers_on(pod, forward.target):
        _note(sim, forward, pod, path, None)
        from kubetui.engine.network.client import forward_refused

        forward.failed = [*(forward.failed or []), forward_refused(pod or {"metadata": {"uid": forward.uid}},
                                                                   forward.target)]
        return 52, "", "curl: (52) Empty reply from server\n"
    if scheme == "https":
        _note(sim, forward, pod, path, None)
        return 35, "", "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n"
    from kubetui.engine.network.client import pod_reply

    method = _option(args, "-X", "--request") or "GET"
    agent = _option(args, "-A", "--user-agent") or "curl/8.5.0"
    reply = pod_reply(sim, pod, forward.target, method, path, f"localhost:{port}", f"User-Agent: {agent}\r\n")
    _note(sim, forward, pod, path, reply.status if reply is not None else None)
    if reply is None:
        return 52, "", "curl: (52) Empty reply from server\n"
    return 0, reply.body, ""
