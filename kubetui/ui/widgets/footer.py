"""The key bar at the bottom, in the player's language: Textual's Footer shows each binding's
description as written in the code (English), so the labels are looked up here.

Every key it shows fits the terminal's width: when they do not, it turns compact (less space
between keys), then leaves out the command palette's key, then the keys the screen names in
`FOOTER_DROP` (first listed, first left out), then keys from the right; help and quit stay.
What it leaves out is still listed by `?`."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from kubetui.ui.i18n import binding_label

KEPT = ("help", "quit_game", "app.quit", "quit")
"""Actions the bar never leaves out: with them, the player finds every other key."""
PALETTE_CELLS = 12
"""Cells the command palette's key takes at the right end (its border and padding included)."""


def key_cells(key: str, description: str, compact: bool) -> int:
    """Cells one key takes: ` key description ` (Textual's padding), or `key description ` compact."""
    return cell_len(key) + cell_len(description) + (2 if compact else 3)


class LocalFooter(Footer):
    """Footer whose key labels follow `app.lang`; `recompose()` after the language changes.
    A screen's `footer_tip()` adds a line after the keys: what the keys it hides (the command
    bar takes the printable ones) do once the player leaves it."""

    left_out: tuple[str, ...] = ()
    """Actions of shown bindings left out for want of room (tests and `?` read it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._composed_width = 0

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def on_resize(self) -> None:
        if self._bindings_ready and self._width() != self._composed_width:
            self.call_after_refresh(self.recompose)

    def compose(self):
        lang = getattr(self.app, "lang", "en")
        tip = getattr(self.screen, "footer_tip", None)
        text = tip() if tip is not None and self._bindings_ready else None
        dropped = self._fit(lang, text) if self._bindings_ready else set()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in dropped and "-command-palette" not in widget.classes:
                continue
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = binding_label(widget.description, lang)
            yield widget
        if text:
            self.styles.grid_size_columns = (self.styles.grid_size_columns or 0) + 1
            yield FooterLabel(text, classes="footer-tip")

    def _fit(self, lang: str, tip: str | None) -> set[str]:
        """Choose compact, the palette's key and the keys left out so that the rest fits."""
        width = self._width()
        self._composed_width = width
        keys: dict[str, tuple[str, str]] = {}
        for _, binding, _, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = (self.app.get_key_display(binding), binding_label(binding.description, lang))

        def need(compact: bool, palette: bool, shown: list[str]) -> int:
            total = sum(key_cells(*keys[a], compact) for a in shown)
            if tip:
                total += cell_len(tip) + (0 if compact else 1)
            return total + (PALETTE_CELLS if palette else 0)

        shown = list(keys)
        palette = bool(self.app.ENABLE_COMMAND_PALETTE)
        compact = need(False, palette, shown) > width
        if compact and need(True, palette, shown) > width:
            palette = False
        order = [a for a in getattr(self.screen, "FOOTER_DROP", ()) if a in keys]
        order += [a for a in reversed(shown) if a not in order and a not in KEPT]
        for action in order:
            if need(compact, palette, shown) <= width:
                break
            shown.remove(action)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        self.set_reactive(Footer.show_command_palette, palette)
        self.left_out = tuple(a for a in keys if a not in shown)
        return set(self.left_out)
