"""`kubetui exam`: closing the graded result with Esc leaves the exam, as closing an exercise's
verdict leaves `kubetui exercise` (it left the finished last task on screen, its clock stopped,
the focus in the command bar, so the next `q` was typed into the bar)."""

from settle_kit import wait_for
from shipped import catalog

from kubetui.progress import Progress
from kubetui.ui.screens.detail import DetailScreen

CATALOG = catalog()


async def test_escape_on_the_exam_result_leaves_the_exam(tmp_path):
    from kubetui.ui.screens.practice import ExamSession, PracticeApp

    session = ExamSession([CATALOG.get("core-run-pod")], minutes=5, seed=1, report=str(tmp_path / "exam.md"))
    app = PracticeApp(CATALOG, exam=session, clock=False, record=False, lang="en",
                      progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.play_screen is not None and app.screen is app.play_screen)
        session.finish(app)
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert (tmp_path / "exam.md").exists()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app._exit)
    assert app.return_code in (0, None)
