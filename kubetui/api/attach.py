"""pods/NAME/attach over WebSocket (`v5.channel.k8s.io`, as exec) or plain SPDY (kubetui.api.streams):
the container's output from
the moment of attaching, as it writes it, on the stdout channel, until the container stops
(then a Success Status on the error channel) or the client leaves.

Attaching reads only: what the client sends on stdin is read and dropped (the simulated
programs do not read a terminal), so nothing enters the door and a replay needs nothing. The
exception is a container whose command is a shell, attached with a terminal (`kubectl run -it
tmp --image=busybox -- sh`): that is a shell session, each line through the door as exec's.
"""

from __future__ import annotations

import asyncio
import json
import posixpath
from typing import TYPE_CHECKING

from aiohttp import web

from kubetui.api.exec import ERROR, SHELL_WORDS, STDOUT, Terminal
from kubetui.api.streams import open_channels
from kubetui.engine.kubelet.shell.fs import as_bytes
from kubetui.kubectl.commands.exec import main_command
from kubetui.kubectl.podlog import LogRequest, all_containers

if TYPE_CHECKING:
    from kubetui.engine.rest import RequestInfo
    from kubetui.shell import Simulation

POLL = 0.2
"""Seconds between looks at the container's output."""


def shell_words(sim: Simulation, info: RequestInfo, query) -> list[str] | None:
    """The container's shell command when it runs one with a terminal (`kubectl run -it … -- sh`),
    else None. Attaching with a terminal to such a container is a shell session (exec.Terminal)."""
    if query.get("tty") not in ("true", "1") or query.get("stdin") not in ("true", "1"):
        return None
    pod = sim.store.get("Pod", info.namespace or "default", info.name or "") or {"spec": {"containers": []}}
    containers = pod["spec"]["containers"]
    c = next((c for c in all_containers(pod["spec"]) if c["name"] == query.get("container")),
             containers[0] if containers else None)
    if c is None:
        return None
    words = main_command(sim, pod, c["name"])
    if words and posixpath.basename(words[0]) in {posixpath.basename(w) for w in SHELL_WORDS} and len(words) == 1:
        return words
    return None


async def serve(request: web.Request, sim: Simulation, info: RequestInfo, closing) -> web.StreamResponse:
    words = shell_words(sim, info, request.query)
    if words is not None:
        ch = await open_channels(request)
        if isinstance(ch, web.Response):
            return ch
        await Terminal(ch, sim, info, request.query, words, attached=True).run()
        return ch.response
    log = LogRequest(sim, info, request.query)
    log.lines()  # what was written before attaching is not attach's
    ch = await open_channels(request)
    if isinstance(ch, web.Response):
        return ch
    reader = asyncio.ensure_future(_drain(ch))
    try:
        while not closing() and not reader.done() and log.running():
            more = log.more()
            if more:
                await ch.send(STDOUT, as_bytes("".join(more)))
            await asyncio.sleep(POLL)
        more = log.more()
        if more and not reader.done():
            await ch.send(STDOUT, as_bytes("".join(more)))
        if not reader.done():
            await ch.send(ERROR, json.dumps({"metadata": {}, "status": "Success"}).encode())
            await ch.close()
    except (ConnectionResetError, RuntimeError):
        pass
    finally:
        reader.cancel()
    return ch.response


async def _drain(ch) -> None:
    """Read (and drop) what the client sends, until it closes."""
    while await ch.receive() is not None:
        pass
