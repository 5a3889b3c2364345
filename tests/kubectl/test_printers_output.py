"""-o yaml / json / name / jsonpath / custom-columns."""

import os

import pytest
from printer_kit import make_pod, pod_conditions, running

from kubetui.kubectl.printers import PrinterError, custom_columns, jsonpath, names, to_json, to_yaml

DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z",
                 "labels": {"app": "web"}, "generation": 1,
                 "annotations": {"deployment.kubernetes.io/revision": "1"}},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
             "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                                   "ports": [{"containerPort": 80, "protocol": "TCP"}],
                                                   "args": ["--port", "80"], "resources": {}}]}}},
    "status": {"replicas": 3, "readyReplicas": 3, "conditions": []},
}


def test_yaml_layout_matches_kubectl():
    assert to_yaml(DEPLOYMENT) == """\
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  creationTimestamp: "2026-01-01T00:00:00Z"
  generation: 1
  labels:
    app: web
  name: web
  namespace: default
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - args:
        - --port
        - "80"
        image: nginx:1.25
        name: nginx
        ports:
        - containerPort: 80
          protocol: TCP
        resources: {}
status:
  conditions: []
  readyReplicas: 3
  replicas: 3
"""


@pytest.mark.parametrize("value, text", [
    ("true", '"true"'), ("80", '"80"'), ("", '""'), ("hello world", "hello world"), ("a: b", "'a: b'"),
    ("-x", "-x"), ("yes", '"yes"'), ("1.5", '"1.5"'), ("*", "'*'"), ("null", '"null"'), ("~", '"~"'),
    ("a #b", "'a #b'"), ("0x1F", '"0x1F"'), ("1e3", '"1e3"'), (" lead", "' lead'"), ("{x}", "'{x}'"),
    ("500m", "500m"), ("10.96.0.1", "10.96.0.1"), ("it's", "it's"), ("@x", "'@x'"), ("012", '"012"'),
    ("2026-01-01", '"2026-01-01"'), ("a:b", "a:b"), ("<none>", "<none>"), ("trail ", "'trail '"),
    ("line1\nline2", "|-\n  line1\n  line2"), ("line1\nline2\n", "|\n  line1\n  line2"),
])
def test_yaml_scalars_quote_like_go_yaml(value, text):
    assert to_yaml({"k": value}) == f"k: {text}\n"


def test_yaml_quotes_keys_that_read_as_booleans_and_folds_long_lines():
    assert to_yaml({"n": "x", "y": "z"}) == '"n": x\n"y": z\n'
    assert to_yaml({"msg": " ".join(["word"] * 30)}) == (
        "msg: " + " ".join(["word"] * 16) + "\n"
        "  " + " ".join(["word"] * 14) + "\n")


def test_yaml_and_json_of_several_objects_is_a_list():
    assert to_yaml([{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "a"}}]) == """\
apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
kind: List
metadata:
  resourceVersion: ""
"""
    assert to_json([]) == (
        '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n'
        '        "resourceVersion": ""\n    }\n}\n')


def test_json_is_four_space_indented_sorted_and_html_escaped():
    assert to_json({"kind": "ConfigMap", "apiVersion": "v1", "data": {"a": "<x>&"}}) == (
        '{\n    "apiVersion": "v1",\n    "data": {\n        "a": "\\u003cx\\u003e\\u0026"\n    },\n'
        '    "kind": "ConfigMap"\n}\n')


def test_names():
    objs = [{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "web-abc"}},
            {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "web"}},
            {"kind": "HorizontalPodAutoscaler", "apiVersion": "autoscaling/v2", "metadata": {"name": "web"}}]
    assert names(objs) == "pod/web-abc\ndeployment.apps/web\nhorizontalpodautoscaler.autoscaling/web\n"


