"""The output pane: each command the player (or the UI on the player's behalf) ran, and
exactly what kubectl printed."""

from __future__ import annotations

import re

from rich.text import Text
from textual.widgets import RichLog

from kubetui.ui.i18n import t


NOTICE = re.compile(r'Defaulted container "|Found \d+ pods, using pod/')
"""What kubectl tells on stderr before the output it chose (which pod, which container): not an error."""


class OutputPane(RichLog):
    """`$ kubectl ...`, the API server's warnings in yellow (they arrive first), stdout, then errors in red."""

    def __init__(self, lang: str = "en", **kwargs):
        super().__init__(wrap=False, markup=False, highlight=False, max_lines=2000, min_width=40, **kwargs)
        self.border_title = t("pane.output", lang)
        self.plain: list[str] = []
        """Everything written, as text (what tests and the player's scrollback read)."""

    def command(self, line: str, stdout: str = "", stderr: str = "", note: str | None = None) -> None:
        header = Text("$ ", style="bold")
        header.append(line, style="bold cyan")
        if note:
            header.append(f"   # {note}", style="dim")
        self.write(header)
        self.plain.append(f"$ {line}")
        lines = stderr.rstrip("\n").split("\n") if stderr else []
        warnings = "\n".join(line for line in lines if line.startswith("Warning: "))
        notices = "\n".join(line for line in lines if NOTICE.match(line))
        errors = "\n".join(line for line in lines if not line.startswith("Warning: ") and not NOTICE.match(line))
        for chunk, style in ((warnings, "yellow"), (notices, "dim"), (stdout, ""), (errors, "red")):
            if chunk:
                body = chunk.rstrip("\n")
                self.write(Text(body, style=style))
                self.plain.extend(body.split("\n"))

    def note(self, message: str, style: str = "dim", *, wrap: bool = False) -> None:
        """A line the UI adds; `wrap` folds prose (a hint, an explanation) to the pane's width,
        where kubectl's own output stays one line per line as kubectl printed it."""
        text = Text(message, style=style)
        width = self.scrollable_content_region.width
        if wrap and width > 0:
            text = Text("\n", style=style).join(text.wrap(self.app.console, width))
        self.write(text)
        self.plain.append(message)

    def text(self) -> str:
        return "\n".join(self.plain)
