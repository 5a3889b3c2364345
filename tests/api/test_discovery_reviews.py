"""Discovery lists the review APIs (authentication.k8s.io, authorization.k8s.io) the server answers."""

from kubetui.kubectl import discovery


def test_review_groups_are_discovered_after_apps():
    names = [g["name"] for g in discovery.api_groups()["groups"]]
    assert names[names.index("apps") + 1:names.index("apps") + 3] == ["authentication.k8s.io", "authorization.k8s.io"]
    assert discovery.api_group("authorization.k8s.io")["preferredVersion"]["groupVersion"] == "authorization.k8s.io/v1"


def test_review_resources_are_create_only_and_cluster_scoped():
    listed = discovery.resource_list("authorization.k8s.io/v1")["resources"]
    assert [(r["name"], r["kind"], r["namespaced"], r["verbs"]) for r in listed] == [
        ("selfsubjectaccessreviews", "SelfSubjectAccessReview", False, ["create"]),
        ("selfsubjectrulesreviews", "SelfSubjectRulesReview", False, ["create"])]
    assert discovery.resource_list("authentication.k8s.io/v1")["resources"][0]["name"] == "selfsubjectreviews"
    items = {i["metadata"]["name"]: i for i in discovery.aggregated(False)["items"]}
    [version] = items["authentication.k8s.io"]["versions"]
    assert version["resources"][0]["responseKind"]["kind"] == "SelfSubjectReview"
