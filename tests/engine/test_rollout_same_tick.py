"""Two template changes within one tick are two revisions, as a real controller (which syncs
within milliseconds of each write) records them."""

from kubetui.shell import Simulation


def _revisions(sim):
    return sorted(int(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"])
                  for rs in sim.list("ReplicaSet", "default"))


def test_create_then_set_image_in_one_tick_gives_two_revisions():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.run("kubectl set image deployment/web nginx=nginx:1.26")
    sim.step(60)
    assert _revisions(sim) == [1, 2]
    history = sim.run("kubectl rollout history deployment/web").stdout.split()
    assert history[-4:] == ["1", "<none>", "2", "<none>"]
    d = sim.get("Deployment", "web", namespace="default")
    assert d["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    images = {p["spec"]["containers"][0]["image"] for p in sim.list("Pod", "default")
              if not p["metadata"].get("deletionTimestamp")}
    assert images == {"nginx:1.26"}
    assert sim.run("kubectl rollout undo deployment/web").exit_code == 0
    sim.step(60)
    images = {p["spec"]["containers"][0]["image"] for p in sim.list("Pod", "default")
              if not p["metadata"].get("deletionTimestamp")}
    assert images == {"nginx:1.25"}


def test_changes_in_separate_ticks_still_two_revisions_and_replay_is_deterministic():
    def play():
        sim = Simulation(seed=4)
        sim.run("kubectl create deployment web --image=nginx:1.25")
        sim.run("kubectl set image deployment/web nginx=nginx:1.26")
        sim.run("kubectl set image deployment/web nginx=nginx:1.27")
        sim.step(90)
        return sim
    a, b = play(), play()
    assert _revisions(a) == [1, 2, 3]
    assert a.checksum() == b.checksum()


def test_a_stopped_controller_manager_sees_only_the_last_template():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.25")
    sim.step(30)
    sim.run("sim stop kube-controller-manager")
    sim.run("kubectl set image deployment/web nginx=nginx:1.26")
    sim.step(2)
    sim.run("kubectl set image deployment/web nginx=nginx:1.27")
    sim.run("sim start kube-controller-manager")
    sim.step(60)
    assert _revisions(sim) == [1, 2]
