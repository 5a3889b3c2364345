"""Foreground and orphan cascading deletion, and finalizers holding an object in Terminating."""

from engine_kit import create, deployment

from kubetui.engine.store import delete
from kubetui.shell import Simulation


def record_deletions(sim):
    gone = []
    for kind in ("Pod", "ReplicaSet", "Deployment", "ControllerRevision", "DaemonSet", "Job"):
        sim.store.watch(kind, lambda ev, old, new, kind=kind: gone.append((sim.tick, kind, old["metadata"]["name"]))
                        if new is None else None)
    return gone


def test_foreground_deletes_pods_then_replicaset_then_deployment(sim):
    create(sim, deployment(replicas=3))
    sim.step(10)
    gone = record_deletions(sim)
    created = []
    sim.store.watch("Pod", lambda ev, old, new: created.append(new["metadata"]["name"]) if old is None else None)
    delete(sim.store, "Deployment", "default", "web", propagation="Foreground")
    d = sim.get("Deployment", "web")
    assert d["metadata"]["finalizers"] == ["foregroundDeletion"]
    assert d["metadata"]["deletionTimestamp"] == "2026-01-01T00:00:10Z"
    seen_terminating_rs = False
    for _ in range(30):
        sim.step(1)
        [rs] = sim.list("ReplicaSet", "default") or [None]
        if rs is not None and rs["metadata"].get("deletionTimestamp"):
            assert rs["metadata"]["finalizers"] == ["foregroundDeletion"]
            assert sim.get("Deployment", "web") is not None
            seen_terminating_rs = True
    assert seen_terminating_rs
    assert created == []
    kinds = [k for _, k, _ in gone]
    assert kinds == ["Pod", "Pod", "Pod", "ReplicaSet", "Deployment"]
    ticks = [t for t, _, _ in gone]
    # the garbage collector removes the Deployment once its ReplicaSet is gone, as it does in
    # milliseconds on a real cluster: the same tick (the order is asserted by `kinds` above)
    assert ticks[2] <= ticks[3] <= ticks[4]
    assert sim.get("Deployment", "web") is None and sim.list("Pod", "default") == []


def test_a_replicaset_being_deleted_waits_for_slow_pods_and_does_not_replace_them(sim):
    d = deployment(replicas=2, image="busybox:1.36")
    d["spec"]["template"]["spec"]["containers"][0]["command"] = ["sleep", "3600"]
    create(sim, d)
    sim.step(10)
    [rs] = sim.list("ReplicaSet", "default")
    delete(sim.store, "ReplicaSet", "default", rs["metadata"]["name"], propagation="Foreground")
    sim.step(5)
    live = sim.get("ReplicaSet", rs["metadata"]["name"])
    assert live["metadata"]["deletionTimestamp"] and live["status"]["replicas"] == 0
    assert len(sim.list("Pod", "default")) == 2
    assert all(p["metadata"].get("deletionTimestamp") for p in sim.list("Pod", "default"))
    gone = record_deletions(sim)
    sim.step(30)
    assert [k for _, k, _ in gone] == ["Pod", "Pod", "ReplicaSet"]
    # the Deployment, not being deleted, makes the ReplicaSet anew once the old one is gone
    [again] = sim.list("ReplicaSet", "default")
    assert again["metadata"]["uid"] != rs["metadata"]["uid"]


def test_orphan_finalizer_strips_owner_references_and_keeps_dependents(sim):
    create(sim, deployment(replicas=2))
    sim.step(10)
    delete(sim.store, "Deployment", "default", "web", propagation="Orphan")
    assert sim.get("Deployment", "web")["metadata"]["finalizers"] == ["orphan"]
    sim.step(2)
    assert sim.get("Deployment", "web") is None
    [rs] = sim.list("ReplicaSet", "default")
    assert "ownerReferences" not in rs["metadata"]
    assert len(sim.list("Pod", "default")) == 2


def test_non_blocking_dependents_do_not_hold_the_owner(sim):
    sim.run("kubectl create configmap owner")
    uid = sim.get("ConfigMap", "owner")["metadata"]["uid"]
    for name, block in (("free", False), ("held", True)):
        sim.store.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {
            "name": name, "namespace": "default", "ownerReferences": [{
                "apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": uid, "blockOwnerDeletion": block}]}})
    gone = []
    sim.store.watch("ConfigMap", lambda ev, old, new: gone.append(old["metadata"]["name"]) if new is None else None)
    delete(sim.store, "ConfigMap", "default", "owner", propagation="Foreground")
    sim.step(5)
    assert gone == ["held", "owner", "free"]


def test_kubectl_delete_foreground_waits_until_the_deployment_is_gone(sim):
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.run("kubectl rollout status deploy/web")
    start = sim.tick
    r = sim.run("kubectl delete deploy web --cascade=foreground")
    assert (r.exit_code, r.stdout, r.stderr) == (0, 'deployment.apps "web" deleted from default namespace\n', "")
    assert sim.tick > start
    assert sim.get("Deployment", "web") is None
    assert sim.list("ReplicaSet", "default") == [] and sim.list("Pod", "default") == []


