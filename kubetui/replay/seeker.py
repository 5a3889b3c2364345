"""Seeking in a replay: keyframes of the whole simulation, so any tick is a short step away.

A keyframe is the simulation pickled (with the replay's cursor into the log). Seeking restores
the last keyframe at or before the target and re-simulates the rest; stepping back is seeking
to the tick before. Keyframes are taken while the replay moves forward, whenever simulating
since the last one took longer than `KEYFRAME_SECONDS` of work (a quiet stretch of a big
cluster costs almost nothing per tick, a rollout of thousands of pods a lot), or every
`MAX_KEYFRAME_GAP` ticks; so a seek costs one restore plus a fraction of a second.
"""

from __future__ import annotations

import bisect
import gc
import io
import marshal
import pickle
import sys
import time
import types
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubetui.replay.replayer import Replay

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

KEYFRAME_SECONDS = 0.2
MAX_KEYFRAME_GAP = 2000
CHUNK = 25
"""Most ticks simulated between looks at the clock while moving forward (one at a time when busy)."""


@dataclass
class Keyframe:
    tick: int
    cursor: int
    commands: int
    """len(sim.command_log) at the keyframe: a seek notices a simulation someone wrote to."""
    blob: bytes | None
    """None: this keyframe is the log's start, rebuilt from the header rather than restored."""


def snapshot(sim: Simulation) -> bytes:
    """The whole simulation as bytes; observers (a UI, a log writer) are left out."""
    observers, sim.observers = sim.observers, []
    try:
        with _no_gc():
            buf = io.BytesIO()
            _Pickler(buf).dump(sim)
            return zlib.compress(buf.getvalue(), 1)
    finally:
        sim.observers = observers


def restore(blob: bytes) -> Simulation:
    with _no_gc():
        return pickle.loads(zlib.decompress(blob))


@contextmanager
def _no_gc():
    """A cluster is millions of small objects: collecting cycles while they are copied triples the cost."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Pickler(pickle.Pickler):
    """Pickles a simulation whole, including functions that close over its parts.

    Watchers and plugins registered as lambdas or nested functions hold the controller or store
    they belong to in their closure; plain pickle refuses them and `copy.deepcopy` shares them
    (so a copy would feed the original's queues). Here they are rebuilt around the copied
    objects. Snapshots never leave the process, so the functions' code travels as marshal bytes.
    """

    def __init__(self, file):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)

    def reducer_override(self, obj):
        if type(obj) is types.FunctionType and (obj.__closure__ or "<locals>" in obj.__qualname__
                                                 or obj.__name__ == "<lambda>"):
            cells = tuple(_contents(c) for c in obj.__closure__ or ())
            return (_rebuild_function, (marshal.dumps(obj.__code__), obj.__module__, obj.__name__, obj.__qualname__,
                                        obj.__defaults__, obj.__kwdefaults__, cells))
        return NotImplemented


class _Empty:
    """Stands for a closure cell not filled yet."""


def _contents(cell):
    try:
        return cell.cell_contents
    except ValueError:
        return _Empty


def _rebuild_function(code: bytes, module: str, name: str, qualname: str, defaults, kwdefaults, cells):
    closure = tuple(types.CellType() if c is _Empty else types.CellType(c) for c in cells)
    fn = types.FunctionType(marshal.loads(code), sys.modules[module].__dict__, name, defaults, closure or None)
    fn.__qualname__ = qualname
    fn.__kwdefaults__ = kwdefaults
    return fn


class Seeker:
    """Moves one replay simulation to any tick of the log, forward or back."""

    def __init__(self, replay: Replay, *, keyframe_seconds: float = KEYFRAME_SECONDS,
                 max_gap: int = MAX_KEYFRAME_GAP):
        self.replay = replay
        self.keyframe_seconds = keyframe_seconds
        self.max_gap = max_gap
        self.keyframes: list[Keyframe] = []
        self.sim = replay.base()
        start = self.sim.tick
        self.cursor = replay.advance(self.sim, 0, start)
        self._commands = len(self.sim.command_log)
        self._start = Keyframe(start, self.cursor, self._commands, None)
        self._work = 0.0
        self._keyframe()

    @property
    def tick(self) -> int:
        return self.sim.tick

    @property
    def ticks(self) -> int:
        """The last tick of the log."""
        return self.replay.end_tick

    def seek(self, tick: int) -> Simulation:
        """The simulation at `tick` (clamped to the log), with the commands of that tick run."""
        tick = max(self.keyframes[0].tick, min(int(tick), self.ticks))
        if tick < self.sim.tick or self._tampered():
            self._restore_before(tick)
        else:
            nearest = self._keyframe_at_or_before(tick)
            if nearest.tick > self.sim.tick:
                self._load(nearest)
        self._forward(tick)
        return self.sim

    def step(self, delta: int = 1) -> Simulation:
        return self.seek(self.sim.tick + delta)

    def prepare(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Play the whole log once, laying keyframes all along (before a UI lets the user roam)."""
        here = self.sim.tick
        self._forward(self.ticks, progress)
        self.seek(here)

    # -- internals -----------------------------------------------------------------------------
    def _forward(self, tick: int, progress: Callable[[int, int], None] | None = None) -> None:
        chunk = CHUNK
        while True:
            target = min(tick, self.sim.tick + chunk)
            began = time.perf_counter()
            self.cursor = self.replay.advance(self.sim, self.cursor, target)
            self._commands = len(self.sim.command_log)
            spent = time.perf_counter() - began
            self._work += spent
            chunk = 1 if spent > self.keyframe_seconds / 4 else min(CHUNK, chunk * 2)
            last = self.keyframes[-1].tick
            if self.sim.tick > last and (self._work >= self.keyframe_seconds or self.sim.tick - last >= self.max_gap):
                self._keyframe()
            if progress is not None:
                progress(self.sim.tick, self.ticks)
            if self.sim.tick >= tick:
                return

    def _keyframe(self) -> None:
        if self.keyframes and (self.keyframes[-1].tick >= self.sim.tick or self.keyframes[0].blob is None):
            return
        try:
            self.keyframes.append(Keyframe(self.sim.tick, self.cursor, len(self.sim.command_log), snapshot(self.sim)))
        except Exception:  # state that cannot be copied: seeking back replays from the start instead
            self.keyframes = [self._start]
        self._work = 0.0

    def _keyframe_at_or_before(self, tick: int) -> Keyframe:
        i = bisect.bisect_right([k.tick for k in self.keyframes], tick) - 1
        return self.keyframes[max(i, 0)]

    def _restore_before(self, tick: int) -> None:
        self._load(self._keyframe_at_or_before(tick))

    def _load(self, frame: Keyframe) -> None:
        observers = self.sim.observers
        if frame.blob is None:
            self.sim = self.replay.base()
            self.replay.advance(self.sim, 0, frame.tick)
        else:
            self.sim = restore(frame.blob)
        self.sim.observers = observers
        self.cursor = frame.cursor
        self._commands = frame.commands
        self._work = 0.0

    def _tampered(self) -> bool:
        """Commands run on the replay's simulation from outside (it is read-only) void it."""
        return len(self.sim.command_log) != self._commands
