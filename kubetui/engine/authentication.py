"""Authentication: who sent a request, from the bearer token it carries (Kubernetes' token
authenticators, tried in order).

- static tokens: the API server's token file (the kubeconfig's users, which `kubetui serve`
  writes with a token each);
- ServiceAccount tokens: a JWT this cluster signed, still within its time, for an audience of
  the API server, whose ServiceAccount (and pod, Secret) still exists with the uid it names.

The result is a `UserInfo`; None means 401 Unauthorized. The authorizer (RBAC) judges what the
user may do; this module only says who it is.
"""

from __future__ import annotations

import base64
import dataclasses
from typing import TYPE_CHECKING

from kubetui.engine import serviceaccount as tokens
from kubetui.engine.user import UserInfo

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

API_AUDIENCES = (tokens.API_AUDIENCE,)


class Authenticator:
    """The API server's bearer-token authenticators."""

    def __init__(self, static: dict[str, UserInfo] | None = None):
        self.static: dict[str, UserInfo] = dict(static or {})
        """token -> user: the static token file (`--token-auth-file`)."""

    def authenticate(self, sim: Simulation, token: str) -> UserInfo | None:
        if not token:
            return None
        for known, user in self.static.items():
            if _equal(known, token):
                return user
        return service_account_user(sim, token)


def _equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


def service_account_user(sim: Simulation, token: str) -> UserInfo | None:
    """The ServiceAccount a token of this cluster stands for, if it is valid now."""
    claims = tokens.verify(sim, token)
    if claims is None:
        return None
    if claims.get("iss") == tokens.LEGACY_ISSUER:
        return _legacy_user(sim, claims, token)
    if claims.get("iss") != tokens.ISSUER:
        return None
    audiences = claims.get("aud") or []
    if isinstance(audiences, str):
        audiences = [audiences]
    if not any(a in API_AUDIENCES for a in audiences):
        return None
    now = tokens.unix_time(sim.tick)
    if not isinstance(claims.get("exp"), int) or now >= claims["exp"] or now < claims.get("nbf", 0):
        return None
    private = claims.get("kubernetes.io") or {}
    ns = private.get("namespace") or ""
    ref = private.get("serviceaccount") or {}
    sa = sim.store.get("ServiceAccount", ns, ref.get("name") or "")
    if sa is None or sa["metadata"]["uid"] != ref.get("uid"):
        return None
    for kind, key in (("Pod", "pod"), ("Secret", "secret"), ("Node", "node")):
        bound = private.get(key)
        if bound is not None and (kind != "Node" or "pod" not in private):
            obj = sim.store.get(kind, None if kind == "Node" else ns, bound.get("name") or "")
            if obj is None or obj["metadata"]["uid"] != bound.get("uid"):
                return None
    return dataclasses.replace(UserInfo.service_account(ns, sa["metadata"]["name"]), uid=sa["metadata"]["uid"])


def _legacy_user(sim: Simulation, claims: dict, token: str) -> UserInfo | None:
    ns = claims.get("kubernetes.io/serviceaccount/namespace") or ""
    secret = sim.store.get("Secret", ns, claims.get("kubernetes.io/serviceaccount/secret.name") or "")
    if secret is None or secret.get("type") != tokens.LEGACY_TOKEN_TYPE:
        return None
    stored = (secret.get("data") or {}).get("token", "")
    try:
        if base64.b64decode(stored).decode() != token:
            return None
    except (ValueError, UnicodeDecodeError):
        return None
    sa = sim.store.get("ServiceAccount", ns, claims.get("kubernetes.io/serviceaccount/service-account.name") or "")
    if sa is None or sa["metadata"]["uid"] != claims.get("kubernetes.io/serviceaccount/service-account.uid"):
        return None
    return dataclasses.replace(UserInfo.service_account(ns, sa["metadata"]["name"]), uid=sa["metadata"]["uid"])
