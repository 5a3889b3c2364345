"""Bad input gets kubectl's words and a non-zero exit, and leaves the simulation as it was."""

import subprocess
import sys

import pytest

from kubetui import Simulation

BAD = {
    "unknown-field.yaml": ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 3\n"
                           "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata: {labels: {app: web}}\n"
                           "    spec:\n      containers: [{name: web, image: nginx}]\n",
                           'strict decoding error: unknown field "spec.replica"'),
    "bad-yaml.yaml": ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n spec: x\n", "bad-yaml.yaml:5: "),
    "unknown-kind.yaml": ("apiVersion: v1\nkind: Podd\nmetadata:\n  name: p\n", 'no matches for kind "Podd" in version "v1"'),
    "wrong-type.yaml": ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: three\n"
                        "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata: {labels: {app: web}}\n"
                        "    spec:\n      containers: [{name: web, image: nginx}]\n",
                        "cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
    "missing-ns.yaml": ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: nope\nspec:\n"
                        "  containers: [{name: web, image: nginx}]\n", 'namespaces "nope" not found'),
    "selector.yaml": ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n"
                      "    matchLabels: {app: web}\n  template:\n    metadata: {labels: {app: other}}\n    spec:\n"
                      "      containers: [{name: web, image: nginx}]\n", "`selector` does not match template `labels`"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_manifest_is_refused_and_changes_nothing(name, tmp_path):
    text, expected = BAD[name]
    path = tmp_path / name
    path.write_text(text)
    sim = Simulation(seed=1)
    before = sim.checksum()
    r = sim.run(f"kubectl apply -f {path}")
    assert r.exit_code == 1 and expected in r.stderr and "Traceback" not in r.stderr
    assert sim.checksum() == before
    r = sim.run("kubectl apply -f -", stdin=text)
    assert r.exit_code == 1 and sim.checksum() == before


@pytest.mark.slow
def test_headless_run_of_bad_manifests_exits_non_zero_without_a_traceback(tmp_path):
    for name, (text, _) in BAD.items():
        (tmp_path / name).write_text(text)
    r = subprocess.run([sys.executable, "-m", "kubetui.cli", "run", str(tmp_path), "--ticks", "5",
                        "--log", str(tmp_path / "log.jsonl")], capture_output=True, text=True)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert f"{tmp_path}/bad-yaml.yaml:5: " in r.stderr
    assert 'unknown field "spec.replica"' in r.stderr
    missing = subprocess.run([sys.executable, "-m", "kubetui.cli", "run", str(tmp_path / "nope")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.startswith("error: ") and "Traceback" not in missing.stderr


def test_refused_generated_names_leave_the_generator_as_it_was():
    sim = Simulation(seed=1)
    sim.run("kubectl create quota tight --hard=pods=0")
    before = sim.checksum()
    r = sim.run("kubectl run p --image=nginx")
    assert r.exit_code == 1 and "exceeded quota: tight" in r.stderr
    assert sim.checksum() == before
