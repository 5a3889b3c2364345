"""`kubetui serve` run from a virtual environment prints, beside KUBECONFIG, the PATH line that
lets another terminal's kubectl find `kubectl sim` (the kubectl-sim plugin installed there)."""

from __future__ import annotations

import shlex
import sys
import sysconfig
from pathlib import Path

import pytest

from kubetui.api import serve


def test_the_plugin_folder_is_named_when_kubetui_runs_from_a_venv(tmp_path, monkeypatch):
    (tmp_path / "kubectl-sim").write_text("#!/bin/sh\n")
    monkeypatch.setattr(sysconfig, "get_path", lambda name: str(tmp_path))
    monkeypatch.setattr(sys, "prefix", "/venv")
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    line = serve.plugin_path_line()
    assert line is not None and line.startswith(f'export PATH={shlex.quote(str(tmp_path))}:"$PATH"')


@pytest.mark.parametrize("venv, plugin", [(False, True), (True, False)])
def test_no_line_outside_a_venv_or_without_the_plugin(tmp_path, monkeypatch, venv, plugin):
    if plugin:
        (tmp_path / "kubectl-sim").write_text("#!/bin/sh\n")
    monkeypatch.setattr(sysconfig, "get_path", lambda name: str(tmp_path))
    monkeypatch.setattr(sys, "prefix", "/venv" if venv else "/usr")
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    assert serve.plugin_path_line() is None


def test_serve_prints_it_after_kubeconfig(tmp_path, monkeypatch):
    import asyncio
    import io

    from kubetui.api.serve import build_session
    from kubetui.api.server import ApiServer

    monkeypatch.setattr(serve, "plugin_path_line", lambda: 'export PATH=/v/bin:"$PATH"   # x')
    out, stop = io.StringIO(), asyncio.Event()
    server = ApiServer(build_session(None, seed=0, log=str(tmp_path / "run.jsonl")), paused=True)

    async def run():
        task = asyncio.ensure_future(serve.serve_forever(server, tmp_path / "kubeconfig", out, stop))
        while "export PATH" not in out.getvalue() and not task.done():
            await asyncio.sleep(0.02)
        stop.set()
        await task
    asyncio.run(run())
    lines = out.getvalue().splitlines()
    assert lines[-2] == f"export KUBECONFIG={shlex.quote(str(Path(tmp_path / 'kubeconfig')))}"
    assert lines[-1] == 'export PATH=/v/bin:"$PATH"   # x'


@pytest.mark.slow  # the game's API server on the app's loop
async def test_play_api_names_the_plugin_folder_too(tmp_path, monkeypatch):
    from kubetui.progress import Progress
    from kubetui.ui.app import KubetuiApp

    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(serve, "plugin_path_line", lambda: 'export PATH=/v/bin:"$PATH"   # x')
    app = KubetuiApp(start="sandbox", sandbox_nodes=1, paused=True, lesson=False, lang="en", record=False,
                     progress=Progress(path=tmp_path / "progress.json"), api=True, api_config=tmp_path / "kc")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if any("KUBECONFIG" in str(n.message) for n in app._notifications):
                break
            await pilot.pause(0.05)
        said = [str(n.message) for n in app._notifications if "KUBECONFIG" in str(n.message)]
        assert len(said) == 1 and said[0].endswith(f'export KUBECONFIG={tmp_path / "kc"}\nexport PATH=/v/bin:"$PATH"   # x')
        app.end_game()
        for _ in range(100):
            if app.api is None:
                break
            await pilot.pause(0.05)
