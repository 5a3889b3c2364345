"""The objects table: one kind at a time, with the columns `kubectl get -A` prints.

A large cluster lists tens of thousands of objects, and a DataTable costs time in proportion
to the rows it holds (every update re-walks them). So the table holds a window of the
sorted list — the rows around the cursor — and slides it as the cursor moves; the border
says which rows of how many are shown. Rows are keyed `namespace/name`; a refresh touches
only the shown rows whose objects changed, plus the rows on screen (their AGE moves with
the clock).
"""

from __future__ import annotations

from bisect import bisect_left

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from kubetui.kubectl.printers.table import table_rows
from kubetui.model.kinds import KINDS

STATUS_STYLES = {
    "Running": "green", "Completed": "dim", "Succeeded": "dim", "Ready": "green", "Active": "green",
    "Complete": "dim", "Bound": "green", "Available": "green",
    "Pending": "yellow", "ContainerCreating": "yellow", "PodInitializing": "yellow", "Terminating": "magenta",
    "NotReady": "bold red", "Unknown": "bold red",
}
BAD_STATUSES = ("CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "Error", "OOMKilled", "Evicted",
                "CreateContainerConfigError", "InvalidImageName", "Failed", "BackoffLimitExceeded", "Warning")
WINDOW = 150
"""Rows the table holds at most; the rest of the list is a sorted list of keys."""
MARGIN = 20
"""Rows kept between the cursor and the window's edge (at least a screenful)."""


def status_style(value: str) -> str:
    if value in STATUS_STYLES:
        return STATUS_STYLES[value]
    if value.startswith("Init:") or any(b in value for b in BAD_STATUSES):
        return "bold red"
    return ""


def key_of(obj: dict) -> str:
    m = obj["metadata"]
    return f"{m.get('namespace', '')}/{m['name']}"


