"""pods/NAME/exec over WebSocket (the `v5.channel.k8s.io` streaming protocol, and v4) or a plain
SPDY/3.1 connection (kubetui.api.streams).

The command runs through the door as `kubectl exec` does in the game (recorded, replayed), and
its output travels back on the protocol's channels: a binary message whose first byte is the
channel (1 stdout, 2 stderr), then the command's end as a Status on channel 3 (Success, or
NonZeroExitCode with the exit code as its cause). Stdin (channel 0) is read until the client
closes it (v5) and handed to the command; but a shell on stdin without a terminal (`exec -i POD
-- sh`, the clock running) reads it as a pipe, each whole command run as it arrives (`_pipe`).
The streams carry bytes: the shell holds those that are not UTF-8 as surrogate escapes
(`fs.as_text`), so a binary file travels both ways unchanged.

With a terminal (`kubectl exec -it POD -- sh`, `tty=true`) the server plays the terminal's
side: it echoes keystrokes, edits the line (backspace, ^C, ^D) and prints the shell's prompt; the
shell is the one the command bar opens, `kubectl exec -i -t POD -- sh` started through the door,
each line entered sent into it (`Simulation.send`: recorded, replayed), so the shell's state lasts
between lines; output goes to stdout with the terminal's CR LF line ends. A command other than a
shell runs once, its output on the terminal. The terminal's size (the resize channel, 4) reaches the shell's
terminal through the door (`Simulation.resize`): `stty size` answers it.
"""

from __future__ import annotations

import asyncio
import json
import posixpath
import re
import shlex
from typing import TYPE_CHECKING

from aiohttp import web

from kubetui.api.streams import (
    CLOSE,
    ERROR,
    RESIZE,
    STDERR,
    STDIN,
    STDOUT,
    SpdyChannels,
    open_channels,
    size_of,
    wants_spdy,
    wants_websocket,
)
from kubetui.engine.kubelet.shell.fs import as_bytes, as_text
from kubetui.kubectl.commands.exec import EOF, INTR

if TYPE_CHECKING:
    from kubetui.engine.rest import RequestInfo
    from kubetui.shell import Simulation

SHELL_WORDS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash")
STDIN_WAIT = 2.0
"""Seconds to wait for the client to finish sending stdin."""

_EXIT = re.compile(r"command terminated with exit code (\d+)\n?$")


def wants_stream(request: web.Request) -> bool:
    """Whether the request upgrades its connection to carry streams (WebSocket or SPDY)."""
    return wants_websocket(request) or wants_spdy(request)


def command_line(info: RequestInfo, query) -> tuple[str, list[str]]:
    """The `kubectl exec` line this request stands for, and the command's words."""
    words = query.getall("command", [])
    line = ["kubectl", "exec", info.name or "", "-n", info.namespace or "default"]
    if query.get("container"):
        line += ["-c", query["container"]]
    if query.get("stdin") in ("true", "1"):
        line.append("-i")
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


async def serve(request: web.Request, sim: Simulation, info: RequestInfo, user: str,
                clock=None) -> web.StreamResponse:
    """With the server's `clock` running, the command's output travels as it prints it (a
    `sleep` in it takes its simulated seconds); paused, the command runs to its end at once."""
    ch = await open_channels(request)
    if isinstance(ch, web.Response):
        return ch
    line, words = command_line(info, request.query)
    if request.query.get("tty") in ("true", "1") and words:
        await Terminal(ch, sim, info, request.query, words).run()
        return ch.response
    stdin = None
    if request.query.get("stdin") in ("true", "1"):
        if _reads_lines(words) and clock is not None and not clock.paused:
            await _pipe(ch, sim, line, words)
            return ch.response
        stdin = await _read_stdin(ch)
    sent = [0, 0]
    invocation = None
    try:
        if not words:
            result_code, out, err = 1, "", "error: you must specify at least one command for the container\n"
        elif clock is None or clock.paused:
            result = sim.run(line, stdin=stdin, source="api")
            result_code, out, err = result.exit_code, result.stdout, result.stderr
        else:
            invocation = sim.start(line, stdin=stdin, source="api")
            while not invocation.done:
                await _send_new(ch, invocation.stdout, invocation.stderr, sent)
                await asyncio.sleep(0.05)
            result_code, out, err = invocation.exit_code or 0, invocation.stdout, invocation.stderr
        end, err = status(result_code, err, words)
        await _send_new(ch, out, err, sent)
        await ch.send(ERROR, json.dumps(end).encode())
        await ch.close()
    except (ConnectionResetError, RuntimeError):
        if invocation is not None and not invocation.done:
            sim.cancel(invocation.seq, source="api")  # the client left: the command is hung up on
    return ch.response


