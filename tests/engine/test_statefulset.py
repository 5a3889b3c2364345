"""StatefulSets: ordinal names, ordered and gated creation, stable storage across re-creation,
ordered scale-down, rolling updates from the top ordinal down (with partition), retention policy."""

import copy

from engine_kit import create, ready

from kubetui.engine.store import delete
from kubetui.shell import Simulation

HEADLESS = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx", "namespace": "default"},
            "spec": {"clusterIP": "None", "selector": {"app": "web"}, "ports": [{"port": 80, "name": "web"}]}}


def statefulset(name="web", replicas=3, image="nginx:1.25", mount="/usr/share/nginx/html", **spec):
    s = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name, "namespace": "default"},
         "spec": {"replicas": replicas, "serviceName": "nginx", "selector": {"matchLabels": {"app": name}},
                  "template": {"metadata": {"labels": {"app": name}},
                               "spec": {"containers": [{"name": "app", "image": image,
                                                        "volumeMounts": [{"name": "www", "mountPath": mount}]}]}},
                  "volumeClaimTemplates": [{"metadata": {"name": "www"},
                                            "spec": {"accessModes": ["ReadWriteOnce"],
                                                     "resources": {"requests": {"storage": "1Gi"}}}}]}}
    s["spec"].update(spec)
    return s


def live_pods(sim):
    return {p["metadata"]["name"]: p for p in sim.list("Pod", "default") if not p["metadata"].get("deletionTimestamp")}


def sts_messages(sim, reason=None):
    return [e["message"] for e in sim.events()
            if e["involvedObject"]["kind"] == "StatefulSet" and (reason is None or e["reason"] == reason)]


def set_spec(sim, name, fn):
    obj = copy.deepcopy(sim.store.get("StatefulSet", "default", name))
    fn(obj["spec"])
    return sim.store.update(obj)


def test_pods_are_created_in_order_each_waiting_for_the_previous_to_be_ready():
    sim = Simulation(seed=3)
    create(sim, statefulset())
    seen = []
    for _ in range(60):
        sim.step(1)
        pods = live_pods(sim)
        names = sorted(pods)
        assert names == [f"web-{i}" for i in range(len(names))]
        assert all(ready(pods[n]) for n in names[:-1])
        if names and names != (seen[-1] if seen else None):
            seen.append(names)
    assert seen[-1] == ["web-0", "web-1", "web-2"] and len(seen) == 3
    assert sts_messages(sim, "SuccessfulCreate") == [
        "create Claim www-web-0 Pod web-0 in StatefulSet web success",
        "create Pod web-0 in StatefulSet web successful",
        "create Claim www-web-1 Pod web-1 in StatefulSet web success",
        "create Pod web-1 in StatefulSet web successful",
        "create Claim www-web-2 Pod web-2 in StatefulSet web success",
        "create Pod web-2 in StatefulSet web successful"]
    pod = sim.get("Pod", "web-1")
    assert pod["spec"]["hostname"] == "web-1" and pod["spec"]["subdomain"] == "nginx"
    labels = pod["metadata"]["labels"]
    assert labels["statefulset.kubernetes.io/pod-name"] == "web-1"
    assert labels["apps.kubernetes.io/pod-index"] == "1"
    sts = sim.get("StatefulSet", "web")
    assert labels["controller-revision-hash"] == sts["status"]["updateRevision"]
    assert pod["metadata"]["ownerReferences"][0]["controller"] is True
    assert {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}} in pod["spec"]["volumes"]
    assert sts["status"] == {
        "observedGeneration": 1, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "updatedReplicas": 3,
        "currentRevision": sts["status"]["updateRevision"], "updateRevision": sts["status"]["updateRevision"],
        "collisionCount": 0, "availableReplicas": 3}
    claim = sim.get("PersistentVolumeClaim", "www-web-2")
    assert claim["metadata"]["labels"] == {"app": "web"} and claim["status"]["phase"] == "Bound"
    assert "ownerReferences" not in claim["metadata"]


def test_a_pod_that_never_gets_ready_blocks_the_next_ordinal():
    sim = Simulation(seed=3)
    create(sim, statefulset(image="nginx:no-such-tag"))
    sim.step(60)
    assert sorted(live_pods(sim)) == ["web-0"]
    sim.run("kubectl set image sts/web app=nginx:1.25")
    sim.step(30)
    assert sorted(live_pods(sim)) == ["web-0"], "the broken pod is not replaced by a rolling update"
    sim.run("kubectl delete pod web-0")
    sim.step(40)
    pods = live_pods(sim)
    assert sorted(pods) == ["web-0", "web-1", "web-2"] and all(ready(p) for p in pods.values())


def test_parallel_creates_every_pod_at_once_and_ordinals_start_where_asked():
    sim = Simulation(seed=3)
    create(sim, statefulset(podManagementPolicy="Parallel", ordinals={"start": 5}))
    sim.step(1)
    assert sorted(live_pods(sim)) == ["web-5", "web-6", "web-7"]
    assert sim.get("PersistentVolumeClaim", "www-web-7") is not None


