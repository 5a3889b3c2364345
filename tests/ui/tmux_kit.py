"""Driving the installed `kubetui` in a real terminal: a tmux session, keys in, screen text out."""

import shutil
import subprocess
import time

import pytest

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("kubetui") is None,
                                reason="tmux (and the installed kubetui command) are needed for the terminal test")


class Terminal:
    """One tmux session on a private server (no user config), so nothing outside the test shapes it."""

    def __init__(self, session: str):
        self.session = session

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.session, "-f", "/dev/null", *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def start(self, command: str, width: int = 120, height: int = 40) -> None:
        # COLUMNS and LINES (set by some CI runners) would override the pane's real size.
        command = f"env -u COLUMNS -u LINES {command}"
        self.tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command)
        size = self.tmux("display-message", "-p", "-t", self.session, "#{window_width}x#{window_height}")
        assert size.strip() == f"{width}x{height}", f"tmux made a {size.strip()} window"

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, line: str) -> None:
        """Type a line into the focused input and press Enter."""
        self.tmux("send-keys", "-t", self.session, "-l", line)
        self.keys("Enter")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{shown}")

    def wait_gone(self, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text not in self.screen():
                return
            time.sleep(0.2)
        raise AssertionError(f"{text!r} stayed on screen")

    def running(self) -> bool:
        try:
            return self.session in self.tmux("list-sessions", "-F", "#{session_name}")
        except subprocess.CalledProcessError:  # the last session ended, so did its server
            return False

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.session, "kill-server"], capture_output=True)
