"""The replay's timeline: the whole run as one bar, the playhead, and what happened where.

Commands are marks above the bar, Warnings colour the bar red at their tick, objective changes
are marks of their own; a click (or a drag) on the bar seeks there.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from kubetui.ui.widgets.header import clock_text


class Scrubber(Widget):
    """Ticks `start`…`end` across the widget's width; `tick` is the playhead."""

    DEFAULT_CSS = """
    Scrubber { height: 3; padding: 0 1; background: $panel; }
    """

    class Seek(Message):
        """The user picked a tick on the bar."""

        def __init__(self, tick: int):
            super().__init__()
            self.tick = tick

    def __init__(self, start: int = 0, end: int = 0, *, commands: Iterable[int] = (), warnings: Iterable[int] = (),
                 objectives: Iterable[int] = (), **kwargs):
        super().__init__(**kwargs)
        self.start = start
        self.end = max(start, end)
        self.commands = sorted(set(commands))
        """Ticks at which a command ran."""
        self.warnings = sorted(set(warnings))
        """Ticks with a Warning Event."""
        self.objectives = sorted(set(objectives))
        """Ticks at which an objective changed state."""
        self.tick = start
        self.status = Text()
        """The line under the bar (time, speed, what happened at this tick)."""
        self._dragging = False
        self._cache: dict[str, tuple] = {}

    # -- the mapping between ticks and columns ------------------------------------------------
    @property
    def bar_width(self) -> int:
        return max(1, self.content_region.width or self.size.width)

    def column_of(self, tick: int) -> int:
        span = self.end - self.start
        if span <= 0:
            return 0
        return round((min(max(tick, self.start), self.end) - self.start) * (self.bar_width - 1) / span)

    def tick_at(self, column: int) -> int:
        width = self.bar_width
        column = min(max(column, 0), width - 1)
        if width <= 1:
            return self.start
        return self.start + round(column * (self.end - self.start) / (width - 1))

    def _columns(self, which: str) -> frozenset[int]:
        """The columns holding any of the ticks in `which`, cached for the current width."""
        key = (which, self.bar_width, self.start, self.end)
        cached = self._cache.get(which)
        if cached is None or cached[0] != key:
            cached = (key, frozenset(self.column_of(t) for t in getattr(self, which)))
            self._cache[which] = cached
        return cached[1]

    # -- showing ------------------------------------------------------------------------------
    def show(self, tick: int, status: Text | str | None = None) -> None:
        self.tick = tick
        if status is not None:
            self.status = status if isinstance(status, Text) else Text(status)
        self.refresh()

    def render(self) -> Text:
        width = self.bar_width
        head = self.column_of(self.tick)
        marks = Text(no_wrap=True, overflow="crop")
        bar = Text(no_wrap=True, overflow="crop")
        commands, objectives, warnings = (self._columns(w) for w in ("commands", "objectives", "warnings"))
        for col in range(width):
            if col in commands:
                marks.append("▾", style="bold cyan")
            elif col in objectives:
                marks.append("◆", style="yellow")
            else:
                marks.append(" ")
            warning = col in warnings
            if col == head:
                bar.append("●", style="bold red" if warning else "bold")
            elif warning:
                bar.append("━" if col < head else "─", style="red")
            elif col < head:
                bar.append("━", style="bold cyan")
            else:
                bar.append("─", style="dim")
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append_text(marks)
        out.append("\n")
        out.append_text(bar)
        out.append("\n")
        if self.status.plain:
            out.append_text(self.status)
        else:
            out.append(f"{clock_text(self.tick - self.start)}  tick {self.tick}/{self.end}")
        return out

    # -- the mouse ----------------------------------------------------------------------------
    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1:
            self._dragging = True
            self.capture_mouse()
            self._seek(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging and event.button == 1:
            self._seek(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    def _seek(self, event: events.MouseEvent) -> None:
        event.stop()
        offset = event.get_content_offset(self)
        x = offset.x if offset is not None else event.x
        tick = self.tick_at(x)
        if tick != self.tick:
            self.post_message(self.Seek(tick))