def test_a_deleted_pod_comes_back_with_its_name_claim_and_data():
    sim = Simulation(seed=5)
    create(sim, statefulset(name="db", image="redis:7", mount="/data"))
    sim.step(40)
    before = live_pods(sim)["db-1"]
    volume = sim.get("PersistentVolumeClaim", "www-db-1")["spec"]["volumeName"]
    written = sim.figures()["data"]["default/www-db-1"]["written"]
    assert written > 0
    delete(sim.store, "Pod", "default", "db-1")
    sim.step(40)
    after = live_pods(sim)["db-1"]
    assert after["metadata"]["uid"] != before["metadata"]["uid"]
    assert after["spec"]["nodeName"] == before["spec"]["nodeName"]
    assert sim.get("PersistentVolumeClaim", "www-db-1")["spec"]["volumeName"] == volume
    data = sim.figures()["data"]["default/www-db-1"]
    assert data["lost"] == 0 and data["kept"] == data["written"] > written
    counts = {e["message"]: e["count"] for e in sim.events() if e["involvedObject"]["kind"] == "StatefulSet"}
    assert counts["create Pod db-1 in StatefulSet db successful"] == 2
    assert counts["create Claim www-db-1 Pod db-1 in StatefulSet db success"] == 1


def test_scale_down_removes_the_highest_ordinal_first_one_at_a_time_and_keeps_claims():
    sim = Simulation(seed=3)
    create(sim, statefulset(replicas=4, image="busybox", mount="/data",
                            template={"metadata": {"labels": {"app": "web"}},
                                      "spec": {"containers": [{"name": "app", "image": "busybox",
                                                               "command": ["sleep", "3600"],
                                                               "volumeMounts": [{"name": "www", "mountPath": "/data"}]}]}}))
    sim.step(60)
    assert sorted(live_pods(sim)) == ["web-0", "web-1", "web-2", "web-3"]
    sim.run("kubectl scale sts web --replicas=1")
    for _ in range(120):
        sim.step(1)
        terminating = [p for p in sim.list("Pod", "default") if p["metadata"].get("deletionTimestamp")]
        assert len(terminating) <= 1
    assert sorted(live_pods(sim)) == ["web-0"]
    assert sts_messages(sim, "SuccessfulDelete") == [
        "delete Pod web-3 in StatefulSet web successful", "delete Pod web-2 in StatefulSet web successful",
        "delete Pod web-1 in StatefulSet web successful"]
    assert [c["metadata"]["name"] for c in sim.list("PersistentVolumeClaim", "default")] == [
        "www-web-0", "www-web-1", "www-web-2", "www-web-3"]
    sim.run("kubectl scale sts web --replicas=2")
    sim.step(30)
    assert sorted(live_pods(sim)) == ["web-0", "web-1"]
    counts = {e["message"]: e["count"] for e in sim.events() if e["involvedObject"]["kind"] == "StatefulSet"}
    assert counts["create Claim www-web-1 Pod web-1 in StatefulSet web success"] == 1
    assert counts["create Pod web-1 in StatefulSet web successful"] == 2


def test_retention_policy_delete_removes_claims_on_scale_down_and_with_the_set():
    sim = Simulation(seed=3)
    create(sim, statefulset(persistentVolumeClaimRetentionPolicy={"whenDeleted": "Delete", "whenScaled": "Delete"}))
    sim.step(40)
    claim = sim.get("PersistentVolumeClaim", "www-web-2")
    assert claim["metadata"]["ownerReferences"][0]["kind"] == "StatefulSet"
    sim.run("kubectl scale sts web --replicas=2")
    sim.step(20)
    assert sim.get("PersistentVolumeClaim", "www-web-2") is None
    assert sim.get("PersistentVolumeClaim", "www-web-1") is not None
    sim.run("kubectl delete sts web")
    sim.step(60)
    assert sim.list("Pod", "default") == []
    assert sim.list("PersistentVolumeClaim", "default") == []


def test_deleting_the_set_deletes_its_pods_and_keeps_its_claims():
    sim = Simulation(seed=3)
    create(sim, statefulset())
    sim.step(40)
    r = sim.run("kubectl delete sts web")
    assert r.stdout == 'statefulset.apps "web" deleted from default namespace\n'
    sim.step(60)
    assert sim.list("Pod", "default") == [] and sim.list("ControllerRevision", "default") == []
    assert len(sim.list("PersistentVolumeClaim", "default")) == 3


