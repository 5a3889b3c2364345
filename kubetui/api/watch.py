"""Watches: the store's change feed as Kubernetes watch events.

The hub observes every kind of the store (`Store.observe`: a reader, never copied with the
simulation) and keeps a window of recent events per kind, the API server's watch cache, so a
client can resume from the resourceVersion it last saw; older than the window is `410 Gone`
(`too old resource version`). Each open watch gets the events that match its namespace and
selectors: an object that starts or stops matching a selector arrives as ADDED or DELETED,
as from the real watch cache.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.model import fields
from kubetui.model.kinds import KINDS

if TYPE_CHECKING:
    from kubetui.model.labels import Selector
    from kubetui.shell import Simulation

WINDOW = 5000
"""Events kept per kind for resuming watches."""

INITIAL_EVENTS_END = "k8s.io/initial-events-end"


@dataclass
class Filter:
    kind: str
    namespace: str | None
    labels: Selector | None
    terms: list = field(default_factory=list)

    def matches(self, obj: dict | None) -> bool:
        if obj is None:
            return False
        meta = obj["metadata"]
        if self.namespace is not None and meta.get("namespace") != self.namespace:
            return False
        if self.labels is not None and not self.labels.matches(meta.get("labels")):
            return False
        return fields.matches(self.terms, obj) if self.terms else True


@dataclass
class Event:
    rv: int
    type: str
    old: dict | None
    new: dict | None
    managed: tuple | None = None
    """The noted writes of the object (fieldmanager.Ledger.snapshot): its managedFields are worked
    out only when the event is sent as an object (not as a Table row)."""

    @property
    def object(self) -> dict:
        """The object the event carries (for DELETED: the last state, at the deletion's version)."""
        if self.new is not None:
            return self.new
        assert self.old is not None
        return {**self.old, "metadata": {**self.old["metadata"], "resourceVersion": str(self.rv)}}


class Noted(dict):
    """An event's object, with its noted writes (Event.managed) for the sender."""

    def __init__(self, obj: dict, managed: tuple | None = None):
        super().__init__(obj)
        self.managed = managed


class Subscription:
    """One open watch: its filter and the queue of (type, object) waiting to be sent."""

    def __init__(self, flt: Filter):
        self.filter = flt
        self.queue: asyncio.Queue[tuple[str, dict]] = asyncio.Queue()

    def offer(self, event: Event) -> None:
        old_in, new_in = self.filter.matches(event.old), self.filter.matches(event.new)
        kind = None
        if event.type == "DELETED":
            kind = "DELETED" if old_in else None
        elif old_in and new_in:
            kind = "MODIFIED"
        elif new_in:
            kind = "ADDED"
        elif old_in:
            kind = "DELETED"
        if kind is not None:
            self.queue.put_nowait((kind, Noted(event.object, managed=event.managed)))


class Gone(Exception):
    """The resourceVersion asked for is older than the window kept."""

    def __init__(self, asked: int, oldest: int):
        super().__init__(f"too old resource version: {asked} ({oldest})")


class Hub:
    """The watch cache of one simulation."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.start = sim.store.revision
        """The revision when the hub began to listen: nothing older can be resumed."""
        self.recent: dict[str, deque[Event]] = {k: deque(maxlen=WINDOW) for k in KINDS}
        self.floor: dict[str, int] = {k: self.start for k in KINDS}
        """Per kind, the newest revision no longer resumable (older events fell out of the window)."""
        self.subscriptions: dict[str, list[Subscription]] = {k: [] for k in KINDS}
        self._callbacks = {k: self._callback(k) for k in KINDS}
        for kind, cb in self._callbacks.items():
            sim.store.observe(kind, cb)

    def close(self) -> None:
        for kind, cb in self._callbacks.items():
            if kind in self.sim.store.kinds:
                self.sim.store.unobserve(kind, cb)

    def _callback(self, kind: str):
        def on_change(event_type: str, old: dict | None, new: dict | None) -> None:
            # Writers may share an unchanged metadata dict between versions, and the store stamps
            # the new resourceVersion into it: keep each version's metadata as it is now.
            old = {**old, "metadata": dict(old["metadata"])} if old is not None else None
            new = {**new, "metadata": dict(new["metadata"])} if new is not None else None
            rv = int(new["metadata"]["resourceVersion"]) if new is not None else self.sim.store.revision
            some = new if new is not None else old
            assert some is not None
            ev = Event(rv, event_type, old, new, self.sim.store.managed.snapshot(some))
            window = self.recent[kind]
            if len(window) == window.maxlen:
                self.floor[kind] = window[0].rv
            window.append(ev)
            for sub in self.subscriptions[kind]:
                sub.offer(ev)
        return on_change

    def _follow(self, kind: str) -> None:
        """Start following a custom kind (served after the hub began)."""
        if kind in self._callbacks:
            return
        self.recent[kind] = deque(maxlen=WINDOW)
        self.floor[kind] = self.sim.store.revision
        self.subscriptions[kind] = []
        self._callbacks[kind] = self._callback(kind)
        self.sim.store.observe(kind, self._callbacks[kind])

    def subscribe(self, flt: Filter, since: int | None) -> Subscription:
        """A new watch from `since` (None: from now); raises Gone when `since` is too old."""
        self._follow(flt.kind)
        sub = Subscription(flt)
        if since is not None:
            floor = self.floor[flt.kind]
            if since < floor:
                raise Gone(since, floor + 1)
            for ev in self.recent[flt.kind]:
                if ev.rv > since:
                    sub.offer(ev)
        self.subscriptions[flt.kind].append(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        subs = self.subscriptions[sub.filter.kind]
        if sub in subs:
            subs.remove(sub)

    def watchers(self) -> int:
        return sum(len(s) for s in self.subscriptions.values())
