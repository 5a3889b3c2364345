"""Exam mode: a seeded draw of exercises weighted by domain, graded with partial credit.

Each exercise counts by its time limit (a longer task weighs more, as in the CKAD), and
earns the share of its parts' points that passed. No hints. The pass mark is 66%.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from kubetui.exercise.catalog import DOMAINS, Catalog, domain_of
from kubetui.exercise.check import CheckReport, PartResult, grade_script
from kubetui.scenario.errors import ScenarioError
from kubetui.scenario.schema import Scenario
from kubetui.scenario.script import load_script
from kubetui.scenario.text import Text

PASS_MARK = 0.66
DEFAULT_MINUTES = 5
"""Minutes an exercise without `timeLimitMinutes` takes in an exam."""


def minutes_of(ex: Scenario) -> int:
    return ex.timeLimitMinutes or DEFAULT_MINUTES


def draw(catalog: Catalog, minutes: int = 120, seed: int = 0) -> list[Scenario]:
    """Exercises whose time limits fit in `minutes`, each drawn from a domain chosen with the
    domain's weight; the same seed always draws the same exam."""
    rng = random.Random(seed)
    pools: dict[str, list[Scenario]] = {}
    for domain, items in sorted(catalog.by_domain().items()):
        pool = sorted(items, key=lambda e: e.id)
        rng.shuffle(pool)
        if pool:
            pools[domain] = pool
    chosen: list[Scenario] = []
    left = minutes
    while True:
        open_domains = [d for d in sorted(pools) if any(minutes_of(e) <= left for e in pools[d])]
        if not open_domains:
            break
        domain = rng.choices(open_domains, weights=[DOMAINS.get(d, 0.05) for d in open_domains])[0]
        pick = next(e for e in pools[domain] if minutes_of(e) <= left)
        pools[domain].remove(pick)
        chosen.append(pick)
        left -= minutes_of(pick)
    return chosen


@dataclass
class ExamItem:
    exercise: Scenario
    report: CheckReport
    answered: bool
    note: str = ""

    @property
    def weight(self) -> int:
        return minutes_of(self.exercise)

    @property
    def fraction(self) -> float:
        return self.report.fraction


@dataclass
class ExamReport:
    seed: int
    minutes: int
    items: list[ExamItem] = field(default_factory=list)

    @property
    def score(self) -> float:
        """Weighted share of the points earned, 0..1."""
        total = sum(i.weight for i in self.items)
        return sum(i.fraction * i.weight for i in self.items) / total if total else 0.0

    @property
    def passed(self) -> bool:
        return self.score >= PASS_MARK

    def by_domain(self) -> dict[str, float]:
        out: dict[str, list[ExamItem]] = {}
        for i in self.items:
            out.setdefault(domain_of(i.exercise), []).append(i)
        return {d: sum(i.fraction * i.weight for i in xs) / sum(i.weight for i in xs) for d, xs in sorted(out.items())}

    def to_json(self) -> dict:
        return {
            "seed": self.seed, "minutes": self.minutes, "score": round(self.score * 100, 1),
            "passMark": round(PASS_MARK * 100), "passed": self.passed,
            "domains": {d: round(v * 100, 1) for d, v in self.by_domain().items()},
            "exercises": [{"id": i.exercise.id, "domain": domain_of(i.exercise), "weight": i.weight,
                           "answered": i.answered, "note": i.note, "score": round(i.fraction * 100, 1),
                           **{k: v for k, v in i.report.to_json().items() if k in ("points", "maxPoints", "parts")}}
                          for i in self.items],
        }

    def markdown(self, lang: str = "en") -> str:
        ko = lang == "ko"
        verdict = ("합격" if self.passed else "불합격") if ko else ("PASSED" if self.passed else "NOT PASSED")
        lines = [f"# {'kubetui 모의 시험' if ko else 'kubetui exam'} (seed {self.seed}, {self.minutes} min)", "",
                 f"**{'점수' if ko else 'Score'}: {self.score * 100:.1f}%** "
                 f"({'합격선' if ko else 'pass mark'} {PASS_MARK * 100:.0f}%): {verdict}", "",
                 f"| # | {'연습' if ko else 'Exercise'} | {'영역' if ko else 'Domain'} | "
                 f"{'비중' if ko else 'Weight'} | {'점수' if ko else 'Score'} |",
                 "|---|---|---|---|---|"]
        for n, i in enumerate(self.items, 1):
            lines.append(f"| {n} | {i.exercise.title.get(lang)} (`{i.exercise.id}`) | {domain_of(i.exercise)} | "
                         f"{i.weight} | {i.fraction * 100:.0f}% |")
        lines += ["", f"## {'영역별' if ko else 'By domain'}", ""]
        lines += [f"- {d}: {v * 100:.0f}%" for d, v in self.by_domain().items()]
        for n, i in enumerate(self.items, 1):
            lines += ["", f"## {n}. {i.exercise.title.get(lang)}", "", i.exercise.briefing.get(lang), ""]
            if i.note:
                lines.append(f"_{i.note}_")
                lines.append("")
            for p in i.report.parts:
                lines.append(f"- {'✔' if p.passed else '✘'} {p.description.get(lang)}: {p.reason.get(lang)}")
            lines += ["", f"> {i.exercise.debrief.get(lang)}"]
        return "\n".join(lines) + "\n"


def unanswered(ex: Scenario, why_en: str, why_ko: str) -> CheckReport:
    default = ex.scoring.pointsPerObjective
    parts = [PartResult(o.id, o.description, False, Text(en=why_en, ko=why_ko), 0,
                        o.points if o.points is not None else default) for o in ex.objectives]
    return CheckReport(ex.id, 0, parts)


def grade_exam(exercises: list[Scenario], script_dir: str | Path, *, seed: int = 0, minutes: int = 120) -> ExamReport:
    """Grade `<script_dir>/<exercise-id>.txt` for every exercise; a missing or unreadable
    answer scores nothing."""
    folder = Path(script_dir)
    report = ExamReport(seed=seed, minutes=minutes)
    for ex in exercises:
        path = folder / f"{ex.id}.txt"
        if not path.is_file():
            report.items.append(ExamItem(ex, unanswered(ex, "no answer", "답 없음"), False, note=f"no {path.name}"))
            continue
        try:
            script = load_script(path)
        except ScenarioError as e:
            msg = e.messages[0] if e.messages else str(e)
            report.items.append(ExamItem(ex, unanswered(ex, "the answer could not be read", "답을 읽을 수 없음"),
                                         False, note=msg))
            continue
        report.items.append(ExamItem(ex, grade_script(ex, script, seed=seed), True))
    return report


def write_report(report: ExamReport, path: str | Path, lang: str = "en") -> None:
    """`.json` gets JSON, anything else Markdown; written atomically."""
    from kubetui.files import write_atomically

    p = Path(path)
    text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n" if p.suffix == ".json" \
        else report.markdown(lang)
    write_atomically(str(p), text)
