"""A real cluster's Events on the replay timeline: the output of `kubectl get events -A -o json`
(or `-o yaml`), read-only, ordered by time.

Real Events carry their time in different places depending on who wrote them: `lastTimestamp`
and `firstTimestamp` (core/v1, the older recorders), `eventTime` with `series.lastObservedTime`
for repeats (events.k8s.io/v1 recorders), or only `metadata.creationTimestamp`. The latest of
those is the Event's time, as `kubectl get events` sorts them. `tick` is seconds since the
first Event, so the timeline reads like a simulated one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from kubetui.model.safe_yaml import InputError, load_json, load_yaml, read_text
from kubetui.replay.reader import LogError
from kubetui.replay.records import object_key, split_key

MAX_BYTES = 256 * 1024 * 1024


@dataclass
class TimelineEvent:
    """One Event on a timeline, from a kubetui log or a real cluster."""

    tick: int | None
    type: str
    reason: str
    object: str
    message: str
    count: int = 1
    time: str | None = None
    """RFC 3339, as the cluster wrote it (None for a simulated Event or one without a time)."""
    source: str = ""
    namespace: str = ""
    """The Event's own namespace (where `kubectl get events -n` finds it)."""


def load_events(path: str | Path) -> list[TimelineEvent]:
    """The Events in a `kubectl get events -o json|yaml` dump, oldest first (those with no time last)."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise LogError(f"{name}: is a directory, not a file of Events")
        if size > MAX_BYTES:
            raise LogError(f"{name}: {size // (1024 * 1024)} MiB is too large for a file of Events")
        text = read_text(p, name, limit=MAX_BYTES)
    except InputError as exc:
        raise LogError(str(exc)) from None
    except FileNotFoundError:
        raise LogError(f"{name}: no such file") from None
    except UnicodeDecodeError as exc:
        raise LogError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise LogError(f"{name}: {exc.strerror or exc}") from None
    doc = _parse(text, name)
    items = _items(doc, name)
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise LogError(f"{name}: item {i} is not an object")
        out.append(_event(item))
    stamps = [_parse_time(e.time) for e in out]
    known = [s for s in stamps if s is not None]
    first = min(known) if known else None
    for e, s in zip(out, stamps):
        e.tick = int((s - first).total_seconds()) if s is not None and first is not None else None
    order = sorted(range(len(out)), key=lambda i: (stamps[i] is None, stamps[i] or datetime.min.replace(tzinfo=timezone.utc), i))
    return [out[i] for i in order]


def _parse(text: str, name: str):
    if not text.strip():
        raise LogError(f"{name}:1: empty file: expected the output of kubectl get events -o json")
    if text.lstrip().startswith(("{", "[")):
        try:
            return load_json(text, name)
        except InputError as exc:
            raise LogError(f"{exc.source}:{exc.line}: not valid JSON ({exc.message})") from None
    try:
        return load_yaml(text, name)
    except InputError as exc:
        raise LogError(f"{exc.source}:{exc.line}: neither JSON nor YAML ({exc.message})") from None


def _items(doc, name: str) -> list:
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        raise LogError(f"{name}:1: expected an EventList (kubectl get events -A -o json), found {type(doc).__name__}")
    kind = doc.get("kind", "")
    if kind == "Event":
        return [doc]
    if "items" in doc:
        items = doc["items"]
        if items is None:
            return []
        if not isinstance(items, list):
            raise LogError(f"{name}:1: items must be a list")
        return items
    raise LogError(f"{name}:1: expected an EventList or a List of Events, found kind {kind or 'none'!r}")


def _event(item: dict) -> TimelineEvent:
    meta = item.get("metadata") or {}
    involved = item.get("involvedObject") or item.get("regarding") or {}
    series = item.get("series") or {}
    times = [t for t in (item.get("lastTimestamp"), series.get("lastObservedTime"), item.get("eventTime"),
                         item.get("firstTimestamp"), item.get("deprecatedLastTimestamp"),
                         meta.get("creationTimestamp")) if isinstance(t, str) and t]
    when = max(times, key=lambda t: _parse_time(t) or datetime.min.replace(tzinfo=timezone.utc)) if times else None
    count = item.get("count") or series.get("count") or item.get("deprecatedCount") or 1
    source = item.get("source") or {}
    component = (source.get("component") if isinstance(source, dict) else None) or item.get("reportingComponent") \
        or item.get("reportingController") or ""
    namespace = involved.get("namespace") or ""
    return TimelineEvent(
        tick=None, type=str(item.get("type") or ""), reason=str(item.get("reason") or ""),
        object=object_key(str(involved.get("kind") or ""), str(namespace), str(involved.get("name") or "")),
        message=str(item.get("message") or item.get("note") or ""), count=int(count) if str(count).isdigit() else 1,
        time=when, source=str(component), namespace=str(meta.get("namespace") or namespace))


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def format_events(events: list[TimelineEvent]) -> str:
    """A table in the shape of `kubectl get events -A`, with the time in place of its age."""
    rows = [("NAMESPACE", "TIME", "TYPE", "REASON", "OBJECT", "MESSAGE")]
    for e in events:
        kind, ns, name = split_key(e.object)
        message = e.message.replace("\n", " ")
        if e.count > 1:
            message += f" (x{e.count})"
        rows.append((e.namespace or ns, e.time or "<unknown>", e.type, e.reason, f"{kind.lower()}/{name}", message))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "".join("   ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "   " + r[5] + "\n" for r in rows)
