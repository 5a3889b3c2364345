"""The home screen: the campaign with the player's stars, exercises, the sandbox, the exam and
the grades of past exams, and replays.

The next lesson not yet completed is selected at start, so Enter plays it.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from kubetui.ui.i18n import t
from kubetui.ui.widgets.footer import LocalFooter


def stars_text(n: int, of: int = 3) -> str:
    return "★" * n + "☆" * max(0, of - n)


def replay_logs() -> list[Path]:
    """Event logs of the player's runs, newest first."""
    from kubetui.replay.paths import logs_dir

    folder = logs_dir()
    try:
        return sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True)[:20]
    except OSError:
        return []


CONCEPT_NAMES = {"master-node": "control-plane"}
"""A concept shown by today's Kubernetes word where the notes' id keeps an older one."""

PAST_EXAMS = 5
"""Past exams the home screen lists, newest first."""


def past_exams(progress) -> list[tuple[int, dict]]:
    """(index, {"seed", "minutes", "score", "passed"}) of the last exams taken, newest first;
    entries the progress file holds in another shape are skipped."""
    out = []
    for i in range(len(progress.exams) - 1, -1, -1):
        entry = progress.exams[i]
        try:
            out.append((i, {"seed": int(entry["seed"]), "minutes": int(entry["minutes"]),
                            "score": float(entry["score"]), "passed": bool(entry["passed"])}))
        except (KeyError, TypeError, ValueError):
            continue
        if len(out) >= PAST_EXAMS:
            break
    return out


