"""LimitRange: defaults at admission, min/max/ratio refusals in Kubernetes' words."""

import pytest
import yaml

from kubetui.model.errors import ApiError
from kubetui.shell import Simulation

LIMITS = """
apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 200m}
    max: {cpu: "1", memory: 1Gi}
    min: {memory: 100Mi}
    maxLimitRequestRatio: {cpu: "4"}
"""


def pod(name, resources=None):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.25", "resources": resources or {}}]}}


@pytest.fixture
def sim():
    s = Simulation(seed=1)
    s.store.create(yaml.safe_load(LIMITS))
    return s


def test_defaults_fill_requests_and_limits_and_qos(sim):
    p = sim.store.create(pod("p"))
    res = p["spec"]["containers"][0]["resources"]
    assert res == {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "200m", "memory": "256Mi"}}
    assert p["metadata"]["annotations"]["kubernetes.io/limit-ranger"] == \
        "LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web"
    assert p["status"]["qosClass"] == "Burstable"


def test_default_limit_alone_becomes_the_request():
    sim = Simulation(seed=1)
    sim.store.create(yaml.safe_load("""
apiVersion: v1
kind: LimitRange
metadata: {name: mem}
spec:
  limits: [{type: Container, default: {cpu: 200m, memory: 128Mi}}]
"""))
    p = sim.store.create(pod("p"))
    assert p["spec"]["containers"][0]["resources"]["requests"] == {"cpu": "200m", "memory": "128Mi"}
    assert p["status"]["qosClass"] == "Guaranteed"


def test_maximum_refused(sim):
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("big", {"limits": {"cpu": "2"}}))
    assert err.value.message == 'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2'


def test_minimum_refused(sim):
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("small", {"requests": {"memory": "50Mi"}, "limits": {"memory": "200Mi"}}))
    assert err.value.message == \
        'pods "small" is forbidden: minimum memory usage per Container is 100Mi, but request is 50Mi'


def test_ratio_refused_and_several_errors_aggregate(sim):
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("ratio", {"requests": {"cpu": "100m"}, "limits": {"cpu": "800m"}}))
    assert err.value.message == ('pods "ratio" is forbidden: cpu max limit to request ratio per Container is 4, '
                                 'but provided ratio is 8.000000')
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("two", {"limits": {"cpu": "2", "memory": "2Gi"}}))
    assert err.value.message == ('pods "two" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, '
                                 'maximum memory usage per Container is 1Gi, but limit is 2Gi]')


def test_existing_pods_keep_their_values():
    sim = Simulation(seed=1)
    before = sim.store.create(pod("old"))
    sim.store.create(yaml.safe_load(LIMITS))
    assert sim.store.get("Pod", "default", "old")["spec"] == before["spec"]
    assert sim.store.get("Pod", "default", "old")["status"]["qosClass"] == "BestEffort"


def test_pod_type_and_claims():
    sim = Simulation(seed=1)
    sim.store.create(yaml.safe_load("""
apiVersion: v1
kind: LimitRange
metadata: {name: pvc}
spec:
  limits:
  - {type: PersistentVolumeClaim, min: {storage: 1Gi}, max: {storage: 10Gi}}
  - {type: Pod, max: {memory: 1Gi}}
"""))
    claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
             "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "500Mi"}}}}
    with pytest.raises(ApiError) as err:
        sim.store.create(claim)
    assert err.value.message == ('persistentvolumeclaims "data" is forbidden: minimum storage usage per '
                                 'PersistentVolumeClaim is 1Gi, but request is 500Mi')
    p = pod("p", {"limits": {"memory": "768Mi"}})
    p["spec"]["containers"].append({"name": "side", "image": "nginx:1.25", "resources": {"limits": {"memory": "512Mi"}}})
    with pytest.raises(ApiError) as err:
        sim.store.create(p)
    assert err.value.message == 'pods "p" is forbidden: maximum memory usage per Pod is 1Gi, but limit is 1280Mi'


def test_limitrange_runs_before_quota():
    sim = Simulation(seed=1)
    sim.store.create(yaml.safe_load(LIMITS))
    sim.store.create(yaml.safe_load("""
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec: {hard: {limits.cpu: "1", limits.memory: 1Gi}}
"""))
    sim.store.create(pod("a"))
    sim.store.create(pod("b"))
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("c"))
    assert err.value.message == ('pods "c" is forbidden: exceeded quota: compute, requested: limits.cpu=500m, '
                                 'used: limits.cpu=1, limited: limits.cpu=1')
