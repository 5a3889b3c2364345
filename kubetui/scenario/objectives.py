"""Objectives: typed checks on the cluster, judged every tick and once more at the end.

An objective is data (a discriminated union on `type`, never code from a scenario file). Each
one looks at the cluster through `ClusterView.get` / `ClusterView.list` with a namespace and a
label selector, so a tick's evaluation costs what the objective names, not the cluster's size.
It keeps its own state between ticks: a violation is remembered as an interval ("from tick 212
to 260"), pods that already succeeded are remembered after a Job's TTL deletes them, and so on.

Windows, one per objective:
- `during: [a, b]` the condition must hold at every tick from a to b (inclusive);
- `by: t`          the condition must be met at some tick up to t (then it is won for good);
- `atEnd: true`    the condition is judged on the final tick only;
- `always: true`   once the condition holds (the set-up has come up), it must hold at every
                   tick until the run is judged ("without disruption"): an exercise's session
                   judges such an objective every tick too, not only when checked.

`guard: true` marks an objective that keeps something from breaking rather than asking for a
change (web keeps 3 replicas): it earns its points only once every other objective passes, so
that a run in which the player did nothing scores nothing.

States: `pending` (not judged yet, nothing wrong), `at-risk` (would fail if judged now, or held
before and no longer does), `passing`, `failed`. `decided` says the verdict can no longer change.

Engine figures (`Simulation.figures()`), the parts objectives read; every key may be missing
(an objective then reads "nothing yet"):

    {
      "cost": {
        "nodeSeconds": float,      # sum over worker nodes of seconds they existed (booting counts)
        "price": float             # sum of nodeSeconds/3600 x each node's pricePerHour
      },
      "services": {
        "<ns>/<name>": {
          "offeredRps": float,     # requests per second the timeline offered this tick
          "servedRps": float,      # of those, answered successfully
          "successRate": float,    # servedRps / offeredRps, 1.0 when nothing was offered
          "sources": {             # optional: the same three figures per client namespace
            "<client-ns>": {"offeredRps": float, "servedRps": float, "successRate": float}
          }
        }
      },
      "data": {
        "<ns>/<claim-or-pod>": {   # a PVC's name when the app writes to a claim, else the pod's
          "kind": "PersistentVolumeClaim" | "Pod",
          "app": str | None,       # the writing pod's `app` label
          "written": int,          # records the app ever wrote there
          "present": int           # records still readable now (0 once a pod's emptyDir is gone);
                                   # the engine reports it as `kept` (and `lost`), keyed by the
                                   # claim or the owning workload's name
        }
      }
    }
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from kubetui.model.clock import tick_of
from kubetui.model.kinds import KINDS
from kubetui.model.kinds import resolve as resolve_kind
from kubetui.model.labels import parse as parse_selector
from kubetui.model.quantity import parse_quantity
from kubetui.scenario.describe import describe, machine_detail
from kubetui.scenario.korean_style import particle
from kubetui.scenario.text import Text
from kubetui.scenario.view import Reading

State = Literal["passing", "at-risk", "failed", "pending"]


class Status(BaseModel):
    """What an objective says at one tick: shown in the objectives pane and in `--json`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    state: State
    reason: Text
    decided: bool = False
    """True once the verdict can no longer change."""

    @property
    def passed(self) -> bool:
        return self.state == "passing"


@dataclass
class Finding:
    """The condition at one tick. `en` may carry tense tokens ({has}, {is}, {are}, {does},
    {exists}) so that the same finding reads "has" now and "had" in a report of the past.
    `gap` is how far from good it is (larger is worse), to report the worst moment."""

    ok: bool
    en: str
    ko: str
    gap: float = 0.0


_TENSES = {"{has}": ("has", "had"), "{have}": ("have", "had"), "{is}": ("is", "was"), "{are}": ("are", "were"),
           "{does}": ("does", "did"), "{exists}": ("exists", "existed"), "{gets}": ("gets", "got"),
           "{holds}": ("holds", "held"), "{resolves}": ("resolves", "resolved")}


@lru_cache(maxsize=4096)
def _tense(template: str, past: bool) -> str:
    """Remembered: a scenario judges the same findings at every tick."""
    for token, (now, then) in _TENSES.items():
        template = template.replace(token, then if past else now)
    return template


def _ref(kind: str, name: str, namespace: str | None) -> str:
    if namespace and namespace != "default":
        return f"{kind} {namespace}/{name}"
    return f"{kind} {name}"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _plural(n: int | float, word: str) -> str:
    return f"{n:g} {word}" if n == 1 else f"{n:g} {word}s"


def _be(one: bool) -> str:
    """The tense token of "to be" for one thing or several ("pod shop {is}", "3 pods {are}")."""
    return "{is}" if one else "{are}"


def _have(one: bool) -> str:
    return "{has}" if one else "{have}"


def _conditions(obj: dict) -> dict[str, str]:
    return {c.get("type"): c.get("status") for c in (obj.get("status") or {}).get("conditions") or []}


def _pod_ready(pod: dict) -> bool:
    return not pod["metadata"].get("deletionTimestamp") and _conditions(pod).get("Ready") == "True"


def _uid(obj: dict) -> str:
    meta = obj.get("metadata") or {}
    return meta.get("uid") or f"{meta.get('namespace')}/{meta.get('name')}"


def _quantity(q: Any) -> float:
    """A Kubernetes quantity as a float (`500m` -> 0.5, `1Gi` -> 1073741824), by the model's parser."""
    return float(parse_quantity(q))


# --- comparing values by what they mean ----------------------------------------------------

_QUANTITY_KEYS = frozenset({"hard", "used", "limits", "requests", "default", "defaultRequest", "max", "min",
                            "maxLimitRequestRatio", "capacity", "allocatable", "storage", "sizeLimit"})
"""Keys under which Kubernetes keeps quantities: a value below them compares by amount."""

_INT_OR_PERCENT = frozenset({"maxSurge", "maxUnavailable"})
"""Fields that take a number or a percentage: `0%` is always `0`."""


Comparison = Literal["exact", "quantity", "schedule", "image", "intOrPercent"]


def comparison_for(parts: list[Any]) -> Comparison:
    """How a value at a field path compares: quantities by amount (`0.5` is `500m`), a cron
    `schedule` by when it fires (`* * * * *` is `*/1 * * * *`), anything else exactly."""
    if parts and parts[-1] == "schedule":
        return "schedule"
    if parts and parts[-1] == "image":
        return "image"
    if parts and parts[-1] in _INT_OR_PERCENT:
        return "intOrPercent"
    if any(isinstance(p, str) and p in _QUANTITY_KEYS for p in parts):
        return "quantity"
    return "exact"


def same_quantity(got: Any, want: Any) -> bool:
    """Two quantities of the same amount (`2000m` and `2`, `4096Mi` and `4Gi`)."""
    if isinstance(got, bool) or isinstance(want, bool):
        return got == want
    try:
        return parse_quantity(got) == parse_quantity(want)
    except (ValueError, ArithmeticError, TypeError):
        return False


_FIRES = 64
"""Fire times compared when two cron schedules are compared by meaning."""


def same_schedule(got: Any, want: Any) -> bool:
    """Two cron schedules that fire at the same times (the next 64 from the simulation's epoch)."""
    if got == want:
        return True
    from kubetui.engine.controllers.cronjob import Schedule
    from kubetui.model.clock import EPOCH

    try:
        a, b = Schedule(str(got)), Schedule(str(want))
    except ValueError:
        return False
    ta = tb = EPOCH
    for _ in range(_FIRES):
        ta, tb = a.next(ta), b.next(tb)
        if ta != tb:
            return False
    return True


def same_image(got: Any, want: Any) -> bool:
    """Two references to the same image (`nginx:1.27` and `docker.io/library/nginx:1.27`)."""
    from kubetui.engine.kubelet.images import qualified

    return got == want or (isinstance(got, str) and isinstance(want, str) and qualified(got) == qualified(want))


def same_value(got: Any, want: Any, how: Comparison) -> bool:
    if got == want:
        return True
    if how == "intOrPercent":
        return {str(got).rstrip("%"), str(want).rstrip("%")} == {"0"}
    if how == "quantity":
        return same_quantity(got, want)
    if how == "schedule":
        return same_schedule(got, want)
    if how == "image":
        return same_image(got, want)
    return False


# --- field paths ("spec.template.spec.containers[name=web].image") -------------------------

_SEGMENT = re.compile(r"""\.?([A-Za-z0-9_\-/]+)|\[(\d+)\]|\[['"]([^'"]+)['"]\]|\[([A-Za-z0-9_.\-]+)=([^\]]*)\]""")


def parse_path(path: str) -> list[Any]:
    """Split a dotted field path into keys, list indexes and `[key=value]` list filters.

    `metadata.annotations['deployment.kubernetes.io/revision']`, `.spec.replicas` and kubectl's
    `{.spec.replicas}` all work. Raises ValueError on anything else.
    """
    text = path.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    parts: list[Any] = []
    pos = 0
    while pos < len(text):
        m = _SEGMENT.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read field path {path!r} at {text[pos:]!r}")
        key, index, quoted, fkey, fval = m.groups()
        if key is not None:
            parts.append(key)
        elif index is not None:
            parts.append(int(index))
        elif quoted is not None:
            parts.append(quoted)
        else:
            parts.append((fkey, fval))
        pos = m.end()
    if not parts:
        raise ValueError("the field path is empty")
    return parts


_MISSING = object()


def resolve_path(obj: Any, parts: list[Any]) -> Any:
    """The value at `parts` in `obj`, or `_MISSING`."""
    cur = obj
    for part in parts:
        if isinstance(part, tuple):
            if not isinstance(cur, list):
                return _MISSING
            key, want = part
            cur = next((x for x in cur if isinstance(x, dict) and str(x.get(key)) == want), _MISSING)
        elif isinstance(part, int):
            if not isinstance(cur, list) or part >= len(cur):
                return _MISSING
            cur = cur[part]
        else:
            if not isinstance(cur, dict) or part not in cur:
                return _MISSING
            cur = cur[part]
        if cur is _MISSING:
            return _MISSING
    return cur


# --- the common part: windows and incremental judgement ------------------------------------


@dataclass
class _Track:
    last_tick: int | None = None
    last: Finding | None = None
    status: Status | None = None
    closed: bool = False
    was_ok: bool = False
    in_window: bool = False
    open: bool = False
    intervals: list[list[Any]] = field(default_factory=list)  # [start, end, worst Finding]
    met_at: int | None = None
    first_tick: int | None = None
    kept: dict[str, str] | None = None
    seen: set[str] = field(default_factory=set)
    first_seen: dict[str, int] = field(default_factory=dict)
    best: float = 0.0
    made: Status | None = None
    """The last Status `_status` made: said again while nothing in it changes."""


