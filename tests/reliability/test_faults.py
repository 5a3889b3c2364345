"""SIGKILL at random moments (issue 18): a real `kubetui run` (headless) killed while it writes
its event log, and a real terminal UI (`python -m kubetui` on a pseudo-terminal) killed while
it saves the progress file. The log replays to its last complete tick (`kubetui replay
--verify`: exit 0, with the truncation warning), the progress file loads, no temporary file
remains. Every wait is for a condition (a log that has grown, a save under way), never a guess."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from kubetui.progress import Progress

ROOT = Path(__file__).parents[2]
TIMEOUT = 120
"""Seconds a condition may take to come true on a loaded machine before the test fails."""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.25"}]
"""
COMMANDS = ["kubectl scale deployment web --replicas=5", "sim fail-node node-2", "sim recover-node node-2",
            "kubectl scale deployment web --replicas=2", "kubectl create job j{} --image=busybox:1.36 -- true"]
TICKS = 600


def _env(data: Path) -> dict:
    env = {**os.environ, "KUBETUI_DATA_DIR": str(data), "PYTHONHASHSEED": "0", "TERM": "xterm-256color"}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return env


def _wait(condition, what: str, proc: subprocess.Popen | None = None):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if proc is not None and proc.poll() is not None:
            return None
        time.sleep(0.002)
    raise AssertionError(f"{what}: not within {TIMEOUT}s")


def _kubetui(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kubetui", *args], capture_output=True, text=True, env=_env(data),
                          timeout=TIMEOUT * 5)


# -- a headless run killed while it writes its log -------------------------------------------

