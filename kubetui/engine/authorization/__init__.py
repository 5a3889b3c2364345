"""The API server's authorization: who may do what (RBAC), judged for every request.

`rbac.authorize(store, attributes)` walks the ClusterRoleBindings and the request namespace's
RoleBindings as Kubernetes' RBAC authorizer does; `bootstrap` creates the ClusterRoles and
bindings every cluster starts with.
"""

from kubetui.engine.authorization.rbac import Attributes, Decision, authorize, forbidden, rules_for

__all__ = ["Attributes", "Decision", "authorize", "forbidden", "rules_for"]
