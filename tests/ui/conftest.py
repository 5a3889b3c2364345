from pathlib import Path

import pytest

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    """Every test here drives the terminal UI (Pilot, snapshots, tmux), so all of them are `slow`."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    """Progress and logs go to a temporary folder, never the player's."""
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("kubetui.replay.paths.logs_dir", lambda: tmp_path / "data" / "logs")
    monkeypatch.delenv("KUBETUI_LANG", raising=False)


@pytest.fixture
def sandbox_app(tmp_path):
    """A sandbox with the clock stopped: tests move time with `app.advance`."""

    def make(**kwargs):
        kwargs.setdefault("start", "sandbox")
        kwargs.setdefault("paused", True)
        kwargs.setdefault("clock", False)
        kwargs.setdefault("lesson", False)
        kwargs.setdefault("lang", "en")
        kwargs.setdefault("progress", Progress(path=tmp_path / "progress.json"))
        return KubetuiApp(**kwargs)

    return make
