"""Issue 18's reproductions for the files kubetui reads: whatever a file holds, reading it ends
in data or in one `file:line: message`, with a non-zero exit and never a traceback."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kubetui import Simulation
from kubetui.cli import main
from kubetui.model.safe_yaml import MAX_DEPTH, InputError, load_json, load_yaml, read_bytes, yaml_documents
from kubetui.replay.reader import LogError, read_log
from kubetui.scenario.errors import ScenarioError
from kubetui.scenario.script import parse_script

SCENARIO = Path(__file__).parents[2] / "scenarios" / "10-first-pod" / "scenario.yaml"
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def error_of(text: str) -> InputError:
    with pytest.raises(InputError) as e:
        yaml_documents(text, "f.yaml")
    return e.value


def test_an_alias_bomb_is_refused_before_it_is_expanded():
    e = error_of(BOMB)
    assert str(e).startswith("f.yaml:1: document contains excessive aliasing (")
    assert load_yaml("a: &a [1, 2]\nb: *a\n", "f")["b"] == [1, 2]


@pytest.mark.parametrize(("text", "message"), [
    ("a: &a [*a]\n", "f.yaml:1:4: recursive alias: a node contains itself"),
    ("a: &a {b: *a}\n", "f.yaml:1:4: recursive alias: a node contains itself"),
    ("[" * 2000 + "]" * 2000, f"f.yaml:1:{MAX_DEPTH + 1}: nesting deeper than {MAX_DEPTH} levels"),
    ("kind: ConfigMap\ndata: {a: \"x\x01y\"}\n", "f.yaml:2:13: control characters are not allowed (U+0001)"),
    ("a: b\n\x00\n", "f.yaml:2:1: control characters are not allowed (U+0000)"),
    ("name: !!binary aGVsbG8=\n", "f.yaml:1:7: tag !!binary is not allowed: kubetui reads plain YAML (maps, lists, "
                                  "strings, numbers, booleans, null)"),
    ("name: !!python/object/apply:os.system [ls]\n", "f.yaml:1:7: tag !!python/object/apply:os.system is not "
                                                    "allowed: kubetui reads plain YAML (maps, lists, strings, "
                                                    "numbers, booleans, null)"),
    ("s: !!set {a, b}\n", "f.yaml:1:4: tag !!set is not allowed: kubetui reads plain YAML (maps, lists, strings, "
                          "numbers, booleans, null)"),
    ("n: " + "9" * 5000 + "\n", "f.yaml:1:4: integer too large (5000 digits)"),
    ("n: .inf\n", "f.yaml:1:4: json: unsupported value: .inf (JSON has no infinities or NaN)"),
    ("{[a]: b}\n", "f.yaml:1: found unhashable key"),
])
def test_what_the_loader_refuses(text, message):
    assert str(error_of(text)) == message


def test_json_values_only():
    data = load_yaml('1: a\nfalse: b\nnull: c\nt: 2026-01-01T00:00:00Z\ns: "\\ud83d\\ude00 \\ud800"\n', "f")
    assert data == {"1": "a", "false": "b", "null": "c", "t": "2026-01-01T00:00:00Z", "s": "\U0001F600 \ufffd"}
    assert load_json('{"s": "\\ud83d\\ude00"}', "f") == {"s": "\U0001F600"}
    with pytest.raises(InputError, match="nesting deeper than"):
        load_json("[" * 100_000 + "]" * 100_000, "f")
    with pytest.raises(InputError, match="invalid character 'N'"):
        load_json('{"a": NaN}', "f")


def test_only_regular_files_are_read(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"fifo.yaml:1: not a regular file"):
        read_bytes(fifo)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match=r"big.yaml:1: file too large: 2048 bytes \(the limit is 1024\)"):
        read_bytes(big, limit=1024)
    sim = Simulation(seed=1)
    r = sim.run(f"kubectl apply -f {fifo}")
    assert (r.exit_code, r.stderr) == (1, f"error: {fifo}:1: not a regular file\n")


def test_kubectl_apply_reports_the_loaders_errors():
    sim = Simulation(seed=1)
    r = sim.run("kubectl apply -f -", stdin=BOMB)
    assert r.exit_code == 1 and "document contains excessive aliasing" in r.stderr
    r = sim.run("kubectl apply -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n\x00\n")
    assert r.stderr == "error: STDIN:4:1: control characters are not allowed (U+0000)\n"


# -- kubetui validate and the other commands ------------------------------------------------

def validate(*paths) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *map(str, paths)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def scenario_with(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(SCENARIO.read_text())
    change(data)
    target = tmp_path / "scenario.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True))
    (tmp_path / "solution.txt").write_text((SCENARIO.parent / "solution.txt").read_text())
    return target


@pytest.mark.parametrize(("content", "expected"), [
    (b"mode: scenario\nid: x\x00\n", "f.yaml:2:6: control characters are not allowed (U+0000)"),
    (b"mode: scenario\nid: " + b"[" * 2000 + b"]" * 2000 + b"\n", "f.yaml:2:104: nesting deeper than 100 levels"),
    (b"apiVersion: v1\nkind: {a: b}\nmetadata: {name: c}\n", "f.yaml:2: unknown kind {'a': 'b'}"),
    (b"pack: p\nexercises:\n  - id: a\n    objectives: 5\n", "f.yaml:4: objectives: Input should be a valid list"),
    (b"mode: scenario\nid: \xff\n", "f.yaml:2:5: invalid UTF-8 (byte 0xff)"),
    (BOMB.encode(), "f.yaml:1: document contains excessive aliasing"),
])
def test_validate_reports_file_line(tmp_path, content, expected):
    f = tmp_path / "f.yaml"
    f.write_bytes(content)
    code, out = validate(f)
    assert code == 1
    assert f"{f}:{expected.removeprefix('f.yaml:')}" in out


def test_validate_a_fifo_and_a_name_too_long(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    code, out = validate(fifo)
    assert (code, out) == (1, f"{fifo}:1: not a regular file\n")
    target = scenario_with(tmp_path, lambda d: d.update(solution="a" * 300 + ".txt"))
    code, out = validate(target)
    assert code == 1 and re.search(r"scenario\.yaml:\d+: solution: File name too long", out), out


def test_validate_reports_a_command_files_bad_bytes(tmp_path):
    """A file a timeline or solution command applies is read as the loader reads any file."""
    target = scenario_with(tmp_path, lambda d: d.setdefault("timeline", []).append(
        {"at": 1, "run": "kubectl apply -f bad.yaml"}))
    (tmp_path / "bad.yaml").write_bytes(b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \xff\n")
    code, out = validate(target)
    assert code == 1 and f"{tmp_path / 'bad.yaml'}:4:9: invalid UTF-8 (byte 0xff)" in out, out


def test_scenario_sizes_are_bounded(tmp_path):
    target = scenario_with(tmp_path, lambda d: d.setdefault("cluster", {}).update(nodes=1_000_000_000))
    code, out = validate(target)
    assert code == 1 and "at most 5000 nodes (Kubernetes' own largest supported cluster)" in out
    target = scenario_with(tmp_path, lambda d: d.update(duration=10**12))
    code, out = validate(target)
    assert code == 1 and "duration: Input should be less than or equal to 100000" in out


def test_a_timeline_that_adds_a_nameless_node_runs(tmp_path):
    target = scenario_with(tmp_path, lambda d: d.setdefault("timeline", []).append({"at": 1, "run": "sim add-node ''"}))
    result = CliRunner().invoke(main, ["run", str(target), "--ticks", "3"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_scripts_cannot_wait_for_ever():
    with pytest.raises(ScenarioError) as e:
        parse_script("wait 99999999999\n@5000000000000000 kubectl get pods\n@²\n", "s.txt")
    assert e.value.messages == [
        "s.txt:1: `wait 99999999999` goes past the last tick a script may reach (1000000)",
        "s.txt:2: tick 5000000000000000 is past the last tick a script may reach (1000000)",
        "s.txt:3: `@²` must be `@` and a tick number, such as `@120 kubectl get pods`",
    ]


@pytest.mark.parametrize(("change", "message"), [
    ({"scenarioSha256": 5}, "the header's scenarioSha256 must be text or null, not 5"),
    ({"startTick": 1_000_000_000}, "the header's startTick must be a tick from 0 to 1000000, not 1000000000"),
    ({"nodes": 10**9}, "the header's nodes must be at most 5000, not 1000000000"),
])
def test_log_headers_are_checked(tmp_path, change, message):
    header = {"record": "header", "format": 1, "scenario": None, "nodes": 3, "seed": 1, **change}
    log = tmp_path / "run.jsonl"
    log.write_text(json.dumps(header) + "\n")
    with pytest.raises(LogError) as e:
        read_log(log)
    assert str(e.value) == f"{log}:1: {message}"
    result = CliRunner().invoke(main, ["replay", str(log), "--verify"])
    assert result.exit_code != 0 and "Traceback" not in result.output
