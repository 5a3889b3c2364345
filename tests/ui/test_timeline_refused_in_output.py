"""A timeline command the cluster refuses shows in the Output pane, with the file's line."""

from pathlib import Path

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.widgets.output import OutputPane

FIXTURE = Path(__file__).parent / "fixtures" / "two-replicas" / "scenario.yaml"


async def test_a_refused_timeline_command_is_shown_in_the_output(tmp_path):
    path = tmp_path / "refused" / "scenario.yaml"
    path.parent.mkdir()
    text = FIXTURE.read_text()
    assert "duration: 90\n" in text
    path.write_text(text.replace("duration: 90\n", "duration: 90\ntimeline:\n  - at: 5\n    run: sim add-node ''\n"))
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if t.strip() == "run: sim add-node ''")
    app = KubetuiApp(scenario=path, paused=True, clock=False, lesson=False, lang="en",
                     progress=Progress(path=tmp_path / "progress.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        pane = app.play_screen.query_one(OutputPane)
        assert "timeline at tick" not in pane.text()
        app.advance(10)
        await pilot.pause()
        told = [t for t in pane.text().splitlines() if "timeline at tick" in t]
        assert len(told) == 1, pane.text()
        assert told[0].startswith(f"{path}:{line}: timeline at tick 5: sim add-node '': The Node \"\" is invalid")
        app.advance(10)
        await pilot.pause()
        assert sum("timeline at tick" in t for t in pane.text().splitlines()) == 1