class ObjectiveBase(BaseModel):
    """Fields every objective has; subclasses add what they look at and implement `check`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Short name used in reports and `--json` (lowercase, digits and dashes)."""
    description: Text | None = None
    """What the player reads, in both languages; unset: made from the type and fields
    (kubetui/scenario/describe.py)."""
    during: tuple[int, int] | None = None
    """Must hold at every tick from the first to the second (inclusive)."""
    by: int | None = Field(default=None, ge=0)
    """Must be met at some tick up to this one."""
    atEnd: bool = False
    """Judged on the final tick."""
    always: bool = False
    """Once it holds, must hold at every tick of the run, up to the moment it is judged."""
    guard: bool = False
    """Already true before the player acts (nothing may break): its points count only when
    every objective that is not a guard passes."""
    points: int | None = Field(default=None, ge=0)
    """Points when it passes; the scenario's `scoring.pointsPerObjective` when unset."""
    cluster: str | None = None
    """The scenario cluster it looks at (a name from `clusters:`); unset: the first, `kubetui`."""
    required: bool = True
    """A failed required objective means zero stars; an optional one only costs its points."""
    fastForward: int | None = Field(default=None, ge=1, le=3600)
    """Judge on a copy of the cluster this many seconds later (a CronJob that must run twice);
    `atEnd` only, since the copy is made when the run is judged."""
    disrupt: list[str] = Field(default_factory=list)
    """Commands run on that copy before it moves on (`sim fail-node {node}`). With `{node}`, a
    copy is made for each worker node in turn and every one must pass: "survives the loss of
    any one node"."""

    _t: _Track = PrivateAttr(default_factory=_Track)

    @model_validator(mode="after")
    def _described(self):
        if self.description is None:
            made = describe(self)
            if made is None:
                raise ValueError(f"write a `description:` ({{en: ..., ko: ...}}): no sentence is made for type {self.type!r}")
            self.description = Text(en=made[0], ko=made[1])
        return self

    @property
    def detail(self) -> str:
        """The objective as the machine reads it (type, fields, window): one key away in the UI."""
        return machine_detail(self)

    @model_validator(mode="after")
    def _one_window(self):
        chosen = [w for w, on in (("during", self.during is not None), ("by", self.by is not None),
                                   ("atEnd", self.atEnd), ("always", self.always)) if on]
        if len(chosen) != 1:
            raise ValueError("set exactly one window: `during: [from, to]`, `by: tick`, `atEnd: true` or `always: true`"
                             + (f" (found {', '.join(chosen)})" if chosen else ""))
        if self.during is not None:
            a, b = self.during
            if a < 0 or b < a:
                raise ValueError(f"`during: [{a}, {b}]` must go from a tick to a later (or the same) tick")
        if (self.fastForward or self.disrupt) and not self.atEnd:
            raise ValueError("`fastForward` and `disrupt` judge a copy of the final cluster: use them with `atEnd: true`")
        return self

    @property
    def looks_ahead(self) -> bool:
        """Judged on a copy of the cluster moved forward (`fastForward`, `disrupt`)."""
        return bool(self.fastForward or self.disrupt)

    @property
    def window_end(self) -> int | None:
        """The last tick this objective looks at (None for `atEnd`)."""
        if self.during is not None:
            return self.during[1]
        return self.by

    @property
    def _track(self) -> _Track:
        """`_t` read straight from pydantic's private values: `self._t` goes through
        `BaseModel.__getattr__`, ~20 times slower, and judging reads it several times an
        objective a tick."""
        return self.__pydantic_private__["_t"]

    def reset(self) -> None:
        """Forget everything seen, for a new run."""
        self._t = _Track()

    def fresh(self):
        """A copy with empty state: one per run, so a Scenario can be played many times."""
        copy = self.model_copy(deep=True)
        copy.reset()
        return copy

    def check(self, view, figures: dict, tick: int) -> Finding:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- judgement --------------------------------------------------------------------------

    def evaluate(self, view, figures: dict, tick: int) -> Status:
        """Look at the cluster at `tick` and say where this objective stands."""
        t = self._track
        if t.closed and t.status is not None:
            return t.status
        if t.last_tick == tick and t.status is not None:
            return t.status
        if self.looks_ahead:
            return self._status("pending", "judged at the end, on a copy of the cluster moved forward",
                                "마지막에 클러스터 사본을 앞으로 돌려 판정")
        f = self._checked(view, figures, tick)
        t.last_tick, t.last = tick, f
        t.status = self._judge(f, tick)
        return t.status

    def final(self, view, figures: dict, tick: int) -> Status:
        """The verdict when the run ends at `tick`: passing or failed, and decided."""
        if self.looks_ahead:
            return self._ahead(view, tick)
        status = self.evaluate(view, figures, tick)
        t = self._track
        f = t.last
        if self.always:
            if t.intervals:
                return self._status("failed", *self._interval_reason(tick, final=True), decided=True)
            if not f.ok:
                return self._status("failed", f"at the end (tick {tick}), {_tense(f.en, True)}",
                                    f"마지막(틱 {tick}): {f.ko}", decided=True)
            first = t.first_tick if t.first_tick is not None else tick
            held_en = f"held at every tick from {first} to {tick}" if first < tick else f"judged at tick {tick}"
            held_ko = f"틱 {first}~{tick} 동안 계속 유지됨" if first < tick else f"틱 {tick}에 판정"
            return self._status("passing", f"{_tense(f.en, False)}; {held_en}", f"{f.ko} — {held_ko}", decided=True)
        if self.during is not None:
            a, b = self.during
            if t.intervals:
                return self._status("failed", *self._interval_reason(tick), decided=True)
            if tick < b:
                return self._status(
                    "failed",
                    f"the run ended at tick {tick}, before the window (ticks {a} to {b}) was over",
                    f"틱 {tick}에 실행이 끝나 확인 구간(틱 {a}~{b})을 채우지 못함", decided=True)
            return status.model_copy(update={"decided": True})
        if self.by is not None:
            if t.met_at is not None:
                return status
            return self._status("failed", f"by tick {min(tick, self.by)}, {_tense(f.en, True)}",
                                f"틱 {self.by}까지 달성하지 못함: {f.ko}", decided=True)
        if f.ok:
            return self._status("passing", f"{_tense(f.en, False)} (judged at the end, tick {tick})",
                                f"{f.ko} (마지막 틱 {tick}에 판정)", decided=True)
        return self._status("failed", f"at the end (tick {tick}), {_tense(f.en, True)}",
                            f"마지막(틱 {tick}): {f.ko}", decided=True)

    def judge_now(self, view, figures: dict, tick: int) -> Status:
        """The verdict on the cluster as it is at `tick`, whatever the window: what an
        exercise's `check` shows. Look-ahead objectives run their copies."""
        if self.looks_ahead:
            return self._ahead(view, tick)
        if self.always:
            return self.final(view, figures, tick)
        f = self._checked(view, figures, tick)
        return self._status("passing" if f.ok else "failed", _tense(f.en, False), f.ko, decided=True)

    def _ahead(self, view, tick: int) -> Status:
        """Run `disrupt` and `fastForward` on copies of the cluster, leaving `view` untouched."""
        nodes: list[str | None] = [None]
        if any("{node}" in c for c in self.disrupt):
            nodes = sorted(n["metadata"]["name"] for n in view.list("Node", None)
                           if "node-role.kubernetes.io/control-plane" not in (n["metadata"].get("labels") or {}))
        seconds = self.fastForward or 0
        f = Finding(False, "there is no worker node to take away", "없앨 워커 노드가 없음")
        for node in nodes:
            future = fork(view)
            commands = [c.replace("{node}", node) if node else c for c in self.disrupt]
            for line in commands:
                future.run(line, source="timeline")
            if seconds:
                future.step(seconds)
            f = self._checked(future, future.figures() if hasattr(future, "figures") else {}, future.tick)
            done_en = " and ".join(f"`{c}`" for c in commands)
            when_en = (f"after {done_en}" + (f" and {seconds}s more" if seconds else "")) if commands else f"{seconds}s later"
            when_ko = (f"{', '.join(commands)} 후" + (f" {seconds}초 뒤" if seconds else "")) if commands else f"{seconds}초 뒤"
            if not f.ok:
                self._track.closed = True
                if commands or seconds:
                    en, ko = f"{when_en}, {_tense(f.en, True)}", f"{when_ko}: {f.ko}"
                else:
                    en, ko = _tense(f.en, False), f.ko
                self._track.status = self._status("failed", en, ko, decided=True)
                return self._track.status
        if not self.disrupt and not seconds:
            self._track.closed = True
            self._track.status = self._status("passing", _tense(f.en, False), f.ko, decided=True)
            return self._track.status
        what_en = "for every worker node" if nodes != [None] else ""
        what_ko = "모든 워커 노드에 대해" if nodes != [None] else ""
        later_en = f"{seconds}s later" if seconds else "after the disruption"
        self._track.closed = True
        self._track.status = self._status(
            "passing", " ".join(x for x in (_tense(f.en, False), "—", later_en, what_en) if x),
            " ".join(x for x in (f.ko, "—", f"{seconds}초 뒤" if seconds else "장애 후", what_ko) if x), decided=True)
        return self._track.status

    def _checked(self, view, figures: dict | None, tick: int) -> Finding:
        """`check` on the cluster the objective names (`cluster`), with that cluster's figures."""
        if self.cluster is not None and hasattr(view, "cluster_named"):
            member = view.cluster_named(self.cluster)
            if member is not view:
                view, figures = member, member.figures()
        reading = Reading.of(view)
        found = self.check(reading, figures or {}, tick)
        if Reading.strict:
            reading.check_untouched(f"objective {self.id} ({self.type})")
        return found

    def _status(self, state: State, en: str, ko: str, decided: bool = False) -> Status:
        """The Status; the one made last when it says the same (a scenario judges every tick, and
        most ticks change nothing). Statuses are never changed once made."""
        t = self._track
        last = t.made
        if last is not None and last.state == state and last.decided == decided and last.reason.en == en \
                and last.reason.ko == ko:
            return last
        t.made = Status(id=self.id, state=state, reason=Text(en=en, ko=ko), decided=decided)
        return t.made

    def _interval_reason(self, tick: int, final: bool = False) -> tuple[str, str]:
        t = self._track
        start, end, worst = t.intervals[0]
        if t.open and len(t.intervals) == 1 and end == tick and (self.always and not final or self.during and tick < self.during[1]):
            en = f"{_tense(worst.en, True)} since tick {start}"
            ko = f"틱 {start}부터 지금까지: {worst.ko}"
        elif start == end:
            en, ko = f"{_tense(worst.en, True)} at tick {start}", f"틱 {start}: {worst.ko}"
        else:
            en = f"{_tense(worst.en, True)} from tick {start} to {end}"
            ko = f"틱 {start}~{end}: {worst.ko}"
        more = len(t.intervals) - 1
        if more:
            en += f" (and {_plural(more, 'more time')})"
            ko += f" (그 외 {more}번 더)"
        return en, ko

    def _record(self, f: Finding, tick: int) -> None:
        """Remember a violation as part of an interval of ticks."""
        t = self._track
        if not f.ok:
            if t.open:
                t.intervals[-1][1] = tick
                if f.gap > t.intervals[-1][2].gap:
                    t.intervals[-1][2] = f
            else:
                t.intervals.append([tick, tick, f])
                t.open = True
        else:
            t.open = False

    def _judge(self, f: Finding, tick: int) -> Status:
        t = self._track
        now_en, now_ko = _tense(f.en, False), f.ko
        if self.always:
            if not t.was_ok and not f.ok:
                return self._status("pending", f"{now_en}; must hold at every tick once it does",
                                    f"{now_ko} — 한 번 성립하면 매 틱 유지해야 함")
            if not t.was_ok:
                t.was_ok, t.first_tick = True, tick
            self._record(f, tick)
            if t.intervals:
                return self._status("failed", *self._interval_reason(tick), decided=True)
            return self._status("passing", f"{now_en}; must hold at every tick", f"{now_ko} — 매 틱 유지해야 함")
        if self.during is not None:
            a, b = self.during
            if tick < a:
                state = "pending" if f.ok else "at-risk"
                return self._status(state, f"checked from tick {a} to {b}; now {now_en}",
                                    f"틱 {a}~{b} 동안 확인 예정 — 현재: {now_ko}")
            if tick <= b or not t.in_window:
                t.in_window = True
                self._record(f, tick)
            if tick >= b:
                t.closed = True
            if t.intervals:
                return self._status("failed", *self._interval_reason(tick), decided=True)
            if t.closed:
                return self._status("passing", f"{now_en}; held from tick {a} to {b}",
                                    f"{now_ko} — 틱 {a}~{b} 동안 유지됨", decided=True)
            return self._status("passing", f"{now_en}; must hold until tick {b}",
                                f"{now_ko} — 틱 {b}까지 유지해야 함")
        if self.by is not None:
            if f.ok and tick <= self.by:
                t.met_at, t.closed = tick, True
                return self._status("passing", f"{now_en} (met at tick {tick}, needed by {self.by})",
                                    f"{now_ko} (틱 {tick}에 달성, 기한 틱 {self.by})", decided=True)
            if tick < self.by:
                return self._status("pending", f"{now_en}; needed by tick {self.by}",
                                    f"{now_ko} — 틱 {self.by}까지 달성해야 함")
            t.closed = True
            return self._status("failed", f"by tick {self.by}, {_tense(f.en, True)}",
                                f"틱 {self.by}까지 달성하지 못함: {f.ko}", decided=True)
        if f.ok:
            t.was_ok = True
            return self._status("passing", f"{now_en}; judged at the end", f"{now_ko} — 마지막에 판정")
        return self._status("at-risk" if t.was_ok else "pending", f"{now_en}; judged at the end",
                            f"{now_ko} — 마지막에 판정")


def fork(view):
    """A copy of the cluster that runs on its own; observers (an event log, a screen) stay with
    the original and never hear from the copy."""
    return view.fork()


_CUSTOM_KIND = re.compile(r"^[A-Z][A-Za-z0-9]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?){2,}$")
"""A custom kind, qualified by its group (`Backup.ops.example.com`): served only while its CRD is."""


def _known_kind(kind: str) -> str:
    if kind not in KINDS and not _CUSTOM_KIND.match(kind):
        raise ValueError(f"unknown kind {kind!r} (a custom kind is written with its group: Kind.group.example.com)")
    return kind


def _lookup(view, kind: str, name: str, namespace: str | None) -> dict | None:
    """The object, or None; a custom kind whose CRD is not (or no longer) there has no objects."""
    try:
        return view.get(kind, name, namespace)
    except KeyError:
        return None


def _namespace_for(kind: str, namespace: str | None) -> str | None:
    k = KINDS.get(kind)
    return namespace if k is None or k.namespaced else None


# --- the objective types ------------------------------------------------------------------


class AvailableReplicas(ObjectiveBase):
    """A workload has at least `min` (and at most `max`) available replicas."""

    type: Literal["availableReplicas"]
    kind: Literal["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet"] = "Deployment"
    name: str
    namespace: str = "default"
    min: int | None = Field(default=None, ge=0)
    """At least this many; unset means the workload's own `spec.replicas` (a DaemonSet's
    `status.desiredNumberScheduled`)."""
    max: int | None = Field(default=None, ge=0)
    """At most this many (scaled back down after the load)."""

    def check(self, view, figures, tick):
        ref = _ref(self.kind, self.name, self.namespace)
        obj = view.get(self.kind, self.name, self.namespace)
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=float(self.min or 1))
        status, spec = obj.get("status") or {}, obj.get("spec") or {}
        if self.kind == "DaemonSet":
            available = int(status.get("numberAvailable") or 0)
            wanted = status.get("desiredNumberScheduled") or 0
        else:
            available = int(status.get("availableReplicas") or 0)
            wanted = spec.get("replicas", 1)
        need = self.min if self.min is not None else int(wanted)
        ok = available >= need and (self.max is None or available <= self.max)
        bounds_en = f"needs at least {need}" + (f" and at most {self.max}" if self.max is not None else "")
        bounds_ko = f"최소 {need}개" + (f", 최대 {self.max}개" if self.max is not None else "")
        gap = max(need - available, available - self.max if self.max is not None else 0, 0)
        return Finding(ok, f"{ref} {{has}} {available} available {'replica' if available == 1 else 'replicas'} ({bounds_en})",
                       f"{ref}: 사용 가능한 레플리카 {available}개 ({bounds_ko} 필요)", gap=float(gap))


class ServiceSuccessRate(ObjectiveBase):
    """The share of requests a Service answers stays at least `min` (or, for isolation, at most `max`)."""

    type: Literal["serviceSuccessRate"]
    service: str
    namespace: str = "default"
    min: float | None = Field(default=None, ge=0, le=1)
    max: float | None = Field(default=None, ge=0, le=1)
    """At most this share: requests that a NetworkPolicy must refuse."""
    fromNamespace: str | None = None
    """Only requests from clients in this namespace (`sources` in the engine's figures)."""

    @model_validator(mode="after")
    def _bound(self):
        if self.min is None and self.max is None:
            raise ValueError("set `min` (or `max`) as a share between 0 and 1, such as 0.99")
        return self

    def check(self, view, figures, tick):
        ref = _ref("Service", self.service, self.namespace)
        entry = (figures.get("services") or {}).get(f"{self.namespace}/{self.service}") or {}
        who_en, who_ko = "", ""
        if self.fromNamespace is not None:
            entry = (entry.get("sources") or {}).get(self.fromNamespace) or {}
            who_en, who_ko = f" from namespace {self.fromNamespace}", f"({self.fromNamespace} 네임스페이스에서 온) "
        if not entry or not entry.get("offeredRps"):
            return Finding(True, f"no requests{who_en} {{are}} reaching {ref}", f"{ref}: {who_ko}요청 없음")
        rate = float(entry.get("successRate", 1.0))
        ok = (self.min is None or rate >= self.min) and (self.max is None or rate <= self.max)
        want_en = " and ".join(x for x in ((f"at least {_pct(self.min)}" if self.min is not None else ""),
                                           (f"at most {_pct(self.max)}" if self.max is not None else "")) if x)
        want_ko = ", ".join(x for x in ((f"최소 {_pct(self.min)}" if self.min is not None else ""),
                                        (f"최대 {_pct(self.max)}" if self.max is not None else "")) if x)
        gap = max((self.min or 0) - rate, rate - (self.max if self.max is not None else 1), 0)
        return Finding(ok, f"{ref} {{is}} answering {_pct(rate)} of requests{who_en} (needs {want_en})",
                       f"{ref}: {who_ko}요청의 {_pct(rate)} 응답 ({want_ko} 필요)", gap=gap)


class NoPodPendingLongerThan(ObjectiveBase):
    """No pod (of a selector) stays Pending longer than `seconds`: the scheduler, quota and
    node capacity kept up."""

    type: Literal["noPodPendingLongerThan"]
    selector: str | None = None
    namespace: str | None = "default"
    """None: every namespace."""
    seconds: int = Field(ge=0)

    def check(self, view, figures, tick):
        worst, worst_for, pending = None, -1, 0
        for pod in view.list("Pod", self.namespace, self.selector):
            meta = pod.get("metadata") or {}
            if (pod.get("status") or {}).get("phase", "Pending") != "Pending" or meta.get("deletionTimestamp"):
                continue
            pending += 1
            born = tick_of(meta.get("creationTimestamp"))
            if born is None:
                born = self._first_seen(pod, tick)
            if tick - born > worst_for or (tick - born == worst_for and meta.get("name", "") < worst):
                worst, worst_for = meta.get("name", ""), tick - born
        if worst is None or worst_for <= self.seconds:
            scope = f" matching {self.selector}" if self.selector else ""
            return Finding(True, f"no pod{scope} {{has}} been Pending longer than {self.seconds}s",
                           f"{self.seconds}초 넘게 Pending인 Pod 없음")
        others = f" ({pending} pods Pending)" if pending > 1 else ""
        return Finding(False, f"pod {worst} {{has}} been Pending for {worst_for}s (allowed {self.seconds}s){others}",
                       f"Pod {worst}: {worst_for}초째 Pending (허용 {self.seconds}초)"
                       + (f", Pending Pod {pending}개" if pending > 1 else ""),
                       gap=float(worst_for - self.seconds))

    def _first_seen(self, pod: dict, tick: int) -> int:
        return self._track.first_seen.setdefault(_uid(pod), tick)


def workload_ref(text: str) -> tuple[str, str]:
    """`Deployment/web` (or kubectl's `deploy/web`) -> ("Deployment", "web")."""
    kind, sep, name = text.partition("/")
    k = resolve_kind(kind)
    if not sep or not name or k is None:
        raise ValueError(f"name a workload as KIND/NAME, such as Deployment/web (got {text!r})")
    return k.kind, name


def owned_by(view, obj: dict, kind: str, name: str, namespace: str | None) -> bool:
    """Whether `kind/name` owns `obj`, directly or through the object between them (a
    Deployment's ReplicaSet, a CronJob's Job)."""
    refs = (obj.get("metadata") or {}).get("ownerReferences") or []
    if any(r.get("kind") == kind and r.get("name") == name for r in refs):
        return True
    middle = {"Deployment": "ReplicaSet", "CronJob": "Job"}.get(kind)
    for r in refs:
        if middle is not None and r.get("kind") == middle:
            between = view.get(middle, r.get("name"), namespace)
            if between is not None and owned_by(view, between, kind, name, namespace):
                return True
    return False


class PodScoped(ObjectiveBase):
    """Objectives about pods find them as the task names them: by the pod's name (`pod`), by
    the workload that owns them (`workload: Deployment/web`), or by a label `selector` only
    when the task itself names the label."""

    selector: str | None = None
    pod: str | None = None
    workload: str | None = None
    """KIND/NAME of the owner: `Deployment/web`, `DaemonSet/log-agent`, `Job/report`."""
    namespace: str = "default"

    @model_validator(mode="after")
    def _scope(self):
        if sum(x is not None for x in (self.selector, self.pod, self.workload)) != 1:
            raise ValueError("name the pods by exactly one of `pod`, `workload` or `selector`")
        if self.workload is not None:
            workload_ref(self.workload)
        return self

    def pods(self, view) -> list[dict]:
        """The pods in scope, by name."""
        if self.pod is not None:
            obj = view.get("Pod", self.pod, self.namespace)
            return [obj] if obj is not None else []
        if self.workload is not None:
            kind, name = workload_ref(self.workload)
            found = [p for p in view.list("Pod", self.namespace) if owned_by(view, p, kind, name, self.namespace)]
        else:
            found = view.list("Pod", self.namespace, self.selector)
        return sorted(found, key=lambda p: p["metadata"]["name"])

    def one(self, n: int | None = None) -> bool:
        """Whether the words of `scope_words(n)` name one pod (a pod by name is always one)."""
        return self.pod is not None or n == 1

    def scope_words(self, n: int | None = None) -> tuple[str, str]:
        """("3 pods of Deployment web", "Deployment web의 Pod 3개") and the like."""
        if self.pod is not None:
            return _ref("pod", self.pod, self.namespace), _ref("Pod", self.pod, self.namespace)
        if self.workload is not None:
            kind, name = workload_ref(self.workload)
            whose_en, whose_ko = f"of {_ref(kind, name, self.namespace)}", f"{_ref(kind, name, self.namespace)}의 Pod"
        elif not (self.selector or "").strip():
            whose_en, whose_ko = f"in namespace {self.namespace}", f"{self.namespace} 네임스페이스의 Pod"
        else:
            where = f" in {self.namespace}" if self.namespace != "default" else ""
            whose_en, whose_ko = f"matching {self.selector}{where}", f"{self.selector}{where} Pod"
        if n is None:
            return f"pods {whose_en}", whose_ko
        return f"{_plural(n, 'pod')} {whose_en}", f"{whose_ko} {n}개"


