"""`kubectl get --raw PATH`: one GET through the API server's handlers, the body as it answers."""

import json

from kubetui import Simulation


def test_raw_prints_the_servers_json_in_its_field_order():
    sim = Simulation(seed=1)
    sim.run("kubectl create configmap c --from-literal=a=1")
    r = sim.run("kubectl get --raw /api/v1/namespaces/default/configmaps/c")
    assert r.exit_code == 0 and r.stdout.endswith("}\n") and "\n" not in r.stdout[:-1]
    assert r.stdout.startswith('{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","namespace":"default",')
    assert json.loads(r.stdout)["data"] == {"a": "1"}


def test_raw_lists_with_query_parameters():
    sim = Simulation(seed=1)
    r = sim.run("kubectl get --raw '/api/v1/namespaces?limit=1'")
    body = json.loads(r.stdout)
    assert body["kind"] == "NamespaceList" and len(body["items"]) == 1
    assert r.stdout.index('"resourceVersion"') < r.stdout.index('"continue"')


def test_raw_errors_are_the_servers_status():
    sim = Simulation(seed=1)
    r = sim.run("kubectl get --raw /api/v1/namespaces/default/pods/nope")
    assert (r.exit_code, r.stderr) == (1, 'Error from server (NotFound): pods "nope" not found\n')
    assert sim.run("kubectl get --raw /healthz").stdout == "ok"
    cases = {
        "kubectl get --raw /api/v1/pods pods": "error: arguments may not be passed when --raw is specified\n",
        "kubectl get --raw api/v1": 'error: --raw must be a valid URL path: parse "api/v1": invalid URI for request\n',
        "kubectl get --raw /api/v1/pods -o yaml": "error: --raw and --output are mutually exclusive\n",
        "kubectl get --raw /api/v1/pods -l a=b": "error: --raw may not be specified with other flags that filter "
                                                "the server request or alter the output\n",
    }
    for line, err in cases.items():
        assert sim.run(line).stderr == err, line


def test_raw_is_authorized_as_the_api_server_would():
    sim = Simulation(seed=1)
    sim.run("kubectl create role read --verb=get --resource=configmaps")
    sim.run("kubectl create rolebinding jane --role=read --user=jane")
    sim.run("kubectl create configmap c --from-literal=a=1")
    assert sim.run("kubectl get --raw /api/v1/namespaces/default/configmaps/c --as=jane").exit_code == 0
    r = sim.run("kubectl get --raw /api/v1/namespaces/default/configmaps --as=jane")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", (
        'Error from server (Forbidden): configmaps is forbidden: User "jane" cannot list resource "configmaps" '
        'in API group "" in the namespace "default"\n'))
    r = sim.run("kubectl get --raw '/api/v1/namespaces/default/configmaps?watch=true' --as=jane")
    assert 'cannot watch resource "configmaps"' in r.stderr
    r = sim.run("kubectl get --raw /api/v1/nodes --as=jane")
    assert r.stderr.endswith('cannot list resource "nodes" in API group "" at the cluster scope\n')
    assert sim.run("kubectl get --raw /healthz --as=jane").stdout == "ok"


def test_raw_discovery_documents():
    sim = Simulation(seed=1)
    apis = json.loads(sim.run("kubectl get --raw /apis").stdout)
    assert apis["kind"] == "APIGroupList" and apis["groups"][0]["name"] == "apps"
    assert json.loads(sim.run("kubectl get --raw /api").stdout)["versions"] == ["v1"]
    v1 = json.loads(sim.run("kubectl get --raw /api/v1").stdout)
    pods = next(r for r in v1["resources"] if r["name"] == "pods")
    assert pods["shortNames"] == ["po"] and pods["categories"] == ["all"]
    assert json.loads(sim.run("kubectl get --raw /apis/batch").stdout)["preferredVersion"]["groupVersion"] == "batch/v1"
    assert json.loads(sim.run("kubectl get --raw /version").stdout)["gitVersion"].startswith("v1.")
    assert json.loads(sim.run("kubectl get --raw /openapi/v2").stdout)["swagger"] == "2.0"
    for path in ("/apis/nope", "/apis/apps/v9", "/openapi/v3/apis/nope/v1", "/nope"):
        r = sim.run(f"kubectl get --raw {path}")
        assert (r.exit_code, r.stderr) == (
            1, "Error from server (NotFound): the server could not find the requested resource\n"), path


def test_raw_discovery_is_open_to_every_authenticated_user():
    sim = Simulation(seed=1)
    assert sim.run("kubectl get --raw /apis --as=jane").exit_code == 0
    r = sim.run("kubectl get --raw /api/v1/pods --as=jane")
    assert r.exit_code == 1 and 'User "jane" cannot list resource "pods"' in r.stderr


def test_raw_reads_a_pods_log_as_the_api_server_serves_it():
    sim = Simulation(seed=1)
    sim.run("kubectl run talk --image=busybox --restart=Never -- sh -c 'echo one; sleep 5; echo two; sleep 3600'")
    sim.run("kubectl apply -f -", stdin="""apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: a, image: busybox, command: [sh, -c, 'echo A; sleep 3600']}
  - {name: b, image: busybox, command: [sh, -c, 'echo B; sleep 3600']}
""")
    log = "/api/v1/namespaces/default/pods/{}"
    r = sim.run("kubectl get --raw " + log.format("talk/log"))
    assert (r.exit_code, r.stderr) == (1, 'Error from server (BadRequest): container "talk" in pod "talk" is waiting '
                                          'to start: ContainerCreating\n')
    sim.step(30)
    assert sim.run("kubectl get --raw " + log.format("talk/log")).stdout == "one\ntwo\n"
    stamped = sim.run(f"kubectl get --raw '{log.format('talk/log')}?timestamps=true&tailLines=1'").stdout
    assert stamped == sim.run("kubectl logs talk --timestamps --tail=1").stdout
    assert stamped.endswith("Z two\n") and stamped != sim.run(f"kubectl get --raw '{log.format('talk/log')}?"
                                                               "timestamps=true&tailLines=2'").stdout.split("\n")[0]
    assert sim.run(f"kubectl get --raw '{log.format('two/log')}?container=b'").stdout == "B\n"
    errors = {
        "two/log": "Error from server (BadRequest): a container name must be specified for pod two, "
                   "choose one of: [a b]\n",
        "talk/log?container=zz": "Error from server (BadRequest): container zz is not valid for pod talk\n",
        "nope/log": 'Error from server (NotFound): pods "nope" not found\n',
        "talk/log?previous=true": 'Error from server (BadRequest): previous terminated container "talk" in pod '
                                  '"talk" not found\n',
    }
    for path, err in errors.items():
        r = sim.run(f"kubectl get --raw '{log.format(path)}'")
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", err), path
