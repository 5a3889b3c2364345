"""The scheduler's per-node totals as columns of numbers, for filtering and scoring a window of
nodes in a few array operations instead of a Python loop per node.

Row `i` is the node at position `i` of the scheduler's search order. The columns mirror the
NodeInfo tallies (allocatable, requested, non-zero requested, pod count) and are updated with
them; a node with taints or marked unschedulable is "special": the plugins judge it one by one.
The arithmetic is the plugins' own, in the same order on the same float64 values, so a node
scores exactly what `node_resources_score` gives it and placement does not change.
"""

from __future__ import annotations

import numpy as np

from kubetui.engine.scheduler.framework import NodeInfo

_FIELDS = ("cpu", "memory", "pods", "requested_cpu", "requested_memory", "nonzero_cpu", "nonzero_memory",
           "pod_count")
BIG = 2**61
"""Past this (an `1Ei` CPU request) the int64 columns could overflow: the plugins' loop judges."""
SCORE_CLASSES = 16
"""Request classes (non-zero CPU, memory) whose score column is kept (all dropped when full)."""


def fits_columns(*values: int) -> bool:
    """Whether every amount is small enough for the columns (sums of two stay inside int64)."""
    return -BIG < min(values) and max(values) < BIG if values else True  # min's `default` costs a call's worth


