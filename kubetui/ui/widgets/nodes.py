"""The Nodes pane: each node's condition, roles, requested CPU and memory against allocatable,
pod count and taints; VMs still booting; and the control-plane components."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kubetui.kubectl.printers import node_status
from kubetui.ui.i18n import t
from kubetui.ui.widgets.bars import bar
from kubetui.ui.widgets.rows import RowsTable

CHUNK = 100
"""Rows added to the table per frame when it is filled."""
STATUS_STYLE = {"Ready": "green", "NotReady": "bold red", "Unknown": "bold red"}


def node_condition(node: dict) -> str:
    """The STATUS `kubectl get nodes` prints, without its `,SchedulingDisabled` (the pane styles
    that apart): a Ready condition Unknown (a silent kubelet) reads NotReady there too."""
    return node_status(node).split(",", 1)[0]


def node_roles(node: dict) -> str:
    roles = sorted(k.split("/", 1)[1] for k in (node["metadata"].get("labels") or {})
                   if k.startswith("node-role.kubernetes.io/") and k.split("/", 1)[1])
    return ",".join(roles) or "<none>"


def taints_text(node: dict) -> str:
    return ",".join(f"{tt.get('key')}:{tt.get('effect')}" for tt in (node.get("spec") or {}).get("taints") or ())


BAR_WIDTH = 4
TALLEST = 12
"""The most rows the pane claims for showing every node whole (a larger cluster scrolls)."""
NEEDS_BARS = 54
STATUS_WIDTHS = (len("NotReady"), len("Ready,SchedulingDisabled"))
"""The STATUS column's fixed width lies between these: NotReady always whole, a cordoned node's
`Ready,SchedulingDisabled` whole when the pane has room, else cut with an ellipsis, so a cordon
never widens the table (`kubectl get nodes` shows the whole text)."""
"""Cells NAME, STATUS, CPU and MEMORY with bars, and PODS take (`control-plane`, `NotReady`, `4/110`)."""


class NodesPane(Vertical):
    """Nodes as rows keyed by name; only nodes whose pods or object changed are redrawn."""

    DEFAULT_CSS = """
    NodesPane { height: 1fr; }
    NodesPane > DataTable { height: 1fr; }
    NodesPane > #nodes-extra { height: auto; max-height: 8; color: $text-muted; }
    """

    COLUMNS = ("NAME", "STATUS", "CPU", "MEMORY", "PODS", "ROLES", "TAINTS")
    """NAME to PODS always show; ROLES and TAINTS, the widest, show only when they fit whole
    (a pane cut them to `ROL` beside `con`, `<no`)."""
    ESSENTIAL = 5

    def __init__(self, lang: str = "en", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang
        self.border_title = t("pane.nodes", lang)
        self._shown: dict[str, list] = {}
        """The cells each row shows now: a changed node redraws only the cells that differ."""
        self._pending: list[str] = []
        """Nodes still to be added, a chunk per frame (a thousand rows at once delay the first frame)."""
        self._sim = None
        self.bar_width = BAR_WIDTH
        """Cells of the CPU and MEMORY bars: none in a narrow pane, so PODS still shows."""
        self.shown_columns = len(self.COLUMNS)
        """How many of COLUMNS the table has (the first ones)."""
        self._widest = [len(c) for c in self.COLUMNS]
        """The widest cell each column has held (for choosing the columns that fit)."""
        self.status_width = STATUS_WIDTHS[0]
        """The STATUS column's width, sized to the pane (not to the cells it holds)."""
        self._extra_shown: Text | None = None
        """The control-plane and booting lines shown: drawn again only when they change, and
        the screen laid out again only when their number of lines changes."""

    def compose(self) -> ComposeResult:
        table = RowsTable(id="nodes-table", cursor_type="row", zebra_stripes=False)
        self._add_columns(table)
        yield table
        yield Static(id="nodes-extra")

    @property
    def table(self) -> RowsTable:
        return self.query_one("#nodes-table", RowsTable)

    def refresh_nodes(self, sim, changed: dict[str, None] | None) -> None:
        """Redraw the rows of `changed` nodes (all nodes when None)."""
        table = self.table
        self._sim = sim
        if changed is None or len(table.rows) != len(self._shown):
            self._shown = {k: v for k, v in self._shown.items() if k in table.rows}
        if changed is None:
            names = [node["metadata"]["name"] for node in sim.store.list("Node")]
            self._pending = [n for n in names[CHUNK:] if n not in table.rows]
            names = names[:CHUNK] + [n for n in names[CHUNK:] if n in table.rows]
            if self._pending:
                self.set_timer(0.01, self._fill)
        else:
            pending = set(self._pending)
            names = sorted(n for n in changed if n not in pending)
        self._draw(sim, names)
        self._extra(sim)
        self._fit_columns()
        self._fit_height()

    def _fill(self) -> None:
        if not self._pending or self._sim is None:
            return
        names, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
        self._draw(self._sim, names)
        if self._pending:
            self.set_timer(0.01, self._fill)

    def _draw(self, sim, names: list[str]) -> None:
        table = self.table
        for name in names:
            node = sim.store.get("Node", None, name)
            if node is None:
                if name in table.rows:
                    table.remove_row(name)
                self._shown.pop(name, None)
                continue
            cells = self._cells(sim, node)
            widest = self._widest
            for i, cell in enumerate(cells):
                if cell.cell_len > widest[i]:
                    widest[i] = cell.cell_len
            before = self._shown.get(name)
            self._shown[name] = cells
            cells = cells[:self.shown_columns]
            if name in table.rows:
                for i, (col, value) in enumerate(zip(self.COLUMNS, cells)):
                    if before is None or before[i] != value:
                        table.set_cell(name, col, value)
            else:
                table.add_row(*cells, key=name)
        table.redraw_changed()

    def _cells(self, sim, node: dict) -> list:
        name = node["metadata"]["name"]
        info = sim.allocated(name)
        status = node_condition(node)
        status_text = Text(status, style=STATUS_STYLE.get(status, ""), no_wrap=True, overflow="ellipsis")
        if (node.get("spec") or {}).get("unschedulable"):
            status_text.append(",SchedulingDisabled", style="yellow")
        if info is None:
            return [Text(name), status_text, Text(""), Text(""), Text(""), Text(node_roles(node)),
                    Text(taints_text(node))]
        cpu = bar(info.requested_cpu, info.cpu, self.bar_width)
        mem = bar(info.requested_memory, info.memory, self.bar_width)
        return [Text(name), status_text, cpu, mem, Text(f"{info.pod_count}/{info.pods}"), Text(node_roles(node)),
                Text(taints_text(node))]

    def on_resize(self, event) -> None:
        if self._sim is not None:
            self.call_after_refresh(self._extra, self._sim)
        self.call_after_refresh(self._fit_bars)

    def _fit_bars(self) -> None:
        """Bars when NAME to PODS fit with them, percentages alone when they do not; ROLES and
        TAINTS when they fit whole beside them."""
        width = self.table.scrollable_content_region.width
        if width <= 0:
            return
        wanted = BAR_WIDTH if width >= NEEDS_BARS else 0
        if wanted != self.bar_width:
            self.bar_width = wanted
            self._widest[2:4] = [len(c) for c in self.COLUMNS[2:4]]
            self._rebuild()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The columns that fit whole (STATUS counted at its narrowest), then STATUS as wide as
        the room they leave allows, counted as if a vertical scrollbar showed (so its coming
        and going moves nothing)."""
        width = self.table.scrollable_content_region.width
        if width <= 0:
            return
        padding = 2 * self.table.cell_padding
        widths = [STATUS_WIDTHS[0] if i == 1 else widest for i, widest in enumerate(self._widest)]
        shown, need = 0, 0
        for i, w in enumerate(widths):
            need += w + padding
            if i >= self.ESSENTIAL and need > width:
                break
            shown = i + 1
        room = self.table.content_region.width - self.table.styles.scrollbar_size_vertical
        room -= sum(w + padding for w in widths[:shown]) - STATUS_WIDTHS[0]
        status = max(STATUS_WIDTHS[0], min(STATUS_WIDTHS[1], room))
        if shown != self.shown_columns or status != self.status_width:
            self.shown_columns, self.status_width = shown, status
            self._rebuild()

    def _fit_height(self) -> None:
        """Room for the header, every node and the control-plane lines (up to `TALLEST` rows), so
        a failing node-4 is on screen beside node-1: the Namespaces pane below gives way."""
        extra = self._extra_shown.plain.count("\n") + 1 if self._extra_shown is not None else 0
        wanted = min(TALLEST, 2 + 1 + len(self.table.rows) + len(self._pending) + extra)
        if self.styles.min_height is None or self.styles.min_height.value != wanted:
            self.styles.min_height = wanted

    def _add_columns(self, table: RowsTable) -> None:
        for col in self.COLUMNS[:self.shown_columns]:
            table.add_column(col, key=col, width=self.status_width if col == "STATUS" else None)

    def _rebuild(self) -> None:
        self._shown.clear()
        self.table.clear(columns=True)
        self._add_columns(self.table)
        if self._sim is not None:
            self.refresh_nodes(self._sim, None)

    def _extra(self, sim) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        label = f"{t('nodes.control_plane', self.lang)}: "
        text.append(label, style="bold")
        width = self.query_one("#nodes-extra", Static).size.width or 10_000
        used = len(label)
        for i, (component, running) in enumerate(sorted(sim.components.items())):
            item = 2 + len(component)
            if i and used + 2 + item > width:
                text.append("\n")
                used = 0
            elif i:
                text.append("  ")
                used += 2
            text.append("● " if running else "✖ ", style="green" if running else "bold red")
            text.append(component)
            used += item
        for name in sorted(sim.booting):
            vm = sim.booting[name]
            total = max(1, vm["ready"] - vm["since"])
            done = min(total, max(0, sim.tick - vm["since"]))
            text.append("\n")
            text.append(f"{name} {t('nodes.booting', self.lang)} ")
            text.append_text(bar(done, total, 10, f"{vm['ready'] - sim.tick}s"))
        if text != self._extra_shown:
            lines = text.plain.count("\n")
            layout = self._extra_shown is None or lines != self._extra_shown.plain.count("\n")
            self._extra_shown = text
            self.query_one("#nodes-extra", Static).update(text, layout=layout)
