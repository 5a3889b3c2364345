"""`kubectl auth reconcile -f -` through the real kubectl (the test extras' wheel, 1.37) on
`kubetui serve` and through kubetui's own kubectl: the same answer, also for an empty input
(which kubectl lets pass, where `apply -f -` says "no objects passed to apply").

The Role names its namespace: kubectl 1.37 reconciles a namespaced object without one at the
cluster scope and fails ("resource name may not be empty"), which kubetui does not copy."""

ROLE = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: default}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get]}
"""


def test_reconcile_of_nothing_alike(shared):
    for line in ("auth reconcile -f -", "apply -f -", "create -f -"):
        real = shared.kubectl(*line.split(), stdin="")
        own = shared.builtin("kubectl " + line, stdin="")
        assert (own.exit_code, own.stdout, own.stderr) == (real.returncode, real.stdout, real.stderr), line
    assert own.exit_code == 1 and real.returncode == 1


def test_reconcile_alike(shared):
    """Each way on a Role of its own, twice: created with its rules, then nothing to add."""
    for _ in range(2):
        real = shared.kubectl("auth", "reconcile", "-f", "-", stdin=ROLE.replace("reader", "reader-real"))
        own = shared.builtin("kubectl auth reconcile -f -", stdin=ROLE.replace("reader", "reader-own"))
        assert (own.exit_code, own.stdout.replace("-own", ""), own.stderr) == (
            real.returncode, real.stdout.replace("-real", ""), real.stderr)