class NodeColumns:
    """Columns of NodeInfo fields in search order, plus the rows the plugins must judge."""

    def __init__(self, order: list[str], nodes: dict[str, NodeInfo]):
        self.position = {name: i for i, name in enumerate(order)}
        n = len(order)
        if not all(fits_columns(*(getattr(nodes[name], f) for f in _FIELDS)) for name in order):
            raise OverflowError("a node's amounts are too large for the columns")
        self.values = {f: [int(getattr(nodes[name], f)) for name in order] for f in _FIELDS}
        """Each field's column as Python ints, row by row: a pod's binding updates a row, and a
        list's item costs a fraction of an array's (`column` makes arrays of them when a new
        request class needs a whole column)."""
        self.special = np.fromiter((bool(nodes[name].taints) or nodes[name].unschedulable for name in order),
                                   dtype=bool, count=n)
        self.specials = int(self.special.sum())
        """How many rows are special (none in most clusters: the search then skips them)."""
        self._special_rows: list[int] | None = None
        self._fits: dict[tuple[int, int], np.ndarray] = {}
        """(CPU, memory) of a request -> whether it fits each row, kept up to date row by row
        like the scores: read-only to callers."""
        self._misfits: dict[tuple[int, int], int] = {}
        """(CPU, memory) of a kept fit column -> how many of its rows are false."""
        self._scores: dict[tuple[int, int], np.ndarray] = {}
        """(non-zero CPU, memory) of a request -> every row's resources score for it, kept up to
        date row by row as pods come and go: a cluster's pods share a few request sizes, and a
        pod then reads its window's scores instead of working them out."""

    def set_node(self, info: NodeInfo) -> None:
        """Copy a node's allocatable and flags (after a Node write)."""
        i = self.position[info.name]
        values = self.values
        values["cpu"][i], values["memory"][i], values["pods"][i] = int(info.cpu), int(info.memory), int(info.pods)
        special = bool(info.taints) or info.unschedulable
        self.specials += int(special) - int(self.special[i])
        self.special[i] = special
        self._special_rows = None
        self._refit(i)
        self._rescore(i)

    def special_rows(self) -> list[int]:
        """The special rows' numbers, ascending."""
        if self._special_rows is None:
            self._special_rows = np.flatnonzero(self.special).tolist()
        return self._special_rows

    def add(self, name: str, cpu: int, mem: int, nz_cpu: int, nz_mem: int, pods: int) -> None:
        """A pod's requests counted on (or, negated, taken off) a node."""
        i = self.position.get(name)
        if i is None:
            return
        values = self.values
        column = values["requested_cpu"]
        used_cpu = column[i] = column[i] + cpu
        column = values["requested_memory"]
        used_mem = column[i] = column[i] + mem
        column = values["nonzero_cpu"]
        nonzero_cpu = column[i] = column[i] + nz_cpu
        column = values["nonzero_memory"]
        nonzero_mem = column[i] = column[i] + nz_mem
        column = values["pod_count"]
        count = column[i] = column[i] + pods
        if self._fits:
            self._refit_row(i, count, used_cpu, used_mem)
        if (nz_cpu or nz_mem) and self._scores:
            self._rescore_row(i, nonzero_cpu, nonzero_mem)

    def _rescore_row(self, i: int, used_cpu: int, used_mem: int) -> None:
        """Row `i`'s score in every kept class for its non-zero totals `used_cpu`, `used_mem`:
        `_score`'s float64 operations in the same order on Python floats (also float64), so the
        same bits (`min(1.0, x)` and `abs` spelled out: this runs at every binding)."""
        values = self.values
        alloc_cpu, alloc_mem = float(values["cpu"][i]), float(values["memory"][i])
        for (nz_cpu, nz_mem), column in self._scores.items():
            if alloc_cpu != 0:
                c = float(used_cpu + nz_cpu) / alloc_cpu
                if c > 1.0:
                    c = 1.0
            else:
                c = 1.0
            if alloc_mem != 0:
                m = float(used_mem + nz_mem) / alloc_mem
                if m > 1.0:
                    m = 1.0
            else:
                m = 1.0
            d = c - m
            column[i] = (2 - c - m) * 50 + (1 - (d if d >= 0 else -d) / 2) * 100

    def column(self, field: str) -> np.ndarray:
        """A field's whole column as an array (a new one)."""
        return np.array(self.values[field], dtype=np.int64)

    def fits(self, cpu: int, mem: int) -> np.ndarray:
        """NodeResourcesFit for every row, as the plugin says it for a node without taints (the
        kept column: not to be written into)."""
        column = self._fits.get((cpu, mem))
        if column is None:
            if len(self._fits) >= SCORE_CLASSES:
                self._fits.clear()
                self._misfits.clear()
            column = self._fits[(cpu, mem)] = self._fit(cpu, mem)
            self._misfits[(cpu, mem)] = len(column) - int(np.count_nonzero(column))
        return column

    def all_fit(self, cpu: int, mem: int) -> bool:
        """Whether `fits` is true in every row (told by a count kept with the column)."""
        self.fits(cpu, mem)
        return not self._misfits[(cpu, mem)]

    def _refit(self, i: int) -> None:
        """Row `i` of every kept fit column again (its totals or allocatable changed)."""
        if not self._fits:
            return
        values = self.values
        self._refit_row(i, values["pod_count"][i], values["requested_cpu"][i], values["requested_memory"][i])

    def _refit_row(self, i: int, count: int, used_cpu: int, used_mem: int) -> None:
        values = self.values
        room = count < values["pods"][i]
        alloc_cpu, alloc_mem = values["cpu"][i], values["memory"][i]
        misfits = self._misfits
        for key, column in self._fits.items():
            cpu, mem = key
            fit = room and (not cpu or used_cpu + cpu <= alloc_cpu) and (not mem or used_mem + mem <= alloc_mem)
            if column.item(i) != fit:
                column[i] = fit
                misfits[key] += -1 if fit else 1

    def _fit(self, cpu: int, mem: int) -> np.ndarray:
        col = self.column
        ok = col("pod_count") < col("pods")
        if cpu:
            ok &= col("requested_cpu") + cpu <= col("cpu")
        if mem:
            ok &= col("requested_memory") + mem <= col("memory")
        return ok

    def resources_score(self, rows: np.ndarray, nz_cpu: int, nz_mem: int) -> np.ndarray:
        """`node_resources_score` of each row in `rows` (least allocated plus balanced allocation)."""
        column = self._scores.get((nz_cpu, nz_mem))
        if column is None:
            if len(self._scores) >= SCORE_CLASSES:
                self._scores.clear()
            column = self._scores[(nz_cpu, nz_mem)] = self._score(slice(None), nz_cpu, nz_mem)
        return column[rows]

    def window_scores(self, start: int, count: int, nz_cpu: int, nz_mem: int) -> np.ndarray:
        """`resources_score` of the `count` rows from `start` on, around the end (the window of
        a search), as slices of the kept column rather than a gather of row numbers: a new
        array the caller may write into."""
        column = self._scores.get((nz_cpu, nz_mem))
        if column is None:
            return self.resources_score(np.arange(start, start + count) % len(self.special), nz_cpu, nz_mem)
        end = start + count
        if end <= len(column):
            return column[start:end].copy()
        return np.concatenate((column[start:], column[:end - len(column)]))

    def _rescore(self, i: int) -> None:
        """Row `i`'s scores again, in every kept class (its totals changed): `_score`'s float64
        operations in the same order on Python floats (also float64), so the same bits."""
        if not self._scores:
            return
        values = self.values
        self._rescore_row(i, values["nonzero_cpu"][i], values["nonzero_memory"][i])

    def _score(self, rows: np.ndarray | slice, nz_cpu: int, nz_mem: int) -> np.ndarray:
        col = self.column
        alloc_cpu, alloc_mem = col("cpu")[rows], col("memory")[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.where(alloc_cpu != 0, np.minimum(1.0, (col("nonzero_cpu")[rows] + nz_cpu) / alloc_cpu), 1.0)
            m = np.where(alloc_mem != 0, np.minimum(1.0, (col("nonzero_memory")[rows] + nz_mem) / alloc_mem), 1.0)
        return (2 - c - m) * 50 + (1 - np.abs(c - m) / 2) * 100
