"""Server-side printing (`as=Table`): `kubectl get` asks the server for its columns.

The columns and cells are kubetui's own kubectl printers' (`kubetui.kubectl.printers.table`),
so the real kubectl and the built-in one print the same table. Columns shown only by `-o wide`
travel with priority 1, as in Kubernetes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.kubectl.printers.table import table_rows
from kubetui.model.kinds import CustomKind

if TYPE_CHECKING:
    from kubetui.shell import Simulation


def wants_table(accept: str) -> bool:
    first = accept.split(",", 1)[0]
    return "as=Table" in first.replace(" ", "")


def _custom(kind: str, sim: Simulation) -> CustomKind | None:
    found = sim.store.kinds.custom.get(kind)
    return found if isinstance(found, CustomKind) else None


def _narrow(kind: str, sim: Simulation) -> list[str]:
    header, _ = table_rows(kind, [], sim, wide=False, now_tick=sim.tick, custom=_custom(kind, sim))
    return header


def table(sim: Simulation, kind: str, objs: list[dict], *, include_object: str = "PartialObjectMetadata",
          resource_version: str = "", continue_token: str | None = None, headers: bool = True) -> dict:
    """A meta.k8s.io/v1 Table of `objs` (one row each)."""
    header, rows = table_rows(kind, objs, sim, wide=True, now_tick=sim.tick, custom=_custom(kind, sim))
    narrow = set(_narrow(kind, sim))
    columns = [{"name": name, "type": "string", "format": "name" if name == "NAME" else "",
                "description": "", "priority": 0 if name in narrow else 1} for name in header]
    out_rows = []
    for obj, cells in zip(objs, rows):
        row: dict = {"cells": cells}
        if include_object == "Object":
            row["object"] = obj
        elif include_object != "None":
            row["object"] = partial_metadata(obj)
        out_rows.append(row)
    meta: dict = {"resourceVersion": resource_version}
    if continue_token:
        meta["continue"] = continue_token
    out = {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": meta, "rows": out_rows}
    out["columnDefinitions"] = columns if headers else None
    return out


def partial_metadata(obj: dict) -> dict:
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": obj.get("metadata", {})}
