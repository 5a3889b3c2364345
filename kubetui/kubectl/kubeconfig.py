"""The kubeconfig the game keeps for its player: clusters, users, contexts and the current context.

It is client state, as `~/.kube/config` is, but it lives in the session (on the door's
Simulation): `kubectl config …` changes it through the door, so a replay rebuilds it, and a
snapshot or fork copies it. It starts as kubeadm's admin.conf does — one cluster, one admin
user with a client certificate from the cluster CA, one context — and never touches the
player's real `~/.kube/config`.

`identity(kubeconfig, context, user)` is the one answer to "who is kubectl acting as": the
authorization layer asks it for every command (`--as` impersonation then applies on top).
"""

from __future__ import annotations

import base64
import binascii
import copy
import ipaddress
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from kubetui.engine import pki
from kubetui.engine.user import ADMIN, UserInfo

PATH = "/root/.kube/config"
"""Where kubectl's messages say the kubeconfig is (kubetui plays root on the control plane)."""
SERVER = "https://control-plane:6443"
CONTEXT, CLUSTER, USER = "kubetui", "kubetui", "kubetui-admin"

CLUSTER_FIELDS = ("server", "tls-server-name", "insecure-skip-tls-verify", "certificate-authority",
                  "certificate-authority-data", "proxy-url", "disable-compression", "extensions")
USER_FIELDS = ("client-certificate", "client-certificate-data", "client-key", "client-key-data", "token",
               "tokenFile", "as", "as-uid", "as-groups", "as-user-extra", "username", "password",
               "auth-provider", "exec", "extensions")
CONTEXT_FIELDS = ("cluster", "user", "namespace", "extensions")
"""Each section's fields in clientcmd's Go struct order (the order of `-o json`)."""
BYTES_FIELDS = {"certificate-authority-data", "client-certificate-data", "client-key-data"}
SECRET_FIELDS = {"token", "password"}


class IdentityError(Exception):
    """The kubeconfig cannot authenticate (kubectl's own error text)."""


@dataclass
class Kubeconfig:
    """clientcmd's api.Config: named maps, byte fields held decoded (as bytes)."""

    clusters: dict[str, dict] = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)
    contexts: dict[str, dict] = field(default_factory=dict)
    current_context: str = ""

    @staticmethod
    def initial(seed: int) -> Kubeconfig:
        """admin.conf of a fresh cluster: the CA and the admin's certificate from the seed."""
        ca_pem, _ = pki.ca(seed)
        cert, key = pki.admin(seed)
        return Kubeconfig(
            clusters={CLUSTER: {"server": SERVER, "certificate-authority-data": ca_pem}},
            users={USER: {"client-certificate-data": cert, "client-key-data": key}},
            contexts={CONTEXT: {"cluster": CLUSTER, "user": USER}},
            current_context=CONTEXT)

    def add_cluster(self, name: str, seed: int) -> None:
        """Another cluster of the scenario, as its own admin.conf would add it: the cluster (its
        CA from its seed), its admin user and a context of the same name."""
        ca_pem, _ = pki.ca(seed)
        cert, key = pki.admin(seed)
        self.clusters[name] = {"server": f"https://{name}-control-plane:6443", "certificate-authority-data": ca_pem}
        self.users[f"{name}-admin"] = {"client-certificate-data": cert, "client-key-data": key}
        self.contexts[name] = {"cluster": name, "user": f"{name}-admin"}

    def cluster(self, context: str = "", cluster: str = "") -> str:
        """The cluster commands go to: `--cluster`, else the context's (`--context` or current)."""
        return cluster or self.context(context).get("cluster", "")

    def copy(self) -> Kubeconfig:
        return copy.deepcopy(self)

    def digest(self) -> str:
        """A stable text of the whole config (the door's checksum covers it)."""
        return repr([(n, sorted(v.items())) for section in (self.clusters, self.users, self.contexts)
                     for n, v in sorted(section.items())] + [self.current_context])

    # -- what commands read -------------------------------------------------------------------
    def context(self, override: str = "") -> dict:
        """The context in force (`--context` wins over current-context); {} when there is none."""
        return self.contexts.get(override or self.current_context) or {}

    def namespace(self, context: str = "") -> str:
        """The namespace kubectl uses when `-n` is not given: the context's, else `default`."""
        return self.context(context).get("namespace") or "default"

    # -- `config view` ------------------------------------------------------------------------
    def view(self, *, minify: bool = False, raw: bool = False, flatten: bool = False,
             context: str = "") -> dict:
        """The v1 Config kubectl prints, in its JSON field order (YAML sorts keys itself)."""
        clusters, users, contexts = self.clusters, self.users, self.contexts
        current = self.current_context
        if minify:
            name = context or current
            if not name:
                raise IdentityError("error: current-context must exist in order to minify")
            if name not in contexts:
                raise IdentityError(f"error: cannot locate context {name}")
            ctx = contexts[name]
            contexts = {name: ctx}
            clusters = {k: v for k, v in clusters.items() if k == ctx.get("cluster")}
            users = {k: v for k, v in users.items() if k == ctx.get("user")}
            current = name
        redact = not (raw or flatten)

        def section(items: dict[str, dict], key: str, order: tuple[str, ...]) -> list[dict] | None:
            if not items:
                return None
            return [{"name": name, key: _fields(items[name], order, redact)} for name in sorted(items)]

        return {"kind": "Config", "apiVersion": "v1",
                "clusters": section(clusters, "cluster", CLUSTER_FIELDS),
                "users": section(users, "user", USER_FIELDS),
                "contexts": section(contexts, "context", CONTEXT_FIELDS),
                "current-context": current}


