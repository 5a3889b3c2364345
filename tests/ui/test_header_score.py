"""The header's score says what the objectives pane's marks say: an objective at risk (`!`: the
pods of a dead node not yet replaced, judged at the end) is not lost, so the header kept 350/350
beside three unfailed objectives instead of dropping to 100/350; a failed one (✖) costs its points."""

from settle_kit import wait_for

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.widgets.header import GameHeader
from kubetui.ui.widgets.objectives import ObjectivesPanel


def _score(screen) -> str:
    words = str(screen.query_one(GameHeader)._shown).split()
    return words[words.index("score") + 1]


async def test_the_header_score_follows_the_objectives_marks(tmp_path):
    app = KubetuiApp(scenario="node-failure-quota", seed=3, paused=True, clock=False, lesson=False, lang="en",
                     record=False, progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        await wait_for(pilot, lambda: screen.query_one(GameHeader)._shown is not None)
        app.advance(100 - screen.game.sim.tick)
        await wait_for(pilot, lambda: _score(screen) == "350/350")
        app.advance(12)  # node-1 failed at 60: its pod is gone from the count, web-healed is at risk
        panel = screen.query_one(ObjectivesPanel)
        await wait_for(pilot, lambda: [s.state for s in panel._last[1]] == ["passing", "at-risk", "passing"])
        assert _score(screen) == "350/350"
        game = screen.game
        failed = [s.model_copy(update={"state": "failed"}) if s.id == "web-healed" else s for s in game.statuses]
        game.session.statuses = failed
        screen.refresh_view(force=True)
        await wait_for(pilot, lambda: _score(screen) != "350/350")
        assert _score(screen) == f"{game.score()[0].points}/350" and game.score()[0].points < 350
