"""One driver loop: the same script played through `kubetui run`, `kubetui exercise check`,
`kubetui exam --script-dir` and the UI's game driver runs its commands at the same ticks and
gets the same verdicts."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from shipped import catalog

from kubetui.cli import main
from kubetui.exercise.check import check_now
from kubetui.exercise.exam import grade_exam
from kubetui.scenario import load_scenario
from kubetui.scenario.script import load_script
from kubetui.ui.game import Game

ROOT = Path(__file__).resolve().parents[1]
ROLLING = ROOT / "scenarios" / "50-rolling-upgrade" / "scenario.yaml"

DRAIN = """\
kubectl get pods -o wide
kubectl drain node-1 --ignore-daemonsets
wait 5
kubectl get nodes
"""

CORDON_ONLY = "kubectl cordon node-1\n"


def _exercise_everywhere(tmp_path: Path, script_text: str, exercise_id: str = "node-drain") -> dict:
    """(command ticks, verdicts) of one script through each way an exercise is played."""
    exercise = catalog().get(exercise_id)
    script = tmp_path / f"{exercise_id}.txt"
    script.write_text(script_text)
    out = {}

    r = CliRunner().invoke(main, ["exercise", "check", exercise_id, "--script", str(script), "--json"])
    report = json.loads(r.output)
    out["exercise check"] = ([(c["tick"], c["line"]) for c in report["commands"]],
                             {p["id"]: p["passed"] for p in report["parts"]}, r.exit_code == 0)

    exam = grade_exam([exercise], tmp_path).items[0].report
    out["exam --script-dir"] = ([(c.tick, c.line) for c in exam.commands],
                                {p.id: p.passed for p in exam.parts}, exam.passed)

    game = Game.begin(exercise, record=False)
    game.session.play(load_script(script))
    ui = check_now(exercise, game.session)
    out["UI game"] = ([(c.tick, c.line) for c in game.session.records], {p.id: p.passed for p in ui.parts}, ui.passed)
    game.close()
    return out


@pytest.mark.slow
def test_one_exercise_script_gets_the_same_ticks_and_verdicts_everywhere(tmp_path):
    seen = _exercise_everywhere(tmp_path, DRAIN)
    first = seen["exercise check"]
    assert [line for _, line in first[0]] == [line.strip() for line in DRAIN.splitlines() if "wait" not in line]
    drain_tick, after = first[0][1][0], first[0][2][0]
    assert after > drain_tick + 5  # drain blocks while it evicts; `wait 5` counts from its return
    assert first[1] == {"drained": True, "web": True} and first[2]
    for way, got in seen.items():
        assert got == first, way


@pytest.mark.slow
def test_cordon_alone_fails_the_drain_task_everywhere(tmp_path):
    """Scripts start once the exercise's set-up has settled: the pods already run on node-1,
    so cordoning it moves nothing (it once passed, run before the starting pods existed)."""
    seen = _exercise_everywhere(tmp_path, CORDON_ONLY)
    for way, (ticks, verdicts, passed) in seen.items():
        assert verdicts["drained"] is False and not passed, way
        assert ticks[0][0] >= 1, way  # not before the cluster existed


@pytest.mark.slow
def test_one_scenario_script_gets_the_same_ticks_and_verdicts_in_run_and_in_the_ui(tmp_path):
    scenario = load_scenario(ROLLING)
    solution = ROLLING.parent / "solution.txt"
    r = CliRunner().invoke(main, ["run", str(ROLLING), "--script", str(solution), "--json",
                                  "--log", str(tmp_path / "run.jsonl")])
    assert r.exit_code == 0, r.output
    headless = json.loads(r.output)

    game = Game.begin(scenario, record=False)
    game.session.play(load_script(solution))
    result = game.session.result()
    game.close()

    def ticks(commands):
        return [(c["tick"], c["line"]) for c in commands]

    assert ticks(headless["commands"]) == ticks(result.model_dump(mode="json")["commands"])
    assert [(v["id"], v["state"]) for v in headless["verdicts"]] == [(v.id, v.state) for v in result.verdicts]
    assert headless["solvedAt"] == result.solvedAt and headless["endTick"] == result.endTick
    assert headless["score"]["points"] == result.score.points
    rollout = next(c for c in headless["commands"] if c["line"].startswith("kubectl rollout status"))
    history = next(c for c in headless["commands"] if c["line"].startswith("kubectl rollout history"))
    assert history["tick"] > rollout["tick"] == 60  # the rollout status line blocked the script


@pytest.mark.parametrize("way", ["run", "ui"])
def test_hints_are_logged_and_replayed(tmp_path, way):
    from kubetui.replay import open_writer
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify
    from kubetui.replay.session import ReplaySession
    from kubetui.session import Session

    scenario = load_scenario(ROLLING)
    path = tmp_path / "hints.jsonl"
    session = Session.begin(scenario, log=lambda sim: open_writer(sim, path, scenario=scenario, seed=0))
    session.step(10)
    assert session.hint() == 0
    session.step(10)
    assert session.hint() == 1
    session.step(5)
    session.close({"passed": False})
    log = read_log(path)
    assert [(h["tick"], h["used"]) for h in log.hints] == [(12, 1), (22, 2)]
    assert verify(Replay(log)).ok
    replay = ReplaySession(log)
    replay.seek(15)
    assert replay.hints_at() == 1
    replay.seek(25)
    assert replay.hints_at() == 2


def test_the_players_relative_paths_are_their_own_folder_and_replay_finds_them(tmp_path):
    """A player writes YAML in the folder they started kubetui in and applies it from the
    game; the timeline keeps reading the scenario's folder; the log replays."""
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify

    (tmp_path / "hotfix.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hotfix}\ndata: {a: b}\n")
    scenario = load_scenario(ROLLING)
    game = Game.begin(scenario, cwd=str(tmp_path), log_path=str(tmp_path / "play.jsonl"))
    game.step(3)
    invocation = game.run("apply -f hotfix.yaml")
    assert (invocation.exit_code, invocation.stdout) == (0, "configmap/hotfix created\n")
    game.step(3)
    assert game.sim.cwd == str(scenario.folder)  # the door's default: the scenario's own folder
    game.close({"passed": False})
    log = read_log(tmp_path / "play.jsonl")
    typed = next(c for c in log.commands if c["line"] == "kubectl apply -f hotfix.yaml")
    assert typed["cwd"] == str(tmp_path)
    assert verify(Replay(log)).ok


def test_a_look_ahead_check_never_reaches_the_live_screen():
    """Regression: the practice screen's check forked the cluster for a `disrupt` +
    `fastForward` objective, and the fork fed the live game's pod counters (2 -> 6)."""
    exercise = catalog().get("replicaset-heal")
    game = Game.begin(exercise, record=False)
    game.session.play(exercise.solution_script())
    game.watch.drain()
    pods = dict(game.watch.pods_in)
    ready = game.watch.ready_pods
    events = len(game.new_events)
    tick = game.sim.tick
    report = check_now(exercise, game.session)
    assert report.parts  # the look-ahead part ran on a copy
    assert game.watch.pods_in == pods and game.watch.ready_pods == ready
    assert not game.watch.drain().keys and len(game.new_events) == events and game.sim.tick == tick
    game.close()
