"""Garbage collection: when an owner is gone, its dependents follow (cascading delete).

Dependents are found through the store's owner index, so deleting a Deployment removes its
ReplicaSets, whose deletion removes their pods. `--cascade=orphan` strips the ownerReferences
first (see `store.delete`), leaving the dependents alone.
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.store import delete
from kubetui.model.kinds import KINDS


class GarbageCollector(Controller):
    name = "garbage-collector-controller"

    def __init__(self, sim):
        super().__init__(sim)
        for kind in KINDS:
            if kind != "Event":
                self.store.watch(kind, self._on_change)

    def _on_change(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            self.enqueue(("", old["metadata"]["uid"]))
        elif old is None and new["metadata"].get("ownerReferences"):
            for ref in new["metadata"]["ownerReferences"]:
                if ref["uid"] not in self.store.by_uid:
                    self.enqueue(("", ref["uid"]))

    def reconcile(self, key: Key) -> None:
        uid = key[1]
        if uid in self.store.by_uid:
            return
        for dep in list(self.store.owned(uid)):
            refs = dep["metadata"].get("ownerReferences", ())
            if any(r["uid"] in self.store.by_uid for r in refs):
                kept = [r for r in refs if r["uid"] != uid]
                self.store.update({**dep, "metadata": {**dep["metadata"], "ownerReferences": kept}}, admit=False)
                continue
            if dep["metadata"].get("deletionTimestamp"):
                continue
            delete(self.store, dep["kind"], dep["metadata"].get("namespace"), dep["metadata"]["name"])
        if not self.store.by_owner.get(uid):
            self.store.by_owner.pop(uid, None)
