"""ServiceAccount tokens (Kubernetes' pkg/serviceaccount): JWTs the API server signs and its
authenticator verifies.

A bound token (TokenRequest, the kubelet's projected `token` file) carries an audience, an
expiry on the simulated clock, and the ServiceAccount (and pod) it stands for by uid, so it dies
with them. A legacy token (a `kubernetes.io/service-account-token` Secret) never expires but
dies with its Secret. Tokens are RS256 JWTs (RSASSA-PKCS1-v1_5, deterministic) under the
cluster's seed-derived RSA key (`pki.service_account_key`), so the same run gives the same tokens
in any process; its public half is published as a JWKS (`jwks`) and an OpenID discovery document
(`openid_configuration`), so a relying party can verify them as it would a real cluster's.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import uuid
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from kubetui.engine.pki import service_account_key
from kubetui.model.clock import EPOCH_SECONDS

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

API_AUDIENCE = "https://kubernetes.default.svc.cluster.local"
"""The API server's own audience (`--api-audiences`, by default its issuer)."""
ISSUER = API_AUDIENCE
LEGACY_ISSUER = "kubernetes/serviceaccount"
DEFAULT_EXPIRATION = 3600
MIN_EXPIRATION = 600
MAX_EXPIRATION = 1 << 32
EXTENDED_EXPIRATION = 3607
"""The projected volume asks for 3607 s: the API server then issues a year-long token that it only
warns about after an hour (`warnafter`), so old clients that never re-read the file keep working."""
EXTENDED_LIFETIME = 365 * 24 * 3600
LEGACY_TOKEN_TYPE = "kubernetes.io/service-account-token"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(sim: Simulation) -> str:
    return _header_and_key(sim.seed)[1]


@functools.lru_cache(maxsize=16)
def _header_and_key(seed: int) -> tuple[str, str]:
    """A cluster's encoded JWT header and key id (the API server's: base64url of the SHA-256 of the
    public key's PKIX DER): the same for every token it signs."""
    der = service_account_key(seed).public_key().public_bytes(serialization.Encoding.DER,
                                                             serialization.PublicFormat.SubjectPublicKeyInfo)
    kid = _b64(hashlib.sha256(der).digest())
    return _b64(json.dumps({"alg": "RS256", "kid": kid}, separators=(",", ":")).encode()), kid


_CLAIMS_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def sign(sim: Simulation, claims: dict) -> str:
    return _sign(sim.seed, claims)


def _sign(seed: int, claims: dict) -> str:
    header, _ = _header_and_key(seed)
    signing_input = header + "." + _b64(_CLAIMS_JSON.encode(claims).encode())
    signature = service_account_key(seed).sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + _b64(signature)


def jwks(sim: Simulation) -> dict:
    """GET /openid/v1/jwks: the key set that verifies this cluster's tokens."""
    numbers = service_account_key(sim.seed).public_key().public_numbers()

    def b64_int(n: int) -> str:
        return _b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))
    return {"keys": [{"use": "sig", "kty": "RSA", "kid": key_id(sim), "alg": "RS256", "n": b64_int(numbers.n),
                      "e": b64_int(numbers.e)}]}


