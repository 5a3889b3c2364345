"""The RBAC authorizer, the bootstrap policy and ClusterRole aggregation, without kubectl."""

import pytest

from kubetui.engine.authorization import Attributes, authorize, forbidden, rules_for
from kubetui.engine.simulation import Simulation
from kubetui.engine.user import ADMIN, UserInfo
from kubetui.model.errors import ApiError

GROUP = "rbac.authorization.k8s.io"
JANE = UserInfo("jane", ("devs", "system:authenticated"))
CI = UserInfo.service_account("dev", "ci")


def role(name, rules, ns="dev", kind="Role", **extra):
    meta = {"name": name, **({"namespace": ns} if kind == "Role" else {})}
    return {"apiVersion": f"{GROUP}/v1", "kind": kind, "metadata": meta, "rules": rules, **extra}


def binding(name, ref_kind, ref_name, subjects, ns="dev", kind="RoleBinding"):
    meta = {"name": name, **({"namespace": ns} if kind == "RoleBinding" else {})}
    return {"apiVersion": f"{GROUP}/v1", "kind": kind, "metadata": meta, "subjects": subjects,
            "roleRef": {"apiGroup": GROUP, "kind": ref_kind, "name": ref_name}}


def user(name):
    return {"kind": "User", "apiGroup": GROUP, "name": name}


@pytest.fixture
def sim():
    s = Simulation(seed=1, nodes=1)
    for ns in ("dev", "prod"):
        s.store.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    return s


def can(sim, who, verb, resource, ns="dev", group="", sub="", name="", path=""):
    return authorize(sim.store, Attributes(who, verb, resource, group, sub, ns, name, path)).allowed


def test_nothing_is_allowed_without_a_binding_but_masters_may_do_anything(sim):
    assert not can(sim, JANE, "list", "pods")
    assert can(sim, ADMIN, "delete", "nodes", ns="")
    assert can(sim, ADMIN, "frobnicate", "anything", group="made.up")


def test_a_role_binding_grants_its_verbs_in_its_namespace_only(sim):
    sim.store.create(role("reader", [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]))
    sim.store.create(binding("jane", "Role", "reader", [user("jane")]))
    assert can(sim, JANE, "list", "pods")
    assert can(sim, JANE, "get", "pods", name="web")
    assert not can(sim, JANE, "delete", "pods")
    assert not can(sim, JANE, "list", "pods", ns="prod")
    assert not can(sim, JANE, "list", "pods", ns="")
    assert not can(sim, JANE, "list", "deployments", group="apps")
    assert not can(sim, JANE, "get", "pods", sub="log")
    assert not can(sim, UserInfo("bob"), "list", "pods")


@pytest.mark.parametrize("rule, allowed, denied", [
    ({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
     [("delete", "deployments", "apps", ""), ("get", "pods", "", "log")], []),
    ({"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["update", "patch"]},
     [("patch", "deployments", "apps", "")], [("patch", "deployments", "apps", "scale"), ("patch", "deployments", "", "")]),
    ({"apiGroups": [""], "resources": ["pods/log"], "verbs": ["get"]},
     [("get", "pods", "", "log")], [("get", "pods", "", ""), ("get", "pods", "", "exec")]),
    ({"apiGroups": ["apps"], "resources": ["*/scale"], "verbs": ["patch"]},
     [("patch", "deployments", "apps", "scale"), ("patch", "statefulsets", "apps", "scale")],
     [("patch", "deployments", "apps", "")]),
    ({"apiGroups": ["", "apps"], "resources": ["*"], "verbs": ["get"]},
     [("get", "secrets", "", ""), ("get", "deployments", "apps", ""), ("get", "pods", "", "log")],
     [("get", "jobs", "batch", ""), ("list", "secrets", "", "")]),
])
def test_wildcards_subresources_and_groups(sim, rule, allowed, denied):
    sim.store.create(role("r", [rule]))
    sim.store.create(binding("b", "Role", "r", [user("jane")]))
    for verb, resource, group, sub in allowed:
        assert can(sim, JANE, verb, resource, group=group, sub=sub), (verb, resource, group, sub)
    for verb, resource, group, sub in denied:
        assert not can(sim, JANE, verb, resource, group=group, sub=sub), (verb, resource, group, sub)


def test_resource_names_restrict_to_those_objects(sim):
    sim.store.create(role("r", [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "update"],
                                 "resourceNames": ["app-config"]}]))
    sim.store.create(binding("b", "Role", "r", [user("jane")]))
    assert can(sim, JANE, "get", "configmaps", name="app-config")
    assert not can(sim, JANE, "get", "configmaps", name="other")
    assert not can(sim, JANE, "list", "configmaps")


def test_groups_service_accounts_and_cluster_roles_in_role_bindings(sim):
    sim.store.create(binding("devs-view", "ClusterRole", "view", [{"kind": "Group", "apiGroup": GROUP, "name": "devs"}]))
    sim.store.create(binding("ci-edit", "ClusterRole", "edit", [{"kind": "ServiceAccount", "name": "ci"}]))
    assert can(sim, JANE, "list", "deployments", group="apps")
    assert not can(sim, JANE, "list", "secrets")
    assert not can(sim, JANE, "list", "deployments", group="apps", ns="prod")
    assert can(sim, CI, "update", "deployments", group="apps")
    assert can(sim, CI, "list", "secrets")
    assert not can(sim, CI, "create", "roles", group=GROUP)
    assert not can(sim, UserInfo.service_account("prod", "ci"), "update", "deployments", group="apps")


