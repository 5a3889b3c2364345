"""A Deployment adopts the ReplicaSets its selector matches that no controller owns (left by
`delete deployment --cascade=orphan`), as the controller-ref manager does, instead of failing to
create a ReplicaSet whose name is taken."""

from kubetui import Simulation


def test_a_new_deployment_adopts_the_orphaned_replicaset_and_its_pods():
    sim = Simulation(seed=0, nodes=1)
    sim.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    sim.step(10)
    orphaned = {p["metadata"]["name"] for p in sim.list("Pod", "default", "app=web")}
    assert sim.run("kubectl delete deployment web --cascade=orphan").exit_code == 0
    sim.step(3)
    assert sim.run("kubectl create deployment web --image=nginx:1.27 --replicas=3").exit_code == 0
    sim.step(10)
    deployment = sim.get("Deployment", "web")
    [rs] = sim.list("ReplicaSet", "default")
    assert [r["uid"] for r in rs["metadata"]["ownerReferences"]] == [deployment["metadata"]["uid"]]
    pods = {p["metadata"]["name"] for p in sim.list("Pod", "default", "app=web")}
    assert orphaned < pods and len(pods) == 3
    assert deployment["status"]["availableReplicas"] == 3


def test_an_empty_orphan_is_adopted_too():
    sim = Simulation(seed=0, nodes=1)
    sim.run("kubectl create deployment web --image=nginx --replicas=0")
    sim.step(3)
    sim.run("kubectl delete deployment web --cascade=orphan")
    sim.step(3)
    assert sim.run("kubectl create deployment web --image=nginx --replicas=0").exit_code == 0
    sim.step(3)
    assert len(sim.list("ReplicaSet", "default")) == 1
