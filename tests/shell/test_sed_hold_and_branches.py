"""sed's hold space (h H g G x), multi-line commands (N D P) and branches (:label b t T),
against outputs recorded from GNU sed 4.9 (tests/shell/sed_goldens.json; busybox sed agrees on
these scripts). Where GNU sed is on the machine, the goldens are checked against it again."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from kubetui.engine.kubelet.shell import run
from kubetui.engine.kubelet.shell.sed import SedError, compile_script, edit, parse_options

GOLDENS = json.loads((Path(__file__).parent / "sed_goldens.json").read_text())


@pytest.mark.parametrize("case", GOLDENS, ids=[" ".join(c["args"]) for c in GOLDENS])
def test_matches_gnu_sed(case):
    o = parse_options(case["args"])
    assert edit(compile_script(o.scripts, o.extended), case["input"], o.quiet) == case["output"]


@pytest.mark.skipif(shutil.which("sed") is None or "GNU" not in subprocess.run(
    ["sed", "--version"], capture_output=True, text=True).stdout, reason="GNU sed is not on this machine")
def test_the_goldens_are_what_gnu_sed_prints():
    for case in GOLDENS:
        got = subprocess.run(["sed", *case["args"]], input=case["input"], capture_output=True, text=True)
        assert got.stdout == case["output"], case


def test_in_a_container_shell():
    out, err, code, _ = run("printf 'a\\nb\\nc\\n' > /f; sed ':a;N;$!ba;s/\\n/,/g' /f; sed -n '1!G;h;$p' /f")
    assert (out, err, code) == ("a,b,c\nc\nb\na\n", "", 0)


def test_a_jump_to_a_missing_label():
    with pytest.raises(SedError, match="can't find label for jump to 'nowhere'"):
        compile_script(["b nowhere"])
    out, err, code, _ = run(f"echo x | sed {shlex.quote('t nowhere')}")
    assert code == 1 and err == "sed: can't find label for jump to 'nowhere'\n"
