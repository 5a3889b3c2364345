"""Who sends a request: the user name and groups an authenticator vouches for (Kubernetes' user.Info).

Authentication (bearer tokens, client certificates, ServiceAccount tokens) produces one; impersonation
(`--as`, `--as-group`) replaces it; the authorizer (RBAC) judges requests by it.
"""

from __future__ import annotations

from dataclasses import dataclass

MASTERS = "system:masters"
"""The group that bypasses authorization, as on a kubeadm cluster's break-glass admin."""


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A value, shared freely (slots: no engine part's `__dict__`, which replay's seeker empties)."""

    name: str
    groups: tuple[str, ...] = ()
    uid: str = ""

    @property
    def is_admin(self) -> bool:
        return MASTERS in self.groups

    @staticmethod
    def service_account(namespace: str, name: str) -> UserInfo:
        """The user a ServiceAccount's token stands for."""
        return UserInfo(f"system:serviceaccount:{namespace}:{name}",
                        ("system:serviceaccounts", f"system:serviceaccounts:{namespace}", "system:authenticated"))


ADMIN = UserInfo("kubernetes-admin", (MASTERS, "system:authenticated"))
"""The player's own user until a kubeconfig says otherwise."""
