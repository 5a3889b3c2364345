"""`kubectl exec` over WebSocket (v5.channel.k8s.io): the real kubectl gets what kubetui's own
exec prints, exit codes included, and the command is recorded like any other."""

from __future__ import annotations

import shlex

import pytest

CASES = [
    ["exec", "web", "--", "printenv", "A"],
    ["exec", "web", "-c", "web", "--", "sh", "-c", "echo out; exit 3"],
    ["exec", "web", "--", "nosuch"],
    ["exec", "-i", "web", "--", "env"],
    ["exec", "nope", "--", "ls"],
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a[1:]))
def test_exec_matches_builtin_kubectl(shared, args):
    if shared.call(shared.sim.get, "Pod", "web", "default") is None:
        shared.kubectl("run", "web", "--image=nginx:1.25", "--env=A=1")
        shared.step(10)
    real = shared.kubectl(*args, stdin="hello\n")
    mine = shared.builtin("kubectl " + shlex.join(args))
    assert (real.returncode, real.stdout, real.stderr) == (mine.exit_code, mine.stdout, mine.stderr)
    if args[1] != "nope":
        assert shared.sim.command_log[-2]["source"] == "api"
        assert shared.sim.command_log[-2]["line"].startswith("kubectl exec web -n default")


def test_exec_without_websocket_and_into_a_pending_pod(served):
    code, body, _ = served.http("POST", "/api/v1/namespaces/default/pods/x/exec?command=ls")
    assert (code, body["reason"]) == (404, "NotFound")
    served.kubectl("run", "web", "--image=nginx:1.25")
    code, body, _ = served.http("POST", "/api/v1/namespaces/default/pods/web/exec?command=ls")
    assert (code, body["message"]) == (400, "Upgrade request required")
    r = served.kubectl("exec", "web", "--", "ls")
    assert r.returncode == 1
    assert r.stderr == 'error: unable to upgrade connection: container not found ("web")\n'
    assert r.stderr == served.builtin("kubectl exec web -- ls").stderr
