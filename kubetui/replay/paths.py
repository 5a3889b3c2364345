"""Where event logs go: `logs/<scenario>-<seed>-<n>.jsonl` in the user's data folder."""

from __future__ import annotations

import re
from pathlib import Path

from kubetui.datadir import data_dir


def logs_dir() -> Path:
    """The folder every run writes its event log to unless `--log` names a file."""
    return data_dir() / "logs"


def default_log_path(scenario: str | None, seed: int, folder: str | Path | None = None) -> Path:
    """The next free `<scenario>-<seed>-<n>.jsonl` (a sandbox is named `sandbox`)."""
    base = Path(folder) if folder is not None else logs_dir()
    stem = f"{_safe(scenario or 'sandbox')}-{seed}"
    pattern = re.compile(re.escape(stem) + r"-(\d+)\.jsonl$")
    taken = [int(m.group(1)) for p in (base.iterdir() if base.is_dir() else ()) if (m := pattern.match(p.name))]
    return base / f"{stem}-{max(taken, default=0) + 1}.jsonl"


def log_path(option: str | None, scenario: str | None, seed: int) -> Path:
    """`--log FILE` if given, else the default location."""
    return Path(option) if option else default_log_path(scenario, seed)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "run"
