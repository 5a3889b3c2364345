"""`kubectl diff`, `replace` and `--validate` on custom objects, typed through the real kubectl
(the test extras' wheel, 1.37) on `kubetui serve` and through kubetui's own kubectl: the same
output. kubectl diff patches with the file as it is (no last-applied annotation written, no
apply warning); the API server's dry run bumps generation on a spec change and stores no empty
labels/annotations map."""

import re

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`: differential, seconds a file

CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec: {type: string}
              image: {type: string}
"""


def crontab(name: str, image: str = "cron", extra: str = "") -> str:
    return (f"apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {{name: {name}}}\n"
            f"spec:\n  cronSpec: '* * * * */5'\n  image: {image}\n{extra}")


CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: \"%s\"}\n"
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec: {containers: [{name: c, image: %s}]}
"""

TEMP = re.compile(r"/tmp/(LIVE|MERGED)-\d+|\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \+0000")


def both(served, line: str, stdin: str | None = None):
    real = served.kubectl(*line.split(), stdin=stdin)
    own = served.builtin("kubectl " + line, stdin=stdin)
    return ((own.exit_code, TEMP.sub("", own.stdout), own.stderr),
            (real.returncode, TEMP.sub("", real.stdout), real.stderr))


@pytest.fixture
def crd(served):
    assert served.builtin("kubectl apply -f -", stdin=CRD).exit_code == 0
    served.step(1)
    return served


@pytest.mark.parametrize("line", ["create -f - --validate=false", "create -f - --validate=warn",
                                  "apply -f - --validate=ignore", "apply -f - --validate=warn"])
def test_unknown_fields_of_custom_objects_follow_validate(crd, line):
    # each way on an object of its own; then the two must read alike
    own = crd.builtin("kubectl " + line, stdin=crontab("own", extra="  color: red\n"))
    real = crd.kubectl(*line.split(), stdin=crontab("real", extra="  color: red\n"))
    assert (own.exit_code, own.stdout.replace("own", "X"), own.stderr) == (
        real.returncode, real.stdout.replace("real", "X"), real.stderr)
    assert own.exit_code == 0
    assert "color" not in str(crd.sim.get("CronTab", "own")["spec"])


def test_replace_and_diff_of_custom_objects(crd):
    assert crd.builtin("kubectl create -f -", stdin=crontab("a")).exit_code == 0
    own, real = both(crd, "replace -f -", crontab("a", "two"))
    assert own == real == (0, "crontab.stable.example.com/a replaced\n", "")
    own, real = both(crd, "diff -f -", crontab("a", "three"))
    assert own == real and own[0] == 1 and "+  image: three" in own[1]
    own, real = both(crd, "replace -f - --dry-run=server -o jsonpath={.spec.image}", crontab("a", "four"))
    assert own == real == (0, "four", "")


@pytest.mark.parametrize("create", ["create", "apply"])
def test_diff_patches_with_the_file_as_it_is(served, create):
    assert served.builtin(f"kubectl {create} -f -", stdin=CM % 1).exit_code == 0
    assert served.builtin(f"kubectl {create} -f -", stdin=DEPLOY % "nginx").exit_code == 0
    own, real = both(served, "diff -f -", CM % 2)
    assert own == real
    assert own[1].count("\n-") == own[1].count("\n+") == 2, own[1]  # the headers and one data line
    own, real = both(served, "diff -f -", DEPLOY % "nginx:1.25")
    assert own == real
    assert "+  generation: 2" in own[1]
    assert not [line for line in own[1].splitlines() if line[:1] in "+-" and ("annotations" in line
                                                                             or "last-applied" in line)]
