"""The objects table: one kind at a time, with the columns `kubectl get -A` prints.

Rows are keyed `namespace/name`; a refresh touches only the rows whose objects changed, plus
the rows on screen (their AGE moves with the clock), all inside one `batch_update`.
"""

from __future__ import annotations

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
    """`kubectl get <kind> -A` as a live table."""

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
        """The cells each row shows now, to skip updates that change nothing."""
        self.sim = None

    @property
    def namespaced(self) -> bool:
        return KINDS[self.kind].namespaced

    def show_kind(self, sim, kind: str) -> None:
        self.kind = kind
        self.rebuild(sim)
        self.post_message(self.KindChanged(kind))

    def set_filter(self, sim, text: str) -> None:
        self.filter_text = text.strip().lower()
        self.rebuild(sim)

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

    def _styled(self, row: list) -> list:
        if self._status_col is None:
            return row
        out = list(row)
        value = str(out[self._status_col])
        out[self._status_col] = Text(value, style=status_style(value))
        return out

    def _visible(self, row: list) -> bool:
        if not self.filter_text:
            return True
        return self.filter_text in " ".join(str(c) for c in row).lower()

    def rebuild(self, sim) -> None:
        """Every row again (after a kind or filter change)."""
        self.sim = sim
        objs = self._objects(sim)
        header, rows = self._cells(sim, objs)
        self.clear(columns=True)
        self._shown = {}
        self._header = header
        self._status_col = next((i for i, h in enumerate(header) if h in ("STATUS", "TYPE") and self.kind != "Service"),
                                None)
        self.add_columns(*header)
        for obj, row in zip(objs, rows):
            if self._visible(row):
                key = key_of(obj)
                self._shown[key] = row
                self.add_row(*self._styled(row), key=key)

    def _objects(self, sim) -> list[dict]:
        return sim.store.list(self.kind)

    def apply_changes(self, sim, changed: dict[tuple[str, str], None] | None) -> None:
        """Redraw changed rows and the rows on screen; add and remove rows as objects come and go."""
        self.sim = sim
        added = False
        for ns, name in (changed or {}):
            key = f"{ns}/{name}"
            obj = sim.store.get(self.kind, ns or None, name)
            row = self._cells(sim, [obj])[1][0] if obj is not None else None
            if row is None or not self._visible(row):
                if key in self.rows:
                    self.remove_row(key)
                    self._shown.pop(key, None)
                continue
            if key in self.rows:
                self._update_row(key, row)
            else:
                self._shown[key] = row
                self.add_row(*self._styled(row), key=key)
                added = True
        if added:
            self.sort(*list(self.columns)[: 2 if self.namespaced else 1])
        self._refresh_visible(sim, skip=changed or {})

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
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:
            return None
        ns, _, name = key.partition("/")
        return self.kind, (ns or None), name
