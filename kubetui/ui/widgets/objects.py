"""The objects table: one kind at a time, with the columns `kubectl get -A` prints.

A large cluster lists tens of thousands of objects, and a DataTable costs time in proportion
to the rows it holds (every update re-walks them). So the table holds a window of the
sorted list — the rows around the cursor — and slides it as the cursor moves; the border
says which rows of how many are shown. The wheel, PageUp/PageDown and Home/End move through
the whole list too: the view slides the window and the cursor stays on screen. Rows are keyed `namespace/name`; a refresh touches
only the shown rows whose objects changed, plus the rows on screen (their AGE moves with
the clock).

`/filter` matches each object's row text, kept per object and refreshed from the change feed
(a background pass prepares the rows not yet seen, a few milliseconds a frame), so filtering
30,000 pods scans strings instead of printing 30,000 rows; a filter that grows narrows the
list it already has. A filter set before the pass is done lists what is prepared (after at
most `FILTER_BUDGET` of preparing), and the pass adds the objects that match as it goes.
Columns that move with the clock alone (AGE and the like) are left out of the match: the text
is as of the object's last change.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from time import perf_counter, thread_time

from rich.text import Text
from textual import events
from textual.message import Message

from kubetui.kubectl.printers.table import table_rows
from kubetui.model.kinds import KINDS
from kubetui.ui.widgets.rows import RowsTable

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
CLOCK_COLUMNS = frozenset({"AGE", "DURATION", "LAST SCHEDULE", "LAST SEEN", "FIRST SEEN"})
"""Columns whose text changes with the clock alone: not matched by `/filter`."""
FILL_EVERY = 0.1
"""Real seconds between background passes that prepare filter text."""
FILL_BUDGET = 0.012
"""Real seconds one background pass may spend."""
FILL_BATCH = 200
FILL_BUDGET_FILTERING = 0.03
"""Real seconds a background pass may spend while a filter's list waits for row text."""
FILTER_BUDGET = 0.03
"""CPU seconds a new filter may spend preparing row text the background pass has not reached;
the background pass prepares the rest and lists the objects that match as it goes, so the
first filter after a large game opens answers at once with what is prepared."""
ESSENTIAL = ("NAME", "READY", "STATUS", "RESTARTS", "AGE")
"""Columns never dropped nor cut, as k9s keeps them: the words a lesson is about."""
WIDE = frozenset({"NODE", "NOMINATED NODE", "READINESS GATES", "IP", "CONTAINERS", "IMAGES", "SELECTOR"})
"""The wide extra columns (`-o wide`'s, and the pods' NODE), dropped first when the pane is narrow;
a kind's own columns (a budget's ALLOWED DISRUPTIONS) are never dropped."""
RESERVED = {"STATUS": 17, "RESTARTS": 12, "READY": 5, "AGE": 5}
"""Width kept for a column whatever the rows show now (`ContainerCreating`, `3 (20s ago)`), so a
status that turns longer is not cut and the columns do not jump as the cluster changes."""
MIN_NAME = 16
"""NAME is cut (with …) only down to this many cells."""
MIN_NAME_BESIDE_NAMESPACE = 12
"""Beside a NAMESPACE column (a list of several namespaces) NAME is cut down to this many cells
(`kube-c…plane`, `web-8d…5djxk`: the workload's start and the pod's own suffix) before NAMESPACE
is dropped."""
PADDING = 2
"""Cells a DataTable column adds around its text."""


def status_style(value: str) -> str:
    if value in STATUS_STYLES:
        return STATUS_STYLES[value]
    if value.startswith("Init:") or any(b in value for b in BAD_STATUSES):
        return "bold red"
    return ""