class PodsSucceeded(PodScoped):
    """At least `min` pods ran to completion (phase Succeeded), counted even if they were
    cleaned up afterwards."""

    type: Literal["podsSucceeded"]
    min: int = Field(default=1, ge=1)

    def check(self, view, figures, tick):
        seen = self._track.seen
        for pod in self.pods(view):
            if (pod.get("status") or {}).get("phase") == "Succeeded":
                seen.add(_uid(pod))
        n = len(seen)
        verb = "{has}" if n == 1 else "{have}"
        en, ko = self.scope_words(n)
        return Finding(n >= self.min, f"{en} {verb} succeeded (needs at least {self.min})",
                       f"{ko} 성공 (최소 {self.min}개 필요)", gap=float(self.min - n))


class PodsReady(PodScoped):
    """At least `min` pods are Ready right now (with `image`, only pods that run it count), and
    with `max`, no more than that: `selector: ""`, `image: nginx:1.25`, `max: 0` says nothing in
    the namespace still runs the old version, whoever owns it (orphaned pods too)."""

    type: Literal["podsReady"]
    min: int = Field(default=1, ge=0)
    max: int | None = Field(default=None, ge=0)
    image: str | None = None
    """Only pods with a container running this image count (`nginx:1.27`)."""

    def _runs_image(self, pod: dict) -> bool:
        return self.image is None or any(same_image(c.get("image"), self.image) for c in (pod.get("spec") or {}).get("containers") or [])

    def check(self, view, figures, tick):
        pods = self.pods(view)
        n = sum(1 for pod in pods if _pod_ready(pod) and self._runs_image(pod))
        if self.image is not None and n < self.min:
            other = next((c.get("image") for p in pods if _live(p) and not self._runs_image(p)
                          for c in (p.get("spec") or {}).get("containers") or []), None)
            if other is not None:
                en, ko = self.scope_words(n)
                if self.pod is not None:
                    return Finding(False, f"{en} {{does}} not run {self.image} but {other}",
                                   f"{ko}: {self.image}{particle(self.image, '이')} 아닌 {other} 실행", gap=float(self.min - n))
                return Finding(False, f"{en} {_be(self.one(n))} Ready on {self.image}, others run {other} (needs at least {self.min})",
                               f"{self.image}로 Ready인 {ko}, 나머지는 {other} 실행 (최소 {self.min}개 필요)",
                               gap=float(self.min - n))
        if self.pod is not None:
            en, ko = self.scope_words()
            on_en, on_ko = (f" on {self.image}", f"{self.image}{particle(self.image, '으로')} ") if self.image else ("", "")
            state_en, state_ko = ("{is} Ready", "Ready") if n else ("{is} not Ready", "Ready 아님")
            return Finding(n >= self.min, f"{en} {state_en}{on_en}", f"{ko}: {on_ko}{state_ko}", gap=float(self.min - n))
        verb = _be(self.one(n))
        en, ko = self.scope_words(n)
        on_en, on_ko = (f" on {self.image}", f"{self.image}{particle(self.image, '으로')} ") if self.image else ("", "")
        if self.max is not None and n > self.max:
            return Finding(False, f"{en} {verb} Ready{on_en} (needs at most {self.max})",
                           f"{on_ko}Ready인 {ko} (최대 {self.max}개)", gap=float(n - self.max))
        need_en = f"needs at least {self.min}" if self.max is None else f"needs {self.min} to {self.max}"
        need_ko = f"최소 {self.min}개 필요" if self.max is None else f"{self.min}~{self.max}개 필요"
        return Finding(n >= self.min, f"{en} {verb} Ready{on_en} ({need_en})",
                       f"{on_ko}Ready인 {ko} ({need_ko})", gap=float(self.min - n))


class NodesReady(ObjectiveBase):
    """The number of Ready nodes (of a label selector) stays between `min` and `max`: the
    cluster autoscaler grew the cluster, or shrank it again to save cost."""

    type: Literal["nodesReady"]
    selector: str | None = None
    min: int = Field(default=0, ge=0)
    max: int | None = Field(default=None, ge=0)
    includeControlPlane: bool = False

    def check(self, view, figures, tick):
        n = 0
        for node in view.list("Node", None, self.selector):
            labels = (node.get("metadata") or {}).get("labels") or {}
            if not self.includeControlPlane and "node-role.kubernetes.io/control-plane" in labels:
                continue
            if _conditions(node).get("Ready") == "True":
                n += 1
        ok = n >= self.min and (self.max is None or n <= self.max)
        want_en = f"at least {self.min}" + (f" and at most {self.max}" if self.max is not None else "")
        want_ko = f"최소 {self.min}개" + (f", 최대 {self.max}개" if self.max is not None else "")
        verb = "{is}" if n == 1 else "{are}"
        gap = max(self.min - n, n - self.max if self.max is not None else 0, 0)
        return Finding(ok, f"{_plural(n, 'node')} {verb} Ready (needs {want_en})",
                       f"Ready 노드 {n}개 ({want_ko} 필요)", gap=float(gap))


class FieldEquals(ObjectiveBase):
    """A field of one object has a given value (`spec.template.spec.containers[name=web].image`)."""

    type: Literal["fieldEquals"]
    kind: str
    name: str
    namespace: str | None = "default"
    path: str
    """Dotted path; `[0]` indexes a list, `[name=web]` picks the list item with that name,
    `['a.b/c']` quotes a key with dots."""
    value: Any
    compare: Comparison | None = None
    """`quantity` (by amount), `schedule` (by fire times), `image` (by reference) or `exact`;
    unset: chosen from the path (quantities under `hard`, `limits`, `requests`, ...; a cron
    `schedule`; an `image`)."""
    notEqual: bool = False
    """The field must hold anything but `value` (a Service kept a ClusterIP: `spec.clusterIP`
    not "None")."""
    orAbsent: bool = False
    """An object or field that does not exist passes too: with `notEqual`, "never claims `value`"
    (a diagnosis written before the fault it names is a guess)."""

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _known_kind(v)

    @field_validator("path")
    @classmethod
    def _path(cls, v: str) -> str:
        parse_path(v)
        return v

    def check(self, view, figures, tick):
        ns = _namespace_for(self.kind, self.namespace)
        ref = _ref(self.kind, self.name, ns)
        want = json.dumps(self.value, sort_keys=True)
        obj = _lookup(view, self.kind, self.name, ns)
        if obj is None:
            return Finding(self.orAbsent, f"{ref} {{does}} not exist (expected {self.path} = {want})",
                           f"{ref} 없음 ({self.path} = {want} 이어야 함)", gap=float(not self.orAbsent))
        got = resolve_path(obj, parse_path(self.path))
        if got is _MISSING:
            return Finding(self.orAbsent, f"{ref} {{has}} no {self.path} (expected {want})",
                           f"{ref}: {self.path} 없음 ({want} 이어야 함)", gap=float(not self.orAbsent))
        shown = json.dumps(got, sort_keys=True)
        parts = parse_path(self.path)
        ok = same_value(got, self.value, self.compare or comparison_for(parts)) != self.notEqual
        expected, ko = (f"anything but {want}", f"{want}이 아니어야 함") if self.notEqual else (want, f"{want} 이어야 함")
        return Finding(ok, f"{ref} {self.path} {{is}} {shown}" + ("" if ok else f" (expected {expected})"),
                       f"{ref}: {self.path} = {shown}" + ("" if ok else f" ({ko})"), gap=float(not ok))


class DataSurvived(ObjectiveBase):
    """What an app wrote is still there: the pod was re-created but a volume kept the data."""

    type: Literal["dataSurvived"]
    namespace: str = "default"
    claim: str | None = None
    """A PersistentVolumeClaim's name."""
    app: str | None = None
    """The `app` label of the pods that write the data (wherever they kept it)."""

    @model_validator(mode="after")
    def _what(self):
        if (self.claim is None) == (self.app is None):
            raise ValueError("name exactly one of `claim` or `app`")
        return self

    def check(self, view, figures, tick):
        data = figures.get("data") or {}
        if self.claim is not None:
            what = f"claim {self.claim}"
            entries = [data[k].get("onClaim", data[k]) for k in (f"{self.namespace}/{self.claim}",) if k in data]
        else:
            what = f"app={self.app}"
            prefix = f"{self.namespace}/"
            entries = [data[k] for k in sorted(data) if k.startswith(prefix)
                       and (data[k].get("app") == self.app or ("app" not in data[k] and k == prefix + self.app))]
        written = sum(int(e.get("written") or 0) for e in entries)
        present = sum(int(e.get("present", e.get("kept")) or 0) for e in entries)
        if written == 0:
            return Finding(False, f"no data {{has}} been written by {what} yet", f"{what}: 아직 기록된 데이터 없음", gap=1)
        return Finding(present >= written, f"{present} of {written} records written by {what} {{are}} still there",
                       f"{what}: 기록한 {written}건 중 {present}건 남아 있음", gap=float(written - present))


_QUOTA_ALIASES = {"cpu": "requests.cpu", "memory": "requests.memory", "ephemeral-storage": "requests.ephemeral-storage"}


def _quota_resource(name: str) -> str:
    """What a quota's hard key limits: `cpu` is `requests.cpu`, and `count/pods` is `pods` (an
    object count of a core kind; `count/deployments.apps` stays as it is)."""
    name = _QUOTA_ALIASES.get(name, name)
    if name.startswith("count/") and "." not in name[len("count/"):]:
        return name[len("count/"):]
    return name


class QuotaHard(ObjectiveBase):
    """A ResourceQuota's hard limit on one resource, as its admission reads it: `cpu` and
    `requests.cpu` are one limit, `pods` and `count/pods` another; compared by amount (`2` is
    `2000m`); where two keys limit the same, the smaller holds."""

    type: Literal["quotaHard"]
    quota: str
    namespace: str = "default"
    resource: str
    value: str

    def check(self, view, figures, tick):
        ref = _ref("ResourceQuota", self.quota, self.namespace)
        obj = view.get("ResourceQuota", self.quota, self.namespace)
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        hard = (obj.get("spec") or {}).get("hard") or {}
        want = _quota_resource(self.resource)
        keys = sorted(k for k in hard if _quota_resource(k) == want)
        if not keys:
            listed = ", ".join(sorted(hard)) or "nothing"
            return Finding(False, f"{ref} {{does}} not limit {self.resource} (it limits {listed})",
                           f"{ref}: {self.resource} 제한 없음 (제한: {listed})", gap=1)
        key = min(keys, key=lambda k: _quantity(hard[k]))
        got = hard[key]
        shown = f"{got}" if key == self.resource else f"{got} (as {key})"
        ok = _quantity(got) == _quantity(self.value)
        return Finding(ok, f"{ref} {{has}} {self.resource} {shown}" + ("" if ok else f" (expected {self.value})"),
                       f"{ref}: {self.resource} {shown}" + ("" if ok else f" (기대값 {self.value})"),
                       gap=0.0 if ok else 1.0)


class QuotaHeadroom(ObjectiveBase):
    """A ResourceQuota keeps room to spare: `used / hard` of one resource stays at most `maxFraction`."""

    type: Literal["quotaHeadroom"]
    quota: str
    namespace: str = "default"
    resource: str
    """As in the quota: `requests.cpu`, `limits.memory`, `pods`, ..."""
    maxFraction: float = Field(gt=0, le=1)

    def check(self, view, figures, tick):
        ref = _ref("ResourceQuota", self.quota, self.namespace)
        obj = view.get("ResourceQuota", self.quota, self.namespace)
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        hard = ((obj.get("status") or {}).get("hard") or {}).get(self.resource) \
            or ((obj.get("spec") or {}).get("hard") or {}).get(self.resource)
        if hard is None:
            return Finding(False, f"{ref} {{does}} not limit {self.resource}", f"{ref}: {self.resource} 제한 없음", gap=1)
        used = ((obj.get("status") or {}).get("used") or {}).get(self.resource, "0")
        h, u = _quantity(hard), _quantity(used)
        frac = u / h if h else (0.0 if u == 0 else float("inf"))
        return Finding(frac <= self.maxFraction,
                       f"{ref} {{has}} {used} of {hard} {self.resource} in use ({_pct(frac)}; allowed up to {_pct(self.maxFraction)})",
                       f"{ref}: {self.resource} {hard} 중 {used} 사용 ({_pct(frac)}, 최대 {_pct(self.maxFraction)})",
                       gap=frac - self.maxFraction)


class CostBudget(ObjectiveBase):
    """The cluster's nodes cost no more than a budget: node-seconds and/or price."""

    type: Literal["costBudget"]
    maxNodeSeconds: float | None = Field(default=None, ge=0)
    maxPrice: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _bound(self):
        if self.maxNodeSeconds is None and self.maxPrice is None:
            raise ValueError("set `maxNodeSeconds` and/or `maxPrice`")
        return self

    def check(self, view, figures, tick):
        cost = figures.get("cost") or {}
        ns, price = float(cost.get("nodeSeconds") or 0.0), float(cost.get("price") or 0.0)
        parts_en, parts_ko, ok, gap = [], [], True, 0.0
        if self.maxNodeSeconds is not None:
            ok &= ns <= self.maxNodeSeconds
            gap = max(gap, ns - self.maxNodeSeconds)
            parts_en.append(f"{ns:.0f} node-seconds (budget {self.maxNodeSeconds:.0f})")
            parts_ko.append(f"노드-초 {ns:.0f} (예산 {self.maxNodeSeconds:.0f})")
        if self.maxPrice is not None:
            ok &= price <= self.maxPrice
            gap = max(gap, price - self.maxPrice)
            parts_en.append(f"${price:.2f} (budget ${self.maxPrice:.2f})")
            parts_ko.append(f"비용 ${price:.2f} (예산 ${self.maxPrice:.2f})")
        return Finding(ok, f"the cluster {{has}} used {' and '.join(parts_en)}",
                       f"클러스터 사용량: {', '.join(parts_ko)}", gap=gap)


class JobRuns(ObjectiveBase):
    """A Job completed, or a CronJob's Jobs completed, at least `min` times."""

    type: Literal["jobRuns"]
    kind: Literal["Job", "CronJob"] = "Job"
    name: str
    namespace: str = "default"
    min: int = Field(default=1, ge=1)

    def check(self, view, figures, tick):
        ref = _ref(self.kind, self.name, self.namespace)
        t = self._track
        if self.kind == "Job":
            job = view.get("Job", self.name, self.namespace)
            if job is not None:
                t.best = max(t.best, float((job.get("status") or {}).get("succeeded") or 0))
            elif self._completed_event(view):
                t.best = max(t.best, 1.0)
            n = int(t.best)
            return Finding(n >= self.min, f"{ref} {{has}} {_plural(n, 'successful completion')} (needs at least {self.min})",
                           f"{ref}: 성공한 완료 {n}개 (최소 {self.min}개 필요)", gap=float(self.min - n))
        for job in view.list("Job", self.namespace):
            owners = (job.get("metadata") or {}).get("ownerReferences") or []
            if not any(o.get("kind") == "CronJob" and o.get("name") == self.name for o in owners):
                continue
            if _conditions(job).get("Complete") == "True":
                t.seen.add(_uid(job))
        n = len(t.seen)
        return Finding(n >= self.min, f"{ref} {{has}} completed {_plural(n, 'run')} (needs at least {self.min})",
                       f"{ref}: 완료된 실행 {n}번 (최소 {self.min}번 필요)", gap=float(self.min - n))


    def _completed_event(self, view) -> bool:
        """A Job deleted as it finished (`ttlSecondsAfterFinished: 0`) leaves its Completed event."""
        for ev in view.events():
            io = ev.get("involvedObject") or {}
            if (io.get("kind"), io.get("namespace"), io.get("name"), ev.get("reason")) == \
                    ("Job", self.namespace, self.name, "Completed"):
                return True
        return False


