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


def fits_columns(*values: int) -> bool:
    """Whether every amount is small enough for the columns (sums of two stay inside int64)."""
    return all(-BIG < v < BIG for v in values)


class NodeColumns:
    """Columns of NodeInfo fields in search order, plus the rows the plugins must judge."""

    def __init__(self, order: list[str], nodes: dict[str, NodeInfo]):
        self.position = {name: i for i, name in enumerate(order)}
        n = len(order)
        if not all(fits_columns(*(getattr(nodes[name], f) for f in _FIELDS)) for name in order):
            raise OverflowError("a node's amounts are too large for the columns")
        self.cols = {f: np.fromiter((getattr(nodes[name], f) for name in order), dtype=np.int64, count=n)
                     for f in _FIELDS}
        self.special = np.fromiter((bool(nodes[name].taints) or nodes[name].unschedulable for name in order),
                                   dtype=bool, count=n)

    def set_node(self, info: NodeInfo) -> None:
        """Copy a node's allocatable and flags (after a Node write)."""
        i = self.position[info.name]
        cols = self.cols
        cols["cpu"][i], cols["memory"][i], cols["pods"][i] = info.cpu, info.memory, info.pods
        self.special[i] = bool(info.taints) or info.unschedulable

    def add(self, name: str, cpu: int, mem: int, nz_cpu: int, nz_mem: int, pods: int) -> None:
        """A pod's requests counted on (or, negated, taken off) a node."""
        i = self.position.get(name)
        if i is None:
            return
        cols = self.cols
        cols["requested_cpu"][i] += cpu
        cols["requested_memory"][i] += mem
        cols["nonzero_cpu"][i] += nz_cpu
        cols["nonzero_memory"][i] += nz_mem
        cols["pod_count"][i] += pods

    def fits(self, cpu: int, mem: int) -> np.ndarray:
        """NodeResourcesFit for every row, as the plugin says it for a node without taints."""
        cols = self.cols
        ok = cols["pod_count"] < cols["pods"]
        if cpu:
            ok &= cols["requested_cpu"] + cpu <= cols["cpu"]
        if mem:
            ok &= cols["requested_memory"] + mem <= cols["memory"]
        return ok

    def resources_score(self, rows: np.ndarray, nz_cpu: int, nz_mem: int) -> np.ndarray:
        """`node_resources_score` of each row in `rows` (least allocated plus balanced allocation)."""
        cols = self.cols
        alloc_cpu, alloc_mem = cols["cpu"][rows], cols["memory"][rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.where(alloc_cpu != 0, np.minimum(1.0, (cols["nonzero_cpu"][rows] + nz_cpu) / alloc_cpu), 1.0)
            m = np.where(alloc_mem != 0, np.minimum(1.0, (cols["nonzero_memory"][rows] + nz_mem) / alloc_mem), 1.0)
        return (2 - c - m) * 50 + (1 - np.abs(c - m) / 2) * 100