class ObjectTable(DataTable):
    """`kubectl get <kind> -A` as a live table, holding only a window of rows around the cursor."""

    class KindChanged(Message):
        """The table now shows another kind."""

        def __init__(self, kind: str):
            super().__init__()
            self.kind = kind

    def __init__(self, kind: str = "Pod", **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.kind = kind
        self.filter_text = ""
        self._header: list[str] = []
        self._status_col: int | None = None
        self._shown: dict[str, list] = {}
        """The cells each held row shows now, to skip updates that change nothing."""
        self._order: list[tuple[str, str]] = []
        """(namespace, name) of every listed object, sorted: the whole list the window slides on."""
        self._top: tuple[str, str] | None = None
        """The first key of the window."""
        self._syncing = False
        self.sim = None

    @property
    def namespaced(self) -> bool:
        return KINDS[self.kind].namespaced

    @property
    def total(self) -> int:
        """Objects listed (held in the table or not)."""
        return len(self._order)

    def show_kind(self, sim, kind: str) -> None:
        self.kind = kind
        self.rebuild(sim, keep_cursor=False)
        self.post_message(self.KindChanged(kind))

    def set_filter(self, sim, text: str) -> None:
        self.filter_text = text.strip().lower()
        self.rebuild(sim, keep_cursor=False)

    def _cells(self, sim, objs: list[dict]) -> tuple[list[str], list[list]]:
        header, rows = table_rows(self.kind, objs, sim, now_tick=sim.tick)
        if self.kind == "Pod":
            header = [*header, "NODE"]
            for row, obj in zip(rows, objs):
                row.append((obj.get("spec") or {}).get("nodeName") or "<none>")
        if self.namespaced:
            header = ["NAMESPACE", *header]
            rows = [[obj["metadata"].get("namespace", ""), *row] for row, obj in zip(rows, objs)]
        return header, rows

    def _row_of(self, sim, key: tuple[str, str]) -> list | None:
        obj = sim.store.get(self.kind, key[0] or None, key[1])
        return self._cells(sim, [obj])[1][0] if obj is not None else None

    def _styled(self, row: list) -> list:
        """Cells as Text (plain text is not markup), the status coloured."""
        out = [Text(str(c), end="") for c in row]
        if self._status_col is not None:
            value = str(row[self._status_col])
            out[self._status_col] = Text(value, style=status_style(value))
        return out

    def _visible(self, row: list) -> bool:
        if not self.filter_text:
            return True
        return self.filter_text in " ".join(str(c) for c in row).lower()

    def rebuild(self, sim, keep_cursor: bool = True) -> None:
        """The list again (after a kind or filter change, or a new simulation); the cursor stays
        on its object when `keep_cursor` and the object is still listed."""
        self.sim = sim
        cursor = self._cursor_key() if keep_cursor else None
        self._syncing = True
        try:
            self._relist(sim)
        finally:
            self._syncing = False
        self._sync_window(sim, anchor=cursor)

    def _relist(self, sim) -> None:
        header = self._cells(sim, [])[0]
        if self.filter_text:
            objs = sim.store.list(self.kind)
            rows = self._cells(sim, objs)[1]
            order = [(o["metadata"].get("namespace", ""), o["metadata"]["name"])
                     for o, row in zip(objs, rows) if self._visible(row)]
        else:
            order = sorted((o["metadata"].get("namespace", ""), o["metadata"]["name"])
                           for o in sim.store.iter(self.kind))
        self.clear(columns=True)
        self._shown = {}
        self._order = order
        self._top = None
        self._header = header
        self._status_col = next((i for i, h in enumerate(header) if h in ("STATUS", "TYPE") and self.kind != "Service"),
                                None)
        self.add_columns(*header)

    def apply_changes(self, sim, changed: dict[tuple[str, str], None] | None) -> None:
        """Redraw changed rows and the rows on screen; list and unlist objects as they come and go."""
        self.sim = sim
        order = self._order
        for ns, name in (changed or {}):
            key = (ns, name)
            i = bisect_left(order, key)
            listed = i < len(order) and order[i] == key
            obj = sim.store.get(self.kind, ns or None, name)
            row = None
            if obj is not None and (self.filter_text or f"{ns}/{name}" in self._shown):
                row = self._cells(sim, [obj])[1][0]
            wanted = obj is not None and (row is None or self._visible(row))
            if wanted and not listed:
                order.insert(i, key)
            elif listed and not wanted:
                del order[i]
            if row is not None and wanted and f"{ns}/{name}" in self._shown:
                self._update_row(f"{ns}/{name}", row)
        self._sync_window(sim)
        self._refresh_visible(sim, skip=changed or {})

    # -- the window ------------------------------------------------------------------------------
    def _cursor_key(self) -> tuple[str, str] | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:
            return None
        ns, _, name = key.partition("/")
        return ns, name

    def _margin(self) -> int:
        return max(MARGIN, self.size.height + 2)

    def _sync_window(self, sim, anchor: tuple[str, str] | None = None, index: int | None = None) -> None:
        """Hold `WINDOW` rows of the list around the cursor; the cursor keeps its object and its
        place on screen. `index` moves the cursor to that place in the whole list."""
        if self._syncing:
            return
        self._syncing = True
        try:
            self._slide(sim, anchor, index)
        finally:
            self._syncing = False
        self._subtitle()

    def _slide(self, sim, anchor, index) -> None:
        order = self._order
        n = len(order)
        size = min(WINDOW, n)
        cursor = anchor or self._cursor_key()
        on_screen = self.cursor_row - int(self.scroll_y) if self.row_count else 0
        top = bisect_left(order, self._top) if self._top is not None else 0
        top = max(0, min(top, n - size))
        if index is not None:
            index = max(0, min(index, n - 1)) if n else 0
            cursor = order[index] if n else None
        at = bisect_left(order, cursor) if cursor is not None else None
        slid = index is not None or anchor is not None
        if at is not None:
            margin = min(self._margin(), size // 3)
            if (at - top < margin and top > 0) or (top + size - at <= margin and top + size < n) \
                    or not top <= at < top + size:
                top = max(0, min(at - size // 2, n - size))
                slid = True
        want = order[top:top + size]
        self._top = want[0] if want else None
        wanted = {f"{ns}/{name}": None for ns, name in want}
        for key in [k.value for k in self.rows if k.value not in wanted]:
            self.remove_row(key)
            self._shown.pop(key, None)
        missing = [k for k in want if f"{k[0]}/{k[1]}" not in self._shown]
        if missing:
            objs = [sim.store.get(self.kind, ns or None, name) for ns, name in missing]
            rows = self._cells(sim, [o for o in objs if o is not None])[1]
            for key, row in zip([k for k, o in zip(missing, objs) if o is not None], rows):
                text_key = f"{key[0]}/{key[1]}"
                self._shown[text_key] = row
                self.add_row(*self._styled(row), key=text_key)
            first = next(iter(self.columns))
            position = {id(self.get_row(k)[0]): i for i, k in enumerate(wanted)}
            self.sort(first, key=lambda cell: position[id(cell)])
        if at is None or not self.row_count or not slid:
            return
        at = min(bisect_left(want, cursor), len(want) - 1)
        if at != self.cursor_row or index is not None:
            self.move_cursor(row=at, scroll=index is not None)
            if index is None:
                self.scroll_to(y=max(0, at - on_screen), animate=False, immediate=True)

    def _subtitle(self) -> None:
        n = len(self._order)
        if n > self.row_count and self.row_count:
            first = bisect_left(self._order, self._top) + 1 if self._top is not None else 1
            self.border_subtitle = f"{first:,}–{first + self.row_count - 1:,} / {n:,}"
        else:
            self.border_subtitle = ""

    def watch_cursor_coordinate(self, old, new) -> None:
        super().watch_cursor_coordinate(old, new)
        if self._syncing or self.sim is None or len(self._order) <= self.row_count:
            return
        margin = min(self._margin(), self.row_count // 3)
        top = bisect_left(self._order, self._top) if self._top is not None else 0
        if (new.row < margin and top > 0) or \
                (new.row >= self.row_count - margin and top + self.row_count < len(self._order)):
            self._sync_window(self.sim)

    def action_scroll_top(self) -> None:
        if self.sim is not None and self._order:
            self._sync_window(self.sim, index=0)
        else:
            super().action_scroll_top()

    def action_scroll_bottom(self) -> None:
        if self.sim is not None and self._order:
            self._sync_window(self.sim, index=len(self._order) - 1)
        else:
            super().action_scroll_bottom()

    # -- rows ------------------------------------------------------------------------------------
    def _update_row(self, key: str, row: list) -> None:
        before = self._shown.get(key)
        if before == row:
            return
        self._shown[key] = row
        styled = self._styled(row)
        for i, (col_key, column) in enumerate(self.columns.items()):
            if before is None or i >= len(before) or before[i] != row[i]:
                grows = len(str(row[i])) > column.content_width
                self.update_cell(key, col_key, styled[i], update_width=grows)

    def _refresh_visible(self, sim, skip) -> None:
        if not self.row_count:
            return
        top = int(self.scroll_offset.y)
        height = max(1, self.size.height)
        for row in self.ordered_rows[top: top + height]:
            key = row.key.value
            ns, _, name = key.partition("/")
            if (ns, name) in skip:
                continue
            obj = sim.store.get(self.kind, ns or None, name)
            if obj is not None:
                self._update_row(key, self._cells(sim, [obj])[1][0])

    def selected(self) -> tuple[str, str | None, str] | None:
        """(kind, namespace, name) of the row under the cursor."""
        key = self._cursor_key()
        if key is None:
            return None
        return self.kind, (key[0] or None), key[1]
