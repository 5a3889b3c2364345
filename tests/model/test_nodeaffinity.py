"""Node-selector terms: ORed terms, ANDed requirements, Gt/Lt, matchFields, and the empty cases
(an empty term and a selector without terms match no node)."""

import pytest

from kubetui.model.nodeaffinity import node_selector_matches, required_node_affinity_matches, term_matches

LABELS = {"zone": "a", "cores": "8"}


def expr(key, op, *values):
    return {"key": key, "operator": op, **({"values": list(values)} if values else {})}


@pytest.mark.parametrize("term, want", [
    ({"matchExpressions": [expr("zone", "In", "a", "b")]}, True),
    ({"matchExpressions": [expr("zone", "NotIn", "a")]}, False),
    ({"matchExpressions": [expr("zone", "Exists"), expr("gpu", "DoesNotExist")]}, True),
    ({"matchExpressions": [expr("zone", "Exists"), expr("gpu", "Exists")]}, False),
    ({"matchExpressions": [expr("cores", "Gt", "4")]}, True),
    ({"matchExpressions": [expr("cores", "Lt", "4")]}, False),
    ({"matchExpressions": [expr("zone", "Gt", "4")]}, False),
    ({"matchFields": [expr("metadata.name", "In", "node-1")]}, True),
    ({"matchFields": [expr("metadata.name", "NotIn", "node-1")]}, False),
    ({"matchExpressions": [expr("zone", "In", "a")], "matchFields": [expr("metadata.name", "In", "node-2")]}, False),
])
def test_term(term, want):
    assert term_matches(term, LABELS, "node-1") is want


@pytest.mark.parametrize("term", [{}, {"matchExpressions": []}, {"matchExpressions": [], "matchFields": []}])
def test_empty_term_matches_no_node(term):
    assert not term_matches(term, LABELS, "node-1")
    assert not node_selector_matches({"nodeSelectorTerms": [term]}, LABELS, "node-1")


def test_terms_are_ored_and_an_empty_one_adds_nothing():
    wrong = {"matchExpressions": [expr("zone", "In", "b")]}
    right = {"matchExpressions": [expr("zone", "In", "a")]}
    assert not node_selector_matches({"nodeSelectorTerms": [wrong, {}]}, LABELS, "node-1")
    assert node_selector_matches({"nodeSelectorTerms": [wrong, {}, right]}, LABELS, "node-1")


@pytest.mark.parametrize("selector", [{}, {"nodeSelectorTerms": []}])
def test_selector_without_terms_matches_no_node(selector):
    assert not node_selector_matches(selector, LABELS, "node-1")


def test_pod_spec_node_selector_and_required_affinity():
    required = {"nodeSelectorTerms": [{"matchExpressions": [expr("zone", "In", "a")]}]}
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": required}}
    assert required_node_affinity_matches({}, LABELS, "node-1")
    assert required_node_affinity_matches({"affinity": {}}, LABELS, "node-1")
    assert required_node_affinity_matches({"nodeSelector": {"zone": "a"}, "affinity": affinity}, LABELS, "n")
    assert not required_node_affinity_matches({"nodeSelector": {"zone": "b"}, "affinity": affinity}, LABELS, "n")
    assert not required_node_affinity_matches({"nodeSelector": {"zone": "a"}, "affinity": {
        "nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {}}}}, LABELS, "n")
