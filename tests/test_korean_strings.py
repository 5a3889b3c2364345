"""The Korean strings the program writes itself (objective reasons and labels, the UI's words)
follow docs/style-ko.md: the same rules (kubetui/scenario/korean_style.py) as the scenarios and
exercises."""

import ast
import re
from pathlib import Path

import pytest
import yaml

from kubetui.scenario.korean_style import problems

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[가-힣]")
SKIP = {"kubetui/scenario/korean_style.py"}
"""The rules themselves name the forms they forbid."""


def korean_strings(path: Path):
    """(line, text) of every Korean string literal in a module; an f-string's fixed parts
    are joined with `{}` where the values go."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside_fstring = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                inside_fstring.add(id(v))
                parts.append(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}")
            text = "".join(parts)
            if HANGUL.search(text):
                yield node.lineno, text
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside_fstring:
            if HANGUL.search(node.value):
                yield node.lineno, node.value


@pytest.mark.slow
def test_program_korean_follows_the_style_guide():
    found = []
    for path in sorted((ROOT / "kubetui").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in SKIP:
            continue
        for line, text in korean_strings(path):
            found.extend(problems(f"{rel}:{line}", text, polite=False))
    assert found == []


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def test_program_data_korean_follows_the_style_guide():
    """Korean in the data files the program ships (the notes on removed API versions)."""
    found = []
    for path in sorted((ROOT / "kubetui").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if not HANGUL.search(text):
            continue
        for doc in yaml.safe_load_all(text):
            for s in _strings(doc):
                if HANGUL.search(s):
                    found.extend(problems(path.relative_to(ROOT).as_posix(), s, polite=False))
    assert found == []


def test_the_scan_sees_fstrings_and_plain_strings(tmp_path):
    mod = tmp_path / "m.py"
    mod.write_text('name = "x"\nA = f"파드 {name}: 없음"\nB = "Secret를 만듦"\n', encoding="utf-8")
    texts = dict(korean_strings(mod))
    assert texts == {2: "파드 {}: 없음", 3: "Secret를 만듦"}
    assert problems("m", texts[2], polite=False) and problems("m", texts[3], polite=False)
