"""Field ownership for server-side apply: `metadata.managedFields`, as kube-apiserver's fieldmanager
keeps it (structured-merge-diff, simplified).

Every write through the API names a field manager (`?fieldManager=`, else the client's User-Agent
up to its first `/`). An *Update* (create, update, a non-apply patch) makes its manager own the
fields it added or changed and takes them from every other manager. An *Apply* makes its manager
own exactly the fields of its configuration; a field another manager owns with a different value
is a conflict (409) unless the request forces it, and a field the manager applied before but no
longer does is removed when no other manager owns it.

A field set is a set of paths; a path is a tuple of FieldsV1 elements: `f:name` (a field),
`k:{"name":"web"}` (an item of a list keyed by its merge keys), `v:"x"` (an item of a set),
`i:0` (an item of an atomic-free list without keys). Lists without keys and `LabelSelector`s are
atomic: owned as one field.
"""

from __future__ import annotations

import copy
import functools
import json
import types
import typing
from typing import TYPE_CHECKING

from pydantic import BaseModel

from kubetui.engine.sharedvalues import keep
from kubetui.model import conversion
from kubetui.model.errors import ApiError
from kubetui.model.meta import LabelSelector

if TYPE_CHECKING:
    from kubetui.engine.store import Store

Path = tuple[str, ...]

APPLY, UPDATE = "Apply", "Update"

BEFORE_FIRST_APPLY = "before-first-apply"
"""The manager an object's fields are given to when it is first applied but has no managed fields."""

LIST_MAP_KEYS = {
    "containers": ("name",), "initContainers": ("name",), "ephemeralContainers": ("name",), "env": ("name",),
    "volumes": ("name",), "volumeMounts": ("mountPath",), "volumeDevices": ("devicePath",),
    "imagePullSecrets": ("name",), "hostAliases": ("ip",), "conditions": ("type",),
    "topologySpreadConstraints": ("topologyKey", "whenUnsatisfiable"), "ownerReferences": ("uid",),
    "resourceClaims": ("name",),
}
"""`x-kubernetes-list-map-keys` of the lists Kubernetes merges item by item (the rest are atomic)."""

KEY_DEFAULTS = {"protocol": "TCP"}
"""Key fields with a default, used when an item leaves them out (ports' protocol)."""

SET_LISTS = ("finalizers",)
"""`x-kubernetes-list-type: set`: items owned one by one, by value."""

ATOMIC_STRUCTS = (LabelSelector,)
"""`+structType=atomic` types: owned as one field."""

VALUE_FIELDS = frozenset({"metadata", "spec", "status", "template", "strategy", "updateStrategy", "containers",
                          "resources", "jobTemplate"})
"""Fields a Go type holds by value (no pointer, no omitempty list): present, empty, in every object of
the kind, so writing them never adds the field itself, only what is under it. Every other struct
or list that appears is added whole: its FieldsV1 carries `.` (`f:rollingUpdate: {.: {}, ...}`)."""

IGNORED_METADATA = ("name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                    "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields")
"""Fields nobody owns (the server sets them, or they name the object)."""

_NODE = object()
"""The value of a path that is a node (a list item, a map) rather than a leaf."""


# -- types -----------------------------------------------------------------------------------------

def _unwrap(ann):
    """The type an annotation holds: a model class, ("map", item), ("list", item), or None (a scalar)."""
    origin = typing.get_origin(ann)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else None
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(ann)[0])
    if origin is list:
        args = typing.get_args(ann)
        return ("list", _unwrap(args[0]) if args else None)
    if origin is dict:
        args = typing.get_args(ann)
        return ("map", _unwrap(args[1]) if args else None)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    return None


@functools.lru_cache(maxsize=None)
def _fields(model: type[BaseModel]) -> dict:
    return {(f.alias or name): _unwrap(f.annotation) for name, f in model.model_fields.items()}


def model_of(kind: str):
    from kubetui.model.validation.decode import MODELS

    return MODELS.get(kind)


# -- paths -----------------------------------------------------------------------------------------

def _key_element(item: dict, keys: tuple[str, ...]) -> str:
    values = {k: item.get(k, KEY_DEFAULTS.get(k)) for k in keys}
    return "k:" + json.dumps(dict(sorted(values.items())), separators=(",", ":"))


def _list_keys(name: str, items: list) -> tuple[str, ...] | None:
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    if name == "ports":
        for first in ("containerPort", "port"):
            if all(first in i for i in items):
                return (first, "protocol")
        return None
    keys = LIST_MAP_KEYS.get(name)
    if keys and all(keys[0] in i for i in items):
        return keys
    return None


