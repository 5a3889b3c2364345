"""The cluster's PKI: its certificate authority, the admin's client certificate, and certificates
the CSR signer issues.

Every key is derived from the simulation's seed and a purpose (never drawn from `sim.rng`, so
making one changes nothing else), every signature is ECDSA P-256 with RFC 6979 deterministic
nonces, and every validity period comes from the simulated clock: the same seed gives the same
bytes in any process. kubeadm makes RSA-2048 keys; kubetui uses P-256, which Kubernetes accepts
alike (`--encryption-algorithm=ECDSA-P256` in kubeadm's ClusterConfiguration).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import lru_cache

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubetui.engine.user import UserInfo
from kubetui.model.clock import EPOCH

CA_NAME = "kubernetes"
ADMIN = ("kubernetes-admin", ("system:masters",))
"""The CN and O of the admin's client certificate (kubeadm's admin.conf)."""
CA_YEARS = 10
CLIENT_YEARS = 1
BACKDATE = timedelta(minutes=5)
"""The signer backdates notBefore, as kube-controller-manager does, to allow for clock skew."""
_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
"""The order of P-256."""


def derived_key(seed: int, purpose: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 key that only `seed` and `purpose` determine."""
    digest = hashlib.sha256(f"kubetui/{seed}/{purpose}".encode()).digest()
    return ec.derive_private_key(int.from_bytes(digest, "big") % (_ORDER - 1) + 1, ec.SECP256R1())


def _serial(seed: int, purpose: str) -> int:
    return int.from_bytes(hashlib.sha256(f"kubetui/{seed}/serial/{purpose}".encode()).digest()[:16], "big") >> 1


def _sign(builder: x509.CertificateBuilder, key: ec.EllipticCurvePrivateKey) -> bytes:
    cert = builder.sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


@lru_cache(maxsize=16)
def ca(seed: int) -> tuple[bytes, bytes]:
    """The cluster CA (certificate PEM, key PEM): valid ten years from the epoch, as kubeadm's."""
    key = derived_key(seed, "ca")
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(_serial(seed, "ca")).not_valid_before(EPOCH - BACKDATE)
               .not_valid_after(EPOCH + timedelta(days=365 * CA_YEARS))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    return _sign(builder, key), key_pem(key)


def _client(seed: int, subject: x509.Name, public_key, serial: int, not_before, seconds: int,
            key_usages: tuple[str, ...] = ("digital signature", "key encipherment")) -> bytes:
    ca_cert = x509.load_pem_x509_certificate(ca(seed)[0])
    ca_key = derived_key(seed, "ca")
    not_after = min(not_before + BACKDATE + timedelta(seconds=seconds), ca_cert.not_valid_after_utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
               .public_key(public_key).serial_number(serial)
               .not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(_key_usage(key_usages), critical=True)
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                              critical=False))
    return _sign(builder, ca_key)


def _key_usage(usages: tuple[str, ...]) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature="digital signature" in usages,
                         content_commitment="content commitment" in usages,
                         key_encipherment="key encipherment" in usages,
                         data_encipherment="data encipherment" in usages,
                         key_agreement="key agreement" in usages, key_cert_sign="cert sign" in usages,
                         crl_sign="crl sign" in usages, encipher_only="encipher only" in usages,
                         decipher_only="decipher only" in usages)