def cut_middle(name: str, width: int) -> str:
    """`web-8d4dd…-5djxk`: the start (the workload) and the end (the pod's own suffix) of a name."""
    if len(name) <= width:
        return name
    tail = min(6, (width - 1) // 2)
    return name[:width - 1 - tail] + "…" + name[-tail:]


def key_of(obj: dict) -> str:
    m = obj["metadata"]
    return f"{m.get('namespace', '')}/{m['name']}"


class ListStats:
    """The longest NAME and NAMESPACE and the namespaces of a list, kept up to date as objects
    come and go: counted afresh over 30,000 pods after every change, it cost each refresh
    milliseconds while a Deployment scaled."""

    def __init__(self, keys=()):
        self.names = Counter(len(name) for _, name in keys)
        self.spaces = Counter(len(ns) for ns, _ in keys)
        self.namespaces = Counter(ns for ns, _ in keys)
        self._value: tuple[int, int, frozenset[str]] | None = None

    def add(self, key: tuple[str, str]) -> None:
        ns, name = key
        self.names[len(name)] += 1
        self.spaces[len(ns)] += 1
        self.namespaces[ns] += 1
        self._value = None

    def remove(self, key: tuple[str, str]) -> None:
        ns, name = key
        for counter, value in ((self.names, len(name)), (self.spaces, len(ns)), (self.namespaces, ns)):
            counter[value] -= 1
            if counter[value] <= 0:
                del counter[value]
        self._value = None

    def value(self) -> tuple[int, int, frozenset[str]]:
        if self._value is None:
            self._value = (max(self.names, default=0), max(self.spaces, default=0), frozenset(self.namespaces))
        return self._value


class ObjectTable(RowsTable):
    """`kubectl get <kind> -A` as a live table, holding only a window of rows around the cursor."""

    class ColumnsChanged(Message):
        """The columns shown changed to fit the width (the title says when NAMESPACE is hidden)."""

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
        self._all: list[tuple[str, str]] = []
        """(namespace, name) of every object of the kind, sorted."""
        self._order: list[tuple[str, str]] = self._all
        """The listed objects, sorted: the whole list the window slides on (`_all` itself
        when no filter is set)."""
        self._order_filter = ""
        """The filter `_order` was made with."""
        self._texts: dict[tuple[str, str], str] = {}
        """Lowercase row text per object, as `/filter` matches it."""
        self._untexted: dict[tuple[str, str], None] = {}
        """Objects whose row text is not prepared yet (new or changed since)."""
        self._match_cols: list[tuple[int, bool]] = []
        """(cell index, is RESTARTS) of the columns a filter matches."""
        self._top: tuple[str, str] | None = None
        """The first key of the window."""
        self._syncing = False
        self.sim = None
        self._keep: list[int] = []
        """Indices of the header's columns the table shows (the rest are dropped to fit)."""
        self._name_width: int | None = None
        """NAME is cut to this many cells (None: shown in full)."""
        self._fit_width = 0
        """The width the columns were chosen for."""
        self._stats = ListStats()
        """Longest name, longest namespace and the namespaces of the listed objects."""
        self._all_stats = self._stats
        """The same of every object of the kind, kept as they come and go whatever the filter:
        clearing a filter takes it as it is (counted afresh, 30,000 pods cost 60 ms)."""
        self._hidden_was: str | None = None

    @property
    def namespaced(self) -> bool:
        kinds = self.sim.store.kinds if self.sim is not None else KINDS
        found = kinds.get(self.kind)
        return found.namespaced if found is not None else True

    @property
    def total(self) -> int:
        """Objects listed (held in the table or not)."""
        return len(self._order)

    def show_kind(self, sim, kind: str) -> None:
        self.kind = kind
        self.rebuild(sim, keep_cursor=False)
        self.post_message(self.KindChanged(kind))

    def set_filter(self, sim, text: str) -> None:
        needle = text.strip().lower()
        fresh = sim is not self.sim or not self.columns
        if not fresh and needle == self.filter_text == self._order_filter:
            return  # the list has this filter already (typed, then Enter) and follows the change feed
        self.filter_text = needle
        self.sim = sim
        self._syncing = True
        try:
            self._relist(sim, fresh=fresh)
        finally:
            self._syncing = False
        self._sync_window(sim)

    def on_mount(self) -> None:
        self.set_interval(FILL_EVERY, self._fill)

    def _cells(self, sim, objs: list[dict]) -> tuple[list[str], list[list]]:
        header, rows = table_rows(self.kind, objs, sim, now_tick=sim.tick, custom=sim.store.kinds.custom.get(self.kind))
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
        """The shown cells as Text (plain text is not markup), the status coloured, NAME cut to fit."""
        out = [Text(str(c), end="") for c in row]
        if self._status_col is not None:
            value = str(row[self._status_col])
            out[self._status_col] = Text(value, style=status_style(value))
        if self._name_width is not None and self._name_col is not None:
            name = str(row[self._name_col])
            if len(name) > self._name_width:
                out[self._name_col] = Text(cut_middle(name, self._name_width), end="")
        return [out[i] for i in self._keep] if self._keep else out

    # -- which columns fit -----------------------------------------------------------------------
    @property
    def _name_col(self) -> int | None:
        return self._header.index("NAME") if "NAME" in self._header else None

    def _widths(self, reserve: bool) -> list[int]:
        """The cells each column of the header needs: the longest of the whole list for NAME and
        NAMESPACE, the rows held now for the others, and (with `reserve`) room for the longer
        values a changing column takes."""
        widths = [len(h) for h in self._header]
        for row in self._shown.values():
            if len(row) != len(widths):
                continue  # a row of the kind shown before
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], len(str(cell)))
        longest_name, longest_namespace, _ = self._list_stats()
        for i, h in enumerate(self._header):
            if h == "NAME":
                widths[i] = max(len(h), longest_name)
            elif h == "NAMESPACE":
                widths[i] = max(len(h), longest_namespace)
            elif reserve and h in RESERVED and self.kind == "Pod":
                widths[i] = max(widths[i], RESERVED[h])
        return widths

    def _list_stats(self) -> tuple[int, int, frozenset[str]]:
        return self._stats.value()

    def choose_columns(self, width: int) -> tuple[list[int], int | None]:
        """The columns that fit `width` cells, as k9s chooses them: the wide extra columns
        (NODE, IP, …) go first, right to left; then NAMESPACE when only one namespace is listed
        (the title names it); then the room kept for longer statuses; then NAME is cut in the
        middle. A list of several namespaces keeps NAMESPACE, first of all as `kubectl get -A`
        prints it, unless NAME would be cut below `MIN_NAME_BESIDE_NAMESPACE` (the title then
        says `(all)`). The essential columns are never dropped."""
        header = self._header
        name = self._name_col
        namespace = header.index("NAMESPACE") if "NAMESPACE" in header else None
        keep = list(range(len(header)))
        extra = [i for i, h in enumerate(header) if h in WIDE]
        widths = self._widths(reserve=True)

        def need() -> int:
            return sum(widths[i] + PADDING for i in keep)

        for i in reversed(extra):
            if need() <= width:
                break
            keep.remove(i)
        if need() > width and namespace is not None and len(self._list_stats()[2]) <= 1:
            keep.remove(namespace)
        if need() > width:
            widths = self._widths(reserve=False)
        if need() <= width:
            return keep, None
        if name is not None and namespace in keep and widths[name] - (need() - width) >= MIN_NAME_BESIDE_NAMESPACE:
            return keep, widths[name] - (need() - width)
        if namespace in keep:
            keep.remove(namespace)
        if need() <= width or name is None:
            return keep, None
        return keep, max(MIN_NAME, widths[name] - (need() - width))

    def _fit(self, rebuild: bool = True) -> None:
        """Choose the columns again for the table's width and rows; redraw the held rows in the
        new columns when the choice changed (the list, window and cursor stay as they are)."""
        width = self.scrollable_content_region.width
        if width <= 0 or not self._header:
            return
        keep, name_width = self.choose_columns(width)
        self._fit_width = width
        changed = (keep, name_width) != (self._keep, self._name_width)
        self._keep, self._name_width = keep, name_width
        if changed and rebuild:
            self._recolumn()
        hidden = self.hidden_namespace
        if changed or hidden != self._hidden_was:
            self._hidden_was = hidden
            self.post_message(self.ColumnsChanged())

    def _recolumn(self) -> None:
        """The held rows again, in the columns chosen now."""
        cursor, scroll = self.cursor_row, self.scroll_y
        keys = [row.key.value for row in self.ordered_rows]
        self._syncing = True
        try:
            self.clear(columns=True)
            header = self._header
            self.add_columns(*[header[i] for i in self._keep] if self._keep else header)
            for key in keys:
                if key in self._shown:
                    self.add_row(*self._styled(self._shown[key]), key=key)
            measure = getattr(self, "_update_dimensions", None)
            if measure is not None:  # size the new columns now, not at the next idle: no frame with cut cells
                self._require_update_dimensions = False
                measure(list(self._new_rows))
                self._new_rows.clear()
            if self.row_count:
                self.move_cursor(row=min(cursor, self.row_count - 1), scroll=False)
                self.scroll_to(y=scroll, animate=False, immediate=True)
        finally:
            self._syncing = False

    @property
    def header(self) -> list[str]:
        """Every column of `kubectl get -A` for the kind, shown or dropped to fit."""
        return list(self._header)

    def cells(self, key: str) -> list[str]:
        """What the held row `namespace/name` says in every column of `header`, shown or not."""
        return [str(c) for c in self._shown[key]]

    @property
    def hidden_namespace(self) -> str | None:
        """With the NAMESPACE column dropped to fit: the one namespace listed, or `all`."""
        if "NAMESPACE" not in self._header or not self._keep or self._header.index("NAMESPACE") in self._keep:
            return None
        namespaces = self._list_stats()[2]
        return next(iter(namespaces)) if len(namespaces) == 1 else "all"

    def on_resize(self, event) -> None:
        if self.scrollable_content_region.width != self._fit_width:
            self.call_after_refresh(self._fit)

    def _match_text(self, row: list) -> str:
        return " ".join([str(row[i]).split(" (", 1)[0] if restarts else str(row[i])
                         for i, restarts in self._match_cols]).lower()

    def _prepare(self, sim, keys: list[tuple[str, str]]) -> None:
        """Row text for `keys` (objects gone are forgotten)."""
        objs = [sim.store.get(self.kind, ns or None, name) for ns, name in keys]
        present = [o for o in objs if o is not None]
        rows = iter(self._cells(sim, present)[1]) if present else iter(())
        texts, untexted = self._texts, self._untexted
        for key, obj in zip(keys, objs):
            untexted.pop(key, None)
            if obj is not None:
                texts[key] = self._match_text(next(rows))

    def _fill(self) -> None:
        """A background pass: row text for objects not prepared yet, within `FILL_BUDGET`
        (`FILL_BUDGET_FILTERING` while a filter waits for it); with a filter set, the objects
        that match are listed as their text is prepared."""
        sim = self.sim
        if sim is None or not self._untexted:
            return
        filtered = self._order is not self._all
        budget = FILL_BUDGET_FILTERING if filtered else FILL_BUDGET
        start = perf_counter()
        added = False
        while self._untexted and perf_counter() - start < budget:
            batch = []
            for key in self._untexted:
                batch.append(key)
                if len(batch) >= FILL_BATCH:
                    break
            self._prepare(sim, batch)
            if filtered:
                added = self._list_matching(batch) or added
        if added:
            self._sync_window(sim)

    def _list_matching(self, keys: list[tuple[str, str]]) -> bool:
        """List the objects of `keys` whose text matches the filter; True when one was added."""
        order, texts, needle = self._order, self._texts, self.filter_text
        added = False
        for key in keys:
            if needle not in texts.get(key, ""):
                continue
            j = bisect_left(order, key)
            if j == len(order) or order[j] != key:
                order.insert(j, key)
                self._stats.add(key)
                added = True
        return added

    def _prepare_within(self, sim, keys: list[tuple[str, str]], budget: float) -> None:
        """Row text for `keys`, for at most `budget` seconds of CPU (one batch at least)."""
        start = thread_time()
        for i in range(0, len(keys), FILL_BATCH):
            if i and thread_time() - start >= budget:
                return
            self._prepare(sim, keys[i:i + FILL_BATCH])

    @property
    def filter_complete(self) -> bool:
        """False while the list a filter set lacks objects whose row text is not prepared yet."""
        return self._order is self._all or not self._untexted

    def rebuild(self, sim, keep_cursor: bool = True) -> None:
        """The list again (after a kind or filter change, or a new simulation); the cursor stays
        on its object when `keep_cursor` and the object is still listed."""
        self.sim = sim
        cursor = self._cursor_key() if keep_cursor else None
        self._syncing = True
        try:
            self._relist(sim, fresh=True)
        finally:
            self._syncing = False
        self._sync_window(sim, anchor=cursor)

    def _relist(self, sim, fresh: bool) -> None:
        """The list for the filter set now; `fresh` reads the kind again from the store."""
        if fresh:
            header = self._cells(sim, [])[0]
            self.clear(columns=True)
            self._all = sorted((o["metadata"].get("namespace", ""), o["metadata"]["name"])
                               for o in sim.store.iter(self.kind))
            self._order, self._order_filter = self._all, ""
            self._texts = {}
            self._untexted = dict.fromkeys(self._all)
            self._header = header
            self._match_cols = [(i, h == "RESTARTS") for i, h in enumerate(header) if h not in CLOCK_COLUMNS]
            self._status_col = next((i for i, h in enumerate(header)
                                     if h in ("STATUS", "TYPE") and self.kind != "Service"), None)
        else:
            self.clear()
        self._shown = {}
        self.redrawn_rows = set()
        self._top = None
        needle = self.filter_text
        if not needle:
            self._order = self._all
        else:
            base = self._order if self._order_filter in needle else self._all
            missing = [k for k in base if k not in self._texts]
            if missing:
                self._prepare_within(sim, missing, FILTER_BUDGET)
            texts = self._texts
            self._order = [k for k in base if needle in texts.get(k, "")]
        self._order_filter = needle
        if fresh:
            self._all_stats = ListStats(self._all)
        self._stats = self._all_stats if self._order is self._all else ListStats(self._order)
        if fresh:
            self._keep, self._name_width = [], None
            self._fit(rebuild=False)
            header = self._header
            self.add_columns(*[header[i] for i in self._keep] if self._keep else header)

    def apply_changes(self, sim, changed: dict[tuple[str, str], None] | None, ages: bool = True) -> None:
        """Redraw changed rows and (with `ages`) the rows on screen; list and unlist objects as they
        come and go."""
        self.sim = sim
        every, order = self._all, self._order
        filtered = order is not every
        needle = self.filter_text
        for ns, name in (changed or {}):
            key = (ns, name)
            obj = sim.store.get(self.kind, ns or None, name)
            i = bisect_left(every, key)
            known = i < len(every) and every[i] == key
            if obj is None:
                if known:
                    del every[i]
                    self._all_stats.remove(key)
                self._texts.pop(key, None)
                self._untexted.pop(key, None)
            elif not known:
                every.insert(i, key)
                self._all_stats.add(key)
            row = None
            if obj is not None and (filtered or f"{ns}/{name}" in self._shown):
                row = self._cells(sim, [obj])[1][0]
                self._texts[key] = self._match_text(row)
                self._untexted.pop(key, None)
            elif obj is not None:
                self._texts.pop(key, None)
                self._untexted[key] = None
            if filtered:
                wanted = obj is not None and needle in self._texts[key]
                j = bisect_left(order, key)
                listed = j < len(order) and order[j] == key
                if wanted and not listed:
                    order.insert(j, key)
                    self._stats.add(key)
                elif listed and not wanted:
                    del order[j]
                    self._stats.remove(key)
            else:
                wanted = obj is not None
            if row is not None and wanted and f"{ns}/{name}" in self._shown:
                self._update_row(f"{ns}/{name}", row)
        self._sync_window(sim)
        if ages:
            self._refresh_visible(sim, skip=changed or {})
        self.redraw_changed()

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

    def _sync_window(self, sim, anchor: tuple[str, str] | None = None, index: int | None = None,
                     on_screen: int | None = None) -> None:
        """Hold `WINDOW` rows of the list around the cursor; the cursor keeps its object and its
        place on screen. `index` moves the cursor to that place in the whole list, and
        `on_screen` puts it on that line of the view."""
        if self._syncing:
            return
        if not self.row_count and self._header:
            self._fit()  # a new list: its rows drawn once, in the columns it needs (no rows to redraw)
        self._syncing = True
        try:
            self._slide(sim, anchor, index, on_screen)
        finally:
            self._syncing = False
        self._subtitle()
        self._fit()

    def _slide(self, sim, anchor, index, view_line) -> None:
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
            first = at - view_line if view_line is not None else None
            height = self._body_height()
            if (at - top < margin and top > 0) or (top + size - at <= margin and top + size < n) \
                    or not top <= at < top + size \
                    or (first is not None and (first < top or first + height > top + size)):
                middle = at if first is None else first + height // 2
                top = max(0, min(middle - size // 2, n - size))
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
        if view_line is not None:
            self.move_cursor(row=at, scroll=False)
            self.scroll_to(y=max(0, at - view_line), animate=False, immediate=True)
        elif at != self.cursor_row or index is not None:
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

    def _body_height(self) -> int:
        """Rows the view shows at once."""
        header = self.header_height if self.show_header else 0
        return max(1, self.scrollable_content_region.height - header)

    def _windowed(self) -> bool:
        return self.sim is not None and len(self._order) > self.row_count > 0

    def _list_view(self) -> tuple[int, int]:
        """(index in the whole list of the cursor's object, of the view's first row)."""
        top = bisect_left(self._order, self._top) if self._top is not None else 0
        return top + self.cursor_row, top + int(self.scroll_y)

    def _view_at(self, first: int, cursor: int) -> None:
        """Show the whole list from `first`, the cursor on `cursor` (kept on screen)."""
        n, height = len(self._order), self._body_height()
        first = max(0, min(first, n - height))
        cursor = max(first, min(cursor, first + height - 1, n - 1))
        self._sync_window(self.sim, index=cursor, on_screen=cursor - first)

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, int(self.app.scroll_sensitivity_y))

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -int(self.app.scroll_sensitivity_y))

    def _wheel(self, event, lines: int) -> None:
        """The wheel scrolls the whole list (the view, not the cursor, unless it would leave the
        screen); with ctrl or shift it scrolls sideways as anywhere else."""
        if event.ctrl or event.shift or not self._windowed():
            return
        event.prevent_default()
        event.stop()
        cursor, first = self._list_view()
        self._view_at(first + lines, cursor)

    def action_page_down(self) -> None:
        self._page(1) if self._windowed() else super().action_page_down()

    def action_page_up(self) -> None:
        self._page(-1) if self._windowed() else super().action_page_up()

    def _page(self, direction: int) -> None:
        """A screenful on through the whole list; the cursor keeps its line on screen."""
        cursor, first = self._list_view()
        height = self._body_height()
        target = max(0, min(cursor + direction * height, len(self._order) - 1))
        self._view_at(target - (cursor - first), target)

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

    def action_scroll_home(self) -> None:
        """Home: the first object (a row cursor has no column to go to)."""
        self.action_scroll_top()

    def action_scroll_end(self) -> None:
        """End: the last object."""
        self.action_scroll_bottom()

    # -- rows ------------------------------------------------------------------------------------
    def _update_row(self, key: str, row: list) -> None:
        before = self._shown.get(key)
        if before == row:
            return
        self._shown[key] = row
        styled = self._styled(row)
        keep = self._keep or range(len(row))
        for col_key, i, cell in zip(self.columns, keep, styled):
            if before is None or i >= len(before) or before[i] != row[i]:
                self.set_cell(key, col_key, cell)

    def _refresh_visible(self, sim, skip) -> None:
        if not self.row_count:
            return
        top = int(self.scroll_offset.y)
        height = max(1, self.size.height)
        keys, objs = [], []
        for row in self.ordered_rows[top: top + height]:
            key = row.key.value
            ns, _, name = key.partition("/")
            if (ns, name) in skip:
                continue
            obj = sim.store.get(self.kind, ns or None, name)
            if obj is not None:
                keys.append(key)
                objs.append(obj)
        if objs:
            for key, row in zip(keys, self._cells(sim, objs)[1]):
                self._update_row(key, row)

    def selected(self) -> tuple[str, str | None, str] | None:
        """(kind, namespace, name) of the row under the cursor."""
        key = self._cursor_key()
        if key is None:
            return None
        return self.kind, (key[0] or None), key[1]
