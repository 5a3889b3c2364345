"""A twist at a random tick: `jitter` moves a timeline entry by a draw from the run's seed."""

from kubetui.scenario.schema import Scenario
from kubetui.session import run_scenario


def _scenario(timeline):
    return Scenario.model_validate({
        "id": "twist", "mode": "scenario", "title": {"en": "t", "ko": "t"},
        "briefing": {"en": "b", "ko": "b"}, "debrief": {"en": "d", "ko": "d"},
        "concepts": ["node"], "seedLine": {"en": "s", "ko": "s"}, "difficulty": 1, "order": 1,
        "cluster": {"nodes": 2}, "timeline": timeline, "duration": 120, "solution": "x\ny",
        "objectives": [{"id": "n", "type": "nodesReady", "min": 2, "atEnd": True,
                        "description": {"en": "n", "ko": "n"}}],
    })


def test_the_same_seed_gives_the_same_tick_and_seeds_differ():
    s = _scenario([{"at": 10, "run": "kubectl get pods"},
                   {"at": 20, "jitter": 50, "run": "sim fail-node node-1"}])
    ticks = [s.timeline_ticks(seed)[1] for seed in range(20)]
    assert ticks == [s.timeline_ticks(seed)[1] for seed in range(20)]
    assert all(20 <= t <= 70 for t in ticks) and len(set(ticks)) > 5
    assert {s.timeline_ticks(seed)[0] for seed in range(20)} == {10}


def test_entries_of_one_twist_move_together():
    s = _scenario([{"at": 20, "jitter": 50, "twist": "outage", "run": "sim fail-node node-1"},
                   {"at": 25, "jitter": 50, "twist": "outage", "run": "sim fail-node node-2"}])
    for seed in range(10):
        first, second = s.timeline_ticks(seed)
        assert second - first == 5


def test_the_run_plays_the_twist_at_the_drawn_tick():
    s = _scenario([{"at": 20, "jitter": 50, "run": "sim fail-node node-1"}])
    at = s.timeline_ticks(3)[0]
    session, result = run_scenario(s, None, seed=3)
    ran = [c["tick"] for c in session.sim.command_log if c["line"].startswith("sim fail-node")]
    assert ran == [at]
    assert not result.passed


def test_a_twist_that_may_come_after_the_end_is_a_problem():
    s = _scenario([{"at": 100, "jitter": 50, "run": "sim fail-node node-1"}])
    assert any("after the scenario's duration" in msg for _, msg in s.problems())
