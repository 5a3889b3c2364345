"""ReplicaSets heal and scale; Deployments roll out within their fence-posts and roll back."""

import copy

from engine_kit import create, deployment, pod, pods, ready, reasons, update_template

from kubetui.engine.store import delete


def rs_of(sim, name="web"):
    return sorted(sim.list("ReplicaSet", "default"), key=lambda r: int(
        r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]))


def test_replicaset_heals_and_names_pods_after_itself(sim):
    create(sim, deployment(replicas=3))
    sim.step(10)
    [rs] = rs_of(sim)
    assert rs["metadata"]["name"].startswith("web-")
    assert rs["metadata"]["labels"]["pod-template-hash"] == rs["metadata"]["name"][4:]
    live = pods(sim)
    assert len(live) == 3
    for p in live:
        assert p["metadata"]["name"].startswith(rs["metadata"]["name"] + "-")
        assert len(p["metadata"]["name"]) == len(rs["metadata"]["name"]) + 6
        ref = p["metadata"]["ownerReferences"][0]
        assert ref["kind"] == "ReplicaSet" and ref["controller"] is True
    victim = live[0]["metadata"]["name"]
    delete(sim.store, "Pod", "default", victim)
    sim.step(1)
    assert len(pods(sim)) == 3, "a replacement starts while the old pod terminates"
    sim.step(5)
    assert sim.get("Pod", victim) is None
    assert all(ready(p) for p in pods(sim))
    assert reasons(sim, "ReplicaSet").count("SuccessfulCreate") == 4


def test_scale_down_deletes_not_ready_pods_first(sim):
    create(sim, deployment(replicas=3))
    sim.step(10)
    create(sim, {**deployment("other", replicas=0)})
    d = copy.deepcopy(sim.store.get("Deployment", "default", "web"))
    d["spec"]["replicas"] = 4
    sim.store.update(d)
    sim.step(2)  # the 4th pod exists but is not ready yet
    newest = [p for p in pods(sim) if not ready(p)]
    assert len(newest) == 1
    d = copy.deepcopy(sim.store.get("Deployment", "default", "web"))
    d["spec"]["replicas"] = 3
    sim.store.update(d)
    sim.step(1)
    assert newest[0]["metadata"]["name"] not in [p["metadata"]["name"] for p in pods(sim)]


def test_replicaset_adopts_matching_orphans(sim):
    create(sim, pod("orphan", **{}))
    o = copy.deepcopy(sim.store.get("Pod", "default", "orphan"))
    o["metadata"]["labels"] = {"app": "web", "pod-template-hash": "x"}
    sim.store.update(o)
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web", "namespace": "default"},
          "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                   "template": {"metadata": {"labels": {"app": "web"}},
                                "spec": {"containers": [{"name": "app", "image": "nginx:1.25"}]}}}}
    create(sim, rs)
    sim.step(2)
    assert len(pods(sim)) == 2
    assert sim.get("Pod", "orphan")["metadata"]["ownerReferences"][0]["name"] == "web"


def test_replication_controller(sim):
    rc = {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc", "namespace": "default"},
          "spec": {"replicas": 2, "selector": {"app": "rc"},
                   "template": {"metadata": {"labels": {"app": "rc"}},
                                "spec": {"containers": [{"name": "app", "image": "nginx:1.25"}]}}}}
    create(sim, rc)
    sim.step(6)
    assert sim.get("ReplicationController", "rc")["status"]["readyReplicas"] == 2
    assert pods(sim)[0]["metadata"]["ownerReferences"][0]["kind"] == "ReplicationController"


def test_rolling_update_holds_its_fenceposts_at_every_tick(sim):
    for i in range(4, 7):
        sim.run(f"sim add-node node-{i}")
    create(sim, deployment(replicas=10))
    sim.step(20)
    assert sim.get("Deployment", "web")["status"]["availableReplicas"] == 10
    update_template(sim, "web", image="nginx:1.26")
    most, fewest = 0, 10
    for _ in range(120):
        sim.step()
        live = pods(sim)
        most = max(most, len(live))
        fewest = min(fewest, sum(1 for p in live if ready(p)))
    assert most <= 13 and fewest >= 8
    assert most == 13, "maxSurge 25% of 10 rounds up to 3"
    images = {p["spec"]["containers"][0]["image"] for p in pods(sim)}
    assert images == {"nginx:1.26"}
    d = sim.get("Deployment", "web")
    assert d["status"]["updatedReplicas"] == 10
    assert d["metadata"]["generation"] == 2 and d["status"]["observedGeneration"] == 2
    progressing = [c for c in d["status"]["conditions"] if c["type"] == "Progressing"][0]
    assert progressing["reason"] == "NewReplicaSetAvailable"
    scaling = [e["message"] for e in sim.events() if e["reason"] == "ScalingReplicaSet"]
    assert scaling[0].startswith("Scaled up replica set web-") and scaling[0].endswith("from 0 to 10")
    assert any("Scaled down" in m for m in scaling)


