"""The Textual app: the home screen, the game being played, and the clock that drives it.

The App owns the simulation clock. A timer fires ten times a real second and steps the engine
by as many ticks as the speed asks for, within a time budget: when stepping is slow the
simulation falls behind rather than the keyboard, and the screen is redrawn once per fire.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding

from kubetui.progress import Progress
from kubetui.ui.i18n import detect_lang
from kubetui.ui.widgets.footer import LocalFooter

SPEEDS = (1, 2, 5, 10, 30, 60)
"""Simulated seconds per real second."""
FRAME = 0.1
"""Real seconds between clock fires."""
STEP_BUDGET = 0.06
"""Real seconds a fire may spend stepping before it yields to input."""
MAX_BEHIND = 1.0
"""Real seconds of simulated time the clock may owe before it drops the debt."""


class KubetuiApp(App):
    """kubetui: the home screen, then a scenario or the sandbox on the play screen."""

    CSS_PATH = "kubetui.tcss"
    TITLE = "kubetui"
    BINDINGS = [Binding("ctrl+q", "quit", "quit", show=False, priority=True)]

    def __init__(self, *, lang: str | None = None, scenario=None, seed: int = 0, log: str | None = None,
                 sandbox_nodes: int | None = None, start: str | None = None, paused: bool | None = None,
                 clock: bool = True, progress: Progress | str | Path | None = None,
                 scenarios_root: str | Path | None = None, lesson: bool | None = None, record: bool = True,
                 sim=None, replay=None, api: bool = False, api_config: str | Path | None = None,
                 sandbox_clusters: int = 1):
        super().__init__()
        self.sandbox_clusters = sandbox_clusters
        """Clusters of a sandbox (`sandbox --clusters N`): contexts kubetui, kubetui-2, …"""
        self.progress = progress if isinstance(progress, Progress) else Progress.load(progress)
        self.lang = detect_lang(lang or self.progress.lang)
        self.scenario_arg = scenario
        self.seed = seed
        self.log_path = log
        self.record = record
        """Write each run's event log (to `log`, or the default place in the user data folder)."""
        self.sandbox_nodes = sandbox_nodes
        self.cwd = os.getcwd()
        """The folder kubetui was started in: where the player's relative `-f` paths point."""
        self.prebuilt_sim = sim
        """A simulation to play instead of building one (benchmarks, embedding)."""
        self.replay_source = replay
        """A ReplaySession, or a real cluster's Events, to open read-only."""
        self.start = start or ("replay" if replay is not None else "play" if scenario is not None
                               else "sandbox" if sandbox_nodes or sim else "home")
        self.start_paused = paused
        self.clock_enabled = clock
        self.scenarios_root = Path(scenarios_root) if scenarios_root else default_scenarios_root()
        self.show_lesson = (not self.progress.lesson_seen) if lesson is None else lesson
        self.game = None
        self.play_screen = None
        self.speed_index = 0
        self.paused = True
        self._debt = 0.0
        self._last_fire = time.monotonic()
        self.api_wanted = api
        """Serve each game's Kubernetes API on this app's loop (`--api`), its kubeconfig at `api_config`."""
        self.api_config = api_config
        self.api = None
        self.clock_firing = False
        """True while a clock fire redraws the play screen (it may leave the AGE of unchanged rows for later)."""
        self.stats = {"fires": 0, "ticks": 0, "step_seconds": 0.0, "refresh_seconds": 0.0, "max_fire_seconds": 0.0}
        """What the clock did (the UI benchmark reads it)."""

    @property
    def speed(self) -> int:
        return SPEEDS[self.speed_index]

    def on_mount(self) -> None:
        if self.progress.notice:
            self.notify(self.progress.notice, severity="warning", timeout=15)
        if self.clock_enabled:
            self.set_interval(FRAME, self._on_clock)
        if self.start == "play":
            self.start_game(self.scenario_arg)
        elif self.start == "sandbox":
            self.start_game(None, nodes=self.sandbox_nodes or 3, sim=self.prebuilt_sim)
        elif self.start == "replay":
            self.open_replay(self.replay_source)
        else:
            from kubetui.ui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and event.is_printable \
                and event.key not in ("space", "question_mark"):  # `?` begins no command: a key, not a letter
            self._type_through_overlays()
        await super().on_event(event)

    def _type_through_overlays(self) -> None:
        """A printable key over the lesson or the briefing closes them (the briefing starts the
        clock, as Enter does) and gives the keys to the command bar, here as the app reads the
        key, so that it and the keys read after it are typed there and none is swallowed."""
        from kubetui.ui.screens.lesson import TypingCloses
        from kubetui.ui.widgets.command_bar import CommandBar

        play = self.play_screen
        if play is None or not isinstance(self.screen, TypingCloses) or play not in self.screen_stack:
            return
        while isinstance(self.screen, TypingCloses) and self.screen is not play:
            self.screen.close_for_typing()
        if self.screen is play:
            play.set_focus(play.query_one(CommandBar))

    # -- games ---------------------------------------------------------------------------------
    def start_game(self, scenario=None, *, nodes: int = 3, sim=None) -> None:
        """Build the simulation and show the play screen (a scenario path, Scenario, or None)."""
        from kubetui.session import Session
        from kubetui.ui.game import Game, open_log
        from kubetui.ui.screens.play import PlayScreen

        scenario = _load(scenario)
        if sim is not None:
            log = open_log(sim, None, self.seed, self.log_path, self.lang) if self.record else None
            self.game = Game(Session(sim, log=log, cwd=self.cwd))
        else:
            self.game = Game.begin(scenario, seed=self.seed, nodes=nodes, log_path=self.log_path,
                                   record=self.record, lang=self.lang, cwd=self.cwd,
                                   clusters=self.sandbox_clusters if scenario is None else 1)
        title = scenario.title.get(self.lang) if scenario is not None else None
        self.play_screen = PlayScreen(self.game, self.lang, title)
        self.speed_index = 0
        self.paused = True if scenario is not None else False
        if self.start_paused is not None:
            self.paused = self.start_paused
        self._debt = 0.0
        self._last_fire = time.monotonic()
        self.push_screen(self.play_screen)
        if self.api_wanted:
            self.run_worker(self._serve_api(self.game.session), group="api")
        if scenario is not None:
            from kubetui.ui.screens.lesson import BriefingScreen

            self.push_screen(BriefingScreen(scenario, self.lang), self._briefing_closed)
        if self.show_lesson:
            from kubetui.ui.screens.lesson import LessonScreen

            self.show_lesson = False
            self.progress.lesson_seen = True
            self.save_progress()
            self.push_screen(LessonScreen(self.lang), self._dialog_closed)

    def open_replay(self, source) -> None:
        """Show a run's event log (a path or ReplaySession) or a real cluster's Events, read-only."""
        from kubetui.replay.reader import LogError
        from kubetui.ui.screens.replay import replay_screen

        try:
            screen = replay_screen(source, self.lang)
        except LogError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        except Exception as exc:  # a log this version cannot rebuild must not end the game
            self.notify(f"{source}: the replay cannot be opened: {type(exc).__name__}: {exc}", severity="error",
                        timeout=10)
            return
        self.push_screen(screen)

    def _briefing_closed(self, start: bool | None) -> None:
        if start and self.start_paused is None:
            self.paused = False
            self._last_fire = time.monotonic()
            self._refresh_play()
        self._dialog_closed()

    def _dialog_closed(self, _=None) -> None:
        """The lesson or briefing is gone: the player types at once, whatever had the keys before."""
        screen = self.play_screen
        if screen is not None and screen.is_mounted and self.screen is screen:
            from kubetui.ui.widgets.command_bar import CommandBar

            screen.query_one(CommandBar).focus()

    def open_exercise(self, exercise, *, exam=None) -> None:
        """Practise one exercise (chosen on the home screen), or the next of an exam; `q` comes
        back home."""
        from kubetui.ui.screens.practice import open_exercise

        open_exercise(self, exercise, exam=exam)

    def start_exam(self, minutes: int, seed: int) -> None:
        """The exam `kubetui exam --minutes N --seed N` draws, from the home screen; its result
        comes back over the home screen."""
        from kubetui.exercise.catalog import load_catalog
        from kubetui.exercise.exam import draw
        from kubetui.scenario.errors import ScenarioError
        from kubetui.ui.screens.practice import ExamSession

        try:
            chosen = draw(load_catalog(), minutes, seed)
        except ScenarioError as exc:
            self.notify("\n".join(exc.messages), severity="error", timeout=10)
            return
        if not chosen:
            from kubetui.ui.i18n import t

            self.notify(t("exam.no_tasks", self.lang, minutes=minutes), severity="error")
            return
        session = ExamSession(chosen, minutes=minutes, seed=seed)
        self.open_exercise(session.current, exam=session)

    def exam_report_path(self, seed: int) -> Path:
        from kubetui.ui.screens.exam import report_path

        return report_path(seed)

    def show_exam_result(self, result, path: Path | None) -> None:
        """The graded exam over the home screen (its report already saved)."""
        from kubetui.ui.screens.detail import DetailScreen
        from kubetui.ui.screens.exam import result_view

        if self.game is not None:
            self.game.close()
        self.paused = True
        self._leave_play()
        self.back_home()
        title, body, report = result_view(result, path, self.lang)
        self.push_screen(DetailScreen(title, body, None, self.lang, markdown=report))

    def record_exercise(self, exercise, report, seconds: float) -> None:
        """A check on the practice screen: the best result is kept in the player's progress."""
        self.progress.record_exercise(exercise.id, solved=report.passed, points=report.points,
                                      max_points=report.maxPoints, seconds=seconds, hints=report.hintsUsed)
        self.save_progress()

    def end_game(self) -> None:
        """Leave the game: the results screen for a scenario, the home screen for a sandbox or an
        exercise (whose checks were recorded as they were made)."""
        game = self.game
        if game is None:
            return
        self.paused = True
        if game.scenario is not None and game.scenario.mode == "exercise":
            game.close({"passed": None})
            self._leave_play()
            self._home()
        elif game.scenario is not None:
            from kubetui.ui.screens.results import ResultsScreen

            breakdown, verdicts = game.score(final=True)
            self.progress.record(game.scenario.id, stars=breakdown.stars, passed=breakdown.allRequiredPassed,
                                 points=breakdown.points)
            self.save_progress()
            screen = ResultsScreen(game, breakdown, verdicts, self.lang)
            game.close({"passed": breakdown.allRequiredPassed, "score": breakdown.model_dump()})
            self._leave_play()
            self.push_screen(screen)
        else:
            game.close({"passed": None})
            self._leave_play()
            self._home()

    def finish_game(self) -> None:
        """The player ends the scenario now (confirmed on the play screen): the request goes
        through the door, the remaining ticks run at once behind an overlay, then the results."""
        game = self.game
        if game is None or game.scenario is None:
            return
        game.finish()
        self.paused = True
        self._refresh_play()
        if game.finished:
            self.end_game()
            return
        from kubetui.ui.screens.results import FinishingScreen

        self.push_screen(FinishingScreen(game, self.lang))

    def finish_exercise(self, exercise, report, path) -> None:
        """An exercise finished early: its verdict and debrief over the home screen."""
        from kubetui.ui.screens.detail import DetailScreen
        from kubetui.ui.screens.practice import verdict_view

        game = self.game
        self.paused = True
        if game is not None:
            game.close({"passed": report.passed, "points": report.points, "maxPoints": report.maxPoints})
        self._leave_play()
        self._home()
        title, body = verdict_view(exercise, report, path, self.lang)
        self.push_screen(DetailScreen(title, body, None, self.lang))

    def _leave_play(self) -> None:
        while len(self.screen_stack) > 1 and self.screen is not self.play_screen:
            self.pop_screen()
        if self.screen is self.play_screen and len(self.screen_stack) > 1:
            self.pop_screen()
        self.game = None
        self.play_screen = None
        if self.api is not None:
            self.run_worker(self._stop_api(), group="api")

    def _home(self) -> None:
        """The home screen, its progress (stars, solved exercises) read again."""
        from kubetui.ui.screens.home import HomeScreen

        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is None:
            self.push_screen(HomeScreen())
        elif home.is_mounted:
            home.reload()

    def back_home(self) -> None:
        from kubetui.ui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.reload()
        else:
            self._home()

    def save_progress(self) -> None:
        try:
            self.progress.save()
        except OSError as exc:
            self.notify(f"progress not saved: {exc.strerror}", severity="warning")

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.progress.lang = lang
        self.save_progress()
        for footer in self.screen.query(LocalFooter):
            footer.call_later(footer.recompose)

    # -- the clock -----------------------------------------------------------------------------
    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self.restart_clock()
        self._refresh_play()

    def restart_clock(self) -> None:
        """Forget the ticks owed: time counts again from now (after a pause or a new game)."""
        self._debt = 0.0
        self._last_fire = time.monotonic()

    async def _serve_api(self, session) -> None:
        from kubetui.api.embedded import GameApi

        await self._stop_api()
        self.api = GameApi(self, session, self.api_config)
        await self.api.start()
        if self.api.error:
            self.notify(self.api.error, severity="error", timeout=10)
        else:
            from kubetui.api.serve import plugin_path_line

            hint = plugin_path_line()
            self.notify(f"Kubernetes API at {self.api.server.url}: export KUBECONFIG={self.api.config}"
                        + (f"\n{hint}" if hint else ""), timeout=10)
        self._refresh_play()

    async def _stop_api(self) -> None:
        api, self.api = self.api, None
        if api is not None:
            await api.stop()

    async def on_unmount(self) -> None:
        await self._stop_api()

    def set_speed(self, speed: float) -> None:
        """The listed speed nearest `speed` (`kubectl sim speed N`)."""
        self.speed_index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
        self._refresh_play()

    def change_speed(self, delta: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, self.speed_index + delta))
        self._refresh_play()

    def step_once(self) -> None:
        self.advance(1)

    def advance(self, ticks: int) -> int:
        """Step the game `ticks` ticks now and redraw (tests and `.` use it)."""
        if self.game is None:
            return 0
        done = self.game.step(ticks)
        self._refresh_play()
        self._check_end()
        return done

    def after_command(self) -> None:
        self._check_end()

    def refresh_play(self) -> None:
        """Redraw the play screen (after a change from outside it: the API)."""
        self._refresh_play()

    def _refresh_play(self) -> None:
        screen = self.play_screen
        if screen is not None and screen.is_mounted:
            screen.refresh_view()

    def _check_end(self) -> None:
        if self.game is not None and self.game.finished:
            self.end_game()

    def _clock_running(self, game) -> bool:
        return game is not None and game is self.game and not self.paused and self.play_screen is not None \
            and self.screen is self.play_screen

    async def _on_clock(self) -> None:
        """Step the ticks the clock owes, then redraw. Between ticks and before the redraw the
        fire yields to the event loop, so a key pressed meanwhile is answered after the tick
        being stepped, not after the whole fire (a fire after `kubectl scale` may step ticks that
        create and place dozens of pods)."""
        now = time.monotonic()
        elapsed, self._last_fire = now - self._last_fire, now
        game = self.game
        if not self._clock_running(game):
            self._debt = 0.0
            return
        self._debt = min(self._debt + elapsed * self.speed, self.speed * MAX_BEHIND)
        ticks = int(self._debt)
        if ticks <= 0:
            return
        busy = 0.0
        done = 0
        while done < ticks and not game.finished:
            if done:
                await asyncio.sleep(0)
                if not self._clock_running(game):
                    break
            began = time.perf_counter()
            game.step(1)
            busy += time.perf_counter() - began
            done += 1
            if busy > STEP_BUDGET:
                break
        self._debt -= done
        if done < ticks:
            self._debt = min(self._debt, float(self.speed) * FRAME)
        await asyncio.sleep(0)
        if game is not self.game:
            return
        stepped = time.perf_counter()
        self.clock_firing = True
        try:
            self._refresh_play()
        finally:
            self.clock_firing = False
        end = time.perf_counter()
        s = self.stats
        s["fires"] += 1
        s["ticks"] += done
        s["step_seconds"] += busy
        s["refresh_seconds"] += end - stepped
        s["max_fire_seconds"] = max(s["max_fire_seconds"], busy + end - stepped)
        self._check_end()


