"""Replays on screen: a recorded run, scrubbable like a video, and a real cluster's Events.

A run's replay is the play screen made read-only: the same panes read the replay's simulation
at the playhead (one render path for play and replay). Seeking may hand back a different
simulation object (the session restores keyframes), so after every move the screen checks
which simulation it is looking at and redraws every pane from scratch when it changed.
Commands typed in the bar are refused; the run's own commands appear at their ticks.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from kubetui.model.clock import timestamp
from kubetui.replay.records import split_key
from kubetui.ui.game import ClusterWatch, Game, Samples, normalize
from kubetui.ui.i18n import REPLAY_KEY_HELP, t
from kubetui.ui.screens.detail import HelpScreen, PromptScreen
from kubetui.ui.screens.play import PlayScreen
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.events import KEEP, EventsPane
from kubetui.ui.widgets.header import GameHeader, clock_text
from kubetui.ui.widgets.objects import ObjectTable
from kubetui.ui.widgets.output import OutputPane
from kubetui.ui.widgets.scrubber import Scrubber

SPEEDS = (1, 2, 5, 10, 30, 60, 100)
"""Replayed seconds per real second."""
FRAME = 0.1
"""Real seconds between clock fires."""
MAX_BEHIND = 1.0
"""Real seconds of replayed time the clock may owe before it drops the debt."""
PROGRESS_SECONDS = 0.1
"""Real seconds between progress notes while the replay is being prepared."""
COMMANDS_SHOWN = 20
"""Most commands printed for one forward jump (the rest are counted)."""

TIMELINE_BINDINGS = [
    Binding("space", "toggle_pause", "play/pause"),
    Binding("full_stop", "step(1)", "+1s", show=False),
    Binding("comma", "step(-1)", "-1s", show=False),
    Binding("right", "step(1)", "step", key_display="←→", priority=True),
    Binding("left", "step(-1)", "-1s", show=False, priority=True),
    Binding("plus,equals_sign", "faster", "faster", show=False),
    Binding("minus", "slower", "slower", show=False),
    Binding("g", "go_to", "go to tick"),
    Binding("w", "next_warning", "next Warning"),
    Binding("W", "previous_warning", "previous Warning", show=False),
    Binding("home", "seek_start", "start", show=False, priority=True),
    Binding("end", "seek_end", "end", show=False, priority=True),
    Binding("question_mark", "help", "help"),
]


OUTPUT_LINES = 30
"""Lines of a replayed command's output shown in the pane (a `get pods` of thousands is cut)."""


def _clip(text: str) -> str:
    lines = text.rstrip("\n").split("\n") if text else []
    if len(lines) <= OUTPUT_LINES:
        return text
    return "\n".join(lines[:OUTPUT_LINES]) + f"\n… {len(lines) - OUTPUT_LINES} more lines\n"


@dataclass
class _Reason:
    message: str

    def get(self, lang: str) -> str:
        return self.message


@dataclass
class LoggedStatus:
    """An objective's state as the log recorded it (what the Objectives panel reads)."""

    id: str
    state: str
    reason: _Reason
    decided: bool = False
    """A replay never offers to finish the run early."""


class ReplayGame(Game):
    """What the play screen reads, taken from a replay session at its playhead; never writes.

    A live Game reads these from its driver session; here they come from the log, so they are
    plain attributes (which take precedence over Game's read-only properties)."""

    seed: int = 0
    objectives: list = []
    statuses: list = []
    solved_at: int | None = None
    hints_used: int = 0
    finished: bool = False

    def __init__(self, session):
        self.session = session
        self.scenario = session.scenario
        self.seed = session.header.get("seed", 0)
        self.objectives = self.scenario.fresh_objectives() if self.scenario is not None else []
        self.statuses: list = []
        self.solved_at = None
        self.hints_used = 0
        self.finished = False
        self.samples = Samples()
        self.new_events: list[dict] = []
        self._log = None
        self.log_path = None
        self.watch = ClusterWatch(session.sim)
        self.watched = session.sim
        """The simulation the panes were last drawn from."""

    @property
    def sim(self):
        return self.session.sim

    @property
    def duration(self) -> int | None:
        return self.session.ticks

    def follow(self) -> bool:
        """Watch the session's simulation; True when it is another object than last time."""
        sim = self.session.sim
        if sim is self.watched:
            return False
        self.watch.detach()
        self.watch = ClusterWatch(sim)
        self.watched = sim
        return True

    def judge(self) -> None:
        self.hints_used = self.session.hints_at()
        logged = self.session.objectives_at()
        self.statuses = [LoggedStatus(o["objective"], o.get("state", "pending"), _Reason(o.get("message") or ""))
                         for o in logged.values()]

    def sample(self, restart: bool) -> None:
        if restart:
            self.samples = Samples()
        self._sample()

    def run(self, line: str, stdin: str | None = None):
        from kubetui.shell import Finished, Result

        return Finished(0, Result(1, "", f"error: {t('replay.readonly', 'en')}\n"))

    def step(self, n: int = 1) -> int:
        return 0

    def close(self, result: dict | None = None) -> None:
        self.watch.detach()


