"""The objective types exercises use, judged on a real cluster: they pass on the right state,
fail on the wrong one, and say why in plain words."""

import pytest
from pydantic import TypeAdapter, ValidationError

from kubetui.scenario.objectives import Objective
from kubetui.shell import Simulation

ADAPTER = TypeAdapter(Objective)
DESC = {"en": "d", "ko": "d"}


def judge(sim, **fields):
    o = ADAPTER.validate_python({"id": "x", "description": DESC, "atEnd": True, **fields})
    return o.final(sim, sim.figures(), sim.tick)


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=3)
    for line in ("kubectl create deployment web --image=nginx:1.25 --replicas=3",
                 "kubectl set resources deploy web --requests=cpu=100m",
                 "kubectl expose deploy web --port=80",
                 "kubectl create deployment db --image=redis:7",
                 "kubectl create secret generic cred --from-literal=password=hunter2",
                 "kubectl create configmap cfg --from-literal=mode=fast",
                 "kubectl autoscale deploy web --min=2 --max=5 --cpu-percent=70",
                 "kubectl run client --image=busybox:1.36 --labels=app=client -- sleep 3600",
                 "kubectl cordon node-3"):
        assert s.run(line).exit_code == 0, line
    s.step(20)
    return s


def test_container_field_value_and_presence(sim):
    assert judge(sim, type="containerField", name="web", field="image", value="nginx:1.25").passed
    assert judge(sim, type="containerField", name="web", field="resources.requests.cpu", value="0.1").passed
    miss = judge(sim, type="containerField", name="db", field="resources.requests.cpu")
    assert miss.state == "failed"
    assert "container redis of Deployment db had no cpu request" in miss.reason.en
    wrong = judge(sim, type="containerField", name="web", field="image", value="nginx:1.27")
    assert 'image "nginx:1.25" (expected "nginx:1.27")' in wrong.reason.en
    nobody = judge(sim, type="containerField", name="web", container="sidecar", field="image")
    assert "no container named sidecar (containers: nginx)" in nobody.reason.en
    absent = judge(sim, type="containerField", name="nope", field="image")
    assert "Deployment nope did not exist" in absent.reason.en


def test_labels_equal(sim):
    assert judge(sim, type="labelsEqual", selector="app=web", min=3, labels={"app": "web", "tier": None}).passed
    out = judge(sim, type="labelsEqual", kind="Deployment", name="web", labels={"tier": "frontend"})
    assert "Deployment web had no label tier (expected tier=frontend)" in out.reason.en
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({"id": "x", "description": DESC, "atEnd": True, "type": "labelsEqual", "labels": {}})


def test_service_selects(sim):
    assert judge(sim, type="serviceSelects", service="web", pods="app=web", min=3, port=80, targetPort=80).passed
    few = judge(sim, type="serviceSelects", service="web", min=4)
    assert "3 of 3 pods were Ready (needs at least 4)" in few.reason.en
    port = judge(sim, type="serviceSelects", service="web", port=8080)
    assert "no port 8080 (ports: 80)" in port.reason.en
    wrong = judge(sim, type="serviceSelects", service="web", pods="app=db")
    assert "which is not app=db" in wrong.reason.en


def test_pods_on_distinct_nodes(sim):
    out = judge(sim, type="podsOnDistinctNodes", selector="app=web", min=3)
    assert out.state == "failed"
    assert "both on node" in out.reason.en
    assert judge(sim, type="podsOnDistinctNodes", selector="app=db", min=1).passed


def test_secret_and_configmap_keys(sim):
    assert judge(sim, type="secretKeyEquals", name="cred", key="password", value="hunter2", secretType="Opaque").passed
    bad = judge(sim, type="secretKeyEquals", name="cred", key="password", value="letmein")
    assert 'password="hunter2" (expected "letmein")' in bad.reason.en
    nokey = judge(sim, type="configMapKeyEquals", name="cfg", key="level")
    assert "no key level (keys: mode)" in nokey.reason.en


def test_node_cordoned(sim):
    assert judge(sim, type="nodeCordoned", node="node-3").passed
    assert "not cordoned" in judge(sim, type="nodeCordoned", node="node-1").reason.en
    assert judge(sim, type="nodeCordoned", node="node-1", cordoned=False).passed


def test_hpa_targets(sim):
    assert judge(sim, type="hpaTargets", name="web", minReplicas=2, maxReplicas=5, cpuUtilization=70).passed
    out = judge(sim, type="hpaTargets", name="web", cpuUtilization=50)
    assert "CPU target 70% (expected 50%)" in out.reason.en
    assert judge(sim, type="hpaTargets", targetName="web", minReplicas=2, maxReplicas=5).passed  # any HPA of web
    assert "no HorizontalPodAutoscaler scales Deployment api" in judge(sim, type="hpaTargets", targetName="api").reason.en


