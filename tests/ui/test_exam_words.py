"""The exam speaks of tasks (its rules: "ctrl+n moves to the next task"): the keys it shows at the
start say the same."""

from settle_kit import wait_for
from shipped import catalog

from kubetui.progress import Progress

CATALOG = catalog()


async def test_the_exams_keys_name_the_next_task(tmp_path):
    from kubetui.ui.screens.practice import ExamSession, PracticeApp

    session = ExamSession([CATALOG.get("core-run-pod")], minutes=5, seed=1, report=str(tmp_path / "exam.md"))
    app = PracticeApp(CATALOG, exam=session, clock=False, record=False, lang="en",
                      progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: any("ctrl+n" in str(n.message) for n in app._notifications))
        said = [str(n.message) for n in app._notifications if "ctrl+n" in str(n.message)]
        assert said == ["ctrl+k check · ctrl+n next task"]
