"""A ReplicaSet's reconcile reads its pods once: when it wrote nothing (no pod created, deleted,
adopted or released), its status is counted from the pods it read, not from a second walk of
the owner index. The statuses, writes and checksum are those of counting again every time."""

from kubetui import Simulation
from kubetui.engine.controllers import replicaset


def run() -> tuple[str, list, int]:
    sim = Simulation(seed=3, nodes=3)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=5")
    sim.run("kubectl create deployment slow --image=nginx:1.25 --replicas=3")
    sim.run("kubectl patch deployment slow -p '{\"spec\":{\"minReadySeconds\":5}}'")
    sim.step(4)
    pod = sim.list("Pod", "default", "app=web")[0]["metadata"]["name"]
    sim.run(f"kubectl label pod {pod} app=other --overwrite")  # released, then replaced
    sim.step(3)
    sim.run("kubectl scale deployment web --replicas=3")
    statuses = []
    for _ in range(12):
        sim.step(1)
        statuses.append(sorted((rs["metadata"]["name"], repr(rs.get("status")))
                               for rs in sim.store.iter("ReplicaSet", "default")))
    return sim.checksum(), statuses, sim.store.revision


def test_status_from_the_pods_read_equals_counting_again(monkeypatch):
    handed = []
    plain = replicaset.ReplicaSetController._update_status

    def noting(self, key, failure, active=None):
        handed.append(active is not None)
        return plain(self, key, failure, active)

    monkeypatch.setattr(replicaset.ReplicaSetController, "_update_status", noting)
    fast = run()
    assert any(handed) and not all(handed)  # both ways were taken

    def again(self, key, failure, active=None):
        return plain(self, key, failure)

    monkeypatch.setattr(replicaset.ReplicaSetController, "_update_status", again)
    slow = run()
    assert fast == slow
    assert any("availableReplicas" not in s and "'readyReplicas': 3" in s for _, s in fast[1][0])  # slow's minReadySeconds counted


def test_fully_labeled_replicas_count_each_pods_own_labels_shared_or_not():
    from kubetui.engine.controllers.replicaset import _fully_labeled

    template = {"app": "web", "tier": "fe"}
    full, partial = {"app": "web", "tier": "fe", "x": "1"}, {"app": "web"}
    pods = [{"metadata": {"labels": labels}} for labels in
            (full, full, partial, partial, full, dict(full), dict(partial), None, full)]
    pods.append({"metadata": {}})
    assert _fully_labeled(pods, template) == 5
    assert _fully_labeled(pods, {}) == len(pods)
    assert _fully_labeled([], template) == 0
