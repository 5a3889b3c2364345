"""`kubectl get --raw` of discovery: kubetui's own kubectl prints the documents the HTTP API
serves (one source, kubetui.kubectl.discovery), as the real kubectl prints them from it."""

import json

import pytest

PATHS = ["/api", "/apis", "/api/v1", "/apis/apps", "/apis/apps/v1", "/apis/rbac.authorization.k8s.io/v1",
         "/apis/metrics.k8s.io/v1beta1", "/apis/authorization.k8s.io/v1", "/version", "/apis/nope",
         "/apis/apps/v9", "/openapi/v3", "/openapi/v3/api/v1", "/openapi/v3/apis/nope/v1", "/", "/foo"]


@pytest.mark.parametrize("path", PATHS)
def test_builtin_prints_what_the_real_kubectl_reads_from_the_server(shared, path):
    real = shared.kubectl("get", "--raw", path)
    ours = shared.builtin(f"kubectl get --raw {path}")
    assert (ours.exit_code, ours.stderr) == (real.returncode, real.stderr), path
    if real.returncode == 0:
        assert json.loads(real.stdout) == json.loads(ours.stdout)
    if real.returncode == 0 and not path.startswith("/openapi/v3/"):
        assert ours.stdout == real.stdout


def test_openapi_v2_is_the_servers_document(shared):
    """Same document; kubetui's kubectl escapes <, > and & as Go's encoder (a real API server) does."""
    real = shared.kubectl("get", "--raw", "/openapi/v2")
    ours = shared.builtin("kubectl get --raw /openapi/v2")
    assert real.returncode == ours.exit_code == 0
    assert json.loads(real.stdout) == json.loads(ours.stdout)
    assert "<" not in ours.stdout and "\\u003c" in ours.stdout
    assert real.stdout == ours.stdout


# What a real API server writes, per endpoint (kube-openapi's handlers `json.Marshal`; /version is
# `json.MarshalIndent`; discovery, objects, lists and Statuses go through `json.Encoder.Encode`):
# (ends with a newline, indented).
FORMS = {"/openapi/v2": (False, False), "/openapi/v3": (False, False), "/openapi/v3/api/v1": (False, False),
         "/openapi/v3/apis/apps/v1": (False, False), "/version": (False, True), "/api": (True, False),
         "/apis": (True, False), "/api/v1": (True, False), "/apis/apps/v1": (True, False),
         "/api/v1/namespaces": (True, False), "/api/v1/namespaces/default": (True, False)}


@pytest.mark.parametrize("path", FORMS)
def test_raw_bytes_are_a_real_api_servers(shared, path):
    real = shared.kubectl("get", "--raw", path)
    assert real.returncode == 0, real.stderr
    newline, indented = FORMS[path]
    assert real.stdout.endswith("}\n") == newline
    assert real.stdout.startswith("{\n  \"") == indented
    assert not any(c in real.stdout for c in "<>&"), "Go's encoder escapes <, > and & as \\u003c \\u003e \\u0026"
    if not path.startswith("/api/v1/namespaces"):
        assert real.stdout == shared.builtin(f"kubectl get --raw {path}").stdout
    if path.startswith("/openapi/"):
        assert "\\u003c" in real.stdout or path == "/openapi/v3"


def test_a_watch_event_and_an_error_status_are_go_encoded(shared):
    code, body, _ = shared.http("GET", "/api/v1/namespaces/nope")
    assert code == 404
    r = shared.kubectl("get", "--raw", "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1",
                       timeout=30)
    assert r.returncode == 0 and r.stdout.endswith("}\n")


def test_a_custom_kind_is_discovered_by_both(shared):
    crd = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
"""
    assert shared.builtin("kubectl apply -f -", stdin=crd).exit_code == 0
    for path in ("/apis/example.com", "/apis/example.com/v1"):
        real = shared.kubectl("get", "--raw", path)
        ours = shared.builtin(f"kubectl get --raw {path}")
        assert real.returncode == 0 and ours.stdout.rstrip("\n") == real.stdout.rstrip("\n"), path
    groups = json.loads(shared.builtin("kubectl get --raw /apis").stdout)["groups"]
    assert "example.com" in [g["name"] for g in groups]
