"""Exam mode: a seeded draw of exercises weighted by domain, graded with partial credit.

Like the CKA and CKAD: 15-20 tasks in two hours, each set in a kubeconfig context it names
(`kubectl config use-context k8s-c2`), the player starting in another cluster. Each task counts
by its time limit (a longer task weighs more) and earns the share of its parts' points that
passed. No hints. The pass mark is 66%.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from kubetui.exercise.catalog import DOMAINS, Catalog, domain_of
from kubetui.exercise.check import CheckReport, PartResult, grade_script
from kubetui.scenario.errors import ScenarioError
from kubetui.scenario.schema import OtherCluster, Scenario, TimelineEntry
from kubetui.scenario.script import load_script
from kubetui.scenario.text import Text

PASS_MARK = 0.66
DEFAULT_MINUTES = 5
"""Minutes an exercise without `timeLimitMinutes` takes in an exam."""


def minutes_of(ex: Scenario) -> int:
    return ex.timeLimitMinutes or DEFAULT_MINUTES


TASKS = (15, 20)
"""Tasks a two-hour exam draws, as in the CKA and CKAD; shorter exams draw proportionally fewer."""
CONTEXTS = ("k8s-c1", "k8s-c2", "k8s-c3", "k8s-c4")
"""The kubeconfig contexts an exam's tasks are set in: each task names one, and the player starts
in another, as after the previous task."""
HOME = "kubetui"
"""The exercise's own cluster: the one its checks judge."""
_CONTEXT_TAG = "context:"


def eligible(ex: Scenario) -> bool:
    """Exercises that leave the kubeconfig alone, so an exam can set their context: not those of
    several clusters or about contexts themselves, nor those whose commands are restricted."""
    if ex.clusters or any(o.type == "kubeconfigContext" for o in ex.objectives):
        return False
    if any("kubectl config" in e.run for e in ex.timeline) or "kubectl config" in ex.solution:
        return False
    if any(p.startswith("sim ") for p in ex.allowedCommands):
        return False  # `sim` commands act on the first cluster whatever the context
    return any("kubectl config use-context".startswith(p) for p in ex.allowedCommands)


TRACKS: dict[str, dict[str, float]] = {
    "ckad": DOMAINS,
    "cka": {
        "troubleshooting": 0.30,
        "core": 0.10, "security": 0.07, "scheduling": 0.08,
        "services-networking": 0.20,
        "pod-design": 0.08, "config": 0.04, "observability": 0.03,
        "state": 0.10,
    },
}
"""Domain weights of an exam: the CKAD's (the catalog's own), or the CKA's curriculum mapped onto
the same domains (troubleshooting 30%, cluster architecture 25%, services and networking 20%,
workloads and scheduling 15%, storage 10%)."""

SEVERAL_NAMESPACES = 4
"""Namespaces besides `default` an exam's tasks should reach; the draw favours tasks in new ones
until it has them."""


def _namespaces(ex: Scenario) -> set[str]:
    """The namespaces other than `default` the exercise's checks look into."""
    names = {getattr(o, a, None) for o in ex.objectives for a in ("namespace", "toNamespace", "fromNamespace")}
    return {n for n in names if isinstance(n, str) and n != "default"}


def task_namespaces(ex: Scenario) -> set[str]:
    """The namespaces the exercise's checks look into (`default` when they name none)."""
    names = {getattr(o, a, None) for o in ex.objectives for a in ("namespace", "toNamespace", "fromNamespace")}
    return {n for n in names if isinstance(n, str)} or {"default"}


def _task_count(minutes: int, rng: random.Random) -> int:
    return max(1, round(rng.randint(*TASKS) * minutes / 120))