def log_event(rec: dict) -> dict:
    """An event record of a log, in the shape of the core/v1 Event the Events pane shows."""
    kind, ns, name = split_key(rec.get("object", ""))
    tick = rec.get("tick")
    return {"type": rec.get("type", "Normal"), "reason": rec.get("reason", ""), "message": rec.get("message", ""),
            "count": rec.get("count", 1), "involvedObject": {"kind": kind, "namespace": ns, "name": name},
            "lastTimestamp": timestamp(tick) if tick is not None else None}


class EventFeed:
    """A timeline's Events, written to the Events pane up to the playhead.

    Moving forward appends what happened since; moving back (or far) rewrites the pane with
    the last Events at or before the playhead."""

    def __init__(self, events: list[dict], ticks: list[int]):
        self.events = events
        self.ticks = ticks
        self.shown = 0

    def move(self, pane: EventsPane, tick: int) -> None:
        upto = bisect_right(self.ticks, tick)
        if self.shown <= upto <= self.shown + KEEP:
            if upto > self.shown:
                pane.add_events(self.events[self.shown:upto])
        else:
            pane.lines.clear()
            pane.log_widget.clear()
            pane.add_events(self.events[max(0, upto - KEEP):upto])
        self.shown = upto


class TimelineControls:
    """Play, pause, speed, step and jumps, shared by both replay screens.

    A screen using it provides `start`, `end`, `position`, `ready`, `move_to(tick, playing)`,
    `warning_ticks` and `objective_ticks`."""

    lang: str
    speed_index = 0
    playing = False
    _debt = 0.0
    _last_fire = 0.0

    @property
    def speed(self) -> int:
        return SPEEDS[self.speed_index]

    def start_clock(self) -> None:
        self._last_fire = time.monotonic()
        if self.app.clock_enabled:
            self.set_interval(FRAME, self._on_clock)

    def _on_clock(self) -> None:
        now = time.monotonic()
        elapsed, self._last_fire = now - self._last_fire, now
        if self.app.screen is self:
            self.play_for(elapsed)
        else:
            self._debt = 0.0

    def play_for(self, seconds: float) -> int:
        """Move the playhead by `seconds` of real time at the current speed (the clock and tests)."""
        if not self.playing or not self.ready:
            self._debt = 0.0
            return 0
        self._debt = min(self._debt + seconds * self.speed, self.speed * MAX_BEHIND)
        ticks = int(self._debt)
        if ticks <= 0:
            return 0
        self._debt -= ticks
        before = self.position
        self.move_to(min(self.end, before + ticks), playing=True)
        if self.position >= self.end:
            self.playing = False
            self.stopped()
        return self.position - before

    def stopped(self) -> None:
        """Playing reached the end of the run."""
        self.show_status()

    def action_toggle_pause(self) -> None:
        if not self._usable():
            return
        if not self.playing and self.position >= self.end:
            self.move_to(self.start)
        self.playing = not self.playing
        self._debt = 0.0
        self._last_fire = time.monotonic()
        self.show_status()

    def action_step(self, delta: int) -> None:
        self._typing()
        if self._usable():
            self.playing = False
            self.move_to(self.position + delta)

    def action_faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)
        self.show_status()

    def action_slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)
        self.show_status()

    def action_seek_start(self) -> None:
        self._typing()
        if self._usable():
            self.move_to(self.start)

    def action_seek_end(self) -> None:
        self._typing()
        if self._usable():
            self.move_to(self.end)

    def _typing(self) -> None:
        """Keys the timeline shares with a text field go to the field while it has focus."""
        if isinstance(self.focused, Input):
            raise SkipAction()

    def action_go_to(self) -> None:
        if not self._usable():
            return

        def done(answer: str | None) -> None:
            if answer and answer.isdigit():
                self.move_to(int(answer))

        question = t("replay.goto", self.lang, start=self.start, end=self.end)
        self.app.push_screen(PromptScreen(question, str(self.position), restrict=r"[0-9]*"), done)

    def action_next_warning(self) -> None:
        self._jump(self.warning_ticks, 1, "replay.no_warning")

    def action_previous_warning(self) -> None:
        self._jump(self.warning_ticks, -1, "replay.no_warning_before")

    def action_next_objective(self) -> None:
        self._jump(self.objective_ticks, 1, "replay.no_objective")

    def action_previous_objective(self) -> None:
        self._jump(self.objective_ticks, -1, "replay.no_objective_before")

    def _jump(self, ticks: list[int], direction: int, nothing: str) -> int | None:
        if not self._usable():
            return None
        here = self.position
        if direction > 0:
            i = bisect_right(ticks, here)
            target = ticks[i] if i < len(ticks) else None
        else:
            i = bisect_left(ticks, here)
            target = ticks[i - 1] if i > 0 else None
        if target is None:
            self.app.notify(t(nothing, self.lang, tick=here), severity="warning")
            return None
        self.playing = False
        self.move_to(target)
        return target

    def on_scrubber_seek(self, message: Scrubber.Seek) -> None:
        if self._usable():
            self.move_to(message.tick, playing=self.playing)

    def _usable(self) -> bool:
        if not self.ready:
            self.app.notify(t("replay.wait", self.lang), severity="warning")
        return self.ready

    def status_text(self, extra: Text | None = None) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("▶ " if self.playing else "⏸ ", style="bold green" if self.playing else "bold")
        text.append(f"{clock_text(self.position - self.start)}  tick {self.position}/{self.end}  {self.speed}×",
                    style="bold")
        if extra is not None and extra.plain:
            text.append("  │  ", style="dim")
            text.append_text(extra)
        return text


