"""Unknown fields, written by the real kubectl (the test extras' wheel, 1.37) through `kubetui
serve` and by kubetui's own kubectl: `--validate` (kubectl's default strict) is sent as the
`fieldValidation` query parameter, and the two print the same, for objects of every group."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`: differential, seconds a file

MANIFESTS = {
    "deploy": """apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: fv}}
spec:
  replicas: 1
  replica: 3
  selector: {{matchLabels: {{app: x}}}}
  template:
    metadata: {{labels: {{app: x}}}}
    spec:
      containers: [{{name: c, image: nginx, imagePullPolice: Always}}]
""",
    "cm": """apiVersion: v1
kind: ConfigMap
metadata: {{name: {name}, namespace: fv}}
data: {{a: b}}
extra: 1
""",
    "hpa": """apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {{name: {name}, namespace: fv}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}
  maxReplicas: 3
  targetCPUUtilisationPercentage: 50
""",
}


@pytest.fixture(scope="module")
def cluster(shared):
    assert shared.kubectl("create", "ns", "fv").returncode == 0
    return shared


@pytest.mark.parametrize("what", sorted(MANIFESTS))
@pytest.mark.parametrize("flags", ["", "--validate=true", "--validate=strict", "--validate=warn",
                                   "--validate=ignore", "--validate=false"])
def test_apply_with_an_unknown_field(cluster, what, flags):
    outs = []
    for who in ("real", "own"):
        name = f"{what}{len(flags)}{flags[-2:]}-{who}"
        manifest = MANIFESTS[what].format(name=name)
        if who == "real":
            r = cluster.kubectl("apply", "-f", "-", *flags.split(), stdin=manifest)
            outs.append((r.returncode, r.stdout.replace(name, "N"), r.stderr.replace(name, "N")))
        else:
            r = cluster.builtin(f"kubectl apply -f - {flags}", stdin=manifest)
            outs.append((r.exit_code, r.stdout.replace(name, "N"), r.stderr.replace(name, "N")))
    assert outs[0] == outs[1]
    code, _, err = outs[0]
    if flags in ("", "--validate=true", "--validate=strict"):
        assert code == 1 and "strict decoding error: unknown field" in err
    else:
        assert code == 0
        assert ("Warning: unknown field" in err) == (flags == "--validate=warn")
