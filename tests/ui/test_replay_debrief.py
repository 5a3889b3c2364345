"""`b` in a replay shows the run's debrief as its log tells it: the commands the player ran."""

import io
from pathlib import Path

from kubetui.headless import run_headless
from kubetui.progress import Progress
from kubetui.replay.session import ReplaySession
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.detail import DetailScreen
from kubetui.ui.screens.replay import ReplayScreen

ROOT = Path(__file__).resolve().parents[2]


async def test_b_shows_the_debrief_of_the_replayed_run(tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("@70 kubectl set image deployment/web web=shop/web:v2\n")
    log = tmp_path / "run.jsonl"
    run_headless(str(ROOT / "scenarios" / "50-rolling-upgrade"), script=str(script), log=str(log), out=io.StringIO())
    session = ReplaySession(log)
    app = KubetuiApp(replay=session, clock=False, lang="en", progress=Progress(path=tmp_path / "progress.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(500):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(pilot.app.screen, ReplayScreen) and pilot.app.screen.ready:
                break
            await pilot.pause(0.01)
        assert isinstance(pilot.app.screen, ReplayScreen)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        body = pilot.app.screen.body_text()
        assert "You ran 1 command:" in body
        assert "tick 70 (1:10)  kubectl set image deployment/web web=shop/web:v2" in body
        assert "The lesson" in body