def openid_configuration(jwks_uri: str) -> dict:
    """GET /.well-known/openid-configuration: the issuer and where its keys are (the API server's
    external address unless `--service-account-jwks-uri` says otherwise)."""
    return {"issuer": ISSUER, "jwks_uri": jwks_uri, "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}


def unix_time(tick: int) -> int:
    return EPOCH_SECONDS + tick


def bound_token(sim: Simulation, sa: dict, *, audiences: list[str] | None = None, expiration: int = DEFAULT_EXPIRATION,
                pod: dict | None = None, secret: dict | None = None, node: dict | None = None,
                issued_at: int | None = None) -> tuple[str, int]:
    """A TokenRequest's token and the unix time it expires at. `issued_at` is a tick (now by default)."""
    return _sign_bound(*_bound_request(sim, sa, audiences, expiration, pod, secret, node, issued_at))


class PodToken(tuple):
    """A bound token the kubelet asked for a pod's projected volume, signed when first read: the
    pods of a big cluster hold one each (900 bytes of text) and almost none is ever read. Holds
    what `bound_token` reads from the cluster when it is asked (one flat tuple), so the text is
    the same."""

    __slots__ = ()

    @staticmethod
    def issue(sim: Simulation, sa: dict, pod: dict, audiences: list[str] | None, expiration: int) -> PodToken:
        """`_bound_request(sim, sa, audiences, expiration, pod, None, None, None)`, written out (one a pod)."""
        host = pod["spec"].get("nodeName")
        node = sim.store.get("Node", None, host) if host else None
        meta, pod_meta = sa["metadata"], pod["metadata"]
        return PodToken((sim.seed, meta["namespace"], meta["name"], meta["uid"], sim.tick, sim.store.revision,
                         tuple(audiences) if audiences else _API_AUDIENCES, expiration,
                         pod_meta["name"], pod_meta["uid"],
                         *((node["metadata"]["name"], node["metadata"]["uid"]) if node is not None else (None, None)),
                         None, None, None, None))

    def text(self) -> str:
        return _sign_bound(*self)[0]


_API_AUDIENCES = (API_AUDIENCE,)


def _bound_request(sim: Simulation, sa: dict, audiences: list[str] | None, expiration: int, pod: dict | None,
                   secret: dict | None, node: dict | None, issued_at: int | None) -> tuple:
    """Everything a bound token says, as read from the cluster now, as `_sign_bound`'s arguments."""
    pod_node = None
    if pod is not None:
        host = pod["spec"].get("nodeName")
        pod_node = sim.store.get("Node", None, host) if host else None
    meta = sa["metadata"]
    return (sim.seed, meta["namespace"], meta["name"], meta["uid"], sim.tick if issued_at is None else issued_at,
            sim.store.revision, tuple(audiences) if audiences else _API_AUDIENCES, expiration,
            *_ref(pod), *_ref(pod_node), *_ref(node), *_ref(secret))


def _ref(obj: dict | None) -> tuple[str | None, str | None]:
    return (obj["metadata"]["name"], obj["metadata"]["uid"]) if obj is not None else (None, None)


def _sign_bound(seed: int, sa_namespace: str, sa_name: str, sa_uid: str, tick: int, revision: int,
                audiences: tuple[str, ...], expiration: int, pod_name: str | None, pod_uid: str | None,
                pod_node_name: str | None, pod_node_uid: str | None, node_name: str | None, node_uid: str | None,
                secret_name: str | None, secret_uid: str | None) -> tuple[str, int]:
    now = unix_time(tick)
    lifetime = expiration
    private: dict = {"namespace": sa_namespace, "serviceaccount": {"name": sa_name, "uid": sa_uid}}
    if pod_name is not None:
        if expiration == EXTENDED_EXPIRATION:
            lifetime = EXTENDED_LIFETIME
            private["warnafter"] = now + expiration
        private["pod"] = {"name": pod_name, "uid": pod_uid}
        if pod_node_name is not None:
            private["node"] = {"name": pod_node_name, "uid": pod_node_uid}
    if node_name is not None:
        private["node"] = {"name": node_name, "uid": node_uid}
    if secret_name is not None:
        private["secret"] = {"name": secret_name, "uid": secret_uid}
    bound_uid = pod_uid if pod_name is not None else secret_uid if secret_name is not None else ""
    seed_text = f"{sa_uid}/{tick}/{revision}/{bound_uid}"
    jti = str(uuid.UUID(bytes=hashlib.sha256(seed_text.encode()).digest()[:16], version=4))
    claims = {"aud": list(audiences), "exp": now + lifetime, "iat": now, "iss": ISSUER,
              "jti": jti, "kubernetes.io": private, "nbf": now,
              "sub": f"system:serviceaccount:{sa_namespace}:{sa_name}"}
    return _sign(seed, claims), now + lifetime


def legacy_token(sim: Simulation, sa: dict, secret: dict) -> str:
    """The token the token controller writes into a `kubernetes.io/service-account-token` Secret."""
    ns, name = sa["metadata"]["namespace"], sa["metadata"]["name"]
    return sign(sim, {"iss": LEGACY_ISSUER, "kubernetes.io/serviceaccount/namespace": ns,
                      "kubernetes.io/serviceaccount/secret.name": secret["metadata"]["name"],
                      "kubernetes.io/serviceaccount/service-account.name": name,
                      "kubernetes.io/serviceaccount/service-account.uid": sa["metadata"]["uid"],
                      "sub": f"system:serviceaccount:{ns}:{name}"})


def verify(sim: Simulation, token: str) -> dict | None:
    """The claims of a token this cluster signed, or None (not a JWT, or a bad signature)."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != _header_and_key(sim.seed)[0]:
        return None
    try:
        service_account_key(sim.seed).public_key().verify(_unb64(parts[2]), f"{parts[0]}.{parts[1]}".encode(),
                                                          padding.PKCS1v15(), hashes.SHA256())
        claims = json.loads(_unb64(parts[1]))
    except (InvalidSignature, ValueError, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


def token_request(sim: Simulation, namespace: str, name: str, body: dict | None = None) -> dict:
    """POST serviceaccounts/NAME/token: a TokenRequest answered with a fresh bound token."""
    from kubetui.model import errors
    from kubetui.model.clock import timestamp

    spec = dict((body or {}).get("spec") or {})
    sa = sim.store.get("ServiceAccount", namespace, name)
    if sa is None:
        raise errors.not_found("serviceaccounts", name)
    expiration = spec.get("expirationSeconds")
    expiration = DEFAULT_EXPIRATION if expiration is None else expiration
    if not isinstance(expiration, int) or isinstance(expiration, bool):
        raise errors.ApiError("BadRequest", "TokenRequest in version \"v1\" cannot be handled as a TokenRequest: "
                                            "json: cannot unmarshal into Go struct field "
                                            "TokenRequestSpec.spec.expirationSeconds of type int64", 400)
    why = ("may not specify a duration less than 10 minutes" if expiration < MIN_EXPIRATION else
           "may not specify a duration larger than 2^32 seconds" if expiration > MAX_EXPIRATION else None)
    if why:
        raise errors.ApiError("Invalid", f'TokenRequest.authentication.k8s.io "{name}" is invalid: '
                                         f"spec.expirationSeconds: Invalid value: {expiration}: {why}", 422)
    audiences = [str(a) for a in spec.get("audiences") or []] or [API_AUDIENCE]
    bound = spec.get("boundObjectRef")
    pod = secret = node = None
    if bound:
        kind = bound.get("kind")
        if kind not in ("Pod", "Secret", "Node"):
            raise errors.ApiError("BadRequest", f"cannot bind token for serviceaccount {name!r} to object of kind "
                                                f"{kind!r}", 400)
        obj = sim.store.get(kind, None if kind == "Node" else namespace, bound.get("name") or "")
        if obj is None:
            raise errors.not_found(f"{kind.lower()}s", bound.get("name") or "")
        if bound.get("uid") and bound["uid"] != obj["metadata"]["uid"]:
            raise errors.ApiError("Conflict", f"the UID in the bound object reference ({bound['uid']}) does not match "
                                              f"the UID in record. The object might have been deleted and then "
                                              "recreated", 409)
        pod, secret, node = (obj if kind == "Pod" else None), (obj if kind == "Secret" else None), \
            (obj if kind == "Node" else None)
        bound = {"kind": kind, "apiVersion": "v1", "name": obj["metadata"]["name"], "uid": obj["metadata"]["uid"]}
    token, expires = bound_token(sim, sa, audiences=audiences, expiration=expiration, pod=pod, secret=secret,
                                 node=node)
    return {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"name": name, "namespace": namespace, "creationTimestamp": None},
            "spec": {"audiences": audiences, "expirationSeconds": expiration, "boundObjectRef": bound or None},
            "status": {"token": token, "expirationTimestamp": timestamp(expires - EPOCH_SECONDS)}}