class JobsNeverOverlap(ObjectiveBase):
    """A CronJob's Jobs ran one at a time: no Job started before the previous one finished
    (judged on the Jobs still kept, from their startTime to their completion or failure), and
    at least `min` of them ran."""

    type: Literal["jobsNeverOverlap"]
    cronJob: str
    namespace: str = "default"
    min: int = Field(default=2, ge=1)

    def check(self, view, figures, tick):
        ref = _ref("CronJob", self.cronJob, self.namespace)
        runs: list[tuple[int, int, str]] = []
        for job in view.list("Job", self.namespace):
            owners = (job.get("metadata") or {}).get("ownerReferences") or []
            if not any(o.get("kind") == "CronJob" and o.get("name") == self.cronJob for o in owners):
                continue
            status = job.get("status") or {}
            start = tick_of(status.get("startTime"))
            if start is None:
                continue
            ended = [tick_of(c.get("lastTransitionTime")) for c in status.get("conditions") or []
                     if c.get("type") in ("Complete", "Failed") and c.get("status") == "True"]
            end = next((e for e in ended if e is not None), None)
            runs.append((start, tick if end is None else end, job["metadata"]["name"]))
        runs.sort()
        for (_, end, first), (start, _, second) in zip(runs, runs[1:]):
            if start < end:
                return Finding(False, f"jobs {first} and {second} of {ref} ran at the same time",
                               f"{ref}의 잡 {first}와 {second}가 동시에 실행됨", gap=1)
        n = len(runs)
        return Finding(n >= self.min, f"{_plural(n, 'job')} of {ref} ran one at a time (needs at least {self.min})",
                       f"{ref}의 잡 {n}개가 하나씩 실행됨 (최소 {self.min}개 필요)", gap=float(max(0, self.min - n)))


class NoPrivilegedPods(ObjectiveBase):
    """No running pod in a namespace is privileged or shares the node's namespaces or files:
    a breached container stays inside its container."""

    type: Literal["noPrivilegedPods"]
    namespace: str = "default"
    selector: str | None = None
    hostNamespaces: bool = True
    """Also refuse hostPID, hostIPC and hostNetwork."""
    hostPath: bool = True
    """Also refuse hostPath volumes."""

    def check(self, view, figures, tick):
        for pod in sorted(view.list("Pod", self.namespace, self.selector),
                          key=lambda p: (p.get("metadata") or {}).get("name", "")):
            if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
                continue
            why = self._why(pod)
            if why:
                name = pod["metadata"].get("name")
                return Finding(False, f"pod {name} {why[0]}", f"Pod {name}: {why[1]}", gap=1)
        return Finding(True, f"no pod in namespace {self.namespace} {{is}} privileged or shares the node's namespaces",
                       f"{self.namespace} 네임스페이스에 특권(privileged)이나 호스트 네임스페이스를 쓰는 Pod 없음")

    def _why(self, pod: dict) -> tuple[str, str] | None:
        spec = pod.get("spec") or {}
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for c in spec.get(group) or []:
                if ((c.get("securityContext") or {}).get("privileged")) is True:
                    return (f"{{is}} privileged (container {c.get('name')} sets securityContext.privileged=true)",
                            f"컨테이너 {c.get('name')}가 securityContext.privileged=true")
        if self.hostNamespaces:
            for key in ("hostPID", "hostIPC", "hostNetwork"):
                if spec.get(key) is True:
                    return f"{{does}} share the node's namespaces ({key}=true)", f"노드 네임스페이스 공유 ({key}=true)"
        if self.hostPath:
            for v in spec.get("volumes") or []:
                if "hostPath" in v:
                    path = (v.get("hostPath") or {}).get("path")
                    return f"{{does}} mount the node's {path} (hostPath volume {v.get('name')})", \
                        f"노드의 {path}를 마운트 (hostPath 볼륨 {v.get('name')})"
        return None


class ObjectExists(ObjectiveBase):
    """An object exists (a learner created the Secret, the HPA, the NetworkPolicy...)."""

    type: Literal["objectExists"]
    kind: str
    name: str
    namespace: str | None = "default"

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _known_kind(v)

    def check(self, view, figures, tick):
        ns = _namespace_for(self.kind, self.namespace)
        ref = _ref(self.kind, self.name, ns)
        if _lookup(view, self.kind, self.name, ns) is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        return Finding(True, f"{ref} {{exists}}", f"{ref} 있음")


class ObjectAbsent(ObjectiveBase):
    """An object is gone (a privileged pod deleted, a namespace removed)."""

    type: Literal["objectAbsent"]
    kind: str
    name: str
    namespace: str | None = "default"

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _known_kind(v)

    def check(self, view, figures, tick):
        ns = _namespace_for(self.kind, self.namespace)
        ref = _ref(self.kind, self.name, ns)
        obj = _lookup(view, self.kind, self.name, ns)
        if obj is None:
            return Finding(True, f"{ref} {{does}} not exist", f"{ref} 없음")
        if (obj.get("metadata") or {}).get("deletionTimestamp"):
            return Finding(False, f"{ref} {{is}} still Terminating", f"{ref}: 아직 Terminating", gap=1)
        return Finding(False, f"{ref} still {{exists}}", f"{ref} 아직 있음", gap=1)


# --- exercise checks: the shape of what the player built -----------------------------------

_POD_SPEC_AT: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}

WorkloadKind = Literal["Pod", "Deployment", "ReplicaSet", "ReplicationController", "DaemonSet", "StatefulSet",
                       "Job", "CronJob"]

_FIELD_WORDS = {
    "resources.requests.cpu": ("cpu request", "cpu request"),
    "resources.requests.memory": ("memory request", "memory request"),
    "resources.limits.cpu": ("cpu limit", "cpu limit"),
    "resources.limits.memory": ("memory limit", "memory limit"),
    "livenessProbe": ("liveness probe", "liveness probe"),
    "readinessProbe": ("readiness probe", "readiness probe"),
    "startupProbe": ("startup probe", "startup probe"),
    "ports": ("ports", "포트"),
    "env": ("environment variables", "환경 변수"),
    "envFrom": ("envFrom", "envFrom"),
    "volumeMounts": ("volume mounts", "볼륨 마운트"),
    "command": ("command", "command"),
    "args": ("args", "args"),
    "securityContext": ("securityContext", "securityContext"),
}


def _field_words(path: str) -> tuple[str, str]:
    if path in _FIELD_WORDS:
        return _FIELD_WORDS[path]
    m = re.fullmatch(r"env\[name=([^\]]+)\](\..*)?", path)
    if m and not m.group(2):
        return f"env variable {m.group(1)}", f"환경 변수 {m.group(1)}"
    m = re.fullmatch(r"volumeMounts\[name=([^\]]+)\](\..*)?", path)
    if m and not m.group(2):
        return f"volume mount {m.group(1)}", f"볼륨 마운트 {m.group(1)}"
    return path, path


def _same(got: Any, want: Any, quantity: bool) -> bool:
    if got == want:
        return True
    if quantity and isinstance(got, (str, int, float)) and isinstance(want, (str, int, float)):
        return same_quantity(got, want)
    if isinstance(got, (int, float)) and isinstance(want, str) or isinstance(got, str) and isinstance(want, (int, float)):
        return str(got) == str(want)
    return False


def _pod_spec_of(obj: dict) -> dict:
    cur: Any = obj
    for key in _POD_SPEC_AT.get(obj.get("kind", "Pod"), ("spec",)):
        cur = (cur or {}).get(key) if isinstance(cur, dict) else None
    return cur if isinstance(cur, dict) else {}


class ContainerField(ObjectiveBase):
    """A container of a workload's pod template (or of a Pod) has a field: an image, a cpu
    request, a memory limit, an env variable, a port, a probe. With `value`, it must equal it
    (quantities by amount: `0.1` equals `100m`); without, it only has to be there."""

    type: Literal["containerField"]
    kind: WorkloadKind = "Deployment"
    name: str
    namespace: str = "default"
    container: str | None = None
    """The container's name; unset: any container of the pod may have it."""
    field: str
    """Path inside the container: `image`, `resources.requests.cpu`, `env[name=MODE].value`,
    `ports[0].containerPort`, `readinessProbe.httpGet.path`, `volumeMounts[name=data].mountPath`."""
    value: Any = None

    @field_validator("field")
    @classmethod
    def _field(cls, v: str) -> str:
        parse_path(v)
        return v

    def check(self, view, figures, tick):
        ref = _ref(self.kind, self.name, self.namespace)
        obj = view.get(self.kind, self.name, self.namespace)
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        spec = _pod_spec_of(obj)
        containers = list(spec.get("containers") or []) + list(spec.get("initContainers") or [])
        if self.container is not None:
            chosen = [c for c in containers if c.get("name") == self.container]
            if not chosen:
                names = ", ".join(str(c.get("name")) for c in containers) or "none"
                return Finding(False, f"{ref} {{has}} no container named {self.container} (containers: {names})",
                               f"{ref}: {self.container} 컨테이너 없음 (있는 컨테이너: {names})", gap=1)
        else:
            chosen = containers
        if not chosen:
            return Finding(False, f"{ref} {{has}} no containers", f"{ref}: 컨테이너 없음", gap=1)
        findings = [self._one(ref, c) for c in chosen]
        return next((f for f in findings if f.ok), findings[0])

    def _one(self, ref: str, c: dict) -> Finding:
        words_en, words_ko = _field_words(self.field)
        who_en = f"container {c.get('name')} of {ref}"
        who_ko = f"{ref}의 컨테이너 {c.get('name')}"
        got = resolve_path(c, parse_path(self.field))
        has_value = "value" in self.model_fields_set
        if got is _MISSING or got is None or got == [] or got == {}:
            want = f" (expected {json.dumps(self.value)})" if has_value else ""
            return Finding(False, f"{who_en} {{has}} no {words_en}{want}", f"{who_ko}: {words_ko} 없음", gap=1)
        if not has_value:
            return Finding(True, f"{who_en} {{has}} {words_en} {json.dumps(got, sort_keys=True)}",
                           f"{who_ko}: {words_ko} = {json.dumps(got, sort_keys=True, ensure_ascii=False)}")
        ok = same_image(got, self.value) if self.field == "image" else _same(got, self.value, self.field.startswith("resources."))
        if not ok and self.field.endswith(".port") and isinstance(got, str) and not got.isdigit():
            ok = any(p.get("name") == got and p.get("containerPort") == self.value for p in c.get("ports") or [])
        shown, want = json.dumps(got, sort_keys=True), json.dumps(self.value, sort_keys=True)
        return Finding(ok, f"{who_en} {{has}} {words_en} {shown}" + ("" if ok else f" (expected {want})"),
                       f"{who_ko}: {words_ko} = {shown}" + ("" if ok else f" ({want} 이어야 함)"), gap=float(not ok))


class ContainerEnv(ObjectiveBase):
    """A container of a workload's pod template (or of a Pod) sees an environment variable with
    a value, however it is given: `env` value, `valueFrom` a ConfigMap or Secret key, or
    `envFrom` a whole ConfigMap or Secret (with its prefix), resolved against the cluster as the
    kubelet would (a later `env` entry wins over `envFrom`)."""

    type: Literal["containerEnv"]
    kind: WorkloadKind = "Deployment"
    name: str
    namespace: str = "default"
    container: str | None = None
    variable: str
    value: str
    source: str | None = None
    """`ConfigMap/NAME` or `Secret/NAME` when the task says where the value comes from: the
    variable must be read from that object (by `valueFrom` or `envFrom`), not written out.
    NAME may be a pattern (`*`: whichever ConfigMap, a generated one included)."""

    @field_validator("source")
    @classmethod
    def _source_ref(cls, v: str | None) -> str | None:
        if v is not None and (v.partition("/")[0] not in ("ConfigMap", "Secret") or not v.partition("/")[2]):
            raise ValueError(f"`source` is ConfigMap/NAME or Secret/NAME, not {v!r}")
        return v

    def _env(self, view, c: dict, origin: dict[str, str | None] | None = None) -> dict[str, str]:
        import base64

        def source(kind: str, name: str | None) -> dict:
            obj = view.get(kind, name or "", self.namespace) if name else None
            data = dict((obj or {}).get("data") or {})
            if kind == "Secret":
                data = {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in data.items()}
            return data

        out: dict[str, str] = {}
        for e in c.get("envFrom") or []:
            ref = e.get("configMapRef") or e.get("secretRef") or {}
            kind = "ConfigMap" if e.get("configMapRef") else "Secret"
            for k, v in source(kind, ref.get("name")).items():
                out[(e.get("prefix") or "") + k] = v
                if origin is not None:
                    origin[(e.get("prefix") or "") + k] = f"{kind}/{ref.get('name')}"
        for e in c.get("env") or []:
            if "value" in e:
                out[e.get("name", "")] = str(e["value"])
                if origin is not None:
                    origin[e.get("name", "")] = None
            frm = e.get("valueFrom") or {}
            for key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                ref = frm.get(key)
                if ref:
                    data = source(kind, ref.get("name"))
                    if ref.get("key") in data:
                        out[e.get("name", "")] = data[ref["key"]]
                        if origin is not None:
                            origin[e.get("name", "")] = f"{kind}/{ref.get('name')}"
        return out

    def check(self, view, figures, tick):
        ref = _ref(self.kind, self.name, self.namespace)
        obj = view.get(self.kind, self.name, self.namespace)
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        spec = _pod_spec_of(obj)
        chosen = [c for c in spec.get("containers") or [] if self.container in (None, c.get("name"))]
        origins: list[dict[str, str | None]] = [{} for _ in chosen]
        seen = [self._env(view, c, o).get(self.variable) for c, o in zip(chosen, origins)]
        if self.source is not None and self.value in seen:
            from fnmatch import fnmatchcase

            where = [o.get(self.variable) for s, o in zip(seen, origins) if s == self.value]
            if not any(w is not None and fnmatchcase(w, self.source) for w in where):
                kind, _, name = self.source.partition("/")
                src = f"a {kind}" if name == "*" else self.source
                return Finding(False, f"{ref} {{has}} {self.variable}={self.value}, but not read from {src}",
                               f"{ref}: {self.variable}={self.value}, 그러나 {kind if name == '*' else self.source}에서 "
                               f"읽지 않음", gap=1)
        if self.value in seen:
            return Finding(True, f"{ref} {{has}} {self.variable}={self.value}",
                           f"{ref}: {self.variable}={self.value}")
        got = next((s for s in seen if s is not None), None)
        shown = "no value" if got is None else json.dumps(got)
        return Finding(False, f"{ref} {{has}} {self.variable} {shown} (expected {json.dumps(self.value)})",
                       f"{ref}: {self.variable} = {shown} ({json.dumps(self.value)} 이어야 함)", gap=1)


class LabelsEqual(ObjectiveBase):
    """An object (or every object of a selector) carries the given labels; a label set to
    null must be absent. With `annotations: true`, the same for annotations."""

    type: Literal["labelsEqual"]
    kind: str = "Pod"
    name: str | None = None
    selector: str | None = None
    """Every object matching it (at least `min`) must carry the labels."""
    namespace: str | None = "default"
    labels: dict[str, str | None]
    annotations: bool = False
    min: int = Field(default=1, ge=1)

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _known_kind(v)

    @model_validator(mode="after")
    def _what(self):
        if (self.name is None) == (self.selector is None):
            raise ValueError("name exactly one of `name` or `selector`")
        return self

    def check(self, view, figures, tick):
        ns = _namespace_for(self.kind, self.namespace)
        where = "annotations" if self.annotations else "labels"
        where_ko = "어노테이션" if self.annotations else "레이블"
        if self.name is not None:
            obj = view.get(self.kind, self.name, ns)
            objs = [obj] if obj is not None else []
            if not objs:
                ref = _ref(self.kind, self.name, ns)
                return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        else:
            objs = sorted((o for o in view.list(self.kind, ns, self.selector)
                           if not (o.get("metadata") or {}).get("deletionTimestamp")),
                          key=lambda o: o["metadata"]["name"])
            if len(objs) < self.min:
                n = len(objs)
                verb = "{does}" if n == 1 else "do"
                return Finding(False, f"{_plural(n, KINDS[self.kind].singular)} {verb} match {self.selector} (needs at least {self.min})",
                               f"{self.selector}에 맞는 {self.kind} {n}개 (최소 {self.min}개 필요)", gap=float(self.min - n))
        for o in objs:
            have = (o.get("metadata") or {}).get(where) or {}
            ref = _ref(self.kind, o["metadata"]["name"], ns)
            for key in sorted(self.labels):
                want = self.labels[key]
                if want is None and key in have:
                    return Finding(False, f"{ref} still {{has}} the {where[:-1]} {key}={have[key]}",
                                   f"{ref}: {where_ko} {key}={have[key]} 가 아직 있음", gap=1)
                if want is not None and have.get(key) != want:
                    got = f"{key}={have[key]}" if key in have else f"no {where[:-1]} {key}"
                    got_ko = f"{key}={have[key]}" if key in have else f"{key} 없음"
                    return Finding(False, f"{ref} {{has}} {got} (expected {key}={want})",
                                   f"{ref}: {where_ko} {got_ko} ({key}={want} 이어야 함)", gap=1)
        shown = ",".join(f"{k}={v}" if v is not None else f"{k}-" for k, v in sorted(self.labels.items()))
        if self.name is not None:
            ref = _ref(self.kind, self.name, ns)
            return Finding(True, f"{ref} {{has}} {where} {shown}", f"{ref}: {where_ko} {shown}")
        return Finding(True, f"{_plural(len(objs), KINDS[self.kind].singular)} matching {self.selector} {{have}} {where} {shown}",
                       f"{self.selector}에 맞는 {len(objs)}개 모두 {where_ko} {shown}")


