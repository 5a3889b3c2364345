"""SIGKILL at random moments (issue 18): a headless run's event log replays to its last tick,
and a progress file being saved over and over still loads, with no temporary file left."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kubetui.progress import Progress
from kubetui.replay.reader import read_log
from kubetui.replay.replayer import Replay, verify

RUN = """
import sys
from kubetui.shell import Simulation
from kubetui.replay.writer import EventLog
sim = Simulation(seed=3, nodes=3)
log = EventLog(sys.argv[1], {"seed": 3, "nodes": 3, "checkpointEvery": 5}).attach(sim)
sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
print("ready", flush=True)
lines = ["kubectl scale deployment web --replicas=5", "sim fail-node node-2", "sim recover-node node-2",
         "kubectl scale deployment web --replicas=2", "kubectl create job j{} --image=busybox:1.36 -- true"]
for i in range(100000):
    sim.step(1)
    if i % 7 == 0:
        sim.run(lines[i // 7 % len(lines)].format(i))
"""

SAVE = """
import sys
from kubetui.progress import Progress
p = Progress.load(sys.argv[1])
print("ready", flush=True)
for i in range(10**9):
    p.record("s%d" % (i % 50), stars=i % 4, passed=bool(i % 2), points=i)
    p.record_exercise("e%d" % (i % 30), solved=True, points=i % 10, max_points=10, seconds=i / 10)
    p.save()
"""


def _killed_after(script: str, target: Path, delay: float) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, env=env)
    try:
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def kill_a_run(tmp: Path, delay: float, n: int = 0) -> None:
    path = tmp / f"run-{n}.jsonl"
    _killed_after(RUN, path, delay)
    log = read_log(path)
    report = verify(Replay(log))
    assert report.divergence is None, report.text()
    assert report.truncated_at == log.last_tick
    assert report.ticks >= log.last_tick


def kill_a_save(tmp: Path, delay: float, n: int = 0) -> None:
    folder = tmp / f"data-{n}"
    folder.mkdir()
    path = folder / "progress.json"
    _killed_after(SAVE, path, delay)
    progress = Progress.load(path)
    assert progress.notice is None, progress.notice
    assert [f.name for f in folder.iterdir()] == (["progress.json"] if path.exists() else [])
    if path.exists():
        json.loads(path.read_text())


def delays(n: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [rng.uniform(0.05, 1.5) for _ in range(n)]


@pytest.mark.slow  # kills real processes: seconds
def test_killed_runs_and_saves(tmp_path):
    for n, delay in enumerate(delays(2, seed=1)):
        kill_a_run(tmp_path, delay, n)
    for n, delay in enumerate(delays(4, seed=2)):
        kill_a_save(tmp_path, delay, n)


@pytest.mark.slow
@pytest.mark.deep
@pytest.mark.parametrize("which", ["run", "save"])
def test_killed_100_times(tmp_path, which):
    for n, delay in enumerate(delays(100, seed=3 if which == "run" else 4)):
        (kill_a_run if which == "run" else kill_a_save)(tmp_path, delay, n)
