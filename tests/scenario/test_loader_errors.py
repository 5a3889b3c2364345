"""The loader: every broken fixture reports exactly the `file:line: message` lines it announces.

Each file under broken/ starts with `# expect: LINE: text` comments (a message in that file) or
`# expect-file: PATH:LINE: text` (a message in a file it names, relative to broken/).
"""

import shutil
from pathlib import Path

import pytest
from scenario_fakes import GOOD

from kubetui.scenario import ScenarioError, discover, json_schema, load_scenario, validate_paths

BROKEN = Path(__file__).parent / "broken"
FILES = sorted(BROKEN.glob("*.yaml"))


def expectations(path: Path) -> list[str]:
    out = []
    for line in path.read_text().splitlines():
        if line.startswith("# expect: "):
            out.append(f"{path}:{line[len('# expect: '):]}")
        elif line.startswith("# expect-file: "):
            out.append(f"{BROKEN / line[len('# expect-file: '):]}")
    return out


def test_there_are_broken_fixtures():
    assert len(FILES) >= 12


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_broken_file_reports_exact_lines(path):
    wanted = expectations(path)
    assert wanted, f"{path} announces no expected message"
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    got = err.value.messages
    for w in wanted:
        assert any(m.startswith(w) for m in got), f"expected {w!r} in {got}"
    assert len(got) == len(wanted), got


def test_good_scenario_loads_with_its_files():
    s = load_scenario(GOOD)
    assert s.id == "web-survives-node-failure"
    assert [o["kind"] for o in s.manifest_objects()] == ["Deployment", "Service"]
    assert s.folder == GOOD.parent
    assert len(s.sha256) == 64
    assert [st.command for st in s.solution_script().steps][0] == "kubectl scale deploy/web --replicas=4"


def test_inline_solution_lines_are_lines_of_the_scenario_file(tmp_path):
    text = GOOD.read_text().replace("solution: solution.txt", "solution: |\n  # spare\n  @10 kubectl scale deploy/web --replicas=4\n"
                                                              "  kubectl create job report --image=busybox\n")
    (tmp_path / "manifests").mkdir()
    shutil.copy(GOOD.parent / "manifests" / "web.yaml", tmp_path / "manifests" / "web.yaml")
    p = tmp_path / "s.yaml"
    p.write_text(text)
    s = load_scenario(p)
    steps = s.solution_script().steps
    assert steps[0].line == text.splitlines().index("  @10 kubectl scale deploy/web --replicas=4") + 1
    assert [st.line for st in steps] == [steps[0].line, steps[0].line + 1]


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    folder = tmp_path / "scn"
    shutil.copytree(GOOD.parent, folder)
    (folder / "manifests" / "link.yaml").symlink_to(outside)
    p = folder / "scenario.yaml"
    p.write_text(p.read_text().replace("- file: manifests/web.yaml", "- file: manifests/web.yaml\n  - file: manifests/link.yaml"))
    line = p.read_text().splitlines().index("  - file: manifests/link.yaml") + 1
    with pytest.raises(ScenarioError) as err:
        load_scenario(p)
    assert err.value.messages == [f"{p}:{line}: 'manifests/link.yaml' points outside the scenario's folder"]


def test_unreadable_and_non_mapping_files(tmp_path):
    with pytest.raises(ScenarioError, match=r"nope.yaml:1: cannot read the file"):
        load_scenario(tmp_path / "nope.yaml")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    with pytest.raises(ScenarioError, match=r"list.yaml:1: a scenario file is a YAML mapping"):
        load_scenario(tmp_path / "list.yaml")
    (tmp_path / "two.yaml").write_text("id: a\n---\nid: b\n")
    with pytest.raises(ScenarioError, match=r"two.yaml:3: a scenario file holds one YAML document"):
        load_scenario(tmp_path / "two.yaml")


def _copy_good(dst: Path, id_: str, order: int) -> Path:
    shutil.copytree(GOOD.parent, dst)
    p = dst / "scenario.yaml"
    p.write_text(p.read_text().replace("id: web-survives-node-failure", f"id: {id_}").replace("order: 10", f"order: {order}"))
    return p


def test_discover_orders_by_campaign_position(tmp_path):
    _copy_good(tmp_path / "b", "second", 20)
    _copy_good(tmp_path / "a", "third", 30)
    _copy_good(tmp_path / "c", "first", 5)
    assert [s.id for s in discover(tmp_path)] == ["first", "second", "third"]


def test_discover_refuses_a_repeated_id_and_reports_broken_files(tmp_path):
    _copy_good(tmp_path / "a", "same", 1)
    p = _copy_good(tmp_path / "b", "same", 2)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "bad.yaml").write_text("mode: scenario\nid: [\n")
    with pytest.raises(ScenarioError) as err:
        discover(tmp_path)
    msgs = err.value.messages
    assert any(m.startswith(f"{tmp_path / 'c' / 'bad.yaml'}:") for m in msgs)
    assert f"{p}:1: scenario id 'same' is already used by {tmp_path / 'a' / 'scenario.yaml'}" in msgs


def test_validate_paths_checks_scenarios_manifests_and_scripts(tmp_path):
    assert validate_paths([GOOD, GOOD.parent, GOOD.parent / "solution.txt", GOOD.parent / "manifests" / "web.yaml"]) == []
    script = tmp_path / "moves.txt"
    script.write_text("kubectl get pods\nwait x\n")
    manifest = tmp_path / "m.yaml"
    manifest.write_text("apiVersion: v1\nkind: Pod\nmetadata: {}\n")
    msgs = validate_paths([script, manifest, tmp_path / "missing.yaml", BROKEN / "duplicate_key.yaml"])
    assert msgs == [
        f"{script}:2: `wait` takes a number of ticks, such as `wait 30`",
        f"{manifest}:3: missing field 'metadata.name'",
        f"{tmp_path / 'missing.yaml'}: no such file or directory",
        f"{BROKEN / 'duplicate_key.yaml'}:12: duplicate key 'order' (first on line 10)",
    ]


def test_json_schema_describes_the_objectives():
    schema = json_schema()
    text = str(schema)
    assert schema["title"] == "kubetui scenario"
    for name in ("availableReplicas", "serviceSuccessRate", "noPodPendingLongerThan", "costBudget", "dataSurvived"):
        assert name in text
    assert schema["additionalProperties"] is False
