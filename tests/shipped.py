"""The shipped exercises and scenarios, read once per test process: nine test modules list them
while pytest collects, and reading every pack costs seconds each time."""

from functools import cache
from pathlib import Path

from kubetui.content import exercises_root
from kubetui.exercise import load_catalog as _load_catalog
from kubetui.scenario.loader import discover as _discover

ROOT = Path(__file__).resolve().parents[1]


def catalog(root: Path | None = None):
    """`catalog()` and `catalog(ROOT / "exercises")` are the same folder: one read serves both."""
    return _catalog(Path(root or exercises_root()).resolve())


@cache
def _catalog(root: Path):
    return _load_catalog(root)


@cache
def discovered(root: Path):
    return tuple(_discover(root))


def scenario_files(root: Path = ROOT / "scenarios") -> list:
    """Each `<root>/*/scenario.yaml` in path order, the very objects `discovered(root)` read."""
    by_path = {s.path: s for s in discovered(root)}
    return [by_path[p] for p in sorted(root.glob("*/scenario.yaml"))]
