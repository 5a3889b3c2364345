"""The API inside the game (`kubetui play|sandbox --api`): served on the Textual app's loop, the
header says so, `kubectl sim step` moves the game's clock; and a scenario's allowedCommands bind
the API as they bind the command bar (Forbidden, in Kubernetes' words)."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys

import pytest

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.widgets.header import GameHeader

KUBECTL = shutil.which("kubectl", path=os.path.dirname(sys.executable)) or shutil.which("kubectl")


async def kubectl(config, *args: str) -> tuple[int, str, str]:
    env = dict(os.environ, KUBECONFIG=str(config), HOME=str(config.parent))
    proc = await asyncio.create_subprocess_exec(KUBECTL, *args, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE, env=env)
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    return proc.returncode, out.decode(), err.decode()


@pytest.mark.slow  # a fresh process: the full suite runs it
async def test_sandbox_serves_its_api_on_the_apps_loop(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))
    config = tmp_path / "kubeconfig"
    app = KubetuiApp(start="sandbox", sandbox_nodes=2, paused=True, lesson=False, lang="en", record=False,
                     progress=Progress(path=tmp_path / "progress.json"), api=True, api_config=config)
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(100):
            if app.api is not None and app.api.running:
                break
            await pilot.pause(0.05)
        assert app.api.running and config.exists()
        await pilot.pause()
        header = str(app.screen.query_one(GameHeader).render())
        assert f"API :{app.api.server.port}" in header
        code, out, err = await kubectl(config, "create", "deployment", "web", "--image=nginx:1.25", "--replicas=2")
        assert (code, out) == (0, "deployment.apps/web created\n"), err
        assert app.game.sim.get("Deployment", "web", "default")["spec"]["replicas"] == 2
        assert app.game.sim.command_log[-1]["request"]["method"] == "POST"
        code, out, _ = await kubectl(config, "sim", "step", "12")
        assert code == 0 and app.game.sim.tick == 12
        assert app.paused
        code, out, _ = await kubectl(config, "get", "deploy", "web", "-o", "jsonpath={.status.readyReplicas}")
        assert out == "2"
        code, out, _ = await kubectl(config, "sim", "resume")
        assert code == 0 and not app.paused
        await kubectl(config, "sim", "speed", "5")
        assert app.speed == 5
        await kubectl(config, "sim", "pause")
        assert app.paused
        server = app.api.server
        app.end_game()
        for _ in range(100):
            if app.api is None:
                break
            await pilot.pause(0.05)
        assert app.api is None and server.hub.watchers() == 0


def test_a_scenarios_allowed_commands_bind_the_api(tmp_path, serve_session):
    from kubetui.headless import resolve_target, scenario_file
    from kubetui.scenario.loader import load_scenario
    from kubetui.session import Session

    sc = load_scenario(scenario_file(resolve_target("100-bad-release")))
    sc = sc.model_copy(update={"allowedCommands": ["kubectl get", "kubectl logs", "kubectl scale"]})
    served = serve_session(tmp_path, Session.begin(sc, 0))
    try:
        assert served.kubectl("get", "pods", "-A").returncode == 0
        r = served.kubectl("delete", "deploy", "--all")
        assert r.returncode == 1
        assert r.stderr == ('Error from server (Forbidden): deployments.apps "web" is forbidden: User '
                            '"kubernetes-admin" cannot delete resource "deployments" in API group "apps" in the namespace '
                            '"default": this scenario allows only kubectl get, kubectl logs, kubectl scale\n')
        r = served.kubectl("create", "namespace", "x")
        assert 'namespaces is forbidden: User "kubernetes-admin" cannot create resource "namespaces" in API group "" ' \
               'at the cluster scope' in r.stderr
        r = served.kubectl("top", "node")
        assert r.returncode == 1 and "Forbidden" in r.stderr and 'nodes.metrics.k8s.io is forbidden' in r.stderr
        code, body, _ = served.http("DELETE", "/api/v1/namespaces/default/pods/nope")
        assert (code, body["reason"], body["details"]) == (403, "Forbidden", {"kind": "pods", "name": "nope"})
        before = len(served.sim.command_log)
        deploy = served.call(served.sim.list, "Deployment", None)[0]["metadata"]
        r = served.kubectl("scale", "deploy", deploy["name"], "-n", deploy["namespace"], "--replicas=1")
        assert r.returncode == 0, r.stderr
        assert len(served.sim.command_log) == before + 1
    finally:
        served.running.stop()


@pytest.mark.slow  # a fresh process: the full suite runs it
async def test_play_serves_every_cluster_of_a_scenario_under_its_context(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))
    config = tmp_path / "kubeconfig"
    app = KubetuiApp(scenario="two-clusters", paused=True, lesson=False, lang="en", record=False,
                     progress=Progress(path=tmp_path / "progress.json"), api=True, api_config=config)
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(200):
            if app.api is not None and app.api.running:
                break
            await pilot.pause(0.05)
        assert app.api.running and [name for name, _ in app.api.members] == ["prod"]
        code, out, _ = await kubectl(config, "config", "get-contexts", "-o", "name")
        assert out == "kubetui\nprod\n"
        code, out, err = await kubectl(config, "scale", "deploy", "api", "-n", "shop", "--replicas=1")
        assert (code, out) == (0, "deployment.apps/api scaled\n"), err
        code, out, err = await kubectl(config, "get", "deploy", "api", "-n", "shop", "--context=prod", "-o",
                                       "jsonpath={.spec.replicas}")
        assert (code, out) == (0, "0"), err  # prod: the colleague's scale to 0 (tick 0), untouched by staging's
        tick = app.game.sim.tick
        code, out, _ = await kubectl(config, "sim", "step", "5", "--context=prod")
        assert code == 0 and app.game.sim.tick == tick + 5  # one clock for both clusters
        app.end_game()
        for _ in range(100):
            if app.api is None:
                break
            await pilot.pause(0.05)
        assert app.api is None


@pytest.mark.slow  # a fresh process: the full suite runs it
async def test_a_sandbox_of_three_clusters_serves_three_contexts_and_replays(tmp_path, monkeypatch):
    import subprocess

    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))
    config, log = tmp_path / "kubeconfig", tmp_path / "run.jsonl"
    app = KubetuiApp(start="sandbox", sandbox_nodes=1, sandbox_clusters=3, paused=True, lesson=False, lang="en",
                     log=str(log), progress=Progress(path=tmp_path / "progress.json"), api=True, api_config=config)
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(200):
            if app.api is not None and app.api.running:
                break
            await pilot.pause(0.05)
        code, out, _ = await kubectl(config, "config", "get-contexts", "-o", "name")
        assert out == "kubetui\nkubetui-2\nkubetui-3\n"
        code, out, err = await kubectl(config, "create", "deployment", "web", "--image=nginx", "--context=kubetui-3")
        assert (code, out) == (0, "deployment.apps/web created\n"), err
        await kubectl(config, "sim", "step", "8")
        code, out, _ = await kubectl(config, "get", "pods", "-o", "name", "--context=kubetui-3")
        assert out.startswith("pod/web-")
        code, out, _ = await kubectl(config, "get", "pods", "-o", "name", "--context=kubetui-2")
        assert out == ""
        sim = app.game.sim
        assert sim.members["kubetui-3"].store.get("Deployment", "default", "web") is not None
        app.end_game()
        for _ in range(100):
            if app.api is None:
                break
            await pilot.pause(0.05)
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(log)], capture_output=True,
                         text=True, timeout=180)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout
