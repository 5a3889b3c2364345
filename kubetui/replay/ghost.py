"""Ghost comparison: two runs of the same scenario side by side, tick by tick.

Both logs are re-simulated together; at every tick the figures the game judges by (objective
states, engine figures such as cost, each workload's ready/desired replicas) are compared, and
the ticks where they differ are folded into ranges: "ticks 61-112: Deployment default/web
ready 2/3 in this run, ready 3/3 in the other".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.replay.reader import LogError
from kubetui.replay.replayer import Replay

if TYPE_CHECKING:
    from kubetui.shell import Simulation

WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job")


@dataclass
class Difference:
    first: int
    last: int
    what: str
    this: str
    other: str


@dataclass
class GhostReport:
    this: str
    other: str
    ticks: int = 0
    differences: list[Difference] = field(default_factory=list)
    scores: tuple[str, str] = ("", "")

    def text(self, limit: int = 200) -> str:
        if not self.differences:
            out = f"the runs agree at every one of {self.ticks + 1} tick(s)\n"
        else:
            rows = [("TICKS", "WHAT", "THIS RUN", "OTHER RUN")]
            for d in self.differences[:limit]:
                span = str(d.first) if d.first == d.last else f"{d.first}-{d.last}"
                rows.append((span, d.what, d.this, d.other))
            widths = [max(len(r[i]) for r in rows) for i in range(3)]
            out = "".join("   ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "   " + r[3] + "\n" for r in rows)
            if len(self.differences) > limit:
                out += f"... and {len(self.differences) - limit} more\n"
        if any(self.scores):
            out += f"end: this run {self.scores[0] or '-'}; other run {self.scores[1] or '-'}\n"
        return out


def compare(this: Replay, other: Replay) -> GhostReport:
    """Where `this` and `other` (runs of one scenario, or two sandboxes) differ, tick by tick."""
    a_id, b_id = this.header.get("scenario"), other.header.get("scenario")
    if a_id != b_id:
        raise LogError(f"{other.log.path}:1: a run of {_name(b_id)}, but {this.log.path} is a run of {_name(a_id)}; "
                       "a ghost compares two runs of the same scenario")
    report = GhostReport(this.log.path, other.log.path, scores=(_score(this), _score(other)))
    sims = [this.base(), other.base()]
    cursors = [0, 0]
    judges = [_Judge(this), _Judge(other)]
    end = max(this.end_tick, other.end_tick)
    start = max(s.tick for s in sims)
    open_runs: dict[str, Difference] = {}
    for tick in range(start, end + 1):
        views = []
        for i, (replay, sim) in enumerate(zip((this, other), sims)):
            if tick <= replay.end_tick:
                cursors[i] = replay.advance(sim, cursors[i], tick)
                views.append(judges[i].look(sim, tick))
            else:
                views.append({"run": "ended"})
        a, b = views
        seen = set()
        for what in sorted(set(a) | set(b)):
            va, vb = a.get(what, "-"), b.get(what, "-")
            if va == vb:
                continue
            seen.add(what)
            run = open_runs.get(what)
            if run is not None and run.last == tick - 1 and (run.this, run.other) == (va, vb):
                run.last = tick
            else:
                run = Difference(tick, tick, what, va, vb)
                open_runs[what] = run
                report.differences.append(run)
        for what in [w for w in open_runs if w not in seen]:
            del open_runs[what]
        report.ticks = tick
    report.differences.sort(key=lambda d: (d.first, d.what))
    return report


class _Judge:
    """What one run looks like at a tick: objective states, figures and workloads."""

    def __init__(self, replay: Replay):
        scenario = replay.scenario
        self.objectives = scenario.fresh_objectives() if scenario is not None else []

    def look(self, sim: Simulation, tick: int) -> dict[str, str]:
        figures = sim.figures()
        out: dict[str, str] = {}
        for o in self.objectives:
            try:
                out[f"objective {o.id}"] = o.evaluate(sim, figures, tick).state
            except Exception as exc:  # an objective that cannot judge a diverged cluster is itself a difference
                out[f"objective {o.id}"] = f"error: {type(exc).__name__}"
        _flatten("", figures, out)
        out.pop("tick", None)
        store = sim.store
        for kind in WORKLOADS:
            for obj in store.list(kind):
                meta = obj["metadata"]
                if kind == "ReplicaSet" and meta.get("ownerReferences"):
                    continue
                spec, status = obj.get("spec") or {}, obj.get("status") or {}
                if kind == "Job":
                    value = f"{status.get('succeeded', 0)} succeeded, {status.get('failed', 0)} failed"
                elif kind == "DaemonSet":
                    value = f"ready {status.get('numberReady', 0)}/{status.get('desiredNumberScheduled', 0)}"
                else:
                    value = f"ready {status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}"
                out[f"{kind} {meta.get('namespace', '')}/{meta['name']}"] = value
        return out


def _flatten(prefix: str, value, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for k in sorted(value):
            _flatten(f"{prefix}.{k}" if prefix else str(k), value[k], out)
    elif isinstance(value, float):
        out[prefix] = f"{value:.4g}"
    elif isinstance(value, (int, str, bool)) or value is None:
        out[prefix] = str(value)


def _score(replay: Replay) -> str:
    end = replay.log.end
    if not end:
        return ""
    result = end.get("result")
    score = end.get("score")
    if isinstance(result, dict):
        score = result.get("score", score)
        passed = result.get("passed")
    else:
        passed = result
    parts = []
    if passed is not None:
        parts.append("passed" if passed is True else "failed" if passed is False else str(passed))
    if isinstance(score, dict) and "points" in score:
        parts.append(f"{score.get('points')}/{score.get('maxPoints', '?')} points, {score.get('stars', 0)} star(s)")
    parts.append(f"at tick {end.get('tick')}")
    return " ".join(parts)


def _name(scenario_id: str | None) -> str:
    return f"scenario {scenario_id!r}" if scenario_id else "a sandbox"
