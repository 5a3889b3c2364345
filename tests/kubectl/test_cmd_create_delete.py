"""`create <generator>`, `run`, `expose`, `autoscale` and `delete` with its waiting in simulated time."""

import pytest
import yaml

from kubetui import Simulation


@pytest.fixture
def sim():
    return Simulation(seed=7)


def test_create_deployment_and_already_exists(sim):
    r = sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "deployment.apps/web created\n", "")
    d = sim.get("Deployment", "web")
    assert d["spec"]["replicas"] == 2 and d["metadata"]["labels"] == {"app": "web"}
    r = sim.run("kubectl create deployment web --image=nginx:1.25")
    assert (r.exit_code, r.stderr) == (1, 'error: failed to create deployment: deployments.apps "web" already exists\n')


def test_dry_run_client_prints_yaml_and_creates_nothing(sim):
    r = sim.run("kubectl create deployment web --image=nginx:1.25 --dry-run=client -o yaml")
    assert r.exit_code == 0
    obj = yaml.safe_load(r.stdout)
    assert obj["kind"] == "Deployment" and "creationTimestamp" not in obj["metadata"]  # kubectl >= 1.33
    assert r.stdout.startswith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n")
    assert sim.get("Deployment", "web") is None
    assert sim.run("kubectl create ns shop --dry-run=client").stdout == "namespace/shop created (dry run)\n"


def test_generators_missing_flag(sim):
    r = sim.run("kubectl create deployment web")
    assert (r.exit_code, r.stderr) == (1, 'error: required flag(s) "image" not set\n')


def test_configmap_secret_namespace_quota(sim):
    assert sim.run("kubectl create ns shop").stdout == "namespace/shop created\n"
    assert sim.run("kubectl create configmap cfg -n shop --from-literal=a=1").stdout == "configmap/cfg created\n"
    assert sim.get("ConfigMap", "cfg", "shop")["data"] == {"a": "1"}
    assert sim.run("kubectl create secret generic db --from-literal=pw=s3cret").stdout == "secret/db created\n"
    assert sim.get("Secret", "db")["data"] == {"pw": "czNjcmV0"}
    r = sim.run("kubectl create configmap x -n nowhere --from-literal=a=1")
    assert (r.exit_code, r.stderr) == (1, 'error: failed to create configmap: namespaces "nowhere" not found\n')


def test_run_pod_and_expose(sim):
    assert sim.run("kubectl run web --image=nginx:1.25 --port=80").stdout == "pod/web created\n"
    pod = sim.get("Pod", "web")
    assert pod["metadata"]["labels"] == {"run": "web"}
    assert sim.run("kubectl expose pod web --port=80").stdout == "service/web exposed\n"
    svc = sim.get("Service", "web")
    assert svc["spec"]["selector"] == {"run": "web"} and svc["spec"]["ports"][0]["port"] == 80
    r = sim.run("kubectl expose deploy nope --port=80")
    assert (r.exit_code, r.stderr) == (1, 'Error from server (NotFound): deployments.apps "nope" not found\n')


def test_autoscale_creates_an_hpa(sim):
    sim.run("kubectl create deployment web --image=nginx:1.25")
    r = sim.run("kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=60")
    assert r.stdout == "horizontalpodautoscaler.autoscaling/web autoscaled\n"
    hpa = sim.get("HorizontalPodAutoscaler", "web")
    assert hpa["spec"]["minReplicas"] == 2 and hpa["spec"]["maxReplicas"] == 5
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
    assert hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 60
    r = sim.run("kubectl autoscale deployment web")
    assert (r.exit_code, r.stderr) == (1, 'error: required flag(s) "max" not set\n')
    r = sim.run("kubectl autoscale deployment web --max=0")
    assert r.exit_code == 1 and "--max=MAXPODS is required and must be at least 1, max: 0" in r.stderr


def _running_pod(sim):
    sim.run("kubectl run tmp --image=nginx:1.25")
    sim.step(5)
    assert sim.get("Pod", "tmp")["status"]["phase"] == "Running"


def test_delete_pod_waits_for_it_to_be_gone(sim):
    _running_pod(sim)
    start = sim.tick
    r = sim.run("kubectl delete pod tmp")
    assert (r.exit_code, r.stdout, r.stderr) == (0, 'pod "tmp" deleted from default namespace\n', "")
    assert sim.get("Pod", "tmp") is None
    assert sim.tick > start


def test_delete_without_waiting_leaves_it_terminating(sim):
    _running_pod(sim)
    start = sim.tick
    assert sim.run("kubectl delete pod tmp --wait=false").stdout == 'pod "tmp" deleted from default namespace\n'
    assert sim.tick == start
    assert sim.get("Pod", "tmp")["metadata"]["deletionTimestamp"]
    assert "Terminating" in sim.run("kubectl get pod tmp").stdout


def test_force_delete_warns_and_is_immediate(sim):
    _running_pod(sim)
    start = sim.tick
    r = sim.run("kubectl delete pod tmp --grace-period=0 --force")
    assert r.stderr == ("Warning: Immediate deletion does not wait for confirmation that the running resource has "
                        "been terminated. The resource may continue to run on the cluster indefinitely.\n")
    assert r.stdout == 'pod "tmp" force deleted from default namespace\n'
    assert sim.get("Pod", "tmp") is None and sim.tick == start


def test_delete_errors(sim):
    r = sim.run("kubectl delete pod nope")
    assert (r.exit_code, r.stderr) == (1, 'Error from server (NotFound): pods "nope" not found\n')
    assert sim.run("kubectl delete pod nope --ignore-not-found").exit_code == 0
    r = sim.run("kubectl delete pods")
    assert (r.exit_code, r.stderr) == (1, "error: resource(s) were provided, but no name was specified\n")
    r = sim.run("kubectl delete")
    assert r.exit_code == 1 and r.stderr.startswith("error: You must provide one or more resources")
    r = sim.run("kubectl delete pod x --cascade=sideways")
    assert r.stderr == 'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan".\n'
    assert sim.run("kubectl delete pods --all").stdout == "No resources found\n"


def test_delete_by_selector_and_cascade(sim):
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.run("kubectl rollout status deploy/web")
    r = sim.run("kubectl delete deploy web --cascade=orphan")
    assert r.stdout == 'deployment.apps "web" deleted from default namespace\n'
    sim.step(3)
    rs = sim.list("ReplicaSet", "default")
    assert len(rs) == 1 and "ownerReferences" not in rs[0]["metadata"]
    r = sim.run("kubectl delete rs -l app=web")
    assert r.stdout == f'replicaset.apps "{rs[0]["metadata"]["name"]}" deleted from default namespace\n'
    sim.step(40)
    assert sim.list("Pod", "default") == []
