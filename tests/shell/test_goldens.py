"""The interpreter against a real busybox `sh`: the same output, errors and exit code for every
line of lines.py (goldens.json, recorded by make_goldens.py)."""

import json
import sys
from pathlib import Path

import pytest

from kubetui.engine.kubelet.process import accounts
from kubetui.engine.kubelet.shell import FileSystem, run

sys.path.insert(0, str(Path(__file__).parent))
from lines import DIRS, FILES  # noqa: E402

GOLDENS = json.loads((Path(__file__).parent / "goldens.json").read_text())["cases"]
WORK = "/tmp/work"


def workdir() -> FileSystem:
    """The working directory of lines.py, under Debian's /etc/passwd and /etc/group (the
    recording machine's accounts for the ids the lines name)."""
    fs = FileSystem()
    fs.mkdir("/etc")
    for name, text in accounts("debian:12").items():
        fs.write("/" + name, text)
    fs.mkdir(WORK, parents=True)
    for d in DIRS:
        fs.mkdir(f"{WORK}/{d}", parents=True)
    for name, text in FILES.items():
        fs.write(f"{WORK}/{name}", text)
    return fs


@pytest.mark.parametrize("case", GOLDENS, ids=[c["line"] for c in GOLDENS])
def test_line_matches_busybox(case):
    fs = workdir()
    if "as" in case:
        fs.uid, fs.gid, groups = case["as"]
        fs.groups = tuple(groups)
    out, err, code, _ = run(case["line"], fs, {"HOME": "/", "PATH": "/bin"}, cwd=WORK)
    assert (out, err, code) == (case["stdout"], case["stderr"], case["code"])


def test_there_are_enough_lines():
    assert len(GOLDENS) >= 150
