"""A ReplicaSet with every replica there passes over its pods' status writes that change neither
their phase nor their readiness (the sandbox-ready write, a restart while unready): the writes,
their order and every object are those of reconciling on every pod write."""

from kubetui import Simulation
from kubetui.engine.controllers import base, replicaset


def run() -> tuple[str, dict, int]:
    sim = Simulation(seed=7, nodes=3)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=6")
    sim.run("kubectl create deployment slow --image=nginx:1.25 --replicas=3")
    sim.run("kubectl patch deployment slow -p '{\"spec\":{\"minReadySeconds\":4}}'")
    sim.run("kubectl create deployment crash --image=busybox:1.36 --replicas=2 -- sh -c 'sleep 2; exit 1'")
    sim.run("kubectl run solo --image=nginx:1.25")
    sim.step(6)
    sim.run("kubectl scale deployment web --replicas=9")
    sim.step(2)
    sim.run("kubectl set image deployment/slow nginx=nginx:1.26")
    sim.step(3)
    sim.run("kubectl delete pod -l app=web --wait=false")
    sim.run("kubectl create quota pods --hard=pods=14")
    sim.run("kubectl scale deployment web --replicas=12")
    sim.step(30)
    objects = {(kind, o["metadata"].get("namespace", ""), o["metadata"]["name"]): o
               for kind in ("Pod", "ReplicaSet", "Deployment") for o in sim.store.iter(kind)}
    events = sorted((e["reason"], e["message"], e.get("count")) for e in sim.store.iter("Event"))
    return sim.checksum(), {"objects": objects, "events": events}, sim.store.revision


def test_idle_reconciles_change_no_write(monkeypatch):
    passed_over = []
    plain = base.Controller.process

    def counting(self):
        passed_over.extend(k for k in self.queue if k in self.idle)
        return plain(self)

    monkeypatch.setattr(base.Controller, "process", counting)
    fast = run()
    assert len(passed_over) >= 4, "status writes that change nothing counted should be passed over"
    monkeypatch.setattr(base.Controller, "enqueue_idle", base.Controller.enqueue)
    assert run() == fast


def test_a_write_that_changes_readiness_or_phase_is_counted():
    ready = {"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:05Z"}
    meta, spec = {"name": "p"}, {}
    pending = {"metadata": meta, "spec": spec, "status": {"phase": "Pending", "conditions": []}}
    running = {"metadata": meta, "spec": spec, "status": {"phase": "Running", "conditions": []}}
    assert replicaset._counted_change(pending, running)
    now_ready = {**running, "status": {"phase": "Running", "conditions": [ready]}}
    assert replicaset._counted_change(running, now_ready)
    again = {**running, "status": {"phase": "Running", "conditions": [dict(ready)]}}
    assert not replicaset._counted_change(now_ready, again)
    assert replicaset._status_only(running, now_ready)
    assert not replicaset._status_only(running, {**now_ready, "metadata": dict(meta)})
