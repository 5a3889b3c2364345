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


async def test_check_prints_its_verdict_in_the_output_pane(tmp_path):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    exercise = next(e for e in catalog().exercises if e.id == "fsgroup-claim-writer")
    app = KubetuiApp(start="home", clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.is_mounted)
        app.open_exercise(exercise)
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen) and bool(app.screen.query(TaskPanel)))
        screen = app.screen
        bar = screen.query_one(CommandBar)
        bar.focus()
        bar.value = "check"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.checks == 1)
        text = screen.query_one(OutputPane).text()
        assert "FAIL" in text and "parts pass" in text and "Solved" not in text
        bar.value = ('kubectl patch deploy reporter -p '
                     '\'{"spec":{"template":{"spec":{"securityContext":{"fsGroup":1000}}}}}\'')
        await pilot.press("enter")
        app.advance(60)
        await pilot.pause()
        await pilot.press("ctrl+k")
        await wait_for(pilot, lambda: screen.checks == 2)
        text = screen.query_one(OutputPane).text()
        assert screen.task.report.passed and "Solved! Saved to your progress." in text


async def test_the_whole_task_is_printed_in_the_output_pane_at_the_start(tmp_path):
    """At 120x40 the Task pane clips a long briefing; the Output pane holds all of it."""
    from kubetui.ui.widgets.output import OutputPane

    exercise = next(e for e in catalog().exercises if e.id == "configmap-site-files")
    app = KubetuiApp(start="home", clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.is_mounted)
        app.open_exercise(exercise)
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen) and bool(app.screen.query(TaskPanel)))
        out = app.screen.query_one(OutputPane).text()
        assert out.startswith("# Task: A page from a ConfigMap\n")
        assert exercise.briefing.get("en").strip() in out and "/usr/share/nginx/html" in out


async def test_the_task_is_printed_once_even_after_the_output_pane_rewraps(tmp_path):
    """The task is noted before the Output pane knows its size; RichLog writes such lines again
    once it does, and the pane must not keep them twice for its next rewrap (z, a resize)."""
    from kubetui.ui.widgets.output import OutputPane

    exercise = next(e for e in catalog().exercises if e.id == "web-one-per-node")
    app = KubetuiApp(start="home", clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.is_mounted)
        app.open_exercise(exercise)
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen) and bool(app.screen.query(TaskPanel)))
        screen = app.screen
        out = screen.query_one(OutputPane)
        await wait_for(pilot, lambda: out.lines and out._width == out.scrollable_content_region.width)
        small = out.size.height
        screen.set_focus(None)
        await pilot.press("z")
        await wait_for(pilot, lambda: out.size.height > small and out._width == out.scrollable_content_region.width)
        assert sum("# Task:" in t.plain for t in out.written) == 1
        assert sum("# Task:" in strip.text for strip in out.lines) == 1