def _walk(value, tp, name: str, path: Path, out: dict, nodes: bool) -> None:
    """Every owned path under `path` -> its value (leaves) or _NODE (items, and maps when `nodes`)."""
    if isinstance(value, dict):
        if isinstance(tp, type) and issubclass(tp, ATOMIC_STRUCTS):
            out[path] = value
            return
        is_map = isinstance(tp, tuple) and tp[0] == "map"
        if nodes and value and path and (is_map or name not in VALUE_FIELDS):
            out[path] = _NODE
        fields = _fields(tp) if isinstance(tp, type) else {}
        for key, child in value.items():
            if not path and key in ("apiVersion", "kind", "status"):
                continue
            if path == ("f:metadata",) and key in IGNORED_METADATA:
                continue
            declared = key in fields
            child_tp = tp[1] if is_map else fields.get(key)
            sub = (*path, "f:" + key)
            _walk(child, child_tp, "" if is_map else key, sub, out, nodes)
            if child is None or child == {}:
                out[sub] = child
            elif is_map or (not declared and isinstance(child, dict)):
                out.setdefault(sub, _NODE)
        return
    if isinstance(value, list):
        item_tp = tp[1] if isinstance(tp, tuple) and tp[0] == "list" else None
        keys = _list_keys(name, value)
        if nodes and value and (keys or name in SET_LISTS) and name not in VALUE_FIELDS:
            out[path] = _NODE
        if keys:
            for item in value:
                sub = (*path, _key_element(item, keys))
                _walk(item, item_tp, "", sub, out, nodes)
                out[sub] = _NODE
        elif name in SET_LISTS:
            for item in value:
                out[(*path, "v:" + json.dumps(item, separators=(",", ":")))] = item
        else:
            out[path] = value
        return
    out[path] = value


def flatten(obj: dict, kind: str, *, nodes: bool = False, subresource: str = "") -> dict[Path, object]:
    """Owned paths -> values; a `status` write's are those under `status`, every other's the rest."""
    out: dict[Path, object] = {}
    if subresource == "status":
        status = obj.get("status")
        if isinstance(status, dict):
            _walk(status, _fields(model_of(kind)).get("status") if model_of(kind) else None, "status",
                  ("f:status",), out, nodes)
            out.pop(("f:status",), None)
        return out
    _walk(obj, model_of(kind), "", (), out, nodes)
    out.pop((), None)
    return out


def field_set(obj: dict, kind: str) -> set[Path]:
    """The fields an object (an apply configuration) sets."""
    return set(flatten(obj, kind))


def compare(old: dict, new: dict, kind: str, subresource: str = "") -> tuple[set[Path], set[Path], set[Path]]:
    """(added, modified, removed) paths from `old` to `new`."""
    a = flatten(old, kind, nodes=True, subresource=subresource)
    b = flatten(new, kind, nodes=True, subresource=subresource)
    added = set(b) - set(a)
    removed = set(a) - set(b)
    modified = {p for p in set(a) & set(b) if a[p] is not _NODE and b[p] is not _NODE and a[p] != b[p]}
    return added, modified, removed


# -- FieldsV1 --------------------------------------------------------------------------------------

def _order(element: str) -> tuple[int, str]:
    return ("fkvi".index(element[0]) if element[:1] in "fkvi" else 4, element)


def to_fields_v1(paths: set[Path]) -> dict:
    tree: dict = {}
    for path in paths:
        node = tree
        for element in path:
            node = node.setdefault(element, {})
        node["."] = {}
    return _finish(tree)


def _finish(node: dict) -> dict:
    children = {k: _finish(v) for k, v in node.items() if k != "."}
    if not children:
        return {}
    out: dict = {".": {}} if "." in node else {}
    out.update(sorted(children.items(), key=lambda kv: _order(kv[0])))
    return out


def from_fields_v1(tree, prefix: Path = ()) -> set[Path]:
    out: set[Path] = set()
    if not isinstance(tree, dict):
        return out
    for element, child in tree.items():
        if element == ".":
            out.add(prefix)
            continue
        path = (*prefix, element)
        if not child:
            out.add(path)
        else:
            out |= from_fields_v1(child, path)
    return out


def path_text(path: Path) -> str:
    """A path as conflicts print it: `.spec.template.spec.containers[name="web"].image`."""
    out = ""
    for element in path:
        kind, _, rest = element.partition(":")
        if kind == "f":
            out += "." + rest
        elif kind == "k":
            out += "[" + ",".join(f"{k}={json.dumps(v)}" for k, v in json.loads(rest).items()) + "]"
        elif kind == "v":
            out += f"[={rest}]"
        else:
            out += f"[{rest}]"
    return out


# -- managers --------------------------------------------------------------------------------------

Key = tuple[str, str, str]
"""(manager, operation, subresource)."""


def managers_of(obj: dict) -> dict[Key, dict]:
    """The object's managedFields by manager identity, each with its `set` of paths."""
    out: dict[Key, dict] = {}
    for entry in (obj.get("metadata") or {}).get("managedFields") or []:
        if not isinstance(entry, dict) or not entry.get("manager"):
            continue
        key = (entry["manager"], entry.get("operation", UPDATE), entry.get("subresource", ""))
        out[key] = {**entry, "set": from_fields_v1(entry.get("fieldsV1") or {})}
    return out


def encode(managers: dict[Key, dict]) -> list[dict]:
    entries = []
    for (manager, operation, subresource), m in managers.items():
        if not m["set"]:
            continue
        entry = {"manager": manager, "operation": operation, "apiVersion": m["apiVersion"], "time": m["time"],
                 "fieldsType": "FieldsV1", "fieldsV1": to_fields_v1(m["set"])}
        if subresource:
            entry["subresource"] = subresource
        entries.append(entry)
    entries.sort(key=lambda e: (e["operation"], e["time"], e["manager"], e["apiVersion"], e.get("subresource", "")))
    return entries


