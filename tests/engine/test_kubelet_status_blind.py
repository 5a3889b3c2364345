"""The kubelet's Pod watch is not told of status writes that keep a pod's metadata and spec (its
own reports, a node controller's): it acts on bindings, deletions and spec changes only, and a
pod bound while its node was down starts when the node comes back all the same."""

from engine_kit import create, pod

from kubetui.engine import faults


def _write_status(sim, name, condition):
    stored = sim.store.get("Pod", "default", name)
    status = {**stored.get("status", {}), "conditions": [*stored.get("status", {}).get("conditions", []), condition]}
    return sim.store.update_status({**stored, "status": status})


def test_status_writes_do_not_admit_a_running_pod_again(sim):
    create(sim, pod("web", nodeName="node-1"))
    sim.step(6)
    rt = sim.kubelet.runtime("default", "web")
    assert rt is not None and rt.phase == "Running"
    told = []
    sim.store.watch("Pod", lambda event, old, new: told.append(event), status_blind=True)
    _write_status(sim, "web", {"type": "example.com/Checked", "status": "True"})
    sim.step(3)
    assert told == []  # the write kept metadata and spec: status-blind watchers are not told
    assert sim.kubelet._on_pod in sim.store._watchers["Pod"]
    assert sim.kubelet._on_pod not in sim.store._status_watchers["Pod"]
    assert sim.kubelet.runtime("default", "web") is rt
    assert not sim.kubelet.admitting
    assert [c.restarts for c in rt.containers] == [0]
    assert sim.get("Pod", "web")["status"]["phase"] == "Running"


def test_a_pod_bound_while_its_node_was_down_starts_when_it_is_back(sim):
    faults.fail_node(sim, ["node-1"])
    create(sim, pod("late", nodeName="node-1"))
    sim.step(2)
    _write_status(sim, "late", {"type": "example.com/Seen", "status": "True"})
    sim.step(2)
    assert sim.kubelet.runtime("default", "late") is None
    faults.recover_node(sim, ["node-1"])
    sim.step(8)
    assert sim.get("Pod", "late")["status"]["phase"] == "Running"
    assert [c.restarts for c in sim.kubelet.runtime("default", "late").containers] == [0]


def test_a_deletion_still_reaches_the_kubelet(sim):
    create(sim, pod("gone", nodeName="node-1"))
    sim.step(6)
    sim.run("kubectl delete pod gone --wait=false")
    sim.step(40)
    assert sim.store.get("Pod", "default", "gone") is None
    assert sim.kubelet.runtime("default", "gone") is None
