"""A CKAD-style session with the real kubectl against `kubetui serve` (clock paused, moved with
`kubectl sim step N`): metrics for `top`, logs (plain, --tail, -f, --previous), the binding
subresource, and the everyday verbs, with what they print compared to kubetui's own kubectl
for the same state wherever the two should agree."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import pytest

APP = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "nginx:1.25"}]
"""

CONFIG = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
"""


def same(served, *args: str) -> str:
    """Run `kubectl ARGS` both ways and insist they print the same; return what they printed."""
    real = served.kubectl(*args)
    mine = served.builtin("kubectl " + subprocess.list2cmdline(args))
    assert real.returncode == mine.exit_code == 0, (args, real.stderr, mine.stderr)
    assert real.stdout == mine.stdout, args
    return real.stdout


def until(served, done, ticks: int = 60, pause: float = 0.1) -> None:
    """Step the clock one tick at a time until `done()` (a background kubectl finished)."""
    for _ in range(ticks):
        if done():
            return
        served.step(1)
        time.sleep(pause)


def test_top_reads_metrics_like_builtin_kubectl(served):
    r = served.kubectl("top", "pod")
    assert (r.returncode, r.stderr) == (0, "No resources found in default namespace.\n")
    served.kubectl("create", "deployment", "web", "--image=nginx:1.25", "--replicas=2")
    served.kubectl("run", "solo", "--image=nginx:1.25", "--labels=tier=one")
    r = served.kubectl("top", "pod")
    assert r.returncode == 1
    assert r.stderr.startswith("error: Metrics not available for pod default/")
    served.step(30)
    nodes = same(served, "top", "node")
    assert nodes.splitlines()[0].split() == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
    assert "node-1" in nodes
    pods = same(served, "top", "pod")
    assert {line.split()[0] for line in pods.splitlines()[1:]} >= {"solo"}
    assert len(pods.splitlines()) == 4
    same(served, "top", "pod", "-l", "tier=one")
    same(served, "top", "pod", "-A", "--sort-by=cpu")
    same(served, "top", "pod", "solo", "--containers")
    code, body, _ = served.http("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/solo")
    assert code == 200 and body["kind"] == "PodMetrics" and body["containers"][0]["name"] == "solo"
    code, body, _ = served.http("GET", "/apis/metrics.k8s.io/v1beta1/nodes/nope")
    assert code == 404 and body["reason"] == "NotFound"


def _talkers(served) -> None:
    served.kubectl("run", "talk", "--image=busybox:1.36", "--restart=Never", "--",
                   "sh", "-c", "echo one; sleep 6; echo two; sleep 6; echo three")
    served.kubectl("run", "crash", "--image=busybox:1.36", "--", "sh", "-c", "echo starting; exit 1")


def test_logs_plain_tail_and_previous(served):
    _talkers(served)
    r = served.kubectl("logs", "talk")
    assert r.returncode == 1 and r.stderr.startswith("Error from server (BadRequest): container \"talk\" in pod "
                                                     "\"talk\" is waiting to start"), r.stderr
    served.step(30)
    assert same(served, "logs", "talk") == "one\ntwo\nthree\n"
    assert same(served, "logs", "talk", "--tail=1") == "three\n"
    assert same(served, "logs", "talk", "--tail=0") == ""
    served.step(30)
    assert same(served, "logs", "crash", "--previous") == "starting\n"
    r = served.kubectl("logs", "talk", "--previous")
    assert r.returncode == 1
    assert r.stderr == 'Error from server (BadRequest): previous terminated container "talk" in pod "talk" not found\n'
    r = served.kubectl("logs", "talk", "-c", "nope")
    assert r.returncode == 1 and "container nope is not valid for pod talk" in r.stderr


def test_logs_timestamps_and_since_are_each_lines_own_time(served):
    _talkers(served)
    served.step(30)
    stamped = same(served, "logs", "talk", "--timestamps").splitlines()
    assert [line.split(" ", 1)[1] for line in stamped] == ["one", "two", "three"]
    assert len({line.split(" ", 1)[0] for line in stamped}) == 3, stamped
    assert same(served, "logs", "talk", "--since=1s") == ""
    since = stamped[1].split(" ", 1)[0].replace(".000000000", "")
    assert same(served, "logs", "talk", f"--since-time={since}") == "two\nthree\n"
    assert same(served, "get", "--raw", "/api/v1/namespaces/default/pods/talk/log?tailLines=2") == "two\nthree\n"


@pytest.mark.slow
def test_logs_follow_ends_with_the_container(served):
    _talkers(served)
    served.step(4)
    follow = subprocess.Popen([served.binary, "logs", "-f", "talk"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=served.env())
    try:
        until(served, lambda: follow.poll() is not None)
        out, err = follow.communicate(timeout=10)
    finally:
        follow.kill()
    assert follow.returncode == 0, err
    assert out == "one\ntwo\nthree\n"


def test_binding_places_a_pod_a_custom_scheduler_left_pending(served):
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "mine"},
           "spec": {"schedulerName": "my-scheduler", "containers": [{"name": "c", "image": "nginx:1.25"}]}}
    assert served.http("POST", "/api/v1/namespaces/default/pods", json.dumps(pod))[0] == 201
    served.step(5)
    assert served.kubectl("get", "pod", "mine", "-o", "jsonpath={.status.phase}").stdout == "Pending"
    binding = {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "mine"},
               "target": {"apiVersion": "v1", "kind": "Node", "name": "node-2"}}
    path = "/api/v1/namespaces/default/pods/mine/binding"
    code, body, _ = served.http("POST", path, json.dumps(binding))
    assert (code, body["status"]) == (201, "Success"), body
    code, body, _ = served.http("POST", path, json.dumps(binding))
    assert (code, body["reason"]) == (409, "Conflict")
    assert body["message"] == ('Operation cannot be fulfilled on pods/binding "mine": pod mine is already assigned '
                               'to node "node-2"')
    served.step(10)
    got = served.call(served.sim.get, "Pod", "mine", "default")
    assert got["spec"]["nodeName"] == "node-2" and got["status"]["phase"] == "Running"
    assert served.sim.command_log[-1]["line"].startswith("POST /api/v1/namespaces/default/pods/mine/binding")


def _editor(folder, name: str, old: str, new: str) -> str:
    script = folder / name
    script.write_text(f"#!{sys.executable}\nimport sys\np = sys.argv[-1]\n"
                      f"t = open(p).read()\nopen(p, 'w').write(t.replace({old!r}, {new!r}))\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.mark.slow
def test_a_ckad_session_with_the_real_kubectl(served, tmp_path):
    k = served.kubectl
    assert k("run", "nginx", "--image=nginx:1.25", "--port=80").stdout == "pod/nginx created\n"
    assert k("create", "deployment", "web", "--image=nginx:1.25", "--replicas=2").stdout == \
        "deployment.apps/web created\n"
    assert k("expose", "deployment", "web", "--port=80", "--target-port=80").stdout == "service/web exposed\n"
    served.step(20)
    same(served, "get", "pods,svc,deploy,rs")
    same(served, "get", "svc", "web", "-o", "wide")

    assert k("scale", "deployment", "web", "--replicas=3").stdout == "deployment.apps/web scaled\n"
    assert k("set", "image", "deployment/web", "nginx=nginx:1.26").stdout == "deployment.apps/web image updated\n"
    rollout = subprocess.Popen([served.binary, "rollout", "status", "deployment/web", "--timeout=30s"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=served.env())
    try:
        until(served, lambda: rollout.poll() is not None)
        out, err = rollout.communicate(timeout=10)
    finally:
        rollout.kill()
    assert rollout.returncode == 0, err
    assert out.endswith('deployment "web" successfully rolled out\n')
    same(served, "rollout", "history", "deployment/web")
    assert same(served, "rollout", "history", "deployment/web", "--revision=2").count("nginx:1.26") == 1
    assert k("rollout", "undo", "deployment/web").stdout == "deployment.apps/web rolled back\n"
    served.step(30)
    image = k("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}").stdout
    assert image == "nginx:1.25"
    same(served, "rollout", "history", "deployment/web")

    assert k("label", "pod", "nginx", "tier=front").stdout == "pod/nginx labeled\n"
    assert k("annotate", "deployment", "web", "owner=team-a").stdout == "deployment.apps/web annotated\n"
    same(served, "get", "pods", "-l", "tier=front", "--show-labels")
    assert k("get", "deploy", "web", "-o", "jsonpath={.metadata.annotations.owner}").stdout == "team-a"

    env = served.env()
    env["KUBE_EDITOR"] = _editor(tmp_path, "edit.py", "replicas: 3", "replicas: 4")
    r = subprocess.run([served.binary, "edit", "deployment", "web"], capture_output=True, text=True, env=env,
                       timeout=30)
    assert r.stdout == "deployment.apps/web edited\n", r.stderr
    assert served.call(served.sim.get, "Deployment", "web", "default")["spec"]["replicas"] == 4

    folder = tmp_path / "manifests"
    folder.mkdir()
    (folder / "app.yaml").write_text(APP)
    (folder / "config.yaml").write_text(CONFIG)
    r = k("apply", "-f", str(folder))
    assert r.stdout == "deployment.apps/api created\nconfigmap/settings created\n", r.stderr
    assert k("apply", "-f", str(folder)).stdout == "deployment.apps/api unchanged\nconfigmap/settings unchanged\n"
    r = k("apply", "--server-side", "-f", "-", stdin=CONFIG.replace("fast", "slow").replace("settings", "ssa"))
    assert r.stdout == "configmap/ssa serverside-applied\n", r.stderr
    assert served.call(served.sim.get, "ConfigMap", "ssa", "default")["data"] == {"mode": "slow"}

    assert k("patch", "deployment", "api", "-p", '{"spec":{"replicas":2}}').stdout == "deployment.apps/api patched\n"
    assert k("patch", "deployment", "api", "--type=merge",
             "-p", '{"metadata":{"labels":{"team":"b"}}}').stdout == "deployment.apps/api patched\n"
    assert k("patch", "deployment", "api", "--type=json",
             "-p", '[{"op":"add","path":"/spec/template/spec/containers/0/args","value":["-g"]}]').returncode == 0
    api = served.call(served.sim.get, "Deployment", "api", "default")
    assert api["spec"]["replicas"] == 2 and api["metadata"]["labels"]["team"] == "b"
    assert api["spec"]["template"]["spec"]["containers"][0]["args"] == ["-g"]

    wait = subprocess.Popen([served.binary, "wait", "--for=condition=Available", "deployment/api", "--timeout=30s"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=served.env())
    watch = subprocess.Popen([served.binary, "get", "pods", "-l", "app=api", "-w", "--request-timeout=30s"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=served.env())
    try:
        time.sleep(0.5)
        until(served, lambda: wait.poll() is not None)
        out, err = wait.communicate(timeout=10)
    finally:
        wait.kill()
        watch.kill()
    assert wait.returncode == 0, err
    assert out == "deployment.apps/api condition met\n"
    rows = watch.communicate(timeout=10)[0]
    assert rows.startswith("NAME") and "api-" in rows and "Running" in rows

    same(served, "top", "node")
    same(served, "top", "pod")
    assert same(served, "logs", "nginx").startswith("/docker-entrypoint.sh")

    r = k("drain", "node-1", "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=20s")
    assert "node/node-1 cordoned" in r.stdout, r.stderr
    served.step(20)
    assert served.call(served.sim.get, "Node", "node-1", "")["spec"]["unschedulable"] is True
    assert k("uncordon", "node-1").stdout == "node/node-1 uncordoned\n"

    r = k("config", "use-context", "kubetui")
    assert r.stdout == 'Switched to context "kubetui".\n'
    assert k("config", "current-context").stdout == "kubetui\n"
    assert os.path.exists(served.config)