def default_scenarios_root() -> Path:
    """The shipped campaign (see `kubetui.content`)."""
    from kubetui.content import scenarios_root

    return scenarios_root()


class StartError(Exception):
    """The game cannot start (an unknown or broken scenario): one line for the user."""


def _load(scenario):
    """A Scenario from a Scenario, a file, a folder holding `scenario.yaml`, or a shipped id."""
    if scenario is None or not isinstance(scenario, (str, Path)):
        return scenario
    from kubetui.scenario.errors import ScenarioError
    from kubetui.scenario.loader import load_scenario

    path = Path(scenario)
    if path.is_dir():
        path = path / "scenario.yaml"
    if not path.exists():
        known = _discover(default_scenarios_root())
        matches = [s for s in known if s.id == str(scenario)]
        if matches:
            return matches[0]
        import difflib

        close = difflib.get_close_matches(str(scenario), [s.id for s in known], n=3, cutoff=0.6)
        hint = "\n\nDid you mean this?\n" + "".join(f"\t{c}\n" for c in close) if close else ""
        raise StartError(f"{scenario}: no such scenario file or scenario id{hint}".rstrip("\n"))
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise StartError("\n".join(exc.messages)) from None


def _discover(root: Path) -> list:
    try:
        from kubetui.scenario.loader import discover

        return discover(root)
    except Exception:
        return []


