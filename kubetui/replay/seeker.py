"""Seeking in a replay: keyframes of the whole simulation, so any tick is a short step away.

A keyframe is the simulation pickled (with the replay's cursor into the log). Seeking restores
the last keyframe at or before the target and re-simulates the rest, unless simulating on from
where the replay stands is cheaper; stepping back is seeking to the tick before. Keyframes are
taken while the replay moves forward, whenever re-simulating since the last one would cost more
than `KEYFRAME_SECONDS` of work (less when restoring is itself slow, so that a restore plus the
re-simulation stays near `SEEK_SECONDS`), or every `MAX_KEYFRAME_GAP` ticks. A quiet stretch of
a big cluster costs almost nothing per tick, a rollout of thousands of pods a lot, so keyframes
crowd where the work is. Their bytes are capped at `KEYFRAME_BYTES`: past it, the keyframes
whose loss costs least re-simulation go. Work and restores are measured in the CPU time of the
thread doing them (`time.thread_time`), so the keyframes land where they would on a quiet
machine: by the wall clock, a loaded machine laid several times as many (93 in one run of the
benchmark, 266 in the next, prepare 63 s and 354 s), and another load another layout.

The cycle collector is the hidden cost of a seek: a cluster is hundreds of thousands of
containers, and a replaced simulation is a web of cycles (controllers and the simulation hold
each other) that only a full collection, traversing every live object too, would free. So
restored objects go straight to the oldest generation, and a replaced simulation is taken apart
(its parts emptied, which breaks every cycle) so that reference counting frees it at once.

What is left of a step back is restoring a keyframe. A screen calls `idle` once it has drawn
a move the user made: the replaced simulation is freed then, and a spare copy of the keyframe
behind the playhead is restored, so the next step back only re-simulates.
"""

from __future__ import annotations

import bisect
import gc
import time
import weakref
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kubetui.engine.simulation import paused_gc
from kubetui.replay.replayer import Replay
from kubetui.shell import Simulation

KEYFRAME_SECONDS = 0.05
"""Most re-simulation work (CPU seconds) between two keyframes (a step back costs one restore plus up to this)."""
SEEK_SECONDS = 0.4
"""What a seek may cost at most (CPU seconds), restore included; a slow restore leaves less for re-simulating."""
MAX_KEYFRAME_GAP = 2000
KEYFRAME_BYTES = 256 << 20
"""Memory all keyframes of one replay may take."""
RESTORE_PER_SNAPSHOT = 0.5
"""A restore's cost guessed from its snapshot's until the keyframe has been restored once."""


@dataclass
class Keyframe:
    tick: int
    cursor: int
    commands: int
    """len(sim.command_log) at the keyframe: a seek notices a simulation someone wrote to."""
    blob: bytes | None
    """None: this keyframe is the log's start, rebuilt from the header rather than restored."""
    work: float = 0.0
    """CPU seconds of simulating from the log's start to this tick (what re-simulating up to it costs)."""
    restore_seconds: float = 0.0
    """What restoring it costs (CPU seconds): measured the last time it was restored, guessed before."""

    @property
    def size(self) -> int:
        return len(self.blob or b"")


def snapshot(sim: Simulation) -> bytes:
    """The whole simulation as bytes (`Simulation.snapshot`, compressed); observers are left out."""
    return zlib.compress(sim.snapshot(), 1)


def restore(blob: bytes) -> Simulation:
    return _unpickle(zlib.decompress(blob))


_frozen_seen = False
"""Whether this process has been seen keeping objects frozen (nothing in kubetui unfreezes them
but `_unpickle` itself, when nothing was frozen before)."""


def _unpickle(raw: bytes, promote: bool = True) -> Simulation:
    """With `promote`, the new objects move straight to the collector's oldest generation: left
    young, each of the next collections would traverse the whole cluster on its way up. (Where
    the process keeps objects frozen, as the game does for a big cluster, they join those.)
    `gc.get_freeze_count` walks every frozen object (13 ms at 175,000), so once it has said
    "some", it is not asked again."""
    global _frozen_seen
    with paused_gc():
        sim = Simulation.restore(raw)
        if promote:
            frozen = _frozen_seen or gc.get_freeze_count() > 0
            gc.freeze()
            if frozen:
                _frozen_seen = True
            else:
                gc.unfreeze()
    return sim


