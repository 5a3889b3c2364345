"""Objectives read the stored objects themselves, not copies (kubetui/scenario/view.py): this
proves no objective type changes what it reads. Every objective type the shipped content uses is
judged once, in strict mode, by the cheapest reference runs that together use them all."""

from pathlib import Path

import pytest
from shipped import catalog, discovered

from kubetui.exercise.check import grade_script
from kubetui.scenario.view import Reading
from kubetui.session import run_scenario

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _cover():
    """Exercises first (a quick grading each), then scenarios for the types no exercise uses."""
    items = [("exercise", e) for e in catalog(ROOT / "exercises").exercises]
    items += [("scenario", s) for s in discovered(ROOT / "scenarios") if s.mode == "scenario"]
    wanted = {o.type for _, item in items for o in item.objectives}
    chosen, seen = [], set()
    for how, item in items:
        new = {o.type for o in item.objectives} - seen
        if new:
            chosen.append((how, item))
            seen |= new
    assert seen == wanted
    return chosen


COVER = _cover()


@pytest.mark.parametrize("how,item", COVER, ids=[item.id for _, item in COVER])
def test_judging_changes_nothing_it_reads(how, item, monkeypatch):
    monkeypatch.setattr(Reading, "strict", True)
    if how == "exercise":
        assert grade_script(item, item.solution_script()).passed
    else:
        assert run_scenario(item, item.solution_script())[1].passed


def test_strict_reading_catches_a_change():
    from kubetui.shell import Simulation

    reading = Reading(Simulation(seed=0, nodes=1))
    node = reading.list("Node")[0]
    Reading.strict = True
    try:
        reading.get("Node", node["metadata"]["name"], None)["metadata"]["labels"]["x"] = "y"
        with pytest.raises(AssertionError, match="changed Node"):
            reading.check_untouched("test")
    finally:
        Reading.strict = False
