"""Packs of exercises: defaults merged into each exercise, every mistake reported at the
line of the pack it comes from."""

import textwrap

import pytest

from kubetui.scenario import ScenarioError, load_pack, validate_paths

GOOD = """\
pack: demo
defaults:
  difficulty: 1
  duration: 20
  tags: [core]
  concepts: [pod]
  seedLine: {en: "Pod: the smallest unit.", ko: "Pod: 가장 작은 단위."}
exercises:
  - id: one
    order: 1
    title: {en: One, ko: 하나}
    briefing: {en: Run a pod., ko: 파드를 실행하세요.}
    debrief: {en: Done., ko: 끝.}
    solution: |
      kubectl run one --image=nginx:1.25
      wait 5
    objectives:
      - id: exists
        type: objectExists
        kind: Pod
        name: one
        description: {en: pod one exists, ko: one 파드가 있음}
  - id: two
    order: 2
    duration: 30
    title: {en: Two, ko: 둘}
    briefing: {en: Again., ko: 다시.}
    debrief: {en: Done., ko: 끝.}
    solution: |
      kubectl run two --image=nginx:1.25
    objectives:
      - id: exists
        type: objectExists
        kind: Pod
        name: two
        description: {en: pod two exists, ko: two 파드가 있음}
"""


def write(tmp_path, text, name="pack.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def errors(path):
    with pytest.raises(ScenarioError) as e:
        load_pack(path)
    return e.value.messages


def test_defaults_fill_each_exercise(tmp_path):
    one, two = load_pack(write(tmp_path, GOOD))
    assert (one.mode, one.duration, one.difficulty, one.tags) == ("exercise", 20, 1, ["core"])
    assert two.duration == 30
    assert one.objectives[0].atEnd and two.objectives[0].atEnd
    assert one.solution_script().steps[0].line == 15
    assert validate_paths([tmp_path]) == []


def test_unknown_field_in_an_exercise_points_at_its_line(tmp_path):
    p = write(tmp_path, GOOD.replace("    order: 2\n", "    order: 2\n    tilte: oops\n"))
    assert errors(p) == [f"{p}:25: unknown field 'tilte'"]


def test_a_bad_default_points_at_the_defaults(tmp_path):
    p = write(tmp_path, GOOD.replace("  duration: 20\n", "  duration: soon\n"))
    msgs = errors(p)
    assert msgs and all(m.startswith(f"{p}:4: duration:") for m in msgs)
    assert len(msgs) == 1  # exercise two sets its own duration


def test_unknown_objective_type_and_missing_field(tmp_path):
    text = GOOD.replace("        type: objectExists\n        kind: Pod\n        name: two\n",
                        "        type: objectExist\n        kind: Pod\n        name: two\n")
    text = text.replace("    title: {en: One, ko: 하나}\n", "")
    p = write(tmp_path, text)
    msgs = errors(p)
    assert f"{p}:9: missing field 'title'" in msgs
    assert any(m.startswith(f"{p}:31: objectives[0]: unknown objective type 'objectExist'")
               and "did you mean 'objectExists'?" in m for m in msgs)


def test_duplicate_ids_and_bad_top_level(tmp_path):
    p = write(tmp_path, GOOD.replace("  - id: two\n", "  - id: one\n"))
    assert errors(p) == [f"{p}:23: exercise id 'one' is used twice (first on line 9)"]
    q = write(tmp_path, "pack: Demo\nexercize: []\n", name="q.yaml")
    msgs = errors(q)
    assert f"{q}:2: unknown field 'exercize' in a pack (known: pack, title, defaults, exercises)" in msgs
    assert f"{q}:1: `pack` must be an id (lowercase, digits and dashes)" in msgs


def test_yaml_error_has_a_line(tmp_path):
    p = write(tmp_path, GOOD.replace("    title: {en: Two, ko: 둘}", "    title: {en: Two, three, ko: 둘}"))
    assert errors(p) == [f"{p}:26: unknown field 'three' in title"]


def test_each_exercise_knows_its_pack_and_a_broken_pack_title_is_reported(tmp_path):
    one, _ = load_pack(write(tmp_path, "title: {en: Demo pack, ko: 데모}\n" + GOOD))
    assert one.pack[0] == "demo" and one.pack[1].en == "Demo pack"
    assert load_pack(write(tmp_path, GOOD))[0].pack == ("demo", None)
    # an unquoted comma in a flow mapping splits the title into keys of its own
    msgs = errors(write(tmp_path, "title: {en: Files, owners and modes, ko: 파일}\n" + GOOD))
    assert [m.split("/")[-1] for m in msgs] == ["pack.yaml:1: a pack's `title` is a text ({en: ..., ko: ...})"]
