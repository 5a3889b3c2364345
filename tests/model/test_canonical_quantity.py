"""Quantities are stored in Go's canonical form (resource.Quantity.String())."""

import pytest

from kubetui.model.quantity import canonical_quantity
from kubetui.shell import Simulation

# expected values from apimachinery's TestQuantityString / TestQuantityParseEmit
CASES = {
    "2000m": "2", "4096Mi": "4Gi", "1000Mi": "1000Mi", "0.5": "500m", "1e3": "1e3", "1024Mi": "1Gi",
    "1000M": "1G", ".001Ki": "1024m", ".000001Ki": "1024u", ".000000001Ki": "1024n",
    ".000000000001Ki": "2n", "0": "0", "0Gi": "0", "1025": "1025", "1.08": "1080m", "0.001T": "1G",
    "1000E": "1e21", "1000u": "1m", "0.5e0": "500e-3", "1E": "1E", "-1.5": "-1500m", "3.001n": "4n",
    "2000": "2k", "0.5Mi": "512Ki", "1.5Gi": "1536Mi", "1.1E-9": "2e-9", "0.00000012345": "124n",
    "1e-3": "1e-3", "80e-3": "80e-3", 1: "1", 0.25: "250m", "512Ki": "512Ki", "5Ki": "5Ki",
}


@pytest.mark.parametrize(("written", "stored"), CASES.items())
def test_canonical_form(written, stored):
    assert canonical_quantity(written) == stored


def _apply(sim, text):
    r = sim.run("kubectl apply -f -", stdin=text)
    assert r.exit_code == 0, r.stderr
    return r


def test_every_admitted_quantity_field_is_canonical():
    sim = Simulation(seed=2)
    _apply(sim, """
apiVersion: v1
kind: ResourceQuota
metadata: {name: rq}
spec: {hard: {requests.cpu: 4000m, requests.memory: 2048Mi, pods: "10"}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
  - type: Container
    default: {cpu: 1000m, memory: 512Mi}
    defaultRequest: {cpu: "0.25", memory: 262144Ki}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1024Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: nginx:1.25
    resources: {requests: {cpu: 2000m, memory: 1000Mi}, limits: {cpu: "2.5", memory: 4096Mi}}
    volumeMounts: [{name: scratch, mountPath: /s}]
  volumes: [{name: scratch, emptyDir: {sizeLimit: 2048Mi}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 1024Mi}}
""")
    get = lambda kind, name: sim.get(kind, name, namespace="default")  # noqa: E731
    assert get("ResourceQuota", "rq")["spec"]["hard"] == {"requests.cpu": "4", "requests.memory": "2Gi", "pods": "10"}
    lr = get("LimitRange", "lr")["spec"]["limits"][0]
    assert lr["default"] == {"cpu": "1", "memory": "512Mi"}
    assert lr["defaultRequest"] == {"cpu": "250m", "memory": "256Mi"}
    assert get("PersistentVolumeClaim", "data")["spec"]["resources"]["requests"]["storage"] == "1Gi"
    pod = get("Pod", "p")["spec"]
    assert pod["containers"][0]["resources"] == {"requests": {"cpu": "2", "memory": "1000Mi"},
                                                 "limits": {"cpu": "2500m", "memory": "4Gi"}}
    assert pod["volumes"][0]["emptyDir"]["sizeLimit"] == "2Gi"
    target = get("HorizontalPodAutoscaler", "h")["spec"]["metrics"][0]["resource"]["target"]
    assert target["averageValue"] == "1Gi"
    yaml = sim.run("kubectl get pod p -o yaml").stdout
    spec = yaml[yaml.index("\nspec:"):]
    assert "cpu: \"2\"" in spec and "memory: 4Gi" in spec and "2000m" not in spec
    assert "2000m" in yaml  # the last-applied annotation keeps what the user wrote


def test_amounts_still_compare_and_quota_still_counts():
    sim = Simulation(seed=2)
    _apply(sim, "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: rq}\nspec: {hard: {requests.cpu: 1500m}}\n")
    sim.step(2)
    pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: NAME}\nspec:\n  containers:\n  - name: c\n"
           "    image: nginx:1.25\n    resources: {requests: {cpu: CPU}}\n")
    _apply(sim, pod.replace("NAME", "a").replace("CPU", "1000m"))
    over = sim.run("kubectl apply -f -", stdin=pod.replace("NAME", "b").replace("CPU", '"0.75"'))
    assert over.exit_code == 1
    assert "requested: requests.cpu=750m, used: requests.cpu=1, limited: requests.cpu=1500m" in over.stderr


def test_node_capacity_is_canonical_too():
    sim = Simulation(seed=2)
    capacity = sim.get("Node", "node-1")["status"]["capacity"]
    assert capacity["memory"] == "8Gi"
    assert capacity["ephemeral-storage"] == "102626232Ki"  # not a whole number of Mi: Ki stays
