"""The installed `kubetui` in a real terminal (tmux): start, play a little, read the screen."""

import os
import shutil
import subprocess
import time

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("kubetui") is None,
                                reason="tmux (and the installed kubetui command) are needed for the terminal test")

SESSION = f"kubetui-test-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(text: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{shown}")


def wait_gone(text: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text not in screen():
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} stayed on screen")


def test_play_a_little_in_tmux(tmp_path):
    env = f"KUBETUI_DATA_DIR={tmp_path} XDG_DATA_HOME={tmp_path} KUBETUI_LANG=en"
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", f"env {env} kubetui sandbox --seed 3")
    try:
        wait_for("Welcome to kubetui")
        tmux("send-keys", "-t", SESSION, "Enter")
        wait_gone("Welcome to kubetui")
        tmux("send-keys", "-t", SESSION, "-l", "create deployment web --image=nginx:1.25 --replicas=3")
        tmux("send-keys", "-t", SESSION, "Enter")
        wait_for("deployment.apps/web created")
        tmux("send-keys", "-t", SESSION, "Escape")
        time.sleep(0.3)
        tmux("send-keys", "-t", SESSION, "+", "+", "+")
        wait_for("speed 10×")
        shown = wait_for("3/3 ready", timeout=20)
        assert shown.count("Running") >= 3
        assert "Nodes" in shown and "node-3" in shown and "Events" in shown
        tmux("send-keys", "-t", SESSION, "Space")
        wait_for("PAUSED")
        tmux("send-keys", "-t", SESSION, "q")
        wait_for("Sandbox — free play")
        tmux("send-keys", "-t", SESSION, "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and SESSION in tmux("list-sessions", "-F", "#{session_name}"):
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    logs = list(tmp_path.rglob("logs/sandbox-3-*.jsonl"))
    assert logs, "the run's event log was not written"
