"""A cordoned node's STATUS (`Ready,SchedulingDisabled`) leaves the Nodes table as it was: the
column is sized to the pane once (NotReady always whole, the long status cut with an ellipsis
where the pane has no room for it), never to the widest cell, so no horizontal scrollbar
appears and the other columns stay put."""

import pytest
from rich.style import Style
from settle_kit import settle, wait_for

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.widgets.nodes import NodesPane


def _widths(table):
    return [c.get_render_width(table) for c in table.columns.values()]


@pytest.mark.parametrize("size", [(120, 40), (160, 40)])
async def test_cordon_and_a_failed_node_keep_the_nodes_table_layout(tmp_path, size):
    app = KubetuiApp(scenario="node-failure-quota", seed=3, paused=True, clock=False, lesson=False, lang="en",
                     record=False, progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=size) as pilot:
        pane = app.play_screen.query_one(NodesPane)
        table = pane.table
        await wait_for(pilot, lambda: len(table.rows) == 5 and table.size.height > 0)
        await settle(pilot)
        before = _widths(table)
        assert table.max_scroll_x == 0
        app.play_screen.run_command("kubectl cordon node-2")
        app.advance(120)  # the scenario's timeline fails node-1 at 60
        await wait_for(pilot, lambda: str(table.get_cell("node-2", "STATUS")) == "Ready,SchedulingDisabled"
                       and str(table.get_cell("node-1", "STATUS")) in ("NotReady", "Unknown"))
        await settle(pilot)
        assert _widths(table) == before
        assert table.max_scroll_x == 0
        shown = table._render_cell(list(table.rows).index("node-2"), list(table.columns).index("STATUS"),
                                   Style(), before[1])
        text = "".join(seg.text for line in shown for seg in line).strip()
        assert text.startswith("Ready,S") and text.endswith("…") and len(text) == before[1] - 2
