"""`kubectl apply` and `kubectl create -f`: created / configured / unchanged, the three-way merge,
the last-applied annotation, and errors that name the file."""

import json
import textwrap

import pytest

from kubetui import Simulation

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

WEB = textwrap.dedent("""\
    apiVersion: apps/v1
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
            env:
            - {name: MODE, value: fast}
            - {name: LEVEL, value: "3"}
    """)


@pytest.fixture
def sim(tmp_path):
    s = Simulation(seed=7)
    s.cwd = str(tmp_path)
    (tmp_path / "web.yaml").write_text(WEB)
    return s


def test_created_then_unchanged(sim):
    r = sim.run("kubectl apply -f web.yaml")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "deployment.apps/web created\n", "")
    r = sim.run("kubectl apply -f web.yaml")
    assert (r.exit_code, r.stdout) == (0, "deployment.apps/web unchanged\n")


def test_last_applied_annotation_is_the_manifest_as_json(sim):
    sim.run("kubectl apply -f web.yaml")
    d = sim.get("Deployment", "web")
    text = d["metadata"]["annotations"][LAST_APPLIED]
    assert text.endswith("\n")
    applied = json.loads(text)
    assert applied["metadata"] == {"annotations": {}, "name": "web", "namespace": "default"}
    assert applied["spec"]["replicas"] == 2
    assert '"kind":"Deployment"' in text and ": " not in text


def test_fields_dropped_from_the_manifest_are_removed(sim):
    sim.run("kubectl apply -f web.yaml")
    smaller = WEB.replace('        - {name: LEVEL, value: "3"}\n', "")
    assert smaller != WEB
    r = sim.run("kubectl apply -f -", stdin=smaller)
    assert r.stdout == "deployment.apps/web configured\n"
    env = sim.get("Deployment", "web")["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env == [{"name": "MODE", "value": "fast"}]


def test_fields_set_by_others_survive_unless_the_manifest_sets_them(sim):
    sim.run("kubectl apply -f web.yaml")
    sim.run("kubectl label deploy web team=blue")
    assert sim.run("kubectl apply -f web.yaml").stdout == "deployment.apps/web unchanged\n"
    assert sim.get("Deployment", "web")["metadata"]["labels"] == {"team": "blue"}
    sim.run("kubectl scale deploy web --replicas=5")
    assert sim.run("kubectl apply -f web.yaml").stdout == "deployment.apps/web configured\n"
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 2


def test_containers_merge_by_name(sim):
    sim.run("kubectl apply -f web.yaml")
    sim.run("kubectl set image deploy/web nginx=nginx:1.26")
    assert sim.get("Deployment", "web")["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.26"
    assert sim.run("kubectl apply -f web.yaml").stdout == "deployment.apps/web configured\n"
    c = sim.get("Deployment", "web")["spec"]["template"]["spec"]["containers"]
    assert [x["name"] for x in c] == ["nginx"] and c[0]["image"] == "nginx:1.25"


def test_apply_on_an_object_created_without_it_warns_and_adds_the_annotation(sim):
    sim.run("kubectl create -f web.yaml")
    assert LAST_APPLIED not in (sim.get("Deployment", "web")["metadata"].get("annotations") or {})
    r = sim.run("kubectl apply -f web.yaml")
    assert r.exit_code == 0 and r.stdout == "deployment.apps/web configured\n"
    assert r.stderr.startswith("Warning: resource deployments/web is missing the "
                               "kubectl.kubernetes.io/last-applied-configuration annotation")
    assert LAST_APPLIED in sim.get("Deployment", "web")["metadata"]["annotations"]


def test_directory_and_stdin(sim, tmp_path):
    d = tmp_path / "manifests"
    d.mkdir()
    (d / "a.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n")
    (d / "b.yml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")
    (d / "notes.txt").write_text("not a manifest")
    r = sim.run("kubectl apply -f manifests")
    assert r.stdout == "configmap/a created\nnamespace/shop created\n"
    r = sim.run("kubectl apply -n shop -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
    assert r.stdout == "configmap/c created\n"
    assert sim.get("ConfigMap", "c", "shop") is not None


def test_errors_name_the_file(sim, tmp_path):
    (tmp_path / "bad.yaml").write_text(WEB.replace("replicas: 2", "replica: 2"))
    r = sim.run("kubectl apply -f bad.yaml")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == ('Error from server (BadRequest): error when creating "bad.yaml": Deployment in version "v1" '
                        'cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n')
    assert sim.get("Deployment", "web") is None


def test_yaml_errors_are_file_line_message(sim, tmp_path):
    (tmp_path / "broken.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: indent\n")
    r = sim.run("kubectl apply -f broken.yaml")
    assert (r.exit_code, r.stderr) == (1, "error: broken.yaml:5: mapping values are not allowed here\n")


def test_missing_file_and_missing_flag(sim):
    r = sim.run("kubectl apply -f nope.yaml")
    assert (r.exit_code, r.stderr) == (1, 'error: the path "nope.yaml" does not exist\n')
    r = sim.run("kubectl apply")
    assert (r.exit_code, r.stderr) == (1, "error: must specify one of -f and -k\n")


def test_namespace_mismatch(sim):
    r = sim.run("kubectl apply -n other -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n")
    assert r.exit_code == 1
    assert r.stderr == ('error: the namespace from the provided object "shop" does not match the namespace "other". '
                        "You must pass '--namespace=shop' to perform this operation.\n")


def test_invalid_object_and_partial_success(sim):
    manifest = WEB + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n"
    r = sim.run("kubectl apply -f -", stdin=manifest)
    assert r.exit_code == 1
    assert r.stdout == "deployment.apps/web created\n"
    assert r.stderr.startswith('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"')


def test_create_f_refuses_existing_objects(sim):
    assert sim.run("kubectl create -f web.yaml").stdout == "deployment.apps/web created\n"
    r = sim.run("kubectl create -f web.yaml")
    assert r.exit_code == 1
    assert r.stderr == ('Error from server (AlreadyExists): error when creating "web.yaml": '
                        'deployments.apps "web" already exists\n')


def test_dry_run_changes_nothing(sim):
    r = sim.run("kubectl apply -f web.yaml --dry-run=client")
    assert r.stdout == "deployment.apps/web created (dry run)\n"
    r = sim.run("kubectl apply -f web.yaml --dry-run=server")
    assert r.stdout == "deployment.apps/web created (server dry run)\n"
    assert sim.get("Deployment", "web") is None


def test_resource_version_conflict(sim):
    sim.run("kubectl apply -f web.yaml")
    stale = WEB.replace("  name: web\n", '  name: web\n  resourceVersion: "1"\n')
    r = sim.run("kubectl apply -f -", stdin=stale)
    assert r.exit_code == 1 and "the object has been modified" in r.stderr