def _container_port_named(pod: dict, name: str) -> int | None:
    for c in (pod.get("spec") or {}).get("containers") or []:
        for p in c.get("ports") or []:
            if p.get("name") == name:
                return p.get("containerPort")
    return None


class ServiceSelects(ObjectiveBase):
    """A Service routes to the right pods: its selector picks at least `min` Ready pods, and
    (with `pods`) only pods matching that selector; optionally its port, targetPort and type."""

    type: Literal["serviceSelects"]
    service: str
    namespace: str = "default"
    pods: str | None = None
    """Every pod the Service selects must match this selector (`app=web`)."""
    min: int = Field(default=1, ge=0)
    """Ready pods it must select."""
    port: int | None = None
    targetPort: int | str | None = None
    serviceType: Literal["ClusterIP", "NodePort", "LoadBalancer"] | None = None

    def _named_port_is(self, view, spec: dict, target: Any) -> bool:
        """A named targetPort (`http`) that the selected pods' containers declare as `targetPort`."""
        selector = spec.get("selector") or {}
        if not isinstance(target, str) or target.isdigit() or not selector:
            return False
        sel = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
        found = {_container_port_named(p, target) for p in view.list("Pod", self.namespace, sel)} - {None}
        return found == {int(self.targetPort)} if str(self.targetPort).isdigit() else False

    def check(self, view, figures, tick):
        ref = _ref("Service", self.service, self.namespace)
        svc = view.get("Service", self.service, self.namespace)
        if svc is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        spec = svc.get("spec") or {}
        if self.serviceType and spec.get("type", "ClusterIP") != self.serviceType:
            return Finding(False, f"{ref} {{is}} of type {spec.get('type', 'ClusterIP')} (expected {self.serviceType})",
                           f"{ref}: 타입 {spec.get('type', 'ClusterIP')} ({self.serviceType} 이어야 함)", gap=1)
        ports = spec.get("ports") or []
        if self.port is not None or self.targetPort is not None:
            entry = next((p for p in ports if self.port is None or p.get("port") == self.port), None)
            have = ", ".join(str(p.get("port")) for p in ports) or "none"
            if entry is None:
                return Finding(False, f"{ref} {{has}} no port {self.port} (ports: {have})",
                               f"{ref}: 포트 {self.port} 없음 (있는 포트: {have})", gap=1)
            target = entry.get("targetPort", entry.get("port"))
            if self.targetPort is not None and str(target) != str(self.targetPort) \
                    and not self._named_port_is(view, spec, target):
                return Finding(False, f"{ref} port {entry.get('port')} {{has}} targetPort {target} "
                                      f"(expected {self.targetPort})",
                               f"{ref}: 포트 {entry.get('port')}의 targetPort {target} ({self.targetPort} 이어야 함)", gap=1)
        selector = spec.get("selector") or {}
        if not selector:
            return Finding(False, f"{ref} {{has}} no selector, so it selects no pods",
                           f"{ref}: 셀렉터가 없어 Pod를 고르지 않음", gap=1)
        sel = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
        pods = sorted((p for p in view.list("Pod", self.namespace, sel)
                       if not (p.get("metadata") or {}).get("deletionTimestamp")),
                      key=lambda p: p["metadata"]["name"])
        if self.pods:
            wrong = [p["metadata"]["name"] for p in pods
                     if not parse_selector(self.pods).matches((p.get("metadata") or {}).get("labels"))]
            if wrong:
                return Finding(False, f"{ref} (selector {sel}) {{does}} also select pod {wrong[0]}, which is not {self.pods}",
                               f"{ref}(셀렉터 {sel})가 {self.pods}가 아닌 Pod {wrong[0]}도 선택함", gap=1)
        ready = sum(1 for p in pods if _pod_ready(p))
        if not pods and self.min > 0:
            return Finding(False, f"{ref} selects {sel}, which {{does}} match no pods",
                           f"{ref}의 셀렉터 {sel}에 맞는 Pod가 없음", gap=float(self.min))
        verb = "{is}" if ready == 1 else "{are}"
        return Finding(ready >= self.min, f"{ref} selects {sel}: {ready} of {_plural(len(pods), 'pod')} {verb} Ready "
                                          f"(needs at least {self.min})",
                       f"{ref}(셀렉터 {sel}): Pod {len(pods)}개 중 Ready {ready}개 (최소 {self.min}개 필요)",
                       gap=float(self.min - ready))


