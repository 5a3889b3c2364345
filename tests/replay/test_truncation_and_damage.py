"""A log that simply ends (a crash) replays to its last tick and says so, exit 0; an edited or
damaged record (digests, removed lists) is reported with its line number (issue 18)."""

from __future__ import annotations

import pytest
from replay_helpers import records, write_records

from kubetui.replay.command import replay_main
from kubetui.replay.reader import read_log
from kubetui.replay.replayer import Replay, verify


def cut_after(sandbox_log, tmp_path, n: int):
    lines = sandbox_log.read_text().splitlines(keepends=True)
    path = tmp_path / f"cut-{n}.jsonl"
    path.write_text("".join(lines[:n]))
    return path


def _cut_points(sandbox_log, every: int) -> list[int]:
    total = len(sandbox_log.read_text().splitlines())
    return list(range(2, total, every))


@pytest.mark.parametrize("every", [17])
def test_a_log_cut_at_any_line_replays_to_its_last_tick(sandbox_log, tmp_path, every):
    for n in _cut_points(sandbox_log, every):
        path = cut_after(sandbox_log, tmp_path, n)
        log = read_log(path)
        report = verify(Replay(log))
        assert report.divergence is None, (n, report.text())
        if report.checkpoints:
            assert report.truncated_at == log.last_tick
            assert report.text().startswith(f"{path}: replay matches up to tick {log.last_tick}, where the log "
                                            "ends (truncated)")
            assert any("no end record (truncated" in w for w in report.warnings)


@pytest.mark.slow
def test_a_log_cut_at_every_line_replays_to_its_last_tick(sandbox_log, tmp_path):
    test_a_log_cut_at_any_line_replays_to_its_last_tick(sandbox_log, tmp_path, 1)


def test_the_cli_exits_0_with_a_warning_for_a_truncated_log(sandbox_log, tmp_path, capsys):
    lines = sandbox_log.read_text().splitlines()
    path = cut_after(sandbox_log, tmp_path, len(lines) - 20)
    assert replay_main(str(path), verify=True) == 0
    captured = capsys.readouterr()
    assert "replay matches up to tick" in captured.out
    assert "the log ends at tick" in captured.err and "no end record (truncated" in captured.err


def _checkpoint_lines(recs):
    return [i for i, r in enumerate(recs) if r["record"] == "checkpoint" and r.get("objects")]


def test_an_edited_digest_is_reported_at_its_line(sandbox_log, tmp_path):
    recs = records(sandbox_log)
    i = _checkpoint_lines(recs)[3]
    key = sorted(recs[i]["objects"])[0]
    recs[i]["objects"][key] = "00000000"
    path = tmp_path / "edited.jsonl"
    write_records(path, recs)
    report = verify(Replay(read_log(path)))
    assert report.divergence is not None and report.divergence.what == "a damaged record"
    assert report.divergence.detail[0].startswith(f"{path}:{i + 1}: the checkpoint's digest of ")
    assert replay_main(str(path), verify=True) == 1


def test_an_edited_removed_list_is_reported_at_its_line(sandbox_log, tmp_path):
    recs = records(sandbox_log)
    i = _checkpoint_lines(recs)[2]
    recs[i]["removed"] = sorted(recs[i].get("removed", [])) + [sorted(recs[i]["objects"])[0]]
    path = tmp_path / "removed.jsonl"
    write_records(path, recs)
    d = verify(Replay(read_log(path))).divergence
    assert d is not None and d.what == "a damaged record"
    assert d.detail[0].startswith(f"{path}:{i + 1}: ")


def test_a_dropped_removed_entry_is_reported(sandbox_log, tmp_path):
    recs = records(sandbox_log)
    with_removed = [i for i, r in enumerate(recs) if r["record"] == "checkpoint" and r.get("removed")]
    assert with_removed, "the sandbox run deletes objects"
    i = with_removed[0]
    recs[i]["removed"] = recs[i]["removed"][1:]
    path = tmp_path / "dropped.jsonl"
    write_records(path, recs)
    d = verify(Replay(read_log(path))).divergence
    assert d is not None and d.what == "a damaged record"
    assert d.detail[0].startswith(f"{path}:{i + 1}: ") and "is in the log's checkpoints only" in d.detail[0]


def test_an_object_left_out_of_a_checkpoint_is_reported(sandbox_log, tmp_path):
    recs = records(sandbox_log)
    full = [i for i, r in enumerate(recs) if r["record"] == "checkpoint" and r.get("full")]
    assert full, "the log opens with a full checkpoint"
    i = full[0]
    key = sorted(recs[i]["objects"])[-1]
    del recs[i]["objects"][key]
    path = tmp_path / "left-out.jsonl"
    write_records(path, recs)
    d = verify(Replay(read_log(path))).divergence
    assert d is not None and d.what == "a damaged record"
    assert d.detail[0].startswith(f"{path}:{i + 1}: ") and "is missing from the log's checkpoints" in d.detail[0]


def test_a_key_spelled_another_way_names_no_object(sandbox_log, tmp_path):
    """`Namespace//default` splits like `Namespace/default`, yet is not how the log names it."""
    recs = records(sandbox_log)
    i = _checkpoint_lines(recs)[0]
    key = next(k for k in sorted(recs[i]["objects"]) if k.count("/") == 1)
    kind, name = key.split("/")
    recs[i]["objects"][f"{kind}//{name}"] = recs[i]["objects"][key]
    path = tmp_path / "respelled.jsonl"
    write_records(path, recs)
    d = verify(Replay(read_log(path))).divergence
    assert d is not None and d.what == "a damaged record"
    assert "the replay has no such object" in d.detail[0]
