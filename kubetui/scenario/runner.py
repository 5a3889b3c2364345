"""Headless runs: a scenario's timeline and a script played against a Simulation, tick by tick,
with the objectives judged every tick (`kubetui run`, and the tests proving each scenario is
solvable by its solution and not passable by doing nothing).

Commands run through `sim.run(line, stdin=..., source=...)`, the one way in that the player's
command bar uses; a command due at tick T runs once the simulation has reached T, timeline
commands first, then the script's, in file order. Objectives are judged after them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from kubetui.scenario.objectives import Status
from kubetui.scenario.schema import Scenario
from kubetui.scenario.scoring import ScoreBreakdown, score
from kubetui.scenario.script import Script, Step, schedule


class CommandRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tick: int
    source: str
    line: str
    exitCode: int
    stdout: str = ""
    stderr: str = ""


class RunResult(BaseModel):
    """What a headless run ends with; `model_dump()` is the `--json` output."""

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


@dataclass(order=True)
class _Due:
    tick: int
    order: int
    source: str = field(compare=False)
    line: str = field(compare=False)
    stdin: str | None = field(compare=False)
    base: Path | None = field(compare=False)


def default_factory(seed: int = 0) -> Callable[[Scenario], object]:
    """A factory building the real engine's Simulation for a scenario."""
    from kubetui.scenario.setup import build_simulation

    return lambda scenario: build_simulation(scenario, seed)


def run_scenario(scenario: Scenario, sim_factory: Callable[[Scenario], object],
                 script_steps: list[Step] | Script | None = None, ticks: int | None = None, *,
                 script_base: Path | None = None, hints_used: int = 0,
                 on_tick: Callable[[int, list[Status]], None] | None = None) -> RunResult:
    """Play `scenario` to its duration (or to tick `ticks`) and judge it.

    `sim_factory(scenario)` returns a fresh simulation without the timeline (the runner runs
    it). Script commands that `allowedCommands` forbids are refused, as in the game.
    """
    sim = sim_factory(scenario)
    objectives = scenario.fresh_objectives()
    end = scenario.duration if ticks is None else ticks
    start = sim.tick
    due: list[_Due] = []
    for e in scenario.timeline:
        due.append(_Due(e.at, len(due), "timeline", e.run, e.stdin, scenario.folder))
    if isinstance(script_steps, Script):
        script_base = script_base or script_steps.base
        script_steps = script_steps.steps
    for at, step in schedule(list(script_steps or []), start):
        due.append(_Due(at, len(due) + 1_000_000, "script", step.command, step.stdin, script_base))
    due.sort()

    records: list[CommandRecord] = []
    solved_at: int | None = None
    figures: dict = {}
    nxt = 0

    def judge(now: int) -> None:
        nonlocal figures, solved_at
        figures = sim.figures()
        statuses = [o.evaluate(sim, figures, now) for o in objectives]
        if solved_at is None and statuses and all(s.state == "passing" for s in statuses):
            solved_at = now
        if on_tick is not None:
            on_tick(now, statuses)

    blocked = _WhileBlocked(judge)
    if hasattr(sim, "observers"):
        sim.observers.append(blocked)
    while True:
        now = sim.tick
        blocked.on = True
        while nxt < len(due) and due[nxt].tick <= now:
            records.append(_run(sim, scenario, due[nxt]))
            nxt += 1
        blocked.on = False
        judge(sim.tick)
        if sim.tick >= end:
            break
        sim.step(1)
    if hasattr(sim, "observers"):
        sim.observers.remove(blocked)

    verdicts = [o.final(sim, figures, sim.tick) for o in objectives]
    breakdown = score(scenario, verdicts, figures, solved_at=solved_at, end_tick=sim.tick, hints_used=hints_used)
    passed = all(v.state == "passing" for o, v in zip(objectives, verdicts) if o.required)
    return RunResult(scenario=scenario.id, endTick=sim.tick, passed=passed, verdicts=verdicts, score=breakdown,
                     solvedAt=solved_at, commands=records, figures=figures)


class _WhileBlocked:
    """Judges the objectives on the ticks a blocking command (`rollout status`, `drain`,
    `delete`) lets pass, as the game does while the player waits on one."""

    def __init__(self, judge: Callable[[int], None]):
        self.judge = judge
        self.on = False

    def on_command(self, record: dict) -> None:
        pass

    def on_tick(self, result) -> None:
        if self.on:
            self.judge(result.tick)


def _run(sim, scenario: Scenario, d: _Due) -> CommandRecord:
    if d.source != "timeline" and not scenario.command_allowed(d.line):
        allowed = ", ".join(scenario.allowedCommands) or "nothing"
        return CommandRecord(tick=sim.tick, source=d.source, line=d.line, exitCode=1,
                             stderr=f"error: this scenario does not allow {d.line!r} (allowed: {allowed})\n")
    if d.base is not None and hasattr(sim, "cwd"):
        sim.cwd = str(d.base)
    r = sim.run(d.line, stdin=d.stdin, source=d.source)
    return CommandRecord(tick=sim.tick, source=d.source, line=d.line, exitCode=r.exit_code,
                         stdout=r.stdout or "", stderr=r.stderr or "")
