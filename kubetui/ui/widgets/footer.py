"""The key bar at the bottom, in the player's language: Textual's Footer shows each binding's
description as written in the code (English), so the labels are looked up here."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from kubetui.ui.i18n import binding_label


class LocalFooter(Footer):
    """Footer whose key labels follow `app.lang`; `recompose()` after the language changes."""

    def compose(self):
        lang = getattr(self.app, "lang", "en")
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = binding_label(widget.description, lang)
            yield widget
