"""`kubectl kustomize` against goldens from the real kubectl (1.37.1, kustomize v5.8.1): the same
YAML, order, hash names and warnings for every fixture under golden/kustomize/cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kubetui import Simulation
from kubetui.kubectl.kustomize import content_hash

HERE = Path(__file__).resolve().parent / "golden" / "kustomize"
CASES = HERE / "cases"
GOLDENS = json.loads((HERE / "goldens.json").read_text())["cases"]


@pytest.mark.parametrize("target", sorted(GOLDENS))
def test_kustomize_matches_real_kubectl(target):
    want = GOLDENS[target]
    sim = Simulation(seed=1)
    got = sim.run(f"kubectl kustomize {target}", cwd=str(CASES))
    assert got.stdout.replace(str(CASES), "<CASES>") == want["stdout"]
    assert got.stderr.replace(str(CASES), "<CASES>") == want["stderr"]
    assert got.exit_code == want["exit_code"]


def test_hash_is_kustomizes():
    assert content_hash({"kind": "ConfigMap", "data": {"COLOR": "blue", "MODE": "base"}}) == "6g6752g68m"
    assert content_hash({"kind": "Secret", "type": "Opaque", "data": {"password": "czNjcmV0"}}) == "bf5fk5d75b"


def test_apply_get_delete_k():
    sim = Simulation(seed=2)
    applied = sim.run("kubectl apply -k overlays/prod", cwd=str(CASES))
    assert applied.exit_code == 0, applied.stderr
    assert "deployment.apps/prod-web-v1 created" in applied.stdout
    deploy = sim.get("Deployment", "prod-web-v1", namespace="prod")
    assert deploy["spec"]["replicas"] == 3
    assert deploy["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.example.com/nginx:1.27"
    cm = deploy["spec"]["template"]["spec"]["volumes"][0]["configMap"]["name"]
    assert sim.get("ConfigMap", cm, namespace="prod")["data"]["MODE"] == "prod"
    again = sim.run("kubectl apply -k overlays/prod", cwd=str(CASES))
    assert "deployment.apps/prod-web-v1 unchanged" in again.stdout
    listed = sim.run("kubectl get -k overlays/prod", cwd=str(CASES))
    assert "deployment.apps/prod-web-v1" in listed.stdout
    gone = sim.run("kubectl delete -k overlays/prod", cwd=str(CASES))
    assert 'deployment.apps "prod-web-v1" deleted' in gone.stdout
    assert sim.get("Deployment", "prod-web-v1", namespace="prod") is None


def test_k_and_f_together_are_refused():
    sim = Simulation(seed=2)
    r = sim.run("kubectl apply -k overlays/dev -f x.yaml", cwd=str(CASES))
    assert r.exit_code == 1 and r.stderr == "error: only one of -f or -k can be specified\n"