def take_apart(sim: Simulation) -> None:
    """Empty the simulation and the engine objects it holds (its controllers, store, kubelet...).

    Every cycle in a simulation runs through one of them (a controller holds the simulation that
    holds it), so afterwards reference counting frees the whole cluster at once. The simulation
    is unusable after this.
    """
    parts = [sim]
    for value in vars(sim).values():
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, (list, tuple)):
            value = (value,)
        parts.extend(v for v in value if _is_part(v))
    for part in list(parts[1:]):
        if isinstance(part, Iterable):  # a part made of parts: the controller manager's controllers
            parts.extend(v for v in part if _is_part(v))
    for part in parts:
        part.__dict__.clear()


def _is_part(value) -> bool:
    return type(value).__module__.startswith("kubetui.") and hasattr(value, "__dict__")


class Seeker:
    """Moves one replay simulation to any tick of the log, forward or back.

    A simulation that `seek` handed out stays whole until `idle`, or the seek after the one
    that replaced it; then the seeker takes it apart.
    """

    def __init__(self, replay: Replay, *, keyframe_seconds: float = KEYFRAME_SECONDS,
                 max_gap: int = MAX_KEYFRAME_GAP, max_bytes: int = KEYFRAME_BYTES):
        self.replay = replay
        self.keyframe_seconds = keyframe_seconds
        self.max_gap = max_gap
        self.max_bytes = max_bytes
        self.keyframes: list[Keyframe] = []
        self.sim = replay.base()
        start = self.sim.tick
        self.cursor = replay.advance(self.sim, 0, start)
        self._commands = len(self.sim.command_log)
        self._start = Keyframe(start, self.cursor, self._commands, None)
        self._work = 0.0
        """CPU seconds of simulating from the log's start to where `sim` stands."""
        self._retired: Simulation | None = None
        self._promote = True
        self._raw: tuple[Keyframe, bytes] | None = None
        """The last keyframe restored, decompressed: stepping back restores the same one again and again."""
        self._spare: tuple[Keyframe, Simulation] | None = None
        """A keyframe restored ahead of need (by `idle`), untouched."""
        self._keyframe()

    @property
    def tick(self) -> int:
        return self.sim.tick

    @property
    def ticks(self) -> int:
        """The last tick of the log."""
        return self.replay.end_tick

    @property
    def keyframe_bytes(self) -> int:
        return sum(k.size for k in self.keyframes)

    def seek(self, tick: int) -> Simulation:
        """The simulation at `tick` (clamped to the log), with the commands of that tick run."""
        tick = max(self.keyframes[0].tick, min(int(tick), self.ticks))
        nearest = self._keyframe_at_or_before(tick)
        if tick < self.sim.tick or self._tampered():
            self._load(nearest)
        elif nearest.tick > self.sim.tick and self._restore_cost(nearest) < nearest.work - self._work:
            self._load(nearest)
        self._forward(tick)
        return self.sim

    def step(self, delta: int = 1) -> Simulation:
        return self.seek(self.sim.tick + delta)

    def idle(self) -> None:
        """Work for while nobody waits (a screen has drawn the move): free the simulation the
        last seek replaced, and restore a spare of the keyframe a step back would restore."""
        self._retire(None)
        frame = self._keyframe_at_or_before(max(self.keyframes[0].tick, self.sim.tick - 1))
        if frame.blob is None or (self._spare is not None and self._spare[0] is frame):
            return
        self._drop_spare()
        self._spare = (frame, self._restore(frame))

    def prepare(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Play the whole log once, laying keyframes all along (before a UI lets the user roam)."""
        here = self.sim.tick
        self._forward(self.ticks, progress)
        self.replay.harvest()
        self.seek(here)

    # -- internals -----------------------------------------------------------------------------
    def _forward(self, tick: int, progress: Callable[[int, int], None] | None = None) -> None:
        """Simulate tick by tick up to `tick`: a keyframe lands right after the tick that filled the allowance."""
        while self.sim.tick < tick:
            began = time.thread_time()
            self.cursor = self.replay.advance(self.sim, self.cursor, self.sim.tick + 1)
            self._commands = len(self.sim.command_log)
            self._work += time.thread_time() - began
            last = self.keyframes[-1]
            if self.sim.tick > last.tick and (self._work - last.work >= self._allowance(last)
                                              or self.sim.tick - last.tick >= self.max_gap):
                self._keyframe()
            if progress is not None:
                progress(self.sim.tick, self.ticks)

    def _allowance(self, frame: Keyframe) -> float:
        """Re-simulation work a keyframe may be followed by before the next one."""
        return max(self.keyframe_seconds / 4, min(self.keyframe_seconds, SEEK_SECONDS - frame.restore_seconds))

    def _keyframe(self) -> None:
        if self.keyframes and (self.keyframes[-1].tick >= self.sim.tick or self.keyframes[0].blob is None):
            return
        if self.sim.waiting_commands():  # a command still waiting cannot be copied: a later tick gets the keyframe
            if not self.keyframes:
                self.keyframes = [self._start]
            return
        began = time.thread_time()
        try:
            blob = snapshot(self.sim)
        except Exception:  # state that cannot be copied: seeking back replays from the start instead
            self.keyframes = [self._start]
            return
        guess = (time.thread_time() - began) * RESTORE_PER_SNAPSHOT
        self.keyframes.append(Keyframe(self.sim.tick, self.cursor, len(self.sim.command_log), blob,
                                       self._work, guess))
        if self.keyframe_bytes > self.max_bytes:
            self._thin()

    def _thin(self) -> None:
        """Drop the keyframes whose loss adds least re-simulation until the rest fit in `max_bytes`.

        The first keyframe (the log's start) and the newest stay.
        """
        frames = self.keyframes
        total = self.keyframe_bytes
        while total > self.max_bytes and len(frames) > 2:
            i = min(range(1, len(frames) - 1), key=lambda j: frames[j + 1].work - frames[j - 1].work)
            total -= frames[i].size
            del frames[i]

    def _keyframe_at_or_before(self, tick: int) -> Keyframe:
        i = bisect.bisect_right([k.tick for k in self.keyframes], tick) - 1
        return self.keyframes[max(i, 0)]

    def _restore_cost(self, frame: Keyframe) -> float:
        return 0.0 if self._spare is not None and self._spare[0] is frame else frame.restore_seconds

    def _load(self, frame: Keyframe) -> None:
        observers = self.sim.observers
        self._retire(self.sim)
        if self._spare is not None and self._spare[0] is frame:
            self.sim = self._spare[1]
            self._spare = None
        elif frame.blob is None:
            self.sim = self.replay.base()
            self.replay.advance(self.sim, 0, frame.tick)
        else:
            self.sim = self._restore(frame)
        self.sim.observers = observers
        self.cursor = frame.cursor
        self._commands = frame.commands
        self._work = frame.work

    def _restore(self, frame: Keyframe) -> Simulation:
        began = time.thread_time()
        if self._raw is None or self._raw[0] is not frame:
            self._raw = None
            self._raw = (frame, zlib.decompress(frame.blob))
        sim = _unpickle(self._raw[1], self._promote)
        frame.restore_seconds = time.thread_time() - began
        return sim

    def _drop_spare(self) -> None:
        if self._spare is not None:
            sim = self._spare[1]
            self._spare = None
            take_apart(sim)

    def _retire(self, sim: Simulation | None) -> None:
        """Take apart the simulation retired before; `sim` waits for `idle` or the next load."""
        retired, self._retired = self._retired, sim
        if retired is not None:
            ref = weakref.ref(retired)
            take_apart(retired)
            del retired
            if ref() is not None:
                # held from outside, or a cycle that does not run through its parts: leave the
                # collector's heuristics alone from now on, so that a full collection frees it
                self._promote = False

    def _tampered(self) -> bool:
        """Commands run on the replay's simulation from outside (it is read-only) void it."""
        return len(self.sim.command_log) != self._commands
