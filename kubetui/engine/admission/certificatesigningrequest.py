"""The CertificateSigningRequest strategy: the API server, not the client, says who asked.

On create, `spec.username`, `uid` and `groups` are the requesting user's (the store's `user`
while a command runs) and any status sent is dropped; an update of the object itself keeps
spec and status (approval and the certificate change only through their subresources).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubetui.engine.store import Store


def prepare(store: Store, op: str, obj: dict, old: dict | None) -> dict:
    if not isinstance(obj.get("spec"), dict):
        return obj
    if op == "CREATE":
        user = store.user
        spec = obj["spec"]
        for field in ("username", "uid", "groups", "extra"):
            spec.pop(field, None)
        spec["username"] = user.name
        if user.uid:
            spec["uid"] = user.uid
        if user.groups:
            spec["groups"] = list(user.groups)
        obj.pop("status", None)
    elif old is not None:
        obj["spec"] = old["spec"]
        if "status" in old:
            obj["status"] = old["status"]
        else:
            obj.pop("status", None)
    return obj
