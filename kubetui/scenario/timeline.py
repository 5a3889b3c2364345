"""A timeline command the cluster refused, told as `file:line: timeline at tick T: COMMAND: error`.

Nobody types a scenario's timeline, so nobody sees it fail: an author whose `sim add-node ''`
or `kubectl apply -f` of a bad file is refused would otherwise only see objectives fail.
"""

from __future__ import annotations

from kubetui.scenario.errors import ScenarioError
from kubetui.scenario.schema import Scenario


def timeline_lines(scenario: Scenario) -> list[int | None]:
    """The line of each timeline entry's `run:` in the scenario's file or the exercise's pack (None
    where the file does not say: a file changed or gone since it was loaded)."""
    from kubetui.scenario.loader import _read_text, read_yaml

    unknown: list[int | None] = [None] * len(scenario.timeline)
    if scenario.path is None:
        return unknown
    try:
        _, text = _read_text(scenario.path)
        doc, lines = read_yaml(text, str(scenario.path))[0]
    except (ScenarioError, IndexError):
        return unknown
    if not isinstance(doc, dict):
        return unknown
    items = doc.get("exercises")
    if isinstance(items, list):  # a pack: the exercise's own lines, or its defaults'
        from kubetui.scenario.loader import _merge

        at = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == scenario.id]
        if len(at) != 1 or not isinstance(doc.get("defaults") or {}, dict):
            return unknown
        doc, lines = _merge(doc.get("defaults") or {}, items[at[0]], lines, at[0])
    if len(doc.get("timeline") or ()) != len(scenario.timeline):
        return unknown
    return [lines.get(("timeline", i, "run"), lines.get(("timeline", i))) for i in range(len(scenario.timeline))]


def entry_of(scenario: Scenario, seed: int, refused: dict) -> int | None:
    """The index of the timeline entry a refused command ({tick, line, stdin, …}) came from."""
    ticks = scenario.timeline_ticks(seed)
    same = [i for i, e in enumerate(scenario.timeline) if e.run == refused["line"] and e.stdin == refused["stdin"]]
    at = [i for i in same if ticks[i] == refused["tick"]] or [i for i in same if ticks[i] <= refused["tick"]] or same
    return at[0] if at else None


def expected(scenario: Scenario, seed: int, refused: dict) -> bool:
    """The refused command's entry says the story expects a refusal (`mayFail`)."""
    i = entry_of(scenario, seed, refused)
    return i is not None and scenario.timeline[i].mayFail


def refusal_message(scenario: Scenario, seed: int, refused: dict, lines: list[int | None]) -> str:
    """One refused timeline command ({tick, line, stdin, exitCode, stderr}, as the door keeps
    them) as a message naming the entry's line."""
    i = entry_of(scenario, seed, refused)
    line = lines[i] if i is not None and i < len(lines) else None
    where = f"{scenario.path}:{line}" if line is not None else str(scenario.path or scenario.id)
    said = next((t for t in str(refused["stderr"]).splitlines() if t.strip()), "")
    said = said or f"exited with code {refused['exitCode']}"
    return f"{where}: timeline at tick {refused['tick']}: {refused['line']}: {said}"
