"""The managedFields ledger remembers the notes a status-only write leaves (`Ledger._status_write`),
by the notes before it and the values the write replaced: the notes and managedFields are those
of the general path, and a write that replaced other values is worked out again."""

from kubetui import Simulation
from kubetui.engine import fieldmanager
from kubetui.engine.kubelet import status as kubelet_status


def run() -> tuple[dict, str]:
    sim = Simulation(seed=5, nodes=4)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=6")
    sim.run("kubectl create deployment db --image=redis:7 --replicas=3")
    sim.run("kubectl run solo --image=nginx:1.25")
    sim.run("kubectl run broken --image=nginx:no-such-tag")
    sim.step(3)
    sim.run("kubectl scale deployment web --replicas=9")
    sim.run("kubectl label pod solo tier=front")
    sim.step(2)
    sim.run("kubectl set image deployment/db redis=redis:7.2")
    sim.run("kubectl delete pod solo")
    sim.step(6)
    ledger = sim.store.managed
    notes = {(p["kind"], p["metadata"]["name"]): (repr(ledger.notes.get(p["metadata"]["uid"])), ledger.entries(p))
             for kind in ("Pod", "ReplicaSet", "Deployment") for p in sim.store.iter(kind, "default")}
    return notes, sim.checksum()


def test_remembered_status_writes_note_what_the_general_path_notes(monkeypatch):
    hits = []
    plain = fieldmanager.Ledger._status_write

    def counted(self, *args):
        found = plain(self, *args)
        hits.append(found is not None and found[0] in self._status_writes)
        return found

    shaped = fieldmanager._same_shape

    def counted_shape(*args):
        found = shaped(*args)
        hits.append(found)
        return found

    monkeypatch.setattr(fieldmanager.Ledger, "_status_write", counted)
    monkeypatch.setattr(fieldmanager, "_same_shape", counted_shape)
    fast = run()
    assert sum(hits) > 20, "the pods of one tick should share their remembered notes"
    monkeypatch.setattr(fieldmanager.Ledger, "_status_write", lambda self, *args: None)
    assert run() == fast


def test_a_remembered_write_is_for_those_notes_and_those_replaced_values():
    ledger = fieldmanager.Ledger()
    pending = {"phase": "Pending", "podIP": "10.0.0.1"}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "uid": "u1"}, "status": pending}
    ledger.note("kubelet", "status", None, pod, "t0", "v1")
    running = {**pod, "status": {**pending, "phase": "Running"}}
    ledger.note("kubelet", "status", pod, running, "t1", "v1")
    key, _ = ledger._status_write("u2", ledger.notes["u1"], "kubelet", "v1", "t2", running,
                                  {**running, "status": {**running["status"], "podIP": "10.0.0.2"}})
    other, _ = ledger._status_write("u2", ledger.notes["u1"], "kubelet", "v1", "t2", running,
                                    {**running, "status": {**running["status"], "phase": "Failed"}})
    assert key != other, "another replaced value (podIP, not phase) is another write"
    dropped = {**{k: v for k, v in running["status"].items() if k != "podIP"}, "reason": "Evicted"}
    assert ledger._status_write("u2", ledger.notes["u1"], "kubelet", "v1", "t2", running,
                                {**running, "status": dropped})[0] != key, "a value taken away (another added) is not one replaced"
    same, _ = ledger._status_write("u3", ledger.notes["u1"], "kubelet", "v1", "t2", running,
                                   {**running, "status": {**running["status"], "podIP": "10.0.0.2"}})
    assert same == key
    relabelled = {**running, "metadata": {**running["metadata"], "labels": {"a": "b"}}}
    assert ledger._status_write("u3", ledger.notes["u1"], "kubelet", "v1", "t2", running, relabelled) is None, \
        "a write that changed more than the status is worked out in full"


