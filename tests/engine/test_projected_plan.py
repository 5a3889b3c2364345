"""A projected volume's first mount follows a plan read once per (shared) source list; what it
mounts, and what a pod then shows, is what reading the sources for every pod gave."""

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet import volumes
from kubetui.engine.kubelet.volumes import ProjectedFiles, Volumes, _plan_of

STORY = """
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: one, b: two, token: not-a-token}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
stringData: {pw: hunter2}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      serviceAccountName: robot
      containers:
      - name: c
        image: busybox:1.36
        command: [sleep, "3600"]
        volumeMounts:
        - {name: all, mountPath: /etc/all}
        - {name: over, mountPath: /etc/over}
      volumes:
      - name: all
        projected:
          sources:
          - serviceAccountToken: {path: vault-token, audience: vault, expirationSeconds: 7200}
          - configMap: {name: cfg, items: [{key: a, path: conf/a}]}
          - secret: {name: sec}
          - secret: {name: nowhere, optional: true}
          - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}},
                                  {path: ns, fieldRef: {fieldPath: metadata.namespace}}]}
      - name: over
        projected:
          sources:
          - serviceAccountToken: {path: token}
          - configMap: {name: cfg}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: ghost}
---
apiVersion: v1
kind: Pod
metadata: {name: lonely}
spec:
  serviceAccountName: ghost
  containers: [{name: c, image: busybox:1.36, command: [sleep, "3600"]}]
  volumes:
  - name: t
    projected: {sources: [{serviceAccountToken: {path: token}}]}
"""

SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"


def _unplanned(monkeypatch):
    """Every first mount reads its sources again, as before the plan (`keep={}` takes that path)."""
    def planned(self, pod, ns, plan, key):
        return Volumes._projected(self, pod, plan.source, key, keep={})
    monkeypatch.setattr(Volumes, "_planned", planned)


def _observed(monkeypatch, planned: bool) -> tuple:
    if not planned:
        _unplanned(monkeypatch)
    sim = Simulation(seed=5)
    sim.run("kubectl apply -f -", stdin=STORY)
    sim.run("kubectl delete serviceaccount ghost")  # before the pod's volumes are mounted
    sim.step(12)
    pods = sorted(name for ns, name in sim.kubelet.volumes.mounted if ns == "default")
    seen = []
    for name in pods:
        view = sim.kubelet.volumes.mounted[("default", name)]
        seen.append((name, {vol: (type(files).__name__, dict(files.items())) for vol, files in view.files.items()}))
        for cmd in (f"ls -la {SA_DIR}", f"cat {SA_DIR}/token", "ls -laR /etc/all", "cat /etc/all/vault-token",
                    "cat /etc/over/token", "cat /etc/all/labels"):
            out = sim.run(f"kubectl exec {name} -- {cmd}")
            seen.append((name, cmd, out.stdout, out.stderr))
    events = sorted(e["message"] for e in sim.store.list("Event", "default") if e.get("reason") == "FailedMount")
    sim.run("kubectl label pod --all tier=back --overwrite")
    sim.run("kubectl patch configmap cfg -p '{\"data\":{\"a\":\"uno\"}}'")
    sim.step(90)
    for name in pods:
        seen.append((name, sim.run(f"kubectl exec {name} -- ls -laR /etc/all").stdout,
                     sim.run(f"kubectl exec {name} -- cat /etc/all/labels /etc/all/conf/a").stdout))
    return seen, events, sim.checksum()


def test_planned_first_mounts_show_what_unplanned_ones_did(monkeypatch):
    planned = _observed(monkeypatch, True)
    unplanned = _observed(monkeypatch, False)
    assert planned == unplanned
    seen, events, _ = planned
    assert any("serviceaccounts \"ghost\" not found" in m for m in events)
    kinds = {vol.rsplit("-", 1)[0] if vol.startswith("kube-api-access") else vol: kind
             for entry in seen if len(entry) == 2 for vol, (kind, _) in entry[1].items()}
    assert kinds == {"all": "ProjectedFiles", "over": "dict", "kube-api-access": "ProjectedFiles"}


def test_a_plan_is_used_only_for_its_own_source():
    first = {"sources": [{"serviceAccountToken": {"path": "token"}}]}
    other = {"sources": [{"serviceAccountToken": {"path": "other", "audience": "x"}}]}
    volumes._plans[id(other)] = _plan_of(first)  # a stale entry under a reused id
    plan = _plan_of(other)
    assert plan.source is other
    assert plan.steps == (("token", "other", ["x"], 3600),)
    assert plan.tokens == ("other",)


@pytest.mark.parametrize("path", ["token", "x"])
def test_a_token_overwritten_by_a_later_source_leaves_plain_files(path):
    sim = Simulation(seed=2)
    sim.run("kubectl create configmap cm --from-literal=token=plain")
    sim.step(2)
    pod = {"metadata": {"namespace": "default", "name": "p", "uid": "u"}, "spec": {"nodeName": "node-1"}}
    source = {"sources": [{"serviceAccountToken": {"path": path}}, {"configMap": {"name": "cm"}}]}
    files, error = sim.kubelet.volumes._projected(pod, source, ("default", "p"))
    assert error is None
    assert type(files) is (dict if path == "token" else ProjectedFiles)
    assert files["token"] == "plain"
    assert list(files) == sorted(files)


@pytest.mark.parametrize("node", ["node-1", None, "gone"])
@pytest.mark.parametrize("audiences", [None, ["vault", "x"]])
def test_a_pod_token_holds_what_the_bound_request_reads(node, audiences):
    from kubetui.engine.serviceaccount import PodToken, _bound_request

    sim = Simulation(seed=4)
    sim.step(3)
    sa = sim.store.get("ServiceAccount", "default", "default")
    pod = {"metadata": {"namespace": "default", "name": "p", "uid": "u-1"}, "spec": {}}
    if node is not None:
        pod["spec"]["nodeName"] = node
    token = PodToken.issue(sim, sa, pod, audiences, 7200)
    assert token == PodToken(_bound_request(sim, sa, audiences, 7200, pod, None, None, None))
    assert (token[10] is not None) is (node == "node-1")
    assert token.text() == PodToken(_bound_request(sim, sa, audiences, 7200, pod, None, None, None)).text()
