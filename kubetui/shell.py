"""The one door: every change to the cluster enters here as a command line and is recorded.

The command bar, scripts, scenario timelines, exercises, the exam and replay all hand their
lines to `Simulation.run` (to the end), `Simulation.start` (a command that goes on while the
game does) or `Simulation.schedule` (at a later tick). The door records each line with its
tick, then dispatches it to kubectl or to the `sim …` commands of the engine's faults. The
engine never imports kubectl: this class extends it. The HTTP API (`kubetui.api`) hands every
Kubernetes API request to `Simulation.request`, which records those that may change state and
dispatches them to the API server's handlers (`kubetui.engine.rest`).

A command that waits (`rollout status`, `wait`, `drain`) is a generator in kubectl; the door
steps the clock between its polls. A command that runs inside a tick (a timeline entry) never
waits: the clock cannot move while it is moving.
"""

from __future__ import annotations

import heapq
import re
import shlex
from dataclasses import dataclass

from kubetui.engine import rest
from kubetui.engine.faults import run_sim_command
from kubetui.engine.simulation import Result, TickResult
from kubetui.engine.simulation import Simulation as Cluster
from kubetui.kubectl import Invocation, start_kubectl

__all__ = ["Finished", "Result", "Simulation", "TickResult", "normalize"]


@dataclass
class Finished:
    """What `Simulation.start` returns for a command that ended at once."""

    seq: int
    result: Result
    done: bool = True

    @property
    def exit_code(self) -> int:
        return self.result.exit_code

    @property
    def stdout(self) -> str:
        return self.result.stdout

    @property
    def stderr(self) -> str:
        return self.result.stderr

    def poll(self) -> Result:
        return self.result

    def cancel(self) -> Result:
        return self.result