def _describe(key: Key, m: dict) -> str:
    manager, operation, subresource = key
    text = json.dumps(manager)
    if subresource:
        text += f" with subresource {json.dumps(subresource)}"
    if operation == UPDATE:
        text += f" using {m['apiVersion']}"
    return text


def conflict_error(conflicts: list[tuple[Key, dict, Path]]) -> ApiError:
    """Kubernetes' 409 for an apply that would take fields other managers own."""
    if len(conflicts) == 1:
        key, m, path = conflicts[0]
        message = f"Apply failed with 1 conflict: conflict with {_describe(key, m)}: {path_text(path)}"
    else:
        by: dict[str, list[Path]] = {}
        for key, m, path in conflicts:
            by.setdefault(_describe(key, m), []).append(path)
        lines = []
        for who in sorted(by):
            lines.append(f"conflicts with {who}:")
            lines.extend(f"- {path_text(p)}" for p in by[who])
        message = f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)
    error = ApiError("Conflict", message, 409)
    error.status_details = {"causes": [{"reason": "FieldManagerConflict", "message": f"conflict with {_describe(key, m)}",
                                        "field": path_text(path)} for key, m, path in conflicts]}
    return error


def _owned_below(paths: set[Path], path: Path) -> bool:
    n = len(path)
    return any(p[:n] == path for p in paths)


def _settle(managers: dict[Key, dict], me: Key, diff: tuple[set[Path], set[Path], set[Path]], force: bool) -> None:
    """Take changed fields (`diff`: added, modified, removed) from the other managers, refusing
    (unless `force`) when one owns a field that changes."""
    added, modified, removed = diff
    changed = added | modified
    conflicts = []
    for key, m in managers.items():
        if key == me:
            continue
        for path in sorted(m["set"] & changed):
            conflicts.append((key, m, path))
    if conflicts and not force:
        raise conflict_error(sorted(conflicts, key=lambda c: (c[0], c[2])))
    for key, m in managers.items():
        if key != me:
            m["set"] = m["set"] - changed - removed


SERVICE_ACCOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
DEFAULT_TOLERATIONS = frozenset({"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"})


def admitted(path: Path, new: dict) -> bool:
    """Fields a Pod's admission plugins added after the field manager ran (the ServiceAccount
    plugin's token volume and its mounts, Priority's priority, DefaultTolerationSeconds'
    tolerations): nobody owns them. A noted write keeps only the stored object, so they are told
    apart by what they look like."""
    if len(path) < 2 or path[0] != "f:spec":
        return False
    field = path[1]
    spec = new.get("spec") or {}
    if field in ("f:priority", "f:preemptionPolicy"):
        return True
    if field in ("f:serviceAccount", "f:serviceAccountName"):
        return spec.get("serviceAccountName") == "default"
    if field == "f:tolerations":
        return all(t.get("key") in DEFAULT_TOLERATIONS for t in spec.get("tolerations") or ())
    if field == "f:volumes":
        return len(path) == 2 or '"kube-api-access-' in path[2]
    if field in ("f:containers", "f:initContainers") and len(path) > 3 and path[3] == "f:volumeMounts":
        return len(path) == 4 or SERVICE_ACCOUNT_PATH in path[4]
    return False


def _updated(managers: dict[Key, dict], old: dict | None, new: dict, kind: str, manager: str, api_version: str,
             now: str, subresource: str, noted: bool = False) -> None:
    """Record in `managers` an Update of `old` into `new` by `manager` (`noted`: a Ledger's note,
    whose object went through admission already)."""
    me = (manager, UPDATE, subresource)
    if conversion.converts(kind, api_version):
        old, new = (conversion.to_served(old, api_version) if old else old), conversion.to_served(new, api_version)
    added, modified, removed = diff = compare(old or {}, new, kind, subresource)
    if noted and kind == "Pod" and not subresource:
        added = {p for p in added if not admitted(p, new)}
        diff = (added, modified, removed)
    _settle(managers, me, diff, force=True)
    mine = managers.get(me, {"set": set()})
    mine.update(set=(mine["set"] - removed) | added | modified, apiVersion=api_version, time=now)
    if mine["set"]:
        managers[me] = mine
    else:
        managers.pop(me, None)


def update(old: dict | None, new: dict, kind: str, manager: str, api_version: str, now: str,
           subresource: str = "") -> list[dict]:
    """The managedFields of `new` after an Update by `manager` (old is None for a create)."""
    managers = managers_of(new) if _reset(old, new) else managers_of(old or {})
    if _cleared(new):
        managers = {}
    _updated(managers, old, new, kind, manager, api_version, now, subresource)
    return encode(managers)


def with_managed_fields(obj: dict, entries: list[dict]) -> dict:
    """`obj` with these managedFields (a copy: stored objects are never changed in place)."""
    meta = {k: v for k, v in obj["metadata"].items() if k != "managedFields"}
    if entries:
        meta["managedFields"] = entries
    return {**obj, "metadata": meta}


