"""A replay the UI drives: seek, step, jump to the next Warning or objective change.

The simulation it shows is read-only: the UI renders `session.sim` as it renders a live one
(one render path for play and replay) and moves through time only by `seek` and `step`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kubetui.replay.reader import Log, read_log
from kubetui.replay.replayer import Factory, Replay
from kubetui.replay.seeker import Seeker

if TYPE_CHECKING:
    from kubetui.shell import Simulation


class ReplaySession:
    """One log, re-simulated on demand. Raises LogError (`file:line: message`) if unusable."""

    def __init__(self, log: str | Path | Log, *, factory: Factory | None = None,
                 scenario_path: str | Path | None = None):
        self.log = log if isinstance(log, Log) else read_log(log)
        self.replay = Replay(self.log, factory=factory, scenario_path=scenario_path)
        self.seeker = Seeker(self.replay)
        self._warning_ticks = sorted({e["tick"] for e in self.log.events if e.get("type") == "Warning"})
        self._objective_ticks = sorted({o["tick"] for o in self.log.objectives})

    # -- what the UI reads -------------------------------------------------------------------
    @property
    def sim(self) -> Simulation:
        """The simulation at the current tick (read it; never run commands on it)."""
        return self.seeker.sim

    @property
    def tick(self) -> int:
        return self.seeker.tick

    @property
    def ticks(self) -> int:
        """The length of the run: its last tick."""
        return self.seeker.ticks

    @property
    def header(self) -> dict:
        return self.log.header

    @property
    def scenario(self):
        return self.replay.scenario

    @property
    def warnings(self) -> list[str]:
        """Problems met reading or rebuilding the log (`file:line: message`)."""
        return self.replay.warnings

    @property
    def end(self) -> dict | None:
        return self.log.end

    def command_at(self, tick: int | None = None) -> list[dict]:
        """The commands run at `tick` (default: the current one), in order."""
        return self.replay.commands_at(self.tick if tick is None else tick)

    def events_at(self, tick: int | None = None) -> list[dict]:
        t = self.tick if tick is None else tick
        return [e for e in self.log.events if e["tick"] == t]

    def objectives_at(self, tick: int | None = None) -> dict[str, dict]:
        """Each objective's latest logged state at `tick`: id -> objective record."""
        t = self.tick if tick is None else tick
        out: dict[str, dict] = {}
        for o in self.log.objectives:
            if o["tick"] > t:
                break
            out[o["objective"]] = o
        return out

    def hints_at(self, tick: int | None = None) -> int:
        """How many hints the player had revealed by `tick`."""
        t = self.tick if tick is None else tick
        return max((h["used"] for h in self.log.hints if h["tick"] <= t), default=0)

    def debrief(self, lang: str | None = None) -> str:
        """What happened in the run, the lesson and other ways to win, as the log tells it."""
        from kubetui.replay.command import debrief

        return debrief(self.log, self.scenario, lang)

    # -- moving ------------------------------------------------------------------------------
    def timeline_refusals(self) -> list[str]:
        """None to tell: the run reported its refused timeline commands when it was played; a
        replay shows what the log holds (the commands' own stderr)."""
        return []

    def prepare(self, progress=None) -> None:
        """Lay keyframes over the whole run so every later seek is quick."""
        self.seeker.prepare(progress)

    def seek(self, tick: int) -> Simulation:
        return self.seeker.seek(tick)

    def step(self, delta: int = 1) -> Simulation:
        """Forward (`+1`) or back (`-1`) by `delta` ticks."""
        return self.seeker.step(delta)

    def next_warning(self) -> int | None:
        """Seek to the next tick with a Warning Event; None (and no move) if there is none."""
        return self._jump(self._warning_ticks)

    def previous_warning(self) -> int | None:
        return self._jump_back(self._warning_ticks)

    def next_objective_change(self) -> int | None:
        """Seek to the next tick where an objective changed state; None if there is none."""
        return self._jump(self._objective_ticks)

    def _jump(self, ticks: list[int]) -> int | None:
        for t in ticks:
            if t > self.tick:
                self.seek(t)
                return t
        return None

    def _jump_back(self, ticks: list[int]) -> int | None:
        for t in reversed(ticks):
            if t < self.tick:
                self.seek(t)
                return t
        return None