def test_container_env_from_a_named_source():
    s = Simulation(seed=3)
    for line in ("kubectl create configmap settings --from-literal=MODE=production",
                 "kubectl run typed --image=busybox:1.36 --env=MODE=production -- sleep 3600"):
        assert s.run(line).exit_code == 0, line
    assert s.run("kubectl apply -f -", stdin="{apiVersion: v1, kind: Pod, metadata: {name: read}, spec: {containers: "
                 "[{name: c, image: 'busybox:1.36', envFrom: [{configMapRef: {name: settings}}]}]}}").exit_code == 0
    env = {"type": "containerEnv", "kind": "Pod", "variable": "MODE", "value": "production", "source": "ConfigMap/settings"}
    assert judge(s, name="read", **env).passed
    typed = judge(s, name="typed", **env)
    assert "MODE=production, but not read from ConfigMap/settings" in typed.reason.en
    assert judge(s, name="typed", **{**env, "source": None}).passed
    with pytest.raises(ValidationError):
        judge(s, name="read", **{**env, "source": "settings"})


def test_the_one_pod_undisturbed():
    s = Simulation(seed=3)
    assert s.run("kubectl run web --image=nginx:1.27").exit_code == 0
    o = ADAPTER.validate_python({"id": "x", "description": DESC, "always": True, "type": "podsUndisturbed", "pod": "web"})
    assert o.evaluate(s, s.figures(), s.tick).state == "passing"
    s.run("kubectl delete pod web --now")
    s.run("kubectl run web --image=nginx:1.27")
    s.step(1)
    assert "Pod web had been deleted or re-created" in o.final(s, s.figures(), s.tick).reason.en


def test_connection_allowed_and_refused_by_policy(sim):
    assert judge(sim, type="connection", fromSelector="app=client", toService="web").passed
    refused = judge(sim, type="connection", fromSelector="app=client", toService="web", allowed=False)
    assert "not stopped by a NetworkPolicy" in refused.reason.en
    fork = _copy(sim)
    fork.run("kubectl apply -f -", stdin="apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                                         "metadata: {name: deny}\nspec: {podSelector: {matchLabels: {app: web}}}\n")
    assert judge(fork, type="connection", fromSelector="app=client", toService="web", allowed=False).passed
    assert "denied by NetworkPolicy default/deny" in judge(fork, type="connection", fromSelector="app=client",
                                                   toService="web").reason.en


def _copy(sim):
    from kubetui.scenario.objectives import fork

    return fork(sim)


def test_look_ahead_runs_on_a_copy(sim):
    before = sim.checksum()
    out = judge(sim, type="availableReplicas", name="web", min=3, disrupt=["sim fail-node {node}"], fastForward=60)
    assert out.state == "failed"
    assert "after `sim fail-node node-" in out.reason.en and "and 60s more" in out.reason.en
    assert sim.checksum() == before
    ok = judge(sim, type="availableReplicas", name="db", min=1, fastForward=30)
    assert ok.passed and "30s later" in ok.reason.en


def test_look_ahead_needs_at_end():
    with pytest.raises(ValidationError, match="atEnd"):
        ADAPTER.validate_python({"id": "x", "description": DESC, "by": 10, "type": "availableReplicas",
                                 "name": "web", "fastForward": 30})


def test_pvc_bound_waits_for_a_consumer():
    s = Simulation(seed=1)
    s.run("kubectl apply -f -", stdin="apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\n"
                                      "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n")
    s.step(5)
    pending = judge(s, type="pvcBound", name="data")
    assert "PersistentVolumeClaim data was Pending, not Bound" in pending.reason.en
    assert "needs at least 2Gi" in judge(s, type="pvcBound", name="data", storage="2Gi").reason.en


def test_pods_on_distinct_nodes_names_the_pending_pod_and_why_it_is_allowed():
    """With node-3 cordoned, the third web pod of a one-per-node rule waits Pending: the finding
    counts the two placed pods, names the third and says the wait is the point (not '3 pods on 2')."""
    s = Simulation(seed=3)
    assert s.run("kubectl apply -f -", stdin="""
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [
        {labelSelector: {matchLabels: {app: web}}, topologyKey: kubernetes.io/hostname}]}}
      containers: [{name: nginx, image: nginx:1.25}]
""").exit_code == 0
    assert s.run("kubectl cordon node-3").exit_code == 0
    s.step(20)
    pending = [p["metadata"]["name"] for p in s.store.list("Pod", "default") if not p["spec"].get("nodeName")]
    assert len(pending) == 1
    out = judge(s, type="podsOnDistinctNodes", workload="Deployment/web", min=2, allowPending=True)
    assert out.passed
    en = out.reason.en
    assert en.startswith("3 pods of Deployment web: 2 are on distinct nodes (node-1: ")
    assert f"needs at least 2), and {pending[0]} is Pending: waiting rather than sharing a node" in en
    assert f"{pending[0]}는 Pending" in out.reason.ko
    assert not judge(s, type="podsOnDistinctNodes", workload="Deployment/web", min=3, allowPending=True).passed
