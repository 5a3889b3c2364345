"""The Objectives panel: each objective of the scenario, live, in the words a person would
write; the machine detail (the reason each judgement gives, the type, fields and window) is
one key away (`m`)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kubetui.ui.i18n import t

STATE_MARK = {"passing": ("✔", "bold green"), "at-risk": ("!", "bold yellow"), "failed": ("✖", "bold red"),
              "pending": ("…", "dim")}


def objectives_text(objectives, statuses, lang: str, detail: bool = False) -> Text:
    text = Text()
    if not objectives:
        text.append(t("objective.none", lang), style="dim")
        return text
    by_id = {s.id: s for s in statuses}
    for i, o in enumerate(objectives):
        if i:
            text.append("\n")
        status = by_id.get(o.id)
        state = status.state if status is not None else "pending"
        mark, style = STATE_MARK.get(state, ("?", ""))
        text.append(f"{mark} ", style=style)
        text.append(o.description.get(lang), style="bold")
        text.append(f"  [{t('objective.' + state, lang)}]", style=style)
        if not o.required:
            text.append(" (optional)" if lang != "ko" else " (선택)", style="dim")
        if detail:
            if status is not None:
                text.append(f"\n   {status.reason.get(lang)}", style="dim" if state in ("passing", "pending") else style)
            machine = getattr(o, "detail", None)
            if machine:
                text.append(f"\n   {machine}", style="dim italic")
    return text


class ObjectivesPanel(Static):
    """What the scenario asks, and where each ask stands now."""

    def __init__(self, lang: str = "en", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang
        self.border_title = t("pane.objectives", lang)
        self.border_subtitle = t("objective.detail_key", lang)
        self.detail = False
        self._last: tuple = ((), ())

    def show(self, objectives, statuses) -> None:
        self._last = (objectives, statuses)
        self.update(objectives_text(objectives, statuses, self.lang, self.detail))

    def toggle_detail(self) -> bool:
        """Show or hide the machine detail; returns whether it is now shown."""
        self.detail = not self.detail
        self.show(*self._last)
        return self.detail
