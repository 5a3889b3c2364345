"""CSR signing: kube-controller-manager's signer for `kubernetes.io/kube-apiserver-client`.

An Approved request (not Denied, not Failed, no certificate yet) gets `status.certificate`: the
request's subject and key signed by the cluster CA (`engine/pki.py`), valid from now (backdated
five minutes) for `spec.expirationSeconds`, capped at the signer's one year. A request whose
usages a client certificate may not have gets a Failed condition instead. Other signers
(`kube-apiserver-client-kubelet`, `kubelet-serving`, a custom one) are left to signers kubetui
does not run: their requests stay Approved without a certificate, as they would with no signer.
"""

from __future__ import annotations

import base64

from kubetui.engine import pki
from kubetui.engine.controllers.base import Controller, Key
from kubetui.model.clock import timestamp

SIGNER = "kubernetes.io/kube-apiserver-client"
MAX_SECONDS = 365 * 24 * 3600
"""kube-controller-manager's --cluster-signing-duration (8760h)."""
CLIENT_USAGES = ("digital signature", "key encipherment", "client auth")


def has_condition(csr: dict, kind: str) -> bool:
    return any(c.get("type") == kind for c in (csr.get("status") or {}).get("conditions") or [])


class CSRSigningController(Controller):
    name = "csrsigning-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("CertificateSigningRequest", self.enqueue_change)

    def resync(self) -> None:
        for obj in self.store.iter("CertificateSigningRequest"):
            self.enqueue_obj(obj)

    def reconcile(self, key: Key) -> None:
        csr = self.store.get("CertificateSigningRequest", None, key[1])
        if csr is None or csr["spec"].get("signerName") != SIGNER:
            return
        status = csr.get("status") or {}
        if (not has_condition(csr, "Approved") or has_condition(csr, "Denied") or has_condition(csr, "Failed")
                or status.get("certificate")):
            return
        from cryptography import x509

        usages = tuple(csr["spec"].get("usages") or ())
        bad = [u for u in usages if u not in CLIENT_USAGES]
        if bad or "client auth" not in usages:
            why = (f"invalid usage for client certificate: {bad[0]}" if bad
                   else "missing required usage for client certificate: client auth")
            self._fail(csr, why)
            return
        request = x509.load_pem_x509_csr(base64.b64decode(csr["spec"]["request"]))
        seconds = min(csr["spec"].get("expirationSeconds") or MAX_SECONDS, MAX_SECONDS)
        pem = pki.issue(self.sim.seed, request, csr["metadata"]["uid"], self.sim.tick, seconds, usages)
        new = {**csr, "status": {**status, "certificate": base64.b64encode(pem).decode()}}
        self.store.update_status(new)

    def _fail(self, csr: dict, message: str) -> None:
        now = timestamp(self.sim.tick)
        status = dict(csr.get("status") or {})
        status["conditions"] = [*(status.get("conditions") or []),
                                {"type": "Failed", "status": "True", "reason": "SignerValidationFailure",
                                 "message": message, "lastUpdateTime": now, "lastTransitionTime": now}]
        self.store.update_status({**csr, "status": status})
