"""The exam from the home screen: what it is, its duration and seed, and the result at the end.

The start screen draws the exam the way `kubetui exam --minutes N --seed N` does and shows what
was drawn before the clock starts; the exam itself runs on the practice screen (an
ExamSession), and its graded report comes back over the home screen.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from kubetui.ui.i18n import t

DURATIONS = (30, 60, 120)
"""Minutes the start screen offers."""


def reports_dir() -> Path:
    """Where exams taken in the game save their reports: `exams/` in the player's data folder."""
    from kubetui.datadir import data_dir

    return data_dir() / "exams"


def report_path(seed: int) -> Path:
    return reports_dir() / f"exam-seed{seed}.md"


def result_view(result, path: Path | None, lang: str) -> tuple[str, Text, str]:
    """The title, text and report (Markdown, shown rendered) the finished exam is shown with:
    grade, verdict, where the report is saved, then the report itself."""
    verdict = t("results.passed" if result.passed else "results.failed", lang)
    title = f"{t('exam.title', lang)}: {result.score * 100:.1f}% — {verdict}"
    body = Text()
    body.append(f"{result.score * 100:.1f}%  {verdict}\n", style="bold green" if result.passed else "bold red")
    if path is not None:
        body.append(t("exam.saved", lang, path=path) + "\n", style="dim")
    return title, body, result.markdown(lang)


class ExamStartScreen(ModalScreen[tuple[int, int] | None]):
    """Duration and seed for a new exam; dismisses with (minutes, seed), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "back")]
    DEFAULT_CSS = """
    ExamStartScreen { align: center middle; background: $background 60%; }
    ExamStartScreen > VerticalScroll { width: 84; max-width: 96%; height: auto; max-height: 100%;
                                       border: thick $accent; background: $surface; padding: 0 1; }
    ExamStartScreen #exam-about { margin-bottom: 1; }
    ExamStartScreen .exam-row { height: auto; }
    ExamStartScreen .exam-label { width: 12; padding-top: 1; text-style: bold; }
    ExamStartScreen RadioSet { layout: horizontal; width: auto; }
    ExamStartScreen #exam-seed { width: 14; }
    ExamStartScreen #exam-seed-help { padding-top: 1; padding-left: 1; color: $text-muted; }
    ExamStartScreen #exam-draw { height: auto; color: $text-accent; }
    ExamStartScreen #exam-buttons { height: auto; }
    ExamStartScreen #exam-buttons Button { margin-right: 2; }
    ExamStartScreen #exam-keys { color: $text-muted; }
    """

    def __init__(self, lang: str = "en", *, minutes: int = 120, seed: int = 0, catalog=None):
        super().__init__()
        self.lang = lang
        self.minutes = minutes if minutes in DURATIONS else DURATIONS[-1]
        self.seed = seed
        self.catalog = catalog
        self.drawn: list = []
        """The exercises the chosen duration and seed draw."""

    def compose(self) -> ComposeResult:
        from kubetui.exercise.exam import PASS_MARK

        lang = self.lang
        with VerticalScroll() as box:
            box.border_title = t("exam.title", lang)
            yield Static(t("exam.about", lang, mark=round(PASS_MARK * 100), folder=reports_dir()), id="exam-about")
            with Horizontal(classes="exam-row"):
                yield Label(t("exam.minutes", lang), classes="exam-label")
                with RadioSet(id="exam-minutes"):
                    for m in DURATIONS:
                        yield RadioButton(t("exam.minutes_value", self.lang, minutes=m), value=m == self.minutes, id=f"exam-minutes-{m}")
            with Horizontal(classes="exam-row"):
                yield Label(t("exam.seed", lang), classes="exam-label")
                yield Input(str(self.seed), type="integer", id="exam-seed")
                yield Label(t("exam.seed_help", lang), id="exam-seed-help")
            yield Static(id="exam-draw")
            with Horizontal(id="exam-buttons"):
                yield Button(t("exam.start", lang), variant="primary", id="exam-start")
                yield Button(t("exam.cancel", lang), id="exam-cancel")
            yield Label(t("exam.keys", lang), id="exam-keys")

    def on_mount(self) -> None:
        self._draw()
        self.query_one("#exam-start", Button).focus()

    def _read_seed(self) -> int | None:
        try:
            return int(self.query_one("#exam-seed", Input).value.strip())
        except ValueError:
            return None

    def _draw(self) -> None:
        """Draw the exam for the duration and seed chosen now, and say what it holds."""
        from kubetui.exercise import exam
        from kubetui.exercise.catalog import domain_of, load_catalog
        from kubetui.scenario.errors import ScenarioError

        lang = self.lang
        out = self.query_one("#exam-draw", Static)
        seed = self._read_seed()
        self.drawn = []
        if seed is None:
            out.update(Text(t("exam.bad_seed", lang), style="red"))
            return
        self.seed = seed
        if self.catalog is None:
            try:
                self.catalog = load_catalog()
            except ScenarioError as exc:
                out.update(Text("\n".join(exc.messages), style="red"))
                return
        self.drawn = exam.draw(self.catalog, self.minutes, seed)
        if not self.drawn:
            out.update(Text(t("exam.no_tasks", lang, minutes=self.minutes), style="red"))
            return
        counts: dict[str, int] = {}
        for ex in self.drawn:
            counts[domain_of(ex)] = counts.get(domain_of(ex), 0) + 1
        domains = ", ".join(f"{d} {n}" for d, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        text = t("exam.draw_one" if len(self.drawn) == 1 else "exam.draw", lang, count=len(self.drawn), domains=domains)
        if start := exam.start_context(self.drawn[0]):
            text += ". " + t("exam.start_context", lang, start=start)
        out.update(text)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.minutes = DURATIONS[event.index]
        self._draw()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._draw()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "exam-start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        self._draw()
        if self.drawn:
            self.dismiss((self.minutes, self.seed))

    def action_cancel(self) -> None:
        self.dismiss(None)
