"""The results screen: each objective's verdict and reason, stars, the score breakdown, the
debrief in the player's language, and where the run's event log is."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from kubetui.ui.i18n import t
from kubetui.ui.screens.home import stars_text
from kubetui.ui.widgets.footer import LocalFooter
from kubetui.ui.widgets.objectives import STATE_MARK


def results_text(game, breakdown, verdicts, lang: str) -> Text:
    s = game.scenario
    text = Text()
    text.append(f"{t('results.title', lang)}: {s.title.get(lang)}\n", style="bold")
    passed = breakdown.allRequiredPassed
    text.append(f"{t('results.passed' if passed else 'results.failed', lang)}  ",
                style="bold green" if passed else "bold red")
    text.append(stars_text(breakdown.stars) + "\n\n", style="bold yellow")
    by_id = {v.id: v for v in verdicts}
    for o in s.objectives:
        v = by_id.get(o.id)
        state = v.state if v is not None else "pending"
        mark, style = STATE_MARK.get(state, ("?", ""))
        text.append(f"{mark} {o.description.get(lang)}\n", style=style)
        if v is not None:
            text.append(f"   {v.reason.get(lang)}\n", style="dim")
    text.append(f"\n{t('results.score', lang)}: {breakdown.points}/{breakdown.maxPoints}\n", style="bold")
    guards = {o.id for o in s.objectives if o.guard}
    all_passing = all(by_id.get(o.id) is not None and by_id[o.id].state == "passing" for o in s.objectives)
    for line in breakdown.lines:
        text.append(f"  {line.points:>4} / {line.maxPoints:<4} {line.label.get(lang)}")
        text.append(f"{_withheld(line, guards, by_id, all_passing, lang)}\n", style="dim")
    text.append(f"\n{t('results.debrief', lang)}\n", style="bold")
    text.append(game.session.debrief(lang).strip() + "\n")
    text.append(f"\n{t('results.log', lang)}: ", style="bold")
    text.append(str(game.log_path) if game.log_path else t("results.nolog", lang))
    text.append(f"\n{t('results.seed', lang)}: ", style="bold")
    text.append(f"{game.seed}  ")
    text.append(t("results.seed_again", lang, command=f"kubetui play {s.id} --seed {game.seed}"), style="dim")
    text.append(f"\n\n{t('results.back', lang)}", style="dim")
    return text


def _withheld(line, guards: set[str], by_id: dict, all_passing: bool, lang: str) -> str:
    """Why a row earned nothing although it reads as done: a passing guard (its points count
    once every other objective passes) or the time row after a later failure. Without it the
    player sees `✔` above and `0 / 100` here."""
    if line.points or not line.maxPoints:
        return ""
    v = by_id.get(line.id)
    if line.kind == "objective" and line.id in guards and v is not None and v.state == "passing":
        return f"  ({t('results.guard_withheld', lang)})"
    if line.kind == "time" and not all_passing:
        return f"  ({t('results.time_not_all', lang)})"
    return ""


FINISH_BUDGET = 0.05
"""Real seconds of stepping between two redraws of the finishing overlay."""


class FinishingScreen(ModalScreen[None]):
    """The rest of a scenario's time, run at once after the player chose to finish; the keys
    wait meanwhile (no command can slip in), then the results screen replaces the game."""

    DEFAULT_CSS = """
    FinishingScreen { align: center middle; background: $background 60%; }
    FinishingScreen Label { width: auto; border: thick $accent; background: $surface; padding: 1 2; }
    """

    def __init__(self, game, lang: str = "en"):
        super().__init__()
        self.game = game
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Label(self._text(), id="finishing")

    def _text(self) -> str:
        return t("finish.running", self.lang, tick=self.game.sim.tick, end=self.game.duration)

    def on_mount(self) -> None:
        self.call_after_refresh(self._run)

    def _run(self) -> None:
        game = self.game
        if self.app.game is not game:
            return
        began = time.perf_counter()
        while not game.finished and time.perf_counter() - began < FINISH_BUDGET:
            if not game.step(1):
                break
        self.query_one("#finishing", Label).update(self._text())
        if game.finished:
            self.app.end_game()
        else:
            self.set_timer(0.01, self._run)


class ResultsScreen(Screen):
    """How the run went."""

    BINDINGS = [Binding("enter,escape,q", "home", "menu"), Binding("r", "retry", "retry")]
    DEFAULT_CSS = """
    ResultsScreen { align: center middle; }
    ResultsScreen VerticalScroll { width: 90; max-width: 96%; height: auto; max-height: 95%;
                                   border: thick $accent; background: $surface; padding: 1 2; }
    """

    def __init__(self, game, breakdown, verdicts, lang: str = "en"):
        super().__init__()
        self.game = game
        self.breakdown = breakdown
        self.verdicts = verdicts
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(results_text(self.game, self.breakdown, self.verdicts, self.lang), id="results-body")
        yield LocalFooter()

    def action_home(self) -> None:
        self.app.back_home()

    def action_retry(self) -> None:
        scenario = self.game.scenario
        self.app.pop_screen()
        self.app.start_game(scenario.path or scenario)
