"""Re-simulating a run from its event log, and proving that the replay matches it.

The engine is deterministic, so the header (scenario or sandbox, seed) and the commands
rebuild every tick: commands the engine ran at a tick (`scheduled`) are scheduled again;
commands typed between ticks are run once the replay has reached their tick. The log's Events
and checkpoints are then the evidence: `verify` compares them tick by tick and names the first
tick, and the first object, where the replay and the log part ways.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kubetui.replay.reader import Log, LogError
from kubetui.replay.records import (
    describe_key,
    event_record_fields,
    event_signature,
    key_order,
    object_digests,
    object_key,
    request_user,
    short_digest,
    split_key,
)

if TYPE_CHECKING:
    from kubetui.shell import Simulation, TickResult

Factory = Callable[[dict], "Simulation"]
"""Builds the simulation a log starts from, given its header (tests supply their own)."""


def shipped_scenario_roots() -> list[Path]:
    from kubetui.content import scenarios_root

    root = scenarios_root()
    return [root] if root.is_dir() else []


class Replay:
    """A log made ready to re-simulate: its scenario found, its commands sorted for replay."""

    def __init__(self, log: Log, *, factory: Factory | None = None, scenario_path: str | Path | None = None):
        self.log = log
        self.header = log.header
        self.warnings: list[str] = list(log.warnings)
        self.scenario = None
        self._factory = factory
        if factory is None and self.header.get("scenario") is not None:
            self.scenario = self._load_scenario(scenario_path)
        skip_timeline = self.scenario is not None and self.header.get("timeline") == "scheduled"
        commands = [c for c in log.commands if not (skip_timeline and c.get("source") == "timeline")]
        self.scheduled = [c for c in commands if c["scheduled"]]
        self.between = [c for c in commands if not c["scheduled"]]
        """Commands typed between ticks, in the order they ran."""
        self.end_tick = log.last_tick
        self._running: list[tuple[dict, object]] = []
        """Commands started in the background (`rollout status`, `logs -f`) on the first pass,
        with their invocations, until `harvest` keeps what they printed on their records."""

    # -- building ------------------------------------------------------------------------------
    def _load_scenario(self, override: str | Path | None):
        from kubetui.scenario.errors import ScenarioError
        from kubetui.scenario.loader import is_pack_file, load_pack, load_scenario

        sid = self.header["scenario"]
        path = self._find_scenario(sid, override)
        try:
            if is_pack_file(path):
                scenario = next((e for e in load_pack(path) if e.id == sid), None)
                if scenario is None:
                    raise LogError(f"{self.log.path}:1: the exercise pack {path} has no exercise {sid!r}")
            else:
                scenario = load_scenario(path)
        except ScenarioError as exc:
            first = exc.messages[0] if exc.messages else "cannot be loaded"
            raise LogError(f"{self.log.path}:1: scenario {sid!r} cannot be loaded: {first}") from None
        except OSError as exc:
            raise LogError(f"{self.log.path}:1: scenario {sid!r}: {path}: {exc.strerror or exc}") from None
        if scenario.id != sid:
            raise LogError(f"{self.log.path}:1: {path} is scenario {scenario.id!r}, but the log was recorded "
                           f"playing {sid!r}")
        recorded = self.header.get("scenarioSha256")
        if recorded and scenario.sha256 and recorded != scenario.sha256:
            self.warnings.append(
                f"{self.log.path}:1: scenario file {path} changed since this run was recorded (sha256 "
                f"{recorded[:12]}… in the log, {scenario.sha256[:12]}… now); the replay may differ")
        return scenario

    def _find_scenario(self, sid: str, override: str | Path | None) -> Path:
        if override is not None:
            return Path(override)
        tried = []
        recorded = self.header.get("scenarioPath")
        if isinstance(recorded, str) and recorded:
            p = Path(recorded)
            candidates = [p] if p.is_absolute() else [p, Path(self.log.path).parent / p]
            for c in candidates:
                if c.is_file():
                    return c
            tried.append(recorded)
        for root in shipped_scenario_roots():
            for f in sorted(root.rglob("*.y*ml")):
                if f.stem == sid and _scenario_id(f) == sid:
                    return f
            for f in sorted(root.rglob("*.y*ml")):
                if _scenario_id(f) == sid:
                    return f
            tried.append(f"the scenarios in {root}")
        pack = _exercise_pack(sid)
        if pack is not None:
            return pack
        where = "; looked for " + " and ".join(tried) if tried else ""
        raise LogError(f"{self.log.path}:1: scenario {sid!r} not found{where}")

    def base(self) -> Simulation:
        """A fresh simulation as the run began, with the logged scheduled commands scheduled."""
        sim = self._build()
        if len(sim.command_log) != self.header.get("setupCommands", len(sim.command_log)):
            self._warn(
                f"{self.log.path}:1: the run began after {self.header['setupCommands']} setup command(s); "
                f"this build ran {len(sim.command_log)}")
        start = self.header.get("startTick") or 0
        if isinstance(start, int) and start > sim.tick:
            self._warn(f"{self.log.path}:1: the log starts at tick {start}; what happened before that is not in it")
            sim.step(start - sim.tick)
        for c in self.scheduled:
            cwd = c.get("cwd") if isinstance(c.get("cwd"), str) and c.get("cwd") else None
            sim.schedule(c["tick"], c["line"], c.get("stdin"), c.get("source", "timeline"), cwd=cwd)
        return sim

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _build(self) -> Simulation:
        if self._factory is not None:
            return self._factory(self.header)
        seed = self.header.get("seed", 0)
        if self.scenario is None:
            from kubetui.shell import MAX_CLUSTERS, Simulation

            nodes = self.header.get("nodes")
            sim = Simulation(seed=seed, nodes=3 if nodes is None else nodes, addons=self.header.get("addons") or ())
            clusters = self.header.get("clusters")
            if isinstance(clusters, int) and not isinstance(clusters, bool) and 1 < clusters <= MAX_CLUSTERS:
                sim.add_sandbox_clusters(clusters, 3 if nodes is None else nodes)
        else:
            try:
                if self.header.get("timeline") == "scheduled":
                    from kubetui.scenario.setup import simulation_for

                    sim = simulation_for(self.scenario, seed)
                else:
                    from kubetui.scenario.setup import build_simulation

                    sim = build_simulation(self.scenario, seed)
            except Exception as exc:  # a scenario the engine refuses is the user's input, not a crash
                raise LogError(f"{self.log.path}:1: scenario {self.scenario.id!r} cannot be set up: {exc}") from None
        cwd = self.header.get("cwd")
        if isinstance(cwd, str) and Path(cwd).is_dir():
            sim.cwd = cwd
        return sim

    # -- advancing -----------------------------------------------------------------------------
    def advance(self, sim: Simulation, cursor: int, to_tick: int) -> int:
        """Bring `sim` to tick `to_tick`, running the logged commands of ticks up to it.

        `cursor` counts the between-tick commands already run; returns the new count. A command
        that waits (`kubectl rollout status`) may carry the simulation past `to_tick`. What each
        command printed is kept on its record (`_output`), for a screen to show at its tick.
        """
        between = self.between
        while cursor < len(between) and between[cursor]["tick"] <= to_tick:
            rec = between[cursor]
            if rec["tick"] > sim.tick:
                sim.step(rec["tick"] - sim.tick)
            cwd = rec.get("cwd") if isinstance(rec.get("cwd"), str) and rec.get("cwd") else None
            try:
                source = rec.get("source", "player")
                if rec.get("record") == "request":
                    response = sim.request(rec["method"], rec["path"], rec.get("query", ""), rec.get("body", ""),
                                           rec.get("contentType", ""), user=request_user(rec), source=source,
                                           cluster=rec.get("cluster"))
                    rec["_output"] = (json.dumps(response.body), "")
                elif rec.get("background"):
                    started = sim.start(rec["line"], stdin=rec.get("stdin"), source=source, cwd=cwd,
                                        expand=rec.get("expand", False), home=rec.get("home"))
                    if "_output" not in rec:
                        if getattr(started, "terminal", None) is not None:  # a shell: its lines print their own
                            rec["_output"] = ("", "")
                        else:
                            self._running.append((rec, started))
                elif "cancels" in rec:
                    sim.cancel(rec["cancels"], source=source)
                elif rec.get("finishes"):
                    sim.finish(source=source)
                elif "sends" in rec:
                    shell = sim.background.get(rec["sends"])
                    terminal = getattr(shell, "terminal", None)
                    echo = (terminal.prompt if terminal is not None else "") + rec["line"] + "\n"
                    shown = (len(shell.stdout), len(shell.stderr)) if shell is not None else (0, 0)
                    sim.send(rec["sends"], rec["line"], source=source)
                    if shell is not None:
                        out = shell.stdout[shown[0]:]
                        rec["_output"] = (out.removeprefix(echo), shell.stderr[shown[1]:])
                elif "resizes" in rec:
                    columns, rows = rec["line"].split("x")
                    sim.resize(rec["resizes"], int(columns), int(rows), source=source)
                else:
                    result = sim.run(rec["line"], stdin=rec.get("stdin"), source=source, cwd=cwd,
                                     expand=rec.get("expand", False), home=rec.get("home"))
                    rec["_output"] = (result.stdout, result.stderr)
            except (_Diverged, KeyboardInterrupt):
                raise
            except Exception as exc:
                self._warn(f"{self.log.path}:{rec.get('_line', '?')}: the command failed in the replay "
                           f"({type(exc).__name__}: {exc})")
            cursor += 1
        if to_tick > sim.tick:
            sim.step(to_tick - sim.tick)
        return cursor

    def harvest(self) -> None:
        """Keep on each background command's record (`_output`) all it printed by now (the end
        of the run, after a first pass), for a screen to show with the command."""
        for rec, started in self._running:
            rec["_output"] = (started.stdout, started.stderr)
        self._running = []

    def commands_at(self, tick: int) -> list[dict]:
        return [c for c in self.log.commands if c["tick"] == tick]


def _exercise_pack(sid: str) -> Path | None:
    """The shipped exercise pack holding exercise `sid` (an exercise's log names its pack)."""
    from kubetui.content import exercises_root

    root = exercises_root()
    if not root.is_dir():
        return None
    wanted = re.compile(rf"(?m)^\s*(?:-\s+)?id:\s*['\"]?{re.escape(sid)}['\"]?\s*$")
    for f in sorted(root.glob("*.y*ml")):
        try:
            if wanted.search(f.read_text(encoding="utf-8")):
                return f
        except (OSError, UnicodeDecodeError):
            continue
    return None


def _scenario_id(path: Path) -> str | None:
    """The `id:` of a scenario file, read from its first lines without loading it."""
    try:
        with path.open(encoding="utf-8") as f:
            for _, line in zip(range(40), f):
                if line.startswith("id:"):
                    return line[3:].strip().strip("'\"")
    except (OSError, UnicodeDecodeError):
        return None
    return None


# -- verification ------------------------------------------------------------------------------

@dataclass
class Divergence:
    tick: int
    what: str
    """What differs: "state checksum", "Events", "the end"."""
    detail: list[str] = field(default_factory=list)
    command: dict | None = None
    """The last command run before the divergence (the likely cause)."""


@dataclass
class VerifyReport:
    path: str
    ticks: int = 0
    checkpoints: int = 0
    events: int = 0
    divergence: Divergence | None = None
    warnings: list[str] = field(default_factory=list)
    truncated_at: int | None = None
    """The log simply ends at this tick, with no end record (the run stopped: a crash)."""

    @property
    def ok(self) -> bool:
        return self.divergence is None and self.checkpoints > 0

    def text(self) -> str:
        if self.divergence is None:
            if self.checkpoints == 0:
                return f"{self.path}: nothing to verify: the log has no checkpoints\n"
            if self.truncated_at is not None:
                return (f"{self.path}: replay matches up to tick {self.truncated_at}, where the log ends (truncated): "
                        f"{self.checkpoints} checkpoint(s) and {self.events} Event(s)\n")
            return (f"{self.path}: replay matches: {self.checkpoints} checkpoint(s) and {self.events} Event(s) "
                    f"over {self.ticks} tick(s)\n")
        d = self.divergence
        lines = [f"{self.path}: replay diverges at tick {d.tick}: {d.what} differ{'s' if not d.what.endswith('s') else ''}"]
        lines += [f"  {x}" for x in d.detail]
        if d.command is not None:
            c = d.command
            lines.append(f"  last command before it: tick {c['tick']} [{c.get('source', 'player')}] {c['line']}")
        return "\n".join(lines) + "\n"


class _Diverged(Exception):
    def __init__(self, divergence: Divergence):
        super().__init__(divergence.what)
        self.divergence = divergence


class _Checker:
    """Watches the replay tick by tick and compares it with the log's Events and checkpoints."""

    def __init__(self, replay: Replay, sim: Simulation):
        self.replay = replay
        self.sim = sim
        self.log = replay.log
        self.events: dict[int, list[dict]] = {}
        for e in self.log.events:
            self.events.setdefault(e["tick"], []).append(e)
        self.tick_checkpoints: dict[int, list[dict]] = {}
        for c in self.log.checkpoints:
            if c.get("at") == "tick":
                self.tick_checkpoints.setdefault(c["tick"], []).append(c)
        self.expected: dict[str, str] = {}
        self.last_event_tick = self.log.last_tick if self.log.truncated or self.log.end is None else None
        """A log that simply ends (a crash) may hold only part of its last tick's Events."""
        self.complete = False
        """Whether `expected` lists every object (a full checkpoint was read)."""
        self._expected_keys: dict[str, tuple[str, str, str]] = {}
        """`expected`'s keys, each with its (kind, namespace, name), kept up to date once complete."""
        self.compare_events = bool(self.log.events)
        """A log whose Events were left out (or stripped) is checked by its checkpoints alone."""
        self.checked = 0
        self.events_checked = 0
        self.commands_run: list[dict] = []

    def on_command(self, record: dict) -> None:
        self.commands_run.append(record)

    def on_tick(self, result: TickResult) -> None:
        tick = result.tick
        if self.compare_events and tick != self.last_event_tick:
            self._events(tick, result.events)
        for c in self.tick_checkpoints.get(tick, ()):
            self.checkpoint(c)

    def _events(self, tick: int, actual: list[dict]) -> None:
        want = [event_signature(e) for e in self.events.get(tick, ())]
        got = [event_signature(event_record_fields(e)) for e in actual]
        if want != got:
            detail = []
            for i in range(max(len(want), len(got))):
                w = want[i] if i < len(want) else None
                g = got[i] if i < len(got) else None
                if w != g:
                    detail.append(f"the log has:    {_event_text(w)}")
                    detail.append(f"the replay has: {_event_text(g)}")
                    break
            if len(want) != len(got):
                detail.append(f"{len(want)} Event(s) in the log at this tick, {len(got)} in the replay")
            raise _Diverged(Divergence(tick, "Events", detail, self._last_command(tick)))
        self.events_checked += len(want)

    def checkpoint(self, c: dict) -> None:
        if c.get("full"):
            self.expected = {}
            self.complete = True
        for key in c.get("removed", ()):
            self.expected.pop(key, None)
        self.expected.update(c.get("objects", {}))
        if c["tick"] != self.sim.tick:
            raise _Diverged(Divergence(min(c["tick"], self.sim.tick), "the clock",
                                       [f"the log's checkpoint is at tick {c['tick']}, the replay is at tick {self.sim.tick}"],
                                       self._last_command(self.sim.tick)))
        if self.sim.checksum() != c["checksum"]:
            raise _Diverged(Divergence(c["tick"], "state checksum", self._object_diff(), self._last_command(c["tick"])))
        self._digests_match(c)
        self.checked += 1

    def _digests_match(self, c: dict) -> None:
        """The state checksum matched, so every digest the log lists must match too: one that
        does not was edited or damaged in the file, and is reported at its line.

        Read straight from the store's digests by (kind, namespace, name): only the objects the
        checkpoint lists are looked at, and the key sets are compared as sets of tuples."""
        self.sim.store.checksum()
        mine = self.sim.store._digests
        where = f"{self.log.path}:{c.get('_line', '?')}"
        for key, digest in c.get("objects", {}).items():
            ours = _stored(mine, key)
            if ours is None or short_digest(ours) != digest:
                seen = f"the replay's is {short_digest(ours)}" if ours is not None else "the replay has no such object"
                raise _Diverged(Divergence(c["tick"], "a damaged record", [
                    f"{where}: the checkpoint's digest of {describe_key(key)} is {digest!r}, {seen}, while the "
                    "state checksum matches: the record was edited or damaged"]))
        for key in c.get("removed", ()):
            if _stored(mine, key) is not None:
                raise _Diverged(Divergence(c["tick"], "a damaged record", [
                    f"{where}: the checkpoint lists {describe_key(key)} as removed, yet it exists, while the state "
                    "checksum matches: the record was edited or damaged"]))
        if self.complete:
            self._expected_keys_match(c, mine, where)

    def _expected_keys_match(self, c: dict, mine: dict, where: str) -> None:
        """Every object the checkpoints so far list is in the replay, and no other."""
        for key in c.get("removed", ()):
            self._expected_keys.pop(key, None)
        for key in c.get("objects", {}):
            self._expected_keys[key] = split_key(key)
        if c.get("full"):
            self._expected_keys = {key: split_key(key) for key in self.expected}
        keys = set(self._expected_keys.values())
        if len(keys) == len(mine) == len(self._expected_keys) and keys == mine.keys():
            return
        theirs = set(self.expected)
        ours = {object_key(*k) for k in mine}
        for key in sorted(ours ^ theirs, key=key_order):
            how = "is missing from the log's checkpoints" if key in ours else "is in the log's checkpoints only"
            raise _Diverged(Divergence(c["tick"], "a damaged record", [
                f"{where}: {describe_key(key)} {how}, while the state checksum matches: a checkpoint's objects "
                "or removed list up to this line was edited or damaged"]))

    def _object_diff(self) -> list[str]:
        mine = {object_key(*k): short_digest(v) for k, v in object_digests(self.sim).items()}
        keys = sorted(set(mine) | set(self.expected), key=key_order)
        differ = [k for k in keys if mine.get(k) != self.expected.get(k)]
        if not differ:
            return ["every object matches; the engine's own state differs (kubelet runtime, timers or the "
                    "random generator)"]
        first = differ[0]
        if first not in mine:
            how = "in the log, missing from the replay"
        elif first not in self.expected:
            how = "in the replay, not in the log"
        else:
            how = "contents differ"
        out = [f"first object that differs: {describe_key(first)} ({how})"]
        if len(differ) > 1:
            out.append(f"{len(differ)} objects differ in all")
        return out

    def _last_command(self, tick: int) -> dict | None:
        before = [c for c in self.replay.log.commands if c["tick"] <= tick]
        return before[-1] if before else None


def _stored(digests: dict, key: str) -> int | None:
    """The store's digest of the object a log key (`Kind/namespace/name`) names exactly."""
    parts = split_key(key)
    return digests.get(parts) if object_key(*parts) == key else None


def verify(replay: Replay) -> VerifyReport:
    """Re-simulate the log headless and compare every Event and checkpoint with it."""
    report = VerifyReport(replay.log.path)
    sim = replay.base()
    checker = _Checker(replay, sim)
    sim.observers.append(checker)
    try:
        for c in replay.log.checkpoints:
            if c.get("at") == "start":
                if sim.tick != c["tick"]:
                    sim.step(c["tick"] - sim.tick)
                checker.checkpoint(c)
        replay.advance(sim, 0, replay.end_tick)
        for c in replay.log.checkpoints:
            if c.get("at") == "end":
                checker.checkpoint(c)
        end = replay.log.end
        if end is not None and isinstance(end.get("tick"), int) and end["tick"] != sim.tick:
            raise _Diverged(Divergence(min(end["tick"], sim.tick), "the end",
                                       [f"the run ended at tick {end['tick']}, the replay at tick {sim.tick}"]))
    except _Diverged as exc:
        report.divergence = exc.divergence
    if replay.log.end is None and report.divergence is None:
        report.truncated_at = replay.end_tick
        replay.warnings.append(f"{replay.log.path}:{replay.log.lines}: the log ends at tick {replay.end_tick} with no "
                               "end record (truncated: the run stopped there); replayed to its last tick")
    report.ticks = sim.tick
    report.checkpoints = checker.checked
    report.events = checker.events_checked
    report.warnings = replay.warnings
    return report


def _event_text(sig: tuple | None) -> str:
    if sig is None:
        return "(no Event)"
    type_, reason, obj, message, count = sig
    times = f" (x{count})" if count and count != 1 else ""
    return f"{type_} {reason} {obj}: {message}{times}"