def _live(pod: dict) -> bool:
    return not (pod.get("metadata") or {}).get("deletionTimestamp") \
        and (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed")


def _running_clients(view, namespace: str, selector: str) -> list[dict]:
    """The live Running pods a check may connect or ask from, by name (the first is the client)."""
    return sorted((p for p in view.list("Pod", namespace, selector)
                   if (p.get("status") or {}).get("phase") == "Running" and _live(p)),
                  key=lambda p: p["metadata"]["name"])


class PodsOnDistinctNodes(PodScoped):
    """At least `min` live pods, each on a different node: losing one node cannot take two
    of them down."""

    type: Literal["podsOnDistinctNodes"]
    min: int = Field(default=2, ge=1)
    allowPending: bool = False
    """Pods no node took count neither way: a rule that keeps an extra replica Pending rather
    than doubling it up on a node passes."""

    def check(self, view, figures, tick):
        pods = [p for p in self.pods(view) if _live(p)]
        scope_en, scope_ko = self.scope_words(len(pods))
        by_node: dict[str, list[str]] = {}
        for p in pods:
            by_node.setdefault((p.get("spec") or {}).get("nodeName") or "", []).append(p["metadata"]["name"])
        unscheduled = by_node.pop("", [])
        pending, unscheduled = (unscheduled, []) if self.allowPending else ([], unscheduled)
        shared = sorted((n, names) for n, names in by_node.items() if len(names) > 1)
        placed = "; ".join(f"{n}: {', '.join(names)}" for n, names in sorted(by_node.items())) or "none scheduled"
        if shared:
            node, names = shared[0]
            return Finding(False, f"pods {' and '.join(names[:2])} {{are}} both on node {node}",
                           f"Pod {', '.join(names[:2])}가 같은 노드 {node}에 있음", gap=float(len(names) - 1))
        n = len(by_node)
        if pending:
            waits_en = f"{pending[0]} {{is}}" if len(pending) == 1 else f"{', '.join(pending)} {{are}}"
            return Finding(n >= self.min,
                           f"{scope_en}: {n} {_be(n == 1)} on distinct nodes ({placed}; needs at least {self.min}), "
                           f"and {waits_en} Pending: waiting rather than sharing a node is what the rule is for",
                           f"{scope_ko} 중 {n}개가 서로 다른 노드에 있고({placed}; 최소 {self.min}개 필요), "
                           f"{', '.join(pending)}는 Pending: 노드를 함께 쓰지 않고 기다리는 것이 이 규칙의 목적",
                           gap=float(max(self.min - n, 0)))
        extra_en = f", {len(unscheduled)} not scheduled" if unscheduled else ""
        extra_ko = f", 스케줄되지 않은 Pod {len(unscheduled)}개" if unscheduled else ""
        return Finding(n >= self.min and not unscheduled,
                       f"{scope_en} {{are}} on {_plural(n, 'distinct node')} ({placed}{extra_en}; "
                       f"needs at least {self.min})",
                       f"{scope_ko}가 서로 다른 노드 {n}개에 있음 ({placed}{extra_ko}; 최소 {self.min}개 필요)",
                       gap=float(max(self.min - n, len(unscheduled))))


class _KeyEquals(ObjectiveBase):
    name: str
    namespace: str = "default"
    key: str
    value: str | None = None
    """Unset: the key only has to be there."""

    kind_checked: ClassVar[str] = "ConfigMap"

    def _data(self, obj: dict) -> dict[str, str]:
        return dict(obj.get("data") or {})

    def check(self, view, figures, tick):
        ref = _ref(self.kind_checked, self.name, self.namespace)
        obj = view.get(self.kind_checked, self.name, self.namespace)
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        data = self._data(obj)
        if self.key not in data:
            keys = ", ".join(sorted(data)) or "none"
            return Finding(False, f"{ref} {{has}} no key {self.key} (keys: {keys})",
                           f"{ref}: 키 {self.key} 없음 (있는 키: {keys})", gap=1)
        got = data[self.key]
        if self.value is None or got == self.value:
            return Finding(True, f"{ref} {{has}} {self.key}={json.dumps(got)}", f"{ref}: {self.key}={json.dumps(got, ensure_ascii=False)}")
        return Finding(False, f"{ref} {{has}} {self.key}={json.dumps(got)} (expected {json.dumps(self.value)})",
                       f"{ref}: {self.key}={json.dumps(got, ensure_ascii=False)} ({json.dumps(self.value, ensure_ascii=False)} 이어야 함)",
                       gap=1)


class ConfigMapKeyEquals(_KeyEquals):
    """A ConfigMap has a key (with a given value)."""

    type: Literal["configMapKeyEquals"]


class SecretKeyEquals(_KeyEquals):
    """A Secret has a key whose base64 `data` decodes to `value`; optionally of a given `secretType`."""

    type: Literal["secretKeyEquals"]
    secretType: str | None = None
    """`Opaque`, `kubernetes.io/dockerconfigjson`, `kubernetes.io/tls`, ..."""

    kind_checked: ClassVar[str] = "Secret"

    def _data(self, obj: dict) -> dict[str, str]:
        import base64
        import binascii

        out = {}
        for k, v in (obj.get("data") or {}).items():
            try:
                out[k] = base64.b64decode(str(v), validate=True).decode("utf-8", errors="replace")
            except (binascii.Error, ValueError):
                out[k] = str(v)
        for k, v in (obj.get("stringData") or {}).items():
            out[k] = str(v)
        return out

    def check(self, view, figures, tick):
        if self.secretType is not None:
            obj = view.get("Secret", self.name, self.namespace)
            got = (obj or {}).get("type", "Opaque")
            if obj is not None and got != self.secretType:
                ref = _ref("Secret", self.name, self.namespace)
                return Finding(False, f"{ref} {{is}} of type {got} (expected {self.secretType})",
                               f"{ref}: 타입 {got} ({self.secretType} 이어야 함)", gap=1)
        return super().check(view, figures, tick)


class NodeCordoned(ObjectiveBase):
    """A node is cordoned (or, with `cordoned: false`, schedulable again); with `drained`, it
    also runs no pods but DaemonSet and static ones."""

    type: Literal["nodeCordoned"]
    node: str
    cordoned: bool = True
    drained: bool = False

    def check(self, view, figures, tick):
        node = view.get("Node", self.node, None)
        if node is None:
            return Finding(False, f"node {self.node} {{does}} not exist", f"노드 {self.node} 없음", gap=1)
        off = bool((node.get("spec") or {}).get("unschedulable"))
        if off != self.cordoned:
            if self.cordoned:
                return Finding(False, f"node {self.node} {{is}} not cordoned (new pods can still land on it)",
                               f"노드 {self.node}가 cordon되지 않음 (새 Pod가 올 수 있음)", gap=1)
            return Finding(False, f"node {self.node} {{is}} still cordoned (SchedulingDisabled)",
                           f"노드 {self.node}가 아직 cordon 상태 (SchedulingDisabled)", gap=1)
        if self.drained:
            left = sorted(f"{p['metadata'].get('namespace')}/{p['metadata']['name']}" for p in view.list("Pod", None)
                          if (p.get("spec") or {}).get("nodeName") == self.node and _live(p) and not _daemon_or_static(p))
            if left:
                return Finding(False, f"node {self.node} still {{has}} {_plural(len(left), 'pod')} to move ({', '.join(left[:3])})",
                               f"노드 {self.node}에 옮겨야 할 Pod {len(left)}개가 남음 ({', '.join(left[:3])})",
                               gap=float(len(left)))
            return Finding(True, f"node {self.node} {{is}} cordoned and drained", f"노드 {self.node}: cordon, drain 완료")
        if self.cordoned:
            return Finding(True, f"node {self.node} {{is}} cordoned", f"노드 {self.node}: cordon됨")
        return Finding(True, f"node {self.node} {{is}} schedulable", f"노드 {self.node}: 스케줄 가능")


def _daemon_or_static(pod: dict) -> bool:
    meta = pod.get("metadata") or {}
    if "kubernetes.io/config.mirror" in (meta.get("annotations") or {}):
        return True
    return any(o.get("kind") in ("DaemonSet", "Node") for o in meta.get("ownerReferences") or [])


class HpaTargets(ObjectiveBase):
    """A HorizontalPodAutoscaler scales the right workload within the right bounds, on CPU."""

    type: Literal["hpaTargets"]
    name: str | None = None
    """Unset: whichever HPA of the namespace scales the target (the task names none)."""
    namespace: str = "default"
    targetKind: str = "Deployment"
    targetName: str | None = None
    """Defaults to the HPA's own name, as `kubectl autoscale` names it."""

    @model_validator(mode="after")
    def _named(self):
        if self.name is None and self.targetName is None:
            raise ValueError("give the HPA's `name`, its `targetName`, or both")
        return self

    def _find(self, view) -> dict | None:
        if self.name is not None:
            return view.get("HorizontalPodAutoscaler", self.name, self.namespace)
        for hpa in view.list("HorizontalPodAutoscaler", self.namespace):
            target = (hpa.get("spec") or {}).get("scaleTargetRef") or {}
            if (target.get("kind"), target.get("name")) == (self.targetKind, self.targetName):
                return hpa
        return None
    minReplicas: int | None = Field(default=None, ge=1)
    maxReplicas: int | None = Field(default=None, ge=1)
    cpuUtilization: int | None = Field(default=None, ge=1)
    """Target average CPU utilization, percent of requests."""

    def check(self, view, figures, tick):
        hpa = self._find(view)
        if hpa is None:
            if self.name is not None:
                ref = _ref("HorizontalPodAutoscaler", self.name, self.namespace)
                return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
            ref = _ref(self.targetKind, self.targetName, self.namespace)
            return Finding(False, f"no HorizontalPodAutoscaler scales {ref}",
                           f"HorizontalPodAutoscaler 없음 (대상 {ref})", gap=1)
        ref = _ref("HorizontalPodAutoscaler", hpa["metadata"]["name"], self.namespace)
        spec = hpa.get("spec") or {}
        target = spec.get("scaleTargetRef") or {}
        want_name = self.targetName or self.name
        if target.get("kind") != self.targetKind or target.get("name") != want_name:
            return Finding(False, f"{ref} {{does}} scale {target.get('kind')}/{target.get('name')} "
                                  f"(expected {self.targetKind}/{want_name})",
                           f"{ref}: 대상 {target.get('kind')}/{target.get('name')} ({self.targetKind}/{want_name} 이어야 함)", gap=1)
        cpu = spec.get("targetCPUUtilizationPercentage")
        for m in spec.get("metrics") or []:
            res = m.get("resource") or {}
            if m.get("type") == "Resource" and res.get("name") == "cpu":
                cpu = (res.get("target") or {}).get("averageUtilization", cpu)
        checks = (("minReplicas", self.minReplicas, spec.get("minReplicas", 1)),
                  ("maxReplicas", self.maxReplicas, spec.get("maxReplicas")),
                  ("CPU target", self.cpuUtilization, cpu))
        for label, want, got in checks:
            if want is not None and got != want:
                shown = "none" if got is None else (f"{got}%" if label == "CPU target" else str(got))
                want_s = f"{want}%" if label == "CPU target" else str(want)
                return Finding(False, f"{ref} {{has}} {label} {shown} (expected {want_s})",
                               f"{ref}: {label} {shown} ({want_s} 이어야 함)", gap=1)
        return Finding(True, f"{ref} {{does}} scale {self.targetKind}/{want_name} between {spec.get('minReplicas', 1)} and "
                             f"{spec.get('maxReplicas')} replicas at {cpu}% CPU",
                       f"{ref}: {self.targetKind}/{want_name}를 {spec.get('minReplicas', 1)}~{spec.get('maxReplicas')}개로, "
                       f"CPU {cpu}% 기준")


class PvcBound(ObjectiveBase):
    """A PersistentVolumeClaim is Bound (optionally with at least `storage`, and mounted by a
    running pod of `mountedBy`)."""

    type: Literal["pvcBound"]
    name: str
    namespace: str = "default"
    storage: str | None = None
    """At least this much requested, such as `1Gi`."""
    mountedBy: str | None = None
    """A selector: a Running pod matching it must mount the claim."""

    def check(self, view, figures, tick):
        ref = _ref("PersistentVolumeClaim", self.name, self.namespace)
        pvc = view.get("PersistentVolumeClaim", self.name, self.namespace)
        if pvc is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        if self.storage is not None:
            asked = (((pvc.get("spec") or {}).get("resources") or {}).get("requests") or {}).get("storage")
            if asked is None or _quantity(asked) < _quantity(self.storage):
                return Finding(False, f"{ref} {{does}} request {asked or 'no'} storage (needs at least {self.storage})",
                               f"{ref}: 요청 용량 {asked or '없음'} (최소 {self.storage} 필요)", gap=1)
        phase = (pvc.get("status") or {}).get("phase", "Pending")
        if phase != "Bound":
            return Finding(False, f"{ref} {{is}} {phase}, not Bound", f"{ref}: {phase} 상태 (Bound여야 함)", gap=1)
        if self.mountedBy is not None:
            users = [p for p in view.list("Pod", self.namespace, self.mountedBy)
                     if (p.get("status") or {}).get("phase") == "Running" and not p["metadata"].get("deletionTimestamp")
                     and any(((v.get("persistentVolumeClaim") or {}).get("claimName")) == self.name
                             for v in (p.get("spec") or {}).get("volumes") or [])]
            if not users:
                return Finding(False, f"{ref} {{is}} Bound, but no Running pod matching {self.mountedBy} mounts it",
                               f"{ref}: Bound지만 {self.mountedBy} Pod 중 마운트해 실행 중인 것이 없음", gap=1)
        return Finding(True, f"{ref} {{is}} Bound", f"{ref}: Bound")


class Connection(ObjectiveBase):
    """Whether a pod can open a connection to a Service (every ready endpoint) or to pods:
    `allowed: false` holds only when a NetworkPolicy refuses it, not when nothing listens."""

    type: Literal["connection"]
    fromNamespace: str = "default"
    fromSelector: str | None = None
    """The client pod (the first Running one, by name); unset: a client outside the cluster."""
    toService: str | None = None
    toSelector: str | None = None
    toNamespace: str = "default"
    port: int | None = None
    allowed: bool = True

    @model_validator(mode="after")
    def _target(self):
        if (self.toService is None) == (self.toSelector is None):
            raise ValueError("name exactly one of `toService` or `toSelector`")
        return self

    def check(self, view, figures, tick):
        network = getattr(view, "network", None)
        if network is None:
            return Finding(False, "connections cannot be tried here", "여기서는 연결을 시험할 수 없음", gap=1)
        src = None
        who = "a client outside the cluster"
        who_ko = "클러스터 밖 클라이언트"
        if self.fromSelector is not None:
            clients = _running_clients(view, self.fromNamespace, self.fromSelector)
            if not clients:
                return Finding(False, f"no Running pod matching {self.fromSelector} in namespace {self.fromNamespace} "
                                      f"{{is}} there to connect from",
                               f"{self.fromNamespace} 네임스페이스에 연결을 시도할 {self.fromSelector} Pod가 없음", gap=1)
            src = clients[0]
            who, who_ko = f"pod {self.fromNamespace}/{src['metadata']['name']}", f"Pod {self.fromNamespace}/{src['metadata']['name']}"
        targets, port = self._targets(view, network)
        what = f"service {self.toNamespace}/{self.toService}" if self.toService else f"pods {self.toSelector} in {self.toNamespace}"
        if port is _MISSING:
            return Finding(False, f"{what} {{has}} no port {self.port}", f"{what}: 포트 {self.port} 없음", gap=1)
        if not targets:
            return Finding(False, f"{what} {{has}} no ready pods to connect to", f"{what}: 연결할 준비된 Pod가 없음", gap=1)
        results = [_answers(view, pod, network.reachable(src, pod, port)) for pod in targets]
        if self.allowed:
            bad = next((why for ok, why in results if not ok), None)
            if bad is None:
                return Finding(True, f"{who} {{does}} reach {what}", f"{who_ko} → {what} 연결됨")
            return Finding(False, f"{who} cannot reach {what}: {bad}", f"{who_ko} → {what} 연결 안 됨: {bad}", gap=1)
        through = next((why for ok, why in results if ok or "NetworkPolicy" not in why), None)
        if through is None:
            return Finding(True, f"a NetworkPolicy {{does}} stop {who} reaching {what}",
                           f"NetworkPolicy가 {who_ko} → {what} 연결을 막음")
        reason = "it connects" if all(ok for ok, _ in results) else through
        return Finding(False, f"{who} {{is}} not stopped by a NetworkPolicy on the way to {what} ({reason})",
                       f"{who_ko} → {what} 연결을 NetworkPolicy가 막지 않음 ({reason})", gap=1)

    def _targets(self, view, network) -> tuple[list[dict], Any]:
        if self.toService is not None:
            svc = view.get("Service", self.toService, self.toNamespace)
            if svc is None:
                return [], None
            ports = (svc.get("spec") or {}).get("ports") or []
            entry = next((p for p in ports if self.port is None or p.get("port") == self.port), None)
            if entry is None and ports:
                return network.ready_endpoints(self.toNamespace, self.toService), _MISSING
            target = (entry.get("targetPort", entry.get("port")) if entry else self.port)
            return network.ready_endpoints(self.toNamespace, self.toService), target
        pods = sorted((p for p in view.list("Pod", self.toNamespace, self.toSelector) if _pod_ready(p)),
                      key=lambda p: p["metadata"]["name"])
        return pods, self.port


def _answers(view, pod: dict, reached: tuple[bool, str]) -> tuple[bool, str]:
    """The network's verdict (it follows the one listening rule: the app's own ports, or a server
    a process started), a refusal told with the ports the pod's images listen on: a Service whose
    targetPort declares 8080 reaches no nginx."""
    ok, why = reached
    registry = getattr(view, "registry", None)
    if ok or registry is None or "nothing listens on" not in why:
        return reached
    listening = []
    for c in (pod.get("spec") or {}).get("containers") or []:
        behavior = registry.lookup(c.get("image") or "")
        if behavior is not None and behavior.ports:
            listening.append(f"{c.get('image')} listens on {', '.join(str(p) for p in behavior.ports)}")
    return (False, f"{why} ({'; '.join(listening)})") if listening else reached


class NameResolves(ObjectiveBase):
    """A pod's resolver gets an answer for `name` through the cluster DNS (the kube-dns
    Service at 10.96.0.10): what `nslookup NAME` in a client pod would show. With the CoreDNS
    add-on that needs a Ready CoreDNS pod behind kube-dns; `toService` also asks that the
    answer be that Service's ClusterIP."""

    type: Literal["nameResolves"]
    fromNamespace: str = "default"
    fromSelector: str
    """The client pod (the first Running one, by name)."""
    name: str
    toService: str | None = None
    """The Service (in the client's namespace) whose ClusterIP the answer must be."""

    def check(self, view, figures, tick):
        network = getattr(view, "network", None)
        if network is None:
            return Finding(False, "names cannot be looked up here", "여기서는 이름을 조회할 수 없음", gap=1)
        clients = _running_clients(view, self.fromNamespace, self.fromSelector)
        if not clients:
            return Finding(False, f"no Running pod matching {self.fromSelector} in namespace {self.fromNamespace} "
                                  f"{{is}} there to ask from",
                           f"{self.fromNamespace} 네임스페이스에 조회할 {self.fromSelector} Pod가 없음", gap=1)
        who = f"pod {self.fromNamespace}/{clients[0]['metadata']['name']}"
        dns = network.dns
        if not dns.reachable():
            return Finding(False, f"{who} {{gets}} no answer for {self.name}: no DNS server answers at 10.96.0.10",
                           f"{who}: {self.name} 조회에 응답 없음 (10.96.0.10의 DNS 서버가 응답하지 않음)", gap=1)
        found = dns.resolve(self.name, self.fromNamespace)
        if found is None:
            return Finding(False, f"{who} {{gets}} NXDOMAIN for {self.name}", f"{who}: {self.name} NXDOMAIN", gap=1)
        if self.toService is not None:
            svc = view.get("Service", self.toService, self.fromNamespace)
            ip = ((svc or {}).get("spec") or {}).get("clusterIP")
            if ip not in found[1]:
                return Finding(False, f"{who} {{resolves}} {self.name} to {', '.join(found[1])}, not to Service "
                                      f"{self.toService}'s ClusterIP",
                               f"{who}: {self.name} → {', '.join(found[1])} ({self.toService} Service의 ClusterIP 아님)",
                               gap=1)
        return Finding(True, f"{who} {{resolves}} {self.name} to {', '.join(found[1])}",
                       f"{who}: {self.name} → {', '.join(found[1])}")

class ErrorBudget(ObjectiveBase):
    """A Service fails no more requests than its error budget allows, counted from the start of
    the window: once spent, a budget stays spent (an SLO of 99% over 10,000 requests leaves a
    budget of 100 failures)."""

    type: Literal["errorBudget"]
    service: str
    namespace: str = "default"
    maxFailures: int = Field(ge=0)
    """Failed requests allowed in the window (the engine's cumulative `failures` figure)."""

    def check(self, view, figures, tick):
        ref = _ref("Service", self.service, self.namespace)
        entry = (figures.get("services") or {}).get(f"{self.namespace}/{self.service}") or {}
        failures = int(entry.get("failures") or 0)
        base = self._track.first_seen
        if "baseline" not in base and (self.during is None or tick >= self.during[0]):
            base["baseline"] = failures if self.during is not None and tick > 0 else 0
        spent = max(0, failures - base["baseline"]) if "baseline" in base else 0
        left = self.maxFailures - spent
        return Finding(left >= 0, f"{ref} {{has}} failed {_plural(spent, 'request')} of a budget of {self.maxFailures}",
                       f"{ref}: 실패한 요청 {spent}개 (허용 {self.maxFailures}개)", gap=float(max(0, -left)))


class NoContainerEscape(ObjectiveBase):
    """No container has broken out to its node: a compromised image met a privileged container,
    a host namespace or the host's root filesystem (the engine's `breaches` figures)."""

    type: Literal["noContainerEscape"]

    def check(self, view, figures, tick):
        breaches = figures.get("breaches") or {}
        escapes = int(breaches.get("escapes") or 0)
        if escapes == 0:
            return Finding(True, "no container {has} escaped to its node", "노드로 탈출한 컨테이너 없음")
        nodes = ", ".join(breaches.get("nodes") or []) or "a node"
        return Finding(False, f"{_plural(escapes, 'container')} {_have(escapes == 1)} escaped to {nodes}",
                       f"컨테이너 {escapes}개가 노드({nodes})로 탈출함", gap=float(escapes))


# --- outcomes: where pods run, what they mount, what they keep ------------------------------


def _node_labels(view, name: str) -> dict:
    node = view.get("Node", name, None)
    return ((node or {}).get("metadata") or {}).get("labels") or {}


class PodsPlaced(PodScoped):
    """Pods run only on nodes matching `nodes` ("runs only on nodes with disk=ssd"), judged by
    where they actually run, whatever field says so (nodeSelector, node affinity, nodeName).
    With `reschedule` (the default for a workload), the rule must also hold for new pods: on
    a copy of the cluster, a node like the matching one and a plain node are added, the pods
    are deleted, and their replacements must land on matching nodes again."""

    type: Literal["podsPlaced"]
    nodes: str
    """A node label selector: `disk=ssd`, `role=infra`."""
    min: int = Field(default=1, ge=1)
    """Running pods that must be on such nodes."""
    reschedule: bool = True
    settleSeconds: int = Field(default=60, ge=1, le=600)
    """How long the copy runs after the pods are deleted."""

    @model_validator(mode="after")
    def _ahead_only_at_end(self):
        if self.reschedule and self.workload is not None and not self.atEnd:
            raise ValueError("`reschedule` judges a copy of the final cluster: use it with `atEnd: true` "
                             "(or set `reschedule: false`)")
        return self

    @property
    def looks_ahead(self) -> bool:
        return super().looks_ahead or (self.reschedule and self.workload is not None)

    def _placement(self, view) -> Finding:
        wanted = parse_selector(self.nodes)
        pods = [p for p in self.pods(view) if _live(p)]
        for p in pods:
            node = (p.get("spec") or {}).get("nodeName")
            if node and not wanted.matches(_node_labels(view, node)):
                name = p["metadata"]["name"]
                return Finding(False, f"pod {name} {{is}} running on {node}, which is not a {self.nodes} node",
                               f"Pod {name}이(가) {self.nodes}가 아닌 노드 {node}에서 실행 중", gap=1)
        running = [p for p in pods if (p.get("status") or {}).get("phase") == "Running"]
        placed = ", ".join(sorted({p["spec"]["nodeName"] for p in running})) or "none"
        n = len(running)
        en, ko = self.scope_words(n)
        return Finding(n >= self.min, f"{en} {_be(self.one(n))} running, all on {self.nodes} nodes ({placed}; needs at least {self.min})",
                       f"{ko}가 모두 {self.nodes} 노드에서 실행 중 ({placed}; 최소 {self.min}개 필요)",
                       gap=float(self.min - n))

    def check(self, view, figures, tick):
        now = self._placement(view)
        if not now.ok or not (self.reschedule and self.workload is not None):
            return now
        return self._after_reschedule(view, now)

    def _after_reschedule(self, view, now: Finding) -> Finding:
        """Two copies of the cluster, the workload's pods deleted on each. On the first, the
        matching nodes lose the labels and a plain node joins: no new pod may run anywhere
        (a preferred affinity, a pinned nodeName or a toleration alone would place them).
        On the second, a node like a matching one (labels, taints, size) and a plain node
        join: the new pods must run, on matching nodes only."""
        wanted = parse_selector(self.nodes)
        matching = sorted((n for n in view.list("Node", None) if wanted.matches((n.get("metadata") or {}).get("labels"))),
                          key=lambda n: n["metadata"]["name"])
        if not matching:
            return Finding(False, f"no node {{is}} labelled {self.nodes}", f"{self.nodes} 레이블이 붙은 노드 없음", gap=1)
        model = matching[0]
        capacity = (model.get("status") or {}).get("capacity") or {}
        size = f"--cpu {capacity.get('cpu', '4')} --memory {capacity.get('memory', '8Gi')}"
        plain = "check-plain"

        unlabelled = self._rescheduled(view, [f"sim add-node {plain} {size}"] + [
            f"kubectl label node {n['metadata']['name']} {r.key}-" for n in matching for r in wanted.requirements])
        stray = self._stray(unlabelled, wanted)
        if stray:
            return Finding(False, f"{_tense(now.en, False)}, but once no node was labelled {self.nodes} any more, "
                                  f"a new pod went to {stray}: the rule does not follow the label",
                           f"{now.ko}. 그러나 {self.nodes} 레이블을 노드에서 떼자 새 Pod가 {stray}에서 실행됨: "
                           "규칙이 레이블을 따르지 않음", gap=1)

        like = "check-like-" + model["metadata"]["name"]
        labels = " ".join(f"--label {k}={v}" for k, v in sorted(((model.get("metadata") or {}).get("labels") or {}).items())
                          if k != "kubernetes.io/hostname" and " " not in f"{k}={v}")
        taints = [f"kubectl taint node {like} {t['key']}{'=' + t['value'] if t.get('value') else ''}:{t.get('effect', 'NoSchedule')}"
                  for t in (model.get("spec") or {}).get("taints") or [] if not t.get("key", "").startswith("node.kubernetes.io/")]
        grown = self._rescheduled(view, [f"sim add-node {like} {size} {labels}", f"sim add-node {plain} {size}"] + taints)
        after = self._placement(grown)
        if after.ok:
            return Finding(True, f"{_tense(now.en, False)}, and so do new pods when the nodes change",
                           f"{now.ko}. 노드가 바뀌어도 새 Pod가 마찬가지")
        return Finding(False, f"{_tense(now.en, False)}, but once the pods were deleted with a {self.nodes} node and a "
                              f"plain node added: {_tense(after.en, False)}",
                       f"{now.ko}. 그러나 Pod를 지우고 {self.nodes} 노드와 일반 노드를 더하자: {after.ko}", gap=1)

    def _rescheduled(self, view, commands: list[str]):
        """A copy of the cluster after `commands`, with the pods in scope deleted and
        `settleSeconds` more."""
        future = fork(view)
        for line in commands:
            future.run(line, source="timeline")
        names = [p["metadata"]["name"] for p in self.pods(future) if _live(p)]
        if names:
            future.run(f"kubectl delete pod {' '.join(names)} -n {self.namespace} --wait=false", source="timeline")
        future.step(self.settleSeconds)
        return future

    def _stray(self, view, wanted) -> str | None:
        for p in self.pods(view):
            node = (p.get("spec") or {}).get("nodeName")
            if _live(p) and node and not wanted.matches(_node_labels(view, node)):
                return node
        return None


class ToleratesTaint(ObjectiveBase):
    """A workload's pods tolerate a taint, in any form that does (`Equal` with the value,
    `Exists` on the key, a toleration for every taint)."""

    type: Literal["toleratesTaint"]
    kind: WorkloadKind = "Deployment"
    name: str
    namespace: str = "default"
    key: str
    value: str | None = None
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] = "NoSchedule"

    def check(self, view, figures, tick):
        from kubetui.engine.scheduler.framework import tolerates

        ref = _ref(self.kind, self.name, self.namespace)
        obj = view.get(self.kind, self.name, self.namespace)
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        taint = {"key": self.key, "effect": self.effect, **({"value": self.value} if self.value is not None else {})}
        shown = f"{self.key}{'=' + self.value if self.value is not None else ''}:{self.effect}"
        if tolerates(_pod_spec_of(obj).get("tolerations") or [], taint):
            return Finding(True, f"{ref} {{does}} tolerate the taint {shown}", f"{ref}: taint {shown}를 용인함")
        return Finding(False, f"{ref} {{does}} not tolerate the taint {shown}", f"{ref}: taint {shown}를 용인하지 않음", gap=1)


