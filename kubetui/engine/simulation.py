"""The public face of the engine: one simulated cluster, one clock, one seeded generator.

Every change enters through `run(line)` (a kubectl or `sim` command) and every second of
simulated time through `step()`. Within a tick the work happens in a fixed order: timers
(kubelets, node heartbeats, delayed queue keys), controllers, scheduler, then the commands
due at that tick (so the next tick's work sees them first) — the same scenario, seed and
commands give the same state in any process.
"""

from __future__ import annotations

import copy
import heapq
import random
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from kubetui.engine import nodes as node_setup
from kubetui.engine.events import EventRecorder
from kubetui.engine.images import ImageBehavior, Registry
from kubetui.engine.store import Store
from kubetui.model.clock import timestamp
from kubetui.model.kinds import KINDS
from kubetui.model.labels import parse as parse_selector

SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
"""The alphabet of generated name suffixes (Kubernetes' rand.String avoids vowels and look-alikes)."""

CONTROL_PLANE_COMPONENTS = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")


@dataclass
class Result:
    """What a command printed and how it ended, exactly as the real tool would."""

    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""


@dataclass
class TickResult:
    tick: int
    events: list[dict] = field(default_factory=list)
    """Kubernetes Events created or bumped since the previous tick's result (those caused by
    commands typed in between included)."""
    commands: list[dict] = field(default_factory=list)
    """Commands run since the previous tick's result (from any source)."""


@dataclass(order=True)
class _Timer:
    tick: int
    seq: int
    fn: Callable = field(compare=False)
    args: tuple = field(compare=False, default=())


