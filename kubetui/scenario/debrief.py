"""The debrief of one run: what happened in it, then the lesson, then other ways to win.

"What happened" is built only from what the run recorded (its `RunPath`: the commands logged,
the Events, the objectives' changes of state), so it never names a command the player did not
run, and a replayed log, read back into a `RunPath`, tells the same story as the live run did.
The session keeps a `RunPath` as it plays; `kubetui replay` reads one from the event log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kubetui.scenario.schema import Scenario

PLAYER_SOURCES = ("player", "script", "api")
"""Who a command was typed by: the player at the command bar, the player's script, or the
player's own kubectl through the HTTP API. `timeline` commands are the scenario's own."""

NOTABLE_NORMAL = frozenset({"NodeNotReady", "NodeReady", "RemovingNode", "TaintManagerEviction", "Preempted",
                            "TriggeredScaleUp", "ScaleDown", "SuccessfulRescale", "ContainerEscapeBlocked"})
"""Normal Events worth telling (every Warning is): a node lost or back, evictions, autoscaling."""

MAX_EVENT_LINES = 10
MAX_COMMAND_LINES = 40
MAX_CHANGES_PER_OBJECTIVE = 4


@dataclass
class RunPath:
    """What one run recorded, in the event log's own record shapes (dicts)."""

    commands: list[dict] = field(default_factory=list)
    """{tick, source, line} for every command run (scheduled ones marked `scheduled`)."""
    events: list[dict] = field(default_factory=list)
    """{tick, type, reason, object, message, count} of the notable Events."""
    objectives: list[dict] = field(default_factory=list)
    """{tick, objective, state, message}: an objective's state changed."""
    start: int = 0
    """The tick the player got the cluster: what came before (the set-up settling) is not told."""
    end: int | None = None
    final: dict[str, str] = field(default_factory=dict)
    """Objective id -> its final verdict's state, when the run ended with one."""

    def add_command(self, record: dict) -> None:
        req = record.get("request") or (record if "method" in record else None)
        if req is not None:
            line = f"{req.get('method', '')} {req.get('path', '')}" + (f"?{req['query']}" if req.get("query") else "")
            self.commands.append({"tick": record["tick"], "source": record.get("source", "api"), "line": line,
                                  "request": True})
            return
        rec = {"tick": record["tick"], "source": record.get("source", "player"), "line": record.get("line", "")}
        for key in ("scheduled", "cancels", "sends", "finishes"):
            if record.get(key):
                rec[key] = record[key]
        self.commands.append(rec)

    def add_event(self, record: dict) -> None:
        """An Event record, kept only if it is worth telling (a long run makes thousands)."""
        if record.get("type") == "Warning" or record.get("reason") in NOTABLE_NORMAL:
            self.events.append({k: record.get(k) for k in ("tick", "type", "reason", "object", "message", "count")})

    def add_objective(self, tick: int, objective: str, state: str, message: str = "") -> None:
        """An objective's state at `tick`; repeats of its last state are dropped (as the log does)."""
        for rec in reversed(self.objectives):
            if rec["objective"] == objective:
                if rec["state"] == state:
                    return
                break
        self.objectives.append({"tick": tick, "objective": objective, "state": state, "message": message})

    @classmethod
    def from_log(cls, log) -> RunPath:
        """The path an event log (a `replay.reader.Log`) recorded."""
        result = (log.end or {}).get("result")
        result = result if isinstance(result, dict) else {}
        start = result.get("playStart", log.header.get("startTick", 0))
        path = cls(start=start if isinstance(start, int) else 0, end=log.last_tick)
        for c in log.commands:
            path.add_command(c)
        for e in log.events:
            path.add_event(e)
        path.objectives = [{k: o.get(k) for k in ("tick", "objective", "state", "message")} for o in log.objectives]
        if isinstance(result.get("verdicts"), dict):
            path.final = {str(k): str(v) for k, v in result["verdicts"].items()}
        return path

    def player_commands(self) -> list[dict]:
        """The commands the player ran, in order: typed, scripted or sent through the API."""
        return [c for c in self.commands if c["source"] in PLAYER_SOURCES and not c.get("scheduled")
                and not c.get("cancels") and not c.get("sends") and not c.get("finishes") and c["tick"] >= self.start]

    def scenario_commands(self) -> list[dict]:
        """The scenario's own timeline commands after the player got the cluster: its twists."""
        return [c for c in self.commands if c["source"] == "timeline" and c["tick"] >= self.start]