class Ledger:
    """The writes of the cluster's own components and of kubetui's kubectl, whose managedFields are
    worked out only when someone reads them (the API, `--show-managed-fields`).

    Working out which fields a write changed means walking both versions of the object; doing it
    for every write of every controller and kubelet would cost more than the write itself. So a
    write only notes (manager, subresource, old, new, time) here, outside the stored object (and
    so outside the checksum: it follows from the writes); consecutive writes by one manager to one
    part (a kubelet's status updates) fold into one. `view()` replays the notes over the stored
    managedFields. A request through the API settles an object's notes into its stored
    managedFields (`settle`), since its own ownership is computed on top of them.

    A noted version is not kept whole: it is the stored object (`CURRENT`) or what it had that the
    stored object has not (a delta, `_delta`), over the part its note's comparison reads (the
    status for a status write, the rest for the others). The store tells the ledger of every
    write of a noted object (`moved`), noted or not, and the deltas are carried onto the new
    version. Writers share what they do not change, so a delta is small (a pod's first version
    is its bound version without `spec.nodeName`), and equal deltas are one object.
    """

    CAP = 8
    """Notes kept per object before the oldest is folded into `base`."""

    ANCHORED = frozenset({"Lease"})
    """Kinds whose folded writes leave the deltas against the version before the first of them
    (`anchors`) instead of carrying them onto each new version: a tenth of the nodes renew their
    Lease every tick, and a Lease is a few hundred bytes."""

    def __init__(self) -> None:
        self.notes: dict[str, tuple[tuple, ...]] = {}
        """uid -> [(manager, subresource, apiVersion, time, old, new), ...], oldest first; old and
        new are None (no object: a create's old), CURRENT or a delta against the stored object."""
        self.base: dict[str, dict[Key, dict]] = {}
        """uid -> managers folded from notes past CAP (replacing the stored managedFields)."""
        self.anchors: dict[str, dict] = {}
        """uid -> the version the notes' deltas are against, when not the stored object (ANCHORED)."""
        self.renewed: dict[str, str] = {}
        """uid -> the time of an ANCHORED object's last write folded into its last note, not yet
        written into the note (`_notes` does, when the notes are read): a renewal costs a dict entry."""
        self._views: dict[str, tuple[str, list[dict]]] = {}
        """uid -> (resourceVersion, managedFields) last worked out (not copied with the cluster)."""
        self._shared: dict[str, dict] = {}
        """repr -> one delta of that value (not copied with the cluster)."""
        self._kept: dict[tuple, tuple[tuple, ...]] = {}
        """Notes kept (`_keep`), by their values and their deltas' ids (not copied with the cluster)."""
        self._status_deltas: dict[tuple, tuple] = {}
        """Status deltas worked out (`_status_delta`), with the objects their key names by id (not copied)."""
        self._bindings: dict[int, tuple[tuple, tuple]] = {}
        """id of a created pod's kept notes -> (those notes, the notes of its binding): the pods a
        controller made in one tick share their notes, so their bindings share one (not copied)."""
        self._status_writes: dict[tuple, tuple] = {}
        """Notes after a status-only write (`_status_write`), with the objects their key names by id (not copied)."""
        self._status_shapes: dict[int, tuple] = {}
        """id of kept notes -> the last status-only write's shape after them and its notes (`_remember_shape`; not copied)."""

    def __getstate__(self) -> dict:
        return {**vars(self), "_views": {}, "_shared": {}, "_kept": {}, "_status_deltas": {}, "_bindings": {},
                "_status_writes": {}, "_status_shapes": {}}

    def note(self, manager: str, subresource: str, old: dict | None, new: dict, now: str,
             api_version: str = "") -> None:
        uid = new["metadata"].get("uid")
        if not uid:
            return
        version = api_version or new.get("apiVersion", "")
        kept = self.notes.get(uid)
        write = None
        if kept and old is not None and subresource == "status" and new["kind"] not in self.ANCHORED:
            shape = self._status_shapes.get(id(kept))
            if shape is not None and shape[0] is kept and shape[1] == manager and shape[2] == version \
                    and shape[3] == now and uid not in self.anchors and _same_shape(shape, old, new):
                self.notes[uid] = shape[6]
                return
            write = self._status_write(uid, kept, manager, version, now, old, new)
            if write is not None:
                found = self._status_writes.get(write[0])
                if found is not None:
                    self.notes[uid] = found[1]
                    self._remember_shape(kept, manager, version, now, old, new, found[1])
                    return
        self._note(uid, manager, subresource, version, kept, old, new, now)
        if write is not None and kept and old is not None:
            keep(self._status_writes, write[0], (write[1], self.notes[uid]), 4096)
            self._remember_shape(kept, manager, version, now, old, new, self.notes[uid])

    def created(self, manager: str, uid: str, new: dict, now: str, api_version: str = "") -> None:
        """`note(manager, "", None, new, now, api_version)` for a new object (`Store.create`): its
        one note, the same tuple for every object created alike."""
        if not uid:
            return
        version = api_version or new.get("apiVersion", "")
        if uid in self.notes or uid in self.renewed:  # what `note` does with no old version
            self._note(uid, manager, "", version, self.notes.get(uid), None, new, now)
            return
        self.notes[uid] = self._keep([(manager, "", version, now, None, CURRENT)])

    def _remember_shape(self, kept: tuple, manager: str, version: str, now: str, old: dict, new: dict,
                        notes: tuple) -> None:
        """Remember, by the notes before it, the shape of a status-only write `_status_write` keyed:
        the status keys it replaced, the values it replaced, what replaced each and whether it
        is `_same` (a dict replacing a dict: that very dict). The next pod with those notes whose write has that
        shape (the kubelet's writes to the pods of one template in one tick) takes `notes` after a
        walk of identities (`_same_shape`), without building and hashing the key. A write that adds or
        drops status keys (the first, which adds the pod's IPs) carries the keys' orders too."""
        was, status = old["status"], new["status"]
        changes = []
        dropped = False
        for k, a in was.items():
            b = status.get(k, GONE)
            if b is a:
                continue
            dropped = dropped or b is GONE
            changes.append((k, a, b, True) if type(a) is dict and type(b) is dict else (k, a, b, _same(a, b)))
        order = (tuple(was), tuple(status)) if dropped or len(was) != len(status) else None
        keep(self._status_shapes, id(kept), (kept, manager, version, now, len(was), tuple(changes), notes,
                                             was is status, order), 4096)

    def _status_write(self, uid: str, kept: tuple, manager: str, version: str, now: str, old: dict,
                      new: dict) -> tuple[tuple, list] | None:
        """(key, the values it names by id) of a status-only write whose notes follow from
        `kept`, the keys and the values the write replaced: the kubelet's sandbox-ready and
        Running writes to the pods of one tick differ only in values the write kept (IPs) or
        that a delta holds only as "not what it was" (a container's ID). The deltas (`_delta_of`)
        read a replaced value, and of its replacement only whether it is `_same`, or its
        contents when both are dicts. None for any other write (worked out in full)."""
        if uid in self.anchors or len(kept) >= self.CAP or len(old) != len(new):
            return None
        was, status = old.get("status", GONE), new.get("status", GONE)
        if type(was) is not dict or type(status) is not dict:
            return None
        for part, value in old.items():
            if part != "status" and new.get(part, GONE) is not value:
                return None
        held: list = [kept]
        key: list = [id(kept), manager, version, now, len(was), was is status]
        dropped = False
        for k, a in was.items():
            b = status.get(k, GONE)
            if b is a:
                continue
            held.append(a)
            if type(a) is dict and type(b) is dict:
                held.append(b)
                key.append((k, id(a), id(b)))
            else:
                dropped = dropped or b is GONE
                key.append((k, id(a), _same(a, b)))
        if dropped or len(was) != len(status):  # the keys differ: their orders too are part of the notes
            key += (tuple(was), tuple(status))
        return tuple(key), held

    def _note(self, uid: str, manager: str, subresource: str, version: str, kept: tuple | None, old: dict | None,
              new: dict, now: str) -> None:
        if kept and old is not None:
            last = kept[-1]
            fold = last[0] == manager and last[1] == subresource and last[2] == version and last[5] is CURRENT
            if fold and new["kind"] in self.ANCHORED:
                self.anchors.setdefault(uid, old)
                self.renewed[uid] = now
                return
        kept = self._notes(uid)
        notes = list(kept) if kept else []
        if kept and old is not None:
            self._carry(notes, old, new, fold, self.anchors.pop(uid, old))
            if fold:
                notes[-1] = (*last[:3], now, notes[-1][4], CURRENT)
                self.notes[uid] = self._keep(notes)
                return
        before = None if old is None else self._status_delta(old, new) if subresource == "status" \
            else self._share(_delta(old, new, False, None))
        notes.append((manager, subresource, version, now, before, CURRENT))
        if len(notes) > self.CAP:
            self.base[uid] = _replay(self.base.get(uid), new, notes[:1])
            del notes[0]
        self.notes[uid] = self._keep(notes)

    def moved(self, old: dict, new: dict) -> None:
        """A write nobody is noted for (a binding, a deletion's): carry the noted versions onto `new`."""
        uid = old["metadata"].get("uid")
        kept = self._notes(uid)
        if kept:
            if len(kept) == 1 and kept[0][4] is None and kept[0][5] is CURRENT and kept[0][1] != "status" \
                    and uid not in self.anchors and _bound(old, new):
                # a binding of a pod its creator alone wrote: its created version is the bound one
                # without spec.nodeName, what `_carry` would work out (the scheduler binds every pod)
                found = self._bindings.get(id(kept))
                if found is None or found[0] is not kept:
                    found = keep(self._bindings, id(kept), (
                        kept, self._keep([(*kept[0][:5], self._share({"spec": {"nodeName": GONE}}))])), 4096)
                self.notes[uid] = found[1]
                return
            notes = list(kept)
            self._carry(notes, old, new, False, self.anchors.pop(uid, old))
            self.notes[uid] = self._keep(notes)

    def _status_delta(self, old: dict, new: dict) -> dict:
        """`_share(_delta(old, new, True, None))`, remembered by the identity of the old status and
        of what the new one holds under its keys, and the new one's keys: pods bound in one tick
        share their status (`scheduler._bound_status`), so the kubelet's first status write to
        each works out one delta. The entry holds the objects, so their ids stay theirs."""
        was, now = old.get("status", GONE), new.get("status", GONE)
        if type(was) is not dict or type(now) is not dict:
            return self._share(_delta(old, new, True, None))
        parts = tuple(now.get(k, GONE) for k in was)
        key = (id(was), *map(id, parts), *now)
        found = self._status_deltas.get(key)
        if found is None:
            found = keep(self._status_deltas, key, (was, parts, self._share(_delta(old, new, True, None))), 4096)
        return found[2]

    def _keep(self, notes: list[tuple]) -> tuple[tuple, ...]:
        """The notes as one tuple, the same tuple for every object with equal notes (the pods a
        controller made in one tick, their kubelet writing in one tick)."""
        key = tuple((*n[:4], id(n[4]), id(n[5])) for n in notes)  # ids of deltas the kept tuple holds
        kept = self._kept.get(key)
        if kept is None:
            kept = keep(self._kept, key, tuple(notes), 4096)
        return kept

    def _carry(self, notes: list[tuple], old: dict, new: dict, keep_current: bool, since: dict) -> None:
        """Make the notes' versions, deltas against `since` (or `old` itself: CURRENT), deltas against
        `new`; the last note's CURRENT stays when `keep_current` (its write folds into this one)."""
        last = len(notes) - 1
        done: dict = {}  # notes share deltas (one's new is the next one's old)
        touched: dict[bool, bool] = {}
        for i, n in enumerate(notes):
            status = n[1] == "status"
            if status not in touched:
                touched[status] = since is not old or _touches(old, new, status)
            if not touched[status]:  # this write left the part compared as it was: the same deltas
                if n[5] is CURRENT and (not keep_current or i != last):
                    notes[i] = (*n[:5], _SAME)
                continue
            before = n[4]
            if before is not None:
                key = (status, id(before))
                out = done.get(key)
                if out is None:
                    out = done[key] = self._share(_delta(old, new, status, None) if before is CURRENT
                                                  else _delta(since, new, status, before), before)
                before = out
            after = n[5]
            if after is not CURRENT or not keep_current or i != last:
                key = (status, id(after))
                out = done.get(key)
                if out is None:
                    out = done[key] = self._share(_delta(old, new, status, None) if after is CURRENT
                                                  else _delta(since, new, status, after), after)
                after = out
            if before is not n[4] or after is not n[5]:
                notes[i] = (*n[:4], before, after)

    def _share(self, delta: dict | None, was: object = None) -> dict:
        """One object for equal deltas (most pods' are alike); `was`: the delta it replaces."""
        if not delta:
            return _SAME
        if delta is was:
            return delta
        key = repr(delta)
        if len(key) > 4096:
            return delta
        shared = self._shared.get(key)
        if shared is None:
            shared = keep(self._shared, key, delta, 4096)
        return shared

    def _notes(self, uid: str) -> tuple[tuple, ...] | None:
        """The object's notes, with the time of the writes folded since into the last (`renewed`)."""
        kept = self.notes.get(uid)
        now = self.renewed.pop(uid, None)
        if now is not None and kept:
            last = kept[-1]
            kept = self.notes[uid] = (*kept[:-1], (*last[:3], now, last[4], last[5]))
        return kept

    def forget(self, uid: str) -> None:
        self.notes.pop(uid, None)
        self.renewed.pop(uid, None)
        self.base.pop(uid, None)
        self.anchors.pop(uid, None)
        self._views.pop(uid, None)

    def entries(self, obj: dict) -> list[dict] | None:
        """The object's managedFields with its notes replayed; None when it has no notes."""
        meta = obj["metadata"]
        uid = meta.get("uid")
        if uid not in self.notes and uid not in self.base:
            return None
        rv = meta.get("resourceVersion", "")
        cached = self._views.get(uid)
        if cached is None or cached[0] != rv:
            cached = self._views[uid] = (rv, encode(_replay(self.base.get(uid), obj, self._notes(uid) or (),
                                                            self.anchors.get(uid))))
        return cached[1]

    def view(self, obj: dict) -> dict:
        """`obj` as the API server shows it: with the managedFields of every write so far."""
        entries = self.entries(obj)
        return obj if entries is None else with_managed_fields(obj, entries)

    def snapshot(self, obj: dict) -> tuple | None:
        """The object's notes as they stand (cheap), to work its managedFields out later
        (`view_at`): what a watch event carries until it is sent. None: it has none."""
        uid = obj["metadata"].get("uid")
        notes, base = self._notes(uid), self.base.get(uid)
        if notes is None and base is None:
            return None
        return base, tuple(notes or ()), self.anchors.get(uid)

    @staticmethod
    def view_at(obj: dict, snapshot: tuple | None) -> dict:
        if snapshot is None:
            return obj
        base, notes, since = snapshot
        return with_managed_fields(obj, encode(_replay(base, obj, notes, since)))


