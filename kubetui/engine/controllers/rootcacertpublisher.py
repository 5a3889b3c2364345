"""The root-ca-cert-publisher: a `kube-root-ca.crt` ConfigMap in every namespace holding the
cluster CA (`ca.crt`), so that pods can verify the API server; put back as it was whenever
someone deletes or changes it.
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Key, NamespaceController, derived_uid
from kubetui.engine.pki import cluster_ca
from kubetui.model.errors import ApiError

NAME = "kube-root-ca.crt"
DESCRIPTION = ("Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints "
               "such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across "
               "distributions of Kubernetes clusters.")


class RootCACertPublisher(NamespaceController):
    name = "root-ca-cert-publisher"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("ConfigMap", self._on_config_map)

    def _on_config_map(self, event: str, old: dict | None, new: dict | None) -> None:
        obj = new or old
        if obj is not None and obj["metadata"]["name"] == NAME and event != "ADDED":
            self.enqueue(("", obj["metadata"]["namespace"]))

    def reconcile(self, key: Key) -> None:
        namespace = key[1]
        ns = self.store.get("Namespace", None, namespace)
        if ns is None or ns["metadata"].get("deletionTimestamp"):
            return
        data = {"ca.crt": cluster_ca(self.sim.seed)}
        cm = self.store.get("ConfigMap", namespace, NAME)
        try:
            if cm is None:
                self.store.create({"apiVersion": "v1", "kind": "ConfigMap",
                                   "metadata": {"name": NAME, "namespace": namespace,
                                                "annotations": {"kubernetes.io/description": DESCRIPTION}},
                                   "data": data}, uid=derived_uid(self.sim, "ConfigMap", namespace, NAME))
                return
            annotations = cm["metadata"].get("annotations") or {}
            if cm.get("data") == data and annotations.get("kubernetes.io/description") == DESCRIPTION \
                    and not cm.get("binaryData"):
                return
            meta = {**cm["metadata"], "annotations": {**annotations, "kubernetes.io/description": DESCRIPTION}}
            fixed = {k: v for k, v in cm.items() if k != "binaryData"}
            self.store.update({**fixed, "metadata": meta, "data": data})
        except ApiError:
            self.enqueue_after(key, 1)