def _reads_lines(words: list[str]) -> bool:
    """`exec -i POD -- sh`: a shell reading its stdin."""
    return len(words) == 1 and posixpath.basename(words[0]) in {posixpath.basename(w) for w in SHELL_WORDS}


async def _pipe(ch, sim: Simulation, line: str, words: list[str]) -> None:
    """A shell on a pipe, as in a container: each line runs once it has arrived (a whole
    command: `if` … `fi` waits for its `fi`), its output sent as it prints it; the end of stdin
    (^D on kubectl's side: WebSocket v5's close message, SPDY's FIN; v4 has none, so there, as in
    `_read_stdin`, STDIN_WAIT seconds without input) ends the shell with the last command's status. The shell is the game's
    `kubectl exec -i POD -- sh` started through the door, each line a `Simulation.send`, so a
    replay types the same lines into the same shell. (With the clock paused the shell reads all of
    stdin first and runs to its end at once, its `sleep`s taking no time.)"""
    invocation = sim.start(line, source="api")
    sent = [0, 0]
    if not invocation.done and getattr(invocation, "terminal", None) is not None:
        inbox: asyncio.Queue = asyncio.Queue()
        reader = asyncio.create_task(_receive(ch, inbox))
        pending, eof = bytearray(), False
        says_eof = isinstance(ch, SpdyChannels) or getattr(ch, "v5", False)
        loop = asyncio.get_running_loop()
        heard = loop.time()
        try:
            while not invocation.done:
                await _send_new(ch, invocation.stdout, invocation.stderr, sent)
                try:
                    got = await asyncio.wait_for(inbox.get(), 0.05)
                except asyncio.TimeoutError:
                    if says_eof or eof or loop.time() - heard < STDIN_WAIT:
                        continue
                    got = (CLOSE, bytes([STDIN]))
                if got is None:  # the client left: the shell is hung up on
                    sim.cancel(invocation.seq, source="api")
                    return
                channel, payload = got
                heard = loop.time()
                if channel == CLOSE and payload[:1] == bytes([STDIN]) and not eof:
                    eof = True
                    sim.send(invocation.seq, "\n".join([*([as_text(bytes(pending))] if pending else []), EOF]),
                             source="api")
                elif channel == STDIN and not eof:
                    pending += payload
                    if b"\n" in pending:
                        whole, _, rest = bytes(pending).rpartition(b"\n")
                        pending = bytearray(rest)
                        sim.send(invocation.seq, as_text(whole), source="api")
        finally:
            reader.cancel()
    end, err = status(invocation.exit_code or 0, invocation.stderr, words)
    try:
        await _send_new(ch, invocation.stdout, err, sent)
        await ch.send(ERROR, json.dumps(end).encode())
        await ch.close()
    except (ConnectionResetError, RuntimeError):
        pass


async def _receive(ch, inbox: asyncio.Queue) -> None:
    """What the client sends, as it comes (None once it left)."""
    try:
        while (got := await ch.receive()) is not None:
            await inbox.put(got)
    except (ConnectionResetError, RuntimeError):
        pass
    await inbox.put(None)


async def _send_new(ch, out: str, err: str, sent: list[int]) -> None:
    """What the command printed since last sent, on stdout and stderr."""
    if len(out) > sent[0]:
        await ch.send(STDOUT, as_bytes(out[sent[0]:]))
        sent[0] = len(out)
    if len(err) > sent[1]:
        await ch.send(STDERR, as_bytes(err[sent[1]:]))
        sent[1] = len(err)


