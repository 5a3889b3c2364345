"""Reading an event log, tolerantly.

The file is streamed line by line and never read whole: a truncated last line (a crash
mid-write) is dropped with a warning, a few corrupted or hand-broken lines are skipped with
warnings, and a file that is mostly garbage stops the read after a handful of bad lines with
`file:line: message`. Records moved around by hand are put back in order by tick and `seq`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kubetui import __version__
from kubetui.engine.addons import ADDONS
from kubetui.model.clock import MAX_TICK
from kubetui.model.safe_yaml import MAX_LOG_BYTES, InputError, decode_utf8, load_json
from kubetui.replay.records import FORMAT_VERSION, RECORD_TYPES, stdin_of

MAX_LINE = 8 * 1024 * 1024
"""Longer lines are not records of this format (a manifest on stdin is far smaller)."""
MAX_HEADER_LINE = 64 * 1024
MAX_NODES = 5000
"""A sandbox's workers, as a scenario's (Kubernetes' largest supported cluster)."""
MAX_BAD_LINES = 5
"""How many unreadable lines are skipped before the file is declared not a log."""


class LogError(Exception):
    """The log cannot be read (or replayed); the message is `file:line: message`."""


@dataclass
class Log:
    path: str
    header: dict
    commands: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    objectives: list[dict] = field(default_factory=list)
    hints: list[dict] = field(default_factory=list)
    """Hints revealed, in order: {tick, used}."""
    checkpoints: list[dict] = field(default_factory=list)
    end: dict | None = None
    warnings: list[str] = field(default_factory=list)
    """`file:line: message` for every line skipped."""
    truncated: bool = False
    """The last line was cut short (the run crashed mid-write)."""
    lines: int = 0

    @property
    def last_tick(self) -> int:
        """The last tick the log knows of: its end, or its last record."""
        if self.end is not None and isinstance(self.end.get("tick"), int):
            return self.end["tick"]
        ticks = [self.header.get("startTick", 0) or 0]
        for records in (self.commands, self.events, self.objectives, self.hints, self.checkpoints):
            if records:
                ticks.append(max(r["tick"] for r in records))
        return max(ticks)

    @property
    def scenario(self) -> str | None:
        return self.header.get("scenario")

    def where(self, rec: dict | None = None) -> str:
        return f"{self.path}:{rec.get('_line', 1) if rec else 1}"


def read_log(path: str | Path) -> Log:
    """Read the log at `path`; raises LogError with `file:line: message` if it cannot be used."""
    p = Path(path)
    name = str(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            raise LogError(f"{name}:1: not a regular file")
        if info.st_size > MAX_LOG_BYTES:
            os.close(fd)
            raise LogError(f"{name}:1: file too large: {info.st_size} bytes (the limit is {MAX_LOG_BYTES})")
        f = os.fdopen(fd, "rb")
    except IsADirectoryError:
        raise LogError(f"{name}: is a directory, not an event log") from None
    except FileNotFoundError:
        raise LogError(f"{name}: no such file") from None
    except OSError as exc:
        raise LogError(f"{name}: {exc.strerror or exc}") from None
    with f:
        log = _read(f, name)
    _order(log)
    return log


def _read(f, name: str) -> Log:
    raw = f.readline(MAX_HEADER_LINE + 1)
    if not raw:
        raise LogError(f"{name}:1: empty file: an event log starts with a header line")
    if len(raw) > MAX_HEADER_LINE and not raw.endswith(b"\n"):
        raise LogError(f"{name}:1: not a kubetui event log (the first line is not a header record)")
    header = _header(raw, name)
    log = Log(name, header, lines=1)
    bad = 0
    lineno = 1
    while True:
        raw = f.readline(MAX_LINE + 1)
        if not raw:
            break
        lineno += 1
        log.lines = lineno
        too_long = len(raw) > MAX_LINE and not raw.endswith(b"\n")
        last = not too_long and not raw.endswith(b"\n")
        if too_long:
            _skip_rest_of_line(f)
            problem = f"line longer than {MAX_LINE // (1024 * 1024)} MiB"
        else:
            if not raw.strip():
                continue
            problem = _add(log, raw, lineno)
        if problem is None:
            continue
        if last:
            log.truncated = True
            log.warnings.append(f"{name}:{lineno}: last line is cut short (the run stopped mid-write); ignored")
            break
        bad += 1
        log.warnings.append(f"{name}:{lineno}: {problem}; line skipped")
        if bad >= MAX_BAD_LINES:
            raise LogError(f"{name}:{lineno}: {problem}; {bad} unreadable lines, giving up "
                           "(is this a kubetui event log?)")
    return log


def _skip_rest_of_line(f) -> None:
    while True:
        chunk = f.readline(1024 * 1024)
        if not chunk or chunk.endswith(b"\n"):
            return


def _json_line(raw: bytes, name: str, lineno: int):
    """One line's JSON value, bounded as every file kubetui reads (`safe_yaml`)."""
    return load_json(decode_utf8(raw, name), name, lineno)


def _header(raw: bytes, name: str) -> dict:
    try:
        header = _json_line(raw, name, 1)
    except InputError:
        raise LogError(f"{name}:1: not a kubetui event log (the first line is not a JSON header record)") from None
    if not isinstance(header, dict) or header.get("record") != "header":
        found = header.get("record") if isinstance(header, dict) else type(header).__name__
        raise LogError(f"{name}:1: not a kubetui event log (expected a header record first, found {found!r})")
    version = header.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise LogError(f"{name}:1: the header has no format version (expected \"format\": {FORMAT_VERSION})")
    if version > FORMAT_VERSION:
        raise LogError(f"{name}:1: event log format {version} is newer than this kubetui ({__version__}) reads "
                       f"(format {FORMAT_VERSION}); upgrade kubetui to replay it")
    if version < 1:
        raise LogError(f"{name}:1: unknown event log format {version} (this kubetui reads format {FORMAT_VERSION})")
    seed = header.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise LogError(f"{name}:1: the header's seed must be an integer, not {seed!r}")
    nodes = header.get("nodes")
    if nodes is not None and (not isinstance(nodes, int) or isinstance(nodes, bool) or nodes < 0):
        raise LogError(f"{name}:1: the header's nodes must be a whole number, not {nodes!r}")
    if nodes is not None and nodes > MAX_NODES:
        raise LogError(f"{name}:1: the header's nodes must be at most {MAX_NODES}, not {nodes}")
    addons = header.get("addons")
    if addons is not None and (not isinstance(addons, list) or any(a not in ADDONS for a in addons)):
        raise LogError(f"{name}:1: the header's addons must be a list of {', '.join(ADDONS)}, not {addons!r}")
    for key in ("scenario", "scenarioPath", "scenarioSha256", "cwd"):
        if header.get(key) is not None and not isinstance(header[key], str):
            raise LogError(f"{name}:1: the header's {key} must be text or null, not {header[key]!r}")
    start = header.get("startTick")
    if start is not None and (not isinstance(start, int) or isinstance(start, bool) or not 0 <= start <= MAX_TICK):
        raise LogError(f"{name}:1: the header's startTick must be a tick from 0 to {MAX_TICK}, not {start!r}")
    return header


def _add(log: Log, raw: bytes, lineno: int) -> str | None:
    """File one line's record; returns what is wrong with it, or None."""
    try:
        rec = _json_line(raw, log.path, lineno)
    except InputError as exc:
        return f"not a JSON record ({exc.message})"
    if not isinstance(rec, dict):
        return "not a JSON object"
    kind = rec.get("record")
    if kind == "header":
        return "a second header record"
    if kind not in RECORD_TYPES:
        log.warnings.append(f"{log.path}:{lineno}: unknown record type {kind!r}; skipped")
        return None
    tick = rec.get("tick")
    if kind == "end" and tick is None:
        pass
    elif not isinstance(tick, int) or isinstance(tick, bool) or not 0 <= tick <= MAX_TICK:
        return f"{kind} record needs a tick (a whole number from 0 to {MAX_TICK}), not {tick!r}"
    seq = rec.get("seq")
    if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool)):
        return f"{kind} record's seq must be a whole number, not {seq!r}"
    rec["_line"] = lineno
    if kind == "command":
        if not isinstance(rec.get("line"), str):
            return "command record needs a line (the command as typed)"
        if rec.get("stdin") is not None and not isinstance(rec["stdin"], str):
            return "command record's stdin must be text or null"
        if "stdinBase64" in rec:
            if not isinstance(rec["stdinBase64"], str) or rec.get("stdin") is not None:
                return "command record's stdinBase64 must be base64 text, with stdin null"
            try:
                rec["stdin"] = stdin_of(rec)
            except ValueError:
                return "command record's stdinBase64 is not base64"
            del rec["stdinBase64"]
        if not isinstance(rec.get("source", "player"), str):
            return "command record's source must be text"
        if not isinstance(rec.get("scheduled", False), bool):
            return "command record's scheduled must be true or false"
        if not isinstance(rec.get("background", False), bool):
            return "command record's background must be true or false"
        if not isinstance(rec.get("expand", False), bool):
            return "command record's expand must be true or false"
        if "home" in rec and not (isinstance(rec["home"], str) and rec["home"]):
            return "command record's home must be a folder (the text `~` expanded to)"
        if "cancels" in rec and (not isinstance(rec["cancels"], int) or isinstance(rec["cancels"], bool)):
            return "command record's cancels must be a command's seq (a whole number)"
        if "sends" in rec and (not isinstance(rec["sends"], int) or isinstance(rec["sends"], bool)):
            return "command record's sends must be a command's seq (a whole number)"
        if "resizes" in rec and (not isinstance(rec["resizes"], int) or isinstance(rec["resizes"], bool)
                                 or not re.fullmatch(r"[1-9][0-9]{0,4}x[1-9][0-9]{0,4}", rec["line"])):
            return "command record's resizes must be a command's seq, its line the size (COLUMNSxROWS)"
        if "finishes" in rec and rec["finishes"] is not True:
            return "command record's finishes must be true"
        rec.setdefault("source", "player")
        rec.setdefault("stdin", None)
        rec.setdefault("scheduled", False)
        log.commands.append(rec)
    elif kind == "request":
        for key in ("method", "path"):
            if not isinstance(rec.get(key), str) or not rec[key]:
                return f"request record needs a {key}"
        for key in ("query", "contentType", "body", "user", "source", "cluster"):
            if not isinstance(rec.get(key, ""), str):
                return f"request record's {key} must be text"
        groups = rec.get("groups", [])
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            return "request record's groups must be a list of text"
        rec.setdefault("source", "api")
        rec["scheduled"] = False
        rec["line"] = f"{rec['method']} {rec['path']}" + (f"?{rec['query']}" if rec.get("query") else "")
        log.commands.append(rec)
    elif kind == "event":
        for key in ("type", "reason", "object", "message"):
            if not isinstance(rec.get(key, ""), str):
                return f"event record's {key} must be text"
        log.events.append(rec)
    elif kind == "objective":
        if not isinstance(rec.get("objective"), str) or not isinstance(rec.get("state"), str):
            return "objective record needs an objective id and a state"
        log.objectives.append(rec)
    elif kind == "hint":
        used = rec.get("used")
        if not isinstance(used, int) or isinstance(used, bool) or used < 1:
            return "hint record needs used (how many hints were revealed, a whole number ≥ 1)"
        log.hints.append(rec)
    elif kind == "checkpoint":
        if not isinstance(rec.get("checksum"), str):
            return "checkpoint record needs a checksum"
        if not isinstance(rec.get("objects", {}), dict) or not isinstance(rec.get("removed", []), list):
            return "checkpoint record's objects must be a map and removed a list"
        rec.setdefault("at", "tick")
        log.checkpoints.append(rec)
    elif kind == "end":
        if log.end is not None:
            log.warnings.append(f"{log.path}:{lineno}: a second end record; the first one counts")
        else:
            log.end = rec
    return None


def _order(log: Log) -> None:
    """Put records back in the order they were written (tick, then seq, then line)."""
    def key(r: dict) -> tuple:
        seq = r.get("seq")
        return (r["tick"], seq if seq is not None else float("inf"), r["_line"])

    for records in (log.commands, log.events, log.objectives, log.hints):
        records.sort(key=key)
    at_rank = {"start": 0, "tick": 1, "end": 2}
    log.checkpoints.sort(key=lambda r: (r["tick"], at_rank.get(r.get("at"), 1),
                                        r.get("seq") if r.get("seq") is not None else float("inf"), r["_line"]))
