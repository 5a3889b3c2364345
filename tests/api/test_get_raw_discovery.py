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
        assert ours.stdout.rstrip("\n") == real.stdout.rstrip("\n")


def test_openapi_v2_is_the_servers_document(shared):
    """Same document; kubetui's kubectl escapes <, > and & as Go's encoder (a real API server) does."""
    real = shared.kubectl("get", "--raw", "/openapi/v2")
    ours = shared.builtin("kubectl get --raw /openapi/v2")
    assert real.returncode == ours.exit_code == 0
    assert json.loads(real.stdout) == json.loads(ours.stdout)
    assert "<" not in ours.stdout and "\\u003c" in ours.stdout


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
