"""rbac.authorization.k8s.io/v1: Roles and ClusterRoles (what may be done) and their bindings (who may do it)."""

from pydantic import Field

from .meta import K8sModel, LabelSelector, ObjectMeta


class PolicyRule(K8sModel):
    """Verbs allowed on resources (by API group and, optionally, name) or on non-resource URLs."""

    verbs: list[str] | None = Field(
        None, description="Verbs that apply to all the resources of this rule ('*' for all verbs).")
    api_groups: list[str] | None = Field(
        None, description="API groups of the resources; \"\" is the core group, '*' any group.")
    resources: list[str] | None = Field(
        None, description="Resources this rule applies to ('*' for all; 'pods/log' for a subresource).")
    resource_names: list[str] | None = Field(
        None, description="An optional allow-list of object names; empty means every object.")
    non_resource_urls: list[str] | None = Field(
        None, alias="nonResourceURLs",
        description="Partial URLs (\"/healthz\", \"/api/*\") a user may reach; only in ClusterRoles.")


class AggregationRule(K8sModel):
    """How a ClusterRole's rules are filled from other ClusterRoles by the controller manager."""

    cluster_role_selectors: list[LabelSelector] | None = Field(
        None, description="ClusterRoles matching any selector have their rules copied into this one.")


class Role(K8sModel):
    """A namespaced set of permissions, granted by a RoleBinding."""

    go_package = "v1"
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    rules: list[PolicyRule] | None = None


class ClusterRole(K8sModel):
    """A cluster-wide set of permissions, granted cluster-wide by a ClusterRoleBinding or in one
    namespace by a RoleBinding."""

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    rules: list[PolicyRule] | None = None
    aggregation_rule: AggregationRule | None = Field(
        None, description="When set, the controller manager owns `rules`: the union of the rules of the\n"
                          "ClusterRoles the selectors match.")


class Subject(K8sModel):
    """Who a binding grants its role to: a User, a Group or a ServiceAccount."""

    kind: str | None = None
    api_group: str | None = None
    name: str | None = None
    namespace: str | None = None


class RoleRef(K8sModel):
    """The role a binding grants; it cannot change once the binding exists."""

    api_group: str | None = None
    kind: str | None = None
    name: str | None = None


class RoleBinding(K8sModel):
    """Grants a Role (or a ClusterRole's permissions) to subjects within one namespace."""

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    subjects: list[Subject] | None = None
    role_ref: RoleRef | None = None


class ClusterRoleBinding(K8sModel):
    """Grants a ClusterRole to subjects in every namespace and at the cluster scope."""

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    subjects: list[Subject] | None = None
    role_ref: RoleRef | None = None
