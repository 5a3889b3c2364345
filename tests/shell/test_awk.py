"""kubetui's busybox awk against outputs recorded from a real busybox awk
(tests/shell/awk_goldens.json, from tests/shell/awk_lines.py via `make_goldens.py awk`)."""

import json
import shlex
from pathlib import Path

import pytest

from kubetui.engine.kubelet import shell as sh
from kubetui.pipeline import _streams, run_filters

HERE = Path(__file__).parent
GOLDENS = json.loads((HERE / "awk_goldens.json").read_text())
def _inputs() -> dict[str, str]:
    import importlib.util
    spec = importlib.util.spec_from_file_location("awk_lines", HERE / "awk_lines.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FILES


INPUTS = _inputs()


def run_awk(args: list[str], stdin: str, files: dict[str, str] | None = None):
    """awk in a container shell: (stdout, stderr, exit code, the filesystem)."""
    fs = sh.FileSystem()
    fs.mkdir("/work")
    for name, text in (files or {}).items():
        fs.write(f"/work/{name}", text)
    m = sh.Machine.for_script(shlex.join(["awk", *args]), fs, {"PATH": "/bin"}, cwd="/work", stdin=stdin)
    now = 0
    while not m.done and now < 100:
        m.advance(now)
        now += 1
    out = "".join(t for fd, t in m.console if fd == 1)
    err = "".join(t for fd, t in m.console if fd == 2)
    return out, err, m.exit_code, fs


@pytest.mark.parametrize("case", GOLDENS["cases"], ids=lambda c: " ".join(c["args"])[:60])
def test_awk_says_what_busybox_awk_says(case):
    out, err, code, fs = run_awk(case["args"], INPUTS[case["stdin"]], INPUTS)
    assert (out, code) == (case["stdout"], case["code"])
    if case["stderr"].startswith("awk: "):
        assert err == case["stderr"]
    if "out.txt" in case:
        assert fs.read("/work/out.txt") == case["out.txt"]


def test_the_goldens_cover_enough_lines():
    assert len(GOLDENS["cases"]) >= 60


def test_a_loop_that_never_ends_is_stopped_by_the_step_budget():
    out, err, code, _ = run_awk(["BEGIN {print \"start\"; while (1) x++}"], "")
    assert (out, code) == ("start\n", 137)


def test_a_string_that_doubles_forever_is_stopped_too():
    assert run_awk(["BEGIN {s = \"x\"; while (1) s = s s}"], "")[2] == 137


def test_math_builtins_busybox_images_compile_in():
    out = run_awk(["BEGIN {print 2^10, 2^3^2, sqrt(16), exp(0), log(1), int(-3.7), sin(0), cos(0)}"], "")[0]
    assert out == "1024 512 4 1 0 -3 0 1\n"


def test_rand_is_the_same_sequence_for_a_seed():
    prog = ["BEGIN {srand(7); a = rand(); srand(7); b = rand(); print (a == b), (a >= 0 && a < 1), srand(3)}"]
    assert run_awk(prog, "")[0] == "1 1 7\n"


@pytest.mark.parametrize("stage, streams", [
    ("awk '{print $1}'", True),
    ("awk 'NR>1 && $3 != \"Running\"'", True),
    ("awk 'BEGIN {OFS=\":\"} {print $1, $2}'", True),
    ("awk '{s += $1} END {print s}'", False),
    ("awk -F: 'END {print NR}'", False),
    ("awk -f prog.awk", False),
])
def test_awk_streams_unless_it_has_an_end_rule(stage, streams):
    assert _streams(stage) is streams


def test_the_door_filter_runs_awk():
    assert run_filters(["awk '{print $2}'", "sort"], "a 2\nb 1\n") == ("1\n2\n", "", 0)
