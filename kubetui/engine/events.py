"""The event recorder: core/v1 Events as kubelets and controllers write them, aggregated.

Kubernetes folds a repeated event (same object, reason, message and source) into one Event
whose `count` grows, and expires Events after an hour; so does this recorder.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from kubetui.model.clock import tick_of, timestamp

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

EVENT_TTL = 3600
"""The API server's default --event-ttl (1 h)."""

_NS_PER_TICK = 1_000_000_000
_EPOCH_UNIX = 1767225600
"""2026-01-01T00:00:00Z in Unix seconds; event names carry a Unix-nanosecond suffix."""


class EventRecorder:
    def __init__(self, sim: Simulation):
        self.sim = sim
        self._by_key: dict[tuple, tuple[str, str]] = {}
        self._expiry: deque[tuple[int, str, str, tuple]] = deque()
        self._seq = 0
        self.emitted: list[dict] = []
        """Events created or bumped during the current tick (the TickResult's events)."""

    def record(self, obj: dict, type_: str, reason: str, message: str,
               component: str, host: str | None = None, field_path: str | None = None) -> dict:
        meta = obj["metadata"]
        kind = obj["kind"]
        namespace = meta.get("namespace") or "default"
        involved = {
            "apiVersion": self.sim.store.kinds[kind].api_version,
            "kind": kind,
            "name": meta["name"],
            "uid": meta.get("uid", meta["name"]),
            "resourceVersion": meta.get("resourceVersion", ""),
        }
        if self.sim.store.kinds[kind].namespaced:
            involved["namespace"] = namespace
        if field_path:
            involved["fieldPath"] = field_path
        key = (involved["uid"], type_, reason, message, component, host)
        store = self.sim.store
        now = timestamp(self.sim.tick)
        found = self._by_key.get(key)
        if found is not None:
            old = store.get("Event", *found)
            if old is not None:
                new = dict(old)
                new["count"] = old.get("count", 1) + 1
                new["lastTimestamp"] = now
                new = store.update(new, admit=False)
                self.emitted.append(new)
                return new
        self._seq += 1
        source = {"component": component}
        if host:
            source["host"] = host
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
        event = store.create(event, admit=False)
        ev_key = (namespace, event["metadata"]["name"])
        self._by_key[key] = ev_key
        self._expiry.append((self.sim.tick + EVENT_TTL, namespace, event["metadata"]["name"], key))
        self.emitted.append(event)
        return event

    def expire(self) -> None:
        """Drop Events not seen for an hour (checked in creation order, as cheap as a queue)."""
        tick = self.sim.tick
        store = self.sim.store
        while self._expiry and self._expiry[0][0] <= tick:
            _, ns, name, key = self._expiry.popleft()
            ev = store.get("Event", ns, name)
            if ev is None:
                continue
            last = _tick_of(ev["lastTimestamp"])
            if last + EVENT_TTL > tick:
                self._expiry.append((last + EVENT_TTL, ns, name, key))
                continue
            store.remove("Event", ns, name)
            if self._by_key.get(key) == (ns, name):
                del self._by_key[key]


def _tick_of(ts: str) -> int:
    return tick_of(ts) or 0