def run_app(lang: str | None = None, scenario=None, seed: int = 0, log: str | None = None,
            sandbox_nodes: int | None = None, api: bool = False, sandbox_clusters: int = 1) -> None:
    """`kubetui` (home screen), `kubetui play SCENARIO`, `kubetui sandbox --nodes N`.

    Raises StartError (a message for the user) when the scenario cannot be loaded."""
    scenario = _load(scenario)
    KubetuiApp(lang=lang, scenario=scenario, seed=seed, log=log, sandbox_nodes=sandbox_nodes, api=api,
               sandbox_clusters=sandbox_clusters).run()


def run_play(scenario=None, *, seed: int = 0, lang: str | None = None, log: str | None = None,
             api: bool = False) -> None:
    """`kubetui play [SCENARIO]`: a scenario straight away, or the home screen without one."""
    run_app(lang=lang, scenario=scenario, seed=seed, log=log, api=api)


def run_sandbox(nodes: int = 3, *, seed: int = 0, lang: str | None = None, log: str | None = None,
                api: bool = False, clusters: int = 1) -> None:
    """`kubetui sandbox [--nodes N] [--clusters N]`: free play on a plain cluster (or several)."""
    run_app(lang=lang, seed=seed, log=log, sandbox_nodes=max(1, nodes), api=api, sandbox_clusters=clusters)


def run_replay(session, *, lang: str | None = None) -> None:
    """`kubetui replay LOG`: the run on the play screen, read-only, with a timeline scrubber."""
    KubetuiApp(lang=lang, replay=session, lesson=False).run()


def run_events(path: str | Path, *, lang: str | None = None) -> None:
    """`kubetui replay --events FILE`: a real cluster's Events along a timeline.

    Raises LogError (`file:line: message`) before the screen opens when the file is unusable."""
    from kubetui.ui.screens.replay import EventsTimeline

    KubetuiApp(lang=lang, replay=EventsTimeline(path), lesson=False).run()
