"""The kubernetes.io task pages a learner follows step by step (trial14's walk): what each
prints on a real cluster, printed here."""

from __future__ import annotations

import pytest

from kubetui import Simulation

COMMAND_DEMO = """
apiVersion: v1
kind: Pod
metadata:
  name: command-demo
spec:
  containers:
  - name: command-demo-container
    image: debian
    command: ["printenv"]
    args: ["HOSTNAME", "KUBERNETES_PORT"]
  restartPolicy: OnFailure
"""

ENVAR_DEMO = """
apiVersion: v1
kind: Pod
metadata:
  name: envar-demo
spec:
  restartPolicy: Never
  containers:
  - name: env-print-demo
    image: bash
    env:
    - name: GREETING
      value: "Warm greetings to"
    - name: HONORIFIC
      value: "The Most Honorable"
    - name: NAME
      value: "Kubernetes"
    - name: MESSAGE
      value: "$(GREETING) $(HONORIFIC) $(NAME)"
    command: ["echo"]
    args: ["$(MESSAGE)", "$$(NAME)", "$(UNSET)"]
"""


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=5, nodes=1)
    assert s.run("kubectl apply -f -", stdin=COMMAND_DEMO).exit_code == 0
    assert s.run("kubectl apply -f -", stdin=ENVAR_DEMO).exit_code == 0
    s.step(30)
    return s


def test_printenv_with_names_prints_only_their_values(sim):
    """Define a Command and Arguments: `printenv HOSTNAME KUBERNETES_PORT` prints two values."""
    assert sim.run("kubectl logs command-demo").stdout == "command-demo\ntcp://10.96.0.1:443\n"


def test_printenv_of_an_unset_name_exits_1():
    s = Simulation(seed=5, nodes=1)
    s.run("kubectl run p --image=debian --restart=Never --command -- printenv HOSTNAME NOPE")
    s.step(30)
    assert s.run("kubectl logs p").stdout == "p\n"
    assert "exitCode: 1" in s.run("kubectl get pod p -o yaml").stdout


def test_args_expand_the_containers_variables(sim):
    """`$(VAR)` in args takes the variable's value, `$$` escapes, an unset name stays as written;
    the bash image pulls."""
    assert sim.run("kubectl logs envar-demo").stdout == \
        "Warm greetings to The Most Honorable Kubernetes $(NAME) $(UNSET)\n"
    assert sim.run("kubectl get pod envar-demo -o jsonpath={.spec.containers[0].args[0]}").stdout == "$(MESSAGE)"

