"""Objective text a person would write, in both languages, with the machine detail one key
(or one flag) away: every shipped objective has it, an objective with no `description:` gets
one made from its type and fields, and one pod is never "are"."""

import re
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter
from shipped import catalog, scenario_files

from kubetui.cli import main
from kubetui.scenario.describe import TEMPLATES, describe
from kubetui.scenario.korean_style import problems
from kubetui.scenario.objectives import Objective, PodsReady, _tense

ROOT = Path(__file__).resolve().parents[2]
ITEMS = scenario_files(ROOT / "scenarios") \
    + catalog(ROOT / "exercises").exercises
OBJECTIVES = [(item, o) for item in ITEMS for o in item.objectives]
ADAPTER = TypeAdapter(Objective)


def _types() -> set[str]:
    union = get_args(Objective)[0]
    return {get_args(cls.model_fields["type"].annotation)[0] for cls in get_args(union)}


def test_every_objective_type_has_sentences():
    assert _types() - set(TEMPLATES) == set()


@pytest.mark.parametrize("item,o", OBJECTIVES, ids=[f"{i.id}/{o.id}" for i, o in OBJECTIVES])
def test_every_shipped_objective_reads_as_a_person_would_write_it(item, o):
    assert o.description.en.strip() and o.description.ko.strip()
    made = describe(o)
    assert made is not None and made[0].strip() and made[1].strip()
    assert problems(f"{item.id}/{o.id} (made)", made[1], polite=True) == []
    assert not re.search(r"\{\w+(\|\w+)?\}", made[0] + made[1])
    assert o.detail.startswith(o.type)


def test_an_objective_without_description_gets_one_from_its_type_and_fields():
    o = ADAPTER.validate_python({"id": "image", "type": "containerField", "kind": "Pod", "name": "hello",
                                 "field": "image", "value": "nginx:1.27", "atEnd": True})
    assert (o.description.en, o.description.ko) == ("Pod hello runs nginx:1.27", "hello Pod가 nginx:1.27로 실행 중")
    assert o.detail == "containerField kind=Pod name=hello field=image value=nginx:1.27 · at the end"
    o = ADAPTER.validate_python({"id": "web", "type": "availableReplicas", "name": "web", "namespace": "shop",
                                 "min": 3, "by": 60})
    assert o.description.en == "Deployment web in shop has at least 3 available replicas"
    assert o.description.ko == "shop 네임스페이스의 web Deployment의 사용 가능한 레플리카 3개 이상"
    o = ADAPTER.validate_python({"id": "s", "type": "secretKeyEquals", "name": "db", "key": "password", "atEnd": True})
    assert o.description.ko == "db Secret에 password 키가 있음"


def test_an_author_text_is_kept():
    o = ADAPTER.validate_python({"id": "ready", "type": "podsReady", "pod": "hello", "atEnd": True,
                                 "description": {"en": "hello is up", "ko": "hello가 떠 있음"}})
    assert o.description.en == "hello is up"


class _View:
    def __init__(self, pods):
        self.pods = pods

    def get(self, kind, name, namespace):
        return self.pods.get(name)

    def list(self, kind, namespace, selector=None):
        return list(self.pods.values())


def _pod(name, image, ready):
    return {"metadata": {"name": name, "namespace": "default"}, "spec": {"containers": [{"name": "c", "image": image}]},
            "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}}


@pytest.mark.parametrize("ready", [True, False])
def test_one_pod_is_never_are(ready):
    o = PodsReady(id="shop", type="podsReady", pod="shop", image="nginx:1.27", atEnd=True,
                  description={"en": "x", "ko": "x"})
    f = o.check(_View({"shop": _pod("shop", "nginx:1.27", ready)}), {}, 0)
    text = _tense(f.en, False)
    assert " are " not in text and text.startswith("pod shop is ")
    assert ("not Ready" in text) is (not ready)
    assert "nginx:1.27로" in f.ko


def test_run_prints_the_human_text_and_verbose_adds_the_machine_detail():
    target = str(ROOT / "scenarios" / "10-first-pod")
    plain = CliRunner().invoke(main, ["run", target, "--ticks", "5"])
    assert "FAIL  hello-image: hello runs the image nginx:1.27" in plain.output
    assert "fieldEquals" not in plain.output
    verbose = CliRunner().invoke(main, ["run", target, "--ticks", "5", "--verbose", "--lang", "ko"])
    assert "FAIL  hello-image: hello Pod가 nginx:1.27로 실행 중" in verbose.output
    assert "fieldEquals kind=Pod name=hello path=spec.containers[0].image value=nginx:1.27 · at the end" in verbose.output
    assert "마지막(틱 5)" in verbose.output