class _Current:
    """A noted version that is the stored object itself."""

    def __reduce__(self) -> str:
        return "CURRENT"

    def __repr__(self) -> str:
        return "CURRENT"


CURRENT = _Current()

_SAME: dict = {}
"""The delta of a version equal to the stored object (over the part compared) but not the stored object."""


class _Gone:
    """In a delta: a key the version did not have."""

    def __reduce__(self) -> str:
        return "GONE"

    def __repr__(self) -> str:
        return "GONE"


GONE = _Gone()


class Was:
    """In a delta: the value the version had instead."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Was({self.value!r})"

    def __reduce__(self):
        return Was, (self.value,)


_OTHER_THAN_STATUS = frozenset({"apiVersion", "kind", "status"})


def _delta(old: dict, new: dict, status: bool, delta: dict | None) -> dict | None:
    """A version, `delta` against `old` (None: `old` itself), as a delta against `new`, over the
    part a comparison reads: the status, or the object but its status and the metadata nobody
    owns. A delta is {key: GONE | Was(value) | delta}; None when that part is `new`'s."""
    if status:
        if delta and type(delta.get("status")) is Was:  # the version's whole status: whatever the write did
            return delta
        return _delta_of({"status": old["status"]} if "status" in old else {},
                         {"status": new["status"]} if "status" in new else {}, delta, ())
    return _delta_of(old, new, delta, _OTHER_THAN_STATUS)


