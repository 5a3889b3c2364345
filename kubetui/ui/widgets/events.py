"""The Events pane: Kubernetes Events as they happen, Warnings in colour, filterable."""

from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, RichLog

from kubetui.model.clock import tick_of
from kubetui.ui.i18n import t
from kubetui.ui.widgets.header import clock_text

KEEP = 500
"""Event lines kept for re-filtering."""


def event_line(ev: dict) -> Text:
    """`00:01:05 Warning FailedScheduling pod/web-x: 0/3 nodes are available: …` (simulated time)."""
    when = tick_of(ev.get("lastTimestamp") or ev.get("eventTime") or ev.get("firstTimestamp")) or 0
    obj = ev.get("involvedObject") or {}
    kind = (obj.get("kind") or "").lower()
    warning = ev.get("type") == "Warning"
    text = Text(no_wrap=False)
    text.append(f"{clock_text(when)} ", style="dim")
    text.append(f"{ev.get('type', 'Normal'):<7} ", style="bold red" if warning else "green")
    text.append(f"{ev.get('reason', '')} ", style="bold yellow" if warning else "bold")
    text.append(f"{kind}/{obj.get('name', '')}", style="cyan")
    count = ev.get("count") or 1
    if count > 1:
        text.append(f" (x{count})", style="dim")
    text.append(f": {ev.get('message', '')}")
    return text


class EventsPane(Vertical):
    """Recent Events, newest at the bottom; `f` opens a filter line."""

    DEFAULT_CSS = """
    EventsPane { height: 1fr; }
    EventsPane > Input { display: none; height: 1; border: none; padding: 0 1; }
    EventsPane.-filtering > Input { display: block; }
    EventsPane > RichLog { height: 1fr; background: $surface; }
    """

    def __init__(self, lang: str = "en", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang
        self.border_title = t("pane.events", lang)
        self.lines: deque[tuple[str, Text]] = deque(maxlen=KEEP)
        self.filter_text = ""
        self._width = 0
        """The log's width when its lines were wrapped: another width wraps them again."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=t("events.filter", self.lang), id="events-filter")
        yield RichLog(id="events-log", wrap=True, markup=False, max_lines=KEEP, min_width=20)

    @property
    def log_widget(self) -> RichLog:
        return self.query_one("#events-log", RichLog)

    def add_events(self, events: list[dict]) -> None:
        """Append Events; only the last `KEEP` of a large batch are drawn, and the log scrolls once."""
        log = self.log_widget
        shown = []
        for ev in events[-KEEP:]:
            line = event_line(ev)
            plain = line.plain.lower()
            self.lines.append((plain, line))
            if self._matches(plain):
                shown.append(line)
        for i, line in enumerate(shown):
            log.write(line, scroll_end=None if i == len(shown) - 1 else False)

    def _matches(self, plain: str) -> bool:
        return not self.filter_text or self.filter_text in plain

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().lower()
        self._redraw()
        self.border_subtitle = f"{t('filter.active', self.lang)}: {text}" if self.filter_text else ""

    def _redraw(self) -> None:
        log = self.log_widget
        log.clear()
        shown = [line for plain, line in self.lines if self._matches(plain)]
        for i, line in enumerate(shown):
            log.write(line, scroll_end=None if i == len(shown) - 1 else False)

    def on_resize(self, event) -> None:
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        """RichLog wraps a line once, when written: after a resize, wrap every line again."""
        width = self.log_widget.scrollable_content_region.width
        if width != self._width:
            self._width = width
            if width > 0 and self.lines:
                self._redraw()

    def open_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one("#events-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "events-filter":
            event.stop()
            self.set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "events-filter":
            event.stop()
            if not event.value:
                self.remove_class("-filtering")
            self.log_widget.focus()

    def plain_lines(self) -> list[str]:
        return [line.plain for plain, line in self.lines if self._matches(plain)]
