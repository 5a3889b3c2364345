"""The player's data folder (progress, event logs): platformdirs' user data folder, or
`KUBETUI_DATA_DIR` when set (tests and classrooms point it elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    override = os.environ.get("KUBETUI_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("kubetui", appauthor=False))
