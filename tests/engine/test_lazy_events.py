"""Events written while nothing watches them wait in the recorder's journal and reach the store
when first read: every reader, and every later state, is what writing them at once gives."""

import pickle

import pytest

from kubetui import Simulation
from kubetui.engine.events import EVENT_TTL, EventSpaces
from kubetui.model import errors

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default", "uid": "u-1",
                                                        "resourceVersion": "7"}}


def _at_once(monkeypatch) -> None:
    """Every Event written at once, as when a user's Event is in the store (the eager way)."""
    real = EventSpaces.__init__

    def init(self):
        real(self)
        self.foreign = True

    monkeypatch.setattr(EventSpaces, "__init__", init)


def _state(sim: Simulation) -> tuple:
    spaces = sim.store._objects["Event"]
    buckets = [(ns, list(dict.items(bucket))) for ns, bucket in spaces.items()]  # reading flushes
    rec = sim.recorder
    assert not rec._journal
    return (buckets, list(rec._by_key.items()), [(t, ns, list(names)) for t, ns, names in rec._expiry], rec._seq,
            sim.store.revision, sim.rng.getstate(), sim.checksum(), list(sim.store.iter("Event")))


def _run(read: bool) -> tuple:
    sim = Simulation(seed=5)
    emitted = []
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    for tick in range(8):
        emitted.append(list(sim.step(1).events))
        if read and tick == 2:
            assert "Scheduled" in sim.run("kubectl get events").stdout
        if tick == 4:  # a bump of an Event written in this very tick, then one of an older Event
            sim.recorder.emit(POD, "Warning", "BackOff", "Back-off", "kubelet", "node-1")
            sim.recorder.emit(POD, "Warning", "BackOff", "Back-off", "kubelet", "node-1")
            emitted.append(list(sim.recorder.emitted))
        if read and tick == 5:
            sim = Simulation.restore(sim.snapshot())
    sim.recorder.emit(POD, "Warning", "BackOff", "Back-off", "kubelet", "node-1")
    sim.run("kubectl scale deployment web --replicas=1")
    emitted += [list(sim.step(1).events) for _ in range(3)]
    sim.step(EVENT_TTL // 2)
    sim.recorder.emit(POD, "Warning", "BackOff", "Back-off", "kubelet", "node-1")
    sim.run("kubectl scale deployment web --replicas=2")
    sim.step(EVENT_TTL // 2 + 5)
    mid = _state(sim)
    sim.step(EVENT_TTL // 2)
    return emitted, mid, _state(sim)


@pytest.mark.parametrize("read", [False, True], ids=["unread", "read-and-restored-on-the-way"])
def test_events_kept_for_a_reader_are_what_writing_them_at_once_stores(monkeypatch, read):
    lazy = _run(read)
    _at_once(monkeypatch)
    eager = _run(False)
    assert lazy[0] and any(lazy[0]) and lazy[1][0] and lazy[1][2]
    assert [e["count"] for e in lazy[1][7] if e["reason"] == "BackOff"] == [4], "each bump found its Event"
    assert not [e for e in lazy[2][7] if e["reason"] == "BackOff"], "an hour after it was last seen: gone"
    assert not {e["metadata"]["name"] for e in lazy[1][7]} & {e["metadata"]["name"] for e in lazy[2][7]}
    assert lazy == eager


def test_nothing_is_built_until_read_but_the_draw_and_the_revision():
    from kubetui.engine.events import _row_of

    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.step(1)
    rec, store = sim.recorder, sim.store
    assert rec._journal, "written while nobody watches Events: kept for a reader"
    revision, state, drawn, seq = store.revision, sim.rng.getstate(), sim.rng.drawn, rec._seq
    written = rec.emit(POD, "Normal", "Pulled", "pulled", "kubelet", "node-1")
    assert type(written) is tuple and len(written) == 9 and rec._journal[-1] is written
    assert store.revision == revision + 1 and rec._seq == seq + 1
    assert sim.rng.getstate() != state, "the Event's uid is drawn where it is written"
    assert sim.rng.drawn == drawn + 4, "and counted, as `Stream.getrandbits(128)` counts it"
    name = _row_of(written)[0]
    assert name.startswith("p.")
    assert name not in dict.get(store._objects["Event"], "default", {}), "not in the store until read"
    event = store.get("Event", "default", name)
    assert not rec._journal
    assert event is not None and event["metadata"]["resourceVersion"] == str(revision + 1)
    assert event["involvedObject"] == {"apiVersion": "v1", "kind": "Pod", "name": "p", "uid": "u-1",
                                       "resourceVersion": "7", "namespace": "default"}
    assert event["source"] == {"component": "kubelet", "host": "node-1"} and event["count"] == 1


def test_a_watcher_sees_every_event_written_after_it_came():
    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.step(2)
    assert sim.recorder._journal
    seen = []
    sim.store.observe("Event", lambda e, old, new: seen.append(new["metadata"]["name"]))
    result = sim.step(3)
    names = [e["metadata"]["name"] for e in result.events]
    assert names and seen[-len(names):] == names and not sim.recorder._journal
    assert all(sim.store.get("Event", "default", n) for n in seen)


def test_a_users_event_with_the_name_the_recorder_picks_is_refused_as_before():
    sim = Simulation(seed=2)
    sim.step(1)
    rec = sim.recorder
    name = f"p.{(1767225600 + sim.tick) * 1_000_000_000 + rec._seq + 1:x}"
    sim.store.create({"apiVersion": "v1", "kind": "Event", "metadata": {"name": name, "namespace": "default"},
                      "involvedObject": {"kind": "Pod", "name": "p"}, "reason": "Mine", "message": "mine"})
    with pytest.raises(errors.ApiError):
        rec.emit(POD, "Normal", "Pulled", "pulled", "kubelet", "node-1")
    assert sim.store.get("Event", "default", name)["reason"] == "Mine"
    assert rec.emit(POD, "Normal", "Pulled", "pulled again", "kubelet", "node-1")[0] != name


def test_a_copy_taken_before_anything_was_read_reads_the_same_events():
    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.step(6)
    assert sim.recorder._journal
    copy = pickle.loads(pickle.dumps(sim))
    assert copy.recorder._journal
    assert list(copy.store.iter("Event")) == list(sim.store.iter("Event"))
    assert copy.events() == sim.events() and copy.checksum() == sim.checksum()


def _requeued(at: int) -> tuple:
    sim = Simulation(seed=2)
    list(sim.store.iter("Event"))
    sim.step(10)
    sim.recorder.emit(POD, "Warning", "BackOff", "Back-off", "kubelet", "node-1")
    sim.step(50)
    name = sim.recorder.record(POD, "Warning", "BackOff", "Back-off", "kubelet", "node-1")["metadata"]["name"]
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.step(5)  # written after the bump, and not read until the bumped Event is an hour old
    sim.step(at - sim.tick)
    return sim.store.get("Event", "default", name) is not None, _state(sim)


def test_expiry_requeues_an_event_after_what_was_written_before_it(monkeypatch):
    """An Event bumped at 60 comes up for expiry at 3,610 and goes back into the queue behind
    the deployment's Events of ticks 61-66, as it does when they went into the store at once."""
    lazy = _requeued(3660)
    _at_once(monkeypatch)
    eager = _requeued(3660)
    assert eager[0], "behind the Events of 61-66, it is still kept at 3,660"
    assert lazy == eager


def test_a_deep_copy_taken_before_anything_was_read_reads_the_same_events():
    import copy as copying

    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.step(6)
    assert sim.recorder._journal
    twin = copying.deepcopy(sim)
    assert list(twin.store.iter("Event")) == list(sim.store.iter("Event"))
    assert twin.events() == sim.events() and twin.store.revision == sim.store.revision


ODD = [
    (POD, "Normal", "Pulled", "pulled", "kubelet", "node-1", "spec.containers{app}"),
    (POD, "Normal", "Pulled", "pulled", "kubelet", "", None),  # an empty host is none
    (POD, "Normal", None, "no reason", "kubelet", "node-1", None),  # not texts: kept as a dict
    (POD, "Normal", "Pulled", 42, "kubelet", "node-1", None),
    (POD, "Normal", "Pulled", "in a field", "kubelet", "node-1", 7),
    ({**POD, "metadata": {**POD["metadata"], "resourceVersion": 7}}, "Normal", "Pulled", "rv", "kubelet", None, None),
    ({**POD, "metadata": {"name": "p", "namespace": 5, "uid": "u-1"}}, "Normal", "Pulled", "ns", "kubelet", None, None),
    ({**POD, "metadata": {"name": "p", "uid": "u-1"}}, "Normal", "Pulled", "no namespace", "kubelet", "node-2", None),
    ({**POD, "kind": "Node", "metadata": {"name": "node-1", "uid": "u-9"}}, "Normal", "Ready", "ready", "kubelet", None),
    (POD, "Normal", "Pulled", "pulled", "kubelet", "node-1", None),  # a bump
]


@pytest.mark.parametrize("watched", [False, True], ids=["journal", "at-once"])
def test_the_short_way_checks_texts_and_counts_draws_as_the_dict_way(monkeypatch, watched):
    """`emit` checks the type, reason, source and namespace once per tuple alike (not per
    Event), the object's name, uid and resourceVersion, the message and the field path per
    Event, and draws the uid with the generator's own method: for Events of the usual shape
    and of any other, the same Events, draws (counted, so a refused create steps back over
    them), revisions and emitted rows as writing each the dict way."""
    from kubetui.engine.events import EventRecorder

    def run(short: bool) -> tuple:
        if not short:
            monkeypatch.setattr(EventRecorder, "emit", EventRecorder._emit_dict)
        sim = Simulation(seed=4)
        if watched:
            sim.store.observe("Event", lambda kind, old, new: None)
        kept = []
        for _ in range(2):  # the second time round, every tuple alike has been checked before (and all bump)
            for args in ODD:
                sim.recorder.emit(*args)
            kept.append([type(row) for row in dict.values(sim.store._objects["Event"]["default"])])
            sim.step(1)
        emitted = list(sim.recorder.emitted)
        monkeypatch.undo()
        return (emitted, sim.rng.drawn, sim.rng.getstate(), sim.store.revision, list(sim.store.iter("Event")), kept)

    short, dicts = run(True), run(False)
    assert short[5][0].count(tuple) == 4 and dict in short[5][0], "texts kept as rows, the rest as written"
    assert [e["count"] for e in short[4] if e["message"] == "pulled" and "host" in e["source"]] == [4]
    assert short == dicts
