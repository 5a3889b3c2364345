"""The play screen: the cluster's panes around a command bar.

It reads the game's views and sends every change as a command line through `Game.run`, and
shows the kubectl command equivalent to each action taken with a key, so the player learns
the real command while clicking.
"""

from __future__ import annotations

import os
import shlex
import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Tab, Tabs

from kubetui.kubectl import start_kubectl
from kubetui.kubectl.commands.exec import EOF, INTR
from kubetui.kubectl.printers import describe, to_yaml
from kubetui.model.kinds import KINDS
from kubetui.ui.game import normalize
from kubetui.ui.i18n import t
from kubetui.ui.screens.detail import ConfirmScreen, DetailScreen, EditScreen, HelpScreen, PromptScreen, explanation
from kubetui.ui.widgets.charts import ChartsPane
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.events import EventsPane
from kubetui.ui.widgets.footer import LocalFooter
from kubetui.ui.widgets.header import GameHeader
from kubetui.ui.widgets.namespaces import TREE_KINDS, NamespaceTree
from kubetui.ui.widgets.nodes import NodesPane
from kubetui.ui.widgets.objectives import ObjectivesPanel
from kubetui.ui.widgets.objects import ObjectTable
from kubetui.ui.widgets.output import OutputPane, in_order, unseen

PANES = ("objects", "nodes", "namespaces", "events", "objectives", "charts")
SCALABLE = ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet")
TREE_REBUILD_SECONDS = 1.0
"""Real seconds between rebuilds of the namespace tree while things keep changing."""
AGES_EVERY = 0.5
"""Real seconds between the clock's redraws of the columns that move with the clock alone (AGE)
on rows whose object did not change: at 10× every row on screen has a new AGE every tick, and
drawing them all again at every fire delayed the keys pressed meanwhile. A step the player asks
for (`.`, a command) and a changed object draw them at once."""
FILTER_DEBOUNCE = 0.15
"""Real seconds of no typing after which `/text` in the command bar filters the table."""


def kubectl_ref(kind: str, namespace: str | None, name: str, current: str = "default", kinds=None) -> str:
    """`deployment web -n shop` (namespace left out for the current context's namespace,
    `current`, and for cluster-scoped kinds); `kinds` is the cluster's registry, which knows its
    custom kinds too."""
    k = (kinds if kinds is not None else KINDS)[kind]
    ref = f"{k.singular} {name}"
    if namespace and namespace != current and k.namespaced:
        ref += f" -n {namespace}"
    return ref


SHELLS = ("sh", "bash", "ash", "zsh")


EDITORS = frozenset({"vi", "vim", "nvim", "nano", "emacs", "code"})
MAX_EDITED_BYTES = 1024 * 1024
"""The largest file the editor opens: a manifest, not a log."""
"""Text editors a player may type in the command bar; `kubectl edit` (an object) is not one."""


def kubectl_words(line: str) -> list[str] | None:
    """The words of a command-bar line after `kubectl` (or `k`), or None when its quoting is
    unfinished (kubectl's own parsing then says what is wrong)."""
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    return words[1:] if words and words[0] in ("kubectl", "k") else words


def attaching(line: str) -> bool:
    """`kubectl run -i …`, `debug -i …`, `attach -i …`: kubectl attaches to the container's own
    process once it runs (a shell's prompt, or the program's output), and says so itself."""
    words = kubectl_words(line)
    if words is None:
        return False
    if not words or words[0] not in ("run", "debug", "attach"):
        return False
    flags = words[1:words.index("--")] if "--" in words else words[1:]
    return any(f in ("--stdin", "--stdin=true") or (f[:1] == "-" and f[1:].isalpha() and "i" in f[1:])
               for f in flags)


def interactive_shell(line: str) -> bool:
    """`kubectl exec -it POD -- sh`: a terminal session the simulated containers cannot open."""
    words = kubectl_words(line)
    if words is None:
        return False
    if not words or words[0] != "exec" or "--" not in words:
        return False
    at = words.index("--")
    flags, command = words[1:at], words[at + 1:]
    asks_terminal = any(f in ("-i", "-t", "-it", "-ti", "--stdin", "--tty") for f in flags)
    return asks_terminal and len(command) == 1 and command[0].rsplit("/", 1)[-1] in SHELLS


CHARTS_WIDTH = 180
"""From this width the Charts column shows beside the others; narrower, `]` brings it in. Below it
the Objects pane needs the room: `kubectl get pods` columns in full at 160 columns."""


def _printed(invocation) -> tuple[int, int]:
    """How much of its stdout and its stderr a waiting command has printed (the Output pane
    shows what comes after): a program's as its transcript holds them."""
    said = getattr(invocation, "transcript", None)
    if said is None:
        return len(invocation.stdout), len(invocation.stderr)
    return sum(len(text) for fd, text in said if fd == 1), sum(len(text) for fd, text in said if fd == 2)


