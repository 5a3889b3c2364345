"""CRD validation rules beyond the first subset: `messageExpression`, transition rules
(`oldSelf`, evaluated on update only; `optionalOldSelf` also on create), and the type check
when the CRD is written, in cel-go's words with its position and caret."""

from pathlib import Path

import pytest
import yaml

from kubetui import Simulation

CRD = (Path(__file__).parent / "crd_transition_rules.yaml").read_text()
DB = "apiVersion: example.com/v1\nkind: Database\nmetadata: {name: d}\nspec: {engine: %s, replicas: %d, size: %s}\n"
RULE_PATH = "spec.validation.openAPIV3Schema.properties[spec]"


@pytest.fixture
def sim():
    s = Simulation(seed=1)
    assert s.run("kubectl apply -f -", stdin=CRD).exit_code == 0
    return s


def test_a_transition_rule_runs_on_update_only(sim):
    assert sim.run("kubectl apply -f -", stdin=DB % ("pg", 3, "s")).exit_code == 0
    r = sim.run("kubectl apply -f -", stdin=DB % ("mysql", 3, "s"))
    assert (r.exit_code, r.stderr) == (1, 'The Database "d" is invalid: spec.engine: Invalid value: "mysql": '
                                          "engine is immutable\n")
    assert sim.run("kubectl apply -f -", stdin=DB % ("pg", 4, "s")).exit_code == 0
    assert sim.get("Database", "d")["spec"]["replicas"] == 4
    sim.run("kubectl delete database d")
    assert sim.run("kubectl apply -f -", stdin=DB % ("mysql", 1, "s")).exit_code == 0, "a new object has no oldSelf"


def test_optional_old_self_is_empty_on_create_and_the_old_value_after(sim):
    assert sim.run("kubectl apply -f -", stdin=DB % ("pg", 1, "m")).exit_code == 0
    r = sim.run("""kubectl patch database d --type=merge -p '{"spec":{"size":"l"}}'""")
    assert (r.exit_code, r.stderr) == (1, 'The Database "d" is invalid: spec.size: Invalid value: "l": '
                                          "size cannot change\n")


def test_message_expression_is_the_message_and_falls_back_to_message_when_it_fails(sim):
    r = sim.run("kubectl apply -f -", stdin=DB % ("pg", 9, "s"))
    assert r.stderr == 'The Database "d" is invalid: spec: Invalid value: replicas must be at most 5, got 9\n'
    doc = yaml.safe_load(CRD)
    rule = doc["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["x-kubernetes-validations"][0]
    rule.update(messageExpression="'got ' + string(self.replicas / 0)", message="too many replicas")
    s = Simulation(seed=1)
    assert s.run("kubectl apply -f -", stdin=yaml.safe_dump(doc)).exit_code == 0
    r = s.run("kubectl apply -f -", stdin=DB % ("pg", 9, "s"))
    assert r.stderr == 'The Database "d" is invalid: spec: Invalid value: too many replicas\n'


def _refused(rule: dict, where: str = "x-kubernetes-validations[0]") -> str:
    doc = yaml.safe_load(CRD)
    doc["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["x-kubernetes-validations"] = [rule]
    r = Simulation(seed=1).run("kubectl apply -f -", stdin=yaml.safe_dump(doc))
    assert r.exit_code == 1
    return r.stderr


def test_an_unknown_field_refuses_the_crd_as_cel_go_compiles_it():
    assert _refused({"rule": "self.replica <= 5"}) == (
        'The CustomResourceDefinition "databases.example.com" is invalid: '
        f"{RULE_PATH}.x-kubernetes-validations[0].rule: Invalid value: "
        'apiextensions.ValidationRule{Rule:"self.replica <= 5", Message:"", MessageExpression:"", '
        'Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: '
        "compilation failed: ERROR: <input>:1:5: undefined field 'replica'\n"
        " | self.replica <= 5\n"
        " | ....^\n")


@pytest.mark.parametrize("rule,issue", [
    ("self.engine == 1", "ERROR: <input>:1:13: found no matching overload for '_==_' applied to '(string, int)'"),
    ("self.replicas + 'x' == 'y'", "ERROR: <input>:1:15: found no matching overload for '_+_' applied to '(int, string)'"),
    ("has(self.engin)", "ERROR: <input>:1:4: undefined field 'engin'"),
    ("self.metadata.name == 'x'", "ERROR: <input>:1:5: undefined field 'metadata'"),
    ("self.engine.startsWith(1)", "ERROR: <input>:1:23: found no matching overload for 'startsWith' applied to "
                                  "'string.(int)'"),
    ("nope(self)", "ERROR: <input>:1:5: undeclared reference to 'nope' (in container '')"),
])
def test_a_type_mistake_refuses_the_crd(rule, issue):
    assert f"compilation failed: {issue}\n" in _refused({"rule": rule})


def test_a_rule_must_be_a_bool_and_a_message_expression_a_string():
    assert ": cel expression must evaluate to a bool\n" in _refused({"rule": "self.replicas"})
    stderr = _refused({"rule": "self.replicas < 5", "messageExpression": "self.replicas"})
    assert f"{RULE_PATH}.x-kubernetes-validations[0].messageExpression: Invalid value: " in stderr
    assert stderr.endswith(": messageExpression must evaluate to a string\n")


def test_outside_the_subset_is_refused_when_the_crd_is_written_saying_so():
    stderr = _refused({"rule": "duration(self.engine) > duration('1s')"})
    assert "compilation failed: ERROR: <input>:1:9: kubetui's CEL subset does not support 'duration'" in stderr


def test_the_rule_fields_are_checked_in_the_api_servers_words():
    stderr = _refused({"rule": "self.replicas < 5", "reason": "Bogus", "optionalOldSelf": True})
    assert ('x-kubernetes-validations[0].reason: Unsupported value: "Bogus": supported values: "FieldValueDuplicate", '
            '"FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"') in stderr
    stderr = _refused({"rule": "self.replicas < 5", "optionalOldSelf": True})
    assert stderr.endswith("x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: "
                           "may not be set if oldSelf is not used in rule\n")


def test_old_self_under_an_atomic_list_cannot_correlate():
    doc = yaml.safe_load(CRD)
    props = doc["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]
    props["tags"] = {"type": "array", "items": {"type": "string", "x-kubernetes-validations": [
        {"rule": "self == oldSelf"}]}}
    r = Simulation(seed=1).run("kubectl apply -f -", stdin=yaml.safe_dump(doc))
    assert r.stderr.endswith(f'{RULE_PATH}.properties[tags].items.x-kubernetes-validations[0].rule: Invalid value: '
                             '"self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema '
                             f"within {RULE_PATH}.properties[tags]\n")


def test_fields_under_preserved_unknown_fields_are_not_checked():
    doc = yaml.safe_load(CRD)
    spec = doc["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    spec["x-kubernetes-preserve-unknown-fields"] = True
    spec["x-kubernetes-validations"] = [{"rule": "!has(self.extra) || self.extra.size() < 3"}]
    s = Simulation(seed=1)
    assert s.run("kubectl apply -f -", stdin=yaml.safe_dump(doc)).exit_code == 0
