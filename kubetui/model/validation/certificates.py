"""Validation of certificates.k8s.io/v1 CertificateSigningRequest, in the API server's words."""

from __future__ import annotations

import base64
import re

from .field import Errors
from .meta import dns1123_label, dns1123_subdomain

USAGES = ("any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment",
          "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system",
          "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc",
          "ocsp signing", "s/mime", "server auth", "signing", "timestamping")
"""Every key usage a request may name, sorted as the error's list of supported values is."""
TRUE_ONLY = ("Approved", "Denied", "Failed")


def go_bytes(data: bytes) -> str:
    """Go's `%#v` of a []byte, as field.Invalid prints a request it refuses."""
    if not data:
        return "[]byte(nil)"
    return "[]byte{" + ", ".join(f"0x{b:x}" for b in data) + "}"


def csr_error(pem: bytes) -> str | None:
    """Why a request is not a signed PKCS#10 PEM (certificates.ParseCSR, then CheckSignature)."""
    from cryptography import x509

    text = pem.decode("latin-1")
    m = re.search(r"-----BEGIN ([^-\n]*)-----", text)
    if m is None or m.group(1) != "CERTIFICATE REQUEST":
        return "PEM block type must be CERTIFICATE REQUEST"
    try:
        csr = x509.load_pem_x509_csr(pem)
    except ValueError:
        return "asn1: structure error: tags don't match"
    if not csr.is_signature_valid:
        return "x509: ECDSA verification failure"
    return None


def _signer_name(errs: Errors, name: str) -> None:
    path = "spec.signerName"
    if not name:
        errs.required(path, "signerName must be provided")
        return
    segments = name.split("/")
    if len(segments) != 2:
        errs.invalid(path, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'")
        return
    domain, rest = segments
    for label in domain.split("."):
        for why in dns1123_label(label):
            errs.invalid(path, domain, f'validating label "{label}": {why}')
        if dns1123_label(label):
            break
    if len(domain.split(".")) < 2:
        errs.invalid(path, domain, "should be a domain with at least two segments separated by dots")
    for label in rest.split("."):
        for why in dns1123_subdomain(label):
            errs.invalid(path, rest, f'validating label "{label}": {why}')
        if dns1123_subdomain(label):
            break


def _csr(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    request = base64.b64decode(spec.get("request") or "")
    why = csr_error(request)
    if why is not None:
        errs.invalid("spec.request", None, why, raw=go_bytes(request))
    usages = spec.get("usages") or []
    if not usages:
        errs.required("spec.usages", "usages must be provided")
    for i, usage in enumerate(usages):
        if usage not in USAGES:
            errs.unsupported(f"spec.usages[{i}]", usage, USAGES)
    seen: set[str] = set()
    for i, usage in enumerate(usages):
        if usage in seen:
            errs.duplicate(f"spec.usages[{i}]", usage)
        seen.add(usage)
    if spec.get("signerName") == "kubernetes.io/legacy-unknown":
        errs.invalid("spec.signerName", spec["signerName"], "the legacy signerName is not allowed via this API version")
    else:
        _signer_name(errs, spec.get("signerName") or "")
    seconds = spec.get("expirationSeconds")
    if seconds is not None and seconds < 600:
        errs.invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 600 seconds (10 minutes)")
    approved = denied = False
    types: set[str] = set()
    for i, cond in enumerate((obj.get("status") or {}).get("conditions") or []):
        path = f"status.conditions[{i}]"
        kind = cond.get("type") or ""
        if not kind:
            errs.required(f"{path}.type")
        allowed = ("True",) if kind in TRUE_ONLY else ("False", "True", "Unknown")
        if not cond.get("status"):
            errs.required(f"{path}.status")
        elif cond["status"] not in allowed:
            errs.unsupported(f"{path}.status", cond["status"], allowed)
        if kind == "Approved":
            approved = True
            if denied:
                errs.invalid(f"{path}.type", kind, "Approved and Denied conditions are mutually exclusive")
        elif kind == "Denied":
            denied = True
            if approved:
                errs.invalid(f"{path}.type", kind, "Approved and Denied conditions are mutually exclusive")
        if kind in types:
            errs.duplicate(f"{path}.type", kind)
        types.add(kind)


VALIDATORS = {"CertificateSigningRequest": _csr}
