"""A change of one node redraws its row of the Nodes pane (the changed cell of it), not every node row
on screen."""

from kubetui.ui.widgets.nodes import NodesPane


async def test_a_changed_node_alone_is_drawn_again(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.play_screen
        app.advance(5)
        await pilot.pause()
        table = screen.query_one(NodesPane).table
        keys = [row.key.value for row in table.ordered_rows]
        assert len(keys) >= 2
        target = keys[-1]
        screen.run_command(f"kubectl cordon {target}")  # STATUS as wide as it gets
        app.advance(1)
        await pilot.pause()
        assert str(table.get_cell(target, "STATUS")) == "Ready,SchedulingDisabled"

        drawn: list[int] = []
        cells: set[tuple[int, int]] = set()
        render_cell = table._render_cell

        def counting(row_index, column_index, *args, **kwargs):
            drawn.append(row_index)
            cached = len(table._cell_render_cache)
            lines = render_cell(row_index, column_index, *args, **kwargs)
            if len(table._cell_render_cache) > cached:  # not found drawn: drawn now
                cells.add((row_index, column_index))
            return lines

        table._render_cell = counting
        table.redrawn_rows.clear()
        screen.run_command(f"kubectl uncordon {target}")
        app.advance(1)
        await pilot.pause()
        assert str(table.get_cell(target, "STATUS")) == "Ready"
        assert table.redrawn_rows == {target}
        assert keys.index(target) in drawn
        assert set(drawn) <= {keys.index(target), -1}
        status = list(table.columns).index("STATUS")
        assert {cell for cell in cells if cell[0] >= 0} == {(keys.index(target), status)}  # the one cell that changed
