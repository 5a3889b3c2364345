"""The one driver loop: a scenario, an exercise or a sandbox being played.

`kubetui play` (the UI's Game), `kubetui run`, `kubetui exercise check`, `kubetui exam` and the
tests all play through a `Session`, so one script gives the same ticks and the same verdicts
whichever way it is played:

- the scenario's cluster is built, its timeline scheduled in the door, and the clock runs until
  the set-up has settled (`settle`): a player cannot act before the starting cluster exists;
- player commands and script lines go through `command` / `start`, where a command the
  scenario does not allow is refused, in one place;
- a script is played as a player types it (`play`): `@T` waits for tick T, `wait N` for N more
  ticks after the previous command returned, a command that waits blocks the script;
- a scenario's objectives are judged at the end of every tick (ticks a waiting command lets
  pass included) and logged; hints used are logged too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from kubetui.model.kinds import KINDS
from kubetui.replay.records import event_record_fields
from kubetui.scenario.debrief import RunPath, debrief_text
from kubetui.scenario.objectives import Status
from kubetui.scenario.schema import Scenario
from kubetui.scenario.scoring import ScoreBreakdown, score
from kubetui.scenario.script import Script, Step
from kubetui.scenario.setup import simulation_for
from kubetui.shell import Finished, Result, Simulation

if TYPE_CHECKING:
    from kubetui.kubectl import Invocation
    from kubetui.replay.writer import EventLog

SETTLE_LIMIT = 30
"""The most ticks a scenario's set-up may take to settle before the player gets the cluster."""


class CommandRecord(BaseModel):
    """A command a script or player ran, with what it printed (a run's `--json`)."""

    model_config = ConfigDict(extra="forbid")

    tick: int
    source: str
    line: str
    exitCode: int
    stdout: str = ""
    stderr: str = ""


class RunResult(BaseModel):
    """What a played scenario ends with; `model_dump()` is `kubetui run --json`."""

    model_config = ConfigDict(extra="forbid")

    scenario: str
    endTick: int
    passed: bool
    """Every required objective passed."""
    verdicts: list[Status]
    score: ScoreBreakdown
    solvedAt: int | None
    """First tick at which every objective was passing."""
    commands: list[CommandRecord]
    figures: dict


