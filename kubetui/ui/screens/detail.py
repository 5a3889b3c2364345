"""Views over one object (describe, YAML, logs, the scheduler's explanation) and the small
prompts the play screen asks (replicas, delete confirmation, the YAML editor, help)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from kubetui.ui.i18n import KEY_HELP, t


class DetailScreen(ModalScreen[None]):
    """A read-only text view: `kubectl describe`, `-o yaml`, `logs`, or an explanation."""

    BINDINGS = [Binding("escape,q", "dismiss", "close")]
    DEFAULT_CSS = """
    DetailScreen { align: center middle; }
    DetailScreen > Vertical { width: 95%; height: 90%; border: round $accent; background: $surface; }
    DetailScreen #detail-command { color: $text-accent; padding: 0 1; height: 1; }
    DetailScreen VerticalScroll { height: 1fr; padding: 0 1; }
    DetailScreen #detail-hint { color: $text-muted; height: 1; padding: 0 1; }
    """

    def __init__(self, title: str, body: str | Text, command: str | None = None, lang: str = "en", *,
                 markdown: str | None = None):
        super().__init__()
        self.title_text = title
        self.body = body
        self.command = command
        self.lang = lang
        self.markdown = markdown
        """A Markdown document shown rendered after the body (an exam's report)."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            if self.command:
                yield Label(f"$ {self.command}", id="detail-command")
            with VerticalScroll():
                if self.body or self.markdown is None:
                    yield Static(self.body if isinstance(self.body, Text) else Text(self.body), id="detail-body")
                if self.markdown is not None:
                    from rich.markdown import Markdown  # only a report needs markdown-it

                    yield Static(Markdown(self.markdown, code_theme="ansi_dark", inline_code_theme="ansi_dark"),
                                 id="detail-markdown")
            yield Label(t("detail.close", self.lang), id="detail-hint")

    def body_text(self) -> str:
        """What the screen says, as text (a Markdown document in its source)."""
        body = self.body.plain if isinstance(self.body, Text) else self.body
        return body + (f"\n{self.markdown}" if self.markdown is not None else "")


def explanation(pod: dict, verdicts: list[dict], lang: str) -> Text:
    """The scheduler's verdict per node for a Pending pod, as a learner reads it."""
    text = Text()
    text.append(t("detail.explain", lang) + "\n\n", style="bold")
    width = max([len(v["node"]) for v in verdicts] + [4])
    for v in verdicts:
        text.append(f"{v['node']:<{width}}  ")
        if v["fits"]:
            text.append(f"✔ {t('detail.fits', lang)} {v['score']}\n", style="green")
        else:
            reasons = v["reasons"]
            if isinstance(reasons, (list, tuple)):
                reasons = "; ".join(str(r) for r in reasons)
            text.append(f"✖ {reasons}\n", style="red")
    return text


class EditScreen(ModalScreen[None]):
    """A YAML editor; ctrl+s sends the text through the door (`kubectl edit`, or `cat > FILE` for a
    file), errors stay on screen to fix."""

    BINDINGS = [Binding("ctrl+s", "save", "apply"), Binding("escape", "cancel", "cancel", priority=True)]
    """Escape has priority: a TextArea that indents with Tab would otherwise take it to move focus.
    With changes made, it asks first: a vi user's Esc (then `:wq`) must not throw the edit away."""
    DEFAULT_CSS = """
    EditScreen { align: center middle; }
    EditScreen > Vertical { width: 95%; height: 92%; border: round $accent; background: $surface; }
    EditScreen TextArea { height: 1fr; }
    EditScreen #edit-error { color: $text-error; height: auto; max-height: 6; padding: 0 1; }
    EditScreen #edit-hint { color: $text-muted; height: 1; padding: 0 1; }
    """

    def __init__(self, title: str, text: str, apply, lang: str = "en", hint: str | None = None):
        super().__init__()
        self.title_text = title
        self.hint = hint if hint is not None else t("edit.title", lang)
        self.text = text
        self.apply = apply
        """`apply(text) -> Result`: sends the edited YAML through the kubectl layer."""
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield TextArea(self.text, language=None, id="edit-area", soft_wrap=False, tab_behavior="indent")
            yield Static("", id="edit-error")
            yield Label(self.hint, id="edit-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.text:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(t("edit.discard", self.lang)), answered)

    def action_save(self) -> None:
        result = self.apply(self.query_one(TextArea).text)
        if result.exit_code == 0:
            self.dismiss(None)
        else:
            self.query_one("#edit-error", Static).update(Text((result.stderr or result.stdout).rstrip()))


class PromptScreen(ModalScreen[str | None]):
    """One line of input (replicas to scale to); Enter answers, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 60; height: auto; border: round $accent; background: $surface; padding: 1 2; }
    """

    def __init__(self, question: str, value: str = "", restrict: str | None = None):
        super().__init__()
        self.question = question
        self.value = value
        self.restrict = restrict

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield Input(self.value, restrict=self.restrict, id="prompt-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """y confirms, n or Esc declines."""

    BINDINGS = [Binding("y", "answer(True)", "yes"), Binding("n,escape", "answer(False)", "no")]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 70; max-width: 100%; height: auto; border: round $error; background: $surface;
                               padding: 1 2; }
    ConfirmScreen Label { width: 100%; }
    ConfirmScreen #confirm-command { color: $text-muted; }
    """

    def __init__(self, question: str, command: str | None = None):
        super().__init__()
        self.question = question
        self.command = command

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            if self.command:
                yield Label(f"$ {self.command}", id="confirm-command")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class HelpScreen(ModalScreen[None]):
    """Every key the play screen knows."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80; max-width: 95%; height: auto; max-height: 90%;
                                  border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, lang: str = "en", sections: list[tuple[str | None, list]] | None = None):
        super().__init__()
        self.lang = lang
        self.sections = sections if sections is not None else [(None, KEY_HELP)]
        """(heading, [(key, English, Korean)]) in order; the play screen's keys alone by default."""

    def compose(self) -> ComposeResult:
        text = Text()
        for i, (heading, keys) in enumerate(self.sections):
            if heading:
                text.append(("\n" if i else "") + heading + "\n", style="bold underline")
            for key, en, ko in keys:
                text.append(f"{key:>8}  ", style="bold")
                text.append((ko if self.lang == "ko" else en) + "\n")
        with VerticalScroll() as box:
            box.border_title = t("help.title", self.lang)
            yield Static(text, id="help-body")
