"""A DataTable that draws again only the rows whose cells changed.

`DataTable.update_cell` counts an update of the whole table, and every cache of drawn cells,
rows and lines is keyed by that count: one changed cell draws every cell on screen again.
Here a cell that fits its column is written in place and only that drawn cell and the drawn
row and lines of its row are forgotten (a cell that needs a wider column still goes through
`update_cell`): a tick that moves the AGE of every row on screen draws one cell a row again.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


class RowsTable(DataTable):
    """A DataTable whose changed cells redraw their own row only (`set_cell`, then `redraw_changed`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._changed_cells: set[tuple[RowKey, ColumnKey]] = set()
        """Cells changed since they were last drawn."""
        self.redrawn_rows: set[str] = set()
        """Keys of the rows drawn again for a change of their cells (tests read it)."""

    def set_cell(self, row: str, column: str | ColumnKey, cell: Text) -> None:
        """Write a cell; its row is drawn again at the next `redraw_changed`."""
        column_key = column if isinstance(column, ColumnKey) else ColumnKey(column)
        if cell.cell_len > self.columns[column_key].content_width:
            self.update_cell(row, column_key, cell, update_width=True)
            return
        row_key = RowKey(row)
        if row_key in self._data:
            self._data[row_key][column_key] = cell
            self._changed_cells.add((row_key, column_key))

    def redraw_changed(self) -> None:
        """Forget the drawn cells `set_cell` changed and the drawn rows and lines holding them,
        and refresh those rows."""
        cells, self._changed_cells = self._changed_cells, set()
        rows = {row for row, _ in cells if row in self._row_locations}
        if not rows:
            return
        self.redrawn_rows.update(key.value for key in rows if key.value is not None)
        indices = {self._row_locations.get(key) for key in rows}
        header = self.header_height if self.show_header else 0
        lines = {i + header for i in indices}
        for k in [k for k in self._cell_render_cache.keys() if (k[0], k[1]) in cells]:
            self._cell_render_cache.discard(k)
        for k in [k for k in self._row_render_cache.keys() if k[0] in rows]:
            self._row_render_cache.discard(k)
        for k in [k for k in self._row_renderable_cache.keys() if k[1] in indices]:
            self._row_renderable_cache.discard(k)
        for k in [k for k in self._line_cache.keys() if k[0] in lines]:
            self._line_cache.discard(k)
        for i in indices:
            self.refresh_row(i)
