"""The event recorder: core/v1 Events as kubelets and controllers write them, aggregated.

Kubernetes folds a repeated event (same object, reason, message and source) into one Event
whose `count` grows, and expires Events after an hour; so does this recorder.
"""

from __future__ import annotations

import _random
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kubetui.engine.sharedvalues import keep
from kubetui.model.clock import tick_of, timestamp
from kubetui.model.kinds import KINDS

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

EVENT_TTL = 3600
"""The API server's default --event-ttl (1 h)."""

_NS_PER_TICK = 1_000_000_000
_getrandbits = _random.Random.getrandbits
"""The generator's own draw: `emit` counts the words as `randomness.Stream.getrandbits` does."""
_EPOCH_UNIX = 1767225600
"""2026-01-01T00:00:00Z in Unix seconds; event names carry a Unix-nanosecond suffix."""


class EventRecorder:
    def __init__(self, sim: Simulation):
        self.sim = sim
        self._by_key: dict[tuple, str | tuple] = {}
        """Dedup key (`_dedup_key`: involved uid, type, reason, message, component, host,
        namespace) -> the Event's name (its record while in the journal); the stored row holds
        the same key object."""
        self._expiry: deque[tuple[int, str, list[str]]] = deque()
        """(tick, namespace, names): Events to look at for expiry at `tick`, in creation order, those
        of one tick and namespace in one list (a cold start writes six Events a pod)."""
        self._seq = 0
        self._sources: dict[tuple[str, str | None], dict] = {}
        """One `source` per (component, host), shared by its Events (stored objects are never changed in place)."""
        self.emitted: EmittedEvents = EmittedEvents()
        """Events created or bumped during the current tick (the TickResult's events)."""
        self._journal: list[tuple] = []
        """New Events written while nothing watches Events, not yet in the store's buckets, in the
        order written: each a record `_row_of` reads (its uid drawn, its resourceVersion and name's
        sequence number taken), made the stored row when anything first reads Events (`flush`)."""
        sim.store._events.recorder = self

    def record(self, obj: dict, type_: str, reason: str, message: str,
               component: str, host: str | None = None, field_path: str | None = None) -> dict:
        """Record an Event about `obj` (or bump the one like it) and return it as stored."""
        return _read(self.emit(obj, type_, reason, message, component, host, field_path))

    def flush(self) -> None:
        """Put the Events written but not yet read into the store as the rows `_create_row` makes,
        in the order they were written (any other write to the Events' buckets flushes first)."""
        journal = self._journal
        if not journal:
            return
        self._journal = []
        spaces = self.sim.store._objects["Event"]
        by_key = self._by_key
        expire_at = self._expire_at
        bucket: Any = None
        namespace = None
        for written in journal:
            row = _row_of(written)
            key = written[0]
            if key[1][4] is not namespace:
                namespace = key[1][4]
                bucket = dict.get(spaces, namespace)
                if bucket is None:
                    bucket = EventBucket()
                    dict.__setitem__(spaces, namespace, bucket)
            name = row[0]
            dict.__setitem__(bucket, name, row)
            by_key[key] = name
            expire_at(written[8] + EVENT_TTL, namespace, name)

    def emit(self, obj: dict, type_: str, reason: str, message: str,
             component: str, host: str | None = None, field_path: str | None = None) -> tuple | dict:
        """`record` for callers that do not read the Event back: a new Event of the recorder's
        usual shape goes into the store as the flat row it is kept as, never built as a dict."""
        meta = obj["metadata"]
        name = meta["name"]
        uid = meta.get("uid", name)
        alike = (type_, reason, component, host or None, meta.get("namespace") or "default")
        texts = _TEXTS.get(alike)  # the five checked to be texts once per tuple alike, not per Event
        if texts is None:
            texts = _texts(alike)
        if texts is not None and type(message) is str and type(name) is str and type(uid) is str:
            if name not in message:
                # "Started container app": one string for every pod; a message naming its object
                # ("Successfully assigned default/web-1 to node-2") is its object's alone
                message = sys.intern(message)
            key = (uid, texts, message)  # `_dedup_key`, inline on this hot path
            by_key = self._by_key
            rv = meta.get("resourceVersion", "")
            if key not in by_key and type(rv) is str and (field_path is None or type(field_path) is str):
                kind = obj["kind"]
                sim = self.sim
                store = sim.store
                k = KINDS.get(kind) or store.kinds[kind]
                if store._watchers["Event"] or store._observers["Event"] or store._events.foreign:
                    namespace = texts[4]
                    return self._create_row(key, name, namespace, k.api_version, k.kind, uid, rv,
                                            namespace if k.namespaced else None, field_path or None)
                # What writing the row draws and counts happens now, in its place; the rest waits
                # for a reader (`flush`).
                rng = sim.rng
                bits = _getrandbits(rng, 128)  # `Stream.getrandbits(128)` without its call
                rng.drawn += 4
                self._seq += 1
                store.revision += 1
                written = (key, k, name, field_path or None, rv, bits, store.revision, self._seq, sim.tick)
                by_key[key] = written
                self._journal.append(written)
                self.emitted._rows.append(written)
                return written
        return self._emit_dict(obj, type_, reason, message, component, host, field_path)

    def _emit_dict(self, obj: dict, type_: str, reason: str, message: str,
                   component: str, host: str | None = None, field_path: str | None = None) -> dict:
        """`emit` the long way: the Event as a dict, through `Store.create_event` (a bump, or an
        Event with something other than text where texts go)."""
        self.flush()
        host = host or None
        meta = obj["metadata"]
        kind = obj["kind"]
        namespace = meta.get("namespace") or "default"
        store = self.sim.store
        k = store.kinds[kind]
        if type(message) is str:
            message = sys.intern(message)
        involved = {
            "apiVersion": k.api_version,
            "kind": kind,
            "name": meta["name"],
            "uid": meta.get("uid", meta["name"]),
            "resourceVersion": meta.get("resourceVersion", ""),
        }
        if k.namespaced:
            involved["namespace"] = namespace
        if field_path:
            involved["fieldPath"] = field_path
        key = _dedup_key(involved["uid"], type_, reason, message, component, host, namespace)
        now = timestamp(self.sim.tick)
        found = self._by_key.get(key)
        if isinstance(found, str):  # a name, the journal being flushed
            old = store.get("Event", namespace, found)
            if old is not None:
                new = dict(old)
                new["count"] = old.get("count", 1) + 1
                new["lastTimestamp"] = now
                new = store.update(new, admit=False)
                self.emitted.append(self._row(namespace, found, new))
                return new
        self._seq += 1
        source = self._sources.get((component, host))
        if source is None:
            source = {"component": component}
            if host:
                source["host"] = host
            self._sources[(component, host)] = source
        event: dict[str, Any] = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {
                "name": f"{meta['name']}.{(_EPOCH_UNIX + self.sim.tick) * _NS_PER_TICK + self._seq:x}",
                "namespace": namespace,
            },
            "involvedObject": involved,
            "reason": reason,
            "message": message,
            "source": source,
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": type_,
            "eventTime": None,
            "reportingComponent": component,
            "reportingInstance": host or "",
        }
        event = store.create_event(event)
        name = event["metadata"]["name"]
        self._by_key[key] = name
        self._expire_at(self.sim.tick + EVENT_TTL, namespace, name)
        self.emitted.append(self._row(namespace, event["metadata"]["name"], event))
        return event

    def _create_row(self, key: tuple, obj_name: str, namespace: str, api_version: str, kind: str, uid: str,
                    rv: str, involved_ns: str | None, field_path: str | None) -> tuple:
        """A new Event as `_compact` would keep the dict `emit` builds otherwise (all its texts are
        texts, checked by the caller)."""
        self.flush()
        self._seq += 1
        tick = self.sim.tick
        now = timestamp(tick)
        component, host = key[1][2], key[1][3]
        name = f"{obj_name}.{(_EPOCH_UNIX + tick) * _NS_PER_TICK + self._seq:x}"
        who = (api_version, kind, involved_ns, component, host or "")
        row = self.sim.store.create_event_row(namespace, name, _version(rv), (
            key, _SHARED.get(who) or _shared(who), obj_name,
            field_path if field_path is None else sys.intern(field_path), now, now, 1))
        self._by_key[key] = name
        self._expire_at(tick + EVENT_TTL, namespace, name)
        self.emitted.append(row)
        return row

    def _row(self, namespace: str, name: str, event: dict) -> tuple | dict:
        """The stored flat tuple of an Event just written (the same object, no copy), or the dict."""
        bucket = self.sim.store._objects["Event"].get(namespace)
        row = dict.get(bucket, name) if isinstance(bucket, EventBucket) else None
        return row if type(row) is tuple else event

    def _expire_at(self, tick: int, namespace: str, name: str) -> None:
        last = self._expiry[-1] if self._expiry else None
        if last is not None and last[0] == tick and last[1] == namespace:
            last[2].append(name)
        else:
            self._expiry.append((tick, namespace, [name]))

    def expire(self) -> None:
        """Drop Events not seen for an hour (checked in creation order, as cheap as a queue)."""
        tick = self.sim.tick
        store = self.sim.store
        if self._journal and (self._journal[0][8] + EVENT_TTL <= tick or self._expiry and self._expiry[0][0] <= tick):
            self.flush()  # what expiry re-queues goes after what was written before it
        while self._expiry and self._expiry[0][0] <= tick:
            _, ns, names = self._expiry.popleft()
            bucket = store._objects["Event"].get(ns)
            for name in names:
                row = dict.get(bucket, name) if bucket is not None else None
                if row is None:
                    continue
                compact = type(row) is tuple  # a row of `_compact` (its lastTimestamp at 8), or a stored dict
                last = _tick_of(row[8] if compact else row["lastTimestamp"])
                if last + EVENT_TTL > tick:
                    self._expire_at(last + EVENT_TTL, ns, name)
                    continue
                if not store.remove_event_row(ns, name):
                    store.remove("Event", ns, name)
                if compact:
                    key = row[3]  # the dedup key the row holds
                else:
                    source = row.get("source") or {}
                    key = _dedup_key((row.get("involvedObject") or {}).get("uid"), row.get("type"), row.get("reason"),
                                     row.get("message"), source.get("component"), source.get("host"), ns)
                if self._by_key.get(key) == name:
                    del self._by_key[key]


