"""The Events pane wraps its lines again when its width changes: no line clipped mid-word
after the terminal shrinks, no half-empty lines after it grows."""

import pytest
from settle_kit import wait_for

from kubetui.ui.widgets.events import EventsPane


def widest(pane: EventsPane) -> int:
    return max(strip.cell_length for strip in pane.log_widget.lines)


@pytest.mark.slow
async def test_events_rewrap_after_a_resize(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl run shop --image=nginx:does-not-exist-anywhere-at-all")
        app.advance(40)
        screen.refresh_view(force=True)
        pane = screen.query_one(EventsPane)
        await wait_for(pilot, lambda: pane.log_widget.lines and pane._width > 0)
        wide = pane.log_widget.scrollable_content_region.width
        wide_count = len(pane.log_widget.lines)
        assert any(len(line) > 70 for line in pane.plain_lines()), "needs an Event longer than the narrow pane"

        await pilot.resize_terminal(120, 40)
        narrow = lambda: pane.log_widget.scrollable_content_region.width  # noqa: E731
        await wait_for(pilot, lambda: narrow() < wide and pane._width == narrow())
        assert widest(pane) <= narrow()
        text = "".join(strip.text for strip in pane.log_widget.lines).replace(" ", "")
        for line in pane.plain_lines()[-3:]:
            assert line.replace(" ", "") in text, "every Event readable to its last word"

        await pilot.resize_terminal(200, 60)
        await wait_for(pilot, lambda: pane._width == wide)
        assert len(pane.log_widget.lines) == wide_count, "lines re-filled to the wider pane"