class Simulation:
    """A whole cluster: API objects, control plane, nodes and their kubelets."""

    def __init__(self, seed: int = 0, nodes: int | list[dict] = 3, *, control_plane: bool = True,
                 node_pools: list[dict] | None = None, images: dict[str, ImageBehavior] | None = None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.tick = 0
        self._timers: list[_Timer] = []
        self._timer_seq = 0
        self._command_seq = 0
        self._advancing = False
        self._reported_commands = 0
        """Commands (and Events, in the recorder) since the last TickResult: what a player
        typed between two ticks is reported with the next one."""
        self.background: dict[int, object] = {}
        """Commands `start`ed and still waiting, by command seq (polled after every tick)."""
        self.command_log: list[dict] = []
        """Every command run, in order: {tick, seq, source, line, stdin} (what a replay needs)."""
        self._scheduled_commands: list[tuple[int, int, str, str | None, str]] = []
        self.store = Store(self)
        self.recorder = EventRecorder(self)
        self.registry = Registry(images)
        self.components: dict[str, bool] = {c: True for c in CONTROL_PLANE_COMPONENTS}
        """Control-plane components and whether each is running (`sim stop scheduler`)."""
        self.node_pools: dict[str, dict] = {}
        """Node pools the cluster autoscaler may grow and shrink, by name."""
        self.booting: dict[str, dict] = {}
        """VMs still booting: name -> {spec, since, ready} (a Node appears when they are up)."""
        self.node_index = -1
        self.scenario = None
        self.observers: list = []
        """Objects told of every command (`on_command(record)`) and tick (`on_tick(result)`):
        the event-log writer, the UI. They read; they never change the simulation."""
        self.cwd = "."
        """Folder that relative `-f` paths are read from (a script's or scenario's folder)."""

        from kubetui.engine import admission
        from kubetui.engine.controllers import all_controllers
        from kubetui.engine.kubelet import Kubelet
        from kubetui.engine.scheduler import Scheduler

        admission.install(self)
        self.kubelet = Kubelet(self)
        self.controllers = all_controllers(self)
        self.scheduler = Scheduler(self)
        node_setup.bootstrap(self, nodes, control_plane=control_plane, node_pools=node_pools or [])
        self.recorder.emitted.clear()
        self._reported_commands = len(self.command_log)

    # -- the clock ---------------------------------------------------------------------------
    def at(self, tick: int, fn: Callable, *args) -> None:
        """Call `fn(*args)` in the timer phase of `tick` (or of the next tick if that is past)."""
        self._timer_seq += 1
        heapq.heappush(self._timers, _Timer(max(tick, self.tick + 1), self._timer_seq, fn, args))

    def after(self, seconds: int, fn: Callable, *args) -> None:
        self.at(self.tick + max(1, seconds), fn, *args)

    def random_suffix(self, n: int = 5) -> str:
        return "".join(self.rng.choice(SUFFIX_ALPHABET) for _ in range(n))

    def step(self, n: int = 1) -> TickResult:
        """Advance `n` ticks; returns the last tick's result.

        A command run by the engine itself (a timeline entry) cannot step time: a blocking
        command there returns at once instead of waiting.
        """
        result = TickResult(self.tick)
        if self._advancing:
            return result
        self._advancing = True
        try:
            for _ in range(max(0, n)):
                result = self._advance()
        finally:
            self._advancing = False
        return result

    def _advance(self) -> TickResult:
        self.tick += 1
        ran = self._reported_commands
        while self._timers and self._timers[0].tick <= self.tick:
            timer = heapq.heappop(self._timers)
            timer.fn(*timer.args)
        if self.components["kube-controller-manager"]:
            for controller in self.controllers:
                controller.process()
        if self.components["kube-scheduler"]:
            self.scheduler.run()
        self.recorder.expire()
        while self._scheduled_commands and self._scheduled_commands[0][0] <= self.tick:
            _, _, line, stdin, source = heapq.heappop(self._scheduled_commands)
            self.run(line, stdin=stdin, source=source, scheduled=True)
        for seq, invocation in list(self.background.items()):
            if invocation.poll() is not None:
                del self.background[seq]
        result = TickResult(self.tick, self.recorder.emitted, self.command_log[ran:])
        self.recorder.emitted = []
        self._reported_commands = len(self.command_log)
        for observer in self.observers:
            observer.on_tick(result)
        return result

    def schedule(self, tick: int, line: str, stdin: str | None = None, source: str = "timeline") -> None:
        """Run `line` once tick `tick` has been simulated (scenario timelines, `@tick` lines):
        the same moment a player typing at tick `tick` would, so headless runs, play and
        replays agree."""
        self._command_seq += 1
        heapq.heappush(self._scheduled_commands, (tick, self._command_seq, line, stdin, source))

    # -- the one way in ------------------------------------------------------------------------
    def run(self, line: str, stdin: str | None = None, source: str = "player", *, scheduled: bool = False) -> Result:
        """Run one command line (`kubectl ...`, `k ...`, `sim ...`) as a player would type it.

        A command that waits in kubectl (`rollout status`, `wait`, `drain`) steps the clock
        until it is done. `scheduled` marks commands the engine ran from `schedule()` (a replay
        schedules them again rather than typing them).
        """
        self._record(line, stdin, source, scheduled=scheduled)
        argv, early = _split(line)
        if early is not None:
            return early
        if argv[0] == "sim":
            from kubetui.engine.faults import run_sim_command

            return run_sim_command(self, argv[1:])
        from kubetui.kubectl import run_kubectl

        return run_kubectl(self, argv, stdin=stdin)

    def start(self, line: str, stdin: str | None = None, source: str = "player"):
        """Start a command that goes on while the game does (the UI's way in).

        Returns an invocation (`done`, `stdout`, `stderr`, `poll()`, `result`, `seq`). A command
        that waits (`rollout status`, `get -w`, `logs -f`) is polled at the end of every tick
        until it ends or `cancel(seq)` stops it — the same in play and in replay.
        """
        record = self._record(line, stdin, source, background=True)
        argv, early = _split(line)
        if early is None and argv[0] == "sim":
            from kubetui.engine.faults import run_sim_command

            early = run_sim_command(self, argv[1:])
        if early is not None:
            return Finished(record["seq"], early)
        from kubetui.kubectl import start_kubectl

        invocation = start_kubectl(self, argv, stdin)
        invocation.seq = record["seq"]
        if invocation.poll() is None:
            self.background[record["seq"]] = invocation
        return invocation

    def cancel(self, seq: int, source: str = "player") -> Result | None:
        """Ctrl-C for a command `start` left running; recorded so a replay cancels it too."""
        invocation = self.background.pop(seq, None)
        if invocation is None:
            return None
        self._record("^C", None, source, cancels=seq)
        return invocation.cancel()

    def _record(self, line: str, stdin: str | None, source: str, **extra) -> dict:
        self._command_seq += 1
        record = {"tick": self.tick, "seq": self._command_seq, "source": source, "line": line, "stdin": stdin,
                  "scheduled": False, **extra}
        self.command_log.append(record)
        for observer in self.observers:
            observer.on_command(record)
        return record

    # -- reading -----------------------------------------------------------------------------
    def get(self, kind: str, name: str, namespace: str | None = "default") -> dict | None:
        kind = _kind_name(kind)
        obj = self.store.get(kind, namespace, name)
        return copy.deepcopy(obj) if obj is not None else None

    def list(self, kind: str, namespace: str | None = None, labels: str | None = None) -> list[dict]:
        kind = _kind_name(kind)
        return copy.deepcopy(self.store.list(kind, namespace, parse_selector(labels) if labels else None))

    def events(self) -> list[dict]:
        """Every Event still kept, oldest first."""
        evs = list(self.store.iter("Event"))
        evs.sort(key=lambda e: (e["firstTimestamp"], int(e["metadata"]["resourceVersion"])))
        return copy.deepcopy(evs)

    def checksum(self) -> str:
        """A hash of the whole state: objects, clock, generator, pending timers and commands."""
        import hashlib

        h = hashlib.blake2b(digest_size=16)
        h.update(self.store.checksum().encode())
        h.update(repr((self.tick, self.rng.getstate(), self.components, sorted(self.background))).encode())
        h.update(repr([(t.tick, t.seq, getattr(t.fn, "__qualname__", ""), _stable(t.args))
                       for t in sorted(self._timers)]).encode())
        h.update(self.kubelet.state_digest().encode())
        h.update(self.network.state_digest().encode())
        return h.hexdigest()

    def figures(self) -> dict:
        """Engine figures that objectives, the UI and `--json` read (cost, services, data)."""
        from kubetui.engine import figures

        return figures.collect(self)

    def now(self) -> str:
        return timestamp(self.tick)

    def api_available(self) -> bool:
        return self.components["kube-apiserver"] and self.components["etcd"]

    @classmethod
    def from_scenario(cls, path, seed: int = 0) -> Simulation:
        from kubetui.scenario.setup import simulation_for

        return simulation_for(path, seed)


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


def _split(line: str) -> tuple[list[str], Result | None]:
    """The words of a command line, or the Result that ends it before it starts."""
    try:
        argv = shlex.split(line, comments=False)
    except ValueError as exc:
        return [], Result(1, "", f"error: {exc}\n")
    return argv, (Result(0) if not argv else None)


def _stable(value):
    """A value's state for the checksum, without anything that varies between processes
    (objects' reprs carry their memory addresses)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (tuple, list)):
        return tuple(_stable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _stable(v)) for k, v in value.items()))
    return type(value).__name__


def _kind_name(kind: str) -> str:
    if kind in KINDS:
        return kind
    from kubetui.model.kinds import resolve

    k = resolve(kind)
    if k is None:
        raise KeyError(f'the server doesn\'t have a resource type "{kind}"')
    return k.kind