def _tick_of(ts: str) -> int:
    return tick_of(ts) or 0


_EVENT_KEYS = ("apiVersion", "kind", "metadata", "involvedObject", "reason", "message", "source", "firstTimestamp",
               "lastTimestamp", "count", "type", "eventTime", "reportingComponent", "reportingInstance")
_META_KEYS = ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
_INVOLVED_KEYS = ("apiVersion", "kind", "name", "uid", "resourceVersion", "namespace", "fieldPath")
_STR = {str}
_NOT_SET = object()
"""A default no Event equals (never stored: the tuples hold None for a field an Event lacks)."""


def _compact(event: dict) -> tuple | None:
    """An Event of the recorder's own shape as a flat tuple (a fifth of the memory), or None
    when it has any other shape (one a user wrote), which is then kept as it is."""
    if tuple(event) != _EVENT_KEYS or event["eventTime"] is not None or event["apiVersion"] != "v1":
        return None
    meta, involved, source = event["metadata"], event["involvedObject"], event["source"]
    if type(meta) is not dict or tuple(meta) != _META_KEYS or type(involved) is not dict \
            or type(source) is not dict or type(event["count"]) is not int:
        return None
    keys = tuple(involved)
    if keys != _INVOLVED_KEYS[:len(keys)] and keys != _INVOLVED_KEYS[:5] + ("fieldPath",):
        return None
    if tuple(source) not in (("component",), ("component", "host")):
        return None
    strings = (*meta.values(), *involved.values(), *source.values(), event["reason"], event["message"],
               event["firstTimestamp"], event["lastTimestamp"], event["type"], event["reportingComponent"],
               event["reportingInstance"])
    if set(map(type, strings)) != _STR:
        return None
    get = involved.get
    name, namespace, uid, rv, created = meta.values()
    host = source.get("host")
    key = _dedup_key(get("uid"), event["type"], event["reason"], event["message"], source["component"], host, namespace)
    return (name, event_numbers(_uid_bits(uid), _version(rv), _version(get("resourceVersion"))), created, key,
            _shared((get("apiVersion"), get("kind"), get("namespace"), event["reportingComponent"],
                     event["reportingInstance"])),
            get("name"), get("fieldPath"), event["firstTimestamp"], event["lastTimestamp"], event["count"])