def test_rollback_reuses_the_old_replicaset_with_the_next_revision(sim):
    create(sim, deployment(replicas=3))
    sim.step(10)
    first = rs_of(sim)[0]["metadata"]["name"]
    update_template(sim, "web", image="nginx:1.26")
    sim.step(30)
    assert [r["metadata"]["annotations"]["deployment.kubernetes.io/revision"] for r in rs_of(sim)] == ["1", "2"]
    update_template(sim, "web", image="nginx:1.25")  # what `rollout undo` writes
    sim.step(30)
    revisions = {r["metadata"]["name"]: r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                 for r in rs_of(sim)}
    assert revisions[first] == "3"
    assert len(revisions) == 2
    assert sim.get("Deployment", "web")["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"
    assert {p["spec"]["containers"][0]["image"] for p in pods(sim)} == {"nginx:1.25"}


def test_recreate_stops_old_pods_first(sim):
    create(sim, deployment(replicas=3, strategy={"type": "Recreate"}))
    sim.step(10)
    update_template(sim, "web", image="nginx:1.26")
    mixed = False
    for _ in range(40):
        sim.step()
        images = {p["spec"]["containers"][0]["image"] for p in sim.list("Pod", "default")}
        mixed |= images == {"nginx:1.25", "nginx:1.26"}
    assert not mixed
    assert {p["spec"]["containers"][0]["image"] for p in pods(sim)} == {"nginx:1.26"}
    assert len(pods(sim)) == 3


def test_bad_image_stalls_rollout_until_progress_deadline(sim):
    create(sim, deployment(replicas=4, progressDeadlineSeconds=60))
    sim.step(10)
    update_template(sim, "web", image="nginx:does-not-exist")
    sim.step(30)
    d = sim.get("Deployment", "web")
    assert d["status"]["availableReplicas"] == 3, "maxUnavailable 1: three old pods keep serving"
    bad = [p for p in pods(sim) if p["spec"]["containers"][0]["image"] == "nginx:does-not-exist"]
    waiting = {p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] for p in bad}
    assert waiting <= {"ErrImagePull", "ImagePullBackOff"}
    sim.step(60)
    progressing = [c for c in sim.get("Deployment", "web")["status"]["conditions"] if c["type"] == "Progressing"][0]
    assert progressing["status"] == "False" and progressing["reason"] == "ProgressDeadlineExceeded"


def test_paused_deployment_does_not_roll(sim):
    create(sim, deployment(replicas=2))
    sim.step(10)
    d = copy.deepcopy(sim.store.get("Deployment", "default", "web"))
    d["spec"]["paused"] = True
    sim.store.update(d)
    update_template(sim, "web", image="nginx:1.26")
    sim.step(20)
    assert {p["spec"]["containers"][0]["image"] for p in pods(sim)} == {"nginx:1.25"}
    d = copy.deepcopy(sim.store.get("Deployment", "default", "web"))
    d["spec"]["paused"] = False
    sim.store.update(d)
    sim.step(30)
    assert {p["spec"]["containers"][0]["image"] for p in pods(sim)} == {"nginx:1.26"}


def test_cascading_delete_and_orphan(sim):
    create(sim, deployment(replicas=2))
    sim.step(10)
    delete(sim.store, "Deployment", "default", "web")
    sim.step(5)
    assert sim.list("ReplicaSet", "default") == []
    assert pods(sim) == []
    create(sim, deployment("keep", replicas=2))
    sim.step(10)
    delete(sim.store, "Deployment", "default", "keep", propagation="Orphan")
    sim.step(5)
    [rs] = sim.list("ReplicaSet", "default")
    assert "ownerReferences" not in rs["metadata"]
    assert len(pods(sim)) == 2


def test_namespace_deletion_cascades(sim):
    sim.store.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}})
    d = deployment(replicas=2)
    d["metadata"]["namespace"] = "shop"
    create(sim, d)
    sim.step(10)
    delete(sim.store, "Namespace", None, "shop")
    assert sim.get("Namespace", "shop", None)["status"]["phase"] == "Terminating"
    p = pod("late")
    p["metadata"]["namespace"] = "shop"
    try:
        create(sim, p)
        raise AssertionError("creating in a terminating namespace must fail")
    except Exception as exc:
        assert "because it is being terminated" in str(exc)
    sim.step(10)
    assert sim.get("Namespace", "shop", None) is None


def test_create_in_missing_namespace_fails(sim):
    p = pod("x")
    p["metadata"]["namespace"] = "nope"
    try:
        create(sim, p)
        raise AssertionError
    except Exception as exc:
        assert str(exc) == 'Error from server (NotFound): namespaces "nope" not found'