def clock(tick: int) -> str:
    """A tick (one simulated second) as minutes:seconds."""
    return f"{tick // 60}:{tick % 60:02d}"


def when(tick: int, lang: str) -> str:
    return f"틱 {tick} ({clock(tick)})" if lang == "ko" else f"tick {tick} ({clock(tick)})"


def _object(key: str) -> str:
    parts = (key or "").split("/", 2)
    if len(parts) == 3:
        return f"{parts[0]} {parts[1]}/{parts[2]}"
    if len(parts) == 2:
        return f"{parts[0]} {parts[1]}"
    return key or ""


def notable_events(events: Iterable[dict]) -> list[dict]:
    """The Events worth telling, one per (type, reason): first tick, last tick, how many, and the
    first one's object and message."""
    groups: dict[tuple[str, str], dict] = {}
    for e in events:
        kind, reason = e.get("type") or "", e.get("reason") or ""
        if kind != "Warning" and reason not in NOTABLE_NORMAL:
            continue
        g = groups.get((kind, reason))
        if g is None:
            groups[(kind, reason)] = {"tick": e["tick"], "last": e["tick"], "type": kind, "reason": reason,
                                      "object": e.get("object") or "", "message": e.get("message") or "",
                                      "objects": {e.get("object") or ""}, "times": 1}
        else:
            g["last"] = e["tick"]
            g["objects"].add(e.get("object") or "")
            g["times"] += 1
    return sorted(groups.values(), key=lambda g: (g["tick"], g["type"], g["reason"]))


_WORDS = {
    "what": ("What happened in this run", "이번 실행에서 일어난 일"),
    "none": ("You ran no commands: the cluster was left as the scenario made it.",
             "명령을 하나도 실행하지 않았습니다. 클러스터는 시나리오가 만든 그대로였어요."),
    "ran": ("You ran {n} command{s}:", "실행한 명령 {n}개:"),
    "more": ("… and {n} more command{s}", "… 그 밖에 명령 {n}개"),
    "finished": ("You chose to finish at {when}: the rest of the time ran at once.",
                 "{when}에 마치기를 골라, 남은 시간이 한 번에 흘렀습니다."),
    "finished_check": ("You chose to finish at {when}: the cluster was checked as it was.",
                       "{when}에 마치기를 골라, 클러스터를 그 상태 그대로 검사했습니다."),
    "scenario": ("What the scenario did:", "시나리오가 한 일:"),
    "events": ("Notable Events:", "눈여겨볼 이벤트:"),
    "noevents": ("No Warning Events.", "Warning 이벤트는 없었습니다."),
    "moreevents": ("… and {n} more kind{s} of Event", "… 그 밖에 이벤트 {n}종류"),
    "times": (" ×{n}, until {last}", " ×{n}, {last}까지"),
    "objects": (" on {n} objects", ", 대상 {n}개"),
    "objectives": ("Objectives:", "목표:"),
    "lesson": ("The lesson", "배운 것"),
    "other": ("Other ways to win", "다른 해법"),
    "api": (" (through the API)", " (API로)"),
}

_STATES = {
    "passing": ("passing", "통과"),
    "failed": ("failed", "실패"),
    "at-risk": ("at risk", "위험"),
    "pending": ("not decided", "미정"),
}

_AT_END = ("{state} at the end, {when}", "{when}, 끝에서 {state}")

_CHANGES = {
    "passing": ("passing from {when}", "{when}부터 통과"),
    "failed": ("failed at {when}", "{when}에 실패"),
    "at-risk": ("at risk from {when}", "{when}부터 위험"),
}


def word(key: str, lang: str, **kw) -> str:
    """The words of `key` in `lang`; `{s}` makes an English noun plural unless `n` is 1."""
    en, ko = _WORDS[key]
    return (ko if lang == "ko" else en).format(s="" if kw.get("n") == 1 else "s", **kw)


def _state(state: str, lang: str) -> str:
    en, ko = _STATES.get(state, (state, state))
    return ko if lang == "ko" else en


