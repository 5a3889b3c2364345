"""Label selectors: the `-l` text form, LabelSelector and map selectors, with Kubernetes' empty cases."""

import pytest

from kubetui.model.labels import (
    SelectorError,
    from_label_selector,
    from_map,
    parse,
    selector_matches,
    to_label_selector,
)

WEB = {"app": "web", "tier": "front", "env": "prod"}


@pytest.mark.parametrize("text, want", [
    ("app=web", True), ("app==web", True), ("app!=web", False), ("app!=db", True),
    ("app in (web,db)", True), ("app notin (web,db)", False), ("env notin (dev)", True),
    ("app", True), ("!app", False), ("!legacy", True), ("legacy", False),
    ("app=web,tier=front", True), ("app=web,tier=back", False),
    ("missing!=x", True), ("missing notin (x)", True), ("missing in (x)", False),
    (" app = web , env in ( prod , dev ) ", True),
])
def test_text_form(text, want):
    assert parse(text).matches(WEB) is want


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_text_matches_everything(text):
    sel = parse(text)
    assert sel.empty and sel.matches({}) and sel.matches(WEB)


@pytest.mark.parametrize("text, message", [
    ("app=(web", "unable to parse requirement: found '(', expected: identifier"),
    ("=web", "found '=', expected: !, identifier, or 'end of string'"),
    ("a=b,", "found '', expected: identifier after ','"),
    (",a=b", "found ',', expected: !, identifier, or 'end of string'"),
    ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ("app=a b", "found 'b', expected: ',' or 'end of string'"),
    ("app in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
    ("a in b", "unable to parse requirement: found 'b' expected: '('"),
    ("!", "unable to parse requirement: found '', expected: identifier"),
    ("a>b", "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value "
            "must be an integer"),
    ("app:monolith", "unable to parse requirement: <nil>: Invalid value: \"app:monolith\": name part must consist "
                     "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                     "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                     "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    ("app=w\u00f6rld", "unable to parse requirement: values[0][app]: Invalid value: \"w\u00f6rld\": a valid label "
                       "must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                       "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
                       "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
])
def test_text_form_errors_in_apimachinery_words(text, message):
    """labels.Parse's own messages (the API server's 400 for a bad labelSelector)."""
    with pytest.raises(SelectorError) as exc:
        parse(text)
    assert str(exc.value) == message


def test_text_form_takes_what_kubernetes_takes():
    """Greater/less than, empty values and `in ()` are selectors Kubernetes accepts."""
    assert parse("replicas>2").matches({"replicas": "3"}) and not parse("replicas>2").matches({"replicas": "2"})
    assert parse("replicas<2").matches({"replicas": "1"})
    assert str(parse("a>1,b<2")) == "a>1,b<2"
    assert parse("app=").matches({"app": ""}) and parse("app in ()").matches({"app": ""})
    assert parse("x in (foo,,baz)").matches({"x": ""})


def test_text_form_prints_back():
    assert str(parse("app=web,tier!=db,env in (b,a),legacy,!old")) == \
        "app=web,tier!=db,env in (a,b),legacy,!old"


def test_label_selector_empty_matches_everything_null_matches_nothing():
    assert from_label_selector({}).matches({}) and from_label_selector({}).matches(WEB)
    assert from_label_selector({"matchLabels": {}, "matchExpressions": []}).matches(WEB)
    assert not from_label_selector(None).matches(WEB)
    assert not selector_matches(None, {})


@pytest.mark.parametrize("expr, want", [
    ({"key": "app", "operator": "In", "values": ["web", "db"]}, True),
    ({"key": "app", "operator": "NotIn", "values": ["web"]}, False),
    ({"key": "app", "operator": "Exists"}, True),
    ({"key": "app", "operator": "DoesNotExist"}, False),
    ({"key": "gone", "operator": "DoesNotExist"}, True),
    ({"key": "app", "operator": "In"}, False),
])
def test_label_selector_expressions(expr, want):
    assert selector_matches({"matchLabels": {"tier": "front"}, "matchExpressions": [expr]}, WEB) is want


def test_map_selector_empty_matches_nothing():
    assert not from_map({}).matches(WEB) and not from_map(None).matches(WEB)
    assert from_map({"app": "web"}).matches(WEB)


def test_to_label_selector():
    assert to_label_selector("app=web,env in (b,a,b),!old,tier") == {
        "matchExpressions": [{"key": "env", "operator": "In", "values": ["a", "b"]},
                             {"key": "old", "operator": "DoesNotExist"},
                             {"key": "tier", "operator": "Exists"}],
        "matchLabels": {"app": "web"}}


@pytest.mark.parametrize("text, message", [
    ("a>1", '"gt" isn\'t supported in label selectors'),
    ("a!=b", '"!=" is not a valid label selector operator'),
    ("a=(", 'couldn\'t parse the selector string "a=(": unable to parse requirement: found \'(\', expected: '
             'identifier'),
])
def test_to_label_selector_errors(text, message):
    with pytest.raises(SelectorError) as exc:
        to_label_selector(text)
    assert str(exc.value) == message