_LOW = (1 << 64) - 1


def event_numbers(uid: int | str, rv: int | str | None, involved_rv: int | str | None) -> int | tuple:
    """An Event's uid (as its bits), resourceVersion and its object's resourceVersion as one
    number, `uid << 128 | rv << 64 | involved_rv` (60 bytes where the three took 100, and two
    slots fewer in the row), when all three are numbers of their usual size; else the three."""
    if type(uid) is int and type(rv) is int and type(involved_rv) is int and rv <= _LOW and involved_rv <= _LOW:
        return uid << 128 | rv << 64 | involved_rv
    return (uid, rv, involved_rv)


def _numbers_of(numbers: int | tuple) -> tuple:
    if isinstance(numbers, int):
        return numbers >> 128, numbers >> 64 & _LOW, numbers & _LOW
    return numbers


_SHARED: dict[tuple, tuple] = {}
"""Tuples of texts many Events hold alike (what makes their dedup key but the object and the
message; who is involved and who reports), one object each: the store keeps six Events a pod."""


_TEXTS: dict[tuple, tuple] = {}
"""(type, reason, component, host, namespace) -> its `_SHARED` tuple, for those whose parts are
all texts (the host may be None): what `emit` checks once per tuple alike."""


def _texts(alike: tuple) -> tuple | None:
    type_, reason, component, host, namespace = alike
    if type(type_) is str and type(reason) is str and type(component) is str and type(namespace) is str \
            and (host is None or type(host) is str):
        return keep(_TEXTS, alike, _shared(alike))
    return None