def sandbox(tmp: Path) -> tuple[Path, Path]:
    """A folder of manifests and a script that keeps the cluster busy for TICKS ticks."""
    folder = tmp / "sandbox"
    if not folder.exists():
        folder.mkdir()
        (folder / "web.yaml").write_text(DEPLOYMENT)
        lines = [f"@{t} " + COMMANDS[t // 7 % len(COMMANDS)].format(t) for t in range(0, TICKS, 7)]
        (tmp / "script.txt").write_text("\n".join(lines) + "\n")
    return folder, tmp / "script.txt"


def full_log_size(tmp: Path) -> int:
    """How long the whole run's log is: kills aim at a byte somewhere inside it."""
    folder, script = sandbox(tmp)
    log = tmp / "whole.jsonl"
    r = _kubetui("run", str(folder), "--script", str(script), "--ticks", str(TICKS), "--log", str(log),
                 data=tmp / "data")
    assert r.returncode == 0, r.stderr
    return log.stat().st_size


def kill_a_run(tmp: Path, at_byte: int, n: int) -> dict:
    """Start `kubetui run`, SIGKILL it once its log holds `at_byte` bytes, replay the log."""
    folder, script = sandbox(tmp)
    log = tmp / f"run-{n}.jsonl"
    data = tmp / "data"
    proc = subprocess.Popen([sys.executable, "-m", "kubetui", "run", str(folder), "--script", str(script),
                             "--ticks", str(TICKS), "--log", str(log)], env=_env(data),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        reached = _wait(lambda: log.exists() and log.stat().st_size >= at_byte, f"the log reaching {at_byte} bytes",
                        proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate()
    assert reached, f"the run ended before its log reached {at_byte} bytes: {stderr.decode()}"
    assert proc.returncode == -signal.SIGKILL
    size = log.stat().st_size
    r = _kubetui("replay", "--verify", str(log), data=data)
    assert r.returncode == 0, (size, r.stdout, r.stderr)
    whole = log.read_bytes() == (tmp / "whole.jsonl").read_bytes()
    if whole:
        # killed after its last line: the log is whole, and replays as such
        assert "replay matches: " in r.stdout and f"over {TICKS} tick(s)" in r.stdout, r.stdout
    else:
        assert "replay matches up to tick" in r.stdout and "(truncated)" in r.stdout, r.stdout
        assert "truncated" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    leftovers = [f.name for f in tmp.rglob("*") if f.name.startswith(".") and f.is_file()]
    assert leftovers == [], leftovers
    return {"bytes": size, "whole": whole, "cut_mid_line": not log.read_bytes().endswith(b"\n")}


# -- the terminal UI killed while it saves the progress file ---------------------------------

EXERCISES = 5000
"""Records in the progress file: a save writes about a megabyte, so kills land inside saves."""


def _progress_file(folder: Path) -> Path:
    p = folder / "progress.json"
    p.write_text(json.dumps({"version": 1, "lessonSeen": True, "lang": "en", "exercises": {
        f"ex-{i:05d}": {"solved": True, "bestPoints": 3, "maxPoints": 3, "attempts": 2, "bestSeconds": 12.5,
                        "hintsUsed": 0} for i in range(EXERCISES)}}))
    return p


def kill_a_save(tmp: Path, after_saves: int, n: int) -> dict:
    """Open the home screen on a pseudo-terminal, press `l` (the language: each press saves the
    progress) over and over, and SIGKILL the UI while its `after_saves`-th or a later save is
    being written (its temporary file is there)."""
    folder = tmp / f"ui-{n}"
    folder.mkdir()
    path = _progress_file(folder)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "kubetui"], stdin=slave, stdout=slave, stderr=slave,
                            env=_env(folder), start_new_session=True)
    os.close(slave)
    screen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    threading.Thread(target=drain, daemon=True).start()
    saves = {"count": 0, "inode": path.stat().st_ino}

    def saving() -> bool:
        os.write(master, b"l")
        inode = path.stat().st_ino if path.exists() else None
        if inode != saves["inode"]:
            saves["count"] += 1
            saves["inode"] = inode
        temporary = any(name.startswith(".progress.json.") for name in os.listdir(folder))
        return temporary and saves["count"] >= after_saves

    try:
        caught = _wait(saving, f"save number {after_saves} under way", proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.close(master)
    assert caught, f"the UI ended: {bytes(screen[-2000:]).decode(errors='replace')}"
    assert proc.returncode == -signal.SIGKILL
    mid_save = any(f.name.startswith(".progress.json.") for f in folder.iterdir())
    progress = Progress.load(path)
    assert progress.notice is None, progress.notice
    assert progress.lang in ("en", "ko") and len(progress.exercises) == EXERCISES
    assert [f.name for f in folder.iterdir()] == ["progress.json"], "a temporary file remains"
    return {"saves": saves["count"], "mid_save": mid_save}


@pytest.mark.slow  # fresh processes: seconds
def test_a_killed_run_replays_to_its_last_tick(tmp_path):
    size = full_log_size(tmp_path)
    rng = random.Random(1)
    for n in range(2):
        kill_a_run(tmp_path, int(size * rng.uniform(0.05, 0.95)), n)


@pytest.mark.slow  # a terminal UI in a fresh process: seconds
def test_a_ui_killed_mid_save_loses_nothing(tmp_path):
    killed = [kill_a_save(tmp_path, after, n) for n, after in enumerate((1, 3))]
    assert any(k["mid_save"] for k in killed), "no kill landed inside a save"


@pytest.mark.slow
@pytest.mark.deep
@pytest.mark.parametrize("which", ["run", "save"])
def test_killed_100_times(tmp_path, which):
    """With KUBETUI_FUZZ_REPORT=FILE, each kill's figures are appended to FILE as it is checked."""
    rng = random.Random(3 if which == "run" else 4)
    report = os.environ.get("KUBETUI_FUZZ_REPORT")
    size = full_log_size(tmp_path) if which == "run" else 0
    for n in range(100):
        began = time.monotonic()
        if which == "run":
            figures = kill_a_run(tmp_path, int(size * rng.uniform(0.02, 0.98)), n)
        else:
            figures = kill_a_save(tmp_path, rng.randint(1, 6), n)
        if report:
            with open(report, "a", encoding="utf-8") as f:
                f.write(json.dumps({"test": f"faults-{which}", "kill": n + 1, "seconds": round(time.monotonic() - began, 1),
                                    **figures}) + "\n")
