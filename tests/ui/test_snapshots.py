"""Screens as pictures at a fixed seed with the clock stopped: 80×24 (panes as tabs) and 160×48.

Regenerate after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from pathlib import Path

import pytest
from settle_kit import settle

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.widgets.command_bar import CommandBar

FIXTURES = Path(__file__).parent / "fixtures"


def sandbox(tmp_path):
    return KubetuiApp(start="sandbox", paused=True, clock=False, lesson=False, lang="en", seed=7,
                      progress=Progress(path=tmp_path / "p.json"))


async def play_a_little(pilot):
    app = pilot.app
    app.play_screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    app.advance(12)
    bar = app.play_screen.query_one(CommandBar)
    bar.cursor_blink = False
    bar.value = "kubectl get po"
    for _ in range(200):
        if bar._suggestion == "kubectl get pods":
            break
        await pilot.pause(0.01)
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_sandbox_play_screen(snap_compare, tmp_path, size):
    assert snap_compare(sandbox(tmp_path), terminal_size=size, run_before=play_a_little)


def test_home_screen(snap_compare, tmp_path):
    app = KubetuiApp(clock=False, lesson=False, lang="en", scenarios_root=FIXTURES,
                     progress=Progress(path=tmp_path / "p.json"))
    assert snap_compare(app, terminal_size=(80, 24))
