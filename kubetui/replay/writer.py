"""Writing the event log of a run, as a Simulation observer.

    log = EventLog(path, {"scenario": sc.id, "scenarioPath": path, "scenarioSha256": sc.sha256,
                          "seed": 7, "nodes": None, "lang": "en"})
    log.attach(sim)            # header + a first checkpoint; then every command and tick
    ...
    log.objective(sim.tick, "web-up", "passing", "3 of 3 replicas available")
    log.end({"passed": True, "score": {...}})

Every record is one whole line written with one `write` and flushed at once (a tick's records
go out together), so a crash loses at most the line being written. See `records` for the format.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kubetui import __version__
from kubetui.replay.records import FORMAT_VERSION, digest_delta, event_record_fields, object_digests, stdin_base64

if TYPE_CHECKING:
    from kubetui.shell import Simulation, TickResult

CHECKPOINT_EVERY = 10


class EventLog:
    """Writes one run's event log: commands, Events, objective changes, checkpoints, the end.

    Attach it with `attach(sim)` (it needs the simulation for checkpoints); appended to
    `sim.observers` by hand it still logs commands and Events, without checkpoints.
    """

    def __init__(self, path: str | Path, header: dict | None = None, *, sim: Simulation | None = None,
                 checkpoint_every: int = CHECKPOINT_EVERY):
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = self.path.open("w", encoding="utf-8", newline="\n")
        self.checkpoint_every = max(1, int(checkpoint_every))
        self.header: dict[str, Any] = {
            "record": "header", "format": FORMAT_VERSION, "kubetui": __version__,
            "scenario": None, "scenarioPath": None, "scenarioSha256": None, "nodes": None,
            "seed": 0, "lang": "en", "timeline": "logged", "checkpointEvery": self.checkpoint_every,
            **(header or {}),
        }
        if self.header.get("scenarioPath"):
            self.header["scenarioPath"] = os.path.abspath(self.header["scenarioPath"])
        self.sim: Simulation | None = None
        self._seq = 0
        self._header_written = False
        self._digests: dict = {}
        self._checkpoint_due = False
        self._objective_states: dict[str, str] = {}
        self._last_cwd: str | None = None
        if sim is not None:
            self.attach(sim)

    # -- wiring --------------------------------------------------------------------------------
    def attach(self, sim: Simulation) -> EventLog:
        """Start logging `sim`: the header, then a full checkpoint of the state as it is now."""
        self.sim = sim
        self.header["startTick"] = sim.tick
        self.header["setupCommands"] = len(sim.command_log)
        self.header["cwd"] = os.path.abspath(sim.cwd)
        if self not in sim.observers:
            sim.observers.append(self)
        self._write_header()
        self._emit([self._checkpoint("start", full=True)])
        return self

    def detach(self) -> None:
        if self.sim is not None and self in self.sim.observers:
            self.sim.observers.remove(self)

    # -- the observer protocol -----------------------------------------------------------------
    def on_command(self, record: dict) -> None:
        if "request" in record:
            self._checkpoint_due = True
            self._emit([{"record": "request", "tick": record["tick"], "seq": self._next(),
                         "source": record.get("source", "api"), **record["request"]}])
            return
        rec = {"record": "command", "tick": record["tick"], "seq": self._next(), "source": record.get("source", "player"),
               "line": record["line"], "stdin": record.get("stdin"), "scheduled": bool(record.get("scheduled"))}
        binary = stdin_base64(rec["stdin"])
        if binary is not None:
            rec["stdin"], rec["stdinBase64"] = None, binary
        if record.get("background"):
            rec["background"] = True
        if record.get("expand"):
            rec["expand"] = True
        if "home" in record:
            rec["home"] = record["home"]
        if "cancels" in record:
            rec["cancels"] = record["cancels"]
        if "sends" in record:
            rec["sends"] = record["sends"]
        if "resizes" in record:
            rec["resizes"] = record["resizes"]
        if record.get("finishes"):
            rec["finishes"] = True
        cwd = record.get("cwd") or (self.sim.cwd if self.sim is not None else None)
        if cwd is not None:
            rec["cwd"] = os.path.abspath(cwd)
        if not rec["scheduled"]:
            self._checkpoint_due = True
        self._emit([rec])

    def on_tick(self, result: TickResult) -> None:
        lines = [{"record": "event", "tick": result.tick, "seq": self._next(), **event_record_fields(ev)}
                 for ev in result.events]
        if self.sim is not None and (self._checkpoint_due or result.tick % self.checkpoint_every == 0):
            lines.append(self._checkpoint("tick"))
            self._checkpoint_due = False
        if lines:
            self._emit(lines)

    # -- what the game adds ------------------------------------------------------------------
    def objective(self, tick: int, objective: str, state: str, message: str = "") -> None:
        """An objective's state changed (the runner or the UI calls this; repeats are dropped)."""
        if self._objective_states.get(objective) == state:
            return
        self._objective_states[objective] = state
        self._emit([{"record": "objective", "tick": tick, "seq": self._next(), "objective": objective,
                     "state": state, "message": message}])

    def objectives(self, tick: int, statuses) -> None:
        """Log the changes among `statuses` (objects with `id`, `state` and `reason`)."""
        for s in statuses:
            reason = getattr(s, "reason", "")
            message = getattr(reason, "en", reason)
            self.objective(tick, s.id, s.state, message if isinstance(message, str) else str(message))

    def hint(self, tick: int, used: int) -> None:
        """The player revealed a hint: `used` of the scenario's hints are now shown."""
        self._emit([{"record": "hint", "tick": tick, "seq": self._next(), "used": used}])

    def end(self, result: Any = None, score: Any = None) -> None:
        """The run is over: a last checkpoint, the result, and the file closed."""
        if self._file is None:
            return
        lines = []
        if self.sim is not None:
            lines.append(self._checkpoint("end"))
        tick = self.sim.tick if self.sim is not None else None
        end = {"record": "end", "tick": tick, "seq": self._next(), "result": result}
        if score is not None:
            end["score"] = score
        lines.append(end)
        self._emit(lines)
        self.close()

    def close(self) -> None:
        self.detach()
        if self._file is not None:
            if not self._header_written:
                self._write_header()
            self._file.close()
            self._file = None

    # -- internals -----------------------------------------------------------------------------
    def _next(self) -> int:
        self._seq += 1
        return self._seq

    def _checkpoint(self, at: str, *, full: bool = False) -> dict:
        sim = self.sim
        assert sim is not None
        digests = object_digests(sim)
        changed, removed = digest_delta({} if full else self._digests, digests)
        self._digests = digests
        return {"record": "checkpoint", "tick": sim.tick, "seq": self._next(), "at": at,
                "checksum": sim.checksum(), "objects": changed, "removed": removed, "full": full}

    def _write_header(self) -> None:
        self._header_written = True
        self._write(json.dumps(self.header, default=_jsonable, ensure_ascii=False) + "\n")

    def _emit(self, records: list[dict]) -> None:
        if self._file is None:
            return
        if not self._header_written:
            self._write_header()
        self._write("".join(json.dumps(r, default=_jsonable, ensure_ascii=False) + "\n" for r in records))

    def _write(self, text: str) -> None:
        assert self._file is not None
        self._file.write(text)
        self._file.flush()

    def __deepcopy__(self, memo):
        """A copied simulation does not write into this run's log."""
        return _Silent()

    def __reduce__(self):
        return (_Silent, ())


class _Silent:
    """What an EventLog becomes in a copied or pickled simulation: an observer that ignores all."""

    def on_command(self, record: dict) -> None:
        pass

    def on_tick(self, result) -> None:
        pass


def _jsonable(value: Any):
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    return str(value)
