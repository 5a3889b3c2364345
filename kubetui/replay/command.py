"""`kubetui replay`: verify a log, dump its state at a tick, compare it with another run,
show a real cluster's Events, or open it in the UI (a summary when there is no screen).

Exit codes: 0 success, 1 a replay that diverges (or runs that differ, for `--against`),
2 input that cannot be used (`file:line: message` on stderr).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import TextIO

from kubetui.files import write_atomically
from kubetui.replay.reader import LogError, read_log

EXIT_DIVERGED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


def replay_main(log: str | None, *, verify: bool = False, headless: bool = False, at: int | None = None,
                dump: str | None = None, against: str | None = None, events: str | None = None,
                out: TextIO | None = None, err: TextIO | None = None,
                open_ui: Callable[[object], None] | None = None) -> int:
    """`open_ui(session)` shows a ReplaySession on a screen (the UI sits above this layer, so the
    command line hands it in); without it, or without a terminal, a summary is printed."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        return _main(log, verify, headless, at, dump, against, events, out, err, open_ui)
    except LogError as exc:
        err.write(f"{exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return 130
    except Exception as exc:
        if os.environ.get("KUBETUI_DEBUG"):
            raise
        err.write(f"error: the replay failed: {type(exc).__name__}: {exc} (KUBETUI_DEBUG=1 shows where)\n")
        return EXIT_INTERNAL


def _main(log, verify, headless, at, dump, against, events, out, err, open_ui) -> int:
    if events is not None:
        from kubetui.replay.kubeevents import format_events, load_events

        found = load_events(events)
        out.write(format_events(found))
        out.write(f"{len(found)} Event(s), {sum(1 for e in found if e.type == 'Warning')} Warning(s)\n")
        if log is None:
            return 0
    if log is None:
        err.write("error: name an event log to replay (or --events FILE)\n")
        return EXIT_BAD_INPUT
    if at is not None and at < 0:
        err.write(f"error: --at must be a tick ≥ 0, not {at}\n")
        return EXIT_BAD_INPUT

    from kubetui.replay.replayer import Replay

    parsed = read_log(log)
    replay = Replay(parsed)
    code = 0
    if verify:
        from kubetui.replay.replayer import verify as run_verify

        report = run_verify(replay)
        _warn(err, report.warnings)
        out.write(report.text())
        code = 0 if report.ok else EXIT_DIVERGED
    if against is not None:
        from kubetui.replay.ghost import compare

        other = Replay(read_log(against))
        ghost = compare(Replay(parsed), other)
        _warn(err, other.warnings)
        out.write(ghost.text())
        code = code or (EXIT_DIVERGED if ghost.differences else 0)
    if at is not None or dump is not None:
        return code or _at(replay, at, dump, out, err)
    if verify or against is not None:
        return code
    if not headless and open_ui is not None and sys.stdout.isatty() and sys.stdin.isatty():
        from kubetui.replay.session import ReplaySession

        open_ui(ReplaySession(parsed))
        return 0
    _warn(err, replay.warnings)
    out.write(summary(parsed))
    told = debrief(parsed, replay.scenario)
    if told:
        out.write(f"\n{told}\n")
    return 0


def debrief(log, scenario, lang: str | None = None) -> str:
    """The debrief of a scenario's run as its log tells it (in the language it was played in);
    empty for a sandbox or an exercise."""
    from kubetui.scenario.debrief import RunPath, debrief_text

    if scenario is None or scenario.mode != "scenario":
        return ""
    return debrief_text(scenario, RunPath.from_log(log), lang or log.header.get("lang") or "en")


def _at(replay, at: int | None, dump: str | None, out: TextIO, err: TextIO) -> int:
    from kubetui.replay.seeker import Seeker

    seeker = Seeker(replay)
    tick = replay.end_tick if at is None else at
    if tick > replay.end_tick:
        err.write(f"{replay.log.path}: tick {tick} is past the end of the run (tick {replay.end_tick})\n")
        return EXIT_BAD_INPUT
    sim = seeker.seek(tick)
    _warn(err, replay.warnings)
    if dump is not None:
        try:
            write_atomically(dump, json.dumps(sim.dump(), indent=2, sort_keys=True) + "\n")
        except OSError as exc:
            err.write(f"error: {dump}: {exc.strerror or exc}\n")
            return EXIT_BAD_INPUT
        out.write(f"state at tick {sim.tick} written to {dump}\n")
    else:
        out.write(json.dumps({"tick": sim.tick, "figures": sim.figures(), "checksum": sim.checksum()},
                             indent=2, sort_keys=True, default=str) + "\n")
    return 0


def summary(log) -> str:
    """What a log holds, for a reader without a screen."""
    h = log.header
    who = f"scenario {h.get('scenario')}" if h.get("scenario") else f"sandbox of {h.get('nodes')} node(s)"
    warnings = sum(1 for e in log.events if e.get("type") == "Warning")
    lines = [f"{log.path}: {who}, seed {h.get('seed')}, ticks {h.get('startTick', 0) or 0}-{log.last_tick}",
             f"{len(log.commands)} command(s), {len(log.events)} Event(s) ({warnings} Warning), "
             f"{len(log.objectives)} objective change(s), {len(log.checkpoints)} checkpoint(s)"]
    if log.end is not None:
        lines.append(f"end: {json.dumps(log.end.get('result'), sort_keys=True, default=str)}")
    elif log.truncated or log.commands or log.events:
        lines.append("end: none (the run stopped before it ended)")
    for c in log.commands:
        when = f"@{c['tick']}" if c.get("scheduled") else str(c["tick"])
        lines.append(f"  {when:>7}  {c.get('source', 'player'):<8} {c['line']}")
    return "\n".join(lines) + "\n"


def _warn(err: TextIO, warnings: list[str]) -> None:
    for w in warnings:
        err.write(f"warning: {w}\n")
