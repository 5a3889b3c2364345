"""Where the shipped campaign (`scenarios/`) and exercise packs (`exercises/`) are: beside the
package in a source checkout, inside it when installed (`kubetui.bundled`), else in the
working folder."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def scenarios_root() -> Path:
    return _find("scenarios")


def exercises_root() -> Path:
    return _find("exercises")


def _find(name: str) -> Path:
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "bundled" / name):
        if candidate.is_dir():
            return candidate
    return Path(name)
