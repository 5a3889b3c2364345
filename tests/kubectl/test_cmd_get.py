"""`kubectl get` on a live simulated cluster: tables, formats, selectors, errors and exit codes."""

import json
import shlex

import pytest
import yaml

from kubetui import Simulation


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    assert s.run("kubectl create deployment web --image=nginx:1.25 --replicas=3").exit_code == 0
    assert s.run("kubectl rollout status deployment/web").exit_code == 0
    return s


def lines(text):
    return text.splitlines()


def test_pods_table_header_and_rows(sim):
    r = sim.run("kubectl get pods")
    assert r.exit_code == 0 and r.stderr == ""
    rows = lines(r.stdout)
    assert rows[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert len(rows) == 4
    assert all(row.split()[1:4] == ["1/1", "Running", "0"] for row in rows[1:])
    assert all(row.startswith("web-") for row in rows[1:])


def test_empty_namespace_says_so_on_stderr_with_exit_0(sim):
    r = sim.run("kubectl get pods -n kube-public")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "No resources found in kube-public namespace.\n")
    r = sim.run("kubectl get pv")
    assert (r.exit_code, r.stderr) == (0, "No resources found\n")


def test_not_found_and_unknown_type(sim):
    r = sim.run("kubectl get pod nope")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", 'Error from server (NotFound): pods "nope" not found\n')
    r = sim.run("kubectl get deploy nope")
    assert r.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    r = sim.run("kubectl get foo")
    assert (r.exit_code, r.stderr) == (1, 'error: the server doesn\'t have a resource type "foo"\n')
    assert sim.run("kubectl get pod nope --ignore-not-found").exit_code == 0


def test_no_type_is_kubectls_usage_error(sim):
    r = sim.run("kubectl get")
    assert r.exit_code == 1
    assert r.stderr.startswith("You must specify the type of resource to get.")
    assert r.stderr.endswith("See 'kubectl get -h' for help and examples\n")


def test_all_namespaces_adds_namespace_column(sim):
    rows = lines(sim.run("kubectl get po -A").stdout)
    assert rows[0].split()[:2] == ["NAMESPACE", "NAME"]
    assert any(r.startswith("kube-system ") for r in rows)
    assert any(r.startswith("default ") for r in rows)


def test_several_kinds_print_kind_prefixes_and_blank_line(sim):
    out = sim.run("kubectl get deploy,rs").stdout
    first, second = out.split("\n\n")
    assert lines(first)[1].startswith("deployment.apps/web ")
    assert lines(second)[1].startswith("replicaset.apps/web-")


def test_get_all_lists_workloads_with_prefixes(sim):
    out = sim.run("kubectl get all").stdout
    assert "pod/web-" in out and "deployment.apps/web" in out and "replicaset.apps/web-" in out
    assert "service/kubernetes" in out