def test_pods_waiting_alike_share_their_container_statuses():
    sim = Simulation(seed=2, nodes=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4")
    sim.step(2)
    lists = {id(p["status"]["containerStatuses"]) for p in sim.store.iter("Pod", "default")}
    assert len(lists) == 1
    statuses = [{"name": "app", "image": "x", "imageID": "", "ready": False, "restartCount": 0, "started": False,
                 "lastState": {}, "state": {"waiting": {"reason": "ContainerCreating"}}}]
    assert kubelet_status._waiting_alike(statuses) is kubelet_status._waiting_alike([dict(statuses[0])])
    created = [{**statuses[0], "containerID": "containerd://1"}]
    assert kubelet_status._waiting_alike(created) is created


PORTS = [80]


def _two_pods_noted_alike(ledger: fieldmanager.Ledger) -> list[dict]:
    """Two pods whose notes are one tuple, their statuses different where the next write changes them."""
    pods = []
    for uid, image in (("u1", "nginx"), ("u2", "redis")):
        bound = {"phase": "Pending", "image": image, "qosClass": "BestEffort", "ports": PORTS}
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": uid, "uid": uid}, "status": bound}
        ledger.note("kube-controller-manager", "", None, pod, "t0", "v1")
        waiting = {**pod, "status": {**bound, "podIP": "10.1.0.1"}}
        ledger.note("kubelet", "status", pod, waiting, "t1", "v1")
        pods.append(waiting)
    assert ledger.notes["u1"] is ledger.notes["u2"]
    return pods


def test_a_write_that_replaced_other_values_is_worked_out_again():
    ledger, plain = fieldmanager.Ledger(), fieldmanager.Ledger()
    plain._status_write = lambda *args: None  # type: ignore[method-assign]
    for book in (ledger, plain):
        for pod in _two_pods_noted_alike(book):
            running = {**pod, "status": {**pod["status"], "phase": "Running", "image": "x"}}
            book.note("kubelet", "status", pod, running, "t2", "v1")
    for uid in ("u1", "u2"):
        assert repr(ledger.notes[uid]) == repr(plain.notes[uid])
    assert "redis" in repr(ledger.notes["u2"]) and "nginx" not in repr(ledger.notes["u2"])


def test_a_replacement_equal_to_what_it_replaced_is_not_a_change():
    ledger, plain = fieldmanager.Ledger(), fieldmanager.Ledger()
    plain._status_write = lambda *args: None  # type: ignore[method-assign]
    for book in (ledger, plain):
        for pod, ports in zip(_two_pods_noted_alike(book), ([80], [81])):
            book.note("kubelet", "status", pod, {**pod, "status": {**pod["status"], "ports": ports}}, "t2", "v1")
    for uid in ("u1", "u2"):
        assert repr(ledger.notes[uid]) == repr(plain.notes[uid])
    assert "[80]" in repr(ledger.notes["u2"]) and "[80]" not in repr(ledger.notes["u1"])


def test_a_write_of_a_remembered_shape_notes_what_the_general_path_notes(monkeypatch):
    """The kubelet's writes to the pods of one template (`Ledger._remember_shape`): the first
    adds keys (their order is part of the shape), the next replaces values; a pod whose write
    added other keys, or replaced another value, is not taken for one of that shape."""
    shaped = []
    plain_shape = fieldmanager._same_shape
    monkeypatch.setattr(fieldmanager, "_same_shape", lambda *args: shaped.append(plain_shape(*args)) or shaped[-1])
    ledger, plain = fieldmanager.Ledger(), fieldmanager.Ledger()
    plain._status_write = lambda *args: None  # type: ignore[method-assign]
    conditions, ready = [{"type": "PodScheduled"}], [{"type": "Ready"}]
    bound = {"phase": "Pending", "conditions": conditions}
    for book in (ledger, plain):
        for uid in ("u1", "u2", "u3", "u4", "u5"):
            pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": uid, "uid": uid}, "status": bound}
            book.note("kube-controller-manager", "", None, pod, "t0", "v1")
            ips = {"podIP": f"10.0.0.{uid[1]}"} if uid != "u4" else {"hostIP": "10.9.9.9"}
            waiting = {**pod, "status": {**bound, "conditions": ready, **ips}}
            book.note("kubelet", "status", pod, waiting, "t1", "v1")
            phase = "Failed" if uid == "u5" else "Running"
            book.note("kubelet", "status", waiting, {**waiting, "status": {**waiting["status"], "phase": phase}},
                      "t2", "v1")
    for uid in ("u1", "u2", "u3", "u4", "u5"):
        assert repr(ledger.notes[uid]) == repr(plain.notes[uid])
    assert shaped.count(True) >= 3 and shaped.count(False) >= 2
