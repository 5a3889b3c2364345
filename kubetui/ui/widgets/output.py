"""The output pane: each command the player (or the UI on the player's behalf) ran, and
exactly what kubectl printed."""

from __future__ import annotations

import re
from collections import deque

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import RichLog

from kubetui.model.deprecations import removed_in_error
from kubetui.ui.i18n import t

NOTICE = re.compile(r'Defaulted container "|Found \d+ pods, using pod/')
"""What kubectl tells on stderr before the output it chose (which pod, which container): not an error."""


KEEP_LINES = 5000
"""Lines of scrollback: the whole output of the last commands (`get pods -o wide` of a big cluster)."""
KEEP_WRITES = 1000
"""Writes kept to wrap again after a resize (a command's whole output is one write)."""
REWRAP_LINES = 2000
"""Lines wrapped again after a resize; older output is dropped then (a resize is rare)."""
REWRAP_AFTER = 0.1
"""Real seconds without another resize before wrapping again (dragging a window sends many)."""


def removed_api_hint(removed, lang: str) -> str:
    """The learner's way out of `no matches for kind`: the version that replaced a removed one."""
    if removed.replacement is None:
        text = t("deprecation.gone", lang, kind=removed.kind, version=removed.version, release=removed.removed_in)
    else:
        text = t("deprecation.moved", lang, kind=removed.kind, version=removed.version,
                 release=removed.removed_in, replacement=removed.replacement)
    note = removed.note_ko if lang == "ko" else removed.note
    return text + (f" ({note})" if note else "")


def fold(text: Text, width: int) -> Text:
    """Cut lines longer than `width` cells where a terminal would, at the last column.

    Rich's word wrap costs ~4x a plain render for a command's whole output; lines that fit (almost
    all of `kubectl get`) are left as they are, so only long lines cost anything.
    """
    if width <= 0:
        return text
    plain = text.plain
    offsets: list[int] = []
    start = 0
    for line in plain.split("\n"):
        if len(line) > width // 2 and cell_len(line) > width:
            cells = 0
            for i, ch in enumerate(line):
                w = cell_len(ch)
                if cells + w > width:
                    offsets.append(start + i)
                    cells = 0
                cells += w
        start += len(line) + 1
    if not offsets:
        return text
    return Text("\n").join(text.divide(offsets))


def stderr_style(line: str) -> str:
    """How a line kubectl or a program wrote on stderr shows: a warning, a notice, or an error."""
    return "yellow" if line.startswith("Warning: ") else "dim" if NOTICE.match(line) else "red"


