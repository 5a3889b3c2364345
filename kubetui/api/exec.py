"""pods/NAME/exec over WebSocket (the `v5.channel.k8s.io` streaming protocol, and v4).

The command runs through the door as `kubectl exec` does in the game (recorded, replayed), and
its output travels back on the protocol's channels: a binary message whose first byte is the
channel (1 stdout, 2 stderr), then the command's end as a Status on channel 3 (Success, or
NonZeroExitCode with the exit code as its cause). Stdin (channel 0) is read until the client
closes it (v5) and handed to the command.

With a terminal (`kubectl exec -it POD -- sh`, `tty=true`) the server plays the terminal's
side: it echoes keystrokes, edits the line (backspace, ^C, ^D), prints the shell's prompt, and
runs each line entered through the door as `kubectl exec POD -- sh -c 'cd DIR && LINE'` (so the
log replays it), keeping the working directory between lines; output goes to stdout with the
terminal's CR LF line ends. A command other than a shell runs once, its output on the terminal.
"""

from __future__ import annotations

import asyncio
import json
import posixpath
import re
import shlex
from typing import TYPE_CHECKING

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from kubetui.engine.rest import RequestInfo
    from kubetui.shell import Simulation

PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
STDIN, STDOUT, STDERR, ERROR, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
SHELL_WORDS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash")
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
    if request.query.get("tty") in ("true", "1") and words:
        await Terminal(ws, sim, info, request.query, words).run()
        return ws
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


class Terminal:
    """The terminal side of `exec -it`: line discipline, prompt, one door request per line."""

    def __init__(self, ws: web.WebSocketResponse, sim: Simulation, info: RequestInfo, query, words: list[str],
                 attached: bool = False):
        self.ws, self.sim, self.info, self.words = ws, sim, info, words
        self.attached = attached
        """Attached to the container's own shell (`kubectl run -it`): its end ends the container."""
        pod = sim.store.get("Pod", info.namespace or "default", info.name or "") or {"spec": {"containers": []}}
        containers = pod["spec"]["containers"]
        chosen = next((c for c in containers if c["name"] == query.get("container")), containers[0] if containers
                      else {})
        self.container = chosen.get("name", "")
        self.image = chosen.get("image", "")
        self.cwd = chosen.get("workingDir") or "/"
        self.line = bytearray()
        self.escape = 0
        self.exit_code = 0

    def prompt(self) -> str:
        where = "~" if self.cwd == "/root" else self.cwd
        if posixpath.basename(self.words[0]) == "bash":
            return f"root@{self.info.name}:{where}# "
        if any(name in self.image for name in ("busybox", "alpine")):
            return f"{where} # "
        return "# "

    async def send(self, text: str, channel: int = STDOUT) -> None:
        await self.ws.send_bytes(bytes([channel]) + text.replace("\r\n", "\n").replace("\n", "\r\n").encode())

    def door(self, script: str) -> tuple[int, str]:
        """Run one line through the door; (exit code, what the terminal shows)."""
        cmd = ["kubectl", "exec", self.info.name or "", "-n", self.info.namespace or "default", "-c",
               self.container, "--", "sh", "-c", script]
        result = self.sim.run(shlex.join(cmd), source="api")
        err = result.stderr
        m = _EXIT.search(err)
        if m:
            err = err[:m.start()]
        return result.exit_code, result.stdout + err

    async def run(self) -> None:
        try:
            if posixpath.basename(self.words[0]) not in {posixpath.basename(w) for w in SHELL_WORDS} or (
                    len(self.words) > 1 and self.words[1] == "-c"):
                code, out = self.door(shlex.join(self.words))
                await self.send(out)
                await self.end(code)
                return
            await self.send(self.prompt())
            async for msg in self.ws:
                if msg.type != WSMsgType.BINARY or not msg.data:
                    if msg.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                        return
                    continue
                channel, payload = msg.data[0], msg.data[1:]
                if channel == CLOSE and payload[:1] == bytes([STDIN]):
                    break
                if channel != STDIN:
                    continue  # resize: the simulated shell does not wrap lines
                if not await self.keys(payload):
                    if self.attached:
                        self.sim.run(shlex.join(["sim", "exit", f"pod/{self.info.name}", str(self.exit_code), "-c",
                                                 self.container, "-n", self.info.namespace or "default"]),
                                     source="api")
                    break
            await self.end(self.exit_code)
        except (ConnectionResetError, RuntimeError):
            pass

    async def keys(self, data: bytes) -> bool:
        """Handle typed bytes; False once the shell has exited."""
        for b in data:
            if self.escape:  # ESC [ ... final byte: arrows and the like, not simulated
                self.escape = 0 if (self.escape > 1 and 0x40 <= b <= 0x7E) else self.escape + 1
                continue
            if b == 0x1B:
                self.escape = 1
            elif b in (13, 10):
                await self.send("\n")
                text = self.line.decode("utf-8", "replace").strip()
                self.line.clear()
                if not await self.enter(text):
                    return False
                await self.send(self.prompt())
            elif b in (0x7F, 0x08):
                if self.line:
                    del self.line[-1]
                    await self.send("\b \b")
            elif b == 0x03:
                self.line.clear()
                await self.send("^C\n" + self.prompt())
            elif b == 0x04:
                if not self.line:
                    await self.send("exit\n" if "bash" in self.words[0] else "\n")
                    return False
            elif b >= 0x20:
                self.line.append(b)
                await self.ws.send_bytes(bytes([STDOUT, b]))
        return True

    async def enter(self, text: str) -> bool:
        if not text:
            return True
        words = text.split()
        if words[0] == "exit":
            self.exit_code = int(words[1]) if len(words) > 1 and words[1].isdigit() else self.exit_code
            return False
        if words[0] == "cd" and len(words) <= 2:
            target = words[1] if len(words) > 1 else "/root"
            code, out = self.door(f"cd {shlex.quote(self.cwd)} && cd {shlex.quote(target)} && pwd")
            if code == 0 and out.strip():
                self.cwd = out.strip().splitlines()[-1]
            else:
                await self.send(out)
            self.exit_code = code
            return True
        code, out = self.door(text if self.cwd == "/" else f"cd {shlex.quote(self.cwd)} && {text}")
        self.exit_code = code
        await self.send(out)
        return True

    async def end(self, code: int) -> None:
        end, _ = status(code, f"command terminated with exit code {code}\n" if code else "", self.words)
        await self.ws.send_bytes(bytes([ERROR]) + json.dumps(end).encode())
        await self.ws.close()
