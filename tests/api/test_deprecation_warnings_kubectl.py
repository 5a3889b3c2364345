"""Deprecated APIs warn: a v1.33+ API server answers every request for core/v1 Endpoints with a
299 Warning header (apiserver's deprecation.WarningMessage: `v1 Endpoints is deprecated in
v1.33+; use discovery.k8s.io/v1 EndpointSlice`), which kubectl prints on stderr as `Warning: …`;
kubetui's own kubectl prints the same."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`

WARNING = "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"


@pytest.mark.parametrize("args", [["get", "endpoints", "kubernetes"], ["get", "ep"], ["describe", "ep", "kubernetes"],
                                  ["get", "endpoints", "nope"], ["delete", "ep", "nope"], ["get", "ep,svc"]])
def test_endpoints_requests_carry_the_deprecation_warning(shared, args):
    real = shared.kubectl(*args)
    own = shared.builtin("kubectl " + " ".join(args))
    assert real.stderr.startswith(WARNING) and real.stderr.count("Warning:") == 1
    assert (own.exit_code, own.stdout, own.stderr) == (real.returncode, real.stdout, real.stderr)


def test_other_apis_do_not_warn(shared):
    real = shared.kubectl("get", "svc", "kubernetes")
    assert real.returncode == 0 and "Warning" not in real.stderr


def test_a_watch_on_endpoints_warns_too(shared):
    code, _, headers = shared.http("GET", "/api/v1/namespaces/default/endpoints?watch=1&timeoutSeconds=1")
    assert code == 200
    assert headers.get("Warning") == '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"'


@pytest.mark.parametrize("flags", ["--validate=warn", ""])
def test_writing_endpoints_warns_first(shared, flags):
    """The deprecation warning comes before the request's own (unknown field) warnings or error."""
    manifest = "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: NAME\n  namespace: default\nsubsets: []\nfoo: 1\n"
    name = f"ep{len(flags)}"
    real = shared.kubectl("apply", "-f", "-", *flags.split(), stdin=manifest.replace("NAME", name + "-real"))
    own = shared.builtin(f"kubectl apply -f - {flags}", stdin=manifest.replace("NAME", name + "-own"))
    assert real.stderr.startswith(WARNING)
    assert ("unknown field" in real.stderr) and real.returncode == (0 if flags else 1)
    assert (own.exit_code, own.stderr) == (real.returncode, real.stderr)
