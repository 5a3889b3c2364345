"""An 80x24 terminal: nothing the player needs is cut off."""

from pathlib import Path

from rich.cells import cell_len

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.widgets.header import GameHeader

SCENARIOS = Path(__file__).parents[2] / "scenarios"


async def test_header_keeps_score_and_cost_at_80_columns(tmp_path):
    app = KubetuiApp(scenario=SCENARIOS / "20-namespaces", paused=True, clock=False, lesson=False, lang="en",
                     progress=Progress(path=tmp_path / "progress.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        app.advance(2)
        await pilot.pause()
        header = app.play_screen.query_one(GameHeader)
        line = str(header.render())
        assert len(line) <= header.size.width - 2
        points = app.play_screen.game.projected_score().points  # the objectives at risk are not lost yet
        assert f"score {points}/350" in line and "cost $" in line and "PAUSED" in line and "00:00:04" in line
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        await pilot.pause()
        line = str(header.render())
        assert "/ 00:06:40" in line and "tick 4" in line and "speed 1×" in line


async def test_home_list_keeps_one_line_per_entry_at_80_columns(tmp_path):
    from textual.widgets import OptionList

    app = KubetuiApp(clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "progress.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        ol = app.screen.query_one(OptionList)
        assert ol.virtual_size.height == ol.option_count


async def test_objectives_are_not_cut_when_charts_are_hidden(tmp_path):
    from kubetui.ui.widgets.objectives import ObjectivesPanel

    app = KubetuiApp(scenario=SCENARIOS / "10-first-pod", paused=True, clock=False, lesson=False, lang="en",
                     progress=Progress(path=tmp_path / "progress.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        app.advance(1)
        await pilot.pause()
        panel = app.play_screen.query_one(ObjectivesPanel)
        lines = panel.render().wrap(panel.size.width)
        assert "Pod shop runs at the end" in " ".join(line.plain for line in lines[-2:]) and len(lines) <= panel.size.height
        await pilot.press("escape", "m")
        await pilot.pause()
        lines = panel.render().wrap(panel.size.width)
        assert "judged at the end" in " ".join(line.plain for line in lines)


async def test_first_run_lesson_on_a_small_terminal_tells_how_to_switch_panes(tmp_path):
    from kubetui.ui.screens.lesson import LessonScreen

    for size, expected, absent in (((80, 24), "[ or ]", "(left)"), ((120, 40), "(left)", "[ or ]")):
        app = KubetuiApp(start="sandbox", clock=False, lang="en", progress=Progress(path=tmp_path / f"{size}.json"))
        async with app.run_test(size=size):
            assert isinstance(app.screen, LessonScreen)
            body = str(app.screen.query_one("#lesson-body").render())
            assert expected in body and absent not in body


async def test_a_hint_wraps_in_the_output_pane_at_80_columns(tmp_path):
    from kubetui.ui.widgets.output import OutputPane

    app = KubetuiApp(scenario=SCENARIOS / "10-first-pod", paused=True, clock=False, lesson=False, lang="ko",
                     progress=Progress(path=tmp_path / "progress.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.play_screen.action_hint()
        await pilot.pause()
        pane = app.play_screen.query_one(OutputPane)
        rendered = [strip.text.rstrip() for strip in pane.lines]
        assert any("띄울 수 있어요" in line for line in rendered)
        assert all(cell_len(line) <= pane.scrollable_content_region.width for line in rendered)


async def test_the_nodes_and_namespaces_tabs_take_the_whole_width_at_80_columns(tmp_path):
    """One pane at a time on a small screen: the Nodes tab kept the left column's 58-cell cap,
    so ROLES showed as `ROL` beside 22 empty columns."""
    from kubetui.ui.widgets.nodes import NodesPane

    app = KubetuiApp(start="sandbox", paused=True, clock=False, lesson=False, lang="en",
                     progress=Progress(path=tmp_path / "progress.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.play_screen
        for pane in ("nodes", "namespaces"):
            screen.show_pane(pane)
            await pilot.pause()
            await pilot.pause()
            assert screen.query_one("#left").size.width == screen.query_one("#main").size.width
        screen.show_pane("nodes")
        await pilot.pause()
        await pilot.pause()
        nodes = screen.query_one(NodesPane)
        assert nodes.size.width >= 76