def test_cluster_role_bindings_grant_everywhere(sim):
    sim.store.create(role("node-reader", [{"apiGroups": [""], "resources": ["nodes"], "verbs": ["get", "list"]}],
                          kind="ClusterRole"))
    sim.store.create(binding("jane-nodes", "ClusterRole", "node-reader", [user("jane")], kind="ClusterRoleBinding"))
    assert can(sim, JANE, "list", "nodes", ns="")
    assert not can(sim, JANE, "delete", "nodes", ns="")


def test_non_resource_urls_from_the_bootstrap_policy(sim):
    assert can(sim, JANE, "get", "", ns="", path="/healthz")
    assert can(sim, JANE, "get", "", ns="", path="/apis/apps/v1")
    assert not can(sim, JANE, "post", "", ns="", path="/healthz")
    assert not can(sim, JANE, "get", "", ns="", path="/metrics")
    assert not can(sim, UserInfo("anon", ("system:unauthenticated",)), "get", "", ns="", path="/api")
    assert can(sim, UserInfo("anon", ("system:unauthenticated",)), "get", "", ns="", path="/version")


def test_a_binding_to_a_missing_role_grants_nothing(sim):
    sim.store.create(binding("b", "Role", "not-yet", [user("jane")]))
    assert not can(sim, JANE, "get", "pods")
    sim.store.create(role("not-yet", [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]))
    assert can(sim, JANE, "get", "pods")


def test_forbidden_wording():
    def msg(**kw):
        exc = forbidden(Attributes(JANE, **kw))
        assert isinstance(exc, ApiError) and exc.code == 403
        return str(exc)
    assert msg(verb="list", resource="pods", namespace="dev") == (
        'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" '
        'in the namespace "dev"')
    assert msg(verb="get", resource="nodes") == (
        'Error from server (Forbidden): nodes is forbidden: User "jane" cannot get resource "nodes" in API group "" '
        'at the cluster scope')
    assert msg(verb="get", resource="pods", subresource="log", namespace="dev", name="web").endswith(
        'pods "web" is forbidden: User "jane" cannot get resource "pods/log" in API group "" in the namespace "dev"')
    assert msg(verb="patch", resource="deployments", group="apps", namespace="dev", name="web").endswith(
        'deployments.apps "web" is forbidden: User "jane" cannot patch resource "deployments" in API group "apps" in '
        'the namespace "dev"')
    assert msg(verb="get", path="/metrics").endswith('forbidden: User "jane" cannot get path "/metrics"')


def test_bootstrap_policy_and_aggregation(sim):
    names = sorted(r["metadata"]["name"] for r in sim.store.iter("ClusterRole"))
    assert {"cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery",
            "system:public-info-viewer"} <= set(names)
    view = sim.store.get("ClusterRole", None, "view")
    edit = sim.store.get("ClusterRole", None, "edit")
    admin = sim.store.get("ClusterRole", None, "admin")
    assert view["rules"] == sim.store.get("ClusterRole", None, "system:aggregate-to-view")["rules"]
    assert all(r in edit["rules"] for r in view["rules"])
    assert all(r in admin["rules"] for r in edit["rules"])
    masters = sim.store.get("ClusterRoleBinding", None, "cluster-admin")
    assert masters["subjects"] == [{"apiGroup": GROUP, "kind": "Group", "name": "system:masters"}]


def test_a_labelled_cluster_role_is_aggregated_into_view_edit_and_admin(sim):
    crontabs = {"apiGroups": ["stable.example.com"], "resources": ["crontabs"], "verbs": ["get", "list", "watch"]}
    sim.store.create(role("crontab-reader", [crontabs], kind="ClusterRole"))
    sim.step(2)
    assert crontabs not in sim.store.get("ClusterRole", None, "view")["rules"]
    labelled = sim.store.get("ClusterRole", None, "crontab-reader")
    labelled = {**labelled, "metadata": {**labelled["metadata"],
                                         "labels": {f"{GROUP}/aggregate-to-view": "true"}}}
    sim.store.update(labelled)
    sim.step(3)
    for name in ("view", "edit", "admin"):
        assert crontabs in sim.store.get("ClusterRole", None, name)["rules"], name
    sim.store.create(binding("jane-view", "ClusterRole", "view", [user("jane")]))
    assert can(sim, JANE, "list", "crontabs", group="stable.example.com")
    sim.store.remove("ClusterRole", None, "crontab-reader")
    sim.step(3)
    assert crontabs not in sim.store.get("ClusterRole", None, "admin")["rules"]
    assert not can(sim, JANE, "list", "crontabs", group="stable.example.com")


def test_rules_for_lists_every_bound_rule(sim):
    sim.store.create(role("reader", [{"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]}]))
    sim.store.create(binding("jane", "Role", "reader", [user("jane")]))
    rules = rules_for(sim.store, JANE, "dev")
    assert {"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]} in rules
    assert {"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]} not in rules_for(sim.store, JANE, "prod")
    assert {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]} in rules_for(sim.store, ADMIN, "")
