"""Events kept as flat tuples in the store read back exactly as the recorder wrote them."""

import pickle

from kubetui import Simulation
from kubetui.engine.events import EventBucket, _compact


def test_recorded_events_read_back_unchanged_and_survive_a_copy():
    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.step(8)
    bucket = sim.store._objects["Event"]["default"]
    assert isinstance(bucket, EventBucket)
    rows = list(dict.values(bucket))
    assert rows and all(type(r) is tuple for r in rows), "the recorder's Events should be kept compact"
    for event in sim.store.iter("Event", "default"):
        assert _compact(event) is not None
        assert sim.store.get("Event", "default", event["metadata"]["name"]) == event
    copy = pickle.loads(pickle.dumps(sim.store))
    assert list(copy.iter("Event", "default")) == list(sim.store.iter("Event", "default"))


def test_an_event_of_another_shape_is_kept_as_written():
    bucket = EventBucket()
    odd = {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "x", "namespace": "default", "labels": {"a": "b"}},
           "involvedObject": {"kind": "Pod", "name": "p"}, "reason": "Custom", "message": "hello", "count": 1}
    bucket["x"] = odd
    assert dict.__getitem__(bucket, "x") is odd
    assert bucket["x"] is odd and bucket.get("x") is odd and bucket.get("y") is None
    assert bucket.pop("x") is odd and bucket.pop("x", None) is None


def test_a_bumped_event_keeps_count_and_last_timestamp():
    sim = Simulation(seed=2)
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default", "uid": "u-1"}}
    first = sim.recorder.record(pod, "Warning", "BackOff", "Back-off restarting failed container", "kubelet", "node-1")
    sim.step(3)
    again = sim.recorder.record(pod, "Warning", "BackOff", "Back-off restarting failed container", "kubelet", "node-1")
    stored = sim.store.get("Event", "default", first["metadata"]["name"])
    assert stored == again and stored["count"] == 2
    assert stored["firstTimestamp"] == first["firstTimestamp"] and stored["lastTimestamp"] != first["firstTimestamp"]


def test_a_ticks_events_are_held_compact_and_read_as_written():
    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    result = sim.step(1)
    rows = result.events._rows
    assert rows and all(type(r) is tuple for r in rows)
    events = list(result.events)
    assert events == result.events and len(events) == len(result.events)
    assert [e["reason"] for e in events].count("SuccessfulCreate") == 2
    assert result.events[0] == events[0] and result.events[-2:] == events[-2:]
    assert pickle.loads(pickle.dumps(result.events)) == events
    for event in events:
        stored = sim.store.get("Event", "default", event["metadata"]["name"])
        assert stored is not None and stored["involvedObject"] == event["involvedObject"]


def test_the_recorders_short_way_stores_what_create_stores(monkeypatch):
    """`Store.create_event` is `create(event, admit=False)` without the indexes an Event never
    needs: the same Events, resourceVersions, random draws and checksum either way."""
    from kubetui.engine.store import Store

    def run(short: bool):
        if not short:
            monkeypatch.setattr(Store, "create_event", lambda self, event: self.create(event, admit=False))
        sim = Simulation(seed=3)
        seen: list = []
        sim.store.observe("Event", lambda kind, old, new: seen.append((kind, old, new)))
        sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
        sim.step(8)
        monkeypatch.undo()
        return (list(sim.store.iter("Event", "default")), sim.store.revision, sim.rng.getstate(), sim.checksum(),
                seen)

    short, long = run(True), run(False)
    assert short[0] and short[4]
    assert short == long


def test_uids_and_resource_versions_kept_as_numbers_read_back_as_written():
    """A compact row holds a canonical UUID as its bits and a resourceVersion as its number;
    any other spelling (upper case, a leading zero, empty, not a number) is kept as text."""
    from kubetui.engine.events import _expand

    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=1")
    sim.step(2)
    event = next(iter(sim.store.iter("Event", "default")))
    row = _compact(event)
    assert row is not None and type(row[1]) is int, "a recorder's Event holds its uid and versions as one number"
    spellings = [("0a1b2c3d-0000-4000-8000-00000000000f", "0"), ("0A1B2C3D-0000-4000-8000-00000000000F", "007"),
                 ("not-a-uuid", ""), ("0a1b2c3d00004000800000000000000f0000", "12a"), ("ffffffff-ffff-ffff-ffff-ffffffffffff", "٣")]
    for uid, rv in spellings:
        for involved_rv in (rv, "42"):
            odd = {**event, "metadata": {**event["metadata"], "uid": uid, "resourceVersion": rv},
                   "involvedObject": {**event["involvedObject"], "resourceVersion": involved_rv}}
            row = _compact(odd)
            assert row is not None and _expand(row) == odd
            assert type(_expand(row)["metadata"]["resourceVersion"]) is str