def compact_size(width: int, height: int) -> bool:
    return width < 100 or height < 30


class PlayScreen(Screen):
    """Nodes, namespaces, objects, events, objectives and charts around the command bar."""

    AUTO_FOCUS = "#command"
    """The command bar has the keys whenever the screen comes (back) to the front: a player who
    types at once must not press the tables' keys (`e` edits, `d` describes) by accident."""

    BINDINGS = [
        Binding("space", "toggle_pause", "pause"),
        Binding("full_stop", "step_one", "+1s"),
        Binding("plus,equals_sign", "faster", "faster"),
        Binding("minus", "slower", "slower"),
        Binding("i,greater_than_sign", "focus_command", "command"),
        Binding("d", "describe", "describe"),
        Binding("y", "yaml", "yaml"),
        Binding("l", "logs", "logs"),
        Binding("e", "edit", "edit"),
        Binding("s", "scale", "scale"),
        Binding("x", "explain", "why pending", show=False),
        Binding("ctrl+d", "delete", "delete"),
        Binding("slash", "filter", "filter", show=False),
        Binding("colon", "jump", "kind", show=False),
        Binding("f", "events_filter", "events filter", show=False),
        Binding("z", "maximise_output", "output", show=False),
        Binding("question_mark", "help", "help"),
        Binding("m", "objective_detail", "objective detail", show=False),
        Binding("escape", "leave_command", "leave", show=False),
        Binding("left_square_bracket", "pane(-1)", "prev pane", show=False),
        Binding("right_square_bracket", "pane(1)", "next pane", show=False),
        Binding("ctrl+c", "cancel", "cancel", show=False, priority=True),
        Binding("h", "hint", "hint"),
        Binding("ctrl+f", "finish", "finish", priority=True),
        Binding("q", "quit_game", "quit"),
    ]
    FOOTER_DROP = ("step_one", "slower", "faster", "focus_command", "scale", "edit", "logs", "yaml", "delete",
                   "describe", "toggle_pause")
    """Keys the key bar leaves out first on a narrow terminal (`?` lists them all)."""

    def __init__(self, game, lang: str = "en", title: str | None = None):
        super().__init__()
        self.game = game
        self.lang = lang
        self.title_text = title or t("play.sandbox", lang)
        self.active_pane = "objects"
        self.compact = False
        self._tree_dirty = True
        self._tree_at = 0.0
        self._ages_at = 0.0
        self.refreshes = 0
        self._last_selection_widget = "objects"
        self._footer_paused: bool | None = None
        self.running: list[list] = []
        """Commands still waiting (rollout status, get -w): [invocation, stdout shown, stderr shown]."""
        self._filter_timer = None
        self._finish_offered = False
        self._tree_timer = None

    @property
    def sim(self):
        """The cluster the panes show (the current context's, when a scenario has several)."""
        return self.game.viewed

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        lang = self.lang
        yield GameHeader(id="header")
        yield Tabs(*[Tab(t(f"pane.{p}", lang), id=f"tab-{p}") for p in self._panes()], id="pane-tabs")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield ObjectivesPanel(lang, id="objectives", classes="pane")
                yield NodesPane(lang, id="nodes", classes="pane")
                tree = NamespaceTree(id="namespaces", classes="pane")
                tree.border_title = t("pane.namespaces", lang)
                yield tree
            with Vertical(id="center"):
                table = ObjectTable("Pod", id="objects", classes="pane")
                table.border_title = f"{t('pane.objects', lang)}: pods"
                yield table
                yield EventsPane(lang, id="events", classes="pane")
            with Vertical(id="right"):
                yield ChartsPane(lang, id="charts", classes="pane")
        yield OutputPane(lang, id="output")
        yield CommandBar(lambda: self.game.sim, placeholder=t("command.placeholder", lang), id="command")
        yield LocalFooter()

    def _panes(self) -> list[str]:
        return [p for p in PANES if p != "objectives" or self.game.scenario is not None]

    def on_mount(self) -> None:
        if self.game.scenario is None:
            self.query_one("#objectives").display = False
        self.query_one(ObjectTable).rebuild(self.sim)
        self.query_one(NodesPane).refresh_nodes(self.sim, None)
        self.game.watch.drain()
        self._apply_layout(self.size.width, self.size.height)
        self.refresh_view(force=True)
        self.query_one(CommandBar).focus()

    def on_resize(self, event) -> None:
        self._apply_layout(event.size.width, event.size.height)
        self.call_after_refresh(self._header)
        if self._terminal() is not None:
            self.call_after_refresh(self._size_terminal)

    def _apply_layout(self, width: int, height: int) -> None:
        """Wide terminals show every pane; small ones show one pane at a time under tabs."""
        self.compact = compact_size(width, height)
        self.set_class(self.compact, "-compact")
        tabs = self.query_one("#pane-tabs", Tabs)
        tabs.display = self.compact
        has_scenario = self.game.scenario is not None
        for pane in PANES:
            widget = self.query_one(f"#{pane}")
            if self.compact:
                widget.display = pane == self.active_pane and (pane != "objectives" or has_scenario)
            elif pane == "objectives":
                widget.display = has_scenario
            elif pane == "charts":
                widget.display = width >= CHARTS_WIDTH or self.active_pane == "charts"
            else:
                widget.display = True
        right_wanted = width >= CHARTS_WIDTH or self.active_pane == "charts"
        for column, members in (("left", ("objectives", "nodes", "namespaces")), ("center", ("objects", "events")),
                                ("right", ("charts",))):
            col = self.query_one(f"#{column}")
            if self.compact:
                col.display = self.active_pane in members
            else:
                col.display = column != "right" or right_wanted
        charts = self.query_one(ChartsPane)
        self.query_one("#objectives").styles.max_height = "100%" if self.compact else "50%"
        if charts.display and self.query_one("#right").display:
            charts.show(self.game.samples)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        self.active_pane = event.tab.id.removeprefix("tab-")
        self._apply_layout(self.size.width, self.size.height)

    def action_pane(self, delta: int) -> None:
        panes = self._panes()
        i = panes.index(self.active_pane) if self.active_pane in panes else 0
        self.show_pane(panes[(i + delta) % len(panes)])

    def show_pane(self, pane: str) -> None:
        self.active_pane = pane
        if self.compact:
            self.query_one("#pane-tabs", Tabs).active = f"tab-{pane}"
        self._apply_layout(self.size.width, self.size.height)

    # -- refreshing ------------------------------------------------------------------------------
    def request_tree_rebuild(self) -> None:
        self._tree_dirty = True
        self._tree_at = 0.0
        self.refresh_view()

    def redraw(self) -> None:
        """Every pane again from `self.sim`: for when the simulation object itself was replaced
        (a replay's seek), so no pane keeps rows of the one before."""
        sim = self.sim
        self.game.watch.drain()
        table = self.query_one(ObjectTable)
        selected = table.selected()
        with self.app.batch_update():
            table.rebuild(sim)
            if selected is not None and f"{selected[1] or ''}/{selected[2]}" in table.rows:
                table.move_cursor(row=table.get_row_index(f"{selected[1] or ''}/{selected[2]}"), animate=False)
            nodes = self.query_one(NodesPane)
            nodes.table.clear()
            nodes.refresh_nodes(sim, None)
        self._tree_dirty = True
        self.refresh_view(force=True)

    def refresh_view(self, force: bool = False) -> None:
        """Redraw what changed since the last refresh, in one batch."""
        game, sim = self.game, self.sim
        if sim is not game.watch.sim:
            game.follow(sim)  # the player switched to another of the scenario's clusters
            self.redraw()
            return
        changes = game.watch.drain()
        if self._footer_paused is not self.app.paused:
            self._footer_paused = self.app.paused
            self.refresh_bindings()
        with self.app.batch_update():
            if self.running:
                self._follow_running()
            self._header()
            self.query_one(NodesPane).refresh_nodes(sim, changes.nodes)
            table = self.query_one(ObjectTable)
            now = time.monotonic()
            ages = not getattr(self.app, "clock_firing", False) or now - self._ages_at >= AGES_EVERY
            if ages:
                self._ages_at = now
            table.apply_changes(sim, changes.keys.get(table.kind), ages=ages)
            if game.new_events:
                if sim is game.sim:  # the Events of the scenario's first cluster only
                    self.query_one(EventsPane).add_events(game.new_events)
                game.new_events = []
            for message in game.session.timeline_refusals():
                self.query_one(OutputPane).note(message, style="bold red", wrap=True)
            if game.scenario is not None:
                self.query_one(ObjectivesPanel).show(game.objectives, game.statuses)
                self._offer_finish()
            charts = self.query_one(ChartsPane)
            if charts.display:
                charts.show(game.samples)
            if changes.structure and not changes.keys:
                self._tree_dirty = True
            elif changes.keys and not self._tree_dirty:
                tree_keys = {kind: keys for kind, keys in changes.keys.items() if kind in TREE_KINDS}
                if tree_keys and not self.query_one(NamespaceTree).update(sim, game.watch, tree_keys):
                    self._tree_dirty = True
            now = time.monotonic()
            if self._tree_dirty and (force or now - self._tree_at >= TREE_REBUILD_SECONDS):
                self._tree_dirty = False
                self._tree_at = now
                self.query_one(NamespaceTree).rebuild(sim, game.watch)
            elif self._tree_dirty and self._tree_timer is None:
                self._tree_timer = self.set_timer(TREE_REBUILD_SECONDS - (now - self._tree_at), self._tree_due)
        self.refreshes += 1

    def _tree_due(self) -> None:
        """A change the throttle held back still reaches the tree, even with the clock paused."""
        self._tree_timer = None
        if self._tree_dirty and self.is_mounted:
            self.refresh_view()

    def _header(self) -> None:
        game, app = self.game, self.app
        score = cost = None
        if game.scenario is not None and game.statuses:
            try:
                breakdown = game.projected_score()
                score = f"{breakdown.points}/{breakdown.maxPoints}"
            except Exception:
                score = None
        price = ((game.sim.figures().get("cost") or {}).get("price")) if game.scenario is not None else None
        if price is not None:
            cost = f"${price:.2f}"
        config = game.sim.kubeconfig
        self.query_one(GameHeader).show(title=self.title_text, tick=game.sim.tick, duration=game.duration,
                                        speed=app.speed, paused=app.paused, score=score, cost=cost, lang=self.lang,
                                        api=app.api.label if getattr(app, "api", None) is not None else None,
                                        context=f"{config.current_context}:{config.namespace()}",
                                        countdown=self.countdown())

    def footer_tip(self) -> str | None:
        """With the command bar focused its keys hide the screen's: say how to reach them."""
        if not isinstance(self.focused, CommandBar):
            return None
        return t("footer.command.paused" if self.app.paused else "footer.command.running", self.lang)

    def countdown(self) -> float | None:
        """Real seconds left of a timed attempt (an exam), shown in the header; None when untimed."""
        return None

    # -- the clock -----------------------------------------------------------------------------
    def action_toggle_pause(self) -> None:
        self.app.toggle_pause()

    def action_step_one(self) -> None:
        self.app.step_once()

    def action_faster(self) -> None:
        self.app.change_speed(1)

    def action_slower(self) -> None:
        self.app.change_speed(-1)

    # -- commands --------------------------------------------------------------------------------
    def action_focus_command(self, prefix: str = "") -> None:
        bar = self.query_one(CommandBar)
        bar.value = prefix
        bar.focus()
        bar.cursor_position = len(prefix)

    def action_maximise_output(self) -> None:
        """z: the Output pane over the cluster's panes, focused to scroll; z (or Esc) again restores."""
        maximised = not self.has_class("-output-max")
        self.set_class(maximised, "-output-max")
        if maximised:
            self.query_one(OutputPane).focus()
        else:
            self._selection_widget().focus()

    def action_leave_command(self) -> None:
        if self.has_class("-output-max"):
            self.action_maximise_output()
            return
        focused = self.focused
        if isinstance(focused, CommandBar) or focused is None or focused.id == "events-filter":
            self._selection_widget().focus()

    def action_filter(self) -> None:
        """The command bar with `/` and the filter set now, to edit; the table follows the
        typing (after a pause of `FILTER_DEBOUNCE`), Enter goes back to the table. With the
        Output pane maximised, `/` searches it instead."""
        if self.has_class("-output-max"):
            self.action_focus_command("/")
            return
        self.action_focus_command("/" + self.query_one(ObjectTable).filter_text)

    def on_input_changed(self, event) -> None:
        if not isinstance(event.input, CommandBar):
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if event.value.startswith("/") and not self.has_class("-output-max"):
            self._filter_timer = self.set_timer(FILTER_DEBOUNCE, self._live_filter)

    def _live_filter(self) -> None:
        self._filter_timer = None
        value = self.query_one(CommandBar).value
        table = self.query_one(ObjectTable)
        if value.startswith("/") and value[1:].strip().lower() != table.filter_text:
            table.set_filter(self.sim, value[1:])
            self._table_title()

    def action_jump(self) -> None:
        self.action_focus_command(":")

    def action_events_filter(self) -> None:
        if self.compact:
            self.show_pane("events")
        self.query_one(EventsPane).open_filter()

    def on_object_table_columns_changed(self, message: ObjectTable.ColumnsChanged) -> None:
        self._table_title()

    def on_command_bar_command(self, message: CommandBar.Command) -> None:
        self.submit(message.line)

    def submit(self, line: str) -> None:
        """What the command bar does with a line: `:kind`, `/filter`, or a command to run."""
        terminal = self._terminal()
        if terminal is not None:
            self._type_into(terminal, line)
            return
        line = line.strip()
        if line == "clear":  # the terminal's habit: the Output pane starts empty (nothing is run)
            self.query_one(OutputPane).clear_screen()
        elif line.startswith(":"):
            self.jump_to(line[1:].strip())
        elif line.startswith("/") and self.has_class("-output-max"):
            pane = self.query_one(OutputPane)
            pane.search(line[1:])
            pane.focus()
        elif line.startswith("/"):
            if self._filter_timer is not None:
                self._filter_timer.stop()
                self._filter_timer = None
            table = self.query_one(ObjectTable)
            table.set_filter(self.sim, line[1:])
            self._table_title()
            table.focus()
        elif self._typed_editor(line):
            return
        elif line and not self._typed_edit(line):
            invocation = self.run_command(line)
            if interactive_shell(line) and getattr(invocation, "terminal", None) is not None:
                if not self.query_one(CommandBar).border_title:  # else the refresh has said it
                    self.query_one(OutputPane).note(t("exec.session", self.lang), style="yellow", wrap=True)
                self._show_prompt()
            elif interactive_shell(line):
                self.query_one(OutputPane).note(t("exec.interactive", self.lang), style="yellow", wrap=True)

    def run_command(self, line: str, stdin: str | None = None, note: str | None = None):
        """Run a command; one that waits keeps printing here as the game goes on."""
        invocation = self.game.run(line, stdin=stdin)
        pane = self.query_one(OutputPane)
        said = getattr(invocation, "transcript", None)
        pane.command(normalize(line), invocation.stdout, invocation.stderr, note=note, transcript=said)
        if not invocation.done:
            self.running.append([invocation, *_printed(invocation)])
            if getattr(invocation, "terminal", None) is None and said is None and not attaching(line):
                # not a shell (its own note says how it ends), nor a program attached to (`run -it`,
                # `debug -it`: kubectl's words come first, then the shell's note once it runs)
                pane.note(t("command.running", self.lang))
        self.refresh_view()
        self.app.after_command()
        return invocation

    def _terminal(self):
        """The newest waiting command that reads typed lines (`kubectl exec -it POD -- sh`)."""
        for invocation, *_ in reversed(self.running):
            if getattr(invocation, "terminal", None) is not None:
                return invocation
        return None

    def _type_into(self, invocation, line: str) -> None:
        """A line for the container's shell, through the door (recorded, replayed). A shell that
        reads a pipe (`exec -i` without `-t`) echoes nothing: the line shows as the player's own
        terminal shows what is typed, without a prompt."""
        if not invocation.terminal.pty:
            self.query_one(OutputPane).note(line, style="")
        self.game.sim.send(invocation.seq, line)
        self._follow_running()
        self.refresh_view()
        self._show_prompt()
        if invocation.done:
            self.query_one(OutputPane).note(t("exec.closed", self.lang), style="yellow")

    def _show_prompt(self) -> None:
        """The command bar says whose prompt it is: the container shell's (`/ # `) or kubectl's;
        while a shell is open the Output pane takes half the screen, as the shell's terminal."""
        invocation = self._terminal()
        self.set_class(invocation is not None, "-shell")  # the Output pane grows into a terminal
        bar = self.query_one(CommandBar)
        bar.placeholder = invocation.terminal.prompt if invocation is not None else t("command.placeholder", self.lang)
        bar.border_title = invocation.terminal.prompt.strip() if invocation is not None else None
        bar.use_history(invocation.seq if invocation is not None else None)
        if invocation is not None:
            self.call_after_refresh(self._size_terminal)

    def _size_terminal(self) -> None:
        """The container's terminal is as wide and tall as the Output pane that shows it (through
        the door, so a replay sizes it alike): `ls` lays its columns out for what fits there."""
        invocation = self._terminal()
        region = self.query_one(OutputPane).scrollable_content_region
        if invocation is not None and region.width > 0 and region.height > 0:
            self.game.sim.resize(invocation.seq, region.width, region.height)

    def _follow_running(self) -> None:
        """Print what waiting commands wrote since the last refresh; forget finished ones."""
        pane = self.query_one(OutputPane)
        for entry in list(self.running):
            invocation, out_at, err_at = entry
            said = getattr(invocation, "transcript", None)
            if said is not None:  # a program's output (`run -it`: from when the container runs)
                for body, style in in_order(unseen(said, out_at, err_at)):
                    for line in body.split("\n"):
                        pane.note(line, style=style)
            else:
                out, err = invocation.stdout, invocation.stderr
                for chunk, style in ((out[out_at:], ""), (err[err_at:], "red")):
                    if chunk:
                        for line in chunk.rstrip("\n").split("\n"):
                            pane.note(line, style=style)
            entry[1], entry[2] = _printed(invocation)
            if invocation.done:
                self.running.remove(entry)
        bar = self.query_one(CommandBar)
        if bool(bar.border_title) != (self._terminal() is not None):
            if not bar.border_title:  # `run -it`, `debug -it`: the shell opens once the container runs
                pane.note(t("exec.session", self.lang), style="yellow", wrap=True)
            self._show_prompt()

    def jump_to(self, word: str) -> None:
        word = word.split()[0] if word else "pods"
        kind = self.sim.store.kinds.resolve(word)
        if kind is None:
            self.query_one(OutputPane).command(f":{word}", "", "error: " + t("kind.unknown", self.lang, kind=word) + "\n")
            return
        table = self.query_one(ObjectTable)
        table.filter_text = ""
        table.show_kind(self.sim, kind.kind)
        self._table_title()
        if self.compact:
            self.show_pane("objects")
        table.focus()
        self.query_one(OutputPane).note(f"# kubectl get {kind.plural} -A")

    def _ref(self, kind: str, ns: str | None, name: str) -> str:
        return kubectl_ref(kind, ns, name, self.game.sim.kubeconfig.namespace(), self.sim.store.kinds)

    def _table_title(self) -> None:
        table = self.query_one(ObjectTable)
        shown = self.sim.store.kinds.get(table.kind)
        title = f"{t('pane.objects', self.lang)}: {shown.plural if shown else table.kind.lower()}"
        if table.hidden_namespace is not None:
            title += f"({table.hidden_namespace})"
        if table.filter_text:
            title += f"  /{table.filter_text}"
        table.border_title = title

    # -- the selected object ---------------------------------------------------------------------
    def on_descendant_focus(self, event) -> None:
        widget = event.widget
        if isinstance(widget, ObjectTable):
            self._last_selection_widget = "objects"
        elif isinstance(widget, NamespaceTree):
            self._last_selection_widget = "namespaces"
        elif isinstance(widget, DataTable) and widget.id == "nodes-table":
            self._last_selection_widget = "nodes"

    def _selection_widget(self):
        if self._last_selection_widget == "namespaces":
            return self.query_one(NamespaceTree)
        if self._last_selection_widget == "nodes":
            return self.query_one("#nodes-table", DataTable)
        return self.query_one(ObjectTable)

    def selected(self) -> tuple[str, str | None, str] | None:
        widget = self._selection_widget()
        if isinstance(widget, (ObjectTable, NamespaceTree)):
            return widget.selected()
        if widget.row_count:
            try:
                key = widget.coordinate_to_cell_key(widget.cursor_coordinate).row_key.value
            except Exception:
                return None
            return "Node", None, key
        return None

    def _selected_object(self):
        sel = self.selected()
        if sel is None:
            self.app.notify(t("select.none", self.lang), severity="warning")
            return None
        kind, ns, name = sel
        obj = self.sim.store.get(kind, ns, name)
        if obj is None:
            shown = self.sim.store.kinds.get(kind)
            self.app.notify(f'Error from server (NotFound): {shown.resource if shown else kind} "{name}" not found',
                            severity="error")
            return None
        return kind, ns, name, obj

    def _show_equivalent(self, command: str) -> None:
        self.query_one(OutputPane).note(f"# {command}", style="cyan")

    def action_describe(self) -> None:
        found = self._selected_object()
        if found is None:
            return
        kind, ns, name, obj = found
        command = f"kubectl describe {self._ref(kind, ns, name)}"
        body = Text(describe(kind, obj, self.sim, now_tick=self.sim.tick))
        if kind == "Pod" and not (obj.get("spec") or {}).get("nodeName"):
            body.append("\n")
            body.append_text(explanation(obj, self.sim.scheduler.explain(obj), self.lang))
        self._show_equivalent(command)
        self.app.push_screen(DetailScreen(f"{kind}/{name}", body, command, self.lang))

    def action_yaml(self) -> None:
        found = self._selected_object()
        if found is None:
            return
        kind, ns, name, obj = found
        command = f"kubectl get {self._ref(kind, ns, name)} -o yaml"
        self._show_equivalent(command)
        self.app.push_screen(DetailScreen(f"{kind}/{name}", to_yaml(obj), command, self.lang))

    def action_logs(self) -> None:
        found = self._selected_object()
        if found is None:
            return
        kind, ns, name, obj = found
        if kind != "Pod":
            self.app.notify(t("nologs", self.lang), severity="warning")
            return
        command = f"kubectl logs {name}" + (f" -n {ns}" if ns and ns != "default" else "")
        containers = [c.get("name") for c in (obj.get("spec") or {}).get("containers") or ()]
        default = (obj["metadata"].get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
        container = default if default in containers else (containers[0] if containers else name)
        shown = start_kubectl(self.sim, ["logs", name, "-n", ns or "default", "-c", container], wait=False,
                              interactive=False)
        body = Text(shown.stdout.rstrip("\n")) if shown.exit_code == 0 else Text(shown.stderr.strip(), style="red")
        self._show_equivalent(command)
        self.app.push_screen(DetailScreen(f"logs {name}", body, command, self.lang))

    def action_explain(self) -> None:
        found = self._selected_object()
        if found is None:
            return
        kind, ns, name, obj = found
        if kind != "Pod":
            return self.action_describe()
        node = (obj.get("spec") or {}).get("nodeName")
        if node:
            phase = (obj.get("status") or {}).get("phase") or "Pending"
            message = t("explain.placed", self.lang, name=name, phase=phase, node=node)
            self.query_one(OutputPane).note(message, style="green", wrap=True)
            self.app.notify(message)
            return
        body = explanation(obj, self.sim.scheduler.explain(obj), self.lang)
        command = f"kubectl describe {self._ref(kind, ns, name)}"
        self._show_equivalent(command)
        self.app.push_screen(DetailScreen(f"scheduler: {name}", body, command, self.lang))

    def action_edit(self) -> None:
        found = self._selected_object()
        if found is None:
            return
        kind, ns, name, obj = found
        command = f"kubectl edit {self._ref(kind, ns, name)}"
        self._show_equivalent(command)
        self._open_editor(kind, name, obj, command)

    def _open_editor(self, kind: str, name: str, obj: dict, command: str) -> None:
        def apply(text: str):
            """What the player saved goes through the door as `kubectl edit` with the editor's result."""
            return self.run_command(command, stdin=text)

        self.app.push_screen(EditScreen(f"{kind}/{name}", to_yaml(obj), apply, self.lang))

    def _typed_editor(self, line: str) -> bool:
        """`vi pod.yaml` (after `kubectl run … -o yaml > pod.yaml`, as exam guides teach) opens the
        file of the door's folder in the editor; ctrl+s saves it through the door as `cat > FILE`
        with the text as stdin, so the write is recorded and a replay writes the same bytes."""
        words = kubectl_words(line)
        if words is None:
            return False
        if not words or words[0] not in EDITORS:
            return False
        folder = os.path.abspath(self.game.session.cwd or ".")
        pane = self.query_one(OutputPane)
        files = [w for w in words[1:] if not w.startswith(("-", "+"))]
        if not files:
            pane.note(f"$ {line}")
            pane.note(t("editor.usage", self.lang, editor=words[0], folder=folder), style="yellow", wrap=True)
            return True
        file = files[0]
        text = self._file_text(os.path.join(folder, file))
        if not isinstance(text, str):
            pane.note(f"$ {line}")
            pane.note(t("editor.unreadable", self.lang, file=file, why=text.strerror or text), style="yellow",
                      wrap=True)
            return True

        def save(edited: str):
            return self.run_command(f"cat > {shlex.quote(file)}", stdin=edited, note=line).result  # never waits

        self.app.push_screen(EditScreen(f"{words[0]} {file}", text, save, self.lang,
                                        hint=t("edit.file", self.lang, file=file)))
        return True

    @staticmethod
    def _file_text(path: str) -> str | OSError:
        """The file's text ("" for a new file), or why it cannot be edited as text."""
        if not os.path.exists(path):
            return ""
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_EDITED_BYTES + 1)
        except OSError as exc:
            return exc
        if len(data) > MAX_EDITED_BYTES:
            return OSError(0, f"larger than {MAX_EDITED_BYTES // 1024} KiB")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return OSError(0, "not UTF-8 text")

    def _typed_edit(self, line: str) -> bool:
        """`kubectl edit KIND NAME` typed in the bar opens the editor, where kubectl would open
        $EDITOR; anything else `kubectl edit` takes (-f, several objects) goes to kubectl."""
        words = kubectl_words(line)
        if words is None:
            return False
        if not words or words[0] != "edit":
            return False
        namespace, rest = self.game.sim.kubeconfig.namespace(), []
        args = iter(words[1:])
        for word in args:
            if word in ("-n", "--namespace"):
                namespace = next(args, "")
            elif word.startswith("--namespace="):
                namespace = word.split("=", 1)[1]
            elif word.startswith("-n") and not word.startswith("--"):
                namespace = word[2:].removeprefix("=")
            elif word.startswith("-"):
                return False
            else:
                rest.append(word)
        if len(rest) == 1 and "/" in rest[0]:
            rest = rest[0].split("/", 1)
        if len(rest) != 2:
            return False
        kind = self.sim.store.kinds.resolve(rest[0])
        if kind is None:
            return False
        obj = self.sim.store.get(kind.kind, namespace if kind.namespaced else None, rest[1])
        if obj is None:
            return False
        self.query_one(OutputPane).note(f"$ {normalize(line)}")
        self._open_editor(kind.kind, rest[1], obj, normalize(line))
        return True

    def action_scale(self) -> None:
        found = self._selected_object()
        if found is None:
            return
        kind, ns, name, obj = found
        if kind not in SCALABLE:
            self.app.notify(t("notscalable", self.lang, kind=kind), severity="warning")
            return
        current = str((obj.get("spec") or {}).get("replicas", 1))

        def done(answer: str | None) -> None:
            if answer is None:
                return
            ref = f"{KINDS[kind].singular}/{name}"
            ns_flag = f" -n {ns}" if ns and ns != "default" else ""
            self.run_command(f"kubectl scale {ref} --replicas={answer}{ns_flag}")

        self.app.push_screen(PromptScreen(t("scale.prompt", self.lang, name=f"{kind}/{name}"), current,
                                          restrict=r"[0-9]*"), done)

    def end_of_input(self) -> bool:
        """ctrl+d at a container shell's empty prompt: the terminal's ^D, the shell exits (True);
        False where there is no such prompt."""
        terminal = self._terminal()
        if terminal is None or not terminal.terminal.tty or self.query_one(CommandBar).value:
            return False
        self._type_into(terminal, EOF)
        return True

    def action_delete(self) -> None:
        """ctrl+d: ^D at a container shell's empty prompt; else delete the selected object
        (asking first)."""
        if self.end_of_input():
            return
        found = self._selected_object()
        if found is None:
            return
        kind, ns, name, obj = found
        command = f"kubectl delete {self._ref(kind, ns, name)}"

        def done(yes: bool | None) -> None:
            if yes:
                self.run_command(command)

        self.app.push_screen(ConfirmScreen(t("delete.confirm", self.lang, kind=kind, name=name), command), done)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.lang))

    def action_objective_detail(self) -> None:
        """m: the objectives in the machine's words too (reasons, type, fields, window)."""
        self.query_one(ObjectivesPanel).toggle_detail()

    def action_cancel(self) -> None:
        """ctrl+c: in a container's shell on a terminal (`exec -it`), ^C to that terminal (the
        running line stops, the shell stays); else clear the command bar, or else stop the
        newest waiting command and put the keys back in the command bar (typed after a ^C, `head`
        is a command, not the hint key `h` and the edit key `e`)."""
        bar = self.query_one(CommandBar)
        terminal = self._terminal()
        if terminal is not None and terminal.terminal.tty:
            typed, bar.value = bar.value, ""
            self._type_into(terminal, typed + INTR)
        elif isinstance(self.focused, CommandBar) and bar.value:
            bar.value = ""
        elif self.running:
            invocation = self.running[-1][0]
            shell = getattr(invocation, "terminal", None) is not None
            self._follow_running()
            self.game.sim.cancel(invocation.seq)
            if self.running and self.running[-1][0] is invocation:
                self.running.pop()
            self.query_one(OutputPane).note("^C")
            if shell:
                self.query_one(OutputPane).note(t("exec.closed", self.lang), style="yellow")
            self._show_prompt()
            bar.focus()  # ^C gives the prompt back, as a terminal does: what is typed next is a command

    def action_hint(self) -> None:
        """The next rung of the scenario's hint ladder, in the output pane; each costs points."""
        scenario = self.game.scenario
        hints = list(scenario.hints) if scenario is not None else []
        index = self.game.hint()
        if index is None:
            self.app.notify(t("hint.none", self.lang))
            return
        hint = hints[index]
        self.query_one(OutputPane).note(
            f"{t('hint', self.lang)} {self.game.hints_used}/{len(hints)} (-{hint.cost}): {hint.get(self.lang)}",
            style="bold cyan", wrap=True)
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Only a scenario or an exercise can be finished (a sandbox has no verdict)."""
        if action == "finish":
            return self.game.scenario is not None
        return True

    def action_finish(self) -> None:
        """ctrl+f: end the run now and see the verdict without waiting for the clock; asks first."""
        question = self._finish_question()
        if question is None:
            return

        def done(yes: bool | None) -> None:
            if yes and self.app.screen is self:
                self._finish_now()

        self.app.push_screen(ConfirmScreen(question), done)

    def _finish_question(self) -> str | None:
        game = self.game
        if game.scenario is None:
            return None
        return t("finish.confirm", self.lang, tick=game.sim.tick, end=game.duration)

    def _finish_now(self) -> None:
        self.app.finish_game()

    def action_quit_game(self) -> None:
        """q: leave at once where nothing is lost; ask first while a verdict is still open."""
        question = self._quit_question()
        if question is None:
            self._quit()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._quit()

        self.app.push_screen(ConfirmScreen(t(question, self.lang)), done)

    def _quit_question(self) -> str | None:
        scenario = self.game.scenario
        if scenario is None or scenario.mode == "exercise" or self.all_decided():
            return None
        return "quit.scenario"

    def _quit(self) -> None:
        self.app.end_game()

    def all_decided(self) -> bool:
        """Every objective has its final verdict: finishing now changes nothing."""
        statuses = self.game.statuses
        return bool(statuses) and all(s.decided for s in statuses)

    def _offer_finish(self) -> None:
        scenario = self.game.scenario
        if self._finish_offered or scenario is None or scenario.mode == "exercise" or not self.all_decided():
            return
        self._finish_offered = True
        self.query_one(OutputPane).note(t("finish.ready", self.lang), style="bold green", wrap=True)
        self.app.notify(t("finish.ready", self.lang))