def test_kubectl_get_shows_the_owner_while_it_waits(sim):
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=1")
    sim.run("kubectl rollout status deploy/web")
    sim.run("kubectl delete deploy web --cascade=foreground --wait=false")
    r = sim.run("kubectl get deploy web -o jsonpath={.metadata.finalizers}")
    assert r.stdout == '["foregroundDeletion"]'
    sim.step(2)
    assert "Terminating" in sim.run("kubectl get pods").stdout
    assert sim.run("kubectl get deploy web").exit_code == 0


def test_a_user_finalizer_holds_the_object_until_patched_away(sim):
    sim.run("kubectl create configmap cfg --from-literal=a=b")
    sim.run("""kubectl patch configmap cfg -p '{"metadata":{"finalizers":["example.com/hold"]}}'""")
    r = sim.run("kubectl delete configmap cfg --wait=false")
    assert r.stdout == 'configmap "cfg" deleted from default namespace\n'
    sim.step(60)
    cm = sim.get("ConfigMap", "cfg")
    assert cm["metadata"]["deletionTimestamp"] == "2026-01-01T00:00:00Z"
    assert cm["metadata"]["finalizers"] == ["example.com/hold"]
    r = sim.run("kubectl delete configmap cfg --timeout=5s")
    assert r.exit_code == 1 and r.stderr == "error: timed out waiting for the condition on configmaps/cfg\n"
    r = sim.run("""kubectl patch configmap cfg --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'""")
    assert (r.exit_code, r.stdout) == (0, "configmap/cfg patched\n")
    assert sim.get("ConfigMap", "cfg") is None


def test_a_user_finalizer_on_a_deployment_keeps_it_after_its_pods_are_gone(sim):
    create(sim, deployment(replicas=2))
    sim.step(10)
    sim.run("""kubectl patch deploy web --type=merge -p '{"metadata":{"finalizers":["example.com/audit"]}}'""")
    r = sim.run("kubectl delete deploy web --cascade=foreground --timeout=20s")
    assert r.exit_code == 1
    d = sim.get("Deployment", "web")
    assert d["metadata"]["finalizers"] == ["example.com/audit"]
    assert sim.list("ReplicaSet", "default") == [] and sim.list("Pod", "default") == []
    sim.run("""kubectl patch deploy web --type=merge -p '{"metadata":{"finalizers":null}}'""")
    assert sim.get("Deployment", "web") is None


def test_daemonset_and_job_cascade_in_the_foreground(sim):
    sim.run("kubectl apply -f -", stdin="""
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: busybox:1.36, command: [sleep, "3600"]}]}
""")
    sim.run("kubectl create job once --image=busybox:1.36 -- sleep 600")
    sim.step(10)
    gone = record_deletions(sim)
    assert sim.run("kubectl delete ds agent --cascade=foreground").exit_code == 0
    assert sim.run("kubectl delete job once --cascade=foreground").exit_code == 0
    kinds = [k for _, k, _ in gone]
    assert kinds.index("DaemonSet") == max(i for i, k in enumerate(kinds) if k in ("Pod", "ControllerRevision")
                                           and i < kinds.index("DaemonSet")) + 1
    assert kinds[-2:] == ["Pod", "Job"]
    assert sim.list("Pod", "default") == [] and sim.list("ControllerRevision", "default") == []


def test_foreground_deletion_is_deterministic():
    def play():
        s = Simulation(seed=11)
        gone = record_deletions(s)
        s.run("kubectl create deployment web --image=nginx:1.25 --replicas=4")
        s.run("kubectl rollout status deploy/web")
        s.run("kubectl set image deploy/web nginx=nginx:1.26")
        s.step(3)
        s.run("kubectl delete deploy web --cascade=foreground")
        return gone, s.checksum()
    assert play() == play()


def test_no_new_finalizers_on_an_object_being_deleted(sim):
    sim.run("kubectl create configmap cfg")
    sim.run("""kubectl patch configmap cfg -p '{"metadata":{"finalizers":["example.com/hold"]}}'""")
    sim.run("kubectl delete configmap cfg --wait=false")
    r = sim.run("""kubectl patch configmap cfg --type=merge -p '{"metadata":{"finalizers":["example.com/hold","b"]}}'""")
    assert (r.exit_code, r.stderr) == (1, 'The ConfigMap "cfg" is invalid: metadata.finalizers: Forbidden: no new '
                                          'finalizers can be added if the object is being deleted, found new '
                                          'finalizers []string{"b"}\n')
    assert sim.get("ConfigMap", "cfg")["metadata"]["finalizers"] == ["example.com/hold"]