def what_happened(scenario: Scenario | None, path: RunPath, lang: str = "en") -> str:
    """This run's story: the player's commands with their ticks, what the scenario did, the
    notable Events, and when each objective failed or passed. Only what `path` recorded."""
    lines = [word("what", lang)]
    mine = path.player_commands()
    if not mine:
        lines.append(word("none", lang))
    else:
        lines.append(word("ran", lang, n=len(mine)))
        for c in mine[:MAX_COMMAND_LINES]:
            via = word("api", lang) if c.get("request") else ""
            lines.append(f"  {when(c['tick'], lang)}  {c['line']}{via}")
        if len(mine) > MAX_COMMAND_LINES:
            lines.append("  " + word("more", lang, n=len(mine) - MAX_COMMAND_LINES))
    finished = next((c["tick"] for c in path.commands if c.get("finishes")), None)
    if finished is not None:
        timed = scenario is not None and scenario.mode == "scenario"
        lines.append(word("finished" if timed else "finished_check", lang, when=when(finished, lang)))
    theirs = path.scenario_commands()
    if theirs:
        lines.append(word("scenario", lang))
        for c in theirs[:MAX_COMMAND_LINES]:
            lines.append(f"  {when(c['tick'], lang)}  {c['line']}")
    groups = notable_events(e for e in path.events if e["tick"] >= path.start)
    if groups:
        lines.append(word("events", lang))
        for g in groups[:MAX_EVENT_LINES]:
            extra = word("times", lang, n=g["times"], last=when(g["last"], lang)) if g["times"] > 1 else ""
            if len(g["objects"]) > 1:
                extra += word("objects", lang, n=len(g["objects"]))
            lines.append(f"  {when(g['tick'], lang)}  {g['type']} {g['reason']}{extra}: "
                         f"{_object(g['object'])}: {g['message']}")
        if len(groups) > MAX_EVENT_LINES:
            lines.append("  " + word("moreevents", lang, n=len(groups) - MAX_EVENT_LINES))
    else:
        lines.append(word("noevents", lang))
    objective_lines = _objective_lines(scenario, path, lang)
    if objective_lines:
        lines.append(word("objectives", lang))
        lines += objective_lines
    return "\n".join(lines)


def _objective_lines(scenario: Scenario | None, path: RunPath, lang: str) -> list[str]:
    ids = [o.id for o in scenario.objectives] if scenario is not None else []
    for rec in path.objectives:
        if rec["objective"] not in ids:
            ids.append(rec["objective"])
    ids += [i for i in path.final if i not in ids]
    names = {o.id: o.description.get(lang) for o in scenario.objectives} if scenario is not None else {}
    out = []
    for oid in ids:
        changes = _changes(path, oid)
        final = path.final.get(oid) or (changes[-1]["state"] if changes else None)
        if final is None and not changes:
            continue
        mark = "✓" if final == "passing" else "✗" if final == "failed" else "·"
        story = ", ".join(_CHANGES[r["state"]][lang == "ko"].format(when=when(r["tick"], lang))
                          for r in changes[-MAX_CHANGES_PER_OBJECTIVE:])
        if len(changes) > MAX_CHANGES_PER_OBJECTIVE:
            story = "…, " + story
        if final is not None and (not changes or changes[-1]["state"] != final):
            at = when(path.end, lang) if path.end is not None else ""
            last = _AT_END[lang == "ko"].format(state=_state(final, lang), when=at).strip(", ")
            story = f"{story}, {last}" if story else last
        out.append(f"  {mark} {names.get(oid, oid)}: {story}")
        failed = next((r for r in reversed(changes) if r["state"] == "failed" and r.get("message")), None)
        if failed is not None and lang != "ko":
            out.append(f"      {failed['message']}")
    return out


def _changes(path: RunPath, oid: str) -> list[dict]:
    """The objective's turns worth a line: passing and failed, and at risk once it had passed
    (else two "passing from" in a row would hide that it stopped passing in between)."""
    out: list[dict] = []
    passed = False
    for r in path.objectives:
        if r["objective"] != oid:
            continue
        state = r["state"]
        if state in ("passing", "failed") or state == "at-risk" and passed and out and out[-1]["state"] == "passing":
            out.append(r)
            passed = passed or state == "passing"
    return out


def debrief_text(scenario: Scenario, path: RunPath, lang: str = "en") -> str:
    """The whole debrief: what happened in this run, the lesson, other ways to win."""
    parts = [what_happened(scenario, path, lang), f"{word('lesson', lang)}\n{scenario.debrief.get(lang).strip()}"]
    if scenario.otherWays:
        parts.append(word("other", lang) + "\n" + "\n".join(f"- {w.get(lang).strip()}" for w in scenario.otherWays))
    return "\n\n".join(parts)