async def _read_stdin(ch) -> str:
    """Stdin until the client closes it (v5, SPDY) or stops sending for a while (v4)."""
    data = bytearray()
    while True:
        try:
            got = await ch.receive(timeout=STDIN_WAIT)
        except asyncio.TimeoutError:
            break
        if got is None:
            break
        channel, payload = got
        if channel == CLOSE and payload[:1] == bytes([STDIN]):
            break
        if channel == STDIN:
            data += payload
    return as_text(bytes(data))


class Terminal:
    """The terminal side of `exec -it`: echo, line editing, ^C and ^D here; the shell is the
    game's own (`kubectl exec -it POD -- sh` started through the door, each line entered a
    `Simulation.send`), so variables, functions and the working directory last for the session
    and a replay types the same lines into the same shell."""

    def __init__(self, ch, sim: Simulation, info: RequestInfo, query, words: list[str], attached: bool = False):
        self.ch, self.sim, self.info, self.words = ch, sim, info, words
        self.attached = attached
        """Attached to the container's own shell (`kubectl run -it`): its end ends the container."""
        pod = sim.store.get("Pod", info.namespace or "default", info.name or "") or {"spec": {"containers": []}}
        containers = pod["spec"]["containers"]
        every = [*containers, *(pod["spec"].get("initContainers") or []), *(pod["spec"].get("ephemeralContainers") or [])]
        chosen = next((c for c in every if c["name"] == query.get("container")), containers[0] if containers else {})
        self.container = chosen.get("name", "")
        self.line = bytearray()
        self.escape = 0
        self.shell = None
        self.shown = [0, 0]
        """How much of the shell command's stdout and stderr the terminal has shown."""
        self.said = 0
        """How much of the shell command's transcript (both, in order) the terminal has shown."""
        self.waiting = False
        """A line runs (sleeps, follows a file): the prompt comes back when it ends."""
        self.ahead = bytearray()
        """Keys typed while a line runs, read at the next prompt (a terminal's input queue)."""

    def exec_line(self, words: list[str], terminal: bool = False) -> str:
        flags = ["-i", "-t"] if terminal else []
        return shlex.join(["kubectl", "exec", *flags, self.info.name or "", "-n", self.info.namespace or "default",
                           "-c", self.container, "--", *words])

    async def send(self, text: str, channel: int = STDOUT) -> None:
        await self.ch.send(channel, as_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n")))

    async def show(self, skip: str = "") -> None:
        """What the shell printed since last shown (less the echo of the line, `skip`: the terminal
        echoed it key by key); kubectl prints the exit code line itself, from the Status."""
        out, err = self.shell.stdout[self.shown[0]:], self.shell.stderr[self.shown[1]:]
        self.shown = [self.shown[0] + len(out), self.shown[1] + len(err)]
        said = self.shell.transcript
        if said is not None:  # a terminal is one stream: the two in the order the shell wrote them
            both = "".join(text for _, text in said[self.said:])
            self.said = len(said)
        else:
            both = out + err
        both = both.removeprefix(skip)
        if self.shell.done:
            m = _EXIT.search(both)
            both = both[:m.start()] if m else both
        if both:
            await self.send(both)

    async def run(self) -> None:
        try:
            if posixpath.basename(self.words[0]) not in {posixpath.basename(w) for w in SHELL_WORDS} or (
                    len(self.words) > 1 and self.words[1] == "-c"):
                result = self.sim.run(self.exec_line(self.words), source="api")
                m = _EXIT.search(result.stderr)
                await self.send(result.stdout + (result.stderr[:m.start()] if m else result.stderr))
                await self.end(result.exit_code)
                return
            self.shell = self.sim.start(self.exec_line(self.words[:1], terminal=True), source="api")
            if self.shell.done or self.shell.terminal is None:
                await self.show()
                await self.end(self.shell.exit_code or 0)
                return
            await self.send(self.shell.terminal.prompt)
            inbox: asyncio.Queue = asyncio.Queue()
            reader = asyncio.create_task(self._receive(inbox))
            try:
                await self.converse(inbox)
            finally:
                reader.cancel()
            if not self.shell.done:
                self.sim.cancel(self.shell.seq, source="api")  # the client left: the shell is hung up on
                return
            code = self.shell.exit_code or 0
            if self.attached:
                self.sim.run(shlex.join(["sim", "exit", f"pod/{self.info.name}", str(code), "-c",
                                         self.container, "-n", self.info.namespace or "default"]), source="api")
            await self.end(code)
        except (ConnectionResetError, RuntimeError):
            if self.shell is not None and not self.shell.done:
                self.sim.cancel(self.shell.seq, source="api")

    async def _receive(self, inbox: asyncio.Queue) -> None:
        """What the client sends, as it comes, for `converse` (None once it closed)."""
        try:
            while (got := await self.ch.receive()) is not None:
                await inbox.put(got)
        except (ConnectionResetError, RuntimeError):
            pass
        await inbox.put(None)

    async def converse(self, inbox: asyncio.Queue) -> None:
        """Keys to the shell and its output back, until the shell exits or the client leaves.
        While a line runs, keys wait in the terminal's input queue (`ahead`) for the prompt, all
        but ^C: it interrupts the line at once (the terminal's INTR, through the door)."""
        while True:
            if self.waiting:
                await self.show()
                if self.shell.done:
                    return
                if not self.shell.terminal.busy:
                    self.waiting = False
                    await self.send(self.shell.terminal.prompt)
                    ahead, self.ahead = bytes(self.ahead), bytearray()
                    if ahead and not await self.keys(ahead):
                        return
                    continue
            try:
                got = await (asyncio.wait_for(inbox.get(), 0.05) if self.waiting else inbox.get())
            except asyncio.TimeoutError:
                continue
            if got is None:
                return
            channel, payload = got
            if channel == CLOSE and payload[:1] == bytes([STDIN]):
                return
            if channel == RESIZE:
                self.resize(payload)
            elif channel == STDIN and self.waiting:
                if 0x03 in payload:
                    self.ahead = bytearray(payload[payload.rindex(0x03) + 1:])
                    self.sim.send(self.shell.seq, INTR, source="api")
                else:
                    self.ahead += payload
            elif channel == STDIN and not await self.keys(payload):
                return

    def resize(self, payload: bytes) -> None:
        """The client's window took a size (its first message, then every SIGWINCH): the shell's
        terminal learns it through the door, so `stty size` answers it in a replay too."""
        size = size_of(payload)
        if size is not None and self.shell is not None and not self.shell.done:
            self.sim.resize(self.shell.seq, *size, source="api")

    async def keys(self, data: bytes) -> bool:
        """Handle typed bytes (those after a line that keeps running wait in `ahead`); False once
        the shell has exited."""
        for i, b in enumerate(data):
            if self.waiting:
                self.ahead += data[i:]
                break
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
            elif b in (0x7F, 0x08):
                if self.line:
                    del self.line[-1]
                    await self.send("\b \b")
            elif b == 0x03:
                self.line.clear()
                prompt = self.shell.terminal.prompt
                self.sim.send(self.shell.seq, INTR, source="api")  # `$?` is 130 after it
                await self.show(skip=f"{prompt}^C\n")
                await self.send("^C\n" + self.shell.terminal.prompt)
            elif b == 0x04:
                if not self.line:
                    await self.send("exit\n" if self.shell.terminal.shell == "bash" else "\n")
                    return await self.enter("exit", echo=False)
            elif b >= 0x20:
                self.line.append(b)
                await self.ch.send(STDOUT, bytes([b]))
        return True

    async def enter(self, text: str, echo: bool = True) -> bool:
        """A line through the door into the shell; shows its output as it comes (a `sleep` holds
        the prompt back while the clock runs). False once the shell has ended."""
        await self.show()
        echo = f"{self.shell.terminal.prompt}{text}\n"
        self.sim.send(self.shell.seq, text, source="api")
        await self.show(skip=echo)
        if self.shell.done:
            return False
        if self.shell.terminal is not None and self.shell.terminal.busy:
            self.waiting = True  # the prompt comes back when the line ends (`converse`)
            return True
        await self.send(self.shell.terminal.prompt)
        return True

    async def end(self, code: int) -> None:
        """The Status that closes the session: an exec's exit code; attach's is always Success (the
        kubelet's attach reports only a failure to attach; `kubectl run` reads the code from the pod)."""
        code = 0 if self.attached else code
        end, _ = status(code, f"command terminated with exit code {code}\n" if code else "", self.words)
        await self.ch.send(ERROR, json.dumps(end).encode())
        await self.ch.close()