@pytest.fixture
def pods():
    a = make_pod("a", statuses=[running()], conditions=pod_conditions(),
                 containers=[{"name": "nginx", "image": "nginx:1.25"}, {"name": "log", "image": "busybox"}])
    b = make_pod("b", ip=None, phase="Pending", conditions=pod_conditions(ready=False))
    for p in (a, b):
        p["status"].pop("startTime", None)
    return [a, b]


@pytest.mark.parametrize("template, text", [
    ("{.items[*].metadata.name}", "a b"),
    ("{.items[0].status.podIP}", "10.244.1.5"),
    ('{range .items[*]}{.metadata.name}{"\\n"}{end}', "a\nb\n"),
    ('{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[*].image}{"\\n"}{end}',
     "a\tnginx:1.25 busybox\nb\tnginx:1.25\n"),
    ('{.items[*].status.conditions[?(@.type=="Ready")].status}', "True False"),
    ("{.items[?(@.status.podIP)].metadata.name}", "a"),
    ("{.items[-1].metadata.name}", "b"),
    ("{.items[0].metadata.labels}", '{"app":"web"}'),
    ("{.items[0].metadata['name']}", "a"),
    ("pods: {.items[*].metadata.name}.", "pods: a b."),
    ("{.items[0].nothing}", ""),
])
def test_jsonpath(pods, template, text):
    assert jsonpath(template, pods) == text


def test_jsonpath_on_one_object():
    assert jsonpath("{.spec.replicas}/{.status.readyReplicas}", DEPLOYMENT) == "3/3"
    assert jsonpath("{..image}", DEPLOYMENT) == "nginx:1.25"


def test_jsonpath_errors_read_like_kubectl(pods):
    with pytest.raises(PrinterError) as e:
        jsonpath("{.foo", pods)
    assert str(e.value) == "error: error parsing jsonpath {.foo, unclosed action"
    with pytest.raises(PrinterError) as e:
        jsonpath("{.items[5].metadata.name}", pods)
    assert str(e.value).startswith('error: error executing jsonpath "{.items[5].metadata.name}": '
                                   "Error executing template: array index out of bounds: index 5, length 2.")


def test_custom_columns(pods):
    assert custom_columns("NAME:.metadata.name,IMAGE:.spec.containers[*].image,IP:.status.podIP", pods) == (
        "NAME   IMAGE                IP\n"
        "a      nginx:1.25,busybox   10.244.1.5\n"
        "b      nginx:1.25           <none>\n")
    with pytest.raises(PrinterError):
        custom_columns("NAME", pods)


def test_template_files_and_the_template_flag(tmp_path):
    from kubetui import Simulation

    (tmp_path / "name.jsonpath").write_text('{.metadata.name}{"\\n"}')
    (tmp_path / "cols.txt").write_text("NAME   PHASE\n.metadata.name   .status.phase\n")
    sim = Simulation(seed=1)
    r = sim.run("kubectl get ns default -o jsonpath-file=name.jsonpath", cwd=str(tmp_path))
    assert (r.exit_code, r.stdout) == (0, "default\n")
    r = sim.run("kubectl get ns default -o custom-columns-file=cols.txt", cwd=str(tmp_path))
    assert r.stdout == "NAME      PHASE\ndefault   Active\n"
    assert sim.run("kubectl get ns default -o jsonpath --template={.kind}").stdout == "Namespace"
    r = sim.run("kubectl get ns default -o jsonpath-file=nope", cwd=str(tmp_path))
    assert r.stderr == "error: error reading --template nope, open nope: no such file or directory\n"
    (tmp_path / "bytes.jsonpath").write_bytes(b'\xff{.metadata.name}')
    r = sim.run("kubectl get ns default -o jsonpath-file=bytes.jsonpath", cwd=str(tmp_path))
    assert (r.exit_code, r.stdout) == (0, "\ufffddefault")
    os.mkfifo(tmp_path / "fifo")
    r = sim.run("kubectl get ns default -o go-template-file=fifo", cwd=str(tmp_path))
    assert (r.exit_code, r.stderr) == (1, "error: fifo:1: not a regular file\n")
