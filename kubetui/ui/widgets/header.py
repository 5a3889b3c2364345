"""The top line: what is being played, the simulated clock, speed, score, cost, and the
kubeconfig's current context and namespace."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kubetui.ui.i18n import t


def clock_text(tick: int) -> str:
    """`00:05:12`: hours, minutes and seconds of simulated time since the run began."""
    h, rest = divmod(max(0, tick), 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"


class GameHeader(Static):
    """Scenario title, tick and clock, speed, paused, score, cost, and `⎈ context:namespace`."""

    DEFAULT_CSS = """
    GameHeader { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    _shown: Text | None = None

    def show(self, *, title: str, tick: int, duration: int | None, speed: int, paused: bool,
             score: str | None, cost: str | None, lang: str, api: str | None = None,
             context: str | None = None, countdown: float | None = None) -> None:
        """Everything when it fits; on a narrow terminal the end time, then the tick count, then
        the word `speed`, then the context give way, and the title is shortened last, so score
        and cost stay."""
        width = self.size.width - 2 if self.size.width else None
        drop: set[str] = set()
        for give_way in ("", "duration", "tick", "speed-word", "context", "title"):
            drop.add(give_way)
            text = self._line(title, tick, duration, speed, paused, score, cost, lang, drop, api, context, countdown)
            if width is None or text.cell_len <= width:
                break
        if "title" in drop and width is not None:
            short = Text(title)
            short.truncate(max(4, short.cell_len - (text.cell_len - width)), overflow="ellipsis")
            text = self._line(short.plain, tick, duration, speed, paused, score, cost, lang, drop, api, context,
                              countdown)
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)  # one line always: no layout of the screen for a new tick

    def _line(self, title, tick, duration, speed, paused, score, cost, lang, drop: set[str], api=None,
              context=None, countdown=None) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(title, style="bold")
        text.append("  ")
        if countdown is not None:
            left = max(0, int(countdown))
            text.append(f"⌛ {left // 3600}:{left % 3600 // 60:02d}:{left % 60:02d} {t('exam.left', lang)}",
                        style="bold red" if left < 300 else "bold yellow")
            text.append("  ")
        text.append(f"⏱ {clock_text(tick)}", style="bold")
        if duration is not None and "duration" not in drop:
            text.append(f" / {clock_text(duration)}")
        if "tick" not in drop:
            text.append(f"  {t('play.tick', lang)} {tick}")
        text.append(f"  {speed}×" if "speed-word" in drop else f"  {t('play.speed', lang)} {speed}×")
        if paused:
            text.append("  ")
            text.append(f" {t('play.paused', lang)} ", style="reverse bold")
        if score is not None:
            text.append(f"  {t('play.score', lang)} {score}")
        if cost is not None:
            text.append(f"  {t('play.cost', lang)} {cost}")
        if context is not None and "context" not in drop:
            text.append(f"  ⎈ {context}", style="bold cyan")
        if api is not None:
            text.append("  ")
            text.append(f" {api} ", style="bold reverse green")
        return text
