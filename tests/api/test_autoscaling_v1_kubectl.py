"""An autoscaling/v1 HorizontalPodAutoscaler manifest (the CKAD staple) through kubetui's own
kubectl and through the real kubectl (the test extras' wheel, 1.37) on `kubetui serve`: the same
output, the same errors. Unknown fields of a v1 write are named in v1 terms, as the API server's
decoder of that version names them, and the `fieldValidation` mode decides what happens to them."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`: differential, seconds a file

V1 = """apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {{name: {name}, namespace: hv1}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}
  minReplicas: 2
  maxReplicas: 6
  targetCPUUtilizationPercentage: {cpu}{extra}
"""


@pytest.fixture(scope="module")
def cluster(shared):
    assert shared.kubectl("create", "ns", "hv1").returncode == 0
    assert shared.kubectl("-n", "hv1", "create", "deploy", "web", "--image=nginx").returncode == 0
    return shared


def _both(cluster, args: str, stdin: str | None = None):
    real = cluster.kubectl(*args.split(), stdin=stdin)
    own = cluster.builtin("kubectl " + args, stdin=stdin)
    return real, own


def _same(real, own) -> None:
    assert (own.exit_code, own.stdout, own.stderr) == (real.returncode, real.stdout, real.stderr)


@pytest.mark.parametrize("who", ["real", "own"])
def test_create_apply_get_of_a_v1_manifest(cluster, who):
    name = f"php-{who}"
    run = (lambda a, stdin=None: (lambda r: (r.returncode, r.stdout, r.stderr))(cluster.kubectl(*a.split(), stdin=stdin))) \
        if who == "real" else (lambda a, stdin=None: (lambda r: (r.exit_code, r.stdout, r.stderr))(
            cluster.builtin("kubectl " + a, stdin=stdin)))
    assert run("create -f -", V1.format(name=name, cpu=50, extra="")) == (
        0, f"horizontalpodautoscaler.autoscaling/{name} created\n", "")
    hpa = cluster.call(cluster.sim.get, "HorizontalPodAutoscaler", name, "hv1")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 50
    code, out, _ = run(f"-n hv1 get hpa {name}")
    assert code == 0 and "cpu: <unknown>/50%" in out
    assert run("apply -f -", V1.format(name=name, cpu=70, extra=""))[:2] == (
        0, f"horizontalpodautoscaler.autoscaling/{name} configured\n")
    assert run("apply -f -", V1.format(name=name, cpu=70, extra=""))[:2] == (
        0, f"horizontalpodautoscaler.autoscaling/{name} unchanged\n")
    hpa = cluster.call(cluster.sim.get, "HorizontalPodAutoscaler", name, "hv1")
    assert hpa["spec"]["metrics"] == [{"type": "Resource", "resource": {
        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]
    assert run(f"-n hv1 get hpa {name} -o jsonpath={{.apiVersion}}")[1] == "autoscaling/v2"


def test_own_and_real_print_the_same(cluster):
    real, own = _both(cluster, "-n hv1 get hpa php-real php-own -o custom-columns=N:.metadata.name,T:.spec.metrics[0]."
                               "resource.target.averageUtilization")
    _same(real, own)


@pytest.mark.parametrize(("flags", "code"), [("", 1), ("--validate=false", 0), ("--validate=warn", 0),
                                             ("--validate=ignore", 0)])
def test_unknown_field_of_a_v1_manifest(cluster, flags, code):
    """Strict (kubectl's default) refuses it in v1 terms; warn warns; false/ignore drop it."""
    outs = []
    for who in ("real", "own"):
        name = f"u{len(flags)}-{who}"
        manifest = V1.format(name=name, cpu=50, extra="\n  foo: 1")
        if who == "real":
            r = cluster.kubectl("create", "-f", "-", *flags.split(), stdin=manifest)
            outs.append((r.returncode, r.stdout.replace(name, "N"), r.stderr.replace(name, "N")))
        else:
            r = cluster.builtin(f"kubectl create -f - {flags}", stdin=manifest)
            outs.append((r.exit_code, r.stdout.replace(name, "N"), r.stderr.replace(name, "N")))
    assert outs[0] == outs[1]
    assert outs[0][0] == code
    if not flags:
        assert outs[0][2] == ('Error from server (BadRequest): error when creating "STDIN": HorizontalPodAutoscaler in '
                              'version "v1" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: '
                              'unknown field "spec.foo"\n')
    if flags == "--validate=warn":
        assert outs[0][2] == 'Warning: unknown field "spec.foo"\n'


def test_server_default_field_validation_for_v1_is_warn(cluster):
    body = ('{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"raw"},'
            '"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":3,"bar":true}}')
    path = "/apis/autoscaling/v1/namespaces/hv1/horizontalpodautoscalers"
    code, out, headers = cluster.http("POST", path + "?fieldValidation=Strict", body)
    assert code == 400 and out["message"].endswith('strict decoding error: unknown field "spec.bar"')
    code, out, headers = cluster.http("POST", path, body)
    assert code == 201, out
    assert headers.get("Warning") == '299 - "unknown field \\"spec.bar\\""'
    assert "bar" not in cluster.call(cluster.sim.get, "HorizontalPodAutoscaler", "raw", "hv1")["spec"]
    code, out, headers = cluster.http("PUT", path + "/raw?fieldValidation=Ignore",
                                      body.replace('"name":"raw"', '"name":"raw","resourceVersion":"' +
                                                   out["metadata"]["resourceVersion"] + '"'))
    assert code == 200, out
    assert "Warning" not in headers


def test_v1_validation_errors_name_the_stored_fields_as_the_server_does(cluster):
    """The API server validates the internal (v2-shaped) object, so a v1 target of 0 is refused at
    the metric's path."""
    real, own = _both(cluster, "create -f -", V1.format(name="zero", cpu=0, extra=""))
    _same(real, own)
    assert own.exit_code == 1
    assert "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0" in own.stderr


def test_get_in_the_version_asked_for(cluster):
    """`horizontalpodautoscalers.v1.autoscaling` names autoscaling/v1; plain `hpa` the preferred
    autoscaling/v2, and so does `hpa.v1.autoscaling` (kubectl expands a short name to the group's
    preferred version, whatever version follows it)."""
    for args in ("-n hv1 get horizontalpodautoscalers.v1.autoscaling php-real -o yaml",
                 "-n hv1 get hpa php-real -o yaml", "-n hv1 get hpa.v1.autoscaling php-real -o yaml",
                 "-n hv1 get horizontalpodautoscaler.v1.autoscaling php-real -o jsonpath={.apiVersion}",
                 "-n hv1 get HorizontalPodAutoscaler.v1.autoscaling/php-real -o jsonpath={.apiVersion}",
                 "-n hv1 get horizontalpodautoscalers.v1.autoscaling", "-n hv1 get hpa.v2.autoscaling -o name",
                 "-n hv1 get deployments.v1.apps web -o jsonpath={.apiVersion}", "get namespaces.v1. hv1 -o name"):
        real, own = _both(cluster, args)
        real_out = "\n".join(line for line in real.stdout.splitlines() if "  f:" not in line)
        own_out = "\n".join(line for line in own.stdout.splitlines() if "  f:" not in line)
        assert (own.exit_code, own.stderr) == (real.returncode, real.stderr), args
        if "-o yaml" in args:
            real_obj, own_obj = (__import__("yaml").safe_load(t) for t in (real.stdout, own.stdout))
            for o in (real_obj, own_obj):
                o["metadata"].pop("managedFields", None)
                o["metadata"].pop("resourceVersion", None)
                o.pop("status", None)
            assert own_obj == real_obj, args
            assert own_obj["apiVersion"] == ("autoscaling/v1" if "horizontalpodautoscalers.v1" in args
                                             else "autoscaling/v2")
        elif "AGE" not in real_out:
            assert own_out == real_out, args


def _watch_lines(cluster, path: str) -> list[dict]:
    import json

    code, body, _ = cluster.http("GET", path, timeout=15)
    assert code == 200
    text = body if isinstance(body, str) else json.dumps(body)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_v1_watch_names_v1_in_objects_and_bookmarks(cluster):
    path = ("/apis/autoscaling/v1/namespaces/hv1/horizontalpodautoscalers?watch=1&sendInitialEvents=true"
            "&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1")
    events = _watch_lines(cluster, path)
    assert events and events[-1]["type"] == "BOOKMARK"
    assert {e["object"]["apiVersion"] for e in events} == {"autoscaling/v1"}
    added = [e["object"] for e in events if e["type"] == "ADDED"]
    assert added and all("targetCPUUtilizationPercentage" in o["spec"] for o in added if "metrics" not in
                         str(o["metadata"].get("annotations")))


def test_managed_fields_name_the_version_written_in(cluster):
    """A manager's entry records the version it wrote with, its fields in that version's terms,
    whichever version the object is read through."""
    r = cluster.kubectl("create", "-f", "-", stdin=V1.format(name="mf", cpu=40, extra=""))
    assert r.returncode == 0, r.stderr
    for version in ("v1", "v2"):
        code, obj, _ = cluster.http("GET", f"/apis/autoscaling/{version}/namespaces/hv1/horizontalpodautoscalers/mf")
        assert code == 200 and obj["apiVersion"] == f"autoscaling/{version}"
        (entry,) = [e for e in obj["metadata"]["managedFields"] if e["manager"] == "kubectl-create"]
        assert entry["apiVersion"] == "autoscaling/v1"
        assert "f:targetCPUUtilizationPercentage" in entry["fieldsV1"]["f:spec"]
        assert "f:metrics" not in entry["fieldsV1"]["f:spec"]
    r = cluster.kubectl("-n", "hv1", "autoscale", "deploy", "web", "--name=mf2", "--max=3")
    assert r.returncode == 0, r.stderr
    code, obj, _ = cluster.http("GET", "/apis/autoscaling/v1/namespaces/hv1/horizontalpodautoscalers/mf2")
    (entry,) = [e for e in obj["metadata"]["managedFields"] if e["manager"] == "kubectl-autoscale"]
    assert entry["apiVersion"] == "autoscaling/v2" and "f:metrics" in entry["fieldsV1"]["f:spec"]
