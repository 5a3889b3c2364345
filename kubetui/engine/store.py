"""The API server and etcd in one: objects by kind, namespace and name, with resourceVersion,
admission, indexes and a change feed.

Objects are plain dicts in Kubernetes JSON. The store owns them: callers read them and write
new versions through `create`, `update`, `update_status` and `delete`, never by mutating what
`get` returned. Every write notifies the kind's watchers (controllers enqueue keys from there),
so per-tick work follows what changed.
"""

from __future__ import annotations

import builtins
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kubetui.engine.events import _LOW, EventBucket, EventSpaces, event_numbers
from kubetui.engine.fieldmanager import Ledger
from kubetui.engine.user import ADMIN, UserInfo
from kubetui.model import errors
from kubetui.model.clock import timestamp
from kubetui.model.kinds import KINDS, CustomKind, Kind, KindRegistry
from kubetui.model.labels import Selector

if TYPE_CHECKING:
    from kubetui.engine.admission.podtemplates import StampedPods
    from kubetui.engine.simulation import Simulation

ADDED, MODIFIED, DELETED = "ADDED", "MODIFIED", "DELETED"

FOREGROUND_DELETION = "foregroundDeletion"
ORPHAN = "orphan"
FINALIZED_ELSEWHERE = ("Pod", "Namespace")
"""Kinds whose deletion ends elsewhere: the kubelet removes pods, the namespace controller
namespaces. For every other kind, the write that lifts the last finalizer of an object being
deleted removes it, as the API server does; for a pod, only once its grace period is over
(`deletionGracePeriodSeconds: 0`, see `finish_pod`)."""
_NAMESPACED = {name: k.namespaced for name, k in KINDS.items()}
"""Built-in kind -> namespaced (read on every get and write)."""
_NO_GENERATION = frozenset(("Pod", "Node", "Namespace", "Service", "PersistentVolume", "PersistentVolumeClaim", "Lease"))
"""Kinds with a spec but no metadata.generation."""
_NO_SPEC: dict = {}

Watcher = Callable[[str, dict | None, dict | None], None]
"""Called as `watcher(event_type, old, new)` after every write of a kind."""

Admission = Callable[[str, dict, dict | None], dict]
"""`plugin(operation, obj, old) -> obj`: may mutate (defaults) or raise ApiError (validate)."""


_UUID4_CLEAR = ~(0xC000 << 48) & ~(0xF000 << 64)
_UUID4_SET = (0x8000 << 48) | (4 << 76)


def uuid4_bits(bits: int) -> int:
    """The 128 bits of `uuid.UUID(int=bits, version=4)` (variant and version set)."""
    return bits & _UUID4_CLEAR | _UUID4_SET


def uuid4(bits: int) -> str:
    """`str(uuid.UUID(int=bits, version=4))`, without building the UUID object."""
    h = f"{bits & _UUID4_CLEAR | _UUID4_SET:032x}"  # `uuid4_bits`, inline
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def kind_of(name: str) -> Kind:
    return KINDS[name]


def controller_ref(owner: dict) -> dict:
    """The ownerReference a controller puts on what it makes (Kubernetes' NewControllerRef):
    the garbage collector deletes the object with its owner, and no other controller adopts it."""
    meta = owner["metadata"]
    return {"apiVersion": KINDS[owner["kind"]].api_version, "kind": owner["kind"], "name": meta["name"],
            "uid": meta["uid"], "controller": True, "blockOwnerDeletion": True}


def controller_of(obj: dict) -> dict | None:
    """The ownerReference with `controller: true`, if any."""
    for ref in obj["metadata"].get("ownerReferences", ()):
        if ref.get("controller"):
            return ref
    return None


def _controller_kind(refs: list | None) -> str | None:
    """The kind of the ownerReference with `controller: true` among `refs`, None if there is none."""
    for ref in refs or ():
        if ref.get("controller"):
            return ref.get("kind")
    return None


