"""The Korean style of docs/style-ko.md, held by every exercise text: one form per Kubernetes
kind (the API's own name: Pod, not 파드), particles attached to code spans, one register."""

import re
from pathlib import Path

import pytest

from kubetui.exercise.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = load_catalog(ROOT / "exercises").exercises

KINDS = {
    "파드": "Pod",
    "디플로이먼트": "Deployment",
    "레플리카셋": "ReplicaSet",
    "데몬셋": "DaemonSet",
    "스테이트풀셋": "StatefulSet",
    "크론잡": "CronJob",
    "컨피그맵": "ConfigMap",
    "시크릿": "Secret",
}
"""Korean renderings of kind names that the texts do not use, and the API name they write instead."""

DETACHED_PARTICLE = re.compile(r"`\s+(은|는|이|가|을|를|의|에|에서|으로|로|와|과|도|만)(?=[\s.,)])")
"""A particle separated from the code span it belongs to: "`compute` 는" (write "`compute`는")."""

PLAIN_ENDING = re.compile(r"(?<![니마])다[.!]?$")
"""A plain-register sentence ending (한다, 이다) where the texts address the player politely (합니다,
하세요); "마다" (every) is not an ending."""


def _texts(ex):
    """(where, Korean text) of everything the player reads, except the seed line, which quotes
    the notes in their own (plain) register."""
    yield "title", ex.title.ko, False
    yield "briefing", ex.briefing.ko, True
    yield "debrief", ex.debrief.ko, True
    for i, h in enumerate(ex.hints):
        yield f"hints[{i}]", h.ko, True
    for o in ex.objectives:
        yield f"objective {o.id}", o.description.ko, False
    yield "seedLine", ex.seedLine.ko, False


def _problems(ex) -> list[str]:
    out = []
    for where, text, polite in _texts(ex):
        prose = re.sub(r"`[^`]*`", "``", text)
        for korean, api in KINDS.items():
            if korean in prose:
                out.append(f"{ex.id} {where}: {korean!r}, write {api!r}")
        if DETACHED_PARTICLE.search(text):
            out.append(f"{ex.id} {where}: a particle detached from its code span: {DETACHED_PARTICLE.search(text).group(0)!r}")
        if polite:
            for sentence in re.split(r"(?<=[.!?])\s+", prose.strip()):
                if PLAIN_ENDING.search(sentence.strip()):
                    out.append(f"{ex.id} {where}: plain register {sentence.strip()[-20:]!r}")
    return out


@pytest.mark.parametrize("ex", EXERCISES, ids=[e.id for e in EXERCISES])
def test_korean_texts_follow_the_style_guide(ex):
    assert _problems(ex) == []


def test_the_checks_catch_what_they_name():
    class _T:
        def __init__(self, ko):
            self.ko = ko

    class _Ex:
        id = "x"
        title = _T("제목")
        briefing = _T("`compute` 는 파드를 만든다.")
        debrief = _T("`kubectl get pods`는 Pod를 보여 줍니다.")
        hints = []
        objectives = []
        seedLine = _T("Pod: 가장 작은 배포 단위다.")

    found = _problems(_Ex)
    assert any("'파드'" in p for p in found)
    assert any("detached" in p for p in found)
    assert any("plain register" in p for p in found)
    assert not any("debrief" in p or "seedLine" in p for p in found)
