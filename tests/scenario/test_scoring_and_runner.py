"""Scoring (stars, points, hints, time, cost) and the session driver played headless."""

from scenario_fakes import GOOD

from kubetui.scenario import load_scenario, parse_script, score
from kubetui.scenario.objectives import Status
from kubetui.scenario.text import Text
from kubetui.session import run_scenario

T = Text(en="x", ko="x")


def verdicts(*states):
    return [Status(id=i, state=s, reason=T, decided=True) for i, s in zip(("web-available", "served", "reports"), states)]


def test_stars_from_points_with_time_and_cost():
    s = load_scenario(GOOD)  # 3 objectives x 100, par tick 100 (50 points), cost budget 2000 node-seconds (50)
    full = score(s, verdicts("passing", "passing", "passing"), {"cost": {"nodeSeconds": 1500}}, solved_at=80)
    assert (full.stars, full.points, full.maxPoints) == (3, 400, 400)
    assert [line.kind for line in full.lines] == ["objective", "objective", "objective", "time", "cost"]

    slow = score(s, verdicts("passing", "passing", "passing"), {"cost": {"nodeSeconds": 3000}}, solved_at=200)
    time_line = next(line for line in slow.lines if line.kind == "time")
    cost_line = next(line for line in slow.lines if line.kind == "cost")
    assert time_line.points == 25  # halfway from par (100) to the end (300)
    assert cost_line.points == 25  # halfway from the budget to twice the budget
    assert (slow.points, slow.stars) == (350, 2)


def test_a_failed_required_objective_means_no_stars():
    s = load_scenario(GOOD)
    b = score(s, verdicts("passing", "failed", "passing"), {"cost": {"nodeSeconds": 0}}, solved_at=None)
    assert b.stars == 0 and not b.allRequiredPassed
    assert b.points == 200  # no time or cost points unless everything passed


def test_optional_objectives_only_cost_points():
    s = load_scenario(GOOD)
    objectives = list(s.objectives)
    objectives[2] = objectives[2].model_copy(update={"required": False, "points": 300})
    s2 = s.model_copy(update={"objectives": objectives})
    b = score(s2, verdicts("passing", "passing", "failed"), {"cost": {"nodeSeconds": 0}}, solved_at=10)
    assert b.allRequiredPassed and b.stars == 1  # 200 of 600


def test_hints_cost_points_and_never_go_below_zero():
    s = load_scenario(GOOD)  # hints cost 10 and 40
    one = score(s, verdicts("passing", "passing", "passing"), {"cost": {"nodeSeconds": 0}}, solved_at=1, hints_used=1)
    two = score(s, verdicts("passing", "passing", "passing"), {"cost": {"nodeSeconds": 0}}, solved_at=1, hints_used=2)
    assert (one.points, two.points) == (390, 350)
    assert [line.points for line in two.lines if line.kind == "hint"] == [-10, -40]
    assert two.stars == 2  # 350/400 is under the three-star share (0.9)
    cheap = s.model_copy(update={"objectives": s.objectives[:1], "scoring": s.scoring.model_copy(
        update={"pointsPerObjective": 5, "parTicks": None, "costBudget": None})})
    b = score(cheap, verdicts("passing"), {}, hints_used=2)
    assert b.points == 0 and b.stars == 1


def test_exercise_time_limit_uses_wall_clock_minutes_when_given():
    s = load_scenario(GOOD)
    ex = s.model_copy(update={"mode": "exercise", "timeLimitMinutes": 10,
                              "scoring": s.scoring.model_copy(update={"parTicks": None, "costBudget": None})})
    ok = score(ex, verdicts("passing", "passing", "passing"), {}, elapsed_minutes=8.0)
    late = score(ex, verdicts("passing", "passing", "passing"), {}, elapsed_minutes=12.5)
    assert [line.points for line in ok.lines if line.kind == "time"] == [50]
    assert [line.points for line in late.lines if line.kind == "time"] == [0]
    assert "12.5 used" in late.lines[-1].label.en


# --- the session driver, headless ---------------------------------------------------------


def test_a_session_plays_the_timeline_and_the_script_at_their_ticks():
    s = load_scenario(GOOD)
    seen = []
    session, result = run_scenario(s, s.solution_script(), on_judge=lambda t, st: seen.append(t))
    played = [(c["tick"], c["line"], c["source"]) for c in session.sim.command_log if c["source"] != "timeline"
              or c["line"].startswith("sim")]
    assert played == [
        (10, "kubectl scale deploy/web --replicas=4", "script"),
        (10, "kubectl create job report --image=busybox -- echo done", "script"),
        (60, "sim fail-node node-2", "timeline"),
    ]
    assert session.sim.cwd == str(GOOD.parent.resolve())  # relative -f paths: the script's folder
    assert seen == list(range(0, 301))  # judged once a tick, from the start
    assert result.endTick == 300
    assert result.model_dump(mode="json")["commands"][0]["source"] == "script"
    assert next(v for v in result.verdicts if v.id == "reports").state == "passing"


def test_a_session_fails_a_do_nothing_run_and_says_why():
    s = load_scenario(GOOD)
    session, result = run_scenario(s, [])
    assert not result.passed and result.score.stars == 0
    assert result.verdicts[2].reason.en == "by tick 300, Job report had 0 successful completions (needs at least 1)"
    assert [c["source"] for c in session.sim.command_log if c["source"] != "timeline"] == []


def test_a_session_refuses_commands_the_scenario_does_not_allow():
    s = load_scenario(GOOD).model_copy(update={"allowedCommands": ["kubectl get"]})
    session, result = run_scenario(s, parse_script("@5 kubectl delete deploy web\n"), ticks=20)
    assert [c["line"] for c in session.sim.command_log if c["source"] == "script"] == []  # never reached the door
    assert result.commands[0].exitCode == 1
    assert result.commands[0].stderr == ("error: this scenario does not allow 'kubectl delete deploy web' "
                                         "(allowed: kubectl get)\n")
    assert result.endTick == 20
    assert session.sim.get("Deployment", "web") is not None


def test_runs_are_independent():
    s = load_scenario(GOOD)
    first = run_scenario(s, [])[1]
    second = run_scenario(s, s.solution_script())[1]
    third = run_scenario(s, [])[1]
    assert first.model_dump() == third.model_dump()
    assert [v.state for v in first.verdicts] != [v.state for v in second.verdicts]
