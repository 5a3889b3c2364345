"""The event log's records and the state digests that checkpoints carry.

A log is JSON Lines. The first line is the header; every other line is a record with
`record` (its type), `tick` and `seq` (the writer's running number: the order lines were
written in, which a reader restores if lines were moved):

    {"record": "header", "format": 1, "kubetui": "0.1.0", "scenario": "node-failure",
     "scenarioPath": "/abs/path.yaml", "scenarioSha256": "…", "nodes": null, "seed": 7,
     "lang": "en", "timeline": "logged", "checkpointEvery": 10, "startTick": 0,
     "setupCommands": 2, "cwd": "/abs/folder"}
    {"record": "command", "tick": 12, "seq": 3, "source": "player", "line": "kubectl ...",
     "stdin": null, "scheduled": false, "cwd": "/abs/folder"}
    {"record": "request", "tick": 12, "seq": 4, "source": "api", "method": "PATCH",
     "path": "/apis/apps/v1/namespaces/default/deployments/web", "query": "fieldManager=kubectl-edit",
     "contentType": "application/strategic-merge-patch+json", "body": "{…}", "user": "kubernetes-admin",
     "groups": ["system:masters", "system:authenticated"]}
    {"record": "event", "tick": 13, "seq": 4, "type": "Normal", "reason": "Scheduled",
     "object": "Pod/default/web-7d9-x2k4p", "message": "...", "count": 1}
    {"record": "objective", "tick": 40, "seq": 9, "objective": "web-up", "state": "passing",
     "message": "..."}
    {"record": "hint", "tick": 45, "seq": 10, "used": 1}
    {"record": "checkpoint", "tick": 20, "seq": 12, "at": "tick", "checksum": "…",
     "objects": {"Pod/default/web-7d9-x2k4p": "9f0c22a1"}, "removed": ["Pod/default/old"],
     "full": false}
    {"record": "end", "tick": 600, "seq": 900, "result": {...}}

A `request` is a Kubernetes API request that may have changed state (the HTTP API's POST, PUT,
PATCH and DELETE, served between ticks like a typed command), with the user (and groups) it
was authorized as; a replay sends it again as the same user (and, with `cluster`, to the
scenario's other cluster of that name).
A command record with `"expand": true` carries an unquoted here-document as its stdin, as
written: the door expands it (`$VAR`, `$(kubectl …)`) when it runs it, in the replay too.
A command record with `home` is a line typed at the command bar in which an unquoted `~` was
expanded, as the player's shell would, to that folder (the home of the machine it was played
on): `line` is what the player typed, and a replay expands it with the recorded `home`, not
with the home of the machine replaying it.
A command record with `sends` is a line typed into the terminal of a command still running (the
one with that seq); with `cancels`, its Ctrl-C; with `resizes`, a new size of its terminal, the
line being `COLUMNSxROWS`. A command whose stdin is not UTF-8 (binary bytes sent to `kubectl
exec -i`, the archive of the real kubectl's `cp`) has `stdinBase64` instead, and `stdin` null.
`scenario` is null for a sandbox, whose `nodes` says how many workers it had and `addons` (absent:
none) which of kubeadm's add-ons it ran. `timeline` says
who runs a scenario's timeline in a replay: "logged" (the default: the log holds the timeline's
commands, as the headless runner issues them) or "scheduled" (the door was handed the
timeline to schedule, as `kubetui.session` does, so a replay skips logged `source: timeline`
commands). A `hint` record says how many of the scenario's hints the player had revealed.
A command record with `finishes` (its line `finish`) is the player ending the run early: nothing
changed in the cluster; a scenario's remaining ticks follow at once.

A checkpoint's `objects` maps each object (but Events) to a short digest of its contents,
listing only the objects that changed since the previous checkpoint (`full` marks a
checkpoint listing all of them) and `removed` the ones that went away; so a replay that
diverges can name the first object that differs without the log carrying the whole state.
`at` is "start" (when the log was attached), "tick" (after a tick) or "end".
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from kubetui.engine.kubelet.shell.fs import as_bytes, as_text
from kubetui.engine.user import ADMIN, UserInfo
from kubetui.model.kinds import KINDS

if TYPE_CHECKING:
    from kubetui.shell import Simulation

FORMAT_VERSION = 1
"""Bumped when a reader of the previous version could misread a log of the new one."""

RECORD_TYPES = ("command", "request", "event", "objective", "hint", "checkpoint", "end")

_FIRST = ("Namespace", "Node", "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "ReplicaSet",
          "ReplicationController", "HorizontalPodAutoscaler")
_LAST = ("Pod", "ControllerRevision", "Endpoints", "Lease")
_KIND_ORDER = {k: i for i, k in enumerate(
    [*_FIRST, *(k for k in KINDS if k not in _FIRST and k not in _LAST), *_LAST])}
"""Reports name owners before what they own: a Deployment that differs explains its Pods."""


def stdin_base64(stdin: str | None) -> str | None:
    """A command's stdin as base64 when it holds bytes that are not UTF-8 (surrogate escapes), else None."""
    if stdin is None or stdin.isascii():
        return None
    try:
        stdin.encode()
    except UnicodeEncodeError:
        return base64.b64encode(as_bytes(stdin)).decode()
    return None


