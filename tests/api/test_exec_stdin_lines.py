"""`kubectl exec -i POD -- sh` without a terminal, the clock running: a shell reading a pipe runs
each command as soon as it has read it whole, so a typed line's output comes back before stdin
ends (^D), as on a real cluster; a compound command waits for its closing word, and the end of
stdin ends the shell with the last command's status."""

from __future__ import annotations

import os
import select
import subprocess

import pytest

from tests.api.conftest import KUBECTL


def _read_line(proc, wait: float = 30.0) -> str:
    """The next line kubectl prints, or "" when none comes while stdin stays open (unbuffered:
    select sees what is left to read)."""
    ready, _, _ = select.select([proc.stdout], [], [], wait)
    return proc.stdout.readline().decode() if ready else ""


@pytest.mark.parametrize("websockets", ["true", "false"])  # kubectl 1.30+'s WebSocket v5; SPDY as 1.29 and older
def test_each_line_runs_as_it_arrives(served, websockets):
    served.builtin("kubectl run bb --image=busybox -- sleep 3600")
    served.step(10)
    served.call(lambda: served.server.clock.set(paused=False, speed=20.0))
    proc = subprocess.Popen([KUBECTL, "exec", "-i", "bb", "--", "sh"], stdin=subprocess.PIPE, bufsize=0,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**served.env(), "KUBECTL_REMOTE_COMMAND_WEBSOCKETS": websockets})
    try:
        proc.stdin.write(b"x=5; echo first $x\n")
        proc.stdin.flush()
        assert _read_line(proc) == "first 5\n"  # before stdin ends
        proc.stdin.write(b"if true; then\n  echo in $x\n")
        proc.stdin.flush()
        proc.stdin.write(b"fi\ntty\n")
        proc.stdin.flush()
        assert _read_line(proc) == "in 5\n"
        assert _read_line(proc) == "not a tty\n"
        proc.stdin.write(b"ls /nope")  # the last line without its newline, then EOF
        proc.stdin.close()
        rest, err = proc.stdout.read().decode(), proc.stderr.read().decode()
        assert proc.wait(timeout=30) == 1
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, 9)
    assert rest == ""
    assert err == "ls: /nope: No such file or directory\ncommand terminated with exit code 1\n"
    sent = [r["line"] for r in served.sim.command_log if r.get("sends")]
    assert sent[0] == "x=5; echo first $x"  # through the door as it came, so a replay types it too
    assert "\n".join(sent) == "x=5; echo first $x\nif true; then\n  echo in $x\nfi\ntty\nls /nope\n\x04"
