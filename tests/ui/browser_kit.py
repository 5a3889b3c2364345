"""Driving `kubetui web` in a real browser: Debian's chromium, headless, through its chromedriver.

xterm.js paints the terminal on a canvas, so there is no text in the page to read. Instead a script
installed before the page loads copies every frame the server sends over the WebSocket; with the
escape sequences removed, that is what the browser drew, in order.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)

needs_browser = pytest.mark.skipif(
    not HAVE_BROWSER and not os.environ.get("CI"),
    reason="Debian's chromium and chromium-driver are needed for the browser test (.ci/run installs them)")

CAPTURE = """
window.__screen = '';
const Native = window.WebSocket;
const decoder = new TextDecoder();
function Capturing(url, protocols) {
  const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
  ws.addEventListener('message', (e) => {
    if (typeof e.data === 'string') { window.__screen += e.data; }
    else if (e.data instanceof ArrayBuffer) { window.__screen += decoder.decode(e.data, {stream: true}); }
    else if (e.data instanceof Blob) { e.data.text().then((t) => { window.__screen += t; }); }
  });
  return ws;
}
Capturing.prototype = Native.prototype;
Object.assign(Capturing, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
window.WebSocket = Capturing;
"""

ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]|\x1b[=>]")


class WebServer:
    """`kubetui web` on a free port; ARGS are the kubetui command each browser session runs."""

    def __init__(self, data_dir, *args: str):
        env = dict(os.environ, KUBETUI_DATA_DIR=str(data_dir), KUBETUI_LANG="en")
        self.process = subprocess.Popen(["kubetui", "web", "--port", "0", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=env)
        line = self.process.stdout.readline()
        assert "http://" in line, f"kubetui web said: {line + self.process.stdout.read(2000)!r}"
        self.url = line.split(": ", 1)[1].strip()

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Browser:
    """One headless chromium showing the page at `url`, keys in, drawn text out."""

    def __init__(self, url: str):
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service

        options = Options()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1400,900"):
            options.add_argument(arg)
        self.url = url
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CAPTURE})

    def open(self) -> None:
        self.driver.get(self.url)

    def focus(self) -> None:
        """Give the terminal the keyboard (without a click, which the game would take as a mouse click)."""
        self.driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")

    def drawn(self) -> str:
        return ESCAPES.sub("", self.driver.execute_script("return window.__screen") or "")

    def forget(self) -> None:
        """Start reading afresh: what is drawn from now on."""
        self.driver.execute_script("window.__screen = ''")

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        drawn = ""
        while time.monotonic() < deadline:
            drawn = self.drawn()
            if text in drawn:
                return drawn
            time.sleep(0.25)
        raise AssertionError(f"{text!r} was never drawn; the last frames were:\n{drawn[-3000:]}")

    def keys(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(*keys).perform()

    def type(self, line: str) -> None:
        """Type a line and press Enter once the command bar shows it (typed once: keys typed
        right after the overlay closes reach the command bar, see test_command_bar_typing)."""
        from selenium.webdriver.common.keys import Keys

        self.forget()
        self.keys(line)
        self.wait_for(line, timeout=20)
        self.keys(Keys.ENTER)

    def close(self) -> None:
        self.driver.quit()
