"""The player's progress: which scenarios are completed and their best stars.

Saved as JSON in the platformdirs user data folder, written to a temporary file and moved into
place with `os.replace`, so a crash mid-write leaves the previous file whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kubetui.datadir import data_dir
from kubetui.files import write_atomically

FILE_NAME = "progress.json"
VERSION = 1


def default_path() -> Path:
    return data_dir() / FILE_NAME


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

    @classmethod
    def load(cls, path: str | Path | None = None) -> Progress:
        """The saved progress, or a fresh one when the file is missing or unreadable."""
        p = Path(path) if path is not None else default_path()
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path=p)
        if not isinstance(data, dict):
            return cls(path=p)
        scenarios = data.get("scenarios")
        exercises = data.get("exercises")
        exams = data.get("exams")
        return cls(
            exercises={str(k): dict(v) for k, v in exercises.items() if isinstance(v, dict)}
            if isinstance(exercises, dict) else {},
            exams=[dict(x) for x in exams if isinstance(x, dict)] if isinstance(exams, list) else [],
            scenarios={str(k): dict(v) for k, v in scenarios.items() if isinstance(v, dict)}
            if isinstance(scenarios, dict) else {},
            lesson_seen=bool(data.get("lessonSeen", False)),
            lang=data.get("lang") if data.get("lang") in ("en", "ko") else None,
            path=p,
        )

    def save(self) -> None:
        p = self.path or default_path()
        data = {"version": VERSION, "lessonSeen": self.lesson_seen, "lang": self.lang,
                "scenarios": {k: self.scenarios[k] for k in sorted(self.scenarios)},
                "exercises": {k: self.exercises[k] for k in sorted(self.exercises)}, "exams": self.exams}
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
