"""An exercise's task is on screen beside the cluster panes, at the common terminal sizes (it was
mounted in the Charts column, which only shows from 180 columns)."""

import pytest
from settle_kit import wait_for
from shipped import catalog

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.practice import PracticeScreen, TaskPanel


@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
async def test_the_task_is_visible_beside_the_nodes(tmp_path, size):
    exercise = next(e for e in catalog().exercises if e.id == "fsgroup-claim-writer")
    app = KubetuiApp(start="home", clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.screen.is_mounted)
        app.open_exercise(exercise)
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen) and bool(app.screen.query(TaskPanel)))
        panel = app.screen.query_one(TaskPanel)
        await wait_for(pilot, lambda: panel.region.height > 0)
        assert panel.region.width >= 40 and panel.region.height >= 8
        assert "reporter" in panel.plain()
