"""A projected volume follows a plan read once per (shared) source list; what it
mounts, and what a pod then shows, is what reading the sources for every pod gave."""

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet import volumes
from kubetui.engine.kubelet.volumes import ProjectedFiles, Volumes, _plan_of, _projection, downward_files
from kubetui.engine.serviceaccount import PodToken

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


def _read_sources(self, pod, ns, source, key, keep):
    """The projected files read straight from the sources, with no plan: the reference the plan
    must agree with (what every mount did before the plan)."""
    files = {}
    for src in source.get("sources") or ():
        if "serviceAccountToken" in src:
            tsrc = src["serviceAccountToken"]
            path = tsrc.get("path", "token")
            if keep is not None and path in keep:
                files[path] = keep[path]
                continue
            account = pod["spec"].get("serviceAccountName") or "default"
            sa = self.sim.store.get("ServiceAccount", ns, account)
            if sa is None:
                return files, f'failed to fetch token: serviceaccounts "{account}" not found'
            audiences = [tsrc["audience"]] if tsrc.get("audience") else None
            files[path] = PodToken.issue(self.sim, sa, pod, audiences, tsrc.get("expirationSeconds", 3600))
        elif "configMap" in src or "secret" in src:
            ref = src.get("configMap") or src.get("secret")
            kind = "ConfigMap" if "configMap" in src else "Secret"
            self._users.setdefault((kind, ns, ref.get("name", "")), {})[key] = None
            obj = self.sim.store.get(kind, ns, ref.get("name", ""))
            if obj is None:
                if ref.get("optional"):
                    continue
                return files, f'{kind.lower()} "{ref.get("name", "")}" not found'
            projected, missing = _projection(obj, ref.get("items"))
            if missing and not ref.get("optional"):
                return files, (f"configmap references non-existent config key: {missing}" if kind == "ConfigMap"
                               else f"references non-existent secret key: {missing}")
            files.update(projected)
        elif "downwardAPI" in src:
            files.update(downward_files(pod, src["downwardAPI"].get("items")))
    files = dict(sorted(files.items()))
    if any(type(text) is PodToken for text in files.values()):
        return ProjectedFiles(files), None
    return files, None


def _unplanned(monkeypatch):
    """Every mount reads its sources again, as before the plan."""
    def planned(self, pod, ns, plan, key, keep=None):
        return _read_sources(self, pod, ns, plan.source, key, keep)
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
