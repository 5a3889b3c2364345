"""Server-side apply with the real kubectl: managed fields per manager, conflicts in the API
server's words (409), --force-conflicts, pruning of fields a manager stops applying, and
`get --show-managed-fields`; a session of them replays and verifies."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kubetui.engine import fieldmanager

pytestmark = pytest.mark.slow  # each test drives the real kubectl in subprocesses

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
"""

HELP = """Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
"""


def _managers(served, kind="Deployment", name="web") -> dict:
    obj = served.call(served.sim.get, kind, name, "default")
    return {(e["manager"], e["operation"], e.get("subresource", "")): fieldmanager.from_fields_v1(e["fieldsV1"])
            for e in obj["metadata"].get("managedFields", [])}


def test_client_side_apply_then_server_side_apply_conflicts_on_a_changed_field(served):
    k = served.kubectl
    assert k("apply", "-f", "-", stdin=DEPLOY).stdout == "deployment.apps/web created\n"
    assert ("kubectl-client-side-apply", "Update", "") in _managers(served)
    r = k("apply", "--server-side", "-f", "-", stdin=DEPLOY.replace("replicas: 2", "replicas: 3"))
    assert r.returncode == 1
    assert r.stderr == ('error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using '
                        "apps/v1: .spec.replicas\n" + HELP)
    assert served.call(served.sim.get, "Deployment", "web", "default")["spec"]["replicas"] == 2

    r = k("apply", "--server-side", "--force-conflicts", "-f", "-", stdin=DEPLOY.replace("replicas: 2", "replicas: 3"))
    assert r.stdout == "deployment.apps/web serverside-applied\n", r.stderr
    assert served.call(served.sim.get, "Deployment", "web", "default")["spec"]["replicas"] == 3
    managers = _managers(served)
    assert ("f:spec", "f:replicas") in managers[("kubectl", "Apply", "")]
    assert all(("f:spec", "f:replicas") not in s for key, s in managers.items() if key[0] != "kubectl")


def test_the_conflict_status_is_the_api_servers(served):
    served.kubectl("apply", "-f", "-", stdin=DEPLOY)
    r = served.kubectl("apply", "--server-side", "--dry-run=server", "--force-conflicts", "-f", "-",
                       stdin=DEPLOY.replace("replicas: 2", "replicas: 7"))
    assert r.stdout == "deployment.apps/web serverside-applied (server dry run)\n", r.stderr
    assert served.call(served.sim.get, "Deployment", "web", "default")["spec"]["replicas"] == 2
    doc = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 5, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}}
    code, status, _ = served.http("PATCH", "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=mine",
                                  json.dumps(doc), "application/apply-patch+yaml")
    assert code == 409
    assert status["reason"] == "Conflict" and status["code"] == 409
    assert status["message"] == (
        'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n'
        "- .spec.replicas\n"
        '- .spec.template.spec.containers[name="nginx"].image')
    assert status["details"]["causes"] == [
        {"reason": "FieldManagerConflict", "message": 'conflict with "kubectl-client-side-apply" using apps/v1',
         "field": ".spec.replicas"},
        {"reason": "FieldManagerConflict", "message": 'conflict with "kubectl-client-side-apply" using apps/v1',
         "field": '.spec.template.spec.containers[name="nginx"].image'}]
    code, status, _ = served.http("PATCH", "/apis/apps/v1/namespaces/default/deployments/web?force=true",
                                  '{"spec":{"replicas":1}}', "application/strategic-merge-patch+json")
    assert code == 422
    assert status["message"] == ('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified '
                                 "for non-apply patch")


