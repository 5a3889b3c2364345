"""Replays are exact, and a replay that is not names where it parts ways with the log."""

import json
import os
import subprocess

import pytest
from replay_helpers import PYTHON, SCENARIO, SOLUTION, records, write_records
from shipped import catalog

from kubetui.replay.command import replay_main
from kubetui.replay.reader import read_log
from kubetui.replay.replayer import Replay, verify


def _cli(*args, hashseed: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    return subprocess.run([PYTHON, "-m", "kubetui.cli", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


@pytest.mark.slow
def test_a_headless_run_replays_exactly_in_a_fresh_process(tmp_path):
    log = tmp_path / "run.jsonl"
    run = _cli("run", str(SCENARIO), "--script", str(SOLUTION), "--log", str(log), hashseed="1", cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    recs = records(log)
    assert recs[0]["scenario"] == "replay-node-loss" and recs[0]["scenarioSha256"]
    lines = [(r["tick"], r["source"], r["line"]) for r in recs if r["record"] == "command"]
    assert lines == [(10, "script", "kubectl scale deploy/web --replicas=4"), (40, "timeline", "sim fail-node node-2"),
                     (100, "script", "kubectl scale deploy/web --replicas=5"),
                     (150, "timeline", "sim recover-node node-2")]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    check = _cli("replay", str(log), "--verify", hashseed="4242", cwd=elsewhere)
    assert check.returncode == 0, check.stdout + check.stderr
    checkpoints = sum(1 for r in recs if r["record"] == "checkpoint")
    events = sum(1 for r in recs if r["record"] == "event")
    assert check.stdout == f"{log}: replay matches: {checkpoints} checkpoint(s) and {events} Event(s) over 200 tick(s)\n"


def test_a_changed_command_is_caught_at_the_tick_after_it(sandbox_log, tmp_path):
    recs = records(sandbox_log)
    for r in recs:
        if r.get("line") == "kubectl scale deployment web --replicas=2":
            r["line"] = "kubectl scale deployment web --replicas=3"
    path = tmp_path / "edited.jsonl"
    write_records(path, recs)
    report = verify(Replay(read_log(path)))
    assert not report.ok
    d = report.divergence
    assert (d.tick, d.what) == (146, "Events")
    assert d.detail[0].startswith("the log has:    Normal ScalingReplicaSet Deployment/default/web: Scaled down "
                                  "replica set web-")
    assert d.detail[0].endswith("from 4 to 2")
    assert d.detail[1].endswith("from 4 to 3")
    assert d.command["line"] == "kubectl scale deployment web --replicas=3" and d.command["tick"] == 145


def test_without_events_the_checkpoint_names_the_first_object_that_differs(sandbox_log, tmp_path):
    recs = [r for r in records(sandbox_log) if r["record"] != "event"]
    for r in recs:
        if r.get("line") == "sim fail-node node-2":
            r["line"] = "sim fail-node node-3"
    path = tmp_path / "edited.jsonl"
    write_records(path, recs)
    report = verify(Replay(read_log(path)))
    d = report.divergence
    assert (d.tick, d.what) == (26, "state checksum")
    assert d.command["line"] == "sim fail-node node-3"
    text = report.text()
    assert text.startswith(f"{path}: replay diverges at tick 26: state checksum differs\n")
    assert "last command before it: tick 25 [player] sim fail-node node-3" in text


def test_an_object_edit_is_named_with_its_kind_and_name(sandbox_log, tmp_path):
    recs = [r for r in records(sandbox_log) if r["record"] != "event"]
    for r in recs:
        if r.get("line") == "kubectl scale deployment web --replicas=2":
            r["line"] = "kubectl scale deployment web --replicas=3"
    path = tmp_path / "edited.jsonl"
    write_records(path, recs)
    d = verify(Replay(read_log(path))).divergence
    assert d.tick == 146
    assert d.detail[0] == "first object that differs: Deployment default/web (contents differ)"


def test_the_cli_exits_1_on_divergence_and_2_on_bad_input(sandbox_log, tmp_path, capsys):
    recs = records(sandbox_log)
    recs = [r for r in recs if not (r["record"] == "command" and r["line"].startswith("sim recover-node"))]
    path = tmp_path / "dropped.jsonl"
    write_records(path, recs)
    assert replay_main(str(path), verify=True) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: replay diverges at tick 100:")
    assert replay_main(str(sandbox_log), verify=True) == 0
    assert capsys.readouterr().out.startswith(f"{sandbox_log}: replay matches:")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert replay_main(str(empty), verify=True) == 2
    captured = capsys.readouterr()
    assert captured.err == f"{empty}:1: empty file: an event log starts with a header line\n"
    assert "Traceback" not in captured.err


def test_headless_summary_and_dump_at_a_tick(sandbox_log, tmp_path, capsys):
    assert replay_main(str(sandbox_log), headless=True) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [f"{sandbox_log}: sandbox of 3 node(s), seed 5, ticks 0-175",
                                    out.splitlines()[1]]
    assert "     25  player   sim fail-node node-2" in out
    assert "   @100  script   sim recover-node node-2" in out
    dump = tmp_path / "state.json"
    assert replay_main(str(sandbox_log), at=30, dump=str(dump)) == 0
    doc = json.loads(dump.read_text())
    assert doc["kind"] == "List"
    web = [o for o in doc["items"] if o["kind"] == "Deployment"]
    assert web[0]["spec"]["replicas"] == 4
    nodes = {o["metadata"]["name"]: o for o in doc["items"] if o["kind"] == "Node"}
    assert set(nodes) == {"control-plane", "node-1", "node-2", "node-3"}
    assert replay_main(str(sandbox_log), at=999, dump=str(dump)) == 2
    assert "tick 999 is past the end of the run (tick 175)" in capsys.readouterr().err


def test_a_played_run_whose_timeline_the_engine_schedules_replays_exactly(tmp_path):
    """The UI builds its simulation with `simulation_for` (the timeline scheduled in the engine);
    the replay does the same and leaves the logged timeline commands to it."""
    from kubetui.replay import open_writer
    from kubetui.scenario.loader import load_scenario
    from kubetui.scenario.setup import simulation_for

    scenario = load_scenario(SCENARIO)
    sim = simulation_for(scenario, 3)
    log = open_writer(sim, tmp_path / "played.jsonl", scenario=scenario, seed=3)
    assert log.header["timeline"] == "scheduled"
    sim.step(12)
    sim.run("kubectl scale deploy/web --replicas=4")
    sim.step(60)
    log.objective(sim.tick, "web-available", "at-risk", "2 of 3 available")
    sim.step(10)
    log.end({"passed": False})
    recs = records(tmp_path / "played.jsonl")
    assert [(r["tick"], r["source"], r["scheduled"]) for r in recs if r["record"] == "command"] == [
        (12, "player", False), (40, "timeline", True)]
    replay = Replay(read_log(tmp_path / "played.jsonl"))
    assert [c["line"] for c in replay.between] == ["kubectl scale deploy/web --replicas=4"] and not replay.scheduled
    report = verify(replay)
    assert report.ok, report.text()
    assert report.ticks == 82
    from kubetui.replay.session import ReplaySession

    session = ReplaySession(tmp_path / "played.jsonl")
    assert session.next_objective_change() == 72 and session.tick == 72
    assert session.objectives_at()["web-available"]["state"] == "at-risk"
    assert not session.sim.kubelet.agents["node-2"].alive


def test_an_exercise_run_replays_from_its_pack(tmp_path, monkeypatch):
    """A practice run logs the pack file as its scenario; the replay finds the exercise in it,
    also when the log no longer names a file that exists."""
    from kubetui.replay import open_writer
    from kubetui.session import Session

    exercise = catalog().get("service-expose")
    path = tmp_path / "practice.jsonl"
    session = Session.begin(exercise, log=lambda sim: open_writer(sim, path, scenario=exercise, seed=0))
    sim, log = session.sim, session.log
    sim.step(5)
    sim.run("kubectl expose deployment web --port=80")
    sim.step(20)
    log.end({"passed": True})
    report = verify(Replay(read_log(path)))
    assert report.ok, report.text()
    recs = records(path)
    recs[0]["scenarioPath"] = str(tmp_path / "moved" / "services-networking.yaml")
    write_records(path, recs)
    report = verify(Replay(read_log(path)))
    assert report.ok, report.text()
