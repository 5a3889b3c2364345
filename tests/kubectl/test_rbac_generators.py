"""`kubectl create role|clusterrole|rolebinding|clusterrolebinding` against the real kubectl's output
(golden/rbac_generators.json, made by golden/make_rbac_goldens.py with the wheel's kubectl)."""

import json
import shlex
from pathlib import Path

import pytest

from kubetui import Simulation

GOLDEN = json.loads((Path(__file__).parent / "golden" / "rbac_generators.json").read_text())


@pytest.fixture(scope="module")
def sim():
    return Simulation(seed=0)


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: " ".join(c["args"][:3]) + "…" + c["args"][-1])
def test_generator_matches_kubectl(sim, case):
    result = sim.run("kubectl " + shlex.join(case["args"]))
    assert (result.stdout, result.stderr, result.exit_code) == (case["stdout"], case["stderr"], case["exit_code"])


def test_goldens_name_their_kubectl():
    assert GOLDEN["kubectl"].startswith("v1.")


def test_created_objects_are_stored_and_bound(sim):
    assert sim.run("kubectl create namespace dev").exit_code == 0
    r = sim.run("kubectl create role pod-reader --verb=get,list --resource=pods -n dev")
    assert r.stdout == "role.rbac.authorization.k8s.io/pod-reader created\n"
    r = sim.run("kubectl create rolebinding jane-reads --role=pod-reader --user=jane -n dev")
    assert r.stdout == "rolebinding.rbac.authorization.k8s.io/jane-reads created\n"
    binding = sim.get("RoleBinding", "jane-reads", namespace="dev")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"}
    assert sim.run("kubectl get rolebinding -n dev -o wide").stdout.splitlines()[1].split() == [
        "jane-reads", "Role/pod-reader", "0s", "jane"]
