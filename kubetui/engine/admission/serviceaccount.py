"""The ServiceAccount admission plugin: every pod runs as a ServiceAccount.

A new pod that names none runs as `default`; one that names a ServiceAccount that does not exist
is refused; unless the pod or its ServiceAccount turns `automountServiceAccountToken` off, every
container gets the `kube-api-access-…` projected volume (a token, the cluster CA and the
namespace) at /var/run/secrets/kubernetes.io/serviceaccount; and a pod that names no
imagePullSecrets takes its ServiceAccount's.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from kubetui.engine.admission.priority import _name
from kubetui.model import errors

if TYPE_CHECKING:
    from kubetui.engine.store import Store

DEFAULT_SERVICE_ACCOUNT = "default"
VOLUME_PREFIX = "kube-api-access-"
MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
ROOT_CA_CONFIG_MAP = "kube-root-ca.crt"
TOKEN_EXPIRATION_SECONDS = 3607
"""The API server's bound token lifetime for the projected volume (an hour and seven seconds:
the seven mark tokens that are only warned about, never refused, once they pass an hour)."""
MIRROR = "kubernetes.io/config.mirror"
SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
_SUFFIX_OF_BYTE = bytes(ord(SUFFIX_ALPHABET[b % len(SUFFIX_ALPHABET)]) for b in range(256))
"""Byte -> its suffix character, for `bytes.translate`."""


_TOKEN_PROJECTION = {"defaultMode": 420, "sources": [
    {"serviceAccountToken": {"expirationSeconds": TOKEN_EXPIRATION_SECONDS, "path": "token"}},
    {"configMap": {"name": ROOT_CA_CONFIG_MAP, "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
    {"downwardAPI": {"items": [{"path": "namespace",
                                "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
]}


def token_volume(name: str) -> dict:
    """The projected volume the plugin adds (Kubernetes' TokenVolumeSource). Every pod's
    `projected` is the one same dict (2 KB a pod otherwise): stored objects are never changed
    in place, and whoever edits a pod edits a copy."""
    return {"name": name, "projected": _TOKEN_PROJECTION}


def should_automount(sa: dict, pod: dict) -> bool:
    """The pod's setting wins; then the ServiceAccount's; mounting is the default."""
    if pod["spec"].get("automountServiceAccountToken") is not None:
        return bool(pod["spec"]["automountServiceAccountToken"])
    if sa.get("automountServiceAccountToken") is not None:
        return bool(sa["automountServiceAccountToken"])
    return True


def admit(store: Store, op: str, pod: dict, old: dict | None) -> dict:
    if op != "CREATE" or MIRROR in (pod["metadata"].get("annotations") or {}):
        return pod
    spec = pod["spec"]
    account = spec.get("serviceAccountName") or spec.get("serviceAccount") or DEFAULT_SERVICE_ACCOUNT
    namespace = pod["metadata"].get("namespace") or "default"
    sa = store.get("ServiceAccount", namespace, account)
    if sa is None:
        raise errors.forbidden("pods", _name(pod["metadata"]), f"error looking up service account {namespace}/{account}: "
                                                               f'serviceaccount "{account}" not found')
    spec["serviceAccountName"] = account
    spec["serviceAccount"] = account
    if should_automount(sa, pod):
        _mount_token(pod)
    if not spec.get("imagePullSecrets") and sa.get("imagePullSecrets"):
        spec["imagePullSecrets"] = [{"name": s["name"]} for s in sa["imagePullSecrets"] if s.get("name")]
    return pod


def _mount_token(pod: dict) -> None:
    spec = pod["spec"]
    volumes = spec.get("volumes") or []
    existing = next((v["name"] for v in volumes if v["name"].startswith(VOLUME_PREFIX)), None)
    name = existing or VOLUME_PREFIX + _suffix(pod["metadata"].get("uid", pod["metadata"]["name"]))
    needed = False
    for key in ("initContainers", "containers"):
        for c in spec.get(key) or ():
            if any(m.get("mountPath") == MOUNT_PATH for m in c.get("volumeMounts") or ()):
                continue
            c.setdefault("volumeMounts", []).append({"name": name, "readOnly": True, "mountPath": MOUNT_PATH})
            needed = True
    if needed and existing is None:
        spec["volumes"] = [*volumes, token_volume(name)]


def _suffix(uid: str) -> str:
    """Five characters of Kubernetes' name alphabet, taken from the pod's uid (itself drawn from
    the seeded generator) so that mounting a token draws nothing from the random stream."""
    digest = hashlib.sha256(uid.encode()).digest()
    return digest[:5].translate(_SUFFIX_OF_BYTE).decode()
