"""`kubetui validate` reports what a run would reject: manifests through apply's decoder and
validation, kubectl lines through kubectl's parser, each as file:line: message."""

import shutil
from pathlib import Path

import pytest
from scenario_fakes import GOOD

from kubetui.scenario import validate_paths


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "s"
    shutil.copytree(GOOD.parent, folder)
    return folder / "scenario.yaml"


def test_the_good_fixture_stays_clean(tmp_path):
    assert validate_paths([_copy(tmp_path)]) == []


def test_a_bad_api_version_and_a_typo_field_in_a_manifest_file(tmp_path):
    scenario = _copy(tmp_path)
    web = scenario.parent / "manifests" / "web.yaml"
    text = web.read_text().replace("apps/v1", "apps/v2", 1)
    web.write_text(text)
    found = validate_paths([scenario])
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "apiVersion" in t)
    assert found == [f'{web}:{line}: no matches for kind "Deployment" in version "apps/v2"']


def test_an_unknown_field_in_a_plain_manifest_names_the_field_and_its_line(tmp_path):
    m = tmp_path / "pod.yaml"
    m.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n"
                 "    image: nginx\n    imagePullPolcy: Always\n")
    [message] = validate_paths([m])
    assert message.startswith(f"{m}:9: ")
    assert 'unknown field "spec.containers[0].imagePullPolcy"' in message


def test_a_misspelt_verb_in_the_timeline(tmp_path):
    scenario = _copy(tmp_path)
    text = scenario.read_text().replace("run: sim fail-node node-2", "run: kubectl runn shop")
    scenario.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "kubectl runn" in t)
    [message] = validate_paths([scenario])
    assert message.startswith(f"{scenario}:{line}: 'kubectl runn shop': unknown command \"runn\"")


def test_unknown_flags_and_kinds_in_the_solution(tmp_path):
    scenario = _copy(tmp_path)
    solution = scenario.parent / "solution.txt"
    solution.write_text("@10 kubectl scale deployz/web --replicas=4\n"
                        "kubectl create job report --image=busybox --restrat=Never -- echo done\n")
    found = validate_paths([scenario])
    assert found == [
        f"{solution}:1: 'kubectl scale deployz/web --replicas=4': the server doesn't have a resource type \"deployz\"",
        f"{solution}:2: 'kubectl create job report --image=busybox --restrat=Never -- echo done': "
        "unknown flag: --restrat",
    ]


def test_an_inline_manifest_with_a_bad_field_value(tmp_path):
    scenario = _copy(tmp_path)
    text = scenario.read_text().replace("ports: [{port: 80}]", "ports: [{port: 80, protcol: TCP}]")
    scenario.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "protcol" in t)
    [message] = validate_paths([scenario])
    assert message.startswith(f"{scenario}:{line}: ") and "protcol" in message


@pytest.mark.parametrize(("line", "problem"), [
    ("sim add-node ''", 'The Node "" is invalid: metadata.name: Invalid value: ""'),
    ("sim add-nod node-4", 'unknown command "add-nod" for "sim"'),
    ("sim add-node", "sim add-node needs a NAME"),
    ("sim add-node node-4 --cpu four", 'invalid argument "four" for "--cpu" flag'),
    ("sim add-node node-4 --gpus 1", "unknown flag: --gpus"),
    ("sim fail-node", "sim fail-node takes exactly one NAME"),
    ("sim stop schedulr", "name one of: scheduler, controller-manager, apiserver, etcd"),
    ("sim load svc/web lots", 'invalid requests per second "lots": give a number >= 0'),
    ("sim exit web 1", "sim exit takes pod/NAME [CODE] [-c CONTAINER] [-n NAMESPACE]"),
])
def test_a_sim_line_the_run_would_refuse(tmp_path, line, problem):
    scenario = _copy(tmp_path)
    text = scenario.read_text().replace("run: sim fail-node node-2", f"run: {line}")
    scenario.write_text(text)
    number = next(i for i, t in enumerate(text.splitlines(), 1) if line in t)
    [message] = validate_paths([scenario])
    assert message.startswith(f"{scenario}:{number}: {line!r}: {problem}")


