"""Pod affinity and topology spread constraints at the door, in the API server's words."""

import pytest

from kubetui.model.validation import FieldInvalid, validate


def _pod(**spec) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "nginx"}], "restartPolicy": "Always",
                     "dnsPolicy": "ClusterFirst", **spec}}


def _causes(obj: dict) -> list[tuple[str, str]]:
    with pytest.raises(FieldInvalid) as err:
        validate(obj)
    return err.value.causes


TERM = {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}


def test_a_valid_pod_with_both_passes():
    validate(_pod(affinity={"podAntiAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": [TERM],
        "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": TERM}]}},
        topologySpreadConstraints=[{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                    "whenUnsatisfiable": "DoNotSchedule", "minDomains": 3,
                                    "labelSelector": {"matchLabels": {"app": "web"}}}]))


def test_required_term_needs_a_topology_key():
    causes = _causes(_pod(affinity={"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}}]}}))
    assert ("spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey",
            "Required value: can not be empty") in causes


@pytest.mark.parametrize("weight", [0, 101])
def test_preferred_weight_is_1_to_100(weight):
    causes = _causes(_pod(affinity={"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": weight, "podAffinityTerm": TERM}]}}))
    assert causes == [("spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
                       f"Invalid value: {weight}: must be in the range 1-100")]


def test_spread_constraint_rules():
    causes = _causes(_pod(topologySpreadConstraints=[
        {"maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway", "minDomains": 2},
        {"maxSkew": 1, "topologyKey": "", "whenUnsatisfiable": "Maybe"},
        {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway"}]))
    p = "spec.topologySpreadConstraints"
    assert causes == [
        (f"{p}[0].maxSkew", "Invalid value: 0: must be greater than zero"),
        (f"{p}[0].{{topologyKey, whenUnsatisfiable}}", 'Duplicate value: "{zone, ScheduleAnyway}"'),
        (f"{p}[0].minDomains", "Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, "
                               "not ScheduleAnyway"),
        (f"{p}[1].topologyKey", "Required value: can not be empty"),
        (f"{p}[1].whenUnsatisfiable", 'Unsupported value: "Maybe": supported values: "DoNotSchedule", '
                                      '"ScheduleAnyway"'),
    ]


def test_templates_are_checked_too():
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"},
              "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {
                  "metadata": {"labels": {"app": "web"}},
                  "spec": {"containers": [{"name": "c", "image": "nginx"}], "topologySpreadConstraints": [
                      {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                       "nodeTaintsPolicy": "Sometimes"}]}}}}
    assert _causes(deploy) == [("spec.template.spec.topologySpreadConstraints[0].nodeTaintsPolicy",
                                'Unsupported value: "Sometimes": supported values: "Honor", "Ignore"')]
