"""A change of one object redraws its row of the objects table, not every row on screen."""

from kubetui.ui.widgets.objects import ObjectTable


async def test_a_changed_row_alone_is_drawn_again(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.play_screen
        for i in (1, 2, 4, 5):
            screen.run_command(f"kubectl run p{i} --image=nginx")
        for i in (3, 6):  # STATUS and RESTARTS as wide as they get
            screen.run_command(f"kubectl run p{i} --image=nginx:no-such-tag")
        app.advance(700)  # ages past ten minutes move once a minute, not every second
        await pilot.pause()
        table = screen.query_one(ObjectTable)
        keys = [row.key.value for row in table.ordered_rows]
        assert {f"default/p{i}" for i in range(1, 7)} <= set(keys)

        drawn: list[int] = []
        render_cell = table._render_cell

        def counting(row_index, column_index, *args, **kwargs):
            drawn.append(row_index)
            return render_cell(row_index, column_index, *args, **kwargs)

        table._render_cell = counting
        table.redrawn_rows.clear()
        screen.run_command("kubectl set image pod/p3 p3=nginx")
        app.advance(5)
        await pilot.pause()
        assert table.cells("default/p3")[table.header.index("STATUS")] == "Running"
        changing = {"default/p3", "default/p6"}
        assert keys.index("default/p3") in drawn
        assert set(drawn) <= {keys.index(k) for k in changing}
        assert "default/p3" in table.redrawn_rows and table.redrawn_rows <= changing

        drawn.clear()
        table.redrawn_rows.clear()
        app.advance(1)
        await pilot.pause()
        assert table.redrawn_rows <= changing and set(drawn) <= {keys.index(k) for k in changing}
