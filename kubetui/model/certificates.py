"""certificates.k8s.io/v1 CertificateSigningRequest: a request for a certificate from one of
the cluster's signers (the CKA way to create a user)."""

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from .core import base64_error
from .meta import K8sModel, ObjectMeta, Time


def _bytes(value: str | None) -> str | None:
    """A Go []byte field: JSON carries it base64-encoded, checked at decode."""
    at = base64_error(value) if value is not None else None
    if at is not None:
        raise PydanticCustomError("base64", f"illegal base64 data at input byte {at}")
    return value


class CertificateSigningRequestSpec(K8sModel):
    request: str | None = None
    """The PEM `CERTIFICATE REQUEST`, base64-encoded in JSON as Go's []byte is."""
    signer_name: str | None = None
    expiration_seconds: int | None = None
    usages: list[str] | None = None
    username: str | None = None
    uid: str | None = None
    groups: list[str] | None = None
    extra: dict[str, list[str]] | None = None

    _request = field_validator("request")(classmethod(lambda cls, v: _bytes(v)))


class CertificateSigningRequestCondition(K8sModel):
    type: str | None = None
    status: str | None = None
    reason: str | None = None
    message: str | None = None
    last_update_time: Time | None = None
    last_transition_time: Time | None = None


class CertificateSigningRequestStatus(K8sModel):
    conditions: list[CertificateSigningRequestCondition] | None = None
    certificate: str | None = None

    _certificate = field_validator("certificate")(classmethod(lambda cls, v: _bytes(v)))


class CertificateSigningRequest(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: CertificateSigningRequestSpec | None = None
    status: CertificateSigningRequestStatus | None = None
