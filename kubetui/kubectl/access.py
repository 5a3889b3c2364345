"""Who a kubectl command runs as, and the cluster as that user may see and change it.

kubectl sends every request with the user's credentials (or, with `--as`/`--as-group`, asks the
API server to impersonate someone); the API server authorizes each request with RBAC. Here the
command's `ctx.store` is that API: for anyone outside `system:masters` it is an
`AuthorizedStore`, which asks the authorizer before each read or write with the Kubernetes
verb the real kubectl's request would carry, and answers Forbidden in the API server's words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.authorization import Attributes, authorize, escalation, forbidden
from kubetui.engine.authorization.impersonation import impersonate
from kubetui.engine.user import UserInfo
from kubetui.model.kinds import KINDS

__all__ = ["AuthorizedStore", "check", "impersonate"]

if TYPE_CHECKING:
    from kubetui.engine.store import Store

PATCH_VERB: dict[str, tuple[str, str]] = {
    "replace": ("update", ""),
    "scale": ("patch", "scale"),
}
"""How a command writes an existing object, when not with a plain PATCH: (verb, subresource)."""


def check(store: Store, user: UserInfo, verb: str, kind: str, namespace: str | None, name: str = "",
          subresource: str = "") -> None:
    """Raise the API server's Forbidden unless `user` may `verb` the object (or collection)."""
    if user.is_admin:
        return
    k = KINDS[kind]
    attrs = Attributes(user, verb, k.plural, k.group, subresource, (namespace or "") if k.namespaced else "", name)
    if not authorize(store, attrs).allowed:
        raise forbidden(attrs)


class AuthorizedStore:
    """The engine's Store seen through the API as one (non-admin) user: reads and writes are
    authorized first; everything else is the store's own."""

    def __init__(self, store: Store, user: UserInfo, command: str = ""):
        self._store = store
        self.user = user
        self.write = PATCH_VERB.get(command.split(" ")[0] if command else "", ("patch", ""))
        """(verb, subresource) this command's writes to existing objects carry."""

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def _check(self, verb: str, kind: str, namespace: str | None, name: str = "", subresource: str = "") -> None:
        check(self._store, self.user, verb, kind, namespace, name, subresource)

    def get(self, kind: str, namespace: str | None, name: str) -> dict | None:
        self._check("get", kind, namespace, name)
        return self._store.get(kind, namespace, name)

    def list(self, kind: str, namespace: str | None = None, selector=None) -> list[dict]:
        self._check("list", kind, namespace)
        return self._store.list(kind, namespace, selector)

    def iter(self, kind: str, namespace: str | None = None):
        self._check("list", kind, namespace)
        return self._store.iter(kind, namespace)

    def create(self, obj: dict, **kwargs) -> dict:
        meta = obj.get("metadata") or {}
        self._check("create", obj["kind"], meta.get("namespace") or "default")
        if obj["kind"] in escalation.RESOURCES:
            escalation.check(self._store, self.user, obj)
        return self._store.create(obj, **kwargs)

    def update(self, obj: dict, **kwargs) -> dict:
        meta = obj.get("metadata") or {}
        verb, sub = self.write
        self._check(verb, obj["kind"], meta.get("namespace"), meta.get("name", ""), sub)
        if obj["kind"] in escalation.RESOURCES:
            escalation.check(self._store, self.user, obj)
        return self._store.update(obj, **kwargs)

    def update_status(self, obj: dict) -> dict:
        meta = obj.get("metadata") or {}
        self._check("patch", obj["kind"], meta.get("namespace"), meta.get("name", ""), "status")
        return self._store.update_status(obj)

    def pods_on(self, node: str) -> list[dict]:
        """The pods bound to a node, as kubectl lists them (every namespace, by field selector)."""
        self._check("list", "Pod", None)
        return self._store.pods_on(node)
