"""Proof sets: every exercise and scenario is graded on answers a person would give.

For each shipped item, `tests/proofs/exercises/<pack>.yaml` or `tests/proofs/scenarios/<id>.yaml`
holds (besides the item's own reference solution, proven elsewhere):

    <item id>:
      correct:                      # at least one answer that differs from the reference
        - why: a Pod manifest without the run=hello label
          case: "issue 15: rejected 1"      # optional: a case this answer once got wrong
          script: |
            kubectl apply -f - <<EOF
            ...
      wrong:                        # at least two near misses
        - why: the tag is missing
          fails: [image]            # the objectives that must fail (at least one)
          script: |
            kubectl run hello --image=nginx
        - why: the scenario's own careless fix
          file: wrong-default.txt   # a script in the scenario's folder, instead of `script`
          fails: [team-a-web]

A correct answer must pass every objective; a wrong one must fail each objective in `fails`
and the item as a whole. The data is plain YAML so that adding a case is adding an answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from shipped import catalog, discovered

from kubetui import Simulation
from kubetui.exercise.check import check_now
from kubetui.scenario.script import Script, load_script, parse_script
from kubetui.session import Session, run_scenario

pytestmark = pytest.mark.slow  # hundreds of graded runs, like the campaign's

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXERCISES = {e.id: e for e in catalog(ROOT / "exercises").exercises}
SCENARIOS = {s.id: s for s in discovered(ROOT / "scenarios") if s.mode == "scenario"}

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML has it: the proofs are read while pytest collects, in every worker, even
when `-m "not slow"` then leaves them out (the same data as SafeLoader: 0.03 s instead of 0.3)."""


def _load(folder: str) -> dict[str, tuple[dict, Path]]:
    out: dict[str, tuple[dict, Path]] = {}
    for f in sorted((HERE / folder).glob("*.yaml")):
        for item, entry in (yaml.load(f.read_text(encoding="utf-8"), Loader=_LOADER) or {}).items():
            assert item not in out, f"{f}: {item} also in {out[item][1]}"
            out[item] = (entry, f)
    return out


PROOFS = {**_load("exercises"), **_load("scenarios")}


def _answers():
    for item, (entry, f) in sorted(PROOFS.items()):
        for verdict in ("correct", "wrong"):
            for i, answer in enumerate(entry.get(verdict) or []):
                yield pytest.param(item, verdict, answer, f, id=f"{item}/{verdict}-{i + 1}")


def _script(item: str, answer: dict) -> Script:
    base = SCENARIOS[item].folder if item in SCENARIOS else ROOT
    if "file" in answer:
        return load_script(base / answer["file"])
    return Script(parse_script(answer["script"], f"{item}: {answer['why']}"), base)


_BEGUN: dict[str, bytes] = {}
"""Each exercise's cluster as `Session.begin` leaves it (built, set-up settled), one snapshot per
process: the several answers of an exercise each start from a copy instead of building and
settling it again. An exercise is judged only when checked (and its `always` parts from `watch`
on), so the cluster is all that carries over from `begin`."""


def _begun(item: str) -> Session:
    exercise = EXERCISES[item]
    if item not in _BEGUN:
        _BEGUN[item] = Session.begin(exercise, 0).sim.snapshot()
    session = Session(Simulation.restore(_BEGUN[item]), exercise)
    session.path.start = session.sim.tick
    session.watch()
    return session


def grade(item: str, answer: dict) -> tuple[bool, dict[str, str], list[tuple[str, str]]]:
    """(passed, {objective id: reason when failed}, [(command, stderr) of commands that failed])."""
    script = _script(item, answer)
    if item in EXERCISES:
        session = _begun(item)  # then as `grade_script` plays and checks
        session.play(script.steps, base=script.base)
        report = check_now(EXERCISES[item], session)
        report.commands = session.records
        failed = {p.id: p.reason.en for p in report.parts if not p.passed}
        errors = [(c.line, c.stderr) for c in report.commands if c.exitCode != 0]
        return report.passed, failed, errors
    _, result = run_scenario(SCENARIOS[item], script)
    failed = {v.id: v.reason.en for v in result.verdicts if v.state != "passing"}
    errors = [(c.line, c.stderr) for c in result.commands if c.exitCode != 0]
    return result.passed, failed, errors


def test_every_item_has_its_proof_set():
    missing, thin = [], []
    for item in sorted({*EXERCISES, *SCENARIOS}):
        entry = PROOFS.get(item, ({}, None))[0]
        if not entry:
            missing.append(item)
        elif len(entry.get("correct") or []) < 1 or len(entry.get("wrong") or []) < 2:
            thin.append(item)
    assert missing == [] and thin == [], f"no proof set: {missing}; fewer than 1 correct + 2 wrong: {thin}"


def test_proof_sets_name_only_shipped_items_and_objectives():
    for item, (entry, f) in PROOFS.items():
        shipped = EXERCISES.get(item) or SCENARIOS.get(item)
        assert shipped is not None, f"{f}: {item} is not a shipped exercise or scenario"
        ids = {o.id for o in shipped.objectives}
        for answer in entry.get("wrong") or []:
            assert answer.get("fails"), f"{f}: {item}: wrong answer {answer['why']!r} names no objective that fails"
            assert set(answer["fails"]) <= ids, f"{f}: {item}: unknown objectives {set(answer['fails']) - ids}"
        for answer in entry.get("correct") or []:
            assert "file" in answer or answer["script"].strip() != shipped.solution.strip(), \
                f"{f}: {item}: the same as the reference"
        for answer in [*(entry.get("correct") or []), *(entry.get("wrong") or [])]:
            assert ("script" in answer) != ("file" in answer), f"{f}: {item}: give a `script` or a `file`, not both"


ISSUE_15 = [f"issue 15: rejected {i}" for i in range(1, 10)] + [f"issue 15: accepted {i}" for i in range(1, 7)]


def test_the_fifteen_cases_of_issue_15_are_in_the_proof_sets():
    cases = {a.get("case") for entry, _ in PROOFS.values() for v in ("correct", "wrong") for a in entry.get(v) or []}
    assert [c for c in ISSUE_15 if c not in cases] == []


@pytest.mark.parametrize("item,verdict,answer,source", list(_answers()))
def test_answer(item, verdict, answer, source):
    passed, failed, errors = grade(item, answer)
    if verdict == "correct":
        assert errors == [], f"{source}: {answer['why']}: commands failed"
        assert passed and failed == {}, f"{source}: {answer['why']}: {failed}"
    else:
        assert not passed, f"{source}: {answer['why']}: a wrong answer passed"
        wrongly_passed = [o for o in answer["fails"] if o not in failed]
        assert wrongly_passed == [], f"{source}: {answer['why']}: these passed: {wrongly_passed}; failed: {failed}"