def test_rolling_update_goes_from_the_highest_ordinal_down_and_stops_at_the_partition():
    sim = Simulation(seed=3)
    create(sim, statefulset(updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}))
    sim.step(40)
    old = sim.get("StatefulSet", "web")["status"]["currentRevision"]
    sim.run("kubectl set image sts/web app=nginx:1.26")
    for _ in range(60):
        sim.step(1)
        assert sum(1 for p in sim.list("Pod", "default") if not ready(p)) <= 1
    images = {n: p["spec"]["containers"][0]["image"] for n, p in live_pods(sim).items()}
    assert images == {"web-0": "nginx:1.25", "web-1": "nginx:1.26", "web-2": "nginx:1.26"}
    assert sts_messages(sim, "SuccessfulDelete") == [
        "delete Pod web-2 in StatefulSet web successful", "delete Pod web-1 in StatefulSet web successful"]
    st = sim.get("StatefulSet", "web")["status"]
    assert st["currentRevision"] == old != st["updateRevision"]
    assert (st["currentReplicas"], st["updatedReplicas"]) == (1, 2)
    r = sim.run("kubectl rollout status sts/web --watch=false")
    assert r.stdout == "partitioned roll out complete: 2 new pods have been updated...\n"
    set_spec(sim, "web", lambda s: s["updateStrategy"]["rollingUpdate"].update(partition=0))
    sim.step(30)
    assert {p["spec"]["containers"][0]["image"] for p in live_pods(sim).values()} == {"nginx:1.26"}
    st = sim.get("StatefulSet", "web")["status"]
    assert st["currentRevision"] == st["updateRevision"] and st["currentReplicas"] == 3
    assert len(sim.list("ControllerRevision", "default")) == 2


def test_on_delete_waits_for_the_user_to_delete_pods():
    sim = Simulation(seed=3)
    create(sim, statefulset(updateStrategy={"type": "OnDelete"}))
    sim.step(40)
    sim.run("kubectl set image sts/web app=nginx:1.26")
    sim.step(30)
    assert {p["spec"]["containers"][0]["image"] for p in live_pods(sim).values()} == {"nginx:1.25"}
    sim.run("kubectl delete pod web-1")
    sim.step(30)
    assert live_pods(sim)["web-1"]["spec"]["containers"][0]["image"] == "nginx:1.26"
    assert live_pods(sim)["web-0"]["spec"]["containers"][0]["image"] == "nginx:1.25"


def test_headless_service_gives_each_pod_a_dns_name():
    sim = Simulation(seed=3)
    create(sim, HEADLESS)
    create(sim, statefulset())
    sim.step(40)
    code, out = sim.network.dns.nslookup("web-1.nginx", "default")
    ip = sim.get("Pod", "web-1")["status"]["podIP"]
    assert code == 0 and f"Name:\tweb-1.nginx.default.svc.cluster.local\nAddress: {ip}\n" in out
    code, out = sim.network.dns.nslookup("nginx", "default")
    assert out.count("Address: 10.244.") == 3


def test_same_seed_same_checksum():
    def run():
        sim = Simulation(seed=9)
        create(sim, HEADLESS)
        create(sim, statefulset(replicas=3))
        sim.step(30)
        sim.run("kubectl set image sts/web app=nginx:1.26")
        sim.run("kubectl scale sts web --replicas=2")
        sim.step(40)
        sim.run("kubectl delete pod web-0")
        sim.step(30)
        return sim.checksum()

    assert run() == run()


def test_a_refused_claim_stops_the_pod_and_is_retried_with_back_off():
    sim = Simulation(seed=3)
    sim.run("kubectl create quota storage --hard=persistentvolumeclaims=2")
    create(sim, statefulset())
    sim.step(120)
    assert sorted(live_pods(sim)) == ["web-0", "web-1"]
    refused = {e["message"]: e["count"] for e in sim.events() if e["reason"] == "FailedCreate"}
    quota = ('persistentvolumeclaims "www-web-2" is forbidden: exceeded quota: storage, requested: '
             "persistentvolumeclaims=1, used: persistentvolumeclaims=2, limited: persistentvolumeclaims=2")
    assert refused.keys() == {f"create Claim www-web-2 for Pod web-2 in StatefulSet web failed error: {quota}",
                              f"create Pod web-2 in StatefulSet web failed error: failed to create PVC www-web-2: {quota}"}
    assert 4 <= max(refused.values()) <= 8, "retries back off instead of hammering the API"
    sim.run("kubectl delete quota storage")
    sim.step(200)
    assert sorted(live_pods(sim)) == ["web-0", "web-1", "web-2"]


def test_a_set_recreated_after_an_orphaning_delete_adopts_its_pods_and_revision():
    sim = Simulation(seed=3)
    create(sim, statefulset())
    sim.step(40)
    uids = {n: p["metadata"]["uid"] for n, p in live_pods(sim).items()}
    assert sim.run("kubectl delete sts web --cascade=orphan").exit_code == 0
    sim.step(5)
    assert all("ownerReferences" not in p["metadata"] for p in live_pods(sim).values())
    create(sim, statefulset())
    sim.step(20)
    sts = sim.get("StatefulSet", "web")
    assert {n: p["metadata"]["uid"] for n, p in live_pods(sim).items()} == uids
    assert all(p["metadata"]["ownerReferences"][0]["uid"] == sts["metadata"]["uid"] for p in live_pods(sim).values())
    assert [r["metadata"]["name"] for r in sim.list("ControllerRevision", "default")] == [sts["status"]["updateRevision"]]
    assert sts["status"]["collisionCount"] == 0 and sts["status"]["updatedReplicas"] == 3
