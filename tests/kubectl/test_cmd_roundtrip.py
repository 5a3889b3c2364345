"""What kubectl prints as YAML loads back into kubetui unchanged, and is valid Kubernetes
(checked against the official schemas by `kubernetes-validate`)."""

import copy

import kubernetes_validate
import pytest
import yaml

from kubetui import Simulation

K8S_VERSION = "1.32.0"

GENERATORS = [
    "create deployment web --image=nginx:1.25 --replicas=3 --port=80",
    "create deployment multi --image=nginx:1.25 --image=redis:7",
    "create job once --image=busybox -- echo hi",
    "create cronjob tick --image=busybox --schedule='*/5 * * * *' -- date",
    "create configmap cfg --from-literal=a=1 --from-literal=b=two",
    "create secret generic db --from-literal=password=s3cret",
    "create namespace shop",
    "create quota compute --hard=cpu=2,memory=4Gi,pods=10",
    "create service clusterip api --tcp=80:8080",
    "create service nodeport edge --tcp=80:8080",
    "create serviceaccount robot",
    "create pdb web --selector=app=web --min-available=2",
    "create poddisruptionbudget api --selector='app in (api),!legacy' --max-unavailable=25%",
    "run tmp --image=busybox --restart=Never -- sleep 30",
    "run web2 --image=nginx:1.25 --port=80 --labels=app=web2,tier=front",
    "create role pod-reader --verb=get,list --resource=pods,pods/log,deployments.apps --resource-name=web",
    "create clusterrole aggregated --aggregation-rule=team=a",
    "create clusterrole urls --verb=get --non-resource-url=/healthz --resource=nodes",
    "create rolebinding readers --clusterrole=view --user=jane --serviceaccount=default:robot",
    "create clusterrolebinding devs --clusterrole=view --group=devs",
]

SERVER_ONLY = ("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields")


def schema_valid(obj: dict) -> None:
    """kubernetes-validate in strict mode, without what only the server writes."""
    clean = copy.deepcopy(obj)
    clean.pop("status", None)
    for key in SERVER_ONLY:
        clean.get("metadata", {}).pop(key, None)
    for template in _templates(clean):
        template.get("metadata", {}).pop("creationTimestamp", None)
    kubernetes_validate.validate(clean, K8S_VERSION, strict=True)


def _templates(obj: dict):
    spec = obj.get("spec") or {}
    if "template" in spec:
        yield spec["template"]
    if "jobTemplate" in spec:
        yield spec["jobTemplate"]
        yield spec["jobTemplate"].get("spec", {}).get("template", {})


def with_flags(line: str, flags: str) -> str:
    """Flags go before `--`: after it they would be the container's command."""
    head, sep, tail = line.partition(" -- ")
    return f"{head} {flags}{sep}{tail}"


@pytest.mark.parametrize("line", GENERATORS)
def test_dry_run_yaml_is_valid_and_applies_then_is_unchanged(line):
    sim = Simulation(seed=7)
    r = sim.run("kubectl " + with_flags(line, "--dry-run=client -o yaml"))
    assert r.exit_code == 0, r.stderr
    obj = yaml.safe_load(r.stdout)
    schema_valid(obj)
    kind = obj["kind"]
    ref = {"ResourceQuota": "resourcequota", "ServiceAccount": "serviceaccount"}.get(kind, kind.lower())
    group = obj["apiVersion"].rpartition("/")[0]
    ref = f"{ref}.{group}" if group else ref
    name = obj["metadata"]["name"]
    assert sim.run("kubectl apply -f -", stdin=r.stdout).stdout == f"{ref}/{name} created\n"
    assert sim.run("kubectl apply -f -", stdin=r.stdout).stdout == f"{ref}/{name} unchanged\n"


def _settled():
    sim = Simulation(seed=7)
    for line in GENERATORS:
        if line.startswith("create quota"):
            line = with_flags(line, "-n shop")
        assert sim.run(f"kubectl {line}").exit_code == 0, line
    sim.run("kubectl expose deployment web --port=80")
    sim.run("kubectl autoscale deployment web --max=5 --cpu-percent=50")
    sim.step(20)
    return sim


def test_get_yaml_of_live_objects_is_valid_and_applies_cleanly():
    sim = _settled()
    kinds = ["deployment", "replicaset", "pod", "service", "configmap", "secret", "job", "cronjob", "namespace",
             "resourcequota", "serviceaccount", "horizontalpodautoscaler", "node", "endpoints", "endpointslice",
             "role", "clusterrole", "rolebinding", "clusterrolebinding"]
    seen = 0
    for kind in kinds:
        listing = yaml.safe_load(sim.run(f"kubectl get {kind} -A -o yaml").stdout)
        for item in listing["items"]:
            schema_valid(item)
            seen += 1
    assert seen > 20
    for kind, name in [("deployment", "web"), ("configmap", "cfg"), ("service", "web"), ("pod", "tmp")]:
        text = sim.run(f"kubectl get {kind} {name} -o yaml").stdout
        before = yaml.safe_load(text)
        r = sim.run("kubectl apply -f -", stdin=text)
        assert r.exit_code == 0 and r.stdout.endswith(" configured\n"), r
        after = yaml.safe_load(sim.run(f"kubectl get {kind} {name} -o yaml").stdout)
        for part in ("spec", "data"):
            assert after.get(part) == before.get(part), (kind, part)
        assert after["metadata"].get("labels") == before["metadata"].get("labels")
        annotations = dict(after["metadata"]["annotations"])
        assert annotations.pop("kubectl.kubernetes.io/last-applied-configuration")
        assert annotations == before["metadata"].get("annotations", {})


def test_get_json_round_trips_through_create():
    sim = _settled()
    text = sim.run("kubectl get configmap cfg -o json").stdout
    sim.run("kubectl delete configmap cfg")
    r = sim.run("kubectl create -f -", stdin=text)
    assert r.stdout == "configmap/cfg created\n"
    assert sim.get("ConfigMap", "cfg")["data"] == {"a": "1", "b": "two"}
