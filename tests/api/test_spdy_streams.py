"""The plain-SPDY fallback of the streaming subresources, as kubectl 1.29 and older speak them (and
kubectl 1.30+ with `KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false` / `KUBECTL_PORT_FORWARD_WEBSOCKETS=false`):
exec, attach and port-forward over an HTTP connection upgraded to SPDY/3.1, one SPDY stream per
channel; and the terminal's size (the resize channel) reaching the shell, over both protocols,
through the door (replayed)."""

from __future__ import annotations

import fcntl
import os
import pty
import shlex
import signal
import struct
import subprocess
import sys
import termios
import time
import urllib.request

import pytest

from kubetui.api import streams
from tests.api.test_exec import CASES
from tests.api.test_streams import _free_port, _lines, _read_until, _until

pytestmark = pytest.mark.slow  # each test drives the real kubectl in subprocesses

NO_WEBSOCKETS = {"KUBECTL_REMOTE_COMMAND_WEBSOCKETS": "false", "KUBECTL_PORT_FORWARD_WEBSOCKETS": "false"}


def spdy_env(s) -> dict:
    return {**s.env(), **NO_WEBSOCKETS}


@pytest.fixture
def upgrades(monkeypatch) -> list[str]:
    """The protocols of the connections upgraded to SPDY (the server runs in this process)."""
    seen: list[str] = []
    upgrade = streams.SpdyConnection.upgrade.__func__

    async def counting(cls, request, protocol):
        seen.append(protocol)
        return await upgrade(cls, request, protocol)
    monkeypatch.setattr(streams.SpdyConnection, "upgrade", classmethod(counting))
    return seen


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a[1:]))
def test_exec_over_spdy_matches_builtin_kubectl(shared, upgrades, args):
    if shared.call(shared.sim.get, "Pod", "web", "default") is None:
        shared.kubectl("run", "web", "--image=nginx:1.25", "--env=A=1")
        shared.step(10)
    real = subprocess.run([shared.binary, *args], input="hello\n", capture_output=True, text=True,
                          env=spdy_env(shared), timeout=60)
    mine = shared.builtin("kubectl " + shlex.join(args))
    assert (real.returncode, real.stdout, real.stderr) == (mine.exit_code, mine.stdout, mine.stderr)
    if args[1] != "nope":
        assert upgrades == ["v4.channel.k8s.io"]
        assert shared.sim.command_log[-2]["line"].startswith("kubectl exec web -n default")


def _set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _sized_session(s, env: dict) -> tuple[int, list[str]]:
    """`kubectl exec -it box -- sh` on a 100x40 pty, resized to 120x50 half-way."""
    master, slave = pty.openpty()
    _set_size(slave, 100, 40)
    p = subprocess.Popen([s.binary, "exec", "-it", "box", "--", "sh"], stdin=slave, stdout=slave, stderr=slave,
                         env=env, start_new_session=True)
    shown = [_read_until(master, "/ # ")]
    try:
        os.write(master, b"stty size\r")
        shown.append(_read_until(master, "40 100\r\n/ # "))
        _set_size(slave, 120, 50)
        p.send_signal(signal.SIGWINCH)
        deadline = time.monotonic() + 20
        while True:
            os.write(master, b"stty size\r")
            out = _read_until(master, "/ # ")
            if "50 120" in out or time.monotonic() > deadline:
                shown.append(out)
                break
            time.sleep(0.2)
        os.write(master, b"exit\r")
        code = p.wait(timeout=20)
    finally:
        p.kill()
        os.close(slave)
        os.close(master)
    return code, shown


@pytest.mark.parametrize("protocol", ["spdy", "websocket"])
def test_the_shell_learns_the_terminals_size_and_its_changes(served, protocol):
    served.kubectl("run", "box", "--image=busybox", "--", "sleep", "3600")
    served.step(10)
    env = spdy_env(served) if protocol == "spdy" else served.env()
    code, shown = _sized_session(served, env)
    assert code == 0
    assert shown[1] == "stty size\r\n40 100\r\n/ # "
    assert shown[2].endswith("stty size\r\n50 120\r\n/ # ")
    started = next(r for r in served.sim.command_log if r["line"].startswith("kubectl exec -i -t box"))
    assert [r["line"] for r in served.sim.command_log if r.get("resizes") == started["seq"]] == ["100x40", "120x50"]


def test_attach_over_spdy_streams_what_the_container_writes(served):
    served.kubectl("run", "ticker", "--image=busybox", "--", "sh", "-c",
                   "i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done")
    served.step(6)
    last = int(served.kubectl("logs", "ticker").stdout.splitlines()[-1].split()[1])
    p = subprocess.Popen([served.binary, "attach", "ticker"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=spdy_env(served))
    try:
        _until(lambda: served.server.attached == 1)
        served.step(3)
        out = _lines(p)
        assert [out.get(timeout=20) for _ in range(3)] == [f"tick {n}\n" for n in range(last + 1, last + 4)]
        served.builtin("kubectl delete pod ticker --wait=false")
        served.step(40)
        assert p.wait(timeout=20) == 0
    finally:
        p.kill()
        p.communicate()


def test_port_forward_over_spdy_reaches_the_pods_app(served, upgrades):
    served.kubectl("run", "web", "--image=nginx:1.25", "--port=80")
    served.step(10)
    port = _free_port()
    p = subprocess.Popen([served.binary, "port-forward", "pod/web", f"{port}:80"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=spdy_env(served))
    try:
        assert _lines(p).get(timeout=20) == f"Forwarding from 127.0.0.1:{port} -> 80\n"
        for _ in range(2):  # a connection each
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                assert b"Welcome to nginx!" in resp.read()
        assert upgrades == ["portforward.k8s.io"]
    finally:
        p.kill()
        p.communicate()


def test_a_resized_spdy_session_replays_in_a_fresh_process(tmp_path, serve_session, logged_session):
    session = logged_session(tmp_path, 9)
    s = serve_session(tmp_path, session)
    try:
        s.kubectl("run", "box", "--image=busybox", "--", "sleep", "3600")
        s.step(10)
        assert _sized_session(s, spdy_env(s))[0] == 0
        s.step(3)
    finally:
        s.running.stop()
    session.close({"passed": None, "score": None})
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(tmp_path / "run.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout
