"""`kubectl events`: kubectl's own event table, not the server's `get events` one. An Event seen
again shows as `LAST (xN over FIRST)`, the object as `Kind/name`, and the list is sorted by when
each Event was last seen, so a probe failing over and over sits at the bottom where it happened."""

from __future__ import annotations

from kubetui.kubectl.commands._base import CommandError, Context, check_output_format, kind_for, print_objects
from kubetui.kubectl.printers.age import tick_of
from kubetui.kubectl.printers.describe import event_interval
from kubetui.kubectl.printers.table import TABLE_MINWIDTH, TABLE_PADDING
from kubetui.kubectl.printers.tabwriter import tabwrite

OUTPUT_FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file",
                  "kyaml", "name", "template", "templatefile", "yaml")
"""What `kubectl events -o` prints with (no `wide`: the table is kubectl's own)."""


def last_seen(e: dict) -> str:
    """When the Event was last seen, for sorting: the series' last observation, else lastTimestamp,
    else eventTime."""
    series = e.get("series") or {}
    return series.get("lastObservedTime") or e.get("lastTimestamp") or e.get("eventTime") or ""


def _selected(ctx: Context) -> list[dict]:
    """The Events `--for`, `--types` and the namespace select, in the API server's order."""
    types = {str(t).lower() for t in ctx.flag("types") or []}
    kind = name = None
    if ctx.flag("for"):
        word, _, name = str(ctx.flag("for")).partition("/")
        kind = kind_for(word, ctx.store.kinds).kind
    namespace = None if ctx.all_namespaces else ctx.namespace
    return [e for e in ctx.sim.events()
            if (namespace is None or e["metadata"].get("namespace") == namespace)
            and (kind is None or (e["involvedObject"].get("kind") == kind and e["involvedObject"].get("name") == name))
            and (not types or e.get("type", "").lower() in types)]


def _rows(ctx: Context, evs: list[dict], header: bool) -> str:
    lines = [("NAMESPACE\t" if ctx.all_namespaces else "") + "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE"] if header else []
    for e in evs:
        inv = e.get("involvedObject") or {}
        cells = [event_interval(e, ctx.sim.tick), e.get("type", ""), e.get("reason", ""),
                 f"{inv.get('kind', '')}/{inv.get('name', '')}", (e.get("message") or "").strip()]
        if ctx.all_namespaces:
            cells.insert(0, e["metadata"].get("namespace", ""))
        lines.append("\t".join(cells))
    return tabwrite("\n".join(lines) + "\n", TABLE_MINWIDTH, TABLE_PADDING) if lines else ""


def _check(ctx: Context, fmt: str) -> None:
    check_output_format(fmt, OUTPUT_FORMATS)
    for t in ctx.flag("types") or []:
        if str(t).lower() not in ("normal", "warning"):
            raise CommandError("error: valid --types are Normal or Warning")
    if ctx.flag("for"):
        word, slash, name = str(ctx.flag("for")).partition("/")
        if not slash:
            raise CommandError("error: --for must be in resource/name form")
        if "/" in name:
            raise CommandError("error: arguments in resource/name form may not have more than one slash")
        kind_for(word, ctx.store.kinds)


def events(ctx: Context):
    fmt = str(ctx.flag("output") or "")
    _check(ctx, fmt)
    if ctx.flag("watch"):
        return (yield from _watch(ctx, fmt))
    evs = _selected(ctx)
    if not evs:
        ctx.error("No events found." if ctx.all_namespaces else f"No events found in {ctx.namespace} namespace.")
        return 0
    evs.sort(key=lambda e: (tick_of(last_seen(e)) or 0, int(e["metadata"].get("resourceVersion") or 0)))
    if fmt:
        ctx.write(print_objects(ctx, evs, fmt, single=False))
    else:
        ctx.write(_rows(ctx, evs, header=not ctx.flag("no-headers")))
    return 0


def _watch(ctx: Context, fmt: str):
    """`--watch`: every Event as the watch delivers it (the ones kept first, unsorted), then each new
    or repeated one as it happens; the heading once, before the first row."""
    seen: dict[str, str] = {}
    header = not ctx.flag("no-headers")
    while True:
        fresh = []
        for e in _selected(ctx):
            uid, rv = e["metadata"].get("uid", e["metadata"]["name"]), e["metadata"].get("resourceVersion", "")
            if seen.get(uid) != rv:
                seen[uid] = rv
                fresh.append(e)
        fresh.sort(key=lambda e: int(e["metadata"].get("resourceVersion") or 0))
        if fresh:
            if fmt:
                for e in fresh:
                    ctx.write(print_objects(ctx, [e], fmt, single=True))
            else:
                ctx.write(_rows(ctx, fresh, header))
                header = False
        if not ctx.blocking or not ctx.interactive:
            return 0
        yield
