"""The Korean style of docs/style-ko.md as rules a test can check: one form per Kubernetes kind
(the API's own name: Pod, not 파드), particles attached to code spans, one polite register.

One rule set for every Korean text the player reads: scenarios, exercises (both are
`Scenario`s), and the strings the program itself writes (objective reasons, the UI)."""

from __future__ import annotations

import re
from collections.abc import Iterator

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

DETACHED_PARTICLE = re.compile(r"`\s+(은|는|이|가|을|를|의|에|에서|으로|로|와|과|도|만|나|이나|인|이면|면)(?=[\s.,)])")
"""A particle separated from the code span it belongs to: "`compute` 는" (write "`compute`는")."""

PLAIN_ENDING = re.compile(r"(?<![니마])다[.!]?$")
"""A plain-register sentence ending (한다, 이다) where the texts address the player politely (합니다,
하세요); "마다" (every) is not an ending."""

_PARTICLES = {"을": "를", "이": "가", "은": "는", "과": "와", "으로": "로"}
"""Particle after a final consonant -> after a vowel."""

READ_AS = {
    "Pod": "파드", "Deployment": "디플로이먼트", "ReplicaSet": "레플리카셋", "DaemonSet": "데몬셋",
    "StatefulSet": "스테이트풀셋", "Job": "잡", "CronJob": "크론잡", "ConfigMap": "컨피그맵",
    "Secret": "시크릿", "Service": "서비스", "Ingress": "인그레스", "Namespace": "네임스페이스",
    "Node": "노드", "ServiceAccount": "서비스어카운트", "NetworkPolicy": "네트워크폴리시",
    "ResourceQuota": "리소스쿼터", "LimitRange": "리밋레인지", "HorizontalPodAutoscaler": "오토스케일러",
    "PersistentVolumeClaim": "클레임", "PersistentVolume": "볼륨", "Role": "롤", "RoleBinding": "롤바인딩",
    "ClusterRole": "클러스터롤", "ClusterRoleBinding": "클러스터롤바인딩",
}
"""How a kind written in the API's spelling is read aloud, which decides its particle."""


_DIGITS = "영일이삼사오육칠팔구"
"""How a final digit is read, which decides the particle after a number or an image tag."""


def _reading(word: str) -> str | None:
    """The last syllable `word` is read with, when it is known: a kind, a Korean word, a number."""
    if word in READ_AS:
        return READ_AS[word]
    last = word.rstrip(")`'\"")[-1:]
    if "가" <= last <= "힣":
        return last
    if last.isdigit():
        return _DIGITS[int(last)]
    last_word = word.split()[-1] if word.split() else word
    return READ_AS.get(last_word)


def _final_consonant(reading: str) -> bool:
    last = reading[-1]
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def particle(word: str, after_consonant: str) -> str:
    """The form of a particle (given in its after-consonant form: 을, 이, 은, 과, 으로) that
    follows `word` read aloud: particle("Pod", "을") -> "를", particle("Secret", "이") -> "이";
    both forms, 을(를), when the reading is unknown (a name in Latin letters)."""
    vowel = _PARTICLES[after_consonant]
    reading = _reading(word)
    if reading is None:
        return "(으)로" if after_consonant == "으로" else f"{after_consonant}({vowel})"
    if after_consonant == "으로" and (ord(reading[-1]) - 0xAC00) % 28 == 8:
        return "로"  # ㄹ: 롤로, 칠로
    return after_consonant if _final_consonant(reading) else vowel


_KIND_PARTICLE = re.compile(r"\b(" + "|".join(sorted(READ_AS, key=len, reverse=True)) + r")(을|를|이|가|은|는|과|와|으로|로)(?![가-힣])")
"""A kind in the API's spelling followed directly by a particle that may not match its sound."""


def mismatched_particle(text: str) -> str | None:
    """The first "Kind+particle" whose particle does not match how the kind is read
    ("Secret를", read 시크릿를); None when every one matches."""
    prose = re.sub(r"`[^`]*`", "``", text)
    for m in _KIND_PARTICLE.finditer(prose):
        word, got = m.group(1), m.group(2)
        base = {v: k for k, v in _PARTICLES.items()}.get(got, got)
        if got != particle(word, base):
            return m.group(0)
    return None


def problems(where: str, text: str, polite: bool) -> list[str]:
    """What `text` (Korean, shown at `where`) breaks of the style guide."""
    out = []
    prose = re.sub(r"`[^`]*`", "``", text)
    for korean, api in KINDS.items():
        if korean in prose:
            out.append(f"{where}: {korean!r}, write {api!r}")
    m = DETACHED_PARTICLE.search(text)
    if m:
        out.append(f"{where}: a particle detached from its code span: {m.group(0)!r}")
    bad = mismatched_particle(text)
    if bad:
        out.append(f"{where}: {bad!r}: the particle does not match how the word is read")
    if polite:
        for sentence in re.split(r"(?<=[.!?])\s+", prose.strip()):
            if PLAIN_ENDING.search(sentence.strip()):
                out.append(f"{where}: plain register {sentence.strip()[-20:]!r}")
    return out


def texts(item) -> Iterator[tuple[str, str, bool]]:
    """(where, Korean text, held to the register?) of everything the player reads in a scenario
    or exercise. The seed line quotes the learner's notes in their own (plain) register;
    objective texts are noun phrases ("있음", "실행 중"), never a plain "-다" ending; titles are
    headlines, which may be short plain statements ("클러스터가 꽉 찼다")."""
    yield "title", item.title.ko, False
    yield "briefing", item.briefing.ko, True
    yield "debrief", item.debrief.ko, True
    for i, h in enumerate(item.hints):
        yield f"hints[{i}]", h.ko, True
    for o in item.objectives:
        yield f"objective {o.id}", o.description.ko, True
    yield "seedLine", item.seedLine.ko, False


def item_problems(item) -> list[str]:
    """Every style problem of a scenario or exercise, each prefixed with its id."""
    out: list[str] = []
    for where, text, polite in texts(item):
        out.extend(f"{item.id} {p}" for p in problems(where, text, polite))
    return out