def _shared(value: tuple) -> tuple:
    found = _SHARED.get(value)
    if found is None:
        found = keep(_SHARED, value, value)
    return found


def _dedup_key(uid, type_, reason, message, component, host, namespace) -> tuple:
    """What makes two Events one (the recorder bumps its count): the object, type, reason,
    message and source, as (uid, the shared rest but the message, message)."""
    return (uid, _shared((type_, reason, component, host, namespace)), message)


def _uid_bits(uid: str) -> int | str:
    """A uid in the canonical text of a UUID as its 128 bits (44 bytes instead of 85); any
    other text as it is."""
    if len(uid) != 36:
        return uid
    try:
        bits = int(uid.replace("-", ""), 16)
    except ValueError:
        return uid
    return bits if _uid_text(bits) == uid else uid


def _uid_text(bits: int | str) -> str:
    if isinstance(bits, str):
        return bits
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _version(rv: str | None) -> int | str | None:
    """A resourceVersion as the number it spells (28 bytes instead of 55), when it spells one exactly."""
    if rv and rv.isdigit() and rv.isascii() and (rv[0] != "0" or rv == "0"):
        return int(rv)
    return rv


def _version_text(rv: int | str | None) -> str | None:
    return rv if rv is None or isinstance(rv, str) else str(rv)


_WRITTEN = 9
"""The length of a record `emit` wrote (a stored row has ten fields)."""


def _row_of(written: tuple) -> tuple:
    """The row `_create_row` stores for an Event `emit` wrote as a record of `_WRITTEN` fields:
    (dedup key, involved Kind, involved name, field path, involved resourceVersion, drawn bits,
    resourceVersion, sequence number, tick)."""
    key, k, obj_name, field_path, involved_rv, bits, rv, seq, tick = written
    _, _, component, host, namespace = key[1]
    now = timestamp(tick)
    who = (k.api_version, k.kind, namespace if k.namespaced else None, component, host or "")
    return (f"{obj_name}.{(_EPOCH_UNIX + tick) * _NS_PER_TICK + seq:x}",
            event_numbers(_store.uuid4_bits(bits), rv, _version(involved_rv)), now, key, _SHARED.get(who) or _shared(who),
            obj_name, field_path if field_path is None else sys.intern(field_path), now, now, 1)


def _expand(row: tuple) -> dict:
    name, numbers, created, (i_uid, (type_, reason, component, host, namespace), message), \
        (i_api, i_kind, i_ns, reporting, instance), i_name, i_field, first, last, count = row
    uid, rv, i_rv = _numbers_of(numbers)
    uid, rv, i_rv = _uid_text(uid), _version_text(rv), _version_text(i_rv)
    involved = {"apiVersion": i_api, "kind": i_kind, "name": i_name, "uid": i_uid, "resourceVersion": i_rv}
    if i_ns is not None:
        involved["namespace"] = i_ns
    if i_field is not None:
        involved["fieldPath"] = i_field
    source = {"component": component}
    if host is not None:
        source["host"] = host
    return {"apiVersion": "v1", "kind": "Event",
            "metadata": {"name": name, "namespace": namespace, "uid": uid, "resourceVersion": rv,
                         "creationTimestamp": created},
            "involvedObject": involved, "reason": reason, "message": message, "source": source,
            "firstTimestamp": first, "lastTimestamp": last, "count": count, "type": type_, "eventTime": None,
            "reportingComponent": reporting, "reportingInstance": instance}


