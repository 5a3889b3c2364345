"""Namespaces: a deleted namespace stays `Terminating` until everything in it is gone."""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.store import delete


class NamespaceController(Controller):
    name = "namespace-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("Namespace", self._on_namespace)

    def _on_namespace(self, event, old, new) -> None:
        if new is not None and new["metadata"].get("deletionTimestamp"):
            self.enqueue_obj(new)

    def reconcile(self, key: Key) -> None:
        ns = self.store.get("Namespace", None, key[1])
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return
        name = ns["metadata"]["name"]
        left = 0
        for k in self.store.kinds.values():
            kind = k.kind
            if not k.namespaced:
                continue
            for obj in list(self.store.iter(kind, name)):
                left += 1
                if kind == "Event":
                    self.store.remove(kind, name, obj["metadata"]["name"])
                elif not obj["metadata"].get("deletionTimestamp"):
                    delete(self.store, kind, name, obj["metadata"]["name"])
        if left:
            self.enqueue_after(key, 1)
        else:
            self.store.remove("Namespace", None, name)