def test_by_name_and_slash_form(sim):
    r = sim.run("kubectl get deployment/web")
    assert lines(r.stdout)[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert lines(r.stdout)[1].split()[:4] == ["web", "3/3", "3", "3"]
    r = sim.run("kubectl get deploy web pod/x")
    assert r.exit_code == 1
    assert "no need to specify a resource type as a separate argument" in r.stderr


def test_wide_adds_columns(sim):
    header = lines(sim.run("kubectl get po -o wide").stdout)[0].split()
    assert header[5:8] == ["IP", "NODE", "NOMINATED"]


def test_output_name_yaml_json(sim):
    names = lines(sim.run("kubectl get deploy,po -o name").stdout)
    assert names[0] == "deployment.apps/web" and all(n.startswith("pod/web-") for n in names[1:])
    single = yaml.safe_load(sim.run("kubectl get deploy web -o yaml").stdout)
    assert single["kind"] == "Deployment" and single["metadata"]["name"] == "web"
    many = json.loads(sim.run("kubectl get pods -o json").stdout)
    assert many["kind"] == "List" and len(many["items"]) == 3
    empty = yaml.safe_load(sim.run("kubectl get pods -n kube-public -o yaml").stdout)
    assert empty["items"] == []


def test_jsonpath_and_custom_columns(sim):
    r = sim.run("kubectl get deploy web -o jsonpath={.spec.replicas}")
    assert (r.exit_code, r.stdout) == (0, "3")
    r = sim.run("kubectl get deploy -o custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image")
    assert lines(r.stdout) == ["NAME   IMAGE", "web    nginx:1.25"]


def test_unknown_output_format(sim):
    r = sim.run("kubectl get po -o foo")
    assert r.exit_code == 1
    assert r.stderr.startswith('error: unable to match a printer suitable for the output format "foo"')


def test_labels_columns_and_headers(sim):
    rows = lines(sim.run("kubectl get deploy --show-labels").stdout)
    assert rows[0].split()[-1] == "LABELS" and rows[1].split()[-1] == "app=web"
    rows = lines(sim.run("kubectl get po -L app --no-headers").stdout)
    assert len(rows) == 3 and all(r.split()[-1] == "web" for r in rows)


def test_label_selector_and_field_selectors(sim):
    assert sim.run("kubectl get po -l app=nope").stderr == "No resources found in default namespace.\n"
    node = sim.list("Pod", "default")[0]["spec"]["nodeName"]
    out = sim.run(f"kubectl get po --field-selector spec.nodeName={node} -o name").stdout
    assert lines(out) == [f"pod/{p['metadata']['name']}" for p in sim.list("Pod", "default") if p["spec"]["nodeName"] == node]
    assert sim.run("kubectl get po --field-selector status.phase!=Running").stderr.startswith("No resources found")
    name = sim.list("Pod", "default")[1]["metadata"]["name"]
    assert sim.run(f"kubectl get po --field-selector metadata.name={name} -o name").stdout == f"pod/{name}\n"
    r = sim.run("kubectl get po --field-selector spec.foo=bar")
    assert r.exit_code == 1
    assert r.stderr.endswith("field label not supported: spec.foo\n")


def test_sort_by(sim):
    sim.run("kubectl create deployment api --image=nginx:1.25 --replicas=1")
    names = lines(sim.run("kubectl get deploy --sort-by=.spec.replicas -o name").stdout)
    assert names == ["deployment.apps/api", "deployment.apps/web"]
    names = lines(sim.run("kubectl get deploy --sort-by=.metadata.name --no-headers").stdout)
    assert [n.split()[0] for n in names] == ["api", "web"]


def test_events_table(sim):
    rows = lines(sim.run("kubectl get events").stdout)
    assert rows[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert any("ScalingReplicaSet" in r for r in rows)


def test_watch_streams_changed_rows_until_cancelled():
    from kubetui.kubectl import start_kubectl

    sim = Simulation(seed=7)
    inv = start_kubectl(sim, ["get", "pods", "-w"])
    assert inv.poll() is None and inv.stderr == "No resources found in default namespace.\n"
    sim.run("kubectl run web --image=nginx:1.25")
    for _ in range(8):
        sim.step(1)
        assert inv.poll() is None
    statuses = [line.split()[2] for line in inv.stdout.splitlines()]
    assert statuses[0] == "Pending" and statuses[-1] == "Running"
    assert inv.cancel().exit_code == 130
    headless = sim.run("kubectl get pods -w")
    assert headless.exit_code == 0 and headless.stdout.splitlines()[0].startswith("NAME")


@pytest.mark.parametrize("fmt, stdout, stderr", [
    # kubectl 1.37 against `kubetui serve`, an empty namespace
    ("name", "", ""),
    ("custom-columns=N:.metadata.name", "N\n", ""),
    ("go-template={{len .items}}", "0", ""),
    ("jsonpath={.items[*].metadata.name}", "", ""),
    ("jsonpath={.items}", "[]", ""),
    ("wide", "", "No resources found in kube-public namespace.\n"),
    ("yaml", 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n', ""),
])
def test_an_empty_list_in_each_output_format(fmt, stdout, stderr):
    r = Simulation().run(shlex.join(["kubectl", "get", "pods", "-n", "kube-public", "-o", fmt]))
    assert (r.exit_code, r.stdout, r.stderr) == (0, stdout, stderr)