class HomeScreen(Screen):
    """Pick what to play."""

    BINDINGS = [
        Binding("enter", "play", "play", show=True),
        Binding("l", "language", "language"),
        Binding("question_mark", "help", "help"),
        Binding("q", "app.quit", "quit"),
    ]
    DEFAULT_CSS = """
    HomeScreen { layout: vertical; }
    HomeScreen #home-title { height: 3; content-align: center middle; text-style: bold; color: $text-accent;
                             width: 1fr; }
    HomeScreen Horizontal { height: 1fr; }
    HomeScreen OptionList { width: 1fr; min-width: 36; border: round $primary 50%;
                           text-wrap: nowrap; text-overflow: ellipsis; }
    HomeScreen #home-detail-box { width: 1fr; border: round $primary 50%; padding: 0 1; }
    HomeScreen #home-help { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self):
        super().__init__()
        self.items: dict[str, tuple[str, object]] = {}
        """option id -> (what, payload): ("scenario", Scenario), ("sandbox", None), ("replay", Path)."""
        self.scenarios: list = []
        self.error: str | None = None
        self._catalog: dict[str, list] | None = None
        """The scenarios and packs are read once per home screen: reading them again on every
        return from a game took seconds, and they do not change while the game runs."""

    @property
    def lang(self) -> str:
        return self.app.lang

    def compose(self) -> ComposeResult:
        yield Label(t("app.title", self.lang), id="home-title")
        with Horizontal():
            yield OptionList(id="home-list")
            with VerticalScroll(id="home-detail-box"):
                yield Static(id="home-detail")
        yield Label(t("home.help", self.lang), id="home-help")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def _discover(self) -> list:
        from kubetui.scenario.loader import discover

        try:
            return discover(self.app.scenarios_root)
        except Exception as exc:
            messages = getattr(exc, "messages", None)
            self.error = "\n".join(messages) if messages else str(exc)
            return []

    def reload(self) -> None:
        lang = self.lang
        self.query_one("#home-title", Label).update(t("app.title", lang))
        self.query_one("#home-help", Label).update(t("home.help", lang))
        if not self.scenarios and self.error is None:
            self.scenarios = self._discover()
        progress = self.app.progress
        options: list = []
        self.items = {}
        campaign = [s for s in self.scenarios if s.mode == "scenario"]
        first_unplayed: str | None = None
        for heading, group in ((t("home.campaign", lang), campaign),):
            options.append(Option(Text(heading, style="bold underline"), disabled=True))
            if not group:
                options.append(Option(Text("  " + t("home.no_scenarios", lang), style="dim"), disabled=True))
            for s in group:
                oid = f"scenario:{s.id}"
                done = progress.completed(s.id)
                label = Text("  ")
                label.append(stars_text(progress.stars(s.id)), style="yellow" if done else "dim")
                label.append(f"  {s.title.get(lang)}")
                if done:
                    label.append("  ✔", style="green")
                options.append(Option(label, id=oid))
                self.items[oid] = ("scenario", s)
                if first_unplayed is None and not done and s.mode == "scenario":
                    first_unplayed = oid
        options.append(Option(Text(t("home.exercises", lang), style="bold underline"), disabled=True))
        for domain, exercises in self._exercises().items():
            if not exercises:
                continue
            oid = f"exercises:{domain}"
            solved = sum(1 for e in exercises if progress.solved(e.id))
            label = Text(f"  {domain:<20}", style="green" if solved == len(exercises) else "")
            label.append(f" {solved}/{len(exercises)}", style="dim")
            options.append(Option(label, id=oid))
            self.items[oid] = ("exercises", exercises)
        options.append(Option(Text(" "), disabled=True))
        options.append(Option(Text(t("home.sandbox", lang), style="bold"), id="sandbox"))
        self.items["sandbox"] = ("sandbox", None)
        options.append(Option(Text(t("home.exam_start", lang), style="bold"), id="exam"))
        self.items["exam"] = ("exam", None)
        for i, entry in past_exams(progress):
            oid = f"exam-report:{i}"
            label = Text("  ")
            label.append(f"{entry['score']:5.1f}% {'✔' if entry['passed'] else '✖'}",
                         style="green" if entry["passed"] else "red")
            label.append("  " + t("home.exam_past", lang, seed=entry["seed"], minutes=entry["minutes"]), style="dim")
            options.append(Option(label, id=oid))
            self.items[oid] = ("exam-report", entry)
        options.append(Option(Text(t("home.replays", lang), style="bold underline"), disabled=True))
        for path in replay_logs():
            oid = f"replay:{path.name}"
            options.append(Option(Text(f"  {path.name}"), id=oid))
            self.items[oid] = ("replay", path)
        options.append(Option(Text(t("home.language", lang), style="dim"), id="language"))
        self.items["language"] = ("language", None)
        ol = self.query_one(OptionList)
        ol.clear_options()
        ol.add_options(options)
        target = first_unplayed or "sandbox"
        ol.highlighted = ol.get_option_index(target)
        self._describe(target)

    def _exercises(self) -> dict[str, list]:
        """The shipped exercise packs by domain (none when they cannot be read)."""
        from kubetui.exercise.catalog import load_catalog
        from kubetui.scenario.errors import ScenarioError

        if self._catalog is None:
            try:
                self._catalog = load_catalog().by_domain()
            except ScenarioError:
                self._catalog = {}
        return self._catalog

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._play(event.option.id)

    def _describe(self, oid: str | None) -> None:
        lang = self.lang
        what, payload = self.items.get(oid or "", (None, None))
        text = Text()
        if what == "scenario":
            s = payload
            text.append(s.title.get(lang) + "\n", style="bold")
            text.append(f"{t('home.difficulty', lang)} {'●' * s.difficulty}{'○' * (5 - s.difficulty)}   ")
            text.append(stars_text(self.app.progress.stars(s.id)) + "\n\n", style="yellow")
            text.append(s.briefing.get(lang).strip() + "\n\n")
            text.append(f"{t('home.concepts', lang)}: ", style="bold")
            text.append(", ".join(CONCEPT_NAMES.get(c, c) for c in s.concepts) + "\n\n")
            text.append(s.seedLine.get(lang), style="italic dim")
        elif what == "sandbox":
            text.append(t("home.sandbox", lang), style="bold")
            text.append("\n\nkubectl create deployment web --image=nginx:1.25 --replicas=3\nsim fail-node node-1\n",
                        style="dim")
        elif what == "exercises":
            progress = self.app.progress
            for e in payload:
                text.append("✔ " if progress.solved(e.id) else "· ", style="green" if progress.solved(e.id) else "dim")
                text.append(f"{e.title.get(lang)}\n")
            text.append(f"\nkubetui exercise {self._next_exercise(payload).id}", style="dim")
        elif what == "exam":
            from kubetui.exercise.exam import PASS_MARK
            from kubetui.ui.screens.exam import reports_dir

            text.append(t("exam.title", lang) + "\n\n", style="bold")
            text.append(t("exam.about", lang, mark=round(PASS_MARK * 100), folder=reports_dir()) + "\n\n")
            taken = past_exams(self.app.progress)
            if taken:
                best = max(e["score"] for _, e in taken)
                text.append(t("home.exam_taken", lang, count=len(self.app.progress.exams), best=f"{best:.1f}"),
                            style="dim")
            else:
                text.append(t("home.exam_none", lang), style="dim")
        elif what == "exam-report":
            from kubetui.ui.screens.exam import report_path

            text.append(f"{payload['score']:.1f}%  ", style="bold green" if payload["passed"] else "bold red")
            text.append(t("results.passed" if payload["passed"] else "results.failed", lang) + "\n\n")
            text.append(f"kubetui exam --minutes {payload['minutes']} --seed {payload['seed']}\n", style="dim")
            text.append(str(report_path(payload["seed"])), style="dim")
        elif what == "replay":
            text.append(f"kubetui replay {payload}")
        elif what == "language":
            text.append(t("home.language", lang) + "\n\n", style="bold")
            text.append(t("home.language_about", lang))
        if self.error:
            text.append("\n\n" + self.error, style="red")
        self.query_one("#home-detail", Static).update(text)

    def _next_exercise(self, exercises: list):
        return next((e for e in exercises if not self.app.progress.solved(e.id)), exercises[0])

    def action_play(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is not None:
            self._play(ol.get_option_at_index(ol.highlighted).id)

    def _play(self, oid: str | None) -> None:
        what, payload = self.items.get(oid or "", (None, None))
        if what == "scenario":
            self.app.start_game(payload)
        elif what == "sandbox":
            self.app.start_game(None, nodes=self.app.sandbox_nodes or 3)
        elif what == "exercises":
            self.app.open_exercise(self._next_exercise(payload))
        elif what == "replay":
            self.app.open_replay(payload)
        elif what == "exam":
            self.open_exam_start()
        elif what == "exam-report":
            self.open_exam_report(payload)
        elif what == "language":
            self.action_language()

    def action_help(self) -> None:
        """?: the keys of this screen, then those of a game (where a new player goes next)."""
        from kubetui.ui.i18n import HOME_KEY_HELP, KEY_HELP
        from kubetui.ui.screens.detail import HelpScreen

        lang = self.lang
        self.app.push_screen(HelpScreen(lang, [(t("help.home", lang), HOME_KEY_HELP), (t("help.game", lang), KEY_HELP)]))

    def action_language(self) -> None:
        self.app.set_lang("ko" if self.lang == "en" else "en")
        self.reload()

    def open_exam_start(self) -> None:
        """The exam's start screen: the last exam's duration, and a seed not drawn before."""
        from kubetui.ui.screens.exam import ExamStartScreen

        taken = past_exams(self.app.progress)
        minutes = taken[0][1]["minutes"] if taken else 120
        screen = ExamStartScreen(self.lang, minutes=minutes, seed=len(self.app.progress.exams))

        def started(choice: tuple[int, int] | None) -> None:
            if choice is not None:
                self.app.start_exam(*choice)

        self.app.push_screen(screen, started)

    def open_exam_report(self, entry: dict) -> None:
        from kubetui.ui.screens.detail import DetailScreen
        from kubetui.ui.screens.exam import report_path, reports_dir

        path = report_path(entry["seed"])
        try:
            body = path.read_text(encoding="utf-8")
        except OSError:
            self.app.notify(t("exam.no_report", self.lang, folder=reports_dir()), severity="warning")
            return
        title = f"{t('exam.title', self.lang)}: {entry['score']:.1f}%"
        self.app.push_screen(DetailScreen(title, "", None, self.lang, markdown=body))
