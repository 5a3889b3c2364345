"""A first mount of a projected volume whose files differ between pods only in their tokens (every
pod's kube-api-access volume) takes the other files from the namespace's last such mount while the
objects it read stay the same; a pod then mounts and shows what reading every source gave."""

from kubetui import Simulation
from kubetui.engine.kubelet import volumes
from kubetui.engine.kubelet.volumes import ProjectedFiles, Volumes, _plan_of

STORY = """
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: one, token: plain}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: other}
data: {a: uno}
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
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx:1.25, volumeMounts: [{name: mix, mountPath: /etc/mix}]}]
      volumes:
      - name: mix
        projected:
          sources:
          - serviceAccountToken: {path: token}
          - configMap: {name: cfg, optional: true}
          - downwardAPI: {items: [{path: ns, fieldRef: {fieldPath: metadata.namespace}}]}
"""

LATER = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: other}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx:1.25, volumeMounts: [{name: mix, mountPath: /etc/mix}]}]
      volumes:
      - name: mix
        projected:
          sources:
          - serviceAccountToken: {path: token}
          - configMap: {name: cfg, optional: true}
          - downwardAPI: {items: [{path: ns, fieldRef: {fieldPath: metadata.namespace}}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: robot}
spec:
  replicas: 2
  selector: {matchLabels: {app: robot}}
  template:
    metadata: {labels: {app: robot}}
    spec:
      serviceAccountName: robot
      containers: [{name: c, image: nginx:1.25}]
"""


def _every_pod_reads(monkeypatch):
    """Every mount reads every source, as before the shared files."""
    monkeypatch.setattr(Volumes, "_planned", Volumes._read_planned)


def _observed(monkeypatch, shared: bool) -> tuple:
    if not shared:
        _every_pod_reads(monkeypatch)
    volumes._alike.clear()
    sim = Simulation(seed=7)
    sim.run("kubectl apply -f -", stdin=STORY)
    sim.step(6)
    sim.run("kubectl scale deployment web --replicas=5")  # more pods of the same plan, same objects
    sim.step(6)
    sim.run("kubectl patch configmap cfg -p '{\"data\":{\"a\":\"two\"}}'")  # new version: not the old files
    sim.run("kubectl scale deployment web --replicas=7")
    sim.step(6)
    sim.run("kubectl delete configmap cfg")  # optional and gone: no files from it
    sim.run("kubectl scale deployment web --replicas=8")
    sim.step(6)
    sim.run("kubectl apply -f -", stdin=LATER)  # another namespace; a ServiceAccount gone before the mount
    sim.step(1)
    sim.run("kubectl delete serviceaccount robot")
    sim.step(6)
    sim.run("kubectl create serviceaccount robot")
    sim.step(30)
    seen = []
    for (ns, name), view in sorted(sim.kubelet.volumes.mounted.items()):
        for vol, files in sorted(view.files.items()):
            seen.append((ns, name, vol.rsplit("-", 1)[0], type(files).__name__, dict(files.items())))
    for ns, name in sorted({(ns, name) for ns, name, *_ in seen}):
        if name.startswith("web"):
            out = sim.run(f"kubectl exec -n {ns} {name} -- sh -c 'ls /etc/mix/; cat /etc/mix/ns /etc/mix/a'")
            seen.append((ns, name, out.stdout, out.stderr))
    events = sorted(e["message"] for e in sim.store.list("Event") if e.get("reason") == "FailedMount")
    return seen, events, sim.checksum()


def test_shared_first_mounts_show_what_reading_every_source_did(monkeypatch):
    shared = _observed(monkeypatch, True)
    alone = _observed(monkeypatch, False)
    assert shared == alone
    seen, events, _ = shared
    assert any('serviceaccounts "robot" not found' in m for m in events)
    mixes = {(ns, files.get("a"), files.get("ns")) for ns, name, vol, _, files in
             (e for e in seen if len(e) == 5) if vol == "mix"}
    assert mixes == {("default", "one", "default"), ("default", "two", "default"), ("default", None, "default"),
                     ("other", "uno", "other")}
    kinds = {(ns, files.get("a"), kind, files["token"] == "plain") for ns, _, vol, kind, files in
             (e for e in seen if len(e) == 5) if vol == "mix"}
    assert kinds == {("default", "one", "dict", True), ("default", "two", "dict", True),  # the ConfigMap's `token`
                     ("default", None, "ProjectedFiles", False), ("other", "uno", "ProjectedFiles", False)}


def test_a_plan_that_shows_more_of_a_pod_than_its_namespace_is_read_for_every_pod():
    shows = {"sources": [{"downwardAPI": {"items": [{"path": "l", "fieldRef": {"fieldPath": "metadata.labels"}}]}}]}
    name = {"sources": [{"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.name"}}]}}]}
    ns = {"sources": [{"serviceAccountToken": {"path": "token"}},
                      {"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.namespace"}}]}}]}
    assert (_plan_of(shows).alike, _plan_of(name).alike, _plan_of(ns).alike) == (False, False, True)


def test_pods_of_one_plan_get_their_own_tokens():
    sim = Simulation(seed=3)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.step(8)
    tokens = [dict.__getitem__(files, "token") for (ns, _), view in sorted(sim.kubelet.volumes.mounted.items())
              if ns == "default" for files in view.files.values() if isinstance(files, ProjectedFiles)]
    assert len(tokens) == 3
    assert len({t[8] for t in tokens}) == 3  # each names its own pod


def test_a_namespace_never_mounts_another_namespaces_files():
    sim = Simulation(seed=4)
    sim.run("kubectl create namespace b")
    sim.step(3)
    source = {"sources": [{"serviceAccountToken": {"path": "token"}},
                          {"configMap": {"name": "nowhere", "optional": True}},
                          {"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.namespace"}}]}}]}
    got = []
    for ns in ("default", "b", "default", "b"):
        pod = {"metadata": {"namespace": ns, "name": "p", "uid": f"u-{ns}"}, "spec": {"nodeName": "node-1"}}
        files, error = sim.kubelet.volumes._projected(pod, source, (ns, "p"))
        assert error is None
        got.append((files["n"], dict.__getitem__(files, "token")[1]))
    assert got == [("default", "default"), ("b", "b"), ("default", "default"), ("b", "b")]
