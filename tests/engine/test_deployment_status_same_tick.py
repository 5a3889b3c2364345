"""A Deployment's status follows its ReplicaSets' within the tick they change, as the real
controller-manager's Deployment controller hears of a ReplicaSet's status write at once (so
`kubectl get all` never shows `0/3` beside a ReplicaSet READY 3)."""

from kubetui.shell import Simulation


def _totals(sim, name="web"):
    d = sim.get("Deployment", name, namespace="default")
    uid = d["metadata"]["uid"]
    rss = [rs for rs in sim.list("ReplicaSet", "default")
           if any(r["uid"] == uid for r in rs["metadata"].get("ownerReferences", ()))]
    st = d.get("status") or {}
    mine = tuple(st.get(f, 0) for f in ("replicas", "readyReplicas", "availableReplicas"))
    theirs = tuple(sum((rs.get("status") or {}).get(f, 0) for rs in rss)
                   for f in ("replicas", "readyReplicas", "availableReplicas"))
    return mine, theirs


def test_deployment_status_matches_its_replicasets_at_every_tick_of_a_rollout():
    sim = Simulation(seed=7)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    for _ in range(30):
        sim.step(1)
        mine, theirs = _totals(sim)
        assert mine == theirs, f"tick {sim.tick}: deployment {mine} vs replicasets {theirs}"
    assert _totals(sim)[0] == (3, 3, 3)
    sim.run("kubectl set image deployment/web nginx=nginx:1.26")
    for _ in range(60):
        sim.step(1)
        mine, theirs = _totals(sim)
        assert mine == theirs, f"tick {sim.tick}: deployment {mine} vs replicasets {theirs}"


def test_rollout_status_after_create_prints_spec_update_once():
    sim = Simulation(seed=7)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    watch = sim.start("kubectl rollout status deployment/web")
    for _ in range(60):
        sim.step(1)
        if watch.poll() is not None:
            break
    lines = watch.stdout.splitlines()
    assert lines[-1] == 'deployment "web" successfully rolled out'
    assert lines.count("Waiting for deployment spec update to be observed...") <= 1
    assert 'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...' not in lines
