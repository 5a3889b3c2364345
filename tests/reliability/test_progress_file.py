"""The progress file as a database would keep it (issue 18): checked on load, a damaged file
moved aside with the player told once, saves atomic, dead writers' temporary files removed,
anything but a regular file refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kubetui.cli import main
from kubetui.progress import Progress


@pytest.mark.parametrize("content", [
    '{"scenarios":{"first-pod":{"stars":"3"}}}',
    '{"scenarios":{"first-pod":{"stars":7}}}',
    '{"scenarios": 5}',
    '{"exercises":{"e":{"bestPoints":-1}}}',
    '{"exams":[{"score":"x"}]}',
    "[" * 100_000,
    "{\x00}",
    "\xff\xfe",
    "[1, 2]",
    '{"lessonSeen": "yes"}',
])
def test_a_damaged_file_is_moved_aside_and_the_game_starts(tmp_path, content):
    p = tmp_path / "progress.json"
    p.write_bytes(content.encode("utf-8", "surrogateescape") if content != "\xff\xfe" else b"\xff\xfe")
    progress = Progress.load(p)
    assert progress.scenarios == {} and progress.exercises == {}
    aside = [f.name for f in tmp_path.iterdir() if f.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and not p.exists()
    assert progress.notice.endswith(f"it was moved to {aside[0]} and kubetui starts with fresh progress")
    progress.record("first-pod", stars=2, passed=True, points=10)
    progress.record_exercise("e", solved=True, points=5, max_points=10, seconds=3.0)
    progress.save()
    again = Progress.load(p)
    assert again.notice is None, "the player is told once"
    assert again.scenarios["first-pod"]["stars"] == 2 and again.solved("e")


def test_a_good_file_keeps_what_it_holds(tmp_path):
    p = tmp_path / "progress.json"
    p.write_text(json.dumps({"version": 1, "lessonSeen": True, "lang": "ko", "future": {"x": 1},
                             "scenarios": {"a": {"stars": 3, "completed": True, "bestPoints": 90, "plays": 2}},
                             "exercises": {"e": {"solved": True, "bestSeconds": 12.5}},
                             "exams": [{"seed": 1, "minutes": 30, "score": 80.0, "passed": True}]}))
    progress = Progress.load(p)
    assert progress.notice is None and progress.lesson_seen and progress.lang == "ko"
    assert progress.stars("a") == 3 and progress.solved("e") and progress.exams[0]["passed"]


@pytest.mark.slow  # a fresh process: the full suite runs it
def test_kubetui_list_tells_the_player_once(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path))
    (tmp_path / "progress.json").write_text('{"scenarios":{"first-pod":{"stars":"3"}}}')
    first = CliRunner().invoke(main, ["list"])
    assert first.exit_code == 0, first.output
    assert "warning: " in first.output and "was damaged (scenarios.first-pod.stars" in first.output
    second = CliRunner().invoke(main, ["list"])
    assert second.exit_code == 0 and "warning:" not in second.output


def test_a_fifo_is_never_read(tmp_path):
    p = tmp_path / "progress.json"
    os.mkfifo(p)
    progress = Progress.load(p)
    assert "is not a regular file" in progress.notice
    progress.lesson_seen = True
    progress.save()
    assert p.is_file() and Progress.load(p).lesson_seen


def test_temporary_files_of_dead_writers_are_removed(tmp_path):
    p = tmp_path / "progress.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    (tmp_path / f".progress.json.{dead}.x1").write_text("{")
    (tmp_path / ".progress.json.old-style").write_text("{")
    mine = tmp_path / f".progress.json.{os.getpid()}.x2"
    mine.write_text("{")
    Progress.load(p)
    assert sorted(f.name for f in tmp_path.iterdir()) == [mine.name]
