"""Where exercises live and how they are found: every pack and exercise file under `exercises/`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kubetui.scenario.errors import ScenarioError
from kubetui.scenario.loader import discover
from kubetui.scenario.schema import Scenario

DOMAINS: dict[str, float] = {
    "core": 0.13,
    "config": 0.12,
    "multi-container": 0.07,
    "observability": 0.08,
    "pod-design": 0.15,
    "services-networking": 0.12,
    "state": 0.07,
    "scheduling": 0.08,
    "security": 0.06,
    "troubleshooting": 0.12,
}
"""The CKAD-style domains every exercise is tagged with, and their weight when an exam is drawn."""


def exercises_root() -> Path:
    """The shipped exercises (see `kubetui.content`)."""
    from kubetui.content import exercises_root as shipped

    return shipped()


def domain_of(ex: Scenario) -> str:
    """The exercise's domain: the first of its tags that names one."""
    return next((t for t in ex.tags if t in DOMAINS), "core")


@dataclass
class Catalog:
    exercises: list[Scenario]

    def get(self, exercise_id: str) -> Scenario | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def by_domain(self) -> dict[str, list[Scenario]]:
        out: dict[str, list[Scenario]] = {d: [] for d in DOMAINS}
        for e in self.exercises:
            out.setdefault(domain_of(e), []).append(e)
        return out

    def ids(self) -> list[str]:
        return [e.id for e in self.exercises]


def load_catalog(root: str | Path | None = None) -> Catalog:
    """Every exercise under `root` (default: the shipped ones), in `order`; raises ScenarioError."""
    found = discover(root or exercises_root())
    exercises = [s for s in found if s.mode == "exercise"]
    if not exercises:
        raise ScenarioError([f"{root or exercises_root()}: no exercises found"])
    return Catalog(exercises)
