"""The real kubectl's port-forward through `kubetui serve` enters the door as kubetui's own
kubectl would make it: a `kubectl port-forward` started when the first connection comes, a
`curl` of its local port for every request, its Ctrl-C when the client leaves. The command log
shows it, a replay makes the same requests, and `Simulation.forwarded` holds what a check judges."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.api.test_streams import _free_port, _until, forward  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow  # the real kubectl in subprocesses


def test_a_served_forward_and_its_requests_are_in_the_command_log(served, forward):  # noqa: F811
    served.kubectl("run", "web", "--image=nginx:1.27", "--port=80", "--labels=app=shop")
    served.step(15)
    p, port, _ = forward("pod/web", 80)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
        assert resp.status == 200
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/nope.html", timeout=10)
    assert missing.value.code == 404
    log = served.sim.command_log
    started = next(r for r in log if r["line"].startswith("kubectl port-forward"))
    assert started["source"] == "api" and started["background"]
    local = int(started["line"].rsplit(" ", 1)[1].split(":")[0])
    assert started["line"] == f"kubectl port-forward pod/web -n default {local}:80"
    assert [r["line"] for r in log if r["line"].startswith("curl")] == [
        f"curl -s http://localhost:{local}/", f"curl -s http://localhost:{local}/nope.html"]
    assert [(f["pod"], f["labels"], f["port"], f["path"], f["status"]) for f in served.sim.forwarded] == [
        ("web", {"app": "shop"}, 80, "/", 200), ("web", {"app": "shop"}, 80, "/nope.html", 404)]
    assert served.call(lambda: local in served.sim.forwards)
    p.kill()
    p.communicate()
    _until(lambda: any(r.get("cancels") == started["seq"] for r in served.sim.command_log))
    assert served.call(lambda: local not in served.sim.forwards)
