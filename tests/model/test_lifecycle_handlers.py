"""A lifecycle hook's or a probe's handler names exactly one type, as the API server checks it
(pkg/apis/core/validation: the first type set counts, each later one is Forbidden; none is
Required)."""

import pytest

from kubetui.model.validation import FieldInvalid, validate


def pod(**container) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "c", "image": "nginx", **container}]}}


def refusal(obj: dict) -> str:
    with pytest.raises(FieldInvalid) as exc:
        validate(obj)
    return exc.value.message


@pytest.mark.parametrize("hook", ["preStop", "postStart"])
def test_an_empty_hook_is_refused(hook):
    assert refusal(pod(lifecycle={hook: {}})) == (
        f'The Pod "p" is invalid: spec.containers[0].lifecycle.{hook}: Required value: must specify a handler type')


def test_two_types_in_one_hook_are_refused_at_the_later_one():
    hook = {"exec": {"command": ["true"]}, "httpGet": {"port": 80}, "sleep": {"seconds": 1}}
    assert refusal(pod(lifecycle={"preStop": hook})) == (
        'The Pod "p" is invalid: \n'
        "* spec.containers[0].lifecycle.preStop.httpGet: Forbidden: may not specify more than 1 handler type\n"
        "* spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type")


def test_the_one_type_is_checked():
    assert refusal(pod(lifecycle={"postStart": {"exec": {}}})) == (
        'The Pod "p" is invalid: spec.containers[0].lifecycle.postStart.exec.command: Required value')


@pytest.mark.parametrize("hook", [{"exec": {"command": ["sh", "-c", "sleep 1"]}}, {"httpGet": {"port": 80}},
                                  {"tcpSocket": {"port": 80}}, {"sleep": {"seconds": 5}}])
def test_one_type_is_accepted(hook):
    out = validate(pod(lifecycle={"preStop": hook}))
    assert set(out["spec"]["containers"][0]["lifecycle"]["preStop"]) >= set(hook)


def test_a_probe_likewise():
    assert refusal(pod(readinessProbe={})) == (
        'The Pod "p" is invalid: spec.containers[0].readinessProbe: Required value: must specify a handler type')
    assert "livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type" in refusal(
        pod(livenessProbe={"exec": {"command": ["true"]}, "tcpSocket": {"port": 80}}))


def test_a_workload_template_is_refused_too():
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
              "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {
                  "metadata": {"labels": {"a": "b"}}, "spec": pod(lifecycle={"preStop": {}})["spec"]}}}
    assert "spec.template.spec.containers[0].lifecycle.preStop: Required value: must specify a handler type" in \
        refusal(deploy)
