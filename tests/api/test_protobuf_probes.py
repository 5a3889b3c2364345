"""Container probes, lifecycle hooks and env sources in the protobuf bodies kubectl's typed clients
send (`debug --copy-to --keep-*`, `create job --from=cronjob/…`; kubectl 1.32 and newer): the copy
the server stores has the original's fields, for the wheel's kubectl and the older ones the Google
Cloud SDK installs (skipped where absent; before 1.32 they send JSON, checked all the same)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from kubetui.api import protobuf
from tests.api.test_older_kubectl import SDK

pytestmark = pytest.mark.slow  # the real kubectl in subprocesses

POD = Path(__file__).parent / "fixtures" / "pod-probes.yaml"
OLDER = sorted(SDK.glob("kubectl.1.*"), key=lambda p: int(p.name.rsplit(".", 1)[1]))


def _containers(served, kind: str, name: str) -> list[dict]:
    obj = served.call(served.sim.get, kind, name, "default")
    spec = obj["spec"]
    if kind == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    if kind in ("CronJob", "Job"):
        spec = spec["template"]["spec"]
    return spec["containers"]


def _bodies(monkeypatch) -> list[bytes]:
    seen: list[bytes] = []
    decode = protobuf.to_json
    monkeypatch.setattr(protobuf, "to_json", lambda raw: seen.append(raw) or decode(raw))
    return seen


def test_debug_copy_keeps_the_probes_the_protobuf_body_carries(served, monkeypatch):
    bodies = _bodies(monkeypatch)
    assert served.kubectl("apply", "-f", str(POD)).returncode == 0
    served.step(20)
    r = served.kubectl("debug", "web", "--copy-to=copy", "--image=busybox", "-c", "dbg", "--keep-liveness",
                       "--keep-readiness", "--keep-startup")
    assert r.returncode == 0, r.stderr
    assert bodies, "kubectl sent the copy as protobuf"
    original, copy = _containers(served, "Pod", "web"), _containers(served, "Pod", "copy")
    for a, b in zip(original, copy):
        for field in ("livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "env", "envFrom"):
            assert a.get(field) == b.get(field), field
    web, side = copy[:2]
    assert web["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": 8080, "scheme": "HTTP",
                                               "httpHeaders": [{"name": "X-A", "value": "b"}]}
    assert web["livenessProbe"]["terminationGracePeriodSeconds"] == 9
    assert web["readinessProbe"]["tcpSocket"] == {"port": "http"}
    assert web["startupProbe"]["exec"] == {"command": ["cat", "/tmp/ok"]}
    assert web["lifecycle"]["preStop"] == {"sleep": {"seconds": 5}}
    assert side["readinessProbe"]["grpc"] == {"port": 9000, "service": "health"}
    assert side["env"][2] == {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory",
                                                                               "divisor": "1Mi"}}}


def _cronjob(minor: int) -> str:
    """A CronJob whose template is the fixture's pod; before 1.29 kubectl's types know no `sleep`
    hook (the client would drop it), so those get an exec preStop."""
    pod = yaml.safe_load(POD.read_text())
    if minor < 29:
        pod["spec"]["containers"][0]["lifecycle"]["preStop"] = {"exec": {"command": ["sleep", "5"]}}
    spec = {**pod["spec"], "restartPolicy": "OnFailure"}
    return yaml.safe_dump({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly"},
                           "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": spec}}}}})


@pytest.mark.parametrize("kubectl", OLDER or [None], ids=lambda p: p.name if p else "none")
def test_older_kubectls_create_a_job_from_a_cronjob_with_its_probes(served, monkeypatch, kubectl):
    if kubectl is None:
        pytest.skip(f"no older kubectl in {SDK}")
    bodies = _bodies(monkeypatch)
    minor = int(kubectl.name.rsplit(".", 1)[1])
    assert served.kubectl("apply", "-f", "-", stdin=_cronjob(minor)).returncode == 0
    r = subprocess.run([str(kubectl), "create", "job", "run1", "--from=cronjob/nightly"], capture_output=True,
                       text=True, env=served.env(), timeout=60)
    assert r.returncode == 0, r.stderr
    assert bool(bodies) == (minor >= 32)  # typed clients speak protobuf from 1.32 on
    assert _containers(served, "Job", "run1") == _containers(served, "CronJob", "nightly")