class Simulation(Cluster):
    """A cluster with its one door: what `from kubetui import Simulation` gives."""

    def __init__(self, *args, **kwargs):
        self.command_log: list[dict] = []
        """Every command run, in order: {tick, seq, source, line, stdin, scheduled} (what a replay needs)."""
        self.background: dict[int, Invocation] = {}
        """Commands `start`ed and still waiting, by command seq (polled after every tick)."""
        self.cwd = "."
        """Folder that relative `-f` paths are read from when a command names none (the
        scenario's folder, for its set-up and timeline)."""
        self._command_seq = 0
        self._scheduled: list[tuple[int, int, str, str | None, str, str]] = []
        """(tick, seq, line, stdin, source, cwd): commands `schedule`d for a later tick."""
        self._in_tick = False
        """True while the clock moves: a command run then cannot wait, and `step` does nothing."""
        self._reported = 0
        """Commands already reported in a TickResult: what a player typed between two ticks is
        reported with the next one."""
        super().__init__(*args, **kwargs)

    # -- the clock -----------------------------------------------------------------------------
    def step(self, n: int = 1) -> TickResult:
        """Advance `n` ticks. A command the clock itself runs (a timeline entry) cannot step
        time: a blocking command there returns at once instead of waiting."""
        if self._in_tick:
            return TickResult(self.tick)
        self._in_tick = True
        try:
            return super().step(n)
        finally:
            self._in_tick = False

    def after_tick(self) -> None:
        while self._scheduled and self._scheduled[0][0] <= self.tick:
            _, _, line, stdin, source, cwd = heapq.heappop(self._scheduled)
            self.run(line, stdin=stdin, source=source, scheduled=True, cwd=cwd)
        for seq, invocation in list(self.background.items()):
            if invocation.poll() is not None:
                del self.background[seq]

    def report(self) -> TickResult:
        result = super().report()
        result.commands = self.command_log[self._reported:]
        self._reported = len(self.command_log)
        return result

    def waiting_commands(self) -> list[int]:
        return sorted(self.background)

    def fork(self) -> Simulation:
        """An independent copy (a look-ahead objective's future). Commands still waiting stay
        behind: a generator cannot be copied, so the copy's future is the cluster's alone."""
        waiting, self.background = self.background, {}
        try:
            return super().fork()  # type: ignore[return-value]
        finally:
            self.background = waiting

    # -- the door ------------------------------------------------------------------------------
    def run(self, line: str, stdin: str | None = None, source: str = "player", *, scheduled: bool = False,
            cwd: str | None = None) -> Result:
        """Run one command line (`kubectl ...`, `k ...`, `sim ...`) to its end, as a player would type it.

        A command that waits in kubectl steps the clock until it is done. `scheduled` marks
        commands the door ran from `schedule()` (a replay schedules them again rather than typing
        them). Relative `-f` paths are read from `cwd` (by default the door's `cwd`).
        """
        cwd = self.cwd if cwd is None else str(cwd)
        self._record(line, stdin, source, cwd, scheduled=scheduled)
        argv, early = _split(line)
        if early is not None:
            return early
        if argv[0] == "sim":
            return run_sim_command(self, argv[1:])
        invocation = start_kubectl(self, argv, stdin, wait=not self._in_tick, interactive=False, cwd=cwd)
        while invocation.poll() is None:
            self.step(1)
        assert invocation.result is not None
        return invocation.result

    def start(self, line: str, stdin: str | None = None, source: str = "player", *,
              cwd: str | None = None) -> Invocation | Finished:
        """Start a command that goes on while the game does (the UI's way in).

        Returns an invocation (`done`, `stdout`, `stderr`, `poll()`, `result`, `seq`). A command
        that waits (`rollout status`, `get -w`, `logs -f`) is polled at the end of every tick
        until it ends or `cancel(seq)` stops it — the same in play and in replay.
        """
        cwd = self.cwd if cwd is None else str(cwd)
        record = self._record(line, stdin, source, cwd, background=True)
        argv, early = _split(line)
        if early is None and argv[0] == "sim":
            early = run_sim_command(self, argv[1:])
        if early is not None:
            return Finished(record["seq"], early)
        invocation = start_kubectl(self, argv, stdin, cwd=cwd)
        invocation.seq = record["seq"]
        if invocation.poll() is None:
            self.background[record["seq"]] = invocation
        return invocation

    def cancel(self, seq: int, source: str = "player") -> Result | None:
        """Ctrl-C for a command `start` left running; recorded so a replay cancels it too."""
        invocation = self.background.pop(seq, None)
        if invocation is None:
            return None
        self._record("^C", None, source, self.cwd, cancels=seq)
        return invocation.cancel()

    def request(self, method: str, path: str, query: str = "", body: str = "", content_type: str = "", *,
                user: str = "kubetui-admin", source: str = "api") -> rest.Response:
        """One Kubernetes API request (the real kubectl's, a client library's), served between
        ticks. Reads are served as they are; a request that may change state (POST, PUT, PATCH,
        DELETE) is recorded first, with what a replay needs to send it again."""
        method = method.upper()
        if method in rest.WRITE_METHODS:
            self._record(f"{method} {path}{'?' + query if query else ''}", None, source, self.cwd,
                         request={"method": method, "path": path, "query": query, "contentType": content_type,
                                  "body": body, "user": user})
        return rest.handle(self, rest.Request(method, path, query, content_type, body, user))

    def schedule(self, tick: int, line: str, stdin: str | None = None, source: str = "timeline", *,
                 cwd: str | None = None) -> None:
        """Run `line` once tick `tick` has been simulated (scenario timelines, `@tick` lines):
        the same moment a player typing at tick `tick` would, so headless runs, play and
        replays agree. Relative paths resolve against `cwd` (by default the door's, now)."""
        self._command_seq += 1
        heapq.heappush(self._scheduled, (tick, self._command_seq, line, stdin, source,
                                         self.cwd if cwd is None else str(cwd)))

    def scheduled(self) -> list[tuple[int, str, str | None, str]]:
        """Commands waiting for their tick, in the order they will run: (tick, line, stdin, source)."""
        return [(tick, line, stdin, source) for tick, _, line, stdin, source, _ in sorted(self._scheduled)]

    def _record(self, line: str, stdin: str | None, source: str, cwd: str, **extra) -> dict:
        self._command_seq += 1
        record = {"tick": self.tick, "seq": self._command_seq, "source": source, "line": line, "stdin": stdin,
                  "scheduled": False, "cwd": cwd, **extra}
        self.command_log.append(record)
        for observer in self.observers:
            observer.on_command(record)
        return record


def _split(line: str) -> tuple[list[str], Result | None]:
    """The words of a command line, or the Result that ends it before it starts."""
    try:
        argv = shlex.split(line, comments=False)
    except ValueError as exc:
        return [], Result(1, "", f"error: {exc}\n")
    return argv, (Result(0) if not argv else None)


def normalize(line: str) -> str:
    """A command line as the door expects it: `kubectl` added when the player left it out."""
    line = line.strip()
    if not line:
        return ""
    word = line.split(None, 1)[0]
    if word in ("kubectl", "k", "sim") or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", word):
        return line
    return f"kubectl {line}"
