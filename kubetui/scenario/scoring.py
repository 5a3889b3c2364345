"""Scoring: points from objectives, time and cost, minus hints; stars from the share of points.

- Every passed objective earns its points (`points`, else `scoring.pointsPerObjective`); a
  `guard` (something already true that must not break) only once every other objective
  passed, so that doing nothing scores nothing.
- Time (`scoring.parTicks`): all objectives passing by the par tick earns `timePoints`; later,
  linearly less, down to nothing at the end of the run. An exercise's `timeLimitMinutes`, when
  the UI reports the wall-clock minutes spent, earns nothing past the limit.
- Cost (`scoring.costBudget`): at or under budget earns `costPoints`; linearly less, down to
  nothing at twice the budget.
- Each revealed hint takes its `cost` off (never below zero).
- Stars: 0 when a required objective failed; otherwise 3 at `stars.three` of the maximum,
  2 at `stars.two`, else 1.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from kubetui.scenario.objectives import Status
from kubetui.scenario.schema import Scenario
from kubetui.scenario.text import Text


class ScoreLine(BaseModel):
    """One row of the breakdown the end screen and `--json` show."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["objective", "time", "cost", "hint"]
    id: str
    label: Text
    points: int
    """Earned (negative for a hint)."""
    maxPoints: int
    """What this row can earn at most (0 for a hint)."""


class ScoreBreakdown(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stars: int
    points: int
    maxPoints: int
    allRequiredPassed: bool
    lines: list[ScoreLine]

    @property
    def fraction(self) -> float:
        return self.points / self.maxPoints if self.maxPoints else 1.0


def _linear(full: int, value: float, good: float, zero: float) -> int:
    """`full` at or below `good`, 0 at or above `zero`, a straight line between."""
    if value <= good:
        return full
    if value >= zero or zero <= good:
        return 0
    return int(full * (zero - value) / (zero - good))


def task_passed(objectives, verdicts: list[Status]) -> bool:
    """Every objective that is not a guard passes: the player did what the task asks, so the
    guards' points count."""
    by_id = {v.id: v for v in verdicts}
    return all(by_id.get(o.id) is not None and by_id[o.id].state == "passing" for o in objectives if not o.guard)


def score(scenario: Scenario, verdicts: list[Status], figures: dict | None = None, *,
          solved_at: int | None = None, end_tick: int | None = None, hints_used: int = 0,
          elapsed_minutes: float | None = None) -> ScoreBreakdown:
    """Score a finished run.

    `verdicts` are the objectives' final statuses (same order as `scenario.objectives`);
    `solved_at` the first tick at which every objective was passing; `hints_used` how many
    rungs of the hint ladder the player revealed.
    """
    s = scenario.scoring
    end = end_tick if end_tick is not None else scenario.duration
    by_id = {v.id: v for v in verdicts}
    lines: list[ScoreLine] = []
    all_required = True
    all_passed = True
    task_done = task_passed(scenario.objectives, verdicts)
    for o in scenario.objectives:
        worth = o.points if o.points is not None else s.pointsPerObjective
        v = by_id.get(o.id)
        ok = v is not None and v.state == "passing"
        all_passed &= ok
        if o.required and not ok:
            all_required = False
        earned = worth if ok and (task_done or not o.guard) else 0
        lines.append(ScoreLine(kind="objective", id=o.id, label=o.description, points=earned, maxPoints=worth))

    if s.parTicks is not None or (scenario.timeLimitMinutes and elapsed_minutes is not None):
        earned = s.timePoints if all_passed else 0
        label_en, label_ko = [], []
        if s.parTicks is not None:
            if solved_at is None:
                earned = 0
            else:
                earned = min(earned, _linear(s.timePoints, solved_at, s.parTicks, end))
            label_en.append(f"all objectives passing by tick {s.parTicks}"
                            + (f" (at tick {solved_at})" if solved_at is not None else ""))
            label_ko.append(f"틱 {s.parTicks}까지 모든 목표 달성" + (f" (틱 {solved_at})" if solved_at is not None else ""))
        if scenario.timeLimitMinutes and elapsed_minutes is not None:
            if elapsed_minutes > scenario.timeLimitMinutes:
                earned = 0
            label_en.append(f"within {scenario.timeLimitMinutes} minutes ({elapsed_minutes:.1f} used)")
            label_ko.append(f"{scenario.timeLimitMinutes}분 안에 ({elapsed_minutes:.1f}분 사용)")
        lines.append(ScoreLine(kind="time", id="time", label=Text(en="; ".join(label_en), ko="; ".join(label_ko)),
                               points=earned, maxPoints=s.timePoints))

    if s.costBudget is not None:
        cost = (figures or {}).get("cost") or {}
        ratios, en, ko = [], [], []
        for key, budget, unit in (("nodeSeconds", s.costBudget.nodeSeconds, "node-seconds"),
                                  ("price", s.costBudget.price, "$")):
            if budget is None:
                continue
            used = float(cost.get(key) or 0.0)
            ratios.append(used / budget if budget else (0.0 if used == 0 else float("inf")))
            shown = f"${used:.2f} of ${budget:.2f}" if unit == "$" else f"{used:.0f} of {budget:.0f} {unit}"
            en.append(shown)
            ko.append(shown.replace("node-seconds", "노드-초"))
        earned = _linear(s.costPoints, max(ratios), 1.0, 2.0) if all_passed else 0
        lines.append(ScoreLine(kind="cost", id="cost", label=Text(en="cost: " + ", ".join(en), ko="비용: " + ", ".join(ko)),
                               points=earned, maxPoints=s.costPoints))

    for i, hint in enumerate(scenario.hints[: max(0, hints_used)], start=1):
        lines.append(ScoreLine(kind="hint", id=f"hint-{i}", label=Text(en=f"hint {i}", ko=f"힌트 {i}"),
                               points=-hint.cost, maxPoints=0))

    max_points = sum(line.maxPoints for line in lines)
    points = max(0, sum(line.points for line in lines))
    fraction = points / max_points if max_points else 1.0
    if not all_required:
        stars = 0
    elif fraction >= s.stars.three:
        stars = 3
    elif fraction >= s.stars.two:
        stars = 2
    else:
        stars = 1
    return ScoreBreakdown(stars=stars, points=points, maxPoints=max_points, allRequiredPassed=all_required, lines=lines)
