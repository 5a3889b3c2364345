"""The key bar at the bottom, in the player's language: Textual's Footer shows each binding's
description as written in the code (English), so the labels are looked up here."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from kubetui.ui.i18n import binding_label


class LocalFooter(Footer):
    """Footer whose key labels follow `app.lang`; `recompose()` after the language changes.
    A screen's `footer_tip()` adds a line after the keys: what the keys it hides (the command
    bar takes the printable ones) do once the player leaves it."""

    def compose(self):
        lang = getattr(self.app, "lang", "en")
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = binding_label(widget.description, lang)
            yield widget
        tip = getattr(self.screen, "footer_tip", None)
        text = tip() if tip is not None and self._bindings_ready else None
        if text:
            self.styles.grid_size_columns = (self.styles.grid_size_columns or 0) + 1
            yield FooterLabel(text, classes="footer-tip")
