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
from contextlib import contextmanager

import pytest

from kubetui.api.serve import build_session, serve_forever
from kubetui.api.server import ApiServer
from tests.api.conftest import KUBECTL


@contextmanager
def serving(servers, tmp_path):
    """`serve_forever` on its own loop in a thread, writing the kubeconfig: yields the real
    kubectl pointed at it and what serve printed; on leaving, stops the servers and checks the
    thread ended."""
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
        yield kubectl, out
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_two_clusters_in_one_kubeconfig(tmp_path):
    sessions = [build_session(None, seed=0, log=str(tmp_path / f"run-{i}.jsonl")) for i in range(2)]
    servers = [ApiServer(s, paused=True) for s in sessions]
    with serving(servers, tmp_path) as (kubectl, out):
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
    for session in sessions:
        session.close({"passed": None})


@pytest.mark.slow
def test_a_scenarios_other_clusters_are_served_under_their_own_contexts_and_replay(tmp_path):
    """`kubetui serve two-clusters`: the scenario's `prod` cluster is served too, as context `prod`;
    the real kubectl changes it through the door (the request recorded with its cluster), runs a
    command in its pod, and the log replays and verifies in a fresh process."""
    from kubetui.api.serve import with_members

    log = tmp_path / "run.jsonl"
    session = build_session("two-clusters", seed=3, log=str(log))
    named = with_members([ApiServer(session, paused=True)])
    assert [name for name, _ in named] == ["kubetui", "prod"]
    with serving(named, tmp_path) as (kubectl, _):
        assert kubectl("config", "get-contexts", "-o", "name").stdout == "kubetui\nprod\n"
        assert kubectl("get", "nodes", "-o", "name", "--context=prod").stdout.count("node/") == 4
        r = kubectl("scale", "deploy", "api", "-n", "shop", "--replicas=1", "--context=prod")
        assert r.stdout == "deployment.apps/api scaled\n", r.stderr
        assert kubectl("sim", "step", "10").returncode == 0
        sim = session.sim
        assert sim.members["prod"].store.get("Deployment", "shop", "api")["spec"]["replicas"] == 1
        assert sim.store.get("Deployment", "shop", "api")["spec"]["replicas"] == 2
        pods = kubectl("get", "pods", "-n", "shop", "-o", "name", "--context=prod").stdout.split()
        assert len(pods) == 1
        r = kubectl("exec", "-n", "shop", pods[0], "--context=prod", "--", "hostname")
        assert r.stdout == pods[0].removeprefix("pod/") + "\n", r.stderr
        assert kubectl("sim", "step", "3").returncode == 0
        [sent] = [rec for rec in sim.command_log if "request" in rec]
        assert sent["request"]["cluster"] == "prod"
        assert any(rec["line"].startswith("kubectl --context=prod exec") for rec in sim.command_log)
    session.close({"passed": None, "score": None})
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(log)],
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout


def test_a_sandbox_of_several_clusters_is_in_its_logs_header_and_a_request_to_one_replays(tmp_path):
    import json

    from click.testing import CliRunner

    from kubetui.cli import main
    from kubetui.replay import open_writer
    from kubetui.shell import Simulation

    sim = Simulation(seed=4, nodes=1)
    sim.add_sandbox_clusters(2, 1)
    log = open_writer(sim, tmp_path / "run.jsonl")
    assert log.header["clusters"] == 2
    body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}}
    r = sim.request("POST", "/api/v1/namespaces/default/configmaps", "fieldManager=t", json.dumps(body),
                    "application/json", cluster="kubetui-2")
    assert r.code == 201, r.body
    assert sim.members["kubetui-2"].store.get("ConfigMap", "default", "c") is not None
    assert sim.store.get("ConfigMap", "default", "c") is None
    assert sim.command_log[-1]["request"]["cluster"] == "kubetui-2"
    sim.step(3)
    log.end({"passed": None, "score": None})
    log.close()
    out = CliRunner().invoke(main, ["replay", str(tmp_path / "run.jsonl"), "--verify"])
    assert out.exit_code == 0, out.output
