"""The installed `kubetui` in a real terminal (tmux): start, play a little, read the screen."""

import os
import time

from tmux_kit import Terminal, needs_tmux

pytestmark = needs_tmux


def test_play_a_little_in_tmux(tmp_path):
    term = Terminal(f"kubetui-test-{os.getpid()}")
    env = f"KUBETUI_DATA_DIR={tmp_path} XDG_DATA_HOME={tmp_path} KUBETUI_LANG=en"
    term.start(f"env {env} kubetui sandbox --seed 3")
    try:
        term.wait_for("Welcome to kubetui")
        term.keys("Enter")
        term.wait_gone("Welcome to kubetui")
        term.type("create deployment web --image=nginx:1.25 --replicas=3")
        term.wait_for("deployment.apps/web created")
        term.keys("Escape")
        time.sleep(0.3)
        term.keys("+", "+", "+")
        term.wait_for("speed 10×")
        shown = term.wait_for("3/3 ready", timeout=20)
        assert shown.count("Running") >= 3
        assert "Nodes" in shown and "node-3" in shown and "Events" in shown
        term.keys("Space")
        term.wait_for("PAUSED")
        term.keys("q")
        term.wait_for("Enter play")  # back on the home screen
        term.keys("q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and term.running():
            time.sleep(0.2)
    finally:
        term.close()
    logs = list(tmp_path.rglob("logs/sandbox-3-*.jsonl"))
    assert logs, "the run's event log was not written"