def _bound(old: dict, new: dict) -> bool:
    """Whether `new` is `old` with `spec.nodeName` added, the rest but the status the very same
    values (a binding): `_delta` of `old` against `new`, outside the status, is then
    {"spec": {"nodeName": GONE}} (a spec of at least two keys, so not its whole `Was`)."""
    if old.keys() != new.keys():
        return False
    for key, value in old.items():
        if key != "spec" and key != "status" and new.get(key, GONE) is not value:
            return False
    spec, bound = old.get("spec"), new.get("spec")
    if type(spec) is not dict or type(bound) is not dict or "nodeName" in spec or "nodeName" not in bound \
            or len(bound) != len(spec) + 1 or len(spec) < 2:
        return False
    for key, value in spec.items():
        if bound.get(key, GONE) is not value:
            return False
    return True


def _touches(old: dict, new: dict, status: bool) -> bool:
    """Did the write from `old` to `new` replace any of the part compared (writers share what they
    do not change, so an identical part is an unchanged one)?"""
    if status:
        return old.get("status", GONE) is not new.get("status", GONE)
    if len(old) != len(new):
        return True
    for key, value in old.items():
        if key != "status" and new.get(key, GONE) is not value:
            return True
    return False


def _delta_of(old: dict, new: dict, delta: dict | None, skip) -> dict | None:
    out: dict = {}
    for key in [k for k, v in old.items() if new.get(k, GONE) is not v]:
        if key in skip:
            continue
        mine = delta.get(key) if delta else None
        if mine is not None and type(mine) is not dict:
            out[key] = mine  # the version's own value (or none): whatever `new` has
            continue
        value, other = old[key], new.get(key, GONE)
        if type(value) is dict and type(other) is dict:
            sub = _delta_of(value, other, mine, IGNORED_METADATA if key == "metadata" and skip else ())
            if sub is not None:
                out[key] = sub if sub is mine or len(sub) * 2 <= len(value) else Was(
                    value if mine is None else _apply(value, mine))
        elif mine is not None:
            out[key] = Was(_apply(value, mine))
        elif not _same(value, other):
            out[key] = Was(value)
    if delta:
        for key, mine in delta.items():
            if key not in out and (key not in old or new.get(key, GONE) is old[key]):
                out[key] = mine
    if new.keys() != old.keys():
        for key in new:
            if key not in old and key not in skip and (not delta or key not in delta):
                out[key] = GONE
    if not out:
        return None
    return delta if out == delta else out


