"""Watchers that leave at their first lines on a status-only write (the stored metadata and spec
objects kept) still act on the writes that matter to them: the garbage collector on an object
being finalized, the cluster autoscaler on a pod it counted as waiting."""

from kubetui.engine.store import MODIFIED
from kubetui.shell import Simulation


def _status_write(obj: dict) -> dict:
    return {**obj, "status": {**(obj.get("status") or {}), "observedGeneration": 7}}


def test_the_garbage_collector_looks_again_at_a_finalizing_object_on_its_status_write():
    sim = Simulation(seed=1, nodes=1)
    gc = sim.controllers.garbage_collector
    cm = {"apiVersion": "v1", "kind": "ConfigMap",
          "metadata": {"name": "c", "namespace": "default", "uid": "u-1",
                       "deletionTimestamp": "2026-01-01T00:00:00Z", "finalizers": ["foregroundDeletion"]}}
    gc.queue.clear()
    gc._on_change(MODIFIED, cm, _status_write(cm))
    assert ("", "u-1") in gc.queue
    plain = {**cm, "metadata": {"name": "p", "namespace": "default", "uid": "u-2"}}
    gc.queue.clear()
    gc._on_change(MODIFIED, plain, _status_write(plain))
    assert not gc.queue


def test_the_autoscaler_forgets_a_waiting_pod_once_it_is_bound():
    sim = Simulation(seed=1, nodes=1)
    ca = sim.controllers.cluster_autoscaler
    waiting = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "w", "namespace": "default", "uid": "u-w"},
               "spec": {"containers": []},
               "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False",
                                                               "reason": "Unschedulable"}]}}
    ca._on_pod(MODIFIED, None, waiting)
    assert ("default", "w") in ca.unschedulable
    bound = {**waiting, "spec": {**waiting["spec"], "nodeName": "node-1"}}
    ca._on_pod(MODIFIED, waiting, bound)
    assert ("default", "w") not in ca.unschedulable
