"""The debrief tells this run from what it recorded: the player's commands with their ticks, the
notable Events, when each objective failed or passed; then the lesson and other ways to win.
A replayed log tells the same story, and no command the log lacks is ever named."""

import io
import re
from pathlib import Path

import pytest
from shipped import catalog

from kubetui.headless import run_headless
from kubetui.replay.command import replay_main
from kubetui.replay.reader import read_log
from kubetui.scenario import load_scenario
from kubetui.scenario.debrief import RunPath, debrief_text, what_happened
from kubetui.scenario.script import parse_script
from kubetui.session import run_scenario

ROOT = Path(__file__).resolve().parents[2]
ROLLING = ROOT / "scenarios" / "50-rolling-upgrade"

WRONG_THEN_FIX = """\
@70 kubectl set image deployment/web web=shop/web:v2
@120 kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'
"""


@pytest.fixture(scope="module")
def rolling():
    return load_scenario(ROLLING / "scenario.yaml")


@pytest.fixture(scope="module")
def wrong_then_fix(rolling):
    session, result = run_scenario(rolling, parse_script(WRONG_THEN_FIX, "script"))
    return session, result


def _listed_commands(text: str) -> list[str]:
    """The command lines under "You ran …" in an English debrief."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("You ran"))
    out = []
    for line in lines[start + 1:]:
        m = re.match(r"^  tick \d+ \(\d+:\d\d\)  (.*)$", line)
        if m is None:
            break
        out.append(m.group(1))
    return out


def test_a_wrong_attempt_then_a_fix_shows_both_commands_and_when_the_objective_failed(wrong_then_fix):
    session, result = wrong_then_fix
    text = session.debrief("en")
    assert "You ran 2 commands:" in text
    assert "  tick 70 (1:10)  kubectl set image deployment/web web=shop/web:v2" in text
    assert "  tick 120 (2:00)  kubectl patch deployment web" in text
    failed_at = next(v for v in result.verdicts if v.id == "always-four")
    assert failed_at.state == "failed"
    line = next(x for x in text.splitlines() if "web never has fewer than 4 available Pods" in x)
    assert line.lstrip().startswith("✗")
    tick = int(re.search(r"failed at tick (\d+)", line).group(1))
    assert 70 < tick < 120
    on_v2 = next(x for x in text.splitlines() if "web's Pod template runs shop/web:v2" in x)
    assert on_v2.lstrip().startswith("✓") and "passing from tick" in on_v2
    # then the lesson, then the other ways to win
    assert text.index("What happened") < text.index("The lesson") < text.index("Other ways to win")
    assert "maxUnavailable: 0" in text.split("Other ways to win")[1]


def test_korean_debrief_tells_the_same_run(wrong_then_fix):
    session, _ = wrong_then_fix
    text = session.debrief("ko")
    assert "실행한 명령 2개:" in text
    assert "  틱 70 (1:10)  kubectl set image deployment/web web=shop/web:v2" in text
    assert re.search(r"틱 \d+ \(\d:\d\d\)에 실패", text)
    assert "배운 것" in text and "다른 해법" in text
    assert "What happened" not in text


def test_an_untouched_run_says_no_commands_were_run(rolling):
    session, _ = run_scenario(rolling, [])
    en, ko = session.debrief("en"), session.debrief("ko")
    assert "You ran no commands" in en and "You ran 0" not in en
    assert "명령을 하나도 실행하지 않았습니다" in ko
    # the scenario's own timeline is told apart from the player's commands
    assert "What the scenario did:" in en and "kubectl annotate deployment web" in en.split("What the scenario did:")[1]
    assert re.search(r"failed at tick 300", en)


def test_what_happened_never_names_a_command_not_in_the_log(wrong_then_fix, rolling):
    session, _ = wrong_then_fix
    ran = [c["line"] for c in session.path.player_commands()]
    listed = _listed_commands(what_happened(rolling, session.path, "en"))
    assert listed == ran
    story = what_happened(rolling, session.path, "en")
    # the reference solution's other steps, named by the lesson, are not claimed as the player's
    assert "rollout undo" not in story and "rollout history" not in story
    # a hand-made path: only what it holds is told
    path = RunPath(commands=[{"tick": 5, "source": "player", "line": "kubectl get pods"},
                             {"tick": 6, "source": "timeline", "line": "sim node fail node-1", "scheduled": True},
                             {"tick": 7, "source": "player", "line": "^C", "cancels": 1}])
    assert _listed_commands(what_happened(rolling, path, "en")) == ["kubectl get pods"]


@pytest.mark.slow
def test_a_replayed_log_produces_the_same_debrief(tmp_path, rolling):
    script = tmp_path / "script.txt"
    script.write_text(WRONG_THEN_FIX)
    log = tmp_path / "run.jsonl"
    out = io.StringIO()
    code = run_headless(str(ROLLING), script=str(script), log=str(log), out=out)
    assert code == 1
    live = out.getvalue()
    assert "You ran 2 commands:" in live and f"event log: {log}" in live
    parsed = read_log(log)
    for lang in ("en", "ko"):
        session, _ = run_scenario(rolling, parse_script(WRONG_THEN_FIX, "script"))
        session.verdicts()
        assert debrief_text(rolling, RunPath.from_log(parsed), lang) == session.debrief(lang)
    assert debrief_text(rolling, RunPath.from_log(parsed), "en") in live
    printed = io.StringIO()
    assert replay_main(str(log), headless=True, out=printed, err=io.StringIO()) == 0
    assert debrief_text(rolling, RunPath.from_log(parsed), "en") in printed.getvalue()


def test_notable_events_name_a_node_failure(tmp_path):
    scenario = load_scenario(ROOT / "scenarios" / "90-node-failure-quota" / "scenario.yaml")
    session, _ = run_scenario(scenario, [])
    text = session.debrief("en")
    assert "You ran no commands" in text
    events = text.split("Notable Events:")[1].split("Objectives:")[0]
    assert "NodeNotReady" in events
    assert "Other ways to win" in text and "kubectl delete node" in text


def test_the_results_screen_tells_the_commands_typed_at_the_command_bar(tmp_path, rolling):
    from kubetui.ui.game import Game
    from kubetui.ui.screens.results import results_text

    game = Game.begin(rolling, log_path=str(tmp_path / "ui.jsonl"))
    game.step(70 - game.sim.tick)
    game.run("set image deployment/web web=shop/web:v2")
    game.step(rolling.duration)
    breakdown, verdicts = game.score(final=True)
    game.close({"passed": breakdown.allRequiredPassed, "score": breakdown.model_dump()})
    text = results_text(game, breakdown, verdicts, "en").plain
    assert "You ran 1 command:" in text
    assert "  tick 70 (1:10)  kubectl set image deployment/web web=shop/web:v2" in text
    assert "The lesson" in text and "Other ways to win" in text
    told = debrief_text(rolling, RunPath.from_log(read_log(tmp_path / "ui.jsonl")), "ko")
    assert told == game.session.debrief("ko")
    assert told.strip() in results_text(game, breakdown, verdicts, "ko").plain


def test_an_exercise_check_tells_the_commands_and_which_parts_passed(tmp_path):
    from kubetui.exercise.check import check_now
    from kubetui.session import Session

    exercise = catalog().get("core-run-pod")
    session = Session.begin(exercise)
    session.command("kubectl run hello --image=nginx:1.27")
    session.step(20)
    report = check_now(exercise, session)
    text = what_happened(exercise, session.path, "en")
    assert "You ran 1 command:" in text and "kubectl run hello --image=nginx:1.27" in text
    # the wrong tag: the image part fails, the Pod is still Ready
    assert [p.passed for p in report.parts] == [False, True]
    assert session.path.final == {p.id: "passing" if p.passed else "failed" for p in report.parts}
    lines = text.split("Objectives:")[1].splitlines()
    assert lines[1].lstrip().startswith("✗") and lines[2].lstrip().startswith("✓")


def test_the_practice_panel_tells_what_happened_once_solved():
    from kubetui.exercise.check import check_now
    from kubetui.session import Session
    from kubetui.ui.screens.practice import TaskPanel

    exercise = catalog().get("core-run-pod")
    session = Session.begin(exercise)
    session.command("kubectl run hello --image=nginx:1.25")
    session.step(20)
    panel = TaskPanel(exercise, "ko")
    panel.report = check_now(exercise, session)
    panel.path = session.path
    assert panel.report.passed
    text = panel.render_text().plain
    assert "실행한 명령 1개:" in text and "kubectl run hello --image=nginx:1.25" in text
    assert text.index("실행한 명령") < text.index(exercise.debrief.get("ko")[:20])


def test_an_objective_that_stopped_passing_in_between_says_so():
    """Two "passing from" in a row hid that the objective stopped passing between them; an
    at-risk turn before it first passed is not worth a line."""
    o = "replicas"
    path = RunPath(objectives=[{"tick": 0, "objective": o, "state": "at-risk"},
                               {"tick": 5, "objective": o, "state": "passing"},
                               {"tick": 120, "objective": o, "state": "at-risk"},
                               {"tick": 346, "objective": o, "state": "passing"}],
                   end=400, final={o: "passing"})
    lines = [line for line in what_happened(None, path, "en").splitlines() if o in line]
    assert lines == [f"  ✓ {o}: passing from tick 5 (0:05), at risk from tick 120 (2:00), passing from tick 346 (5:46)"]
    path.final = {o: "failed"}
    path.objectives.append({"tick": 390, "objective": o, "state": "at-risk"})
    told = [line for line in what_happened(None, path, "en").splitlines() if o in line][0]
    assert told.endswith("passing from tick 346 (5:46), at risk from tick 390 (6:30), failed at the end, tick 400 (6:40)")
    assert "위험" in what_happened(None, path, "ko")
