"""`kubetui serve --clusters 2`: two independent clusters, one kubeconfig context each, and
`kubectl config use-context` moves between them."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import threading
import time

from kubetui.api.serve import build_session, serve_forever
from kubetui.api.server import ApiServer
from tests.api.conftest import KUBECTL


def test_two_clusters_in_one_kubeconfig(tmp_path):
    sessions = [build_session(None, seed=0, log=str(tmp_path / f"run-{i}.jsonl")) for i in range(2)]
    servers = [ApiServer(s, paused=True) for s in sessions]
    config, out = tmp_path / "kubeconfig", io.StringIO()
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(target=loop.run_until_complete, args=(serve_forever(servers, config, out, stop),),
                              daemon=True)
    thread.start()
    env = dict(os.environ, KUBECONFIG=str(config), HOME=str(tmp_path),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))

    def kubectl(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([KUBECTL, *args], capture_output=True, text=True, env=env, timeout=30)

    try:
        deadline = time.monotonic() + 30
        while "export KUBECONFIG" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "as context kubetui-2" in out.getvalue()
        assert kubectl("config", "get-contexts", "-o", "name").stdout == "kubetui\nkubetui-2\n"
        assert kubectl("config", "current-context").stdout == "kubetui\n"
        r = kubectl("--context", "kubetui-2", "create", "deployment", "two", "--image=nginx:1.25")
        assert r.stdout == "deployment.apps/two created\n", r.stderr
        assert kubectl("get", "deploy", "-o", "name").stdout == ""
        assert kubectl("config", "use-context", "kubetui-2").stdout == 'Switched to context "kubetui-2".\n'
        assert kubectl("get", "deploy", "-o", "name").stdout == "deployment.apps/two\n"
        assert kubectl("sim", "step", "3").returncode == 0
        assert (sessions[0].sim.tick, sessions[1].sim.tick) == (0, 3)
        assert sessions[0].sim.get("Deployment", "two", "default") is None
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)
        for s in sessions:
            s.close({"passed": None})
    assert not thread.is_alive()
