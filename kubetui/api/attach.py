"""pods/NAME/attach over WebSocket (`v5.channel.k8s.io`, as exec): the container's output from
the moment of attaching, as it writes it, on the stdout channel, until the container stops
(then a Success Status on the error channel) or the client leaves.

Attaching reads only: what the client sends on stdin is read and dropped (the simulated
programs do not read a terminal), so nothing enters the door and a replay needs nothing.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

from aiohttp import WSMsgType, web

from kubetui.api.exec import ERROR, PROTOCOLS, STDOUT
from kubetui.api.logs import LogRequest

if TYPE_CHECKING:
    from kubetui.engine.rest import RequestInfo
    from kubetui.shell import Simulation

POLL = 0.2
"""Seconds between looks at the container's output."""


async def serve(request: web.Request, sim: Simulation, info: RequestInfo, closing) -> web.StreamResponse:
    log = LogRequest(sim, info, request.query)
    log.lines()  # what was written before attaching is not attach's
    ws = web.WebSocketResponse(protocols=PROTOCOLS, autoping=True)
    await ws.prepare(request)
    reader = asyncio.ensure_future(_drain(ws))
    try:
        while not closing() and not reader.done() and log.running():
            more = log.more()
            if more:
                await ws.send_bytes(bytes([STDOUT]) + "".join(more).encode())
            await asyncio.sleep(POLL)
        more = log.more()
        if more and not reader.done():
            await ws.send_bytes(bytes([STDOUT]) + "".join(more).encode())
        if not reader.done():
            await ws.send_bytes(bytes([ERROR]) + json.dumps({"metadata": {}, "status": "Success"}).encode())
            await ws.close()
    except (ConnectionResetError, RuntimeError):
        pass
    finally:
        reader.cancel()
    return ws


async def _drain(ws: web.WebSocketResponse) -> None:
    """Read (and drop) what the client sends, until it closes."""
    async for msg in ws:
        if msg.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
            break
