"""The installed `kubetui` in a real terminal (tmux): the first lesson of the campaign played to
a win with keys and commands, as a learner would."""

import os
import time

from tmux_kit import Terminal, needs_tmux

pytestmark = needs_tmux


def test_first_lesson_played_to_a_win_in_tmux(tmp_path):
    term = Terminal(f"kubetui-campaign-{os.getpid()}")
    term.start(f"env KUBETUI_DATA_DIR={tmp_path} KUBETUI_LANG=en kubetui play first-pod --seed 1")
    try:
        term.wait_for("Welcome to kubetui")
        term.keys("Enter")
        term.wait_for("Enter: start the clock")
        term.keys("Enter")
        term.type("run hello --image=nginx:1.27")
        term.wait_for("pod/hello created")
        term.keys("Escape")
        time.sleep(0.3)
        term.keys("+", "+", "+")
        term.wait_for("ErrImagePull", timeout=30)  # the colleague's typo (ngnix) at tick 15
        term.keys("i")
        time.sleep(0.5)
        term.type("delete pod shop")  # kubectl waits until the pod is gone; the game goes on meanwhile
        term.wait_for('pod "shop" deleted')
        time.sleep(1.5)
        term.type("run shop --image=nginx:1.27 --labels=app=shop")
        term.wait_for("pod/shop created")
        term.keys("Escape")
        time.sleep(0.3)
        term.keys("+", "+")
        shown = term.wait_for("★★★", timeout=60)
        assert "Results" in shown or "passed" in shown.lower()
    finally:
        term.close()
    assert list(tmp_path.rglob("logs/first-pod-1-*.jsonl")), "the run's event log was not written"