def draw(catalog: Catalog, minutes: int = 120, seed: int = 0, track: str = "ckad") -> list[Scenario]:
    """15-20 tasks for two hours (fewer for a shorter exam), each from a domain chosen with the
    domain's weight in the `track` (TRACKS) and fitting the minutes left, each set in its own context (`in_context`);
    the same seed always draws the same exam."""
    weights = TRACKS[track]
    rng = random.Random(seed)
    pools: dict[str, list[Scenario]] = {}
    for domain, items in sorted(catalog.by_domain().items()):
        pool = sorted((e for e in items if eligible(e)), key=lambda e: e.id)
        rng.shuffle(pool)
        if pool:
            pools[domain] = pool
    want = _task_count(minutes, rng)
    chosen: list[Scenario] = []
    seen: set[str] = set()
    left = minutes
    while len(chosen) < want:
        open_domains = [d for d in sorted(pools) if weights.get(d) and any(minutes_of(e) <= left for e in pools[d])]
        if not open_domains:
            break
        domain = rng.choices(open_domains, weights=[weights[d] for d in open_domains])[0]
        fits = [e for e in pools[domain] if minutes_of(e) <= left]
        pick = fits[0] if len(seen) >= SEVERAL_NAMESPACES else next((e for e in fits if _namespaces(e) - seen), fits[0])
        pools[domain].remove(pick)
        seen |= _namespaces(pick)
        chosen.append(pick)
        left -= minutes_of(pick)
    tasks: list[Scenario] = []
    previous = rng.choice(CONTEXTS)
    for ex in chosen:
        context = rng.choice([c for c in CONTEXTS if c != previous])
        tasks.append(in_context(ex, context, previous))
        previous = context
    return tasks


def _via_home(command: str) -> str:
    """A scenario's own command, sent to the exercise's cluster whatever context is current."""
    return f"kubectl --context={HOME} {command[len('kubectl '):]}" if command.startswith("kubectl ") else command


def in_context(ex: Scenario, context: str, start: str) -> Scenario:
    """The exercise as an exam task: its cluster is reached through the context `context`, and the
    player starts in `start`, another cluster holding the same starting objects, so that work done
    without `kubectl config use-context` lands where nothing is judged."""
    decoy = OtherCluster(name=start, controlPlane=ex.cluster.controlPlane, nodes=ex.cluster.nodes,
                         nodePools=ex.cluster.nodePools, addons=ex.cluster.addons,
                         manifests=[m for m in ex.manifests if isinstance(m, dict)])
    switch = [TimelineEntry(at=0, run=f"kubectl config set-context {context} --cluster={HOME} "
                                      f"--user={HOME}-admin --namespace=default"),
              TimelineEntry(at=0, run=f"kubectl config use-context {start}")]
    timeline = [e.model_copy(update={"run": _via_home(e.run)}) for e in ex.timeline]
    objectives = []
    for o in ex.objectives:
        if o.type == "admits":
            o = o.model_copy(update={"tries": [t.model_copy(update={"run": _via_home(t.run)}) for t in o.tries]})
        if o.disrupt:
            o = o.model_copy(update={"disrupt": [_via_home(c) for c in o.disrupt]})
        objectives.append(o)
    use = f"kubectl config use-context {context}"
    briefing = Text(en=f"Context `{context}`: run `{use}` first. You start in `{start}`.\n\n{ex.briefing.en}",
                    ko=f"컨텍스트 `{context}`: 먼저 `{use}`을 실행하세요. 시작 컨텍스트는 `{start}`입니다.\n\n{ex.briefing.ko}")
    return ex.model_copy(update={"clusters": [decoy], "timeline": [*switch, *timeline], "objectives": objectives,
                                 "briefing": briefing, "tags": [*ex.tags, _CONTEXT_TAG + context]})


def exam_context(ex: Scenario) -> str | None:
    """The context an exam task is set in (None: not an exam task)."""
    return next((t[len(_CONTEXT_TAG):] for t in ex.tags if t.startswith(_CONTEXT_TAG)), None)


