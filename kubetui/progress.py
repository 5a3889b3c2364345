"""The player's progress: which scenarios are completed and their best stars.

Kept as a database would keep it: the file is JSON in the platformdirs user data folder,
checked against a schema (pydantic) when it is read; a file that fails the check is moved
aside (`progress.json.corrupt-<time>`), the player is told once (`notice`), and the game starts
with fresh progress. Saves write a temporary file, fsync it, rename it into place and fsync the
folder, so a crash at any moment leaves the previous file or the new one, whole; the temporary
files of writers that died are removed. Only a regular file is read.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kubetui.datadir import data_dir
from kubetui.files import remove_stale_temporaries, write_atomically
from kubetui.model.safe_yaml import InputError, decode_utf8, load_json, read_bytes

FILE_NAME = "progress.json"
VERSION = 1

Count = Annotated[int, Field(ge=0, le=2**53)]


class _Record(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class ScenarioRecord(_Record):
    stars: Annotated[int, Field(ge=0, le=3)] = 0
    completed: bool = False
    bestPoints: Count = 0
    plays: Count = 0


class ExerciseRecord(_Record):
    solved: bool = False
    bestPoints: Count = 0
    maxPoints: Count = 0
    attempts: Count = 0
    bestSeconds: Annotated[float, Field(ge=0, allow_inf_nan=False)] | Count | None = None
    hintsUsed: Count = 0


class ExamRecord(_Record):
    seed: int = 0
    minutes: Count = 0
    score: Annotated[float, Field(allow_inf_nan=False)] | int = 0
    passed: bool = False


class ProgressFile(_Record):
    """The schema of progress.json (fields a newer kubetui adds are kept, not refused)."""

    version: Annotated[int, Field(ge=1)] = VERSION
    lessonSeen: bool = False
    lang: str | None = None
    scenarios: dict[str, ScenarioRecord] = Field(default_factory=dict)
    exercises: dict[str, ExerciseRecord] = Field(default_factory=dict)
    exams: list[ExamRecord] = Field(default_factory=list)


def default_path() -> Path:
    return data_dir() / FILE_NAME


def _set_aside(p: Path, problem: str) -> str:
    """Move a progress file that fails its check out of the way; returns what to tell the player."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = p.with_name(f"{p.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = p.with_name(f"{p.name}.corrupt-{stamp}-{n}")
        n += 1
    try:
        os.replace(p, target)
    except OSError as e:
        return (f"{p} is damaged ({problem}) and could not be moved aside ({e.strerror or e}); "
                "kubetui starts with fresh progress")
    return f"{p} was damaged ({problem}); it was moved to {target.name} and kubetui starts with fresh progress"


def _problem(e: ValidationError) -> str:
    err = e.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


@dataclass
class Progress:
    scenarios: dict[str, dict] = field(default_factory=dict)
    """scenario id -> {"stars": int, "completed": bool, "bestPoints": int, "plays": int}."""
    lesson_seen: bool = False
    """Whether the first-run lesson was shown."""
    exercises: dict[str, dict] = field(default_factory=dict)
    """exercise id -> {"solved": bool, "bestPoints": int, "maxPoints": int, "attempts": int,
    "bestSeconds": float | None, "hintsUsed": int}."""
    exams: list[dict] = field(default_factory=list)
    """Finished exams, oldest first: {"seed", "minutes", "score", "passed"}."""
    lang: str | None = None
    path: Path | None = None
    notice: str | None = None
    """What the player is told once about the file (it was corrupt and moved aside, ...)."""

    @classmethod
    def load(cls, path: str | Path | None = None) -> Progress:
        """The saved progress; fresh progress (with a `notice`) when the file is missing or bad."""
        p = Path(path) if path is not None else default_path()
        remove_stale_temporaries(p)
        try:
            data = load_json(decode_utf8(read_bytes(p), str(p)), str(p))
            saved = ProgressFile.model_validate(data)
        except FileNotFoundError:
            return cls(path=p)
        except InputError as e:
            if e.message == "not a regular file":
                return cls(path=p, notice=f"{p} is not a regular file: progress is not read from it, and the next "
                                          "save replaces it")
            return cls(path=p, notice=_set_aside(p, e.message))
        except ValidationError as e:
            return cls(path=p, notice=_set_aside(p, _problem(e)))
        except OSError as e:
            return cls(path=p, notice=f"{p}: cannot read the progress file: {e.strerror or e}")
        return cls(
            scenarios={k: v.model_dump() for k, v in saved.scenarios.items()},
            exercises={k: v.model_dump() for k, v in saved.exercises.items()},
            exams=[x.model_dump() for x in saved.exams],
            lesson_seen=saved.lessonSeen,
            lang=saved.lang if saved.lang in ("en", "ko") else None,
            path=p,
        )

    def save(self) -> None:
        p = self.path or default_path()
        data = {"version": VERSION, "lessonSeen": self.lesson_seen, "lang": self.lang,
                "scenarios": {k: self.scenarios[k] for k in sorted(self.scenarios)},
                "exercises": {k: self.exercises[k] for k in sorted(self.exercises)}, "exams": self.exams}
        remove_stale_temporaries(p)
        write_atomically(p, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def record(self, scenario_id: str, *, stars: int, passed: bool, points: int) -> None:
        """Keep the best result of a play."""
        entry = self.scenarios.setdefault(scenario_id, {"stars": 0, "completed": False, "bestPoints": 0, "plays": 0})
        entry["plays"] = int(entry.get("plays", 0)) + 1
        entry["stars"] = max(int(entry.get("stars", 0)), stars)
        entry["completed"] = bool(entry.get("completed")) or passed
        entry["bestPoints"] = max(int(entry.get("bestPoints", 0)), points)

    def record_exercise(self, exercise_id: str, *, solved: bool, points: int, max_points: int,
                        seconds: float | None = None, hints: int = 0) -> None:
        """Keep an exercise's best check: solved once stays solved; the fastest solve is kept."""
        entry = self.exercises.setdefault(exercise_id, {"solved": False, "bestPoints": 0, "maxPoints": max_points,
                                                        "attempts": 0, "bestSeconds": None, "hintsUsed": 0})
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
        entry["maxPoints"] = max_points
        entry["bestPoints"] = max(int(entry.get("bestPoints", 0)), points)
        entry["hintsUsed"] = max(int(entry.get("hintsUsed", 0)), hints)
        if solved and seconds is not None:
            best = entry.get("bestSeconds")
            entry["bestSeconds"] = round(seconds, 1) if best is None else min(float(best), round(seconds, 1))
        entry["solved"] = bool(entry.get("solved")) or solved

    def record_exam(self, *, seed: int, minutes: int, score: float, passed: bool) -> None:
        self.exams.append({"seed": seed, "minutes": minutes, "score": round(score * 100, 1), "passed": passed})

    def solved(self, exercise_id: str) -> bool:
        return bool(self.exercises.get(exercise_id, {}).get("solved", False))

    def stars(self, scenario_id: str) -> int:
        return int(self.scenarios.get(scenario_id, {}).get("stars", 0))

    def completed(self, scenario_id: str) -> bool:
        return bool(self.scenarios.get(scenario_id, {}).get("completed", False))


def load_progress(path: str | Path | None = None) -> dict[str, dict]:
    """scenario id -> {"stars", "completed", ...}: what `kubetui list` shows."""
    return Progress.load(path).scenarios
