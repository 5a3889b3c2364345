"""ResourceQuota: admission with Kubernetes' messages, status.used, a quota-blocked ReplicaSet."""

import copy

import pytest
import yaml

from kubetui.engine.store import delete
from kubetui.model.errors import ApiError
from kubetui.shell import Simulation


def create(sim, text):
    return sim.store.create(yaml.safe_load(text))


def pod(name, cpu=None, mem=None, lim_cpu=None, lim_mem=None, container="web"):
    res = {}
    if cpu or mem:
        res["requests"] = {k: v for k, v in (("cpu", cpu), ("memory", mem)) if v}
    if lim_cpu or lim_mem:
        res["limits"] = {k: v for k, v in (("cpu", lim_cpu), ("memory", lim_mem)) if v}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": container, "image": "nginx:1.25", "resources": res}]}}


COMPUTE = """
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec:
  hard: {requests.cpu: "2", requests.memory: 2Gi, limits.cpu: "4", limits.memory: 4Gi, pods: "10"}
"""


@pytest.fixture
def sim():
    s = Simulation(seed=3)
    create(s, COMPUTE)
    return s


def test_exceeded_quota_message_names_requested_used_and_limit(sim):
    for i in range(3):
        sim.store.create(pod(f"web-{i}", cpu="500m", mem="128Mi", lim_cpu="1", lim_mem="256Mi"))
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("web-x", cpu="600m", mem="128Mi", lim_cpu="1", lim_mem="256Mi"))
    assert err.value.reason == "Forbidden"
    assert err.value.message == ('pods "web-x" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, '
                                 'used: requests.cpu=1500m, limited: requests.cpu=2')
    assert sim.store.get("Pod", "default", "web-x") is None


def test_pod_without_tracked_values_must_specify_them(sim):
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("bare", cpu="100m", mem="64Mi"))
    assert err.value.message == ('pods "bare" is forbidden: failed quota: compute: must specify '
                                 'limits.cpu for: web; limits.memory for: web')


def test_status_used_follows_pods_and_finished_pods_stop_counting(sim):
    sim.store.create(pod("a", cpu="250m", mem="64Mi", lim_cpu="500m", lim_mem="128Mi"))
    batch = pod("job", cpu="250m", mem="64Mi", lim_cpu="500m", lim_mem="128Mi")
    batch["spec"]["containers"][0]["image"] = "busybox"
    batch["spec"]["containers"][0]["command"] = ["sh", "-c", "sleep 5"]
    batch["spec"]["restartPolicy"] = "Never"
    sim.store.create(batch)
    sim.step(1)
    q = sim.get("ResourceQuota", "compute")
    assert q["status"]["hard"] == {"requests.cpu": "2", "requests.memory": "2Gi", "limits.cpu": "4",
                                   "limits.memory": "4Gi", "pods": "10"}
    assert q["status"]["used"] == {"requests.cpu": "500m", "requests.memory": "128Mi", "limits.cpu": "1",
                                   "limits.memory": "256Mi", "pods": "2"}
    sim.step(20)
    assert sim.get("Pod", "job")["status"]["phase"] == "Succeeded"
    assert sim.get("ResourceQuota", "compute")["status"]["used"]["pods"] == "1"
    assert sim.get("ResourceQuota", "compute")["status"]["used"]["requests.cpu"] == "250m"


def test_count_quota_for_deployments_configmaps_and_services():
    sim = Simulation(seed=1)
    create(sim, """
apiVersion: v1
kind: ResourceQuota
metadata: {name: objects}
spec:
  hard: {count/deployments.apps: "1", configmaps: "2", services.nodeports: "1"}
""")
    dep = yaml.safe_load("""
apiVersion: apps/v1
kind: Deployment
metadata: {name: one}
spec:
  selector: {matchLabels: {app: one}}
  template:
    metadata: {labels: {app: one}}
    spec: {containers: [{name: c, image: nginx:1.25}]}
""")
    sim.store.create(copy.deepcopy(dep))
    dep["metadata"]["name"] = "two"
    with pytest.raises(ApiError) as err:
        sim.store.create(dep)
    assert err.value.message == ('deployments.apps "two" is forbidden: exceeded quota: objects, requested: '
                                 'count/deployments.apps=1, used: count/deployments.apps=1, '
                                 'limited: count/deployments.apps=1')
    sim.store.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {}})
    with pytest.raises(ApiError) as err:
        sim.store.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}, "data": {}})
    # kube-root-ca.crt, which the root-ca-cert-publisher keeps in every namespace, counts as well
    assert "exceeded quota: objects, requested: configmaps=1, used: configmaps=2, limited: configmaps=2" in err.value.message
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "np"},
           "spec": {"type": "NodePort", "selector": {"app": "x"},
                    "ports": [{"port": 80, "name": "a"}, {"port": 81, "name": "b"}]}}
    with pytest.raises(ApiError) as err:
        sim.store.create(svc)
    assert "requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1" in err.value.message
    sim.step(1)
    used = sim.get("ResourceQuota", "objects")["status"]["used"]
    assert used == {"count/deployments.apps": "1", "configmaps": "2", "services.nodeports": "0"}


def test_quota_blocked_replicaset_stays_below_and_recovers_when_quota_grows():
    sim = Simulation(seed=5)
    create(sim, """
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec:
  hard: {requests.cpu: "1", pods: "10"}
""")
    create(sim, """
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.25, resources: {requests: {cpu: 300m}}}]
""")
    sim.step(30)
    pods = sim.list("Pod", "default", labels="app=web")
    assert len(pods) == 3
    failed = [e for e in sim.events() if e["reason"] == "FailedCreate"]
    assert failed and failed[-1]["type"] == "Warning"
    assert failed[-1]["message"].startswith('Error creating: pods "web-')
    assert failed[-1]["message"].endswith('is forbidden: exceeded quota: compute, requested: requests.cpu=300m, '
                                          'used: requests.cpu=900m, limited: requests.cpu=1')
    rs = sim.get("ReplicaSet", "web")
    assert rs["status"]["replicas"] == 3
    assert rs["status"]["conditions"][0]["reason"] == "FailedCreate"
    q = sim.store.get("ResourceQuota", "default", "compute")
    sim.store.update({**q, "spec": {"hard": {"requests.cpu": "2", "pods": "10"}}})
    sim.step(30)
    assert len(sim.list("Pod", "default", labels="app=web")) == 4
    assert sim.get("ResourceQuota", "compute")["status"]["used"]["requests.cpu"] == "1200m"


def test_terminating_pod_counts_until_twice_its_grace_period():
    sim = Simulation(seed=2)
    create(sim, """
apiVersion: v1
kind: ResourceQuota
metadata: {name: pods}
spec: {hard: {pods: "1"}}
""")
    p = pod("a")
    p["spec"]["terminationGracePeriodSeconds"] = 30
    p["spec"]["nodeName"] = "node-1"
    sim.store.create(p)
    sim.step(5)
    sim.run("sim fail-node node-1")
    delete(sim.store, "Pod", "default", "a")
    with pytest.raises(ApiError):
        sim.store.create(pod("b"))
    sim.step(62)
    sim.store.create(pod("b"))
    assert sim.store.get("Pod", "default", "a")["metadata"].get("deletionTimestamp")
