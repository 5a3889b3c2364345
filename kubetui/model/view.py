"""The read-only face of a cluster that printers, objectives and the UI read from.

`kubetui.Simulation` satisfies it; tests may pass any object with these members.
"""

from __future__ import annotations

import builtins
from typing import Protocol


class ClusterView(Protocol):
    tick: int
    """Current simulated second (timestamps are the epoch plus this)."""

    def get(self, kind: str, name: str, namespace: str | None = "default") -> dict | None: ...

    def list(self, kind: str, namespace: str | None = None, labels: str | None = None) -> list[dict]: ...

    def events(self) -> builtins.list[dict]: ...
