"""The API over raw HTTP and the Python `kubernetes` client: selectors, paging, watches that
resume or are too old, bad input answered with Kubernetes' Status, and replay of requests."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys
import threading

import pytest

DEPLOY = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
          "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                   "template": {"metadata": {"labels": {"app": "web"}},
                                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}}}
DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments"


def test_a_body_without_kind_takes_it_from_the_url(served):
    """Client libraries send typed objects without kind and apiVersion; the decoder defaults them."""
    bare = {k: v for k, v in DEPLOY.items() if k not in ("kind", "apiVersion")}
    code, body, _ = served.http("POST", DEPLOYMENTS, json.dumps(bare))
    assert (code, body["kind"], body["apiVersion"]) == (201, "Deployment", "apps/v1")
    code, body, _ = served.http("POST", DEPLOYMENTS, json.dumps({**bare, "kind": "StatefulSet"}))
    assert (code, body["message"]) == (400, "the kind in the data (StatefulSet) does not match the expected kind "
                                            "(Deployment)")


def test_bad_input_gets_status_errors_and_the_cluster_keeps_running(served):
    code, body, _ = served.http("POST", DEPLOYMENTS, "{not json")
    assert (code, body["kind"], body["reason"]) == (400, "Status", "BadRequest")
    code, body, _ = served.http("POST", DEPLOYMENTS, "a: [", content_type="application/yaml")
    assert (code, body["reason"]) == (400, "BadRequest")
    assert "yaml" in body["message"]
    code, body, _ = served.http("POST", DEPLOYMENTS, json.dumps(DEPLOY), content_type="text/html")
    assert (code, body["reason"]) == (415, "UnsupportedMediaType")
    code, body, _ = served.http("PATCH", DEPLOYMENTS + "/web", "{}", content_type="application/json")
    assert code in (404, 415)
    code, body, _ = served.http("GET", "/apis/apps/v9/namespaces/default/deployments")
    assert (code, body["reason"]) == (404, "NotFound")
    code, body, _ = served.http("GET", "/api/v1/namespaces/default/widgets")
    assert (code, body["reason"]) == (404, "NotFound")
    code, body, _ = served.http("POST", DEPLOYMENTS, b"x" * (10 * 1024 * 1024))
    assert (code, body["reason"]) == (413, "RequestEntityTooLarge")
    wrong = dict(DEPLOY, kind="StatefulSet")
    code, body, _ = served.http("POST", DEPLOYMENTS, json.dumps(wrong))
    assert (code, body["reason"]) == (400, "BadRequest")
    code, body, _ = served.http("GET", "/api/v1/pods", headers={"Authorization": "Bearer wrong"})
    assert (code, body["reason"]) == (401, "Unauthorized")
    code, body, _ = served.http("POST", DEPLOYMENTS, json.dumps(DEPLOY))
    assert code == 201 and body["metadata"]["name"] == "web"
    served.step(5)
    assert len(served.call(served.sim.list, "Pod", "default")) == 2


def test_field_validation_and_dry_run(served):
    odd = json.loads(json.dumps(DEPLOY))
    odd["spec"]["replica"] = 3
    code, body, _ = served.http("POST", DEPLOYMENTS + "?fieldValidation=Strict", json.dumps(odd))
    assert code == 400 and 'unknown field "spec.replica"' in body["message"]
    code, body, headers = served.http("POST", DEPLOYMENTS + "?dryRun=All&fieldValidation=Warn", json.dumps(odd))
    assert code == 201 and 'unknown field \\"spec.replica\\"' in headers.get("Warning", "") or \
        'unknown field "spec.replica"' in headers.get("Warning", "")
    assert served.call(served.sim.get, "Deployment", "web", "default") is None


def test_selectors_paging_and_gone(served):
    served.http("POST", DEPLOYMENTS, json.dumps(dict(DEPLOY, spec={**DEPLOY["spec"], "replicas": 5})))
    served.step(10)
    code, body, _ = served.http("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb&limit=2")
    assert code == 200 and len(body["items"]) == 2 and body["metadata"]["remainingItemCount"] == 3
    names = [p["metadata"]["name"] for p in body["items"]]
    while body["metadata"].get("continue"):
        code, body, _ = served.http("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb&limit=2"
                                           f"&continue={body['metadata']['continue']}")
        names += [p["metadata"]["name"] for p in body["items"]]
    assert names == sorted(names) and len(names) == 5
    code, body, _ = served.http("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1,status.phase%3DRunning")
    assert all(p["spec"]["nodeName"] == "node-1" for p in body["items"])
    code, body, _ = served.http("GET", "/api/v1/pods?fieldSelector=spec.bogus%3D1")
    assert (code, body["reason"]) == (400, "BadRequest")
    assert "field label not supported: spec.bogus" in body["message"]
    code, body, _ = served.http("GET", "/api/v1/pods?watch=1&resourceVersion=1&timeoutSeconds=1")
    assert isinstance(body, dict) and body["type"] == "ERROR" and body["object"]["code"] == 410


@pytest.mark.slow
def test_python_client_watches_a_rollout_in_order(served):
    pytest.importorskip("kubernetes")
    from kubernetes import client, config, watch

    api_client = config.new_client_from_config(str(served.config))
    core, apps = client.CoreV1Api(api_client), client.AppsV1Api(api_client)
    apps.create_namespaced_deployment("default", DEPLOY)
    served.step(10)
    listed = core.list_namespaced_pod("default", label_selector="app=web")
    assert len(listed.items) == 2
    events: list[tuple[str, str, int]] = []
    w = watch.Watch()

    def follow():
        for ev in w.stream(core.list_namespaced_pod, "default", label_selector="app=web",
                           resource_version=listed.metadata.resource_version, timeout_seconds=10):
            obj = ev["object"]
            events.append((ev["type"], obj.metadata.name, int(obj.metadata.resource_version)))
            if ev["type"] == "DELETED" and sum(1 for e in events if e[0] == "DELETED") == 2:
                w.stop()

    t = threading.Thread(target=follow)
    t.start()
    apps.patch_namespaced_deployment("web", "default", {"spec": {"template": {"spec": {"containers": [
        {"name": "nginx", "image": "nginx:1.26"}]}}}})
    for _ in range(60):
        if not t.is_alive():
            break
        served.step(1)
        t.join(timeout=0.1)
    w.stop()
    t.join(timeout=15)
    kinds = [e[0] for e in events]
    assert {"ADDED", "MODIFIED", "DELETED"} <= set(kinds)
    rvs = [e[2] for e in events]
    assert rvs == sorted(rvs) and len(set(rvs)) == len(rvs)
    first_seen = {}
    for kind, name, _ in events:
        first_seen.setdefault(name, kind)
    old = {p.metadata.name for p in listed.items}
    assert all(first_seen[n] == "ADDED" for n in first_seen if n not in old)


def test_a_client_that_disconnects_mid_watch(served):
    host, port = served.server.host, served.server.port
    ctx = ssl.create_default_context(cadata=served.server.certificate.cert_pem.decode())
    for _ in range(3):
        raw = socket.create_connection((host, port), timeout=5)
        s = ctx.wrap_socket(raw, server_hostname=host)
        s.sendall(f"GET /api/v1/pods?watch=1 HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer "
                  f"{served.server.token}\r\n\r\n".encode())
        assert b"200 OK" in s.recv(4096)
        s.close()
    served.step(3)
    code, body, _ = served.http("GET", "/api/v1/namespaces/kube-system/pods")
    assert code == 200 and body["items"]


@pytest.mark.slow
def test_a_session_driven_by_kubectl_replays_in_a_fresh_process(tmp_path, serve_session, logged_session):

    session = logged_session(tmp_path, 3)
    sim = session.sim
    s = serve_session(tmp_path, session)
    try:
        s.kubectl("apply", "-f", "-", stdin=json.dumps(DEPLOY))
        s.step(12)
        s.kubectl("scale", "deploy/web", "--replicas=4")
        s.kubectl("set", "image", "deploy/web", "nginx=nginx:1.26")
        s.step(7)
        s.kubectl("label", "node", "node-2", "disk=ssd")
        s.kubectl("sim", "fail-node", "node-3")
        s.kubectl("delete", "pod", "-l", "app=web", "--wait=false")
        s.kubectl("create", "configmap", "cfg", "--from-literal=a=b", "-o", "name")
        pod = s.call(s.sim.list, "Pod", "kube-system")[0]["metadata"]["name"]
        r = s.kubectl("exec", "-n", "kube-system", pod, "--", "echo", pod)
        assert r.stdout == pod + "\n", r.stderr
        s.step(20)
    finally:
        s.running.stop()
    checksum = sim.checksum()
    session.close({"passed": None, "score": None})
    text = (tmp_path / "run.jsonl").read_text()
    assert '"record": "request"' in text and '"line": "kubectl exec ' in text
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(tmp_path / "run.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify

    replay = Replay(read_log(tmp_path / "run.jsonl"))
    assert verify(replay).ok
    assert checksum == _replayed_checksum(replay)


def _replayed_checksum(replay) -> str:
    sim = replay.base()
    replay.advance(sim, 0, replay.end_tick)
    return sim.checksum()


def test_bad_query_parameters_are_decoded_as_the_api_server_decodes_them(served):
    """Integers in strconv's words (a watch's timeoutSeconds too, before it starts); booleans as
    apimachinery reads them (`watch=yes` watches); an apply names its field manager, the
    User-Agent stands in only for other writes."""
    pods = "/api/v1/namespaces/default/pods"
    for query, value in (("watch=true&timeoutSeconds=abc", "abc"), ("limit=1x", "1x")):
        code, body, _ = served.http("GET", f"{pods}?{query}")
        assert (code, body["message"]) == (400, f'strconv.ParseInt: parsing "{value}": invalid syntax')
    code, body, _ = served.http("GET", f"{pods}?watch=yes&timeoutSeconds=1")
    assert code == 200 and body == ""
    code, body, _ = served.http("PATCH", "/api/v1/namespaces/default/configmaps/c",
                                "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n", "application/apply-patch+yaml")
    assert (code, body["reason"], body["message"]) == (
        422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for '
                        "apply patch")
    code, body, _ = served.http("PATCH", "/api/v1/namespaces/default/configmaps/c?fieldManager=me",
                                "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n", "application/apply-patch+yaml")
    assert code == 201 and body["metadata"]["managedFields"][0]["manager"] == "me"