class Store:
    """Objects, indexes and watchers for one simulated cluster."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.revision = 0
        """The last resourceVersion handed out (etcd's revision)."""
        self.kinds = KindRegistry()
        """The kinds this cluster serves: built-in ones and those its CRDs define."""
        self._custom_watchers: list[Watcher] = []
        """Engine parts that follow every custom kind, present and future (the garbage collector)."""
        self._objects: dict[str, dict[str, dict[str, dict]]] = {k: {} for k in KINDS}
        """kind -> namespace ("" for cluster-scoped) -> name -> object."""
        self._events = self._objects["Event"] = EventSpaces()
        """The Events' namespaces (`_objects["Event"]`), with what the recorder has yet to put in."""
        self._watchers: dict[str, list[Watcher]] = {k: [] for k in KINDS}
        self._spec_watchers: dict[str, list[Watcher]] = {k: [] for k in KINDS}
        """The kind's watchers but those that read only metadata (`watch(metadata_only=True)`):
        the ones a renewal (`renew`) tells."""
        self._unbound_pod_watchers: list[Watcher] = []
        """The Pod watchers told of a new pod that has no node yet: all but those that said they
        ignore pods until they are bound (`watch(unbound=False)`)."""
        self._binding_watchers: list[Watcher] = []
        """The Pod watchers told of a binding (`bind`): those, but the metadata-only ones (and
        with those that ignore a new pod until it is bound, `watch(unbound_creates=False)`)."""
        self._controlled_by: dict[Watcher, frozenset[str | None]] = {}
        """Watchers that read only the objects of some controllers' kinds (`watch(controlled_by=...)`)
        -> those kinds (None among them: objects that no controller owns)."""
        self._routed: dict[str | None, tuple[list[Watcher], list[Watcher], list[Watcher], list[Watcher]]] = {}
        """A pod's controller's kind (None: it has none) -> (`_unbound_pod_watchers`,
        `_binding_watchers`, and of each the watchers that read such a pod), picked when first
        needed and again after a new watcher or a list replaced."""
        self._last_route: tuple[builtins.list | None, str | None, tuple] | None = None
        """(ownerReferences, its controller's kind, `_routed` entry) of the last pod `_pod_watchers` routed."""
        self._status_watchers: dict[str, list[Watcher]] = {k: [] for k in KINDS}
        """The kind's watchers but those a status-only write is nothing to (`watch(status_blind=True)`):
        the ones `update_status` tells of a write that keeps the metadata and spec objects."""
        self._controlled_kinds: set[str] = set()
        """The kinds some watcher follows with `controlled_by` (their status-only writes are routed)."""
        self._status_by_owner: dict[tuple[str, str | None], list[Watcher]] = {}
        """(kind, controller kind or None) -> the status watchers a status-only write of such an
        object is told of (`_told`, worked out when first needed)."""
        self._observers: dict[str, list[Watcher]] = {k: [] for k in KINDS}
        """Watchers outside the engine (a screen): told after the engine's, never copied."""
        self.admission: list[tuple[str, Admission]] = []
        """(kind or "*", plugin) run in order on create and update."""
        self._chains: dict[str, tuple[list, int, list[Admission]]] = {}
        """kind -> (the admission list, its length, the plugins it runs for the kind), picked
        again when plugins are added or the list replaced."""
        self._stamped: StampedPods | None = None
        """The admission of pods stamped out of a controller's template (made at the first pod)."""
        self.pods_by_node: dict[str, dict[tuple[str, str], None]] = {}
        """node name -> {(namespace, name)}; insertion-ordered for determinism."""
        self.by_owner: dict[str, dict[tuple[str, str, str], None]] = {}
        """owner uid -> {(kind, namespace, name)} of the objects it controls or owns."""
        self.by_uid: dict[str, tuple[str, str, str]] = {}
        """uid -> (kind, namespace, name): how the garbage collector finds owners."""
        self.warnings: list[str] = []
        """Warnings admission gave (PodSecurity `warn`), for kubectl to print once and clear."""
        self.audit: list[dict] = []
        """Audit annotations admission noted (PodSecurity `audit`)."""
        self.field_manager: tuple[str, str, str, str] | None = None
        """(manager, subresource, time, apiVersion written in) of the API write being served, for
        managedFields (fieldmanager.admit); None for every other write."""
        self.writer: str | None = None
        """The field manager of the component writing now (`kube-controller-manager`, `kubelet`,
        kubetui's kubectl as `kubectl-create`...): its writes are noted in `managed`. None for the
        API's requests (they record their own managedFields) and for writes nobody is shown as
        owning (a binding, the cluster's start-up)."""
        self.writer_subresource = ""
        """The subresource the writer writes through (kubectl scale's `scale`), if not the object's."""
        self.writer_version = ""
        """The apiVersion the writer writes in, if not the stored one (an autoscaling/v1 manifest)."""
        self.managed = Ledger()
        """managedFields of the writers' writes, worked out when read (fieldmanager.Ledger)."""
        self.user: UserInfo = ADMIN
        """Who the request being served comes from (the kubectl command's user while it runs;
        the control plane otherwise): a CertificateSigningRequest records it as its requestor."""
        self._digests: dict[tuple[str, str, str], int] = {}
        self._dirty: dict[tuple[str, str, str], None] = {}
        self._sum = 0

    # -- reading ---------------------------------------------------------------------------
    def get(self, kind: str, namespace: str | None, name: str) -> dict | None:
        """The object, or None (also for a custom kind no longer served)."""
        spaces = self._objects.get(kind)
        if spaces is None:
            return None
        namespaced = _NAMESPACED.get(kind)  # `_ns`, inlined: the engine's most frequent call
        if namespaced is None:
            namespaced = self.kinds[kind].namespaced
        bucket = spaces.get((namespace or "default") if namespaced else "")
        return bucket.get(name) if bucket is not None else None

    def list(self, kind: str, namespace: str | None = None, selector: Selector | None = None) -> list[dict]:
        """Objects of a kind, by namespace then name (kubectl's order); None means all namespaces."""
        spaces = self._objects.get(kind)
        if spaces is None:
            return []
        if namespace is None or not self.kinds[kind].namespaced:
            names = sorted(spaces)
        else:
            names = [namespace] if namespace in spaces else []
        out: list[dict] = []
        for ns in names:
            bucket = spaces[ns]
            for name in sorted(bucket):
                obj = bucket[name]
                if selector is None or selector.matches(obj["metadata"].get("labels")):
                    out.append(obj)
        return out

    def iter(self, kind: str, namespace: str | None = None) -> Iterator[dict]:
        """Objects in insertion order (cheaper than `list` where order is not shown to anyone)."""
        spaces = self._objects.get(kind, {})
        if namespace is None:
            for bucket in spaces.values():
                yield from bucket.values()
        else:
            yield from spaces.get(self._ns(kind, namespace), {}).values()

    def exists(self, kind: str, namespace: str) -> bool:
        """Whether any object of a kind is in the namespace (cheaper than listing them)."""
        spaces = self._objects.get(kind)
        if not spaces:
            return False  # no object of the kind was ever in any namespace (a PodDisruptionBudget, at each pod write)
        return bool(spaces.get(self._ns(kind, namespace)))

    def count(self, kind: str) -> int:
        return sum(len(b) for b in self._objects.get(kind, {}).values())

    def owned(self, uid: str, kind: str | None = None) -> builtins.list[dict]:
        """Objects whose ownerReferences name `uid` (what a controller or the GC walks)."""
        out = []
        for k, ns, name in self.by_owner.get(uid, ()):
            if kind is None or k == kind:
                obj = self._objects[k].get(ns, {}).get(name)
                if obj is not None:
                    out.append(obj)
        return out

    def by_uid_get(self, uid: str) -> dict | None:
        key3 = self.by_uid.get(uid)
        return self.get(*key3) if key3 else None

    def pods_on(self, node: str) -> builtins.list[dict]:
        bucket = self._objects["Pod"]
        return [bucket[ns][n] for ns, n in self.pods_by_node.get(node, ()) if n in bucket.get(ns, {})]

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def writing(self, manager: str | None) -> Iterator[None]:
        """Writes made meanwhile are `manager`'s (managedFields)."""
        before, self.writer = self.writer, manager
        try:
            yield
        finally:
            self.writer = before

    @contextmanager
    def written_in(self, api_version: str) -> Iterator[None]:
        """Writes made meanwhile are in `api_version` (managedFields record it)."""
        before, self.writer_version = self.writer_version, api_version
        try:
            yield
        finally:
            self.writer_version = before

    def watch(self, kind: str, watcher: Watcher, *, metadata_only: bool = False, unbound: bool = True,
              status_blind: bool = False, unbound_creates: bool = True,
              controlled_by: tuple[str | None, ...] | None = None) -> None:
        """An engine part follows a kind; `watcher` must pickle (a bound method), as it is copied
        with the simulation. `metadata_only`: it reads only the objects' metadata (as the real
        garbage collector's metadata informers do), so a renewal, which keeps the metadata, is
        nothing to it. `unbound=False` (Pods): it does nothing with a Pending pod that has no node
        yet, neither with its creation nor with its binding (`bind`), so it is told of neither;
        `unbound_creates=False`: it does nothing with the creation of such a pod (it waits for the
        binding). `status_blind`: it does nothing on a write that keeps the metadata and spec
        objects (a kubelet's status report: two of them per pod on its way to Running).
        `controlled_by`: it does nothing with an object whose controller (the ownerReference with
        `controller: true`) is of another kind than these (None: no controller), so it is told of
        no such pod's unbound creation nor of its binding, and of no such object's status-only
        write (which keeps the ownerReferences). Its other writes reach it as to any watcher."""
        self._watchers[kind].append(watcher)
        if not metadata_only:
            self._spec_watchers[kind].append(watcher)
        if not status_blind:
            self._status_watchers[kind].append(watcher)
        if kind == "Pod" and unbound:
            if unbound_creates:
                self._unbound_pod_watchers.append(watcher)
            if not metadata_only:
                self._binding_watchers.append(watcher)
        if controlled_by is not None:
            self._controlled_by[watcher] = frozenset(controlled_by)
            self._controlled_kinds.add(kind)
        self._routed.clear()
        self._last_route = None
        self._status_by_owner.clear()

    def _told(self, watchers: builtins.list[Watcher], controller: str | None) -> builtins.list[Watcher]:
        """Of `watchers`, those that read an object whose controller is of kind `controller`
        (None: it has none): all but the `controlled_by` ones that name other kinds."""
        controlled = self._controlled_by
        return [w for w in watchers if w not in controlled or controller in controlled[w]]

    def _pod_watchers(self, pod: dict) -> tuple[builtins.list[Watcher], builtins.list[Watcher],
                                                builtins.list[Watcher], builtins.list[Watcher]]:
        """`_routed` for the pod's controller's kind (the watchers its unbound creation and its
        binding are told to)."""
        refs = pod["metadata"].get("ownerReferences")
        last = self._last_route
        found: tuple[builtins.list[Watcher], builtins.list[Watcher], builtins.list[Watcher],
                     builtins.list[Watcher]] | None
        if last is not None and last[0] is refs and refs is not None:
            controller, found = last[1], last[2]  # the last pod's very ownerReferences (never changed in place)
        else:
            controller = _controller_kind(refs)
            found = self._routed.get(controller)
        if found is None or found[0] is not self._unbound_pod_watchers or found[1] is not self._binding_watchers:
            found = self._routed[controller] = (
                self._unbound_pod_watchers, self._binding_watchers,
                self._told(self._unbound_pod_watchers, controller), self._told(self._binding_watchers, controller))
        self._last_route = (refs, controller, found)
        return found

    def observe(self, kind: str, watcher: Watcher) -> None:
        """A reader outside the engine (a screen) follows a kind. It only reads, and a copy of
        the simulation does not take it along."""
        self._observers[kind].append(watcher)

    def unobserve(self, kind: str, watcher: Watcher) -> None:
        """The reader stops following `kind`."""
        if watcher in self._observers.get(kind, ()):
            self._observers[kind].remove(watcher)

    def watch_custom(self, watcher: Watcher) -> None:
        """An engine part follows the objects of every custom kind, those served later included."""
        self._custom_watchers.append(watcher)
        for kind in self.kinds.custom:
            self._watchers[kind].append(watcher)

    def serve(self, kind: CustomKind) -> None:
        """Serve a custom kind (its CRD was accepted): a bucket for its objects, its watchers."""
        fresh = kind.kind not in self.kinds.custom
        self.kinds.register(kind)
        if fresh:
            self._objects.setdefault(kind.kind, {})
            self._watchers[kind.kind] = list(self._custom_watchers)
            self._observers.setdefault(kind.kind, [])

    def unserve(self, kind_name: str) -> None:
        """Stop serving a custom kind (its CRD is gone), with whatever objects are left of it."""
        if kind_name not in self.kinds.custom:
            return
        for bucket in list(self._objects.get(kind_name, {}).values()):
            for obj in list(bucket.values()):
                self.remove(kind_name, obj["metadata"].get("namespace"), obj["metadata"]["name"])
        self.kinds.unregister(kind_name)
        self._objects.pop(kind_name, None)
        self._watchers.pop(kind_name, None)

    def __getstate__(self) -> dict:
        return {**vars(self), "_observers": {k: [] for k in self.kinds}, "_chains": {}, "_routed": {}, "_last_route": None,
                "_status_by_owner": {}}

    def create(self, obj: dict, *, admit: bool = True, uid: str | None = None, dry_run: bool = False) -> dict:
        """Store a new object; `uid` is for objects the API server itself makes at start-up, which
        should not draw on the simulation's random stream. `dry_run` (a server-side dry run) goes
        through admission, defaults and all, and returns what would be stored, storing nothing."""
        kind = obj["kind"]
        meta = obj.setdefault("metadata", {})
        k = self.kinds[kind]
        if k.namespaced:
            meta["namespace"] = meta.get("namespace") or "default"
        else:
            meta.pop("namespace", None)
        generated = not meta.get("name") and meta.get("generateName")
        # Only a create that may be refused after drawing from the generator marks where the
        # stream is, to step back there: one through admission, a dry run, or a generated name.
        rng = self.sim.rng
        rng_mark = rng.mark() if admit or dry_run or generated else None
        if generated:
            meta["name"] = meta["generateName"] + self.sim.random_suffix()
        if not meta.get("name"):
            raise errors.ObjectInvalid(f"{kind}.{k.group or 'core'} \"\" is invalid: metadata.name: Required value: "
                                       "name or generateName is required", raw=True)
        if rng_mark is None and meta["name"] in self._objects[kind].get(self._ns(kind, meta.get("namespace")), {}):
            raise errors.already_exists(k.resource, meta["name"])
        for field in ("deletionTimestamp", "deletionGracePeriodSeconds"):
            meta.pop(field, None)  # BeforeCreate: a new object is never being deleted
        uid = uid or uuid4(rng.getrandbits(128))
        meta["uid"] = uid  # known to admission, as the API server fills it before validating
        try:
            if admit:
                obj = self._admit("CREATE", obj, None)
                meta = obj["metadata"]
            ns = self._ns(kind, meta.get("namespace"))
            bucket = self._objects[kind].get(ns)
            if bucket is not None and meta["name"] in bucket:
                raise errors.already_exists(k.resource, meta["name"])
        except Exception:
            if rng_mark is not None:
                rng.rewind(rng_mark)  # a refused create leaves no trace, not even a used uid
            raise
        if dry_run:
            assert rng_mark is not None
            rng.rewind(rng_mark)
            meta["creationTimestamp"] = timestamp(self.sim.tick)
            return obj
        if bucket is None:
            bucket = self._objects[kind][ns] = EventBucket() if kind == "Event" else {}
        if kind == "Event":
            self._events.foreign = True  # see EventSpaces
        self.revision += 1
        meta["uid"] = uid
        meta["resourceVersion"] = str(self.revision)
        now = meta["creationTimestamp"] = timestamp(self.sim.tick)
        if "spec" in obj and kind not in _NO_GENERATION:
            meta["generation"] = 1
        name = meta["name"]
        bucket[name] = obj
        self._index_created(kind, meta.get("namespace", ""), name, obj)
        if self.writer is not None and kind != "Event":
            self.managed.created(self.writer, uid, obj, now, self.writer_version)
        status = obj.get("status")
        if kind == "Pod" and type(status) is dict and status.get("phase") == "Pending" and "conditions" not in status \
                and not (obj.get("spec") or {}).get("nodeName"):  # what admission makes of every new pod
            for watcher in self._pod_watchers(obj)[2]:
                watcher(ADDED, None, obj)
            for watcher in self._observers[kind]:
                watcher(ADDED, None, obj)
        else:
            self._notify(kind, ADDED, None, obj)
        return obj

    def create_event(self, event: dict) -> dict:
        """`create(event, admit=False)` the short way, for an Event the event recorder made: named,
        in a namespace, owning nothing and followed by no engine part, so no index to keep (a cold
        start writes six Events a pod)."""
        meta = event["metadata"]
        spaces = self._objects["Event"]
        bucket = spaces.get(meta["namespace"])
        if bucket is None:
            bucket = spaces[meta["namespace"]] = EventBucket()
        if meta["name"] in bucket:
            raise errors.already_exists("events", meta["name"])
        meta["uid"] = uuid4(self.sim.rng.getrandbits(128))
        self.revision += 1
        meta["resourceVersion"] = str(self.revision)
        meta["creationTimestamp"] = timestamp(self.sim.tick)
        bucket[meta["name"]] = event
        self._notify("Event", ADDED, None, event)
        return event

    def create_event_row(self, namespace: str, name: str, involved_rv: int | str | None, tail: tuple) -> tuple:
        """`create_event` for an Event the recorder built as the flat row the bucket keeps
        (events.py `_compact`), given all but its metadata and numbers: the same checks, draw,
        revision and notifications, with no dict made unless someone watches Events."""
        spaces = self._objects["Event"]
        bucket = spaces.get(namespace)
        if bucket is None:
            bucket = spaces[namespace] = EventBucket()
        if name in bucket:
            raise errors.already_exists("events", name)
        bits = uuid4_bits(self.sim.rng.getrandbits(128))
        self.revision += 1
        rv = self.revision
        numbers = bits << 128 | rv << 64 | involved_rv if type(involved_rv) is int and involved_rv | rv <= _LOW \
            else event_numbers(bits, rv, involved_rv)  # `event_numbers`, its usual case inline
        row = (name, numbers, timestamp(self.sim.tick), *tail)
        dict.__setitem__(bucket, name, row)
        if self._watchers["Event"] or self._observers["Event"]:
            self._notify("Event", ADDED, None, bucket[name])
        return row

    def update(self, obj: dict, *, admit: bool = True) -> dict:
        """Replace an object (spec and metadata); bumps generation when the spec changed."""
        kind, meta = obj["kind"], obj["metadata"]
        old = self.get(kind, meta.get("namespace"), meta["name"])
        if old is None:
            raise errors.not_found(self.kinds[kind].resource, meta["name"])
        if admit:
            obj = self._admit("UPDATE", obj, old)
            meta = obj["metadata"]
        for field in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"):
            if field in old["metadata"]:
                meta[field] = old["metadata"][field]
        if "generation" in old["metadata"]:
            changed = old.get("spec") != obj.get("spec")
            meta["generation"] = old["metadata"]["generation"] + (1 if changed else 0)
        if obj == old:
            return old
        if meta.get("deletionTimestamp") and not meta.get("finalizers") and (
                kind not in FINALIZED_ELSEWHERE or (kind == "Pod" and meta.get("deletionGracePeriodSeconds") == 0)):
            self._replace(kind, old, obj)
            return self.remove(kind, meta.get("namespace"), meta["name"]) or obj
        return self._replace(kind, old, obj, "")

    def renew(self, old: dict, spec: dict) -> dict:
        """`update({**old, "spec": spec}, admit=False)` for the stored `old` of a built-in kind
        whose metadata the write keeps (a Lease's holder moving its renewTime: a tenth of the nodes
        every tick). The same new version, resourceVersion, managedFields note and notifications,
        without the general update's comparisons, and told only to the watchers that read more
        than metadata (nothing in the metadata changes but the resourceVersion)."""
        meta, kind = old["metadata"], old["kind"]
        watchers = self._spec_watchers.get(kind)
        if watchers is None or "generation" in meta or "deletionTimestamp" in meta or spec == old.get("spec"):
            return self.update({**old, "spec": spec}, admit=False)
        return self._swap(kind, old, {**old, "spec": spec}, watchers, self.writer_subresource)

    def bind(self, old: dict, obj: dict) -> dict:
        """The pods/binding subresource: `obj` is the stored, Pending, unbound pod `old` with
        `spec.nodeName` set and its PodScheduled condition written, nothing else changed (the same
        metadata object). `update(obj, admit=False)` without the general update's comparisons, as
        the same new version, resourceVersion, indexes and managedFields, told only to the watchers
        that read a binding (not the metadata-only ones, nor those that ignore unbound pods).
        Anything else (a writer noted, a pod being deleted, one bound already) takes `update`."""
        meta = old["metadata"]
        node = obj["spec"].get("nodeName")
        namespace, name = meta.get("namespace", ""), meta["name"]
        if self.writer is not None or obj["metadata"] is not meta or not node or old["spec"].get("nodeName") \
                or "deletionTimestamp" in meta or "generation" in meta \
                or (old.get("status") or {}).get("phase") != "Pending" \
                or self._objects["Pod"].get(self._ns("Pod", namespace), {}).get(name) is not old:
            return self.update(obj, admit=False)
        self.pods_by_node.setdefault(node, {})[(namespace, name)] = None
        return self._swap("Pod", old, obj, self._pod_watchers(old)[3], "")

    def update_status(self, obj: dict) -> dict:
        """Write a new status (what controllers and kubelets do); no admission, no generation."""
        kind, meta = obj["kind"], obj["metadata"]
        old = self.get(kind, meta.get("namespace"), meta["name"])
        if old is None:
            raise errors.not_found(self.kinds[kind].resource, meta["name"])
        if old["metadata"] is meta:
            if old.get("status") == obj.get("status"):
                return old
            if old.get("spec") is obj.get("spec") and kind != "Event":
                return self._status_written(kind, old, obj)
        elif old.get("status") == obj.get("status") and old["metadata"] == meta:
            return old
        return self._replace(kind, old, obj, "status")

    def _status_written(self, kind: str, old: dict, obj: dict) -> dict:
        """`_replace(kind, old, obj, "status")` for a write that keeps the stored metadata and
        spec objects: no index can move (owners, uid and node are where they were), and only
        the watchers that read more than those are told."""
        watchers = self._status_watchers.get(kind)
        if watchers is None:
            watchers = self._watchers[kind]
        elif kind in self._controlled_kinds:
            owner = _controller_kind(old["metadata"].get("ownerReferences"))
            found = self._status_by_owner.get((kind, owner))
            if found is None:
                found = self._status_by_owner[(kind, owner)] = self._told(watchers, owner)
            watchers = found
        return self._swap(kind, old, obj, watchers, "status")

    def _swap(self, kind: str, old: dict, obj: dict, watchers: builtins.list[Watcher], subresource: str) -> dict:
        """Store `obj` in place of `old` where no index can move (the narrow writes: `renew`,
        `bind`, `_status_written`): a new resourceVersion, the checksum's mark, the writer's
        managedFields note (as `subresource`), and `watchers` and the observers told."""
        self.revision += 1
        meta = obj["metadata"]
        meta["resourceVersion"] = str(self.revision)
        namespace, name = meta.get("namespace", ""), meta["name"]
        self._objects[kind][self._ns(kind, namespace)][name] = obj
        self._dirty[(kind, namespace, name)] = None
        if self.writer is not None:
            self.managed.note(self.writer, subresource, old, obj, timestamp(self.sim.tick), self.writer_version)
        elif self.managed.notes:
            self.managed.moved(old, obj)
        for watcher in watchers:
            watcher(MODIFIED, old, obj)
        for watcher in self._observers[kind]:
            watcher(MODIFIED, old, obj)
        return obj

    def _replace(self, kind: str, old: dict, obj: dict, subresource: str | None = None) -> dict:
        """Store `obj` in place of `old`; `subresource` ("" or "status") for a write whose writer
        is noted for managedFields, None for what deletion does."""
        self.revision += 1
        obj["metadata"]["resourceVersion"] = str(self.revision)
        meta = obj["metadata"]
        self._objects[kind][self._ns(kind, meta.get("namespace"))][meta["name"]] = obj
        self._index(kind, old, obj)
        if subresource is not None and self.writer is not None and kind != "Event":
            self.managed.note(self.writer, subresource or self.writer_subresource, old, obj,
                              timestamp(self.sim.tick), self.writer_version)
        elif self.managed.notes:
            self.managed.moved(old, obj)
        self._notify(kind, MODIFIED, old, obj)
        return obj

    def remove(self, kind: str, namespace: str | None, name: str) -> dict | None:
        """Take an object out of etcd at once (the end of every deletion path)."""
        ns = self._ns(kind, namespace)
        old = self._objects[kind].get(ns, {}).pop(name, None)
        if old is None:
            return None
        self.revision += 1
        self._index(kind, old, None)
        self._notify(kind, DELETED, old, None)
        self.managed.forget(old["metadata"].get("uid", ""))
        return old

    def remove_event_row(self, namespace: str, name: str) -> bool:
        """`remove("Event", namespace, name)` of an Event kept as the recorder's flat row (its
        expiry after an hour), without making it a dict: such an Event owns nothing, is in no
        index and has no managedFields notes, so only its revision is left to count. False (and
        nothing done) for any other Event, or while something watches Events."""
        bucket = self._objects["Event"].get(namespace)
        if bucket is None or self._watchers["Event"] or self._observers["Event"] \
                or type(dict.get(bucket, name)) is not tuple:
            return False
        dict.__delitem__(bucket, name)
        self.revision += 1
        return True

    # -- internals -------------------------------------------------------------------------
    def _ns(self, kind: str, namespace: str | None) -> str:
        namespaced = _NAMESPACED.get(kind)  # a built-in kind straight from the table (most lookups)
        if namespaced is None:
            namespaced = self.kinds[kind].namespaced
        return (namespace or "default") if namespaced else ""

    def _admit(self, op: str, obj: dict, old: dict | None) -> dict:
        kind = obj["kind"]
        chain = self.admission
        found = self._chains.get(kind)
        if found is None or found[0] is not chain or found[1] != len(chain):
            found = self._chains[kind] = (chain, len(chain), [p for target, p in chain if target == "*" or target == kind])
        if kind == "Pod" and op == "CREATE":
            stamped = self._stamped
            if stamped is None:
                from kubetui.engine.admission.podtemplates import StampedPods

                stamped = self._stamped = StampedPods(self)
            return stamped.admit(obj, found[2])
        for plugin in found[2]:
            obj = plugin(op, obj, old)
        return obj

    def _index_created(self, kind: str, namespace: str, name: str, obj: dict) -> None:
        """`_index(kind, None, obj)` for a new object (`create`), spelled out for that case."""
        meta = obj["metadata"]
        key3 = (kind, namespace, name)
        refs = meta.get("ownerReferences")
        if refs:
            by_owner = self.by_owner
            for ref in refs:
                owned = by_owner.get(ref["uid"])
                if owned is None:
                    by_owner[ref["uid"]] = {key3: None}
                else:
                    owned[key3] = None
        if kind == "Event":
            return  # see `_index`
        self.by_uid[meta["uid"]] = key3
        if kind == "Pod":
            node = obj.get("spec", _NO_SPEC).get("nodeName")
            if node:
                self.pods_by_node.setdefault(node, {})[(namespace, name)] = None
        self._dirty[key3] = None

    def _index(self, kind: str, old: dict | None, new: dict | None) -> None:
        some = new or old
        assert some is not None
        meta = some["metadata"]
        key3 = (kind, meta.get("namespace", ""), meta["name"])
        if old is None or new is None or old["metadata"] is not new["metadata"]:  # else a binding's: same owners
            old_owners = [r["uid"] for r in (old or {}).get("metadata", {}).get("ownerReferences", ())]
            new_owners = [r["uid"] for r in (new or {}).get("metadata", {}).get("ownerReferences", ())]
            if old_owners != new_owners:
                for uid in old_owners:
                    self.by_owner.get(uid, {}).pop(key3, None)
                for uid in new_owners:
                    self.by_owner.setdefault(uid, {})[key3] = None
        if kind == "Event":
            pass  # Events own nothing; leaving them out of by_uid keeps 180,000 entries out of a big cluster
        elif old is None:
            self.by_uid[meta["uid"]] = key3
        elif new is None:
            self.by_uid.pop(meta["uid"], None)
        if kind == "Pod":
            key2 = (meta.get("namespace", ""), meta["name"])
            old_node = (old or {}).get("spec", {}).get("nodeName")
            new_node = (new or {}).get("spec", {}).get("nodeName")
            if old_node != new_node:
                if old_node:
                    self.pods_by_node.get(old_node, {}).pop(key2, None)
                if new_node:
                    self.pods_by_node.setdefault(new_node, {})[key2] = None
        if kind == "Event":
            return
        if new is None:
            self._sum = (self._sum - self._digests.pop(key3, 0)) % (1 << 128)
            self._dirty.pop(key3, None)
        else:
            self._dirty[key3] = None

    def _notify(self, kind: str, event: str, old: dict | None, new: dict | None) -> None:
        for watcher in self._watchers[kind]:
            watcher(event, old, new)
        for watcher in self._observers[kind]:
            watcher(event, old, new)

    def checksum(self) -> str:
        """Order-independent hash of every object but Events (digests cached per write)."""
        for key3 in self._dirty:
            kind, ns, name = key3
            obj = self._objects[kind][self._ns(kind, ns)][name]
            blob = json.dumps([key3, obj], sort_keys=True, separators=(",", ":")).encode()
            digest = int.from_bytes(hashlib.blake2b(blob, digest_size=16).digest(), "big")
            self._sum = (self._sum - self._digests.get(key3, 0) + digest) % (1 << 128)
            self._digests[key3] = digest
        self._dirty.clear()
        return f"{self._sum:032x}"


def finish_pod(store: Store, namespace: str | None, name: str) -> dict | None:
    """The last DELETE of a pod (grace 0: the kubelet's, a force delete, PodGC's). A pod with
    finalizers stays, Terminating, until the last one is lifted; the others go now."""
    pod = store.get("Pod", namespace, name)
    if pod is None:
        return None
    meta = pod["metadata"]
    if not meta.get("finalizers"):
        return store.remove("Pod", namespace, name)
    if meta.get("deletionGracePeriodSeconds") == 0 and meta.get("deletionTimestamp"):
        return pod
    new_meta = {**meta, "deletionGracePeriodSeconds": 0,
                "deletionTimestamp": meta.get("deletionTimestamp") or timestamp(store.sim.tick)}
    return store._replace("Pod", pod, {**pod, "metadata": new_meta})


def delete(store: Store, kind: str, namespace: str | None, name: str, *,
           grace: int | None = None, propagation: str = "Background") -> dict:
    """The API server's DELETE: graceful for pods, finalizers respected, dependents to the GC.

    Foreground and Orphan put their finalizer (`foregroundDeletion`, `orphan`) on the object,
    which stays, Terminating, until the garbage collector has dealt with its dependents.
    Returns the object as it was (or as it now stands, Terminating). Raises NotFound.
    """
    sim = store.sim
    obj = store.get(kind, namespace, name)
    if obj is None:
        raise errors.not_found(store.kinds[kind].resource, name)
    if kind == "PriorityClass":
        from kubetui.engine.admission.priority import check_delete

        check_delete(name)
    meta = obj["metadata"]
    if kind == "Pod" and propagation == "Orphan":
        for dep in list(store.owned(meta["uid"])):
            refs = [r for r in dep["metadata"].get("ownerReferences", ()) if r["uid"] != meta["uid"]]
            new = {**dep, "metadata": {**dep["metadata"], "ownerReferences": refs}}
            if not refs:
                del new["metadata"]["ownerReferences"]
            store.update(new, admit=False)
    if kind == "Pod":
        grace = obj["spec"].get("terminationGracePeriodSeconds", 30) if grace is None else grace
        finished = obj.get("status", {}).get("phase") in ("Succeeded", "Failed")
        if grace == 0 or not obj["spec"].get("nodeName") or finished:
            return finish_pod(store, namespace, name) or obj
        if meta.get("deletionTimestamp") is not None:
            return obj
        new = {**obj, "metadata": {**meta, "deletionTimestamp": timestamp(sim.tick + grace),
                                    "deletionGracePeriodSeconds": grace}}
        return store._replace(kind, obj, new)
    finalizers = list(meta.get("finalizers") or ())
    policy = {"Foreground": FOREGROUND_DELETION, "Orphan": ORPHAN}.get(propagation)
    if kind != "Namespace" and policy is not None and policy not in finalizers:
        finalizers = [f for f in finalizers if f not in (FOREGROUND_DELETION, ORPHAN)] + [policy]
    if finalizers or kind == "Namespace":
        if meta.get("deletionTimestamp") is not None:
            if finalizers == list(meta.get("finalizers") or ()):
                return obj
            return store._replace(kind, obj, {**obj, "metadata": {**meta, "finalizers": finalizers}})
        new_meta = {**meta, "deletionTimestamp": timestamp(sim.tick), "deletionGracePeriodSeconds": 0}
        if finalizers:
            new_meta["finalizers"] = finalizers
        new = {**obj, "metadata": new_meta}
        if kind == "Namespace":
            new["status"] = {**obj.get("status", {}), "phase": "Terminating"}
        return store._replace(kind, obj, new)
    return store.remove(kind, namespace, name) or obj
