"""The token controller: a `kubernetes.io/service-account-token` Secret (the legacy, long-lived
kind a user still creates by hand) gets its `token`, `ca.crt` and `namespace` filled in for the
ServiceAccount its annotation names; such a Secret goes when its ServiceAccount does.
"""

from __future__ import annotations

import base64

from kubetui.engine import serviceaccount as tokens
from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.pki import cluster_ca
from kubetui.engine.store import delete
from kubetui.model.errors import ApiError

NAME_ANNOTATION = "kubernetes.io/service-account.name"
UID_ANNOTATION = "kubernetes.io/service-account.uid"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class TokensController(Controller):
    name = "tokens-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("Secret", self._on_secret)
        self.store.watch("ServiceAccount", self._on_service_account)

    def _on_secret(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is not None and new.get("type") == tokens.LEGACY_TOKEN_TYPE:
            self.enqueue_obj(new)

    def _on_service_account(self, event: str, old: dict | None, new: dict | None) -> None:
        obj = new or old
        assert obj is not None
        for secret in self.store.list("Secret", obj["metadata"]["namespace"]):
            if secret.get("type") == tokens.LEGACY_TOKEN_TYPE and \
                    (secret["metadata"].get("annotations") or {}).get(NAME_ANNOTATION) == obj["metadata"]["name"]:
                self.enqueue_obj(secret)

    def reconcile(self, key: Key) -> None:
        ns, name = key
        secret = self.store.get("Secret", ns, name)
        if secret is None or secret.get("type") != tokens.LEGACY_TOKEN_TYPE or secret["metadata"].get("deletionTimestamp"):
            return
        annotations = secret["metadata"].get("annotations") or {}
        sa = self.store.get("ServiceAccount", ns, annotations.get(NAME_ANNOTATION, ""))
        uid = annotations.get(UID_ANNOTATION)
        try:
            if sa is None or (uid and uid != sa["metadata"]["uid"]):
                delete(self.store, "Secret", ns, name)
                return
            data = dict(secret.get("data") or {})
            token = data.get("token")
            valid = False
            if token:
                claims = tokens.verify(self.sim, base64.b64decode(token).decode("utf-8", "replace"))
                valid = claims is not None and claims.get("kubernetes.io/serviceaccount/secret.name") == name \
                    and claims.get("kubernetes.io/serviceaccount/service-account.uid") == sa["metadata"]["uid"]
            want = {"ca.crt": _b64(cluster_ca(self.sim.seed)), "namespace": _b64(ns)}
            if valid and all(data.get(k) == v for k, v in want.items()) and uid == sa["metadata"]["uid"]:
                return
            data.update(want)
            if not valid:
                data["token"] = _b64(tokens.legacy_token(self.sim, sa, secret))
            meta = {**secret["metadata"], "annotations": {**annotations, UID_ANNOTATION: sa["metadata"]["uid"]}}
            self.store.update({**secret, "metadata": meta, "data": data})
        except ApiError:
            self.enqueue_after(key, 1)
