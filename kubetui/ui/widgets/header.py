"""The top line: what is being played, the simulated clock, speed, score and cost."""

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
    """Scenario title, tick and clock, speed, paused, score and cost."""

    DEFAULT_CSS = """
    GameHeader { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(self, *, title: str, tick: int, duration: int | None, speed: int, paused: bool,
             score: str | None, cost: str | None, lang: str) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(title, style="bold")
        text.append("  ")
        text.append(f"⏱ {clock_text(tick)}", style="bold")
        if duration is not None:
            text.append(f" / {clock_text(duration)}")
        text.append(f"  {t('play.tick', lang)} {tick}")
        text.append(f"  {t('play.speed', lang)} {speed}×")
        if paused:
            text.append("  ")
            text.append(f" {t('play.paused', lang)} ", style="reverse bold")
        if score is not None:
            text.append(f"  {t('play.score', lang)} {score}")
        if cost is not None:
            text.append(f"  {t('play.cost', lang)} {cost}")
        self.update(text)
