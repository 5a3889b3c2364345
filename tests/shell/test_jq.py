"""kubetui's jq against outputs recorded from the real jq (tests/shell/jq_goldens.json, from
tests/shell/jq_lines.py via `make_goldens.py jq`), at the command bar and in containers."""

import json
import shlex
from pathlib import Path

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet import shell as sh
from kubetui.engine.kubelet.shell.jq import number_text

HERE = Path(__file__).parent
GOLDENS = json.loads((HERE / "jq_goldens.json").read_text())


def _inputs() -> dict[str, str]:
    import importlib.util
    spec = importlib.util.spec_from_file_location("jq_lines", HERE / "jq_lines.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FILES


INPUTS = _inputs()


def run_jq(args: list[str], stdin: str):
    fs = sh.FileSystem()
    fs.mkdir("/work")
    for name, text in INPUTS.items():
        fs.write(f"/work/{name}", text)
    m = sh.Machine.for_script(shlex.join(["jq", *args]), fs, {"PATH": "/usr/bin"}, cwd="/work", stdin=stdin,
                              applets={"jq"})
    now = 0
    while not m.done and now < 10:
        m.advance(now)
        now += 1
    out = "".join(t for fd, t in m.console if fd == 1)
    err = "".join(t for fd, t in m.console if fd == 2)
    return out, err, m.exit_code


@pytest.mark.parametrize("case", GOLDENS["cases"], ids=lambda c: " ".join(c["args"])[:60])
def test_jq_says_what_the_real_jq_says(case):
    out, err, code = run_jq(case["args"], INPUTS[case["stdin"]])
    assert (out, err, code) == (case["stdout"], case["stderr"], case["code"])


@pytest.mark.parametrize("number, text", [(1.0, "1"), (1e16, "1e+16"), (1e15, "1000000000000000"), (1e-5, "1e-05"),
                                          (0.0001, "0.0001"), (-0.0, "-0"), (1.5e300, "1.5e+300"),
                                          (123456789012345678901.0, "123456789012345680000"),
                                          (float("inf"), "1.7976931348623157e+308")])
def test_numbers_print_as_jq_1_6_prints_them(number, text):
    assert number_text(number) == text


def test_jq_follows_a_pipe_at_the_command_bar():
    sim = Simulation(seed=3)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.step(30)
    r = sim.run("kubectl get pods -o json | jq -r '.items[] | select(.status.phase == \"Running\") "
                "| .metadata.name'")
    names = sorted(p["metadata"]["name"] for p in sim.list("Pod", namespace="default"))
    assert (r.exit_code, sorted(r.stdout.split())) == (0, names)
    r = sim.run("kubectl get pods -o json | jq '.items | length'")
    assert r.stdout == "2\n"
    r = sim.run("kubectl get deploy web -o json | jq -c '{name: .metadata.name, replicas: .spec.replicas}'")
    assert r.stdout == '{"name":"web","replicas":2}\n'
    r = sim.run("kubectl get pods | jq .")
    assert (r.exit_code, r.stderr) == (4, "parse error: Invalid numeric literal at line 1, column 5\n")
    r = sim.run("kubectl get pods -o json | jq '.items[] | nope'")
    assert r.exit_code == 3 and "nope/0 is not defined" in r.stderr


def test_busybox_has_no_jq_until_a_package_puts_it_there():
    sim = Simulation(seed=3)
    sim.run("kubectl run b --image=busybox:1.36 -- sleep 3600")
    sim.run("kubectl run d --image=debian:bookworm -- sleep 3600")
    sim.step(30)
    r = sim.run("kubectl exec b -- sh -c 'echo {} | jq .'")
    assert (r.exit_code, r.stderr) == (127, "sh: jq: not found\ncommand terminated with exit code 127\n")
    sim.run("kubectl exec d -- apt-get update")
    sim.run("kubectl exec d -- apt-get install -y jq")
    r = sim.run("kubectl exec d -- sh -c 'echo {\\\"a\\\":[1,2]} | jq -c .a'")
    assert (r.exit_code, r.stdout) == (0, "[1,2]\n")
