"""`kubectl exec` without a terminal, served with the clock running: the command's output reaches
the real kubectl as the shell prints it, each `sleep` taking its simulated seconds."""

from __future__ import annotations

import subprocess

from tests.api.conftest import KUBECTL


def test_exec_output_arrives_as_the_shell_prints_it(served):
    served.builtin("kubectl run bb --image=busybox -- sleep 3600")
    served.step(10)
    served.call(lambda: served.server.clock.set(paused=False, speed=20.0))
    proc = subprocess.Popen([KUBECTL, "exec", "bb", "--", "sh", "-c", "echo a; sleep 4; echo b; exit 3"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=served.env())
    first = proc.stdout.readline()
    tick_at_a = served.call(lambda: served.sim.tick)
    rest, err = proc.communicate(timeout=60)
    assert (first, rest) == ("a\n", "b\n")
    assert proc.returncode == 3 and err == "command terminated with exit code 3\n"
    assert served.call(lambda: served.sim.tick) >= tick_at_a + 3
    line = next(r for r in served.sim.command_log if r["line"].startswith("kubectl exec bb"))
    assert line["source"] == "api" and line.get("background")
