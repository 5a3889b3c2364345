"""Garbage collection: dependents follow their owners (cascading delete).

Dependents are found through the store's owner index. In the background (the default), the
owner goes first and the collector then deletes the dependents it left behind: deleting a
Deployment removes its ReplicaSets, whose deletion removes their pods. An owner deleted in the
foreground carries the `foregroundDeletion` finalizer and stays until every dependent whose
ownerReference has `blockOwnerDeletion: true` is gone; dependents that own objects themselves
are deleted in the foreground too, so pods go before their ReplicaSet and the ReplicaSet before
its Deployment. An owner with the `orphan` finalizer has its ownerReferences stripped from its
dependents, which stay.
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.store import FOREGROUND_DELETION, ORPHAN, delete
from kubetui.model.kinds import KINDS


def _finalizing(obj: dict) -> bool:
    meta = obj["metadata"]
    return bool(meta.get("deletionTimestamp")) and any(
        f in (FOREGROUND_DELETION, ORPHAN) for f in meta.get("finalizers") or ())


class GarbageCollector(Controller):
    name = "garbage-collector-controller"

    def __init__(self, sim):
        super().__init__(sim)
        for kind in KINDS:
            if kind != "Event":
                self.store.watch(kind, self._on_change, metadata_only=True)
        self.store.watch_custom(self._on_change)

    def _on_change(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            self.enqueue(("", old["metadata"]["uid"]))
            self._wake_owners(old["metadata"].get("ownerReferences", ()))
            return
        if old is not None and old["metadata"] is new["metadata"] and not new["metadata"].get("deletionTimestamp"):
            return  # a status write: the same owners, and nothing finalizing
        refs = new["metadata"].get("ownerReferences", ())
        if old is None:
            for ref in refs:
                if ref["uid"] not in self.store.by_uid:
                    self.enqueue(("", ref["uid"]))
            return
        if _finalizing(new):
            self.enqueue(("", new["metadata"]["uid"]))
        old_refs = old["metadata"].get("ownerReferences", ())
        if old_refs != refs:
            self._wake_owners([r for r in old_refs if r not in refs])

    def _wake_owners(self, refs) -> None:
        """An owner waiting for its dependents looks again when one goes or lets go of it."""
        for ref in refs:
            owner = self.store.by_uid_get(ref["uid"])
            if owner is not None and _finalizing(owner):
                self.enqueue(("", ref["uid"]))

    def reconcile(self, key: Key) -> None:
        uid = key[1]
        owner = self.store.by_uid_get(uid)
        if owner is not None:
            if _finalizing(owner):
                self._finalize(owner)
            return
        for dep in list(self.store.owned(uid)):
            refs = dep["metadata"].get("ownerReferences", ())
            if any(r["uid"] in self.store.by_uid for r in refs):
                self._drop_ref(dep, uid)
                continue
            if dep["metadata"].get("deletionTimestamp"):
                continue
            delete(self.store, dep["kind"], dep["metadata"].get("namespace"), dep["metadata"]["name"])
        if not self.store.by_owner.get(uid):
            self.store.by_owner.pop(uid, None)

    def _finalize(self, owner: dict) -> None:
        uid = owner["metadata"]["uid"]
        finalizers = owner["metadata"].get("finalizers") or ()
        if ORPHAN in finalizers:
            for dep in list(self.store.owned(uid)):
                self._drop_ref(dep, uid)
            self._lift(owner, ORPHAN)
            return
        blocking = []
        for dep in list(self.store.owned(uid)):
            ref = next(r for r in dep["metadata"]["ownerReferences"] if r["uid"] == uid)
            if not ref.get("blockOwnerDeletion"):
                continue
            if self._other_owner(dep, uid):
                self._drop_ref(dep, uid)
                continue
            meta = dep["metadata"]
            if not meta.get("deletionTimestamp"):
                policy = "Foreground" if self.store.by_owner.get(meta["uid"]) else "Background"
                delete(self.store, dep["kind"], meta.get("namespace"), meta["name"], propagation=policy)
            if meta["uid"] in self.store.by_uid:
                blocking.append(dep)
        if not blocking:
            self._lift(owner, FOREGROUND_DELETION)

    def _other_owner(self, dep: dict, uid: str) -> bool:
        """Whether an owner besides `uid` still exists and is not itself being deleted."""
        for ref in dep["metadata"]["ownerReferences"]:
            if ref["uid"] != uid:
                other = self.store.by_uid_get(ref["uid"])
                if other is not None and not other["metadata"].get("deletionTimestamp"):
                    return True
        return False

    def _drop_ref(self, dep: dict, uid: str) -> None:
        refs = [r for r in dep["metadata"].get("ownerReferences", ()) if r["uid"] != uid]
        meta = {**dep["metadata"], "ownerReferences": refs}
        if not refs:
            del meta["ownerReferences"]
        self.store.update({**dep, "metadata": meta}, admit=False)

    def _lift(self, owner: dict, finalizer: str) -> None:
        """Remove one finalizer; the write that leaves none completes the deletion."""
        current = self.store.by_uid_get(owner["metadata"]["uid"])
        if current is None:
            return
        finalizers = [f for f in current["metadata"].get("finalizers") or () if f != finalizer]
        meta = {**current["metadata"], "finalizers": finalizers}
        if not finalizers:
            del meta["finalizers"]
        self.store.update({**current, "metadata": meta}, admit=False)
