"""The installed `kubetui` in a real terminal (tmux): the first lesson of the campaign played to
a win with keys and commands, as a learner would."""

import os
import shutil
import subprocess
import time

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("kubetui") is None,
                                reason="tmux (and the installed kubetui command) are needed for the terminal test")

SESSION = f"kubetui-campaign-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{shown}")


def type_command(line: str) -> None:
    tmux("send-keys", "-t", SESSION, "-l", line)
    tmux("send-keys", "-t", SESSION, "Enter")


def test_first_lesson_played_to_a_win_in_tmux(tmp_path):
    env = f"KUBETUI_DATA_DIR={tmp_path} KUBETUI_LANG=en"
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", f"env {env} kubetui play first-pod --seed 1")
    try:
        wait_for("Welcome to kubetui")
        tmux("send-keys", "-t", SESSION, "Enter")
        wait_for("Enter: start the clock")
        tmux("send-keys", "-t", SESSION, "Enter")
        type_command("run hello --image=nginx:1.27")
        wait_for("pod/hello created")
        tmux("send-keys", "-t", SESSION, "Escape")
        time.sleep(0.3)
        tmux("send-keys", "-t", SESSION, "+", "+", "+")
        wait_for("ErrImagePull", timeout=30)  # the colleague's typo (ngnix) at tick 15
        tmux("send-keys", "-t", SESSION, "i")
        time.sleep(0.5)
        type_command("delete pod shop")  # kubectl waits until the pod is gone; the game goes on meanwhile
        wait_for('pod "shop" deleted')
        time.sleep(1.5)
        type_command("run shop --image=nginx:1.27 --labels=app=shop")
        wait_for("pod/shop created")
        tmux("send-keys", "-t", SESSION, "Escape")
        time.sleep(0.3)
        tmux("send-keys", "-t", SESSION, "+", "+")
        shown = wait_for("★★★", timeout=60)
        assert "Results" in shown or "passed" in shown.lower()
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    assert list(tmp_path.rglob("logs/first-pod-1-*.jsonl")), "the run's event log was not written"
