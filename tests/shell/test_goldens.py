"""The interpreter against a real busybox `sh`: the same output, errors and exit code for every
line of lines.py (goldens.json, recorded by make_goldens.py)."""

import json
import sys
from pathlib import Path

import pytest

from kubetui.engine.kubelet.shell import FileSystem, run

sys.path.insert(0, str(Path(__file__).parent))
from lines import DIRS, FILES  # noqa: E402

GOLDENS = json.loads((Path(__file__).parent / "goldens.json").read_text())["cases"]
WORK = "/tmp/work"


def workdir() -> FileSystem:
    fs = FileSystem()
    fs.mkdir(WORK, parents=True)
    for d in DIRS:
        fs.mkdir(f"{WORK}/{d}", parents=True)
    for name, text in FILES.items():
        fs.write(f"{WORK}/{name}", text)
    return fs


@pytest.mark.parametrize("case", GOLDENS, ids=[c["line"] for c in GOLDENS])
def test_line_matches_busybox(case):
    out, err, code, _ = run(case["line"], workdir(), {"HOME": "/", "PATH": "/bin"}, cwd=WORK)
    assert (out, err, code) == (case["stdout"], case["stderr"], case["code"])


def test_there_are_enough_lines():
    assert len(GOLDENS) >= 150
