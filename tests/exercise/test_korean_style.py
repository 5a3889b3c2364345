"""The Korean style of docs/style-ko.md, held by every exercise text: one form per Kubernetes
kind (the API's own name: Pod, not 파드), particles attached to code spans and matching the
word's sound, one register. The rules live in kubetui/scenario/korean_style.py, shared with
the scenarios' and the program's own texts."""

from pathlib import Path

import pytest
from shipped import catalog

from kubetui.scenario.korean_style import item_problems

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = catalog(ROOT / "exercises").exercises


@pytest.mark.parametrize("ex", EXERCISES, ids=[e.id for e in EXERCISES])
def test_korean_texts_follow_the_style_guide(ex):
    assert item_problems(ex) == []


def test_the_checks_catch_what_they_name():
    class _T:
        def __init__(self, ko):
            self.ko = ko

    class _Ex:
        id = "x"
        title = _T("제목")
        briefing = _T("`compute` 는 파드를 만든다.")
        debrief = _T("`kubectl get pods`는 Pod를 보여 줍니다. Secret를 만드세요.")
        hints = []
        objectives = []
        seedLine = _T("Pod: 가장 작은 배포 단위다.")

    found = item_problems(_Ex)
    assert any("'파드'" in p for p in found)
    assert any("detached" in p for p in found)
    assert any("plain register" in p for p in found)
    assert any("'Secret를'" in p and "debrief" in p for p in found)
    assert not any("seedLine" in p for p in found)
    assert sum("debrief" in p for p in found) == 1