def _same_shape(shape: tuple, old: dict, new: dict) -> bool:
    """Whether the status-only write from `old` to `new` has the `shape` `Ledger._remember_shape`
    kept: the checks of `Ledger._status_write`, its key compared part by part by identity."""
    if len(shape[0]) >= Ledger.CAP or len(old) != len(new):
        return False
    was, status = old.get("status", GONE), new.get("status", GONE)
    order = shape[8]
    if type(was) is not dict or type(status) is not dict or len(was) != shape[4] or (was is status) is not shape[7]:
        return False
    if order is None:
        if len(status) != shape[4]:
            return False
    elif tuple(was) != order[0] or tuple(status) != order[1]:
        return False
    for part, value in old.items():
        if part != "status" and new.get(part, GONE) is not value:
            return False
    changes = shape[5]
    i, n = 0, len(changes)
    for k, a in was.items():
        b = status.get(k, GONE)
        if b is a:
            continue
        if i == n:
            return False
        key, value, replaced, same = changes[i]
        i += 1
        if key != k or value is not a:
            return False
        if b is replaced:  # the very value that replaced it in the shape's write (a tick's conditions)
            continue
        if (b is GONE and order is None) or (type(a) is dict and type(b) is dict) or _same(a, b) is not same:
            return False
    return i == n


