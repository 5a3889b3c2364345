"""The resource quota controller: keeps each ResourceQuota's `status.hard` and `status.used`.

Usage comes from the ledger the admission plugin shares (totals per namespace, updated from the
change feed), so a quota is recomputed only when something it tracks changed.
"""

from __future__ import annotations

from fractions import Fraction

from kubetui.engine.admission.resourcequota import show
from kubetui.engine.controllers.base import Controller, Key
from kubetui.model.quantity import parse_quantity


class ResourceQuotaController(Controller):
    name = "resourcequota-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.ledger = sim.quota
        self.ledger.listeners.append(self._on_usage)
        self.store.watch("ResourceQuota", self._on_quota)

    def _on_quota(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is not None and (old is None or old.get("spec") != new.get("spec")):
            self.enqueue_obj(new)

    def _on_usage(self, namespace: str, changed: set[str]) -> None:
        for q in self.store.iter("ResourceQuota", namespace):
            hard = (q.get("spec") or {}).get("hard") or {}
            if any(r in changed for r in hard):
                self.enqueue_obj(q)

    def resync(self) -> None:
        for q in self.store.iter("ResourceQuota"):
            self.enqueue_obj(q)

    def reconcile(self, key: Key) -> None:
        q = self.store.get("ResourceQuota", *key)
        if q is None:
            return
        hard = dict((q.get("spec") or {}).get("hard") or {})
        used = self.ledger.used_by(q)
        status = {"hard": {r: show(parse_quantity(v), v) for r, v in hard.items()},
                  "used": {r: show(used.get(r, Fraction(0)), v) for r, v in hard.items()}}
        if q.get("status") != status:
            self.store.update_status({**q, "status": status})