def in_order(said: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """A program's output (stdout 1 and stderr 2, in the order written) as runs of whole lines
    of one style: (text without its last newline, style)."""
    runs: list[tuple[str, str]] = []
    merged: list[list] = []
    for fd, text in said:
        if merged and merged[-1][0] == fd:
            merged[-1][1] += text
        elif text:
            merged.append([fd, text])
    for fd, text in merged:
        for line in text.rstrip("\n").split("\n"):
            style = "" if fd == 1 else stderr_style(line)
            if runs and runs[-1][1] == style:
                runs[-1] = (runs[-1][0] + "\n" + line, style)
            else:
                runs.append((line, style))
    return runs


def unseen(said: list[tuple[int, str]], out_at: int, err_at: int) -> list[tuple[int, str]]:
    """What a transcript holds past the first `out_at` characters of its stdout and `err_at` of
    its stderr (those already shown)."""
    left = {1: out_at, 2: err_at}
    out = []
    for fd, text in said:
        skip = min(left[fd], len(text))
        left[fd] -= skip
        if skip < len(text):
            out.append((fd, text[skip:]))
    return out


MATCH = Style(reverse=True)
"""The line of the current search match."""


class OutputPane(RichLog):
    """`$ kubectl ...`, the API server's warnings in yellow (they arrive first), stdout, then errors in red."""

    BINDINGS = [
        Binding("n", "next_match(1)", "next match", show=False),
        Binding("N", "next_match(-1)", "previous match", show=False),
    ]

    def __init__(self, lang: str = "en", **kwargs):
        super().__init__(wrap=False, markup=False, highlight=False, max_lines=KEEP_LINES, min_width=20, **kwargs)
        self.border_title = t("pane.output", lang)
        self.plain: list[str] = []
        """Everything written, as text (what tests and the player's scrollback read)."""
        self.written: deque[Text] = deque(maxlen=KEEP_WRITES)
        """What was written, to wrap again when the width changes (RichLog wraps once, on write)."""
        self._width = 0
        self._rewrap_timer = None
        self.lang = lang
        self.term = ""
        """What `/` in the maximised pane looks for (lower case); empty: no search."""
        self.match: int | None = None
        """The line of `lines` the search stands on."""

    def write(self, content, *args, **kwargs):
        """Kept for rewrapping once: before the size is known RichLog defers the line and writes
        it again through here when it is."""
        if isinstance(content, Text) and self._size_known:
            self.written.append(content)
        return self._render(content, *args, **kwargs)

    def _render(self, content, width: int | None = None, *args, **kwargs):
        """`width` may come by position: RichLog writes the lines noted before its size was known
        again on its first resize that way."""
        region = self.scrollable_content_region.width
        if width is None and self._size_known and region > 0:
            width = max(region, self.min_width)
            if isinstance(content, Text):
                content = fold(content, width)
        return super().write(content, width, *args, **kwargs)

    def on_resize(self, event) -> None:
        if self._rewrap_timer is not None:
            self._rewrap_timer.stop()
        self._rewrap_timer = self.set_timer(REWRAP_AFTER, self._rewrap)

    def _rewrap(self) -> None:
        """Wrap the recent output again (the last `REWRAP_LINES` lines or so) to the new width."""
        self._rewrap_timer = None
        width = self.scrollable_content_region.width
        if width == self._width:
            return
        self._width = width
        if width <= 0 or not self.written:
            return
        at_end = self.is_vertical_scroll_end
        written, lines = [], 0
        for text in reversed(self.written):
            written.append(text)
            lines += text.plain.count("\n") + 1
            if lines >= REWRAP_LINES:
                break
        written.reverse()
        self.written = deque(written, maxlen=KEEP_WRITES)
        self.clear()
        for i, text in enumerate(written):
            self._render(text, scroll_end=at_end if i == len(written) - 1 else False)

    def command(self, line: str, stdout: str = "", stderr: str = "", note: str | None = None,
                transcript: list[tuple[int, str]] | None = None) -> None:
        """The command line, then what it printed: a program's output (`transcript`) in the order
        it wrote it; kubectl's own as the API server's warnings, notices, output, then errors."""
        header = Text("$ ", style="bold")
        header.append(line, style="bold cyan")
        if note:
            header.append(f"   # {note}", style="dim")
        self.write(header)
        self.plain.append(f"$ {line}")
        if transcript is not None:
            runs = in_order(transcript)
            errors = "\n".join(text for text, style in runs if style == "red")
        else:
            lines = stderr.rstrip("\n").split("\n") if stderr else []
            warnings = "\n".join(line for line in lines if line.startswith("Warning: "))
            notices = "\n".join(line for line in lines if NOTICE.match(line))
            errors = "\n".join(line for line in lines if not line.startswith("Warning: ") and not NOTICE.match(line))
            runs = [(chunk.rstrip("\n"), style) for chunk, style in
                    ((warnings, "yellow"), (notices, "dim"), (stdout, ""), (errors, "red")) if chunk]
        for body, style in runs:
            self.write(Text(body, style=style))
            self.plain.extend(body.split("\n"))
        for removed in removed_in_error(errors):
            self.note(removed_api_hint(removed, self.lang), style="yellow", wrap=True)

    def clear_screen(self) -> None:
        """`clear` at the command bar: the pane starts empty, as a terminal's screen does."""
        self.clear()
        self.written.clear()
        self.plain.clear()
        self.term, self.match = "", None

    def note(self, message: str, style: str = "dim", *, wrap: bool = False) -> None:
        """A line the UI adds (the pane wraps every line to its width, as a terminal does)."""
        self.write(Text(message, style=style))
        self.plain.append(message)

    def text(self) -> str:
        return "\n".join(self.plain)

    # -- search (`/text` while the pane is maximised; n and N move between matches) --------------
    def matches(self) -> list[int]:
        return [i for i, strip in enumerate(self.lines) if self.term in strip.text.lower()] if self.term else []

    def search(self, term: str) -> None:
        """Go to the first line holding `term` (any case) from the top of what is shown, as `less` does."""
        self.term = term.strip().lower()
        self.match = None
        self._move(1, start=int(self.scroll_y) - 1)

    def action_next_match(self, step: int) -> None:
        if self.term:
            self._move(step, start=self.match if self.match is not None else int(self.scroll_y) - step)

    def _move(self, step: int, start: int) -> None:
        found = self.matches()
        if found:
            after = [i for i in found if (i - start) * step > 0]
            self.match = (after[0] if step > 0 else after[-1]) if after else (found[0] if step > 0 else found[-1])
            self.scroll_to(y=max(0, self.match - self.scrollable_content_region.height // 3), animate=False)
            self.border_subtitle = f"/{self.term}  {found.index(self.match) + 1}/{len(found)}"
        else:
            self.border_subtitle = t("output.no_match", self.lang, term=self.term) if self.term else ""
        self._line_cache.clear()
        self.refresh()

    def _render_line(self, y: int, scroll_x: int, width: int) -> Strip:
        line = super()._render_line(y, scroll_x, width)
        return line.apply_style(MATCH) if y == self.match else line