def test_sim_lines_only_the_cluster_can_refuse_pass(tmp_path):
    """A node or Service the cluster may hold by then is the run's to judge, not validate's."""
    scenario = _copy(tmp_path)
    good = scenario.read_text()
    for line in ("sim fail-node node-9", "sim load svc/nowhere 5 --from shop/app=web", "sim exit pod/x 3 -c c"):
        scenario.write_text(good.replace("run: sim fail-node node-2", f"run: {line}"))
        assert f"run: {line}" in scenario.read_text()
        assert validate_paths([scenario]) == [], line


def test_a_packs_timeline_is_checked_with_its_lines(tmp_path):
    pack = tmp_path / "scheduling.yaml"
    text = (Path(__file__).parents[2] / "exercises" / "scheduling.yaml").read_text()
    assert '- {at: 0, run: "kubectl cordon node-3"}' in text
    pack.write_text(text.replace('- {at: 0, run: "kubectl cordon node-3"}',
                                 '- {at: 0, run: "kubectl cordon node-3"}\n      - {at: 5, run: "sim add-node node-4 --pods many"}', 1))
    line = next(i for i, t in enumerate(pack.read_text().splitlines(), 1) if "sim add-node node-4" in t)
    assert validate_paths([pack]) == [
        f"{pack}:{line}: 'sim add-node node-4 --pods many': invalid argument \"many\" for \"--pods\" flag"]


def test_a_missing_solution_file_does_not_hide_the_timeline_and_manifest_errors(tmp_path):
    """One pass: the loader's cross-checks and the deep checks together, sorted by file and line."""
    scenario = _copy(tmp_path)
    (scenario.parent / "solution.txt").unlink()
    web = scenario.parent / "manifests" / "web.yaml"
    web.write_text(web.read_text().replace("apps/v1", "apps/v2", 1))
    text = scenario.read_text().replace("run: sim fail-node node-2", "run: kubectl runn shop")
    scenario.write_text(text)
    lines = text.splitlines()
    runn = next(i for i, t in enumerate(lines, 1) if "kubectl runn" in t)
    reports = next(i for i, t in enumerate(lines, 1) if "name: report" in t)
    solution = next(i for i, t in enumerate(lines, 1) if t.startswith("solution:"))
    assert validate_paths([scenario]) == [
        f'{web}:1: no matches for kind "Deployment" in version "apps/v2"',
        f"{scenario}:{runn}: 'kubectl runn shop': unknown command \"runn\" for \"kubectl\"",
        f"{scenario}:{reports}: objective 'reports' checks Job 'report', which no manifest, timeline command or "
        "solution creates",
        f"{scenario}:{solution}: solution script 'solution.txt' not found",
    ]


def test_a_pack_reports_an_exercise_s_cross_checks_and_its_timeline_together(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: p\n"
        "defaults:\n"
        "  cluster: {nodes: [{name: node-1}]}\n"
        "  duration: 60\n"
        "  concepts: [pod]\n"
        "  order: 1\n"
        "  difficulty: 1\n"
        "  debrief: {en: d, ko: d}\n"
        "  seedLine: {en: s, ko: s}\n"
        "exercises:\n"
        "  - id: one\n"
        "    title: {en: One, ko: 하나}\n"
        "    briefing: {en: b, ko: b}\n"
        "    solution: missing.txt\n"
        "    timeline:\n"
        "      - at: 1\n"
        "        run: kubectl runn shop\n"
        "    objectives:\n"
        "      - {id: web, type: availableReplicas, name: web, min: 1}\n")
    found = validate_paths([pack])
    assert [int(m.split(":")[1]) for m in found] == sorted(int(m.split(":")[1]) for m in found)
    assert any("solution script 'missing.txt' not found" in m for m in found), found
    assert any(m.startswith(f"{pack}:17: ") and 'unknown command "runn"' in m for m in found), found
