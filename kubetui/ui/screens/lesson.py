"""Overlays before play: the first-run lesson (what the panes are, how to type a command)
and a scenario's briefing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from kubetui.ui.i18n import t

OVERLAY_CSS = """
{name} {{ align: center middle; background: $background 60%; }}
{name} > Vertical {{ width: 76; max-width: 96%; height: auto; max-height: 90%; border: thick $accent;
                     background: $surface; padding: 1 2; }}
{name} VerticalScroll {{ height: auto; max-height: 30; }}
{name} .overlay-foot {{ color: $text-accent; margin-top: 1; }}
"""


class TypingCloses:
    """An overlay that a printable key closes as Enter would, the key then typed into the play
    screen's command bar (the app does it, as it reads the key): a learner who starts typing
    `kubectl get pods` over it means to play, and loses nothing."""

    def close_for_typing(self) -> None:
        raise NotImplementedError


class LessonScreen(TypingCloses, ModalScreen[None]):
    """The first-run lesson: four sentences, then the player is at the command bar."""

    BINDINGS = [Binding("enter,escape,space", "dismiss", "start", priority=True)]
    """Priority bindings run as the app reads the key, so the overlay is gone before the next
    key is read: a key handled by the overlay's own queue left the keys typed right after it
    there too, and they reached neither the command bar nor the game (in a browser, the first
    letters of the first command)."""
    DEFAULT_CSS = OVERLAY_CSS.format(name="LessonScreen")

    def __init__(self, lang: str = "en"):
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        from kubetui.ui.screens.play import compact_size

        compact = compact_size(self.app.size.width, self.app.size.height)
        text = Text()
        for i in range(1, 5):
            key = f"lesson.{i}.compact" if compact and i <= 2 else f"lesson.{i}"
            text.append(f"{i}. ", style="bold")
            text.append(t(key, self.lang) + "\n\n")
        with Vertical() as box:
            box.border_title = t("lesson.title", self.lang)
            yield Static(text, id="lesson-body")
            yield Label(t("lesson.close", self.lang), classes="overlay-foot")

    def close_for_typing(self) -> None:
        self.dismiss()


class BriefingScreen(TypingCloses, ModalScreen[bool]):
    """The scenario's situation and goal; the clock starts when it closes."""

    BINDINGS = [Binding("enter,space", "start", "start", priority=True),
                Binding("escape", "start", "start", show=False, priority=True)]
    """Priority bindings, for the reason LessonScreen's are."""
    DEFAULT_CSS = OVERLAY_CSS.format(name="BriefingScreen")

    def __init__(self, scenario, lang: str = "en"):
        super().__init__()
        self.scenario = scenario
        self.lang = lang

    def compose(self) -> ComposeResult:
        s = self.scenario
        text = Text()
        text.append(s.briefing.get(self.lang).strip() + "\n\n")
        for o in s.objectives:
            text.append("• ", style="bold")
            text.append(o.description.get(self.lang) + "\n")
        with Vertical() as box:
            box.border_title = s.title.get(self.lang)
            with VerticalScroll():
                yield Static(text, id="briefing-body")
            yield Label(t("briefing.start", self.lang), classes="overlay-foot")

    def action_start(self) -> None:
        self.dismiss(True)

    def close_for_typing(self) -> None:
        self.action_start()
