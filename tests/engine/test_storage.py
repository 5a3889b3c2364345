"""PersistentVolumes and claims: static and dynamic binding, reclaim, protection, and data that
survives pod re-creation on a claim but not on an emptyDir."""

import yaml

from kubetui.engine.store import delete
from kubetui.shell import Simulation


def apply(sim, text):
    for doc in yaml.safe_load_all(text):
        sim.store.create(doc)


def db(volume: dict) -> str:
    return yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "db"},
        "spec": {"selector": {"matchLabels": {"app": "db"}},
                 "template": {"metadata": {"labels": {"app": "db"}},
                              "spec": {"containers": [{"name": "redis", "image": "redis:7",
                                                       "volumeMounts": [{"name": "data", "mountPath": "/data"}]}],
                                       "volumes": [{"name": "data", **volume}]}}}})


CLAIM = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
"""


def recreate_db_pod(sim):
    pod = sim.list("Pod", "default", labels="app=db")[0]
    delete(sim.store, "Pod", "default", pod["metadata"]["name"])
    sim.step(30)
    return pod


def test_default_class_provisions_for_the_first_consumer():
    sim = Simulation(seed=4)
    sc = sim.get("StorageClass", "standard", namespace=None)
    assert sc["provisioner"] == "rancher.io/local-path"
    assert sc["volumeBindingMode"] == "WaitForFirstConsumer"
    apply(sim, CLAIM)
    sim.step(5)
    pvc = sim.get("PersistentVolumeClaim", "data")
    assert pvc["spec"]["storageClassName"] == "standard"
    assert pvc["status"]["phase"] == "Pending"
    assert pvc["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    assert any(e["reason"] == "WaitForFirstConsumer" for e in sim.events())
    apply(sim, db({"persistentVolumeClaim": {"claimName": "data"}}))
    sim.step(20)
    pvc = sim.get("PersistentVolumeClaim", "data")
    assert pvc["status"]["phase"] == "Bound"
    pv = sim.get("PersistentVolume", pvc["spec"]["volumeName"], namespace=None)
    assert pv["status"]["phase"] == "Bound"
    assert pv["spec"]["claimRef"]["name"] == "data"
    node = sim.list("Pod", "default", labels="app=db")[0]["spec"]["nodeName"]
    assert pv["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]["matchExpressions"][0]["values"] == [node]
    assert sim.list("Pod", "default", labels="app=db")[0]["status"]["phase"] == "Running"


def test_data_kept_on_a_claim_and_lost_on_emptydir():
    sim = Simulation(seed=4)
    apply(sim, CLAIM)
    apply(sim, db({"persistentVolumeClaim": {"claimName": "data"}}))
    sim.step(30)
    before = sim.figures()["data"]["default/data"]
    assert before["written"] > 0 and before["lost"] == 0
    old = recreate_db_pod(sim)
    new = sim.list("Pod", "default", labels="app=db")[0]
    assert new["metadata"]["name"] != old["metadata"]["name"]
    assert new["spec"]["nodeName"] == old["spec"]["nodeName"]
    after = sim.figures()["data"]["default/data"]
    assert after["lost"] == 0
    assert after["kept"] == after["written"] > before["written"]

    sim2 = Simulation(seed=4)
    apply(sim2, db({"emptyDir": {}}))
    sim2.step(30)
    written = sim2.figures()["data"]["default/db"]["written"]
    assert written > 0
    recreate_db_pod(sim2)
    fig = sim2.figures()["data"]["default/db"]
    assert fig["lost"] >= written
    assert fig["kept"] < fig["written"]


def test_static_binding_picks_the_smallest_fit_and_retain_releases():
    sim = Simulation(seed=2)
    for name, size in (("big", "10Gi"), ("small", "2Gi"), ("tiny", "500Mi")):
        apply(sim, f"""
apiVersion: v1
kind: PersistentVolume
metadata: {{name: {name}}}
spec:
  capacity: {{storage: {size}}}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: {{path: /mnt/{name}}}
""")
    sim.step(1)
    assert sim.get("PersistentVolume", "small", namespace=None)["status"]["phase"] == "Available"
    apply(sim, CLAIM.replace("spec:\n", 'spec:\n  storageClassName: ""\n'))
    sim.step(2)
    pvc = sim.get("PersistentVolumeClaim", "data")
    assert pvc["status"] == {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "2Gi"}}
    assert pvc["spec"]["volumeName"] == "small"
    delete(sim.store, "PersistentVolumeClaim", "default", "data")
    sim.step(2)
    assert sim.get("PersistentVolumeClaim", "data") is None
    assert sim.get("PersistentVolume", "small", namespace=None)["status"]["phase"] == "Released"


def test_claim_in_use_waits_for_its_pod_and_delete_policy_removes_the_volume():
    sim = Simulation(seed=4)
    apply(sim, CLAIM)
    apply(sim, db({"persistentVolumeClaim": {"claimName": "data"}}))
    sim.step(20)
    pv_name = sim.get("PersistentVolumeClaim", "data")["spec"]["volumeName"]
    delete(sim.store, "PersistentVolumeClaim", "default", "data")
    sim.step(3)
    assert sim.get("PersistentVolumeClaim", "data")["metadata"]["deletionTimestamp"]
    delete(sim.store, "Deployment", "default", "db")
    sim.step(20)
    assert sim.get("PersistentVolumeClaim", "data") is None
    assert sim.get("PersistentVolume", pv_name, namespace=None) is None
    assert sim.figures()["data"]["default/data"]["kept"] == 0


def test_unbound_immediate_claim_blocks_scheduling():
    sim = Simulation(seed=1)
    apply(sim, """
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: manual}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
""")
    apply(sim, CLAIM.replace("spec:\n", "spec:\n  storageClassName: manual\n"))
    apply(sim, db({"persistentVolumeClaim": {"claimName": "data"}}))
    sim.step(5)
    pod = sim.list("Pod", "default", labels="app=db")[0]
    assert "nodeName" not in pod["spec"]
    failed = [e for e in sim.events() if e["reason"] == "FailedScheduling"]
    assert failed[-1]["message"] == ("0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
                                     "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.")
    apply(sim, """
apiVersion: v1
kind: PersistentVolume
metadata: {name: manual-1}
spec:
  storageClassName: manual
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/manual}
""")
    sim.step(10)
    assert sim.get("PersistentVolumeClaim", "data")["status"]["phase"] == "Bound"
    assert sim.list("Pod", "default", labels="app=db")[0]["spec"].get("nodeName")


def test_a_claim_named_like_the_workload_counts_only_its_own_records():
    """Deployment `db` writes to an emptyDir, then moves to a claim also named `db`: both share
    the label `default/db`; `onClaim` keeps the claim's part apart (the emptyDir's is lost)."""
    sim = Simulation(seed=4)
    apply(sim, db({"emptyDir": {}}))
    sim.step(30)
    before = sim.figures()["data"]["default/db"]
    on_empty_dir = before["written"]
    assert on_empty_dir > 0 and before["onClaim"]["written"] == 0
    apply(sim, CLAIM.replace("name: data", "name: db"))
    dep = sim.get("Deployment", "db")
    dep["spec"]["template"]["spec"]["volumes"] = [{"name": "data", "persistentVolumeClaim": {"claimName": "db"}}]
    sim.store.update(dep)
    sim.step(60)
    fig = sim.figures()["data"]["default/db"]
    assert fig["lost"] >= on_empty_dir and fig["kept"] < fig["written"]
    claim = fig["onClaim"]
    assert claim["written"] > 0 and claim["kept"] == claim["written"] and claim["lost"] == 0
