"""A scenario about failing nodes shows every node at 120x40: node-4 fails too, and a Nodes pane
cut after node-2 hid it (the Namespaces pane below gives way instead)."""

from settle_kit import wait_for

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.widgets.nodes import NodesPane


async def test_every_node_of_a_four_worker_scenario_is_on_screen(tmp_path):
    app = KubetuiApp(scenario="node-failure-quota", seed=3, paused=True, clock=False, lesson=False, lang="en",
                     record=False, progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.play_screen.query_one(NodesPane)
        table = pane.table
        await wait_for(pilot, lambda: len(table.rows) == 5 and table.size.height > 0)
        await wait_for(pilot, lambda: table.size.height >= 1 + len(table.rows) and table.max_scroll_y == 0)
        assert [row.key.value for row in table.ordered_rows][-1] == "node-4"
        assert table.max_scroll_x == 0
