"""`h` reveals the scenario's hints one at a time, each lowering the score."""

from pathlib import Path

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.widgets.output import OutputPane

CAMPAIGN = Path(__file__).resolve().parents[2] / "scenarios"


async def test_hints_cost_points(tmp_path):
    app = KubetuiApp(scenario=str(CAMPAIGN / "10-first-pod"), seed=1, paused=True, clock=False, lesson=False,
                     lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # close the briefing
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape")  # leave the command bar
        await pilot.press("h")
        await pilot.pause()
        text = screen.query_one(OutputPane).text()
        assert "Hint 1/3 (-10): `kubectl run NAME --image=IMAGE` starts one Pod with one container." in text
        assert app.game.hints_used == 1
        await pilot.press("h", "h", "h")
        await pilot.pause()
        assert app.game.hints_used == 3, "there are three hints; a fourth press changes nothing"
        breakdown, _ = app.game.score()
        assert [line.points for line in breakdown.lines if line.kind == "hint"] == [-10, -20, -50]