class ReplayHelpScreen(HelpScreen):
    """The keys of a replay."""

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        text = Text()
        for key, en, ko in REPLAY_KEY_HELP:
            text.append(f"{key:>8}  ", style="bold")
            text.append((ko if self.lang == "ko" else en) + "\n")
        with VerticalScroll() as box:
            box.border_title = t("help.title", self.lang)
            yield Static(text, id="help-body")


class ReplayScreen(TimelineControls, PlayScreen):
    """The play screen over a recorded run, read-only, with a timeline scrubber."""

    BINDINGS = [
        *TIMELINE_BINDINGS,
        Binding("o", "next_objective", "next objective"),
        Binding("O", "previous_objective", "previous objective", show=False),
        Binding("b", "debrief", "debrief", show=False),
        Binding("i,greater_than_sign", "focus_command", "command", show=False),
        Binding("e,s,h,ctrl+d", "read_only", "read-only", show=False),
        Binding("q", "quit_game", "leave"),
    ]
    FOOTER_DROP = ("logs", "yaml", "describe", "next_objective", "go_to", "next_warning")
    """Keys the key bar leaves out first on a narrow terminal (`?` lists them all)."""

    class Progress(Message):
        """How far preparing the replay has got."""

        def __init__(self, tick: int, total: int):
            super().__init__()
            self.tick = tick
            self.total = total

    def __init__(self, session, lang: str = "en", title: str | None = None, *, prepare: bool = True):
        name = Path(str(getattr(session.log, "path", "") or "log")).name
        super().__init__(ReplayGame(session), lang, title or t("replay.title", lang, name=name))
        self.session = session
        self.start = session.seeker.keyframes[0].tick if session.seeker.keyframes else session.tick
        self.end = session.ticks
        self.ready = not prepare
        """False while keyframes are being laid in the background (the simulation is busy)."""
        self._prepare = prepare
        self._commands = sorted(session.log.commands, key=lambda c: (c["tick"], c.get("seq", 0)))
        self._command_ticks = [c["tick"] for c in self._commands]
        events = sorted((e for e in session.log.events if e.get("tick") is not None), key=lambda e: e["tick"])
        self.feed = EventFeed([log_event(e) for e in events], [e["tick"] for e in events])
        self.warning_ticks = sorted({e["tick"] for e in events if e.get("type") == "Warning"})
        self.objective_ticks = sorted({o["tick"] for o in session.log.objectives})
        self.prepare_error: str | None = None
        self._busy = False
        """A worker is moving the session's simulation: no pane may read it."""

    @property
    def position(self) -> int:
        return self.session.tick

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, Footer):
                yield Scrubber(self.start, self.end, commands=self._command_ticks, warnings=self.warning_ticks,
                               objectives=self.objective_ticks, id="scrubber")
            yield widget

    def on_mount(self) -> None:
        """Runs before PlayScreen's own mount handler (Textual calls each class's), so the rest
        waits for the first refresh: the panes are drawn before preparing takes the simulation."""
        self.game.judge()
        self.game.sample(restart=True)
        self.query_one(CommandBar).placeholder = t("replay.placeholder", self.lang)
        self.call_after_refresh(self._mounted)

    def _mounted(self) -> None:
        self._after_move(None)
        self.query_one(ObjectTable).focus()
        self.start_clock()
        if self._prepare:
            self._set_busy(True)
            self.run_worker(self._prepare_keyframes, thread=True, exclusive=True, group="replay-prepare",
                            exit_on_error=False)

    # -- preparing -----------------------------------------------------------------------------
    def _prepare_keyframes(self) -> None:
        last = [0.0]

        def progress(tick: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_SECONDS:
                last[0] = now
                self.post_message(self.Progress(tick, total))

        self.session.prepare(progress)

    def on_replay_screen_progress(self, message: Progress) -> None:
        if not self.ready:
            span = max(1, message.total - self.start)
            percent = min(99, max(0, 100 * (message.tick - self.start) // span))
            self.query_one(Scrubber).show(self.position, Text(t("replay.preparing", self.lang, percent=percent),
                                                              style="italic"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "replay-prepare" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self.ready = True
        self._set_busy(False)
        if self.focused is None:
            self.query_one(ObjectTable).focus()
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.prepare_error = f"{type(error).__name__}: {error}"
            self.query_one(OutputPane).note(t("replay.failed", self.lang, error=self.prepare_error), style="red")
        self._print_commands(None, self.position)
        self._after_move(self.position, redraw=True)

    def _set_busy(self, busy: bool) -> None:
        """While the worker moves the simulation, the panes (which read it) take no input."""
        self._busy = busy
        self.query_one("#main").disabled = busy
        self.query_one(CommandBar).disabled = busy

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "finish":
            return False
        if not self.ready and action in ("describe", "yaml", "logs", "explain", "jump", "filter", "focus_command"):
            return None
        return True

    def refresh_view(self, force: bool = False) -> None:
        if not self._busy:
            super().refresh_view(force)

    def stopped(self) -> None:
        self.refresh_view(force=True)
        self.show_status()

    # -- moving ----------------------------------------------------------------------------------
    def move_to(self, tick: int, playing: bool = False) -> None:
        """Seek the session to `tick` (clamped to the run) and show the panes at that tick."""
        if not self.ready:
            return
        before = self.position
        self.session.seek(max(self.start, min(self.end, tick)))
        self._after_move(before, playing=playing)
        if not playing:
            self.call_after_refresh(self._seeker_idle)

    def _seeker_idle(self) -> None:
        """Once a move the user made is on screen, the seeker readies the next step back."""
        if self.ready and not self._busy:
            self.session.seeker.idle()

    def _after_move(self, before: int | None, redraw: bool = False, playing: bool = False) -> None:
        """Show the panes at the playhead. While playing, the namespace tree keeps the play
        screen's pace; a move the user made shows it at once."""
        game = self.game
        now = self.position
        replaced = game.follow()
        game.judge()
        game.sample(restart=before is None or now < before or (not playing and now - before > 1))
        if replaced or redraw:
            self.redraw()
        else:
            self.refresh_view(force=not playing)
        self.feed.move(self.query_one(EventsPane), now)
        self._print_commands(before, now)
        self.show_status()

    def _print_commands(self, before: int | None, now: int) -> None:
        """The commands run since `before` (all up to `now` when None), with what they printed.
        Only once the replay is ready: what a command the command bar started printed (it may
        wait) is known once preparing has run the log to its end, so the commands at the
        first tick wait for that rather than show without their output."""
        pane = self.query_one(OutputPane)
        if not self.ready or before is not None and now == before:
            return
        if before is None or now < before:
            if before is not None:
                pane.note(t("replay.back", self.lang, tick=now))
            lo, hi = bisect_left(self._command_ticks, now), bisect_right(self._command_ticks, now)
            if before is None:
                lo = 0
        else:
            lo, hi = bisect_right(self._command_ticks, before), bisect_right(self._command_ticks, now)
        if hi - lo > COMMANDS_SHOWN:
            pane.note(t("replay.more_commands", self.lang, count=hi - lo - COMMANDS_SHOWN))
            lo = hi - COMMANDS_SHOWN
        for c in self._commands[lo:hi]:
            if c.get("finishes"):
                pane.note(t("replay.finished", self.lang, tick=c["tick"]), style="bold cyan")
                continue
            out, err = c.get("_output") or ("", "")
            pane.command(c["line"], _clip(out), _clip(err), note=f"tick {c['tick']} · {c.get('source', 'player')}")

    def show_status(self) -> None:
        if not self.is_mounted:
            return
        self._header()
        extra = Text()
        here = self.position
        lo, hi = bisect_left(self._command_ticks, here), bisect_right(self._command_ticks, here)
        if hi > lo:
            extra.append("$ " + " ; ".join(c["line"] for c in self._commands[lo:hi]), style="bold cyan")
        lo, hi = bisect_left(self.feed.ticks, here), bisect_right(self.feed.ticks, here)
        warnings = sum(1 for e in self.feed.events[lo:hi] if e["type"] == "Warning")
        if warnings:
            if extra.plain:
                extra.append("  ")
            extra.append(f"{warnings} Warning", style="bold red")
        self.query_one(Scrubber).show(here, self.status_text(extra))

    def _header(self) -> None:
        self.query_one(GameHeader).show(title=self.title_text, tick=self.position, duration=self.end,
                                        speed=self.speed, paused=not self.playing, score=None, cost=None,
                                        lang=self.lang)

    # -- read-only -------------------------------------------------------------------------------
    def run_command(self, line: str, stdin: str | None = None, note: str | None = None):
        self.query_one(OutputPane).command(normalize(line), "", f"{t('replay.readonly', self.lang)}\n", note=note)
        return None

    def action_read_only(self) -> None:
        self.app.notify(t("replay.readonly", self.lang), severity="warning")

    def action_cancel(self) -> None:
        bar = self.query_one(CommandBar)
        if isinstance(self.focused, CommandBar) and bar.value:
            bar.value = ""

    def action_help(self) -> None:
        self.app.push_screen(ReplayHelpScreen(self.lang))

    def action_debrief(self) -> None:
        """The run's debrief, as the log tells it (a scenario's run only)."""
        from kubetui.ui.screens.detail import DetailScreen

        told = self.session.debrief(self.lang)
        if not told:
            self.app.notify(t("replay.nodebrief", self.lang), severity="warning")
            return
        self.app.push_screen(DetailScreen(t("results.debrief", self.lang), told, None, self.lang))

    def action_quit_game(self) -> None:
        self.game.close()
        leave_replay(self)


def leave_replay(screen: Screen) -> None:
    """Back to the home screen, or out of the app when it was started on this replay."""
    app = screen.app
    if getattr(app, "start", None) == "replay":
        app.exit()
    else:
        app.back_home()


# -- a real cluster's Events ----------------------------------------------------------------------
class EventsTimeline:
    """A real cluster's Events (`kubectl get events -A -o json`) laid on a timeline.

    Events without any time are placed at the end, as `kubectl get events` sorts them last."""

    def __init__(self, path: str | Path, events=None):
        if events is None:
            from kubetui.replay.kubeevents import load_events

            events = load_events(path)
        self.path = Path(path)
        self.events = events
        known = [e.tick for e in events if e.tick is not None]
        self.end = max(known) if known else 0
        self.start = 0
        self.first_time = next((e.time for e in events if e.tick == 0 and e.time), None)

    def tick_of(self, event) -> int:
        return self.end if event.tick is None else event.tick

    def as_event(self, event, lang: str = "en") -> dict:
        kind, ns, name = split_key(event.object)
        tick = event.tick
        message = event.message if tick is not None else f"{event.message} ({t('replay.no_time', lang)})"
        return {"type": event.type or "Normal", "reason": event.reason, "message": message,
                "count": event.count, "involvedObject": {"kind": kind, "namespace": ns, "name": name},
                "lastTimestamp": timestamp(tick) if tick is not None else None}


class EventsTimelineScreen(TimelineControls, Screen):
    """A real cluster's Events in the Events pane, played back along the scrubber."""

    BINDINGS = [
        *TIMELINE_BINDINGS,
        Binding("f", "events_filter", "filter"),
        Binding("escape", "leave_filter", "leave", show=False),
        Binding("q", "leave", "leave"),
    ]
    DEFAULT_CSS = """
    EventsTimelineScreen { layout: vertical; }
    EventsTimelineScreen #events { height: 1fr; }
    EventsTimelineScreen #events-info { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, timeline: EventsTimeline, lang: str = "en"):
        super().__init__()
        self.timeline = timeline
        self.lang = lang
        self.start = timeline.start
        self.end = timeline.end
        self.ready = True
        self._position = self.start
        ticks = [timeline.tick_of(e) for e in timeline.events]
        order = sorted(range(len(ticks)), key=lambda i: (ticks[i], i))
        self._ticks = [ticks[i] for i in order]
        self._events = [timeline.events[i] for i in order]
        self.feed = EventFeed([timeline.as_event(e, lang) for e in self._events], self._ticks)
        self.warning_ticks = sorted({tk for tk, e in zip(self._ticks, self._events) if e.type == "Warning"})
        self.objective_ticks: list[int] = []

    @property
    def position(self) -> int:
        return self._position

    def compose(self) -> ComposeResult:
        yield GameHeader(id="header")
        warnings = sum(1 for e in self._events if e.type == "Warning")
        info = t("replay.events_info", self.lang, events=len(self._events), warnings=warnings,
                 first=self.timeline.first_time or "?")
        yield Static(info, id="events-info")
        yield EventsPane(self.lang, id="events", classes="pane")
        yield Scrubber(self.start, self.end, warnings=self.warning_ticks, id="scrubber")
        yield Footer()

    def on_mount(self) -> None:
        self._after_move(None)
        self.query_one(EventsPane).log_widget.focus()
        self.start_clock()

    def move_to(self, tick: int, playing: bool = False) -> None:
        before = self._position
        self._position = max(self.start, min(self.end, tick))
        self._after_move(before)

    def _after_move(self, before: int | None) -> None:
        self.feed.move(self.query_one(EventsPane), self._position)
        self.show_status()

    def show_status(self) -> None:
        if not self.is_mounted:
            return
        here = self._position
        name = self.timeline.path.name
        self.query_one(GameHeader).show(title=t("replay.events_title", self.lang, name=name), tick=here,
                                        duration=self.end, speed=self.speed, paused=not self.playing, score=None,
                                        cost=None, lang=self.lang)
        lo, hi = bisect_left(self._ticks, here), bisect_right(self._ticks, here)
        extra = Text()
        at = self._events[lo:hi]
        if at:
            extra.append(at[-1].time or "", style="bold")
            warnings = sum(1 for e in at if e.type == "Warning")
            extra.append(f"  {len(at)} Event(s)")
            if warnings:
                extra.append(f", {warnings} Warning", style="bold red")
        self.query_one(Scrubber).show(here, self.status_text(extra))

    def action_events_filter(self) -> None:
        self.query_one(EventsPane).open_filter()

    def action_leave_filter(self) -> None:
        self.query_one(EventsPane).log_widget.focus()

    def action_help(self) -> None:
        self.app.push_screen(ReplayHelpScreen(self.lang))

    def action_leave(self) -> None:
        leave_replay(self)


def replay_screen(source, lang: str = "en") -> Screen:
    """The screen for a ReplaySession, an EventsTimeline, or the path of a run's event log."""
    if isinstance(source, EventsTimeline):
        return EventsTimelineScreen(source, lang)
    if isinstance(source, (str, Path)):
        from kubetui.replay.session import ReplaySession

        source = ReplaySession(source)
    return ReplayScreen(source, lang)