class Session:
    """One play of a scenario or exercise (or a sandbox, with `scenario` None) on `sim`."""

    def __init__(self, sim: Simulation, scenario: Scenario | None = None, *, log: EventLog | None = None,
                 on_judge: Callable[[int, list[Status]], None] | None = None, cwd: str | Path | None = None):
        self.sim = sim
        self.scenario = scenario
        self.cwd = str(cwd) if cwd is not None else None
        """The folder a player's typed relative paths resolve against (where kubetui was
        started); None: the door's own (the scenario's folder)."""
        self.home = os.path.expanduser("~")
        """The home folder of the player's machine: what an unquoted `~` typed at the command bar
        expands to, as their shell would (recorded with the command, so a replay expands it alike)."""
        self.log = log
        """The run's event log (None when the run is not recorded)."""
        self.on_judge = on_judge
        """Told of every judgement: (tick, statuses)."""
        self.objectives = scenario.fresh_objectives() if scenario is not None else []
        self.judging = scenario is not None and scenario.mode == "scenario"
        """A scenario's objectives are judged every tick; an exercise's when the player checks."""
        self.watched: list = []
        """An exercise's objectives with an `always` window ("without disruption"): judged every
        tick once the set-up has settled (`watch`), then once more when the player checks."""
        self.statuses: list[Status] = []
        self.solved_at: int | None = None
        """First tick at which every objective was passing."""
        self.hints_used = 0
        self.finish_asked: int | None = None
        """The tick the player asked to finish at (None: the run goes on)."""
        self._refusals_told = 0
        self._timeline_lines: list[int | None] | None = None
        self.records: list[CommandRecord] = []
        """What the scripted and typed commands printed, in order."""
        self.figures: dict = {}
        """The engine's figures at the last judgement."""
        self.path = RunPath(start=sim.tick)
        """What this run recorded, as its event log does: what the debrief tells."""
        sim.observers.append(self)
        self.judge()

    @classmethod
    def begin(cls, scenario: Scenario, seed: int = 0, *, log: Callable[[Simulation], EventLog] | None = None,
              on_judge: Callable[[int, list[Status]], None] | None = None,
              cwd: str | Path | None = None) -> Session:
        """A fresh cluster for `scenario`: built, its timeline scheduled, its set-up settled.

        `log(sim)` opens the run's event log (attached before the first tick, so a replay sees
        the whole run)."""
        sim = simulation_for(scenario, seed)
        session = cls(sim, scenario, log=log(sim) if log is not None else None, on_judge=on_judge, cwd=cwd)
        session.settle()
        session.path.start = sim.tick
        session.watch()
        return session

    # -- the clock -----------------------------------------------------------------------------
    @property
    def duration(self) -> int | None:
        """When the clock stops: a scenario's end. An exercise has none (the player checks when
        ready) and neither has a sandbox."""
        return self.scenario.duration if self.judging else None

    @property
    def finished(self) -> bool:
        """The scenario's time is up."""
        return self.duration is not None and self.sim.tick >= self.duration

    def finish(self) -> None:
        """The player ends the run now, through the door (recorded). A scenario's clock then
        runs to its end at once (its twists included, so the verdicts are the end's); an
        exercise is judged by its check."""
        self.finish_asked = self.sim.tick
        self.sim.finish(source="player")

    def step(self, n: int = 1) -> int:
        """Advance up to `n` ticks, stopping at the scenario's end; returns the ticks advanced."""
        if self.duration is not None:
            n = min(n, self.duration - self.sim.tick)
        if n <= 0:
            return 0
        self.sim.step(n)
        return n

    def step_to(self, tick: int) -> None:
        if tick > self.sim.tick:
            self.sim.step(tick - self.sim.tick)

    def settle(self) -> int:
        """Run the clock until the starting cluster exists: a tick has passed that created no
        object, and every pod has been placed on a node or found unschedulable. Returns the
        ticks that took (none for an empty cluster)."""
        start = self.sim.tick
        before = _objects(self.sim) if self.sim.store.count("Pod") or _workloads(self.sim) else None
        while before is not None and self.sim.tick - start < SETTLE_LIMIT:
            self.sim.step(1)
            now = _objects(self.sim)
            if now == before and _placed(self.sim) and self._started():
                break
            before = now
        return self.sim.tick - start

    def _started(self) -> bool:
        """The scenario's own wish for its starting cluster: pods Ready, pods that run once finished."""
        if self.scenario is None:
            return True
        return ((not self.scenario.startReady or _ready(self.sim))
                and (not self.scenario.startFinished or _finished(self.sim)))

    # -- observer of the simulation ------------------------------------------------------------
    def on_command(self, record: dict) -> None:
        self.path.add_command(record)

    def on_tick(self, result) -> None:
        if self.scenario is not None:
            for ev in result.events:
                self.path.add_event({"tick": result.tick, **event_record_fields(ev)})
        self.judge()

    def watch(self) -> None:
        """From now on, judge an exercise's `always` objectives every tick: the player has the
        cluster, and nothing may break from here on."""
        if self.judging or self.scenario is None:
            return
        self.watched = [o for o in self.objectives if o.always]
        self.judge()

    def judge(self) -> None:
        """Judge the objectives on the cluster as it is now (every tick, for a scenario)."""
        if self.watched:
            figures = self.sim.figures()
            for o in self.watched:
                o.evaluate(self.sim, figures, self.sim.tick)
        if not self.judging or not self.objectives:
            return
        tick = self.sim.tick
        self.figures = self.sim.figures()
        self.statuses = [o.evaluate(self.sim, self.figures, tick) for o in self.objectives]
        if self.log is not None:
            self.log.objectives(tick, self.statuses)
        for st in self.statuses:
            self.path.add_objective(tick, st.id, st.state, st.reason.en)
        if self.solved_at is None and all(s.state == "passing" for s in self.statuses):
            self.solved_at = tick
        if self.on_judge is not None:
            self.on_judge(tick, self.statuses)

    def timeline_refusals(self) -> list[str]:
        """The scenario's timeline commands refused since the last call, each as
        `file:line: timeline at tick T: COMMAND: error…` (the run and the play screen report them)."""
        from kubetui.scenario.timeline import expected, refusal_message, timeline_lines

        refused = self.sim.timeline_refused[self._refusals_told:]
        self._refusals_told = len(self.sim.timeline_refused)
        if not refused or self.scenario is None:
            return []
        if self._timeline_lines is None:
            self._timeline_lines = timeline_lines(self.scenario)
        return [refusal_message(self.scenario, self.sim.seed, r, self._timeline_lines) for r in refused
                if not expected(self.scenario, self.sim.seed, r)]

    # -- commands ------------------------------------------------------------------------------
    def refusal(self, line: str) -> Result | None:
        """The error for a command this scenario or exercise does not allow (None when allowed)."""
        if self.scenario is None or self.scenario.command_allowed(line):
            return None
        allowed = ", ".join(self.scenario.allowedCommands) or "nothing"
        return Result(1, "", f"error: this {self.scenario.mode} does not allow {line!r} (allowed: {allowed})\n")

    def command(self, line: str, stdin: str | None = None, source: str = "player", *,
                cwd: str | Path | None = None, expand: bool = False) -> Result:
        """Run one command to its end (a script line): a command that waits steps the clock.
        `expand`: `stdin` is an unquoted here-document (the door expands it)."""
        tick = self.sim.tick
        result = self.refusal(line)
        if result is None:
            cwd = cwd if cwd is not None else self.cwd
            result = self.sim.run(line, stdin=stdin, source=source, cwd=str(cwd) if cwd is not None else None,
                                  expand=expand)
        self.records.append(CommandRecord(tick=tick, source=source, line=line, exitCode=result.exit_code,
                                          stdout=result.stdout or "", stderr=result.stderr or ""))
        return result

    def start(self, line: str, stdin: str | None = None) -> Invocation | Finished:
        """Start a player's command that goes on while the game does (the command bar)."""
        refused = self.refusal(line)
        if refused is not None:
            return Finished(0, refused)
        return self.sim.start(line, stdin=stdin, source="player", cwd=self.cwd, home=self.home)

    def play(self, steps: Script | Iterable[Step], *, base: str | Path | None = None, end: int | None = None) -> None:
        """Play a script as a player types it, then let the clock run to `end` (by default the
        scenario's duration; a sandbox stops after the script). Lines due after `end` never run."""
        if isinstance(steps, Script):
            base = base if base is not None else steps.base
            steps = steps.steps
        if end is None and self.scenario is not None:
            end = self.scenario.duration
        cursor = self.sim.tick
        for step in steps:
            if step.at is not None:
                cursor = max(cursor, step.at)
            if step.wait is not None:
                cursor += step.wait
            if end is not None and cursor > end:
                break
            self.step_to(cursor)
            if step.command is not None:
                self.command(step.command, stdin=step.stdin, source="script", cwd=base, expand=step.expand)
            cursor = max(cursor, self.sim.tick)
        if end is not None:
            self.step_to(end)

    def hint(self) -> int | None:
        """Reveal the next hint: its index, or None when there is none left. Logged, so a
        replay shows the same hints used."""
        hints = self.scenario.hints if self.scenario is not None else []
        if self.hints_used >= len(hints):
            return None
        self.hints_used += 1
        if self.log is not None:
            self.log.hint(self.sim.tick, self.hints_used)
        return self.hints_used - 1

    # -- the end -------------------------------------------------------------------------------
    def verdicts(self) -> list[Status]:
        """Every objective's final verdict, judged on the cluster as it is now."""
        figures = self.sim.figures()
        verdicts = [o.final(self.sim, figures, self.sim.tick) for o in self.objectives]
        self.path.final = {v.id: v.state for v in verdicts}
        self.path.end = self.sim.tick
        return verdicts

    def score(self, final: bool = False) -> tuple[ScoreBreakdown | None, list[Status]]:
        """The score breakdown now (or with the final verdicts when `final`)."""
        if self.scenario is None:
            return None, []
        verdicts = self.verdicts() if final else self.statuses
        breakdown = score(self.scenario, verdicts, self.sim.figures(), solved_at=self.solved_at,
                          end_tick=self.sim.tick, hints_used=self.hints_used)
        return breakdown, verdicts

    def result(self) -> RunResult:
        """The verdicts, score and commands of a played scenario."""
        assert self.scenario is not None
        figures = self.sim.figures()
        verdicts = self.verdicts()
        breakdown = score(self.scenario, verdicts, figures, solved_at=self.solved_at, end_tick=self.sim.tick,
                          hints_used=self.hints_used)
        passed = all(v.state == "passing" for o, v in zip(self.objectives, verdicts) if o.required)
        return RunResult(scenario=self.scenario.id, endTick=self.sim.tick, passed=passed, verdicts=verdicts,
                         score=breakdown, solvedAt=self.solved_at, commands=list(self.records), figures=figures)

    def debrief(self, lang: str = "en") -> str:
        """What happened in this run (from what it recorded), the lesson, and other ways to win."""
        assert self.scenario is not None
        return debrief_text(self.scenario, self.path, lang)

    def close(self, result: dict | None = None) -> None:
        """Stop listening; end the event log with `result` (passed and score) when there is one."""
        if self in self.sim.observers:
            self.sim.observers.remove(self)
        if self.log is not None:
            try:
                if result is not None:
                    if self.scenario is not None and "playStart" not in result:
                        result = {**result, "playStart": self.path.start}
                    if self.path.final and "verdicts" not in result:
                        result = {**result, "verdicts": dict(self.path.final)}
                    self.log.end(result)
                self.log.close()
            except OSError:
                pass
            self.log = None