def connection_error(kubeconfig: Kubeconfig, context: str = "", cluster: str = "", user: str = "") -> str | None:
    """What kubectl says before any request when the kubeconfig leads nowhere (`--context`,
    `--cluster`, `--user` as given), or None. No context at all falls back to localhost:8080."""
    if context and context not in kubeconfig.contexts:
        return f"Error in configuration: context was not found for specified context: {context}"
    if cluster and cluster not in kubeconfig.clusters:
        return f'error: no server found for cluster "{cluster}"'
    if user and user not in kubeconfig.users:
        return f'error: auth info "{user}" does not exist'
    entry = kubeconfig.context(context)
    if not (cluster or entry.get("cluster")) or (cluster or entry.get("cluster")) not in kubeconfig.clusters:
        return NO_SERVER
    return None


NO_SERVER = "The connection to the server localhost:8080 was refused - did you specify the right host or port?"
PLAIN_HTTP = "Error from server (BadRequest): the server rejected our request for an unknown reason"
"""An API server serves only TLS: a plain `http://` request gets 400 "Client sent an HTTP request to an HTTPS server"."""


def reach(server: str, addresses: Mapping[tuple[str, int], str], hosts: Iterable[str] = ()) -> tuple[str, str]:
    """Where a cluster's `server` URL leads: (the name of the kubetui cluster whose API server
    answers there, ""), or ("", what kubectl says when it cannot connect). `addresses` maps
    (host, port) to kubetui's clusters. An IP address, localhost or a host kubetui knows
    (`hosts`: its nodes) refuses the connection; any other name does not resolve."""
    if not server:
        return "", NO_SERVER
    url = urlsplit(server if "://" in server else f"https://{server}")
    host = (url.hostname or "").lower()
    try:
        port = url.port or (80 if url.scheme == "http" else 443)
    except ValueError:
        port = 0
    if (host, port) in addresses:
        if url.scheme == "http":
            return "", PLAIN_HTTP
        return addresses[(host, port)], ""
    try:
        ipaddress.ip_address(host)
        known = True
    except ValueError:
        known = host == "localhost" or host in set(hosts)
    if known:
        return "", f"The connection to the server {url.netloc} was refused - did you specify the right host or port?"
    return "", f"Unable to connect to the server: dial tcp: lookup {host}: no such host"


ALWAYS = {"server", "cluster", "user"}
"""Fields clientcmd's v1 structs print even when empty (no `omitempty`)."""