def test_events_expire_an_hour_after_they_were_last_seen_and_then_start_afresh():
    from kubetui.engine.events import EVENT_TTL

    sim = Simulation(seed=2)
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default", "uid": "u-1"}}
    other = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "q", "namespace": "default", "uid": "u-2"}}
    seen = sim.recorder.record(pod, "Warning", "BackOff", "Back-off", "kubelet", "node-1")["metadata"]["name"]
    once = sim.recorder.record(other, "Normal", "Pulled", "pulled", "kubelet", "node-1")["metadata"]["name"]
    sim.step(EVENT_TTL // 2)
    assert sim.recorder.record(pod, "Warning", "BackOff", "Back-off", "kubelet", "node-1")["count"] == 2
    sim.step(EVENT_TTL // 2 + 1)
    assert sim.store.get("Event", "default", once) is None, "not seen for an hour"
    assert sim.store.get("Event", "default", seen) is not None, "seen half an hour ago"
    sim.step(EVENT_TTL // 2)
    assert sim.store.get("Event", "default", seen) is None
    again = sim.recorder.record(pod, "Warning", "BackOff", "Back-off", "kubelet", "node-1")
    assert again["count"] == 1 and again["metadata"]["name"] != seen
    assert not [k for k in sim.recorder._by_key if k[0] == "u-2"], "an expired Event's dedup entry goes with it"


def test_events_written_as_rows_are_what_the_dict_way_writes(monkeypatch):
    """`EventRecorder.emit` puts a new Event into the store as its flat row (`Store.create_event_row`)
    without building the dict: the same Events, emitted rows, revisions, draws, observers and
    checksum as recording every Event the dict way."""
    from kubetui.engine.events import EventRecorder

    def run(rows: bool):
        if not rows:
            monkeypatch.setattr(EventRecorder, "emit", EventRecorder._emit_dict)
        sim = Simulation(seed=3)
        seen: list = []
        sim.store.observe("Event", lambda kind, old, new: seen.append((kind, old, new)))
        sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
        emitted = [list(sim.step(1).events) for _ in range(8)]
        sim.run("kubectl scale deployment web --replicas=1")
        emitted += [list(sim.step(1).events) for _ in range(3)]
        monkeypatch.undo()
        return (list(sim.store.iter("Event", "default")), sim.store.revision, sim.rng.getstate(), sim.checksum(),
                seen, emitted)

    rows, dicts = run(True), run(False)
    assert rows[0] and rows[4] and any(rows[5])
    assert rows == dicts



def test_event_rows_share_their_dedup_key_and_alike_parts():
    """A row holds the recorder's dedup key itself (no second copy in the index), one tuple of
    type/reason/source/namespace and one of involved kind/reporter for all Events alike, and
    the container's field path as one string."""
    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.step(8)
    paths = [written[3] for written in sim.recorder._journal if written[3] is not None]
    assert len(paths) == 12 and all(path is paths[0] for path in paths), "one string while unread too"
    bucket = sim.store._objects["Event"]["default"]
    index = {name: key for key, name in sim.recorder._by_key.items()}
    started = []
    for name, row in dict.items(bucket):
        assert type(row) is tuple and row[3] is index[name]
        assert _compact(bucket[name]) == row
        if bucket[name]["reason"] == "Started":
            started.append(row)
    assert len(started) == 3
    nodes = {bucket[r[0]]["source"]["host"] for r in started}
    for a in started:
        for b in started:
            if bucket[a[0]]["source"]["host"] == bucket[b[0]]["source"]["host"]:
                assert a[3][1] is b[3][1] and a[4] is b[4]
            assert a[6] is b[6] == "spec.containers{nginx}"
    assert nodes