SETTLING_KINDS = ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job", "CronJob")
"""Kinds whose controllers make pods: a set-up holding any of them has pods to wait for."""


def _workloads(sim: Simulation) -> int:
    return sum(sim.store.count(kind) for kind in SETTLING_KINDS)


def _objects(sim: Simulation) -> int:
    """How many objects the cluster holds, but Events and Leases (written all the time)."""
    return sum(sim.store.count(kind) for kind in KINDS if kind not in ("Event", "Lease"))


def _placed(sim: Simulation) -> bool:
    """Every pod is on a node or the scheduler said why not (nothing is placed while it is stopped)."""
    if not sim.components["kube-scheduler"]:
        return True
    for pod in sim.store.iter("Pod"):
        if (pod.get("spec") or {}).get("nodeName"):
            continue
        conditions = (pod.get("status") or {}).get("conditions") or ()
        if not any(c.get("type") == "PodScheduled" and c.get("status") == "False" for c in conditions):
            return False
    return True


def _ready(sim: Simulation) -> bool:
    """Every pod that is not finished has the condition Ready."""
    for pod in sim.store.iter("Pod"):
        status = pod.get("status") or {}
        if status.get("phase") in ("Succeeded", "Failed"):
            continue
        if not any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or ()):
            return False
    return True


def _finished(sim: Simulation) -> bool:
    """Every pod that runs once (`restartPolicy: Never`) has ended, its exit code in its status."""
    return all((pod.get("status") or {}).get("phase") in ("Succeeded", "Failed") for pod in sim.store.iter("Pod")
               if (pod.get("spec") or {}).get("restartPolicy") == "Never")


def run_scenario(scenario: Scenario, script: Script | Iterable[Step] | None = None, *, seed: int = 0,
                 ticks: int | None = None, base: str | Path | None = None,
                 log: Callable[[Simulation], EventLog] | None = None,
                 on_judge: Callable[[int, list[Status]], None] | None = None) -> tuple[Session, RunResult]:
    """Play `scenario` headless with `script` to its duration (or to tick `ticks`) and judge it."""
    session = Session.begin(scenario, seed, log=log, on_judge=on_judge)
    session.play(script or [], base=base, end=scenario.duration if ticks is None else ticks)
    return session, session.result()
