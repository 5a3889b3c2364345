"""Pod garbage collection: pods bound to a Node that no longer exists are deleted.

After `kubectl delete node`, kube-controller-manager's PodGC removes the pods left on it once
a short quarantine has passed, so that their controllers replace them elsewhere.
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.store import finish_pod
from kubetui.model.clock import timestamp

QUARANTINE = 40
"""Seconds PodGC waits before deleting pods of a vanished node (in case it comes back)."""


class PodGCController(Controller):
    name = "pod-garbage-collector"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("Node", self._on_node)

    def _on_node(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            self.enqueue_after(("", old["metadata"]["name"]), QUARANTINE)

    def reconcile(self, key: Key) -> None:
        node = key[1]
        if self.store.get("Node", None, node) is not None:
            return
        for pod in self.store.pods_on(node):
            meta = pod["metadata"]
            conds = [c for c in pod.get("status", {}).get("conditions", ()) if c["type"] != "DisruptionTarget"]
            conds.append({"type": "DisruptionTarget", "status": "True", "reason": "DeletionByPodGC",
                          "message": "PodGC: node no longer exists", "lastTransitionTime": timestamp(self.sim.tick)})
            self.store.update_status({**pod, "status": {**pod.get("status", {}), "conditions": conds}})
            finish_pod(self.store, meta["namespace"], meta["name"])
