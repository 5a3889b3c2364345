"""The practice screen: an exercise's task beside the cluster's panes and the command bar.

The player works with real commands; `ctrl+k` checks the cluster as it is (any correct way
passes), `ctrl+g` reveals the next hint (each costs points), and `ctrl+o` shows the reference
solution, but only when asked twice. Every check is saved to the player's progress at once
(written atomically), so quitting or a crash loses nothing already checked.

In an exam the same screen runs each drawn exercise on its own cluster, with a countdown, no
hints and no solution; `ctrl+n` moves on, and the last one (or the end of the time) grades the
exam with partial credit.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from kubetui.exercise.check import CheckReport, check_now
from kubetui.scenario.debrief import RunPath, what_happened
from kubetui.ui.app import KubetuiApp
from kubetui.ui.game import Game
from kubetui.ui.i18n import t
from kubetui.ui.screens.play import PlayScreen
from kubetui.ui.widgets.output import OutputPane

WORDS = {
    "task": ("Task", "과제"),
    "parts": ("Checked", "검사 항목"),
    "hint": ("Hint", "힌트"),
    "keys": ("ctrl+k check · ctrl+g hint · ctrl+o solution", "ctrl+k 검사 · ctrl+g 힌트 · ctrl+o 풀이"),
    "exam-keys": ("ctrl+k check · ctrl+n next task", "ctrl+k 검사 · ctrl+n 다음 문제"),
    "no-hints": ("No more hints.", "힌트가 더 없습니다."),
    "exam-no-help": ("No hints or solutions in an exam.", "시험에서는 힌트와 풀이를 볼 수 없습니다."),
    "solution-confirm": ("Press ctrl+o again to see the solution.", "풀이를 보려면 ctrl+o를 한 번 더 누르세요."),
    "solution": ("Solution", "풀이"),
    "solved": ("Solved! Saved to your progress.", "해결! 진행 상황에 저장했습니다."),
    "exam-solved": ("Every check passes; the exam grades the cluster as it is when you move on or time is up.",
                    "모든 검사를 통과했습니다. 다음 문제로 넘어가거나 시간이 끝날 때의 클러스터로 채점합니다."),
    "explanation": ("Why", "설명"),
    "left": ("left", "남음"),
    "time-up": ("Time is up.", "시간이 끝났습니다."),
}


def word(key: str, lang: str) -> str:
    en, ko = WORDS[key]
    return ko if lang == "ko" else en


def verdict_view(exercise, report: CheckReport, path: RunPath, lang: str) -> tuple[str, Text]:
    """The title and text an exercise finished early is shown with: each check, what happened,
    and the explanation."""
    text = Text()
    text.append(exercise.title.get(lang) + "\n\n", style="bold")
    for line in report.render(lang).splitlines():
        text.append(line + "\n", style="green" if line.startswith("PASS") else "red" if line.startswith("FAIL") else "")
    if report.passed:
        text.append(word("solved", lang) + "\n", style="bold green")
    text.append("\n" + what_happened(exercise, path, lang) + "\n")
    text.append(f"\n{word('explanation', lang)}: ", style="bold")
    text.append(exercise.debrief.get(lang) + "\n")
    verdict = t("results.passed" if report.passed else "results.failed", lang)
    return f"{exercise.title.get(lang)}: {verdict}", text


class TaskPanel(Static):
    """The exercise in words, the hints revealed so far, and the last check's report."""

    def __init__(self, exercise, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.exercise = exercise
        self.lang = lang
        self.hints_shown = 0
        self.report: CheckReport | None = None
        self.path: RunPath | None = None
        """What the run recorded up to the last check (the debrief's "what happened")."""
        self.solution_shown = False
        self.status_line = ""
        self.in_exam = False
        """An exam's task: a check is not saved to the progress (the exam is graded at its end)."""
        self.border_title = word("task", lang)

    def render_text(self) -> Text:
        ex, lang = self.exercise, self.lang
        text = Text()
        text.append(ex.title.get(lang) + "\n", style="bold")
        text.append(ex.briefing.get(lang) + "\n")
        if self.status_line:
            text.append(self.status_line + "\n", style="bold yellow")
        text.append(f"\n{word('parts', lang)}\n", style="bold")
        by_id = {p.id: p for p in self.report.parts} if self.report else {}
        for o in ex.objectives:
            part = by_id.get(o.id)
            mark, style = ("·", "dim") if part is None else (("✔", "green") if part.passed else ("✖", "red"))
            text.append(f"{mark} ", style=style)
            text.append(o.description.get(lang) + "\n")
            if part is not None and not part.passed:
                text.append(f"   {part.reason.get(lang)}\n", style="red")
        if self.report is not None:
            text.append(self.report.render(lang).splitlines()[-1] + "\n", style="bold")
            if self.report.passed:
                text.append(word("exam-solved" if self.in_exam else "solved", lang) + "\n", style="bold green")
                if self.path is not None:
                    text.append("\n" + what_happened(ex, self.path, lang) + "\n")
                text.append(f"\n{word('explanation', lang)}: ", style="bold")
                text.append(ex.debrief.get(lang) + "\n")
        for i, hint in enumerate(ex.hints[: self.hints_shown], start=1):
            text.append(f"\n{word('hint', lang)} {i} (-{hint.cost}): ", style="bold cyan")
            text.append(hint.get(lang) + "\n")
        if self.solution_shown:
            text.append(f"\n{word('solution', lang)}:\n", style="bold magenta")
            text.append(ex.solution.strip() if ex.solution_is_inline else
                        (ex.folder / ex.solution).read_text(encoding="utf-8").strip())
            text.append("\n")
        return text

    def redraw(self) -> None:
        self.update(self.render_text())

    def plain(self) -> str:
        return self.render_text().plain


class PracticeScreen(PlayScreen):
    """The play screen with the task in place of the live objectives."""

    BINDINGS = [
        Binding("ctrl+k", "check", "check", priority=True),
        Binding("ctrl+g", "hint", "hint", priority=True),
        Binding("ctrl+o", "solution", "solution", priority=True),
        Binding("ctrl+n", "next_exercise", "next", priority=True),
    ]

    def __init__(self, game, exercise, lang: str = "en", *, exam=None):
        super().__init__(game, lang, exercise.title.get(lang))
        self.exercise = exercise
        self.exam = exam
        """The ExamSession this screen belongs to, or None for practice."""
        self.started = time.monotonic()
        self.checks = 0
        self._solution_asked = False

    def on_mount(self) -> None:
        """Runs after PlayScreen's own mount handler (Textual calls each class's handler)."""
        panel = TaskPanel(self.exercise, self.lang, id="task", classes="pane")
        panel.in_exam = self.exam is not None
        self.query_one("#objectives").parent.mount(panel, before="#objectives")
        panel.redraw()
        self._apply_layout(self.size.width, self.size.height)
        self._print_task()
        self.app.notify(word("exam-keys" if self.exam else "keys", self.lang), timeout=6)

    def _print_task(self) -> None:
        """The whole task in the Output pane too: the Task pane clips a long one on screens under
        ~50 rows, and the Output pane scrolls (z maximises it)."""
        out = self.query_one(OutputPane)
        out.note(f"# {word('task', self.lang)}: {self.exercise.title.get(self.lang)}", style="bold")
        out.note(self.exercise.briefing.get(self.lang).strip(), style="", wrap=True)

    def _apply_layout(self, width: int, height: int) -> None:
        super()._apply_layout(width, height)
        objectives = self.query_one("#objectives")
        for panel in self.query(TaskPanel):
            panel.display = objectives.display
            panel.styles.height = "1fr"
        objectives.display = False

    @property
    def task(self) -> TaskPanel:
        return self.query_one(TaskPanel)

    def refresh_view(self, force: bool = False) -> None:
        super().refresh_view(force)
        if self.exam is not None and self.is_mounted and self.query(TaskPanel):
            left = self.exam.seconds_left()
            self.task.status_line = (f"{int(left // 60)}:{int(left % 60):02d} {word('left', self.lang)}"
                                     if left > 0 else word("time-up", self.lang))
            if left <= 0:
                self.exam.finish(self.app)

    def countdown(self) -> float | None:
        return self.exam.seconds_left() if self.exam is not None else None

    def submit(self, line: str) -> None:
        """`check` and `hint` typed in the command bar do what ctrl+k and ctrl+g do."""
        typed = {"check": self.action_check, "hint": self.action_hint}.get(line.strip())
        if typed is None:
            return super().submit(line)
        self.query_one(OutputPane).note(f"# {line.strip()}", style="cyan")
        typed()

    # -- the keys ----------------------------------------------------------------------------
    def action_check(self) -> CheckReport:
        """Judge the cluster now and save the result."""
        panel = self.task
        report = check_now(self.exercise, self.game.session, hints_used=panel.hints_shown)
        self.checks += 1
        panel.report = report
        panel.path = self.game.session.path
        panel.redraw()
        self._note_report(report)
        if self.exam is None:
            self.app.record_exercise(self.exercise, report, time.monotonic() - self.started)
        return report

    def _note_report(self, report: CheckReport) -> None:
        """The verdict in the Output pane too: the task panel clips it on screens under ~50 rows."""
        out = self.query_one(OutputPane)
        for line in report.render(self.lang).splitlines():
            style = "green" if line.startswith("PASS") else "red" if line.startswith("FAIL") else "dim"
            out.note(line, style=style)
        if report.passed:
            out.note(word("exam-solved" if self.exam is not None else "solved", self.lang), style="bold green")

    def action_hint(self) -> None:
        panel = self.task
        if self.exam is not None:
            self.app.notify(word("exam-no-help", self.lang), severity="warning")
            return
        if self.game.hint() is None:
            self.app.notify(word("no-hints", self.lang))
            return
        panel.hints_shown = self.game.hints_used
        panel.redraw()

    def action_solution(self) -> None:
        if self.exam is not None:
            self.app.notify(word("exam-no-help", self.lang), severity="warning")
            return
        if not self._solution_asked:
            self._solution_asked = True
            self.app.notify(word("solution-confirm", self.lang))
            return
        self.task.solution_shown = True
        self.task.redraw()

    def action_next_exercise(self) -> None:
        if self.exam is not None:
            self.exam.next(self.app)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """An exam has no hints and no solution; only an exam has a next exercise (hidden keys)."""
        if action in ("hint", "solution"):
            return self.exam is None
        if action == "next_exercise":
            return self.exam is not None
        if action == "finish":
            return self.exam is None
        return True

    def _finish_question(self) -> str | None:
        return t("finish.exercise", self.lang) if self.exam is None else None

    def _finish_now(self) -> None:
        """The exercise ends now: the door records it, the cluster is checked as it is, and the
        verdict with the debrief replaces the game."""
        self.game.finish()
        report = self.action_check()
        self.app.finish_exercise(self.exercise, report, self.game.session.path)

    def _quit_question(self) -> str | None:
        return "quit.exam" if self.exam is not None and not self.exam.done else None

    def _quit(self) -> None:
        if self.exam is not None and not self.exam.done:
            self.exam.finish(self.app)
        else:
            self.app.end_game()


class ExamSession:
    """The drawn exercises, one cluster each, the deadline, and the grade at the end."""

    def __init__(self, exercises, *, minutes: int, seed: int, report: str | None = None):
        from kubetui.exercise.exam import ExamReport

        self.exercises = list(exercises)
        self.minutes = minutes
        self.seed = seed
        self.report_path = report
        self.index = 0
        self.deadline = time.monotonic() + minutes * 60
        self.result = ExamReport(seed=seed, minutes=minutes)
        self.done = False

    def seconds_left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    @property
    def current(self):
        return self.exercises[self.index]

    def _grade_current(self, app) -> None:
        from kubetui.exercise.exam import ExamItem

        screen = app.play_screen
        if screen is None or len(self.result.items) > self.index:
            return
        report = check_now(self.current, screen.game.session)
        report.commands = list(screen.game.session.records)
        self.result.items.append(ExamItem(self.current, report, answered=True))

    def next(self, app) -> None:
        self._grade_current(app)
        if self.index + 1 >= len(self.exercises):
            self.finish(app)
            return
        self.index += 1
        app.open_exercise(self.current, exam=self)

    def finish(self, app) -> None:
        """Grade what is left (exercises never opened score nothing), save, and show the result."""
        if self.done:
            return
        self.done = True
        from kubetui.exercise.exam import ExamItem, unanswered, write_report

        self._grade_current(app)
        for ex in self.exercises[len(self.result.items):]:
            self.result.items.append(ExamItem(ex, unanswered(ex, "not reached", "풀지 못함"), False))
        app.progress.record_exam(seed=self.seed, minutes=self.minutes, score=self.result.score,
                                 passed=self.result.passed)
        app.save_progress()
        path = Path(self.report_path) if self.report_path else app.exam_report_path(self.seed)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_report(self.result, path, app.lang)
        except OSError as exc:
            app.notify(f"report not saved: {exc.strerror}", severity="warning")
            path = None
        app.show_exam_result(self.result, path)


class PracticeApp(KubetuiApp):
    """`kubetui exercise [ID]` and `kubetui exam`: the practice screen without the campaign."""

    CSS_PATH = str(Path(__file__).resolve().parent.parent / "kubetui.tcss")

    def __init__(self, catalog, exercise_id: str | None = None, *, exam: ExamSession | None = None, **kwargs):
        kwargs.setdefault("lesson", False)
        super().__init__(start="play", **kwargs)
        self.catalog = catalog
        self.exercise_id = exercise_id
        self.exam_session = exam

    def start_game(self, scenario=None, **kwargs) -> None:
        """The app's start: the exam's first exercise, the one asked for, or the first unsolved."""
        if self.exam_session is not None:
            self.open_exercise(self.exam_session.current, exam=self.exam_session)
            return
        exercise = self.catalog.get(self.exercise_id) if self.exercise_id else None
        if exercise is None:
            exercise = next((e for e in self.catalog.exercises if not self.progress.solved(e.id)),
                            self.catalog.exercises[0])
        self.open_exercise(exercise)

    def open_exercise(self, exercise, *, exam: ExamSession | None = None) -> None:
        open_exercise(self, exercise, exam=exam)

    def show_exam_result(self, result, path: Path | None) -> None:
        """The graded exam over the last task; closing it (Esc, q) leaves, as an exercise's
        verdict does: the report is saved and the finished task has nothing left to do."""
        from kubetui.ui.screens.detail import DetailScreen
        from kubetui.ui.screens.exam import result_view

        if self.game is not None:
            self.game.close()
        self.paused = True
        title, body, report = result_view(result, path, self.lang)
        self.push_screen(DetailScreen(title, body, None, self.lang, markdown=report), lambda _: self.exit())

    def end_game(self) -> None:
        self.exit()

    def finish_exercise(self, exercise, report, path) -> None:
        """The verdict over the last state of the task; closing it leaves."""
        from kubetui.ui.screens.detail import DetailScreen

        game = self.game
        self.paused = True
        if game is not None:
            game.close({"passed": report.passed, "points": report.points, "maxPoints": report.maxPoints})
        title, body = verdict_view(exercise, report, path, self.lang)
        self.push_screen(DetailScreen(title, body, None, self.lang), lambda _: self.exit())

    def _check_end(self) -> None:
        pass


def open_exercise(app, exercise, *, exam: ExamSession | None = None) -> None:
    """A fresh cluster for `exercise` on the practice screen (replacing the current game), in
    `kubetui exercise`'s app or the game's own (from the home screen)."""
    if app.game is not None:
        app.game.close()
        app.game = None
    if app.play_screen is not None:
        app.pop_screen()
    seed = exam.seed if exam is not None else app.seed
    app.game = Game.begin(exercise, seed=seed, log_path=app.log_path, record=app.record, lang=app.lang, cwd=app.cwd)
    app.play_screen = PracticeScreen(app.game, exercise, app.lang, exam=exam)
    app.paused = False if app.start_paused is None else app.start_paused
    app.restart_clock()
    app.push_screen(app.play_screen)


def run_practice(catalog, exercise_id: str | None = None, *, seed: int = 0, lang: str | None = None) -> None:
    PracticeApp(catalog, exercise_id, seed=seed, lang=lang).run()


def run_exam(catalog, exercises, *, minutes: int, seed: int, lang: str | None = None,
             report: str | None = None) -> None:
    session = ExamSession(exercises, minutes=minutes, seed=seed, report=report)
    PracticeApp(catalog, exam=session, seed=seed, lang=lang).run()
