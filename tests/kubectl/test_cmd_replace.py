"""`kubectl replace -f` (PUT) and `replace --force -f` (delete, wait, create)."""

import yaml

from kubetui import Simulation


def _running_pod(sim):
    assert sim.run("kubectl run x --image=nginx").exit_code == 0
    sim.step(20)
    return sim.run("kubectl get pod x -o yaml").stdout


def test_replace_puts_the_whole_object_and_keeps_its_identity():
    sim = Simulation(seed=1)
    sim.run("kubectl create configmap cfg --from-literal=a=1 --from-literal=b=2")
    before = sim.get("ConfigMap", "cfg")
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  c: '3'\n"
    r = sim.run("kubectl replace -f -", stdin=manifest)
    assert (r.exit_code, r.stdout, r.stderr) == (0, "configmap/cfg replaced\n", "")
    after = sim.get("ConfigMap", "cfg")
    assert after["data"] == {"c": "3"}  # a PUT, not a merge
    assert after["metadata"]["uid"] == before["metadata"]["uid"]


def test_replace_of_a_missing_object_is_not_found():
    sim = Simulation(seed=1)
    r = sim.run("kubectl replace -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nope\n")
    assert (r.exit_code, r.stderr) == (
        1, 'Error from server (NotFound): error when replacing "STDIN": configmaps "nope" not found\n')


def test_replace_refuses_a_pods_immutable_field_and_force_recreates_it():
    sim = Simulation(seed=1)
    live = _running_pod(sim)
    uid = sim.get("Pod", "x")["metadata"]["uid"]
    changed = live.replace("imagePullPolicy: Always", "imagePullPolicy: Never")
    r = sim.run("kubectl replace -f -", stdin=changed)
    assert r.exit_code == 1 and 'The Pod "x" is invalid: spec: Forbidden: pod updates may not change' in r.stderr
    start = sim.tick
    r = sim.run("kubectl replace --force -f -", stdin=changed)
    assert (r.exit_code, r.stdout, r.stderr) == (0, 'pod "x" deleted from default namespace\npod/x replaced\n', "")
    assert sim.tick > start  # it waited for the old pod to be gone
    pod = sim.get("Pod", "x")
    assert pod["metadata"]["uid"] != uid
    assert pod["spec"]["containers"][0]["imagePullPolicy"] == "Never"


def test_replace_output_and_usage_errors():
    sim = Simulation(seed=1)
    assert sim.run("kubectl replace").stderr == "error: must specify one of -f and -k\n"
    sim.run("kubectl create configmap cfg")
    m = yaml.safe_dump({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}})
    r = sim.run("kubectl replace -f - -o wide", stdin=m)
    assert r.exit_code == 1 and 'output format "wide"' in r.stderr
    r = sim.run("kubectl replace -f - -o name", stdin=m)
    assert r.stdout == "configmap/cfg\n"
    r = sim.run("kubectl replace --force --dry-run=client -f -", stdin=m)
    assert (r.exit_code, r.stderr) == (1, "error: --dry-run can not be used when --force is set\n")