def _fields(entry: dict, order: tuple[str, ...], redact: bool) -> dict:
    out: dict = {}
    for key in order:
        value = entry.get(key, "" if key in ALWAYS else None)
        if value is None or (value in ("", b"") and key not in ALWAYS):
            continue
        if key in BYTES_FIELDS:
            value = "DATA+OMITTED" if redact else base64.b64encode(value).decode()
        elif key in SECRET_FIELDS and redact:
            value = "REDACTED"
        out[key] = value
    return out


def decode_bytes(value: str) -> bytes:
    """A `[]byte` field's value as `config set` reads it: standard base64."""
    try:
        return base64.b64decode(value.encode(), validate=True)
    except (binascii.Error, ValueError):
        bad = next((i for i, c in enumerate(value)
                    if not (c.isascii() and (c.isalnum() or c in "+/="))), len(value))
        raise IdentityError(f"error: error decoding input value: illegal base64 data at input byte {bad}") from None


def identity(kubeconfig: Kubeconfig, context: str = "", user: str = "", *, seed: int = 0,
             read_file: Callable[[str], bytes] | None = None,
             authenticate_token: Callable[[str], UserInfo | None] | None = None) -> UserInfo:
    """The user kubectl's requests authenticate as under `kubeconfig`.

    `context` and `user` are `--context` and `--user`. A user with a client certificate is the
    certificate's subject (CN the name, each O a group) when the cluster CA signed it and the
    key matches; a user with a token is whoever the token stands for (a ServiceAccount token,
    when the authentication layer knows it); kubeadm's admin certificate is `ADMIN`. A user
    the cluster cannot authenticate is `system:anonymous`. `read_file(path) -> bytes` reads
    `client-certificate` / `client-key` paths; `authenticate_token(token)` is the
    cluster's token authenticator (ServiceAccount tokens), None when it knows no such token.
    """
    ctx = kubeconfig.context(context)
    name = user or ctx.get("user", "")
    if not name:
        return ANONYMOUS
    entry = kubeconfig.users.get(name)
    if entry is None:
        return ANONYMOUS
    cert = entry.get("client-certificate-data")
    key = entry.get("client-key-data")
    if cert is None and entry.get("client-certificate") and read_file is not None:
        cert = _read(read_file, entry["client-certificate"], "client-cert", name)
    if key is None and entry.get("client-key") and read_file is not None:
        key = _read(read_file, entry["client-key"], "client-key", name)
    if cert is not None or key is not None:
        if key is None:
            raise IdentityError(f"error: client-key-data or client-key must be specified for {name} "
                                "to use the clientCert authentication method.")
        if cert is None:
            raise IdentityError(f"error: client-cert-data or client-cert must be specified for {name} "
                                "to use the clientCert authentication method.")
        return _certificate_user(seed, cert, key)
    token = entry.get("token")
    if token and authenticate_token is not None:
        return authenticate_token(token) or ANONYMOUS
    return ANONYMOUS


def _read(read_file: Callable[[str], bytes], path: str, what: str, user: str) -> bytes:
    try:
        return read_file(path)
    except OSError:
        raise IdentityError(f"error: unable to read {what} {path} for {user} due to open {path}: "
                            "no such file or directory") from None


ANONYMOUS = UserInfo("system:anonymous", ("system:unauthenticated",))


@lru_cache(maxsize=256)
def _certificate_user(seed: int, cert: bytes, key: bytes) -> UserInfo:
    """Who a certificate and key authenticate as (kept: every command asks again)."""
    if not _key_matches(cert, key):
        raise IdentityError("error: tls: private key does not match public key")
    if not pki.signed_by_ca(seed, cert):
        return ANONYMOUS
    found = pki.user_of(cert)
    return ADMIN if (found.name, found.groups) == (ADMIN.name, ADMIN.groups) else found


def _key_matches(cert_pem: bytes, key_pem: bytes) -> bool:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        cert = x509.load_pem_x509_certificate(cert_pem)
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError):
        return False
    pub = serialization.PublicFormat.SubjectPublicKeyInfo
    return (cert.public_key().public_bytes(serialization.Encoding.DER, pub)
            == key.public_key().public_bytes(serialization.Encoding.DER, pub))
