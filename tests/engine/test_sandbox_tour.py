"""The sandbox tour: every object kubetui simulates, together, played headless."""

import io
import json
from pathlib import Path

import pytest

from kubetui.headless import run_headless

# every object together; the fast subset keeps each one's own tests and headless runs and their
# replays (tests/scenario/test_debrief.py, tests/replay/)
pytestmark = pytest.mark.slow

TOUR = Path(__file__).resolve().parents[2] / "scenarios" / "sandbox-tour"


def test_sandbox_tour_runs_every_command_and_replays(tmp_path):
    out = io.StringIO()
    log = tmp_path / "tour.jsonl"
    dump = tmp_path / "state.json"
    code = run_headless(str(TOUR), script=str(TOUR / "script.txt"), log=str(log), dump=str(dump),
                        as_json=True, out=out)
    result = json.loads(out.getvalue())
    assert code == 0, [c for c in result["commands"] if c["exitCode"]]
    by_line = {c["line"]: c for c in result["commands"]}
    assert by_line["kubectl exec -n shop deploy/web -- cat /etc/web/GREETING"]["stdout"] == "hello from a ConfigMap"
    assert by_line["kubectl exec -n shop deploy/web -- printenv DB_PASSWORD"]["stdout"] == "s3cret\n"
    assert by_line["kubectl rollout undo deployment/web -n shop"]["stdout"] == "deployment.apps/web rolled back\n"
    statuses = [c["stdout"] for c in result["commands"] if c["line"].startswith("kubectl rollout status")]
    assert len(statuses) == 2 and all(s.endswith('deployment "web" successfully rolled out\n') for s in statuses)
    items = {(o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"]): o
             for o in json.loads(dump.read_text())["items"]}
    assert items[("HorizontalPodAutoscaler", "shop", "web")]["status"]["desiredReplicas"] >= 4
    ds = items[("DaemonSet", "kube-system", "log-agent")]["status"]
    # node-1 is unreachable: its agent keeps running there but counts as misscheduled
    assert (ds["desiredNumberScheduled"], ds["numberMisscheduled"]) == (3, 1)
    agents = sorted(o["spec"]["nodeName"] for k, o in items.items() if k[0] == "Pod" and k[2].startswith("log-agent-"))
    assert agents == ["node-1", "node-2", "node-3", "node-4"]
    assert items[("PersistentVolumeClaim", "shop", "redis-data")]["status"]["phase"] == "Bound"
    assert items[("Job", "shop", "report")]["status"]["succeeded"] == 3
    assert sum(1 for k in items if k[0] == "Job" and k[2].startswith("cleanup-")) >= 2
    assert items[("ResourceQuota", "shop", "compute")]["status"]["used"]["pods"]
    assert ("Node", None, "node-4") in items
    figures = result["figures"]
    assert figures["services"]["shop/web"]["requests"] > 0
    assert figures["cost"]["nodeSeconds"] > 0

    from click.testing import CliRunner

    from kubetui.cli import main

    r = CliRunner().invoke(main, ["replay", str(log), "--verify"])
    assert r.exit_code == 0, r.output