def test_two_appliers_co_own_equal_values_and_conflict_on_different_ones(served):
    k = served.kubectl
    r = k("apply", "--server-side", "--field-manager=team-a", "-f", "-", stdin=DEPLOY)
    assert r.stdout == "deployment.apps/web serverside-applied\n", r.stderr
    r = k("apply", "--server-side", "--field-manager=team-b", "-f", "-", stdin=DEPLOY)
    assert r.stdout == "deployment.apps/web serverside-applied\n", r.stderr
    managers = _managers(served)
    assert ("f:spec", "f:replicas") in managers[("team-a", "Apply", "")]
    assert ("f:spec", "f:replicas") in managers[("team-b", "Apply", "")]
    r = k("apply", "--server-side", "--field-manager=team-b", "-f", "-", stdin=DEPLOY.replace("replicas: 2", "replicas: 4"))
    assert r.stderr.startswith('error: Apply failed with 1 conflict: conflict with "team-a": .spec.replicas\n')
    r = k("apply", "--server-side", "--field-manager=team-b", "--force-conflicts", "-f", "-",
          stdin=DEPLOY.replace("replicas: 2", "replicas: 4"))
    assert r.returncode == 0, r.stderr
    managers = _managers(served)
    assert ("f:spec", "f:replicas") not in managers[("team-a", "Apply", "")]
    assert ("f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"nginx"}', "f:image") in \
        managers[("team-a", "Apply", "")]


def test_a_field_the_applier_stops_applying_is_removed_unless_another_manager_owns_it(served):
    k = served.kubectl
    two = DEPLOY.replace("      labels: {app: web}", "      labels: {app: web, tier: front}").replace(
        "        image: nginx:1.25\n", "        image: nginx:1.25\n      - name: sidecar\n        image: busybox\n")
    assert k("apply", "--server-side", "-f", "-", stdin=two).returncode == 0
    spec = served.call(served.sim.get, "Deployment", "web", "default")["spec"]["template"]
    assert spec["metadata"]["labels"] == {"app": "web", "tier": "front"}
    assert [c["name"] for c in spec["spec"]["containers"]] == ["nginx", "sidecar"]
    assert k("apply", "--server-side", "-f", "-", stdin=DEPLOY).returncode == 0
    spec = served.call(served.sim.get, "Deployment", "web", "default")["spec"]["template"]
    assert spec["metadata"]["labels"] == {"app": "web"}
    assert [c["name"] for c in spec["spec"]["containers"]] == ["nginx"]

    assert k("label", "deployment", "web", "owner=ops").returncode == 0
    assert k("apply", "--server-side", "-f", "-",
             stdin=DEPLOY.replace("  name: web\n", "  name: web\n  labels: {owner: ops}\n")).returncode == 0
    assert k("apply", "--server-side", "-f", "-", stdin=DEPLOY).returncode == 0
    assert served.call(served.sim.get, "Deployment", "web", "default")["metadata"]["labels"] == {"owner": "ops"}


def test_kubetuis_kubectl_owns_what_it_created_and_an_object_without_managed_fields_is_owned_before_first_apply(
        served):
    served.builtin("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    assert "managedFields" not in served.call(served.sim.get, "Deployment", "web", "default")["metadata"]
    r = served.kubectl("apply", "--server-side", "-f", "-", stdin=DEPLOY.replace("replicas: 2", "replicas: 3"))
    assert r.stderr.startswith('error: Apply failed with 1 conflict: conflict with "kubectl-create" using '
                               "apps/v1: .spec.replicas\n"), r.stderr
    served.call(served.sim.store.create, {"apiVersion": "v1", "kind": "ConfigMap",  # as a scenario sets it up
                                          "metadata": {"name": "cfg", "namespace": "default"}, "data": {"a": "1"}})
    r = served.kubectl("apply", "--server-side", "-f", "-",
                       stdin="apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: '2'}\n")
    assert r.stderr.startswith('error: Apply failed with 1 conflict: conflict with "before-first-apply" using '
                               "v1: .data.a\n"), r.stderr


def test_scale_is_managed_by_the_scale_subresource(served):
    k = served.kubectl
    assert k("apply", "--server-side", "-f", "-", stdin=DEPLOY).returncode == 0
    assert k("scale", "deployment", "web", "--replicas=5").stdout == "deployment.apps/web scaled\n"
    assert ("f:spec", "f:replicas") in _managers(served)[("kubectl", "Update", "scale")]
    r = k("apply", "--server-side", "-f", "-", stdin=DEPLOY)
    assert r.stderr.startswith('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource '
                               '"scale" using apps/v1: .spec.replicas\n'), r.stderr


def test_get_shows_managed_fields_only_when_asked(served):
    k = served.kubectl
    k("apply", "--server-side", "-f", "-", stdin=DEPLOY)
    assert "managedFields" not in k("get", "deployment", "web", "-o", "yaml").stdout
    shown = k("get", "deployment", "web", "-o", "yaml", "--show-managed-fields").stdout
    assert """  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:replicas: {}
        f:selector: {}
        f:template:
          f:metadata:
            f:labels:
              f:app: {}
          f:spec:
            f:containers:
              k:{"name":"nginx"}:
                .: {}
                f:image: {}
                f:name: {}
    manager: kubectl
    operation: Apply
    time: "2026-01-01T00:00:00Z"
""" in shown
    assert "managedFields" not in served.builtin("kubectl get deployment web -o yaml").stdout
    assert "manager: kubectl\n" in served.builtin("kubectl get deployment web -o yaml --show-managed-fields").stdout


def test_create_records_an_update_manager_with_defaulted_fields(served):
    r = served.kubectl("create", "configmap", "cfg", "--from-literal=a=b")
    assert r.returncode == 0, r.stderr
    assert _managers(served, "ConfigMap", "cfg") == {("kubectl-create", "Update", ""): {("f:data",), ("f:data", "f:a")}}
    served.kubectl("create", "deployment", "api", "--image=nginx")
    owned = _managers(served, name="api")[("kubectl-create", "Update", "")]
    assert ("f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"nginx"}', "f:imagePullPolicy") in owned
    assert not any(p[0] == "f:status" for p in owned)


def test_fields_v1_round_trip_and_paths():
    paths = {("f:metadata", "f:labels"), ("f:metadata", "f:labels", "f:app"),
             ("f:spec", "f:ports", 'k:{"port":80,"protocol":"TCP"}'),
             ("f:spec", "f:ports", 'k:{"port":80,"protocol":"TCP"}', "f:port"),
             ("f:metadata", "f:finalizers", 'v:"x"')}
    tree = fieldmanager.to_fields_v1(paths)
    assert tree["f:metadata"]["f:labels"] == {".": {}, "f:app": {}}
    assert fieldmanager.from_fields_v1(tree) == paths
    assert fieldmanager.path_text(("f:spec", "f:ports", 'k:{"port":80,"protocol":"TCP"}', "f:port")) == \
        '.spec.ports[port=80,protocol="TCP"].port'
    assert fieldmanager.path_text(("f:data", "f:.dockerconfigjson")) == ".data..dockerconfigjson"


@pytest.mark.slow
def test_a_server_side_apply_session_replays_in_a_fresh_process(tmp_path, serve_session, logged_session):
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify

    session = logged_session(tmp_path, 5)
    sim = session.sim
    s = serve_session(tmp_path, session)
    try:
        assert s.kubectl("apply", "-f", "-", stdin=DEPLOY).returncode == 0
        s.step(5)
        assert s.kubectl("apply", "--server-side", "-f", "-", stdin=DEPLOY.replace("2", "3")).returncode == 1
        assert s.kubectl("apply", "--server-side", "--force-conflicts", "-f", "-",
                         stdin=DEPLOY.replace("2", "3")).returncode == 0
        s.step(5)
        assert s.kubectl("scale", "deployment", "web", "--replicas=1").returncode == 0
        assert s.kubectl("apply", "--server-side", "--field-manager=other", "-f", "-",
                         stdin=DEPLOY.replace("nginx:1.25", "nginx:1.26")).returncode == 1
        s.step(5)
    finally:
        s.running.stop()
    checksum = sim.checksum()
    managed = sim.get("Deployment", "web", "default")["metadata"]["managedFields"]
    session.close({"passed": None, "score": None})
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(tmp_path / "run.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout
    replay = Replay(read_log(tmp_path / "run.jsonl"))
    assert verify(replay).ok
    again = replay.base()
    replay.advance(again, 0, replay.end_tick)
    assert again.checksum() == checksum
    assert again.get("Deployment", "web", "default")["metadata"]["managedFields"] == managed
