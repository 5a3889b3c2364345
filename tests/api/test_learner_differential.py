"""CKAD practice commands typed twice on one served cluster: through the real kubectl (the test
extras' wheel, 1.37) and through kubetui's own kubectl. Both must print the same."""

import pytest


@pytest.fixture(scope="module")
def cluster(shared):
    for line in ("kubectl create ns learner", "kubectl -n learner run p --image=nginx",
                 "kubectl -n learner create sa robot",
                 "kubectl -n learner create secret generic s --from-literal=username=admin"):
        assert shared.builtin(line).exit_code == 0, line
    assert shared.builtin("kubectl -n learner apply -f -", stdin=MULTI).exit_code == 0
    shared.call(lambda: shared.server.sim.step(15))
    return shared


MULTI = """apiVersion: v1
kind: Pod
metadata: {name: multi}
spec:
  initContainers:
  - {name: init1, image: busybox, command: [sh, -c, "true"]}
  containers:
  - {name: a, image: busybox, command: [sleep, "3600"]}
  - {name: b, image: busybox, command: [sleep, "3600"]}
"""


def both(cluster, line: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    real = cluster.kubectl(*line.split())
    own = cluster.builtin("kubectl " + line)
    return (real.returncode, real.stdout, real.stderr), (own.exit_code, own.stdout, own.stderr)


@pytest.mark.parametrize("path", [
    "pod", "po.spec", "pods.spec.containers.livenessProbe", "pod.spec.containers", "svc.spec.ports",
    "deploy.spec.strategy", "pod.spec.containers.securityContext.capabilities", "pvc.spec",
    "networkpolicy.spec.ingress", "cronjob.spec.jobTemplate.spec", "role.rules", "pod.spec.tolerations",
    "ingress.spec.rules.http.paths.backend", "pod.metadata", "secret.data",
])
def test_explain(cluster, path):
    real, own = both(cluster, f"explain {path}")
    assert own == real


@pytest.mark.parametrize("line", [
    "-n learner delete pod p --dry-run=client",
    "-n learner delete pod p --dry-run=server",
    "delete ns learner --dry-run=client",
    "-n learner label pod p foo-",
    "-n learner annotate pod p foo-",
    "-n learner describe sa robot",
    "-n learner get secret s --template={{.data.username}}",
    "-n learner exec multi -c nope -- date",
    "-n learner exec multi -- true",
    "-n learner logs multi -c nope",
    "-n learner logs p -c nope",
])
def test_printed_alike(cluster, line):
    real, own = both(cluster, line)
    assert own == real
