"""Deprecated APIs warn: a v1.33+ API server answers every request for core/v1 Endpoints with a
299 Warning header (apiserver's deprecation.WarningMessage: `v1 Endpoints is deprecated in
v1.33+; use discovery.k8s.io/v1 EndpointSlice`), which kubectl prints on stderr as `Warning: …`;
kubetui's own kubectl prints the same."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`

WARNING = "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"


@pytest.mark.parametrize("args", [["get", "endpoints", "kubernetes"], ["get", "ep"], ["describe", "ep", "kubernetes"],
                                  ["get", "endpoints", "nope"]])
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
