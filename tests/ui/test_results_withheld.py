"""The results of "Nodes die, the quota stays" left alone: the quota guard reads `✔` yet earns
`0 / 100`, and the time row says `(at tick 30)` yet earns `0 / 50`. A learner took both for bugs;
each row now says why it earned nothing."""

from pathlib import Path

from settle_kit import wait_for

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.results import ResultsScreen

SCENARIOS = Path(__file__).parents[2] / "scenarios"


async def test_a_passing_guard_and_the_time_row_say_why_they_earned_nothing(tmp_path):
    app = KubetuiApp(scenarios_root=SCENARIOS, progress=Progress(path=tmp_path / "progress.json"), clock=False,
                     lesson=False, lang="en", scenario=SCENARIOS / "90-node-failure-quota", paused=True, seed=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        app.advance(app.game.duration + 1)
        await wait_for(pilot, condition=lambda: isinstance(app.screen, ResultsScreen)
                       and bool(app.screen.query("#results-body")))
        body = str(app.screen.query_one("#results-body").render())
        rows = [line for line in body.splitlines() if " / " in line[:14]]

        def row(label: str) -> str:
            return next(line for line in rows if label in line)

        guard = row("the quota still allows")
        assert guard.split("/")[0].strip() == "0"
        assert "(a guard: it counts once every other objective passes)" in guard
        assert "(not every objective passes at the end)" in row("all objectives passing by")
        assert "(" not in row("at least 3 web Pods")
