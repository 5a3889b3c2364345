"""pods/NAME/exec over WebSocket (the `v5.channel.k8s.io` streaming protocol, and v4).

The command runs through the door as `kubectl exec` does in the game (recorded, replayed), and
its output travels back on the protocol's channels: a binary message whose first byte is the
channel (1 stdout, 2 stderr), then the command's end as a Status on channel 3 (Success, or
NonZeroExitCode with the exit code as its cause). Stdin (channel 0) is read until the client
closes it (v5) and handed to the command; a terminal (tty) is not simulated.
"""

from __future__ import annotations

import asyncio
import json
import re
import shlex
from typing import TYPE_CHECKING

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from kubetui.engine.rest import RequestInfo
    from kubetui.shell import Simulation

PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
STDIN, STDOUT, STDERR, ERROR, CLOSE = 0, 1, 2, 3, 255
STDIN_WAIT = 2.0
"""Seconds to wait for the client to finish sending stdin."""

_EXIT = re.compile(r"command terminated with exit code (\d+)\n?$")


def wants_websocket(request: web.Request) -> bool:
    return request.headers.get("Upgrade", "").lower() == "websocket"


def command_line(info: RequestInfo, query) -> tuple[str, list[str]]:
    """The `kubectl exec` line this request stands for, and the command's words."""
    words = query.getall("command", [])
    line = ["kubectl", "exec", info.name or "", "-n", info.namespace or "default"]
    if query.get("container"):
        line += ["-c", query["container"]]
    return shlex.join([*line, "--", *words]), words


def status(code: int, stderr: str, words: list[str]) -> tuple[dict, str]:
    """The Status of the command's end, and what of stderr is the command's own."""
    m = _EXIT.search(stderr)
    if code == 0:
        return {"metadata": {}, "status": "Success"}, stderr
    if m:
        exit_code = m.group(1)
        return {"metadata": {}, "status": "Failure", "reason": "NonZeroExitCode",
                "message": f"command terminated with non-zero exit code: error executing command {words}, "
                           f"exit code {exit_code}",
                "details": {"causes": [{"reason": "ExitCode", "message": exit_code}]}}, stderr[:m.start()]
    message = stderr.strip().removeprefix("error: ")
    return {"metadata": {}, "status": "Failure", "reason": "InternalError", "message": message,
            "details": {"causes": [{"message": message}]}, "code": 500}, ""


async def serve(request: web.Request, sim: Simulation, info: RequestInfo, user: str) -> web.StreamResponse:
    ws = web.WebSocketResponse(protocols=PROTOCOLS, autoping=True)
    await ws.prepare(request)
    line, words = command_line(info, request.query)
    stdin = None
    if request.query.get("stdin") in ("true", "1"):
        stdin = await _read_stdin(ws, v5=ws.ws_protocol == PROTOCOLS[0])
    if not words:
        result_code, out, err = 1, "", "error: you must specify at least one command for the container\n"
    else:
        result = sim.run(line, stdin=stdin, source="api")
        result_code, out, err = result.exit_code, result.stdout, result.stderr
    end, err = status(result_code, err, words)
    try:
        if out:
            await ws.send_bytes(bytes([STDOUT]) + out.encode())
        if err:
            await ws.send_bytes(bytes([STDERR]) + err.encode())
        await ws.send_bytes(bytes([ERROR]) + json.dumps(end).encode())
        await ws.close()
    except (ConnectionResetError, RuntimeError):
        pass
    return ws


async def _read_stdin(ws: web.WebSocketResponse, v5: bool) -> str:
    data = bytearray()
    while True:
        try:
            msg = await ws.receive(timeout=STDIN_WAIT)
        except asyncio.TimeoutError:
            break
        if msg.type != WSMsgType.BINARY or not msg.data:
            break
        channel, payload = msg.data[0], msg.data[1:]
        if v5 and channel == CLOSE and payload[:1] == bytes([STDIN]):
            break
        if channel == STDIN:
            data += payload
    return data.decode("utf-8", "replace")
