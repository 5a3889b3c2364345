"""`kubectl explain` of a version served by conversion (`--api-version=autoscaling/v1`, the CKAD
HPA's version) and of a missing field, through kubetui's own kubectl and the real kubectl (the
test extras' wheel, 1.37) on `kubetui serve`: the same bytes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`: differential, seconds a file

CASES = [
    "explain hpa --api-version=autoscaling/v1",
    "explain hpa.spec --api-version=autoscaling/v1",
    "explain hpa.spec.targetCPUUtilizationPercentage --api-version=autoscaling/v1",
    "explain hpa.spec.scaleTargetRef --api-version=autoscaling/v1",
    "explain hpa.status --api-version=autoscaling/v1",
    "explain hpa.metadata --api-version=autoscaling/v1",
    "explain hpa.metadata.labels --api-version=autoscaling/v1",
    "explain hpa.spec.nope --api-version=autoscaling/v1",
    "explain hpa --api-version=autoscaling/v2",
    "explain hpa --api-version=autoscaling/v3",
    "explain deploy --api-version=apps/v2",
    "explain hpa.spec.nope",
    "explain pods.nope",
]


@pytest.mark.parametrize("args", CASES)
def test_explain_says_what_kubectl_says(shared, args):
    real = shared.kubectl(*args.split())
    own = shared.builtin("kubectl " + args)
    assert (own.exit_code, own.stdout, own.stderr) == (real.returncode, real.stdout, real.stderr)
