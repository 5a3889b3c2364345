"""Ending a game deliberately: q asks where a verdict is still open, an exam's key bar lists
only what an exam allows, and a scenario offers to finish once every objective is decided."""

from pathlib import Path

import pytest
from settle_kit import wait_for
from shipped import catalog
from textual.widgets._footer import FooterKey

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.detail import ConfirmScreen, DetailScreen
from kubetui.ui.screens.practice import ExamSession, PracticeApp, PracticeScreen
from kubetui.ui.screens.results import ResultsScreen
from kubetui.ui.widgets.output import OutputPane

CATALOG = catalog()
FIXTURES = Path(__file__).parent / "fixtures"


def footer_labels(screen) -> set[str]:
    return {key.description for key in screen.query(FooterKey)}


@pytest.mark.slow
async def test_q_in_an_exam_asks_first_and_the_footer_has_no_hints(tmp_path):
    session = ExamSession([CATALOG.get("core-run-pod")], minutes=5, seed=1, report=str(tmp_path / "exam.md"))
    app = PracticeApp(CATALOG, exam=session, clock=False, record=False, lang="en",
                      progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_for(pilot, tries=200, condition=lambda: isinstance(app.screen, PracticeScreen) and footer_labels(app.screen))
        labels = footer_labels(app.screen)
        assert "check" in labels and "next" in labels
        assert not labels & {"hint", "solution"}
        await pilot.press("escape", "q")
        await wait_for(pilot, tries=200, condition=lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, tries=200, condition=lambda: isinstance(app.screen, PracticeScreen))
        assert not session.done
        await pilot.press("q", "y")
        await wait_for(pilot, tries=200, condition=lambda: isinstance(app.screen, DetailScreen))
        assert session.done


async def test_practice_has_hints_and_no_next_and_q_leaves_at_once(tmp_path):
    app = PracticeApp(CATALOG, "core-run-pod", clock=False, record=False, lang="en",
                      progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_for(pilot, tries=200, condition=lambda: isinstance(app.screen, PracticeScreen) and footer_labels(app.screen))
        labels = footer_labels(app.screen)
        assert {"hint", "solution", "check"} <= labels and "next" not in labels
        await pilot.press("escape", "q")
        await wait_for(pilot, tries=200, condition=lambda: not app.is_running)


async def test_a_scenario_offers_to_finish_once_every_objective_is_decided(tmp_path):
    app = KubetuiApp(scenarios_root=FIXTURES, scenario=FIXTURES / "two-replicas", paused=True, clock=False,
                     lesson=False, lang="en", progress=Progress(path=tmp_path / "progress.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        screen = app.play_screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        assert not screen.all_decided()
        for _ in range(30):
            if screen.all_decided():
                break
            app.advance(2)
            await pilot.pause()
        assert screen.all_decided() and app.game.sim.tick < app.game.duration
        assert "press q to finish now" in screen.query_one(OutputPane).text()
        screen.set_focus(None)
        await pilot.press("q")
        await wait_for(pilot, tries=200, condition=lambda: isinstance(app.screen, ResultsScreen))
        assert "Passed" in str(app.screen.query_one("#results-body").render())


@pytest.mark.slow
async def test_an_exam_shows_its_countdown_in_the_header(tmp_path):
    from kubetui.ui.widgets.header import GameHeader

    session = ExamSession([CATALOG.get("core-run-pod")], minutes=5, seed=1, report=str(tmp_path / "exam.md"))
    app = PracticeApp(CATALOG, exam=session, clock=False, record=False, lang="ko",
                      progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_for(pilot, tries=200, condition=lambda: isinstance(app.screen, PracticeScreen))
        header = app.screen.query_one(GameHeader)
        await wait_for(pilot, tries=200, condition=lambda: "⌛" in str(header.render()))
        shown = str(header.render())
        minutes = int(shown.split("⌛ ", 1)[1].split(":")[1])
        assert 0 <= minutes <= 4 and "남음" in shown, shown
        session.deadline -= 5 * 60
        app.screen.refresh_view(force=True)
        await wait_for(pilot, tries=200, condition=lambda: "0:00:00" in str(header.render()))


async def test_a_sandbox_header_has_no_countdown(sandbox_app):
    from kubetui.ui.widgets.header import GameHeader

    app = sandbox_app()
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        assert "⌛" not in str(app.play_screen.query_one(GameHeader).render())