class ContainerOutput(PodScoped):
    """What a container's program produced: lines of its log (or of a file in its filesystem,
    `file`) matching `pattern` (a regular expression), at least `min` of them in one pod."""

    type: Literal["containerOutput"]
    container: str | None = None
    """Unset: the pod's first app container (kubectl logs' default)."""
    pattern: str
    min: int = Field(default=1, ge=0)
    max: int | None = Field(default=None, ge=0)
    """At most this many matching lines (0: the text must be gone)."""
    file: str | None = None
    """An absolute path in the container (its image's files and its mounts) instead of its log."""
    previous: bool = False
    """The log of the container's previous run (`kubectl logs --previous`)."""

    @model_validator(mode="after")
    def _pattern(self):
        try:
            re.compile(self.pattern)
        except re.error as e:
            raise ValueError(f"pattern: {e}") from None
        return self

    def _lines(self, view, pod: dict) -> list[str]:
        kubelet = getattr(view, "kubelet", None)
        if kubelet is None:
            return []
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        if self.file is None:
            return kubelet.logs(ns, name, self.container, self.previous) or []
        rt = kubelet.runtime(ns, name)
        apps = [c for c in (rt.containers if rt else []) if not c.init or c.name == self.container]
        c = next((c for c in apps if self.container in (None, c.name)), None)
        if c is None or c.fs is None:
            return []
        try:
            return c.fs.read(self.file).splitlines()
        except Exception:  # noqa: BLE001 - a missing file is a missing outcome
            return []

    def check(self, view, figures, tick):
        rx = re.compile(self.pattern)
        counts = [sum(1 for line in self._lines(view, p) if rx.search(line)) for p in self.pods(view)]
        fits = [n for n in counts if n >= self.min and (self.max is None or n <= self.max)]
        best = fits[0] if fits else max(counts, default=0)
        en, ko = self.scope_words()
        where_en = f"the file {self.file}" if self.file else ("the previous log" if self.previous else "the log")
        where_ko = f"{self.file} 파일" if self.file else ("이전 로그" if self.previous else "로그")
        of = f" of {self.container}" if self.container else ""
        need_en = f"at least {self.min}" if self.max is None else (
            f"{self.min} to {self.max}" if self.min != self.max else f"exactly {self.min}")
        need_ko = f"최소 {self.min}개" if self.max is None else f"{self.min}~{self.max}개"
        return Finding(bool(fits),
                       f"{where_en}{of} in {en} {{has}} {_plural(best, 'line')} matching /{self.pattern}/ "
                       f"(needs {need_en})",
                       f"{ko}{' ' + self.container if self.container else ''}의 {where_ko}: /{self.pattern}/ 에 맞는 줄 "
                       f"{best}개 ({need_ko} 필요)",
                       gap=float(max(self.min - best, best - self.max if self.max is not None else 0, 0 if fits else 1)))


class VolumeMounted(ObjectiveBase):
    """A container of a workload's pod template (or of a Pod) mounts, at `mountPath` (unset: at
    any path the task leaves open), a volume from the named source, whatever the volume is called
    (unless the task names it: `volume`)."""

    type: Literal["volumeMounted"]
    kind: WorkloadKind = "Deployment"
    name: str
    namespace: str = "default"
    container: str | None = None
    mountPath: str | None = None
    claim: str | None = None
    """A PersistentVolumeClaim's name."""
    configMap: str | None = None
    secret: str | None = None
    emptyDir: bool = False
    volume: str | None = None
    """The volume's name, only when the task names it."""
    readOnly: bool | None = None

    @model_validator(mode="after")
    def _source(self):
        if sum((self.claim is not None, self.configMap is not None, self.secret is not None, self.emptyDir)) > 1:
            raise ValueError("name at most one source: `claim`, `configMap`, `secret` or `emptyDir`")
        return self

    def _source_words(self) -> str:
        if self.claim is not None:
            return f"claim {self.claim}"
        if self.configMap is not None:
            return f"ConfigMap {self.configMap}"
        if self.secret is not None:
            return f"Secret {self.secret}"
        return "an emptyDir" if self.emptyDir else "a volume"

    def _matches(self, vol: dict) -> bool:
        if self.volume is not None and vol.get("name") != self.volume:
            return False
        if self.claim is not None:
            return (vol.get("persistentVolumeClaim") or {}).get("claimName") == self.claim
        projected = (vol.get("projected") or {}).get("sources") or []
        if self.configMap is not None:
            return (vol.get("configMap") or {}).get("name") == self.configMap or \
                any((src.get("configMap") or {}).get("name") == self.configMap for src in projected)
        if self.secret is not None:
            return (vol.get("secret") or {}).get("secretName") == self.secret or \
                any((src.get("secret") or {}).get("name") == self.secret for src in projected)
        if self.emptyDir:
            return "emptyDir" in vol
        return True

    def check(self, view, figures, tick):
        ref = _ref(self.kind, self.name, self.namespace)
        obj = view.get(self.kind, self.name, self.namespace)
        what = self._source_words() + (f" (volume {self.volume})" if self.volume else "")
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        spec = _pod_spec_of(obj)
        volumes = {v.get("name"): v for v in spec.get("volumes") or []}
        containers = [c for c in spec.get("containers") or [] if self.container in (None, c.get("name"))]
        if self.container is not None:
            containers += [c for c in spec.get("initContainers") or [] if c.get("name") == self.container]
        if not containers:
            return Finding(False, f"{ref} {{has}} no container named {self.container}",
                           f"{ref}: {self.container} 컨테이너 없음", gap=1)
        seen = []
        at_en = f" at {self.mountPath}" if self.mountPath is not None else ""
        at_ko = f"{self.mountPath}에 " if self.mountPath is not None else ""
        for c in containers:
            for m in c.get("volumeMounts") or []:
                if self.mountPath is not None and m.get("mountPath", "").rstrip("/") != self.mountPath.rstrip("/"):
                    continue
                vol = volumes.get(m.get("name")) or {"name": m.get("name")}
                seen.append(vol)
                if not self._matches(vol):
                    continue
                if self.readOnly is not None and bool(m.get("readOnly")) != self.readOnly:
                    state = "read-only" if self.readOnly else "writable"
                    return Finding(False, f"container {c.get('name')} of {ref} {{does}} mount {what}{at_en}, "
                                          f"but not {state}", f"{ref}: {at_ko}{what} 마운트, 그러나 "
                                          f"{'읽기 전용' if self.readOnly else '쓰기 가능'}이 아님", gap=1)
                return Finding(True, f"container {c.get('name')} of {ref} {{does}} mount {what}{at_en}",
                               f"{ref}의 컨테이너 {c.get('name')}: {at_ko}{what} 마운트")
        if seen:
            other = seen[0]
            source = next((k for k in ("persistentVolumeClaim", "configMap", "secret", "projected", "emptyDir", "hostPath")
                           if k in other),
                          "no source")
            return Finding(False, f"{ref} {{does}} mount volume {other.get('name')} ({source}){at_en}, not {what}",
                           f"{ref}: {at_ko}{what}가 아닌 볼륨 {other.get('name')}({source})를 마운트", gap=1)
        if self.mountPath is None:
            return Finding(False, f"{ref} {{does}} not mount {what}", f"{ref}: {what} 마운트 없음", gap=1)
        return Finding(False, f"{ref} {{does}} not mount anything at {self.mountPath} (expected {what})",
                       f"{ref}: {self.mountPath}에 마운트된 것 없음 ({what} 이어야 함)", gap=1)


class ServiceAccountToken(PodScoped):
    """Whether the pods get an API token mounted: switched off on the Pod (its template) or
    on its ServiceAccount, as Kubernetes decides it (the Pod's setting wins). With `account`,
    the live pods also run as that ServiceAccount; `mounted: null` leaves the token unjudged."""

    type: Literal["serviceAccountToken"]
    mounted: bool | None = False
    account: str | None = None

    def check(self, view, figures, tick):
        pods = [p for p in self.pods(view) if _live(p)]
        en, ko = self.scope_words(len(pods))
        if not pods:
            return Finding(False, f"there {{are}} no {en.split(' ', 1)[1] if en[0].isdigit() else en}",
                           f"{ko} 없음", gap=1)
        for p in pods:
            spec = p.get("spec") or {}
            account = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
            name = p["metadata"]["name"]
            if self.account is not None and account != self.account:
                return Finding(False, f"pod {name} {{is}} running as ServiceAccount {account}, not {self.account}",
                               f"Pod {name}이(가) {self.account}가 아닌 ServiceAccount {account}로 실행", gap=1)
            if self.mounted is None:
                continue
            has = _token_mounted(view, p, account)
            if has != self.mounted:
                if has:
                    return Finding(False, f"pod {name} {{does}} get the token of ServiceAccount {account} mounted",
                                   f"Pod {name}에 ServiceAccount {account}의 토큰이 마운트됨", gap=1)
                return Finding(False, f"pod {name} {{does}} not get a ServiceAccount token",
                               f"Pod {name}에 ServiceAccount 토큰이 없음", gap=1)
        if self.mounted is None:
            return Finding(True, f"{en}: running as ServiceAccount {self.account}",
                           f"{ko}: ServiceAccount {self.account}로 실행")
        state_en = "{does} get" if self.mounted else "{does} not get"
        who_en = f" as ServiceAccount {self.account}" if self.account else ""
        who_ko = f" ServiceAccount {self.account}로 실행," if self.account else ""
        return Finding(True, f"{en}{who_en} {state_en} an API token mounted",
                       f"{ko}:{who_ko} API 토큰 {'마운트됨' if self.mounted else '마운트 안 됨'}")


class TokenAuthenticates(ObjectiveBase):
    """A Secret holds a token (under `key`) that the API server accepts, now, as the ServiceAccount
    `account` of `namespace`: a long-lived token the token controller filled, or one minted and
    stored by hand. Judged by the cluster's own authenticator, never by how the Secret was made.
    `expires: false` also asks that it never stops working: a token with an expiry (what
    `kubectl create token` mints, however long) is not the long-lived token asked for."""

    type: Literal["tokenAuthenticates"]
    secret: str
    key: str = "token"
    account: str
    namespace: str = "default"
    expires: bool | None = None

    def check(self, view, figures, tick):
        import base64
        import binascii

        ref = _ref("Secret", self.secret, self.namespace)
        obj = view.get("Secret", self.secret, self.namespace)
        if obj is None:
            return Finding(False, f"{ref} {{does}} not exist", f"{ref} 없음", gap=1)
        raw = (obj.get("data") or {}).get(self.key)
        if raw is None:
            return Finding(False, f"{ref} {{has}} no key {self.key}", f"{ref}에 키 {self.key} 없음", gap=1)
        try:
            token = base64.b64decode(str(raw), validate=True).decode("utf-8").strip()
        except (binascii.Error, ValueError):
            token = ""
        authenticate = getattr(view, "authenticate", None)
        user = authenticate(token) if authenticate is not None and token else None
        want = f"system:serviceaccount:{self.namespace}:{self.account}"
        if user is None:
            return Finding(False, f"the {self.key} in {ref} {{is}} not a token the API server accepts",
                           f"{ref}의 {self.key}는 API 서버가 받아들이는 토큰이 아님", gap=1)
        if user.name != want:
            return Finding(False, f"the {self.key} in {ref} {{is}} a token of {user.name}, not {want}",
                           f"{ref}의 {self.key}는 {want}가 아닌 {user.name}의 토큰", gap=1)
        if self.expires is False:
            from kubetui.engine.serviceaccount import unix_time, verify

            exp = (verify(view, token) or {}).get("exp")
            if exp is not None:
                left = exp - unix_time(tick)
                return Finding(False, f"the {self.key} in {ref} {{is}} a token that expires in {left}s, not a long-lived one",
                               f"{ref}의 {self.key}는 {left}초 뒤 만료됨: 오래 가는 토큰이 아님", gap=1)
        return Finding(True, f"the {self.key} in {ref} {{is}} accepted as {want}",
                       f"{ref}의 {self.key}로 {want} 인증됨")


def _token_mounted(view, pod: dict, account: str) -> bool:
    spec = pod.get("spec") or {}
    for v in spec.get("volumes") or []:
        if any("serviceAccountToken" in (src or {}) for src in ((v.get("projected") or {}).get("sources") or [])):
            return True
    if spec.get("automountServiceAccountToken") is not None:
        return bool(spec["automountServiceAccountToken"])
    sa = view.get("ServiceAccount", account, (pod.get("metadata") or {}).get("namespace", "default"))
    if sa is not None and sa.get("automountServiceAccountToken") is not None:
        return bool(sa["automountServiceAccountToken"])
    return True


class PodsUndisturbed(ObjectiveBase):
    """The pods that ran on `node` when the player got the cluster still run there, the same
    pods (none deleted, evicted or moved): "without moving what runs there". With `pod`
    instead, that one Pod is never deleted or re-created: "without re-creating it". Judged at
    every tick, so it needs `always: true`."""

    type: Literal["podsUndisturbed"]
    node: str | None = None
    pod: str | None = None
    namespace: str = "default"
    """The namespace of `pod`."""

    @model_validator(mode="after")
    def _whole_run(self):
        if not self.always:
            raise ValueError("`podsUndisturbed` remembers the pods of the first tick: use it with `always: true`")
        if (self.node is None) == (self.pod is None):
            raise ValueError("`podsUndisturbed` names a `node` or a `pod`")
        return self

    def check(self, view, figures, tick):
        if self.pod is not None:
            one = view.get("Pod", self.pod, self.namespace)
            here = {_uid(one): self.pod} if one is not None and _live(one) else {}
        else:
            here = {_uid(p): p["metadata"]["name"] for p in view.list("Pod", None)
                    if (p.get("spec") or {}).get("nodeName") == self.node and _live(p)}
        t = self._track
        if t.kept is None:
            t.kept = dict(here)
        gone = sorted(name for uid, name in t.kept.items() if uid not in here)
        if gone and self.pod is not None:
            ref = _ref("Pod", self.pod, self.namespace)
            return Finding(False, f"{ref} {{has}} been deleted or re-created", f"{ref}: 지워졌거나 다시 만들어짐", gap=1)
        if self.pod is not None:
            ref = _ref("Pod", self.pod, self.namespace)
            return Finding(True, f"{ref} {{is}} the Pod the player was given", f"{ref}: 처음 받은 그 Pod")
        if gone:
            return Finding(False, f"{_plural(len(gone), 'pod')} that ran on {self.node} {_have(len(gone) == 1)} been moved or deleted "
                                  f"({', '.join(gone[:3])})",
                           f"{self.node}에서 돌던 Pod {len(gone)}개가 옮겨지거나 지워짐 ({', '.join(gone[:3])})",
                           gap=float(len(gone)))
        return Finding(True, f"the {_plural(len(t.kept), 'pod')} on {self.node} {_be(len(t.kept) == 1)} still running there",
                       f"{self.node}의 Pod {len(t.kept)}개가 그대로 실행 중")


class Attempt(BaseModel):
    """One command tried on a copy of the cluster, and whether it must be accepted."""

    model_config = ConfigDict(extra="forbid")

    run: str
    stdin: str | None = None
    succeeds: bool = True


