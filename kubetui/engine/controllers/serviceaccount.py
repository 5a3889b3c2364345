"""The ServiceAccount controller: every namespace has a `default` ServiceAccount, made when the
namespace appears and made again when someone deletes it.

A real API server's ServiceAccount admission waits a moment for `default` before refusing a pod
in a brand-new namespace; here the controller answers the namespace's creation at once (a tick
is a whole second), so `kubectl create ns x; kubectl run p -n x …` works as it does for real.
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Key, NamespaceController, derived_uid
from kubetui.model.errors import ApiError

DEFAULT = "default"


class ServiceAccountsController(NamespaceController):
    name = "service-account-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("ServiceAccount", self._on_service_account)

    def _on_service_account(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None and old is not None and old["metadata"]["name"] == DEFAULT:
            self.enqueue(("", old["metadata"]["namespace"]))

    def reconcile(self, key: Key) -> None:
        namespace = key[1]
        ns = self.store.get("Namespace", None, namespace)
        if ns is None or ns["metadata"].get("deletionTimestamp"):
            return
        if self.store.get("ServiceAccount", namespace, DEFAULT) is not None:
            return
        try:
            self.store.create({"apiVersion": "v1", "kind": "ServiceAccount",
                               "metadata": {"name": DEFAULT, "namespace": namespace}},
                              uid=derived_uid(self.sim, "ServiceAccount", namespace, DEFAULT))
        except ApiError:
            self.enqueue_after(key, 1)
