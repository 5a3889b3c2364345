"""The shipped exercise packs: each exercise is won by its reference solution and not by
doing nothing, and together they cover every domain and every concept of the notes."""

from pathlib import Path

import pytest
from shipped import catalog

from kubetui.exercise.catalog import DOMAINS, domain_of
from kubetui.exercise.check import grade_script, solve
from kubetui.scenario import CONCEPTS, validate_paths

ROOT = Path(__file__).resolve().parents[2] / "exercises"
CATALOG = catalog(ROOT)
EXERCISES = CATALOG.exercises
IDS = [e.id for e in EXERCISES]


def test_packs_validate():
    assert validate_paths([ROOT]) == []


def test_at_least_sixty_exercises_in_every_domain():
    assert len(EXERCISES) >= 60
    by_domain = CATALOG.by_domain()
    assert sorted(d for d, xs in by_domain.items() if xs) == sorted(DOMAINS)
    assert all(domain_of(e) in DOMAINS for e in EXERCISES)


def test_every_concept_of_the_notes_is_drilled():
    taught = {c for e in EXERCISES for c in e.concepts}
    assert set(CONCEPTS) - taught == set()


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_text_in_both_languages(exercise):
    assert exercise.mode == "exercise"
    assert exercise.timeLimitMinutes
    assert exercise.briefing.ko != exercise.briefing.en
    assert exercise.debrief.ko != exercise.debrief.en
    assert len(exercise.hints) >= 2 and all(h.cost > 0 for h in exercise.hints)
    assert all(o.atEnd or o.always for o in exercise.objectives)


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_reference_solution_passes(exercise):
    report = solve(exercise)
    failed_commands = [(c.line, c.stderr) for c in report.commands if c.exitCode != 0]
    assert failed_commands == []
    assert report.passed, [(p.id, p.reason.en) for p in report.parts if not p.passed]
    assert report.points == report.maxPoints


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_doing_nothing_fails(exercise):
    """An untouched cluster scores nothing: what was already true before the player acted
    (a guard) earns its points only with the task done."""
    report = grade_script(exercise, None)
    assert not report.passed
    assert report.points == 0, [(p.id, p.points) for p in report.parts if p.points]
    for p in report.parts:
        if not p.passed:
            assert p.reason.en and p.reason.ko