def _same(a, b) -> bool:
    """Equal, and of the same types all the way down (1, 1.0 and True differ in FieldsV1 keys)."""
    if a is b:
        return True
    t = type(a)
    if t is not type(b):
        return False
    if t is dict:
        return len(a) == len(b) and all(k in b and _same(v, b[k]) for k, v in a.items())
    if t is list:
        n = len(a)
        if n != len(b):
            return False
        return _same(a[0], b[0]) if n == 1 else all(map(_same, a, b))  # one item: a pod's container statuses
    return a == b and (t is not float or repr(a) == repr(b))


def _apply(obj: dict, delta: dict) -> dict:
    out = dict(obj)
    for key, change in delta.items():
        if change is GONE:
            out.pop(key, None)
        elif type(change) is Was:
            out[key] = change.value
        else:
            out[key] = _apply(obj[key], change)
    return out


def _version(obj: dict, noted, since: dict | None):
    if noted is None or noted is CURRENT:
        return obj if noted is CURRENT else None
    return _apply(obj if since is None else since, noted)


def _replay(base: dict[Key, dict] | None, obj: dict, notes, since: dict | None = None) -> dict[Key, dict]:
    """Managers after `notes`, from `base` (folded notes) or else the object's stored managedFields;
    the notes' deltas are against `since` (None: `obj`)."""
    managers = ({k: {**m, "set": set(m["set"])} for k, m in base.items()} if base is not None
                else managers_of(obj))
    for manager, subresource, api_version, now, old, new in notes:
        _updated(managers, _version(obj, old, since), _version(obj, new, since), obj["kind"], manager, api_version, now,
                 subresource, noted=True)
    return managers


def admit(store: Store, op: str, obj: dict, old: dict | None) -> dict:
    """Admission, right after defaulting (so defaults are the writer's, later admission plugins'
    additions nobody's): record the API write's manager as an Update."""
    if store.field_manager is None:
        return obj
    manager, subresource, now, api_version = store.field_manager
    store.field_manager = None  # this write's only: not the writes its watchers make at once
    if old is not None:
        old = store.managed.view(old)
    entries = update(old, obj, obj["kind"], manager, api_version or obj.get("apiVersion", ""), now, subresource)
    meta = obj.setdefault("metadata", {})
    if entries:
        meta["managedFields"] = entries
    else:
        meta.pop("managedFields", None)
    return obj


def _reset(old: dict | None, new: dict) -> bool:
    """Did the request send managedFields of its own (replacing the live ones)?"""
    sent = (new.get("metadata") or {}).get("managedFields")
    return sent is not None and sent != ((old or {}).get("metadata") or {}).get("managedFields")


def _cleared(new: dict) -> bool:
    sent = (new.get("metadata") or {}).get("managedFields")
    return isinstance(sent, list) and all(not e for e in sent)


def apply(live: dict | None, config: dict, kind: str, manager: str, now: str, force: bool,
          merge) -> dict:
    """The object server-side apply of `config` by `manager` makes of `live` (None: a create), with
    its managedFields; raises the 409 Conflict. `merge(live, config)` merges a configuration in."""
    managers = managers_of(live or {})
    if live is not None and not managers:
        managers[(BEFORE_FIRST_APPLY, UPDATE, "")] = {"set": field_set(live, kind),
                                                      "apiVersion": live.get("apiVersion", ""), "time": now}
    me = (manager, APPLY, "")
    previous = managers.get(me, {"set": set()})["set"]
    applied = field_set(config, kind)
    new = merge(copy.deepcopy(live), config) if live is not None else copy.deepcopy(config)
    others: set[Path] = set()
    for key, m in managers.items():
        if key != me:
            others |= m["set"]
    for path in sorted(previous - applied, key=lambda p: (len(p), p)):  # an item before its fields
        if not _owned_below(others, path) and not _owned_below(applied, path):
            _remove(new, path)
    managers[me] = {"set": applied, "apiVersion": config.get("apiVersion", ""), "time": now}
    _settle(managers, me, compare(live or {}, new, kind), force)
    new.setdefault("metadata", {})["managedFields"] = encode(managers)
    return new


def _remove(obj, path: Path) -> None:
    node = obj
    for i, element in enumerate(path):
        last = i == len(path) - 1
        kind, _, rest = element.partition(":")
        if kind == "f":
            if not isinstance(node, dict) or rest not in node:
                return
            if last:
                del node[rest]
                return
            node = node[rest]
        elif isinstance(node, list):
            index = _find(node, kind, rest)
            if index is None:
                return
            if last:
                del node[index]
                return
            node = node[index]
        else:
            return


def _find(items: list, kind: str, rest: str) -> int | None:
    if kind == "i":
        return int(rest) if rest.isdigit() and int(rest) < len(items) else None
    want = json.loads(rest)
    for n, item in enumerate(items):
        if kind == "v" and item == want:
            return n
        if kind == "k" and isinstance(item, dict) and all(item.get(k, KEY_DEFAULTS.get(k)) == v
                                                           for k, v in want.items()):
            return n
    return None
