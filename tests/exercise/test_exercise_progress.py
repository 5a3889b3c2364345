"""Exercise progress: best results kept, and a crash while saving never corrupts the file."""

import json

import pytest

from kubetui.progress import Progress


def test_best_result_and_fastest_solve_are_kept(tmp_path):
    p = Progress(path=tmp_path / "progress.json")
    p.record_exercise("deploy-scale", solved=False, points=100, max_points=200, seconds=30.0)
    p.record_exercise("deploy-scale", solved=True, points=200, max_points=200, seconds=80.0, hints=1)
    p.record_exercise("deploy-scale", solved=True, points=150, max_points=200, seconds=50.0)
    p.save()
    entry = Progress.load(tmp_path / "progress.json").exercises["deploy-scale"]
    assert entry == {"solved": True, "bestPoints": 200, "maxPoints": 200, "attempts": 3, "bestSeconds": 50.0,
                     "hintsUsed": 1}


def test_a_crash_while_saving_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    p = Progress(path=path)
    p.record_exercise("core-run-pod", solved=True, points=200, max_points=200, seconds=12.0)
    p.save()
    before = path.read_text()

    p.record_exercise("core-labels", solved=True, points=200, max_points=200)

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("kubetui.files.os.replace", crash)
    with pytest.raises(KeyboardInterrupt):
        p.save()
    assert path.read_text() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["progress.json"]
    assert "core-labels" not in json.loads(before)["exercises"]


def test_scenario_progress_is_kept_beside_exercises(tmp_path):
    path = tmp_path / "progress.json"
    p = Progress(path=path)
    p.record("node-failure", stars=2, passed=True, points=300)
    p.record_exercise("core-run-pod", solved=True, points=200, max_points=200)
    p.record_exam(seed=3, minutes=120, score=0.7, passed=True)
    p.save()
    q = Progress.load(path)
    assert q.stars("node-failure") == 2 and q.solved("core-run-pod")
    assert q.exams == [{"seed": 3, "minutes": 120, "score": 70.0, "passed": True}]
