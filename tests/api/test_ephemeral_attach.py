"""The real kubectl attached to an ephemeral container on a terminal (a pty): `kubectl debug -it
POD --target=…` and `kubectl attach -it POD -c DEBUGGER`, over WebSocket and plain SPDY. The
debugger's shell is a session through the door (each line recorded); its `exit` ends the
ephemeral container."""

from __future__ import annotations

import os
import pty
import subprocess

import pytest

from tests.api.test_spdy_streams import NO_WEBSOCKETS
from tests.api.test_streams import _read_until, _until

pytestmark = pytest.mark.slow  # the real kubectl on a pty

PROTOCOLS = {"websocket": {}, "spdy": NO_WEBSOCKETS}


def _on_pty(served, protocol: str, *args: str) -> tuple[subprocess.Popen, int]:
    master, slave = pty.openpty()
    p = subprocess.Popen([served.binary, *args], stdin=slave, stdout=slave, stderr=slave,
                         env={**served.env(), **PROTOCOLS[protocol]})
    os.close(slave)
    return p, master


def _ephemeral(served, name: str) -> dict | None:
    pod = served.call(served.sim.get, "Pod", "web", "default") or {}
    return next((s for s in (pod.get("status") or {}).get("ephemeralContainerStatuses") or []
                 if s["name"] == name), None)


def _type(served, p: subprocess.Popen, master: int) -> tuple[list[str], int]:
    """At the prompt: a line, then `exit 4`; what the terminal showed, and kubectl's exit code."""
    try:
        shown = [_read_until(master, "/ # ")]
        os.write(master, b"hostname; echo $((6*7))\r")
        shown.append(_read_until(master, "/ # "))
        os.write(master, b"exit 4\r")
        code = p.wait(timeout=30)
    finally:
        p.kill()
        p.communicate()
        os.close(master)
    return shown, code


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_debug_it_attaches_to_the_new_ephemeral_container(served, protocol):
    served.builtin("kubectl run web --image=nginx")
    served.step(20)
    p, master = _on_pty(served, protocol, "debug", "-it", "web", "--image=busybox", "--target=web", "-c", "dbg")
    _until(lambda: _ephemeral(served, "dbg") is not None or served.call(
        served.sim.get, "Pod", "web", "default")["spec"].get("ephemeralContainers"))
    served.step(10)
    shown, code = _type(served, p, master)
    assert code == 0  # attach ends in Success whatever the container's exit code
    assert shown[0].startswith('Targeting container "web".')
    assert shown[0].endswith("If you don't see a command prompt, try pressing enter.\r\n/ # ")
    assert shown[1] == "hostname; echo $((6*7))\r\nweb\r\n42\r\n/ # "
    served.step(3)
    assert _ephemeral(served, "dbg")["state"]["terminated"]["exitCode"] == 4
    lines = [r["line"] for r in served.sim.command_log]
    assert "kubectl exec -i -t web -n default -c dbg -- sh" in lines
    assert [r["line"] for r in served.sim.command_log if "sends" in r] == ["hostname; echo $((6*7))", "exit 4"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_attach_it_to_a_running_debugger(served, protocol):
    served.builtin("kubectl run web --image=nginx")
    served.step(20)
    made = served.kubectl("debug", "-it", "--attach=false", "web", "--image=busybox", "-c", "debugger-abc")
    assert made.returncode == 0, made.stderr
    served.step(10)
    assert "running" in _ephemeral(served, "debugger-abc")["state"]
    p, master = _on_pty(served, protocol, "attach", "-it", "web", "-c", "debugger-abc")
    shown, code = _type(served, p, master)
    assert code == 0  # attach ends in Success whatever the container's exit code
    assert shown[0].endswith("If you don't see a command prompt, try pressing enter.\r\n/ # ")
    assert shown[1] == "hostname; echo $((6*7))\r\nweb\r\n42\r\n/ # "
    served.step(3)
    assert _ephemeral(served, "debugger-abc")["state"]["terminated"]["exitCode"] == 4


def test_logs_and_plain_attach_name_an_ephemeral_container(served):
    served.builtin("kubectl run web --image=nginx")
    served.step(20)
    served.builtin("kubectl debug web --image=busybox -c dbg -- sh -c 'echo one; sleep 3600'")
    served.step(10)
    r = served.kubectl("logs", "web", "-c", "dbg")
    assert (r.returncode, r.stdout) == (0, "one\n"), r.stderr
    code, body, _ = served.http("GET", "/api/v1/namespaces/default/pods/web/log?container=nope")
    assert (code, body["message"]) == (400, "container nope is not valid for pod web")
