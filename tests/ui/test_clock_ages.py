"""A clock fire leaves the AGE of rows whose object did not change for its next redraw due
(`AGES_EVERY`), so keys are not kept waiting behind every row on screen drawn again each tick;
a step the player asks for draws them at once."""

from kubetui.ui.screens import play
from kubetui.ui.widgets.objects import ObjectTable


def _age(table, key):
    return table.cells(key)[table.header.index("AGE")]


async def test_clock_fires_draw_ages_when_due_and_a_step_at_once(sandbox_app, monkeypatch):
    app = sandbox_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl run p1 --image=nginx")
        app.advance(10)
        await pilot.pause()
        table = screen.query_one(ObjectTable)
        key = "default/p1"
        before = _age(table, key)

        def clock_fire():
            app.game.step(1)
            app.clock_firing = True
            try:
                screen.refresh_view()
            finally:
                app.clock_firing = False

        monkeypatch.setattr(play, "AGES_EVERY", 1e6)
        screen._ages_at = float("-inf")
        clock_fire()  # a fire when they are due draws them...
        drawn = _age(table, key)
        assert drawn != before
        clock_fire()  # ...the next, not yet due, leaves them
        assert _age(table, key) == drawn
        app.advance(1)  # a step asked for draws them at once
        assert _age(table, key) not in (drawn, before)
        monkeypatch.setattr(play, "AGES_EVERY", 0.0)
        stepped = _age(table, key)
        clock_fire()
        assert _age(table, key) != stepped