def start_context(ex: Scenario) -> str | None:
    """The context an exam task's player starts in (its set-up's `use-context`), None outside
    the exam."""
    prefix = "kubectl config use-context "
    return next((e.run[len(prefix):].strip() for e in reversed(ex.timeline) if e.at == 0 and e.run.startswith(prefix)),
                None)


def rules(tasks: list[Scenario], minutes: int, lang: str = "en", track: str = "ckad") -> str:
    """The start screen's text: the rules, how many tasks, how long, and how they weigh."""
    total = sum(minutes_of(t) for t in tasks) or 1
    contexts = ", ".join(sorted({c for t in tasks if (c := exam_context(t))}))
    start = start_context(tasks[0]) if tasks else None
    domains: dict[str, int] = {}
    for t in tasks:
        domains[domain_of(t)] = domains.get(domain_of(t), 0) + minutes_of(t)
    if lang == "ko":
        lines = [f"kubetui 모의 시험 ({track.upper()}): 과제 {len(tasks)}개, {minutes}분", "",
                 "- 과제마다 컨텍스트가 있습니다. 먼저 `kubectl config use-context <컨텍스트>`를 실행하세요. "
                 "다른 클러스터에서 한 일은 채점되지 않습니다.",
                 f"- 컨텍스트: {contexts}" + (f". 시작 컨텍스트는 {start}입니다(현재 컨텍스트는 화면 위에 보입니다)."
                                              if start else ""),
                 "- 힌트는 없습니다. 과제마다 부분 점수가 있고, 비중은 과제의 제한 시간을 따릅니다.",
                 f"- 합격선은 {PASS_MARK * 100:.0f}%입니다. 남은 시간은 화면 위에 보입니다.",
                 "- ctrl+n은 다음 과제로 넘어가고, 마지막 과제에서 시험을 채점합니다.", "", "영역별 비중:"]
    else:
        lines = [f"kubetui exam ({track.upper()}): {len(tasks)} task{'' if len(tasks) == 1 else 's'}, {minutes} minutes", "",
                 "- Every task names its context: run `kubectl config use-context <context>` first. "
                 "Work done in another cluster is not graded.",
                 f"- Contexts: {contexts}" + (f". You start in {start}; the top bar shows the current context."
                                            if start else ""),
                 "- No hints. Each task gives partial credit and weighs as its time limit.",
                 f"- The pass mark is {PASS_MARK * 100:.0f}%. The time left is shown at the top.",
                 "- ctrl+n moves to the next task; on the last one it grades the exam.", "", "Weight by domain:"]
    lines = [wrapped for line in lines for wrapped in wrap_bullet(line)]
    lines += [f"  {d:<20} {w * 100 / total:4.0f}%" for d, w in sorted(domains.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines) + "\n"


RULES_WIDTH = 78
"""Terminal cells a line of the rules may take: they fit an 80-column terminal."""


def _cells(text: str) -> int:
    """Terminal cells `text` takes (a Korean syllable takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def wrap_bullet(line: str, width: int = RULES_WIDTH) -> list[str]:
    """`line` broken between words to `width` cells; a `- ` bullet's next lines hang under its text."""
    if _cells(line) <= width:
        return [line]
    indent = "  " if line.startswith("- ") else ""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and _cells(candidate) > width:
            out.append(current)
            current = indent + word
        else:
            current = candidate
    out.append(current)
    return out


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

    def story(self, lang: str = "en") -> list[str]:
        """This task's debrief: the commands run in it and the context each reached, and its
        checks with the reason of each failure."""
        from kubetui.exercise.debrief import task_story

        return task_story(self.report.path, self.report, exam_context(self.exercise), lang,
                          start=start_context(self.exercise), namespaces=task_namespaces(self.exercise))


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
                           "context": exam_context(i.exercise),
                           "answered": i.answered, "note": i.note, "score": round(i.fraction * 100, 1),
                           "whatHappened": "\n".join(i.story("en")),
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
            story = i.story(lang)
            lines += [f"**{story[0]}**", "", "```", *(line[2:] for line in story[1:]), "```"]
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