def stdin_of(rec: dict) -> str | None:
    """A command record's stdin, from `stdin` or `stdinBase64` (`stdin_base64`'s inverse)."""
    if rec.get("stdinBase64") is not None:
        return as_text(base64.b64decode(rec["stdinBase64"], validate=True))
    return rec.get("stdin")


def object_key(kind: str, namespace: str, name: str) -> str:
    """`Kind/namespace/name`, or `Kind/name` for a cluster-scoped object."""
    return f"{kind}/{namespace}/{name}" if namespace else f"{kind}/{name}"


def split_key(key: str) -> tuple[str, str, str]:
    parts = key.split("/", 2)
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], "", parts[1]
    return "", "", key


def key_order(key: str) -> tuple:
    """Owners' kinds first, then namespace and name (how a report lists objects)."""
    kind, ns, name = split_key(key)
    return (_KIND_ORDER.get(kind, len(_KIND_ORDER)), kind, ns, name)


def describe_key(key: str) -> str:
    """`Pod default/web-x` as kubectl's messages name an object."""
    kind, ns, name = split_key(key)
    return f"{kind} {ns}/{name}" if ns else f"{kind} {name}"


def object_digests(sim: Simulation) -> dict[tuple[str, str, str], int]:
    """Per-object digests of every object but Events, as the store caches them for its checksum.

    The store updates its digests only for objects written since its last checksum, so this
    costs what changed, plus one copy of the map.
    """
    store = sim.store
    store.checksum()
    return dict(store._digests)


def short_digest(value: int) -> str:
    return f"{value >> 96:08x}"


def digest_delta(old: dict, new: dict) -> tuple[dict[str, str], list[str]]:
    """The objects whose digest changed (or that appeared) and those that went away."""
    changed = {object_key(*k): short_digest(v) for k, v in sorted(new.items() - old.items())}
    removed = sorted(object_key(*k) for k in old.keys() - new.keys())
    return changed, removed


def event_object(event: dict) -> str:
    inv = event.get("involvedObject") or {}
    return object_key(inv.get("kind", ""), inv.get("namespace", ""), inv.get("name", ""))


def event_record_fields(event: dict) -> dict:
    """What the log keeps of a core/v1 Event."""
    return {"type": event.get("type", ""), "reason": event.get("reason", ""), "object": event_object(event),
            "message": event.get("message", ""), "count": event.get("count", 1)}


def event_signature(rec: dict) -> tuple:
    """What a replay compares of an event record (or of `event_record_fields` of an Event)."""
    return (rec.get("type", ""), rec.get("reason", ""), rec.get("object", ""), rec.get("message", ""),
            rec.get("count", 1))


def request_user(rec: dict) -> UserInfo:
    """The user a request record was served as (logs from before RBAC name no groups: the admin)."""
    if "groups" not in rec:
        return ADMIN
    return UserInfo(rec.get("user") or ADMIN.name, tuple(rec["groups"]))
