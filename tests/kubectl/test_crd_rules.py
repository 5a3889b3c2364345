"""CRD validation rules: `x-kubernetes-validations` (CEL) and `x-kubernetes-list-type`, with
the apiextensions API server's words and order (schema errors, then list types, then rules,
a node's rules before its children's)."""

from pathlib import Path

import pytest

from kubetui import Simulation
from kubetui.model.validation import cel

CRD = (Path(__file__).parent / "crd_rules.yaml").read_text()
WIDGET = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: %s\n"


@pytest.fixture
def sim():
    s = Simulation(seed=1)
    assert s.run("kubectl apply -f -", stdin=CRD).exit_code == 0
    return s


def _apply(sim, spec: str):
    return sim.run("kubectl apply -f -", stdin=WIDGET % spec)


def test_an_object_that_keeps_the_rules_is_stored(sim):
    r = _apply(sim, "{minReplicas: 1, maxReplicas: 3, mode: fast, name: w-a, tags: [a, b], "
                    "ports: [{name: http, port: 80}, {name: https, port: 443}]}")
    assert (r.exit_code, r.stdout) == (0, "widget.example.com/w created\n")


@pytest.mark.parametrize("spec,stderr", [
    ("{minReplicas: 4, maxReplicas: 3}",
     'The Widget "w" is invalid: spec: Invalid value: minReplicas must not exceed maxReplicas\n'),
    ("{minReplicas: 1, maxReplicas: 3, mode: slow, name: x}",
     'The Widget "w" is invalid: \n'
     "* spec: Invalid value: failed rule: !has(self.mode) || self.mode in ['fast', 'safe']\n"
     "* spec.name: Invalid value: \"x\": failed rule: self.startsWith('w-')\n"),
    ("{maxReplicas: 3}",
     'The Widget "w" is invalid: spec: Invalid value: "object": no such key: minReplicas evaluating rule: '
     "minReplicas must not exceed maxReplicas\n"),
    ("{minReplicas: 1, maxReplicas: 3, tags: [a, b, a], ports: [{name: http, port: 1}, {name: http, port: 2}]}",
     'The Widget "w" is invalid: \n'
     '* spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}\n'
     '* spec.tags[2]: Duplicate value: "a"\n'),
])
def test_a_broken_rule_is_the_api_servers_error(sim, spec, stderr):
    r = _apply(sim, spec)
    assert (r.exit_code, r.stderr) == (1, stderr)
    assert sim.run("kubectl get widgets").stderr == "No resources found in default namespace.\n"


def test_a_rule_that_does_not_compile_refuses_the_crd():
    sim = Simulation(seed=1)
    bad = CRD.replace("self.startsWith('w-')", "self.startsWith('w-') &&")
    r = sim.run("kubectl apply -f -", stdin=bad)
    assert r.exit_code == 1
    assert r.stderr == (
        'The CustomResourceDefinition "widgets.example.com" is invalid: spec.validation.'
        "openAPIV3Schema.properties[spec].properties[name].x-kubernetes-validations[0].rule: Invalid value: "
        "apiextensions.ValidationRule{Rule:\"self.startsWith('w-') &&\", Message:\"\", MessageExpression:\"\", "
        "Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: "
        "compilation failed: ERROR: <input>:1:25: Syntax error: unexpected 'end of rule'\n"
        " | self.startsWith('w-') &&\n"
        " | ........................^\n")


@pytest.mark.parametrize("rule,value,expected", [
    ("self.a + self.b == 5", {"a": 2, "b": 3}, True),
    ("size(self.items) > 0 && self.items.all(i, i.size() <= 3)", {"items": ["ab", "abcd"]}, False),
    ("self.items.exists(i, i == 'x')", {"items": ["a", "x"]}, True),
    ("self.items.filter(i, i.startsWith('a')).size() == 2", {"items": ["ab", "ac", "b"]}, True),
    ("has(self.x) ? self.x.matches('^[a-z]+$') : true", {"x": "Ab"}, False),
    ("self.n % 2 == 0 || self.n / 2 == 1", {"n": 3}, True),
    ("self.s.lowerAscii() == 'abc' && !self.s.contains('x')", {"s": "ABC"}, True),
    ("int('12') > 10 && string(self.n) == '3'", {"n": 3}, True),
])
def test_the_cel_subset(rule, value, expected):
    assert cel.evaluate(rule, value) is expected


def test_outside_the_subset_says_so():
    for rule in ("duration('1s') > duration('0s')", "self.x.foo()", "{'a': 1}"):
        with pytest.raises(cel.CelSyntaxError):
            cel.parse(rule)
    with pytest.raises(cel.CelError, match="division by zero"):
        cel.evaluate("self.a / 0 == 1", {"a": 1})
