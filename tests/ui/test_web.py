"""`kubetui web` in a real browser: the home screen, a lesson started, a kubectl command and its output."""

from browser_kit import Browser, WebServer, needs_browser
from selenium.webdriver.common.keys import Keys

pytestmark = needs_browser


def test_a_lesson_in_the_browser(tmp_path):
    server = WebServer(tmp_path / "data")
    browser = Browser(server.url)
    try:
        browser.open()
        home = browser.wait_for("Hello, cluster")
        assert "Campaign" in home
        browser.focus()
        browser.keys(Keys.END)  # the campaign's lessons fill the screen: the exercises follow them
        browser.wait_for("Exercises")
        browser.keys(Keys.HOME)
        browser.keys(Keys.ENTER)
        browser.wait_for("Welcome to kubetui")
        browser.keys(Keys.ENTER)
        browser.wait_for("Enter: start the clock")
        browser.forget()
        browser.keys(Keys.ENTER)
        browser.wait_for("tick 2")
        browser.type("run hello --image=nginx:1.27")
        browser.wait_for("pod/hello created")
        browser.forget()
        browser.type("kubectl get pods")
        assert "hello" in browser.wait_for("Running")
    finally:
        browser.close()
        server.close()
    assert list((tmp_path / "data").rglob("logs/first-pod-*.jsonl")), "the browser's game wrote no event log"


def test_every_browser_gets_its_own_cluster(tmp_path):
    """Two browsers on one server: what one creates, the other never sees."""
    server = WebServer(tmp_path / "data", "sandbox", "--seed", "1")
    first = second = None
    try:
        first = Browser(server.url)
        first.open()
        first.wait_for("Welcome to kubetui")
        first.focus()
        first.keys(Keys.ENTER)
        first.type("create deployment only-here --image=nginx:1.27")
        first.wait_for("deployment.apps/only-here created")
        second = Browser(server.url)
        second.open()
        second.wait_for("Control plane")  # no welcome: the first browser's player has seen it
        second.focus()
        second.forget()
        second.type("kubectl get deployments")
        answer = second.wait_for("No resources found")
        assert "only-here" not in answer
    finally:
        for browser in (first, second):
            if browser is not None:
                browser.close()
        server.close()
