"""The cluster's PKI, as kubeadm lays it out: the cluster CA (`ca.crt`, what the
root-ca-cert-publisher puts in every namespace's `kube-root-ca.crt`) and the ServiceAccount
signing key (`sa.key`, what TokenRequest signs with and the authenticator verifies).

Both derive from the cluster's seed, never from the wall clock or fresh randomness: the same
seed gives the same CA and the same tokens in any process, so a replay prints the very token
the original run printed. The CA is a real X.509 certificate (Ed25519 signs deterministically),
so `openssl x509 -text` reads it.
"""

from __future__ import annotations

import datetime
import hashlib
from functools import lru_cache

from kubetui.model.clock import EPOCH

CA_VALIDITY_DAYS = 3650
"""kubeadm's CA is valid for ten years."""


def _material(seed: int, purpose: str) -> bytes:
    return hashlib.sha256(f"kubetui/{purpose}/{seed}".encode()).digest()


@lru_cache(maxsize=64)
def cluster_ca(seed: int) -> str:
    """The PEM of the cluster CA (`CN=kubernetes`, as kubeadm names it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.x509.oid import NameOID

    key = Ed25519PrivateKey.from_private_bytes(_material(seed, "ca.key"))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes")])
    serial = int.from_bytes(_material(seed, "ca.serial")[:8], "big") >> 1 or 1
    start = EPOCH - datetime.timedelta(minutes=5)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=CA_VALIDITY_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, None))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def service_account_key(seed: int) -> bytes:
    """The key ServiceAccount tokens are signed with (`--service-account-signing-key-file`)."""
    return _material(seed, "sa.key")