@lru_cache(maxsize=16)
def admin(seed: int) -> tuple[bytes, bytes]:
    """The admin's client certificate and key (CN=kubernetes-admin, O=system:masters)."""
    key = derived_key(seed, "admin")
    cn, groups = ADMIN
    subject = x509.Name([*(x509.NameAttribute(NameOID.ORGANIZATION_NAME, g) for g in groups),
                         x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    return _client(seed, subject, key.public_key(), _serial(seed, "admin"), EPOCH - BACKDATE,
                   365 * 86400 * CLIENT_YEARS), key_pem(key)


def issue(seed: int, csr: x509.CertificateSigningRequest, serial_of: str, tick: int, seconds: int,
          usages: tuple[str, ...]) -> bytes:
    """What the kubernetes.io/kube-apiserver-client signer issues for an approved request: the
    request's subject and key, signed by the cluster CA, valid from the simulated now (backdated)
    for `seconds`, never past the CA's own expiry."""
    return _client(seed, csr.subject, csr.public_key(), _serial(seed, serial_of),
                   EPOCH + timedelta(seconds=tick) - BACKDATE, seconds, usages)


def user_of(cert_pem: bytes) -> UserInfo:
    """The user a client certificate authenticates as: CN is the name, each O a group."""
    cert = x509.load_pem_x509_certificate(cert_pem)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    groups = tuple(str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME))
    return UserInfo(str(names[0].value) if names else "", (*groups, "system:authenticated"))


def signed_by_ca(seed: int, cert_pem: bytes) -> bool:
    """Whether the cluster CA signed this certificate (the API server trusts nothing else)."""
    try:
        cert = x509.load_pem_x509_certificate(cert_pem)
        ca_cert = x509.load_pem_x509_certificate(ca(seed)[0])
        cert.verify_directly_issued_by(ca_cert)
        return True
    except (ValueError, TypeError, InvalidSignature):
        return False


def cluster_ca(seed: int) -> str:
    """The PEM of the cluster CA, as the root-ca-cert-publisher puts it in `kube-root-ca.crt`."""
    return ca(seed)[0].decode()


_SMALL_PRIMES = [p for p in range(3, 5000, 2) if all(p % d for d in range(3, int(p ** 0.5) + 1, 2))]
_WITNESSES = (2, 3, 5, 7)
"""Four rounds: for random 1024-bit candidates the chance of a composite passing is below 2^-80."""
RSA_EXPONENT = 65537
_WINDOW = 8192
"""Odd candidates sieved at a time."""


def _probable_prime(n: int) -> bool:
    """Miller-Rabin with fixed witnesses: the candidates are not chosen by an adversary."""
    d, r = n - 1, 0
    while not d & 1:
        d, r = d >> 1, r + 1
    for a in _WITNESSES:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _derived_prime(seed: int, purpose: str, bits: int) -> int:
    """The first prime from a point that only `seed` and `purpose` fix, with its top two bits set
    (so two of them make a modulus of twice the bits) and e = 65537 prime to p - 1. The odd
    numbers from there are sieved by the small primes a window at a time; only the survivors
    meet Miller-Rabin."""
    stream = b"".join(hashlib.sha256(f"kubetui/{seed}/{purpose}/{i}".encode()).digest()
                      for i in range(bits // 256 + 1))
    start = int.from_bytes(stream, "big") >> (len(stream) * 8 - bits) | 3 << (bits - 2) | 1
    while True:
        composite = bytearray(_WINDOW)
        for p in _SMALL_PRIMES:
            first = (-start * pow(2, -1, p)) % p  # start + 2i ≡ 0 (mod p)
            composite[first::p] = b"\1" * len(range(first, _WINDOW, p))
        for i in range(_WINDOW):
            n = start + 2 * i
            if not composite[i] and n % RSA_EXPONENT != 1 and _probable_prime(n):
                return n
        start += 2 * _WINDOW


@lru_cache(maxsize=1)
def _sa_primes() -> list[int]:
    from importlib.resources import files

    import yaml

    text = files("kubetui.engine").joinpath("sa-key-primes.yaml").read_text()
    return [int(p, 16) for p in yaml.safe_load(text)["primes"]]


@lru_cache(maxsize=16)
def service_account_key(seed: int) -> rsa.RSAPrivateKey:
    """The RSA-2048 key ServiceAccount tokens are signed with (kubeadm's sa.key, RS256): two
    primes of a table made once by `_derived_prime` (sa-key-primes.yaml), picked by the seed, so
    the same seed signs the same tokens in any process and making the key is instant (992 keys;
    seeds beyond share them). OpenSSL's key check is skipped: it costs more than the rest and the
    table's primes are checked by tests/engine/test_sa_key.py."""
    primes = _sa_primes()
    i = seed % len(primes)
    j = (i + 1 + seed // len(primes) % (len(primes) - 1)) % len(primes)
    p, q = primes[i], primes[j]
    d = pow(RSA_EXPONENT, -1, (p - 1) * (q - 1))
    public = rsa.RSAPublicNumbers(RSA_EXPONENT, p * q)
    return rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q),
                                 public).private_key(unsafe_skip_rsa_key_validation=True)