def _read(row: tuple | dict) -> dict:
    """An Event as a reader sees it, from a stored row, a record `emit` wrote or a dict."""
    if type(row) is tuple:
        return _expand(_row_of(row) if len(row) == _WRITTEN else row)
    return row  # type: ignore[return-value]


class EmittedEvents(Sequence):
    """A tick's Events in the order written, each kept as the store keeps it (a flat tuple) and
    a dict again when read: the first tick of a big cluster writes two Events per pod, and as
    dicts they were a sixth of the peak memory until the tick's end."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list | None = None):
        self._rows: list[Any] = rows if rows is not None else []

    def append(self, row: tuple | dict) -> None:
        self._rows.append(row)

    def clear(self) -> None:
        self._rows.clear()

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_read(row) for row in self._rows[index]]
        return _read(self._rows[index])

    def __iter__(self) -> Iterator[dict]:
        for row in self._rows:
            yield _read(row)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (EmittedEvents, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EmittedEvents({list(self)!r})"


class EventBucket(dict):
    """The Events of one namespace in the store: name -> Event, each kept as a flat tuple and
    made a dict again when read. A busy cluster holds six Events per pod for an hour (180,000
    at 30,000 pods), half its memory as dicts. Reads hand out a new dict every time; the store's
    rule (read, never change in place) is what makes that the same to every reader."""

    def __setitem__(self, name: str, event) -> None:
        if type(event) is dict:
            event = _compact(event) or event
        dict.__setitem__(self, name, event)

    def __getitem__(self, name: str) -> dict:
        row = dict.__getitem__(self, name)
        return _expand(row) if type(row) is tuple else row

    def get(self, name: str, default=None):
        row = dict.get(self, name, _NOT_SET)
        if row is _NOT_SET:
            return default
        return _expand(row) if type(row) is tuple else row

    def pop(self, name: str, *default):
        row = dict.pop(self, name, *default)
        return _expand(row) if type(row) is tuple else row

    def values(self):
        return [_expand(row) if type(row) is tuple else row for row in dict.values(self)]

    def items(self):
        return [(name, _expand(row) if type(row) is tuple else row) for name, row in dict.items(self)]

    def setdefault(self, name: str, default=None):
        if name not in self:
            self[name] = default
        return self[name]

    def __reduce__(self):
        return (EventBucket, (), None, None, iter(dict.items(self)))


class EventSpaces(dict):
    """The store's Events: namespace -> EventBucket. Events the recorder wrote while nobody
    watched Events wait in its journal; any read here puts them in first (`flush`), and every
    write to a bucket reads it first. Setting a namespace's bucket does not: a copy or an
    unpickling sets them before the recorder is there."""

    def __init__(self) -> None:
        super().__init__()
        self.recorder: EventRecorder | None = None
        self.foreign = False
        """Whether an Event was ever created other than by the recorder (a user's): its name
        might be one the recorder would pick, so the recorder checks each name as it writes."""

    def _flush(self) -> None:
        recorder = self.recorder
        if recorder is not None and recorder._journal:
            recorder.flush()

    def __getitem__(self, namespace: str) -> EventBucket:
        self._flush()
        return dict.__getitem__(self, namespace)

    def get(self, namespace: str, default=None):
        self._flush()
        return dict.get(self, namespace, default)

    def __contains__(self, namespace: object) -> bool:
        self._flush()
        return dict.__contains__(self, namespace)

    def __iter__(self):
        self._flush()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._flush()
        return dict.__len__(self)

    def keys(self):
        self._flush()
        return dict.keys(self)

    def values(self):
        self._flush()
        return dict.values(self)

    def items(self):
        self._flush()
        return dict.items(self)

    def pop(self, namespace: str, *default):
        self._flush()
        return dict.pop(self, namespace, *default)

    def setdefault(self, namespace: str, default=None):
        self._flush()
        return dict.setdefault(self, namespace, default)

    def __eq__(self, other: object) -> bool:
        self._flush()
        return dict.__eq__(self, other)

    __hash__ = None

    def __repr__(self) -> str:
        self._flush()
        return dict.__repr__(self)

    def __reduce__(self):
        return (EventSpaces, (), dict(vars(self)), None, iter(dict.items(self)))


from kubetui.engine import store as _store  # noqa: E402  (the store imports this module: `_store.uuid4_bits` when called)
