"""`kubetui validate` reports what a run would reject: manifests through apply's decoder and
validation, kubectl lines through kubectl's parser, each as file:line: message."""

import shutil
from pathlib import Path

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
