"""`check`: judge an exercise against the cluster as it is now.

Each objective is a part of the task with its points; a part passes or fails with a reason in
plain words ("Deployment shop/web has 2 available replicas (needs at least 3)"). Parts that
need time (a CronJob that must run twice, a Deployment that must survive the loss of a node)
are judged on a deep copy of the cluster moved forward, so checking never changes the game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kubetui.scenario.debrief import RunPath
from kubetui.scenario.schema import Scenario
from kubetui.scenario.scoring import task_passed
from kubetui.scenario.script import Script, load_script
from kubetui.scenario.text import Text
from kubetui.session import CommandRecord, Session


@dataclass
class PartResult:
    id: str
    description: Text
    passed: bool
    reason: Text
    points: int
    maxPoints: int

    def to_json(self) -> dict:
        return {"id": self.id, "passed": self.passed, "points": self.points, "maxPoints": self.maxPoints,
                "description": self.description.model_dump(), "reason": self.reason.model_dump()}


@dataclass
class CheckReport:
    exercise: str
    tick: int
    parts: list[PartResult]
    hintsUsed: int = 0
    hintPenalty: int = 0
    commands: list[CommandRecord] = field(default_factory=list)
    path: RunPath | None = None
    """What the run recorded up to the check (commands, Events, objective changes): an exam
    task's debrief is told from it."""

    @property
    def maxPoints(self) -> int:
        return sum(p.maxPoints for p in self.parts)

    @property
    def points(self) -> int:
        return max(0, sum(p.points for p in self.parts) - self.hintPenalty)

    @property
    def passed(self) -> bool:
        """Every part passed: the task is done."""
        return all(p.passed for p in self.parts)

    @property
    def fraction(self) -> float:
        return self.points / self.maxPoints if self.maxPoints else 0.0

    def to_json(self) -> dict:
        return {"exercise": self.exercise, "tick": self.tick, "passed": self.passed, "points": self.points,
                "maxPoints": self.maxPoints, "hintsUsed": self.hintsUsed, "hintPenalty": self.hintPenalty,
                "parts": [p.to_json() for p in self.parts],
                "commands": [c.model_dump(exclude={"source"}) for c in self.commands]}

    def render(self, lang: str = "en") -> str:
        """The report as the player reads it: one line per part, then the total."""
        lines = []
        for p in self.parts:
            mark = "PASS" if p.passed else "FAIL"
            lines.append(f"{mark}  {p.description.get(lang)}")
            lines.append(f"      {p.reason.get(lang)}")
        done = sum(p.passed for p in self.parts)
        if lang == "ko":
            total = f"{len(self.parts)}개 중 {done}개 통과, {self.points}/{self.maxPoints}점"
            if self.hintPenalty:
                total += f" (힌트 {self.hintsUsed}개: -{self.hintPenalty})"
        else:
            total = f"{done} of {len(self.parts)} parts pass, {self.points}/{self.maxPoints} points"
            if self.hintPenalty:
                total += f" (hints {self.hintsUsed}: -{self.hintPenalty})"
        lines.append(total)
        return "\n".join(lines) + "\n"


def check_now(exercise: Scenario, session: Session, *, hints_used: int = 0) -> CheckReport:
    """Judge every part of `exercise` on the session's cluster as it is at this tick (the
    cluster is left as it was: look-ahead parts run on copies). Parts with an `always` window
    are judged on what the session saw at every tick; a guard part earns its points only when
    every other part passes."""
    default = exercise.scoring.pointsPerObjective
    parts = []
    sim = session.sim
    figures = sim.figures()
    watched = {o.id: o for o in session.objectives}
    objectives = [watched[o.id] if o.always and o.id in watched else o.fresh() for o in exercise.objectives]
    statuses = [o.judge_now(sim, figures, sim.tick) for o in objectives]
    done = task_passed(objectives, statuses)
    for o, status in zip(objectives, statuses):
        worth = o.points if o.points is not None else default
        ok = status.state == "passing"
        earned = worth if ok and (done or not o.guard) else 0
        parts.append(PartResult(o.id, o.description, ok, status.reason, earned, worth))
    session.path.final = {o.id: status.state for o, status in zip(objectives, statuses)}
    session.path.end = sim.tick
    used = max(0, min(hints_used, len(exercise.hints)))
    penalty = sum(h.cost for h in exercise.hints[:used])
    return CheckReport(exercise.id, sim.tick, parts, hintsUsed=used, hintPenalty=penalty, path=session.path)


def grade_script(exercise: Scenario, script: Script | str | Path | None, *, seed: int = 0) -> CheckReport:
    """Headless grading: a fresh cluster, the script played as a player types it (after the
    exercise's set-up has settled), the exercise checked at its end.

    `script` is a parsed Script, a path to one, or None (the player did nothing)."""
    session = Session.begin(exercise, seed)
    if isinstance(script, (str, Path)):
        script = load_script(script)
    session.play(script.steps if script is not None else [], base=script.base if script is not None else None)
    report = check_now(exercise, session)
    report.commands = session.records
    return report


def solve(exercise: Scenario, *, seed: int = 0) -> CheckReport:
    """Grade the exercise's own reference solution."""
    return grade_script(exercise, exercise.solution_script(), seed=seed)
