"""The real kubectl against `kubetui serve` with a CustomResourceDefinition: the custom kind is
discovered, created, listed with its printer columns, scaled and refused by its schema."""

from __future__ import annotations

import pytest

from tests.kubectl.test_cmd_crd import CRD, CRONTAB

pytestmark = pytest.mark.slow  # each test drives the real kubectl in subprocesses


def test_real_kubectl_serves_custom_kind(served):
    out = served.kubectl("apply", "-f", "-", stdin=CRD)
    assert out.returncode == 0, out.stderr
    assert "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created" in out.stdout
    res = served.kubectl("api-resources", "--api-group=stable.example.com", "--no-headers")
    assert res.stdout.split()[:5] == ["crontabs", "ct", "stable.example.com/v1", "true", "CronTab"], res.stdout
    out = served.kubectl("apply", "-f", "-", stdin=CRONTAB)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "crontab.stable.example.com/my-cron created"
    listed = served.kubectl("get", "ct")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].split() == ["NAME", "SPEC", "REPLICAS", "AGE"]
    assert listed.stdout.splitlines()[1].split()[:6] == ["my-cron", "*", "*", "*", "*", "*/5"]
    scaled = served.kubectl("scale", "ct/my-cron", "--replicas=4")
    assert scaled.returncode == 0, scaled.stderr
    assert served.sim.get("CronTab", "my-cron")["spec"]["replicas"] == 4
    bad = served.kubectl("patch", "ct", "my-cron", "--type=merge", "-p", '{"spec":{"replicas":20}}')
    assert bad.returncode == 1
    assert "spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10" in bad.stderr
    gone = served.kubectl("delete", "crd", "crontabs.stable.example.com")
    assert gone.returncode == 0, gone.stderr
    assert served.sim.store.kinds.get("CronTab") is None


def test_real_and_builtin_kubectl_print_custom_objects_alike(served):
    served.kubectl("apply", "-f", "-", stdin=CRD)
    served.kubectl("apply", "-f", "-", stdin=CRONTAB)
    served.step(3)
    for args in (["get", "ct"], ["get", "ct", "-o", "wide"], ["describe", "ct", "my-cron"], ["get", "crd"],
                 ["get", "ct", "my-cron", "-o", "yaml"], ["api-resources", "--api-group=stable.example.com"],
                 ["describe", "crd"], ["explain", "crontabs"], ["explain", "crontabs.spec"],
                 ["explain", "ct.spec.replicas"]):
        real = served.kubectl(*args)
        mine = served.builtin("kubectl " + " ".join(args))
        assert real.returncode == mine.exit_code == 0, (args, real.stderr, mine.stderr)
        assert real.stdout == mine.stdout, args


def test_real_kubectl_explains_a_custom_kind(served):
    served.kubectl("apply", "-f", "-", stdin=CRD)
    out = served.kubectl("explain", "crontabs.spec")
    assert out.returncode == 0, out.stderr
    assert "KIND:       CronTab" in out.stdout and "cronSpec\t<string> -required-" in out.stdout
    mine = served.builtin("kubectl explain crontabs.spec")
    assert "cronSpec\t<string> -required-" in mine.stdout


def test_unknown_fields_strict_by_default_pruned_with_a_warning_on_request(served):
    served.kubectl("apply", "-f", "-", stdin=CRD)
    extra = CRONTAB + "  extra: 1\n"
    strict = served.kubectl("apply", "-f", "-", stdin=extra)
    assert strict.returncode == 1
    assert ('CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field '
            '"spec.extra"') in strict.stderr
    warned = served.kubectl("apply", "--validate=warn", "-f", "-", stdin=extra)
    assert warned.returncode == 0, warned.stderr
    assert 'Warning: unknown field "spec.extra"' in warned.stderr
    assert "extra" not in served.sim.get("CronTab", "my-cron")["spec"]


def test_status_subresource_is_validated_by_the_schema(served):
    import json

    served.kubectl("apply", "-f", "-", stdin=CRD)
    served.kubectl("apply", "-f", "-", stdin=CRONTAB)
    path = "/apis/stable.example.com/v1/namespaces/default/crontabs/my-cron/status"
    code, body, _ = served.http("PATCH", path, json.dumps({"status": {"replicas": 2}}),
                                content_type="application/merge-patch+json")
    assert code == 200, body
    assert served.sim.get("CronTab", "my-cron")["status"] == {"replicas": 2}
    code, body, _ = served.http("PATCH", path, json.dumps({"status": {"replicas": "two"}}),
                                content_type="application/merge-patch+json")
    assert code == 422
    assert 'status.replicas: Invalid value: "string": status.replicas in body must be of type integer' in body["message"]
