"""The cluster as objectives read it.

Objectives are judged at every tick of a scenario, so reading through the door's `get`/`list`
— which hand out deep copies so that a caller may change what it got — cost a copy of every
Node and Pod per tick (about a third of a scenario's run). Objectives only read, so they get the
stored objects themselves. `Reading.strict` (for tests) hands out the objects as well, but keeps
a copy of each and checks afterwards that the objective changed none of them.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar


class Reading:
    """A read-only view of a Simulation: stored objects uncopied; everything else passes through."""

    strict: ClassVar[bool] = False
    """Keep a copy of every object handed out and check it was left alone (`check_untouched`)."""

    def __init__(self, sim: Any):
        self._sim = sim
        self._handed: list[tuple[dict, dict]] = []

    @classmethod
    def of(cls, view: Any) -> Reading:
        return view if isinstance(view, Reading) else cls(view)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sim, name)

    def get(self, kind: str, name: str, namespace: str | None = "default") -> dict | None:
        obj = self._sim.get(kind, name, namespace, copied=False)
        if obj is not None and self.strict:
            self._handed.append((obj, copy.deepcopy(obj)))
        return obj

    def list(self, kind: str, namespace: str | None = None, labels: str | None = None) -> list[dict]:
        objs = self._sim.list(kind, namespace, labels, copied=False)
        if self.strict:
            self._handed.extend((o, copy.deepcopy(o)) for o in objs)
        return objs

    def check_untouched(self, who: str) -> None:
        """In strict mode: fail if `who` changed an object it was handed (it would have changed the cluster)."""
        handed, self._handed = self._handed, []
        for obj, before in handed:
            if obj != before:
                meta = before.get("metadata") or {}
                raise AssertionError(f"{who} changed {before.get('kind')} {meta.get('namespace')}/{meta.get('name')} while judging")
