"""What the writer puts in a log, and how the reader copes with logs that are cut, broken or foreign."""

import json
import os

import pytest
from replay_helpers import SCENARIO, records, write_records

from kubetui.replay import open_writer
from kubetui.replay.paths import default_log_path
from kubetui.replay.reader import MAX_LINE, LogError, read_log
from kubetui.replay.replayer import Replay, verify
from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation


def test_a_log_holds_header_commands_events_checkpoints_and_end(sandbox_log):
    recs = records(sandbox_log)
    header = recs[0]
    assert header["record"] == "header" and header["format"] == 1
    assert header["scenario"] is None and header["nodes"] == 3 and header["seed"] == 5
    commands = [r for r in recs if r["record"] == "command"]
    assert [(c["tick"], c["line"], c["scheduled"]) for c in commands] == [
        (5, "kubectl create deployment web --image=nginx:1.25 --replicas=4", False),
        (25, "sim fail-node node-2", False),
        (100, "sim recover-node node-2", True),
        (145, "kubectl scale deployment web --replicas=2", False),
    ]
    events = [r for r in recs if r["record"] == "event"]
    assert {"type": "Normal", "reason": "ScalingReplicaSet", "object": "Deployment/default/web",
            "message": "Scaled up replica set " + events[0]["message"].split()[4] + " from 0 to 4",
            "count": 1}.items() <= events[0].items()
    assert any(e["reason"] == "NodeNotReady" and e["object"] == "Node/node-2" for e in events)
    checkpoints = [r for r in recs if r["record"] == "checkpoint"]
    ticks = [c["tick"] for c in checkpoints]
    assert checkpoints[0]["at"] == "start" and checkpoints[0]["full"] and "Node/node-1" in checkpoints[0]["objects"]
    assert {10, 20, 30, 170}.issubset(ticks)
    assert 6 in ticks and 26 in ticks and 146 in ticks, "a checkpoint follows every tick that had commands"
    assert checkpoints[-1]["at"] == "end" and checkpoints[-1]["tick"] == 175
    assert recs[-1] == {"record": "end", "tick": 175, "seq": recs[-1]["seq"], "result": {"passed": True}}
    seqs = [r["seq"] for r in recs[1:]]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_every_line_is_flushed_as_it_is_written(tmp_path):
    path = tmp_path / "live.jsonl"
    sim = Simulation(seed=1, nodes=1)
    EventLog(path, {"seed": 1, "nodes": 1}).attach(sim)
    sim.run("sim fail-node node-1")
    lines = path.read_text().splitlines()
    assert json.loads(lines[-1])["line"] == "sim fail-node node-1"
    sim.step(10)
    assert json.loads(path.read_text().splitlines()[-1])["record"] == "checkpoint"


def test_open_writer_names_logs_by_scenario_seed_and_number(tmp_path, monkeypatch):
    monkeypatch.delenv("KUBETUI_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    sim = Simulation(seed=9, nodes=2)
    first = open_writer(sim)
    first.close()
    second = open_writer(Simulation(seed=9, nodes=2))
    second.close()
    assert first.path.name == "sandbox-9-1.jsonl" and second.path.name == "sandbox-9-2.jsonl"
    assert first.path.parent == tmp_path / "kubetui" / "logs"
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "class"))
    third = open_writer(Simulation(seed=9, nodes=2))
    third.close()
    assert third.path == tmp_path / "class" / "logs" / "sandbox-9-1.jsonl"
    assert default_log_path("node-failure", 3, tmp_path).name == "node-failure-3-1.jsonl"
    assert records(first.path)[0]["nodes"] == 2


