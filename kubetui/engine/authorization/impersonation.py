"""Impersonation (`--as`, `--as-group`, the `Impersonate-User`/`Impersonate-Group` headers): a
user allowed the `impersonate` verb on users, groups or serviceaccounts acts as someone else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.authorization.rbac import Attributes, authorize, forbidden
from kubetui.engine.user import UserInfo

if TYPE_CHECKING:
    from kubetui.engine.store import Store

SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:"
AUTHENTICATED = "system:authenticated"


def impersonate(store: Store, user: UserInfo, name: str, groups: list[str]) -> UserInfo:
    """The user `--as NAME --as-group G…` stands for, once the impersonation filter let `user` be them."""
    checks: list[Attributes] = []
    if name.startswith(SERVICE_ACCOUNT_PREFIX) and name.count(":") == 3:
        ns, _, sa = name.removeprefix(SERVICE_ACCOUNT_PREFIX).partition(":")
        checks.append(Attributes(user, "impersonate", "serviceaccounts", "", "", ns, sa))
    else:
        checks.append(Attributes(user, "impersonate", "users", "", "", "", name))
    checks += [Attributes(user, "impersonate", "groups", "", "", "", g) for g in groups]
    for attrs in checks:
        if not authorize(store, attrs).allowed:
            raise forbidden(attrs)
    out = list(groups)
    if not groups and name.startswith(SERVICE_ACCOUNT_PREFIX) and name.count(":") == 3:
        ns = name.split(":")[2]
        out = ["system:serviceaccounts", f"system:serviceaccounts:{ns}"]
    if name != "system:anonymous" and AUTHENTICATED not in out:
        out.append(AUTHENTICATED)
    return UserInfo(name, tuple(out))