class Admits(ObjectiveBase):
    """What the API server now accepts and refuses, tried on a copy of the cluster: a quota
    that admits two BestEffort pods and refuses the third, a namespace that refuses a
    privileged pod. Judges the rule by its effect, whichever fields express it."""

    type: Literal["admits"]
    tries: list[Attempt] = Field(min_length=1)

    @model_validator(mode="after")
    def _at_end(self):
        if not self.atEnd:
            raise ValueError("`admits` tries commands on a copy of the final cluster: use it with `atEnd: true`")
        return self

    @property
    def looks_ahead(self) -> bool:
        return True

    def check(self, view, figures, tick):
        future = fork(view)
        for attempt in self.tries:
            result = future.run(attempt.run, stdin=attempt.stdin, source="timeline")
            if (result.exit_code == 0) != attempt.succeeds:
                said = (result.stderr or result.stdout or "").strip().splitlines()
                why = f": {said[0]}" if said else ""
                if attempt.succeeds:
                    return Finding(False, f"`{attempt.run}` {{is}} refused{why}", f"`{attempt.run}` 거부됨{why}", gap=1)
                return Finding(False, f"`{attempt.run}` {{is}} accepted, though it should be refused",
                               f"`{attempt.run}`이(가) 거부되어야 하는데 받아들여짐", gap=1)
        one = len(self.tries) == 1
        return Finding(True, f"the {_plural(len(self.tries), 'command')} tried {_be(one)} accepted or refused as "
                             f"{'it' if one else 'they'} should be",
                       f"시도한 명령 {len(self.tries)}개가 모두 기대대로 받아들여지거나 거부됨")


class NoPodsStranded(PodScoped):
    """No pod is left bound to a node that is gone or not Ready: a node is emptied before it
    is removed. Judged at every tick (`always: true`), since a deleted node's pods linger for
    a while and are then replaced, which the end state alone never shows."""

    type: Literal["noPodsStranded"]

    def check(self, view, figures, tick):
        for p in self.pods(view):
            if not _live(p):
                continue
            node = (p.get("spec") or {}).get("nodeName")
            if not node:
                continue
            obj = view.get("Node", node, None)
            if obj is None or _conditions(obj).get("Ready") != "True":
                state_en, state_ko = ("is gone", "사라짐") if obj is None else ("is not Ready", "Ready 아님")
                name = p["metadata"]["name"]
                return Finding(False, f"pod {name} {{is}} stranded on node {node}, which {state_en}",
                               f"Pod {name}이(가) 노드 {node}에 남겨짐 (노드 {state_ko})", gap=1)
        en, ko = self.scope_words()
        if self.pod is not None:
            return Finding(True, f"{en} {{is}} on a Ready node", f"{ko}: Ready 노드에 있음")
        return Finding(True, f"{en} {{are}} all on Ready nodes", f"{ko}: 모두 Ready 노드에 있음")


class Access(BaseModel):
    """One question put to the authorizer: may the subject `verb` this resource here?"""

    model_config = ConfigDict(extra="forbid")

    verb: str
    resource: str
    """A kubectl resource word: `pods`, `deploy`, `deployments.apps`, `leases.coordination.k8s.io`."""
    subresource: str = ""
    name: str = ""
    namespace: str | None = "default"
    """None asks at the cluster scope."""
    allowed: bool


class _StoreOfView:
    """A ClusterView read the way the authorizer reads the API server's store."""

    def __init__(self, view):
        self.view = view

    def get(self, kind: str, namespace: str | None, name: str) -> dict | None:
        return self.view.get(kind, name, namespace)

    def iter(self, kind: str, namespace: str | None = None):
        return iter(self.view.list(kind, namespace))


class CanI(ObjectiveBase):
    """What a user, group or ServiceAccount may do, asked of the RBAC authorizer (as `kubectl auth
    can-i --as` asks): least privilege judged by its effect — what is allowed and what is not —
    whichever Roles and bindings express it."""

    type: Literal["canI"]
    user: str | None = None
    groups: list[str] = Field(default_factory=list)
    serviceAccount: str | None = None
    """`NAMESPACE/NAME`: the user its token stands for."""
    asks: list[Access] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_subject(self):
        if (self.user is None) == (self.serviceAccount is None):
            raise ValueError("`canI` names exactly one of `user` or `serviceAccount`")
        if self.serviceAccount is not None and self.serviceAccount.count("/") != 1:
            raise ValueError("`serviceAccount` is NAMESPACE/NAME")
        return self

    def subject(self):
        from kubetui.engine.user import UserInfo

        if self.serviceAccount is not None:
            ns, name = self.serviceAccount.split("/")
            return UserInfo.service_account(ns, name), f"ServiceAccount {self.serviceAccount}"
        return UserInfo(self.user or "", (*self.groups, "system:authenticated")), f"User {self.user}"

    def check(self, view, figures, tick):
        from kubetui.engine.authorization import Attributes, authorize

        who, who_text = self.subject()
        store = _StoreOfView(view)
        for ask in self.asks:
            word, _, group = ask.resource.partition(".")
            kind = resolve_kind(ask.resource) or resolve_kind(word)
            resource, group = (kind.plural, kind.group) if kind is not None else (word, group)
            attrs = Attributes(who, ask.verb, resource, group, ask.subresource, ask.namespace or "", ask.name)
            allowed = authorize(store, attrs).allowed  # type: ignore[arg-type]
            if allowed != ask.allowed:
                what = f"{ask.verb} {resource}{'.' + group if group else ''}" \
                       f"{'/' + ask.subresource if ask.subresource else ''}{' ' + ask.name if ask.name else ''}"
                where = f"in namespace {ask.namespace}" if ask.namespace else "cluster-wide"
                where_ko = f"{ask.namespace} 네임스페이스에서" if ask.namespace else "클러스터 전체에서"
                if ask.allowed:
                    return Finding(False, f"{who_text} cannot {what} {where}",
                                   f"{who_text}: {where_ko} {what} 불가", gap=1)
                return Finding(False, f"{who_text} can {what} {where}, which it should not",
                               f"{who_text}: {where_ko} {what} 가능 (허용되면 안 됨)", gap=1)
        return Finding(True, f"{who_text} {{is}} allowed exactly what it should be ({len(self.asks)} checks)",
                       f"{who_text}: 허용·거부가 모두 기대대로 ({len(self.asks)}개 확인)")
class KubeconfigContext(ObjectiveBase):
    """The player's kubeconfig: a context (the current one when `context` is unset) exists, is
    the current one (`current`), defaults to `namespace`, reaches one of kubetui's API servers
    (`reachable`: its cluster's server URL is one kubectl can connect to), and authenticates as
    `user` (the name its credentials prove: a client certificate's CN, checked against the
    cluster CA and its key). Judges what kubectl would do, whichever `config` commands got it
    there."""

    type: Literal["kubeconfigContext"]
    context: str | None = None
    current: bool = False
    namespace: str | None = None
    reachable: bool = False
    user: str | None = None

    def check(self, view, figures, tick):
        from pathlib import Path

        from kubetui.kubectl.kubeconfig import IdentityError, identity

        config = view.kubeconfig
        name = self.context or config.current_context
        if not name or name not in config.contexts:
            return Finding(False, f"context {name or '(current)'} {{does}} not exist",
                           f"컨텍스트 {name or '(현재)'} 없음", gap=1)
        if self.current and config.current_context != name:
            return Finding(False, f"the current context {{is}} {config.current_context or '(none)'}, not {name}",
                           f"현재 컨텍스트가 {name}이(가) 아니라 {config.current_context or '(없음)'}", gap=1)
        if self.namespace is not None and config.namespace(name) != self.namespace:
            return Finding(False, f"context {name} defaults to namespace {config.namespace(name)}, "
                                  f"not {self.namespace}",
                           f"컨텍스트 {name}의 기본 네임스페이스가 {self.namespace}이(가) 아니라 "
                           f"{config.namespace(name)}", gap=1)
        if self.reachable:
            from kubetui.kubectl import server_unreachable

            why = server_unreachable(view, config, name)
            if why:
                return Finding(False, f"context {name} cannot reach its cluster: {why}",
                               f"컨텍스트 {name}이(가) 클러스터에 연결할 수 없음: {why}", gap=1)
        if self.user is not None:
            def read(path: str) -> bytes:
                return (Path(view.cwd) / path).read_bytes()

            target = config.cluster(name)
            seed = view.cluster_named(target).seed if target in (view.members or {}) else view.seed
            try:
                who = identity(config, name, seed=seed, read_file=read).name
            except (IdentityError, OSError) as exc:
                who = f"nobody ({exc})"
            if who != self.user:
                return Finding(False, f"context {name} authenticates as {who}, not {self.user}",
                               f"컨텍스트 {name}의 사용자가 {self.user}이(가) 아니라 {who}", gap=1)
        return Finding(True, f"context {name} {{is}} as required", f"컨텍스트 {name}이(가) 요구대로 설정됨")
class IngressRoutes(ObjectiveBase):
    """A request for `host` + `path` sent to the cluster's ingress controller gets `status`
    (200: one of `service`'s pods answers it; 404: no rule matches; 503: the rule's backend has
    no ready endpoint on that port), judged through the simulated network."""

    type: Literal["ingressRoutes"]
    host: str = ""
    """The request's Host header ("" for a request by address: only rules without a host match)."""
    path: str = "/"
    service: str | None = None
    """The Service the request must reach (checked when `status` is 200)."""
    namespace: str = "default"
    status: Literal[200, 404, 503] = 200

    def check(self, view, figures, tick):
        network = getattr(view, "network", None)
        if network is None:
            return Finding(False, "requests cannot be sent here", "여기서는 요청을 보낼 수 없음", gap=1)
        status, backend, why = network.http_via_ingress(self.host, self.path)
        from kubetui.engine.network.loadbalancer import INGRESS_NGINX_IP

        url = f"http://{self.host or INGRESS_NGINX_IP}{self.path}"
        got = f"HTTP {status}" + (f" from {backend}" if status == 200 else "") + (f" ({why})" if why else "")
        want_backend = f"{self.namespace}/{self.service}" if self.service else None
        if status == self.status and (self.status != 200 or want_backend in (None, backend)):
            return Finding(True, f"{url} {{gets}} {got}", f"{url} → {got}")
        want = f"HTTP {self.status}" + (f" from {want_backend}" if self.status == 200 and want_backend else "")
        return Finding(False, f"{url} {{gets}} {got}, not {want}", f"{url} → {got} ({want} 아님)", gap=1)


class DebugContainer(ObjectiveBase):
    """A running pod got a debug container without being restarted: an ephemeral container
    that has started (its image given by `image`, when set) and, with `target`, shares that
    container's processes (it targets it, or the pod shares one process namespace). A copy of
    the pod, or the pod deleted and made again, is not the pod the player was asked to debug."""

    type: Literal["debugContainer"]
    name: str
    namespace: str = "default"
    target: str | None = None
    image: str | None = None

    def check(self, view, figures, tick):
        ref = _ref("Pod", self.name, self.namespace)
        pod = _lookup(view, "Pod", self.name, self.namespace)
        t = self._track
        if t.kept is None and pod is not None:
            t.kept = {"uid": _uid(pod)}
        if pod is None or (t.kept or {}).get("uid") != _uid(pod):
            return Finding(False, f"{ref} {{is}} not the pod that ran at the start", f"{ref}: 처음의 그 Pod가 아님",
                           gap=1)
        spec, status = pod.get("spec") or {}, pod.get("status") or {}
        restarts = sum(int(s.get("restartCount") or 0) for s in status.get("containerStatuses") or [])
        started = {s.get("name") for s in status.get("ephemeralContainerStatuses") or []
                   if "running" in (s.get("state") or {}) or "terminated" in (s.get("state") or {})}
        fits = [c for c in spec.get("ephemeralContainers") or [] if c.get("name") in started
                and (self.image is None or str(c.get("image", "")).split(":")[0].split("/")[-1] == self.image)
                and (self.target is None or c.get("targetContainerName") == self.target
                     or spec.get("shareProcessNamespace"))]
        if restarts:
            return Finding(False, f"{ref} {{has}} restarted containers", f"{ref}: 컨테이너가 재시작됨", gap=1)
        if not fits:
            what = "started ephemeral container" + (f" of {self.image}" if self.image else "") + (
                f" that sees {self.target}'s processes" if self.target else "")
            return Finding(False, f"{ref} {{has}} no {what}", f"{ref}: 조건에 맞는 임시(ephemeral) 컨테이너 없음",
                           gap=1)
        return Finding(True, f"{ref} {{has}} debug container {fits[0]['name']}",
                       f"{ref}: 디버그 컨테이너 {fits[0]['name']} 있음")


class ContainerFile(ObjectiveBase):
    """A file in a running container holds a text (`contains`): what the container itself sees,
    however it got there (`kubectl cp`, an exec, a volume)."""

    type: Literal["containerFile"]
    name: str
    namespace: str = "default"
    container: str | None = None
    path: str
    contains: str

    def check(self, view, figures, tick):
        ref = _ref("Pod", self.name, self.namespace)
        kubelet = getattr(view, "kubelet", None)
        rt = kubelet.runtime(self.namespace, self.name) if kubelet is not None else None
        running = [c for c in (rt.containers if rt else []) if c.state == "running" and not c.init
                   and (self.container is None or c.name == self.container)]
        if not running:
            return Finding(False, f"{ref} {{has}} no running container", f"{ref}: 실행 중인 컨테이너 없음", gap=1)
        fs = running[0].fs
        try:
            text = fs.read(self.path) if fs is not None else None
        except Exception:
            text = None
        if text is None:
            return Finding(False, f"{ref} {{has}} no file {self.path}", f"{ref}: {self.path} 파일 없음", gap=1)
        if self.contains not in text:
            return Finding(False, f"{ref} {self.path} {{does}} not hold {self.contains!r}",
                           f"{ref}: {self.path}에 {self.contains!r} 없음", gap=1)
        return Finding(True, f"{ref} {self.path} {{holds}} {self.contains!r}",
                       f"{ref}: {self.path}에 {self.contains!r} 있음")


class PortForwarded(ObjectiveBase):
    """A request through a `kubectl port-forward` (kubetui's kubectl and `curl localhost:PORT`, or
    the real kubectl through `kubetui serve`) reached a pod matching `selector` in `namespace` and
    got `status` for `path`: the player's machine reached the app, however the forward was made
    (pod, Deployment or Service, any local port)."""

    type: Literal["portForwarded"]
    namespace: str = "default"
    selector: str | None = None
    """Labels the pod the request reached must have (unset: any pod of the namespace)."""
    port: int | None = None
    """The pod's port the forward went to (unset: any)."""
    path: str = "/"
    status: int = 200

    def check(self, view, figures, tick):
        from kubetui.kubectl.localhost import forwarded

        selector = parse_selector(self.selector) if self.selector else None
        where = f"pods {self.selector} in {self.namespace}" if self.selector else f"a pod in {self.namespace}"
        where_ko = f"{self.namespace}의 {self.selector} Pod" if self.selector else f"{self.namespace}의 Pod"
        reached = [f for f in forwarded(view) if f["namespace"] == self.namespace
                   and (selector is None or selector.matches(f["labels"]))
                   and (self.port is None or f["port"] == self.port)]
        if not reached:
            return Finding(False, f"no request through a port-forward {{has}} reached {where}",
                           f"포트 포워딩으로 {where_ko}에 닿은 요청이 없음", gap=1)
        asked = [f for f in reached if f["path"].split("?")[0] == self.path]
        if any(f["status"] == self.status for f in asked):
            return Finding(True, f"a request for {self.path} through a port-forward got {self.status} from {where}",
                           f"포트 포워딩으로 {where_ko}에 보낸 {self.path} 요청이 {self.status} 응답을 받음")
        got = ", ".join(f"{f['path']} → {f['status'] or 'no answer'}" for f in reached[-3:])
        return Finding(False, f"no request for {self.path} through a port-forward got {self.status} from {where} "
                              f"({got})",
                       f"포트 포워딩으로 {where_ko}에 보낸 {self.path} 요청 중 {self.status} 응답이 없음 ({got})", gap=1)


Objective = Annotated[
    Union[AvailableReplicas, ServiceSuccessRate, NoPodPendingLongerThan, PodsSucceeded, PodsReady,
          NodesReady, FieldEquals, DataSurvived, QuotaHeadroom, QuotaHard, CostBudget, JobRuns, NoPrivilegedPods,
          ObjectExists, ObjectAbsent, ContainerField, LabelsEqual, ServiceSelects, PodsOnDistinctNodes,
          ConfigMapKeyEquals, SecretKeyEquals, NodeCordoned, HpaTargets, PvcBound, Connection, NameResolves,
          ErrorBudget,
          NoContainerEscape, PodsPlaced, ToleratesTaint, VolumeMounted, ServiceAccountToken, PodsUndisturbed,
          ContainerOutput,
          NoPodsStranded, Admits, CanI, TokenAuthenticates, KubeconfigContext,
          IngressRoutes, ContainerEnv, JobsNeverOverlap, DebugContainer, ContainerFile, PortForwarded],
    Field(discriminator="type"),
]
"""Any objective; the `type` field picks the model."""

OBJECTIVE_TYPES: dict[str, type[ObjectiveBase]] = {
    get_args(cls.model_fields["type"].annotation)[0]: cls for cls in get_args(get_args(Objective)[0])
}
"""`type` value -> model, for docs and the loader's cross-checks."""