def test_a_truncated_log_plays_up_to_its_last_whole_line(sandbox_log, tmp_path):
    data = sandbox_log.read_bytes()
    lines = data.splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if b'"tick": 90' in line)
    crashed = tmp_path / "crashed.jsonl"
    crashed.write_bytes(b"".join(lines[:cut]) + lines[cut][: len(lines[cut]) // 2])
    log = read_log(crashed)
    assert log.truncated and log.end is None
    assert log.warnings == [f"{crashed}:{cut + 1}: last line is cut short (the run stopped mid-write); ignored"]
    assert log.last_tick == json.loads(lines[cut - 1])["tick"]
    report = verify(Replay(log))
    assert report.ok, report.text()
    assert report.ticks == log.last_tick


def test_records_moved_around_by_hand_are_put_back_in_order(sandbox_log, tmp_path):
    recs = records(sandbox_log)
    shuffled = [recs[0]] + list(reversed(recs[1:]))
    path = tmp_path / "shuffled.jsonl"
    write_records(path, shuffled)
    report = verify(Replay(read_log(path)))
    assert report.ok, report.text()


def test_a_few_broken_lines_are_skipped_with_their_line_numbers(sandbox_log, tmp_path):
    lines = sandbox_log.read_text().splitlines(keepends=True)
    lines.insert(3, "{not json\n")
    lines.insert(5, json.dumps({"record": "command", "tick": "soon", "line": "kubectl get pods"}) + "\n")
    lines.insert(7, json.dumps({"record": "bookmark", "tick": 3}) + "\n")
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(lines))
    log = read_log(path)
    assert log.warnings == [
        f"{path}:4: not a JSON record (Expecting property name enclosed in double quotes); line skipped",
        f"{path}:6: command record needs a tick (a whole number from 0 to 1000000), not 'soon'; line skipped",
        f"{path}:8: unknown record type 'bookmark'; skipped",
    ]
    assert verify(Replay(log)).ok


def test_a_garbage_file_stops_after_a_few_bad_lines(tmp_path):
    path = tmp_path / "garbage.jsonl"
    header = json.dumps({"record": "header", "format": 1, "seed": 0, "nodes": 1})
    path.write_text(header + "\n" + "".join(f"garbage {i}\n" for i in range(100_000)))
    with pytest.raises(LogError) as exc:
        read_log(path)
    assert str(exc.value).startswith(f"{path}:6: not a JSON record")
    assert "5 unreadable lines, giving up" in str(exc.value)


def test_a_huge_file_without_a_header_is_refused_at_its_first_line(tmp_path):
    path = tmp_path / "huge.bin"
    with path.open("wb") as f:
        block = os.urandom(1024 * 1024)
        for _ in range(64):
            f.write(block)
    with pytest.raises(LogError) as exc:
        read_log(path)
    assert str(exc.value).startswith(f"{path}:1: not a kubetui event log")


def test_an_overlong_line_is_skipped_without_reading_it_whole(sandbox_log, tmp_path):
    lines = sandbox_log.read_bytes().splitlines(keepends=True)
    path = tmp_path / "long.jsonl"
    with path.open("wb") as f:
        f.write(lines[0])
        f.write(b"x" * (MAX_LINE + 10) + b"\n")
        f.writelines(lines[1:])
    log = read_log(path)
    assert log.warnings == [f"{path}:2: line longer than 8 MiB; line skipped"]
    assert len(log.commands) == 4


@pytest.mark.parametrize("content, message", [
    (b"", "{p}:1: empty file: an event log starts with a header line"),
    (b'{"record": "command", "tick": 1, "line": "x"}\n',
     "{p}:1: not a kubetui event log (expected a header record first, found 'command')"),
    (b'{"record": "header", "format": 2, "seed": 0}\n',
     "{p}:1: event log format 2 is newer than this kubetui (0.1.0) reads (format 1); upgrade kubetui to replay it"),
    (b'{"record": "header", "seed": 0}\n', '{p}:1: the header has no format version (expected "format": 1)'),
    (b'{"record": "header", "format": 1, "seed": "seven"}\n', "{p}:1: the header's seed must be an integer, not 'seven'"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "{p}:1: not a kubetui event log (the first line is not a JSON header record)"),
])
def test_unusable_logs_say_why_at_which_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(LogError) as exc:
        read_log(path)
    assert str(exc.value) == message.format(p=path)


def test_a_log_of_a_missing_scenario_names_it(tmp_path):
    path = tmp_path / "lost.jsonl"
    write_records(path, [{"record": "header", "format": 1, "scenario": "no-such-scenario",
                          "scenarioPath": str(tmp_path / "gone" / "scenario.yaml"), "seed": 0}])
    with pytest.raises(LogError) as exc:
        Replay(read_log(path))
    assert str(exc.value).startswith(f"{path}:1: scenario 'no-such-scenario' not found; looked for "
                                     f"{tmp_path / 'gone' / 'scenario.yaml'}")


def test_a_scenario_changed_since_the_run_is_reported(tmp_path):
    folder = tmp_path / "scn"
    folder.mkdir()
    for f in SCENARIO.parent.iterdir():
        (folder / f.name).write_text(f.read_text())
    path = tmp_path / "run.jsonl"
    write_records(path, [{"record": "header", "format": 1, "scenario": "replay-node-loss",
                          "scenarioPath": str(folder / "scenario.yaml"), "scenarioSha256": "0" * 64, "seed": 0}])
    replay = Replay(read_log(path))
    assert replay.warnings == [
        f"{path}:1: scenario file {folder / 'scenario.yaml'} changed since this run was recorded (sha256 "
        f"000000000000… in the log, {replay.scenario.sha256[:12]}… now); the replay may differ"]
