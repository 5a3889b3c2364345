"""Validation of the pods controllers stamp out of a template, done once per template.

A ReplicaSet of 100 replicas sends 100 pods through admission that differ only in their
generated name and uid; decoding, defaulting and validating each is most of a pod's admission.
The first of them is validated in full; its result is kept under the pod's `repr` without name
and uid, and the next pods of that shape get a copy with their own name and uid. (A repr costs
half the pod's JSON and tells apart what JSON does, `"1"`, `1`, `1.0` and `True`; dicts with
their keys in another order only miss the memo.) Only pods whose name is their generateName
plus a generated suffix qualify: such a name is valid exactly when the first one was. A pod
that fails validation is never remembered (each failure is validated again, so its message is
built only then and always in full).

`StampedPods` goes one step further for a controller's pods: the whole admission chain's result
for the first pod of a template is kept, and the next pods of that template get it with their own
name, uid and ServiceAccount token volume name; only the plugins that depend on the moment run
for each (NamespaceLifecycle, PodSecurity, ResourceQuota).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.admission.serviceaccount import MOUNT_PATH, VOLUME_PREFIX, _suffix, token_volume
from kubetui.engine.sharedvalues import keep
from kubetui.model.kinds import KindRegistry
from kubetui.model.validation import validate

if TYPE_CHECKING:
    from kubetui.engine.store import Admission, Store

SUFFIX_LENGTH = 5
SUFFIX_ALPHABET = frozenset("bcdfghjklmnpqrstvwxz2456789")
"""Of `Simulation.random_suffix` (Kubernetes' rand.String)."""
CAPACITY = 512
"""Shapes remembered at most (the memo starts afresh when full)."""

SHARED_METADATA = frozenset(("labels", "ownerReferences"))
"""Parts the pods of one shape share as one object (no admission plugin after validation
changes them, and stored objects are never changed in place): 0.6 KB a pod."""
SHARED_CONTAINER = frozenset(("resources",))
"""Parts of each container the pods of one shape share (LimitRanger copies what it defaults)."""
SHARED_SPEC = frozenset(("securityContext",))

_validated: dict[str | tuple, dict] = {}
_specs: dict[str | tuple, object] = {}
"""The template specs the memo knows by identity (`validate_pod(template=True)`)."""


def is_template_spec(store: Store, pod: dict) -> bool:
    """Whether the pod's spec is the very spec of its controller's stored pod template."""
    meta = pod.get("metadata")
    spec = pod.get("spec")
    if type(meta) is not dict or type(spec) is not dict:
        return False
    refs = meta.get("ownerReferences")
    if type(refs) is not list:
        return False
    for ref in refs:
        if type(ref) is dict and ref.get("controller") is True:
            kind, name, namespace = ref.get("kind"), ref.get("name"), meta.get("namespace")
            if type(kind) is not str or type(name) is not str or type(namespace) is not str \
                    or kind not in store.kinds:
                return False
            owner = store.get(kind, namespace, name)
            if owner is None or owner["metadata"].get("uid") != ref.get("uid"):
                return False
            template = (owner.get("spec") or {}).get("template")
            return type(template) is dict and template.get("spec") is spec
    return False


def copy_json(value):
    """A deep copy of JSON-shaped data (dicts, lists, scalars), several times faster than deepcopy."""
    if type(value) is dict:
        return {k: copy_json(v) for k, v in value.items()}
    if type(value) is list:
        return [copy_json(v) for v in value]
    return value


def _copy_pod_metadata(meta: dict) -> dict:
    out = dict(meta)  # texts as they are; a dict or list copied unless shared
    for k, v in meta.items():
        if (type(v) is dict or type(v) is list) and k not in SHARED_METADATA:
            out[k] = copy_json(v)
    return out


def _copy_container(container: dict) -> dict:
    if type(container) is not dict:
        return copy_json(container)
    out = dict(container)
    for k, v in container.items():
        if (type(v) is dict or type(v) is list) and k not in SHARED_CONTAINER:
            out[k] = copy_json(v)
    return out


def _copy_pod_spec(spec: dict) -> dict:
    out = dict(spec)
    for k, v in spec.items():
        if (type(v) is dict or type(v) is list) and k not in SHARED_SPEC:
            out[k] = [_copy_container(c) for c in v] if k in _CONTAINER_LISTS and type(v) is list else copy_json(v)
    return out


_CONTAINER_LISTS = frozenset(("containers", "initContainers"))


def _generated(meta: dict) -> bool:
    name, prefix = meta.get("name"), meta.get("generateName")
    return type(name) is str and type(prefix) is str and bool(prefix) \
        and len(name) == len(prefix) + SUFFIX_LENGTH and name.startswith(prefix) \
        and SUFFIX_ALPHABET.issuperset(name[len(prefix):])


def validate_pod(obj: dict, kinds: KindRegistry | None = None, template: bool = False) -> dict:
    """`validate(obj)` for a Pod being created, from memory when a pod of its shape passed.

    `template`: the pod's spec is the very spec of its owner's stored template (a controller's
    pod): the spec is then known by its identity, as a stored object is never changed in place,
    and only the rest of the pod is spelled out for the key."""
    meta = obj.get("metadata")
    if not isinstance(meta, dict) or not _generated(meta):
        return validate(obj, kinds=kinds)
    shape = {**obj, "metadata": {k: v for k, v in meta.items() if k not in ("name", "uid")}}
    spec = obj.get("spec")
    if template:
        shape["spec"] = None
        key: str | tuple = (id(spec), repr(shape))
    else:
        key = repr(shape)
    known = _validated.get(key)
    if known is None or (template and _specs.get(key) is not spec):
        out = validate(obj, kinds=kinds)
        if len(_validated) >= CAPACITY:
            _validated.clear()
            _specs.clear()
        _validated[key] = copy_json(out)
        if template:
            _specs[key] = spec  # held, so that its id names no other spec while the memo keeps it
        return out
    out = dict(known)
    for k, v in known.items():
        if k == "metadata":
            out[k] = _copy_pod_metadata(v)
        elif k == "spec" and type(v) is dict:
            out[k] = _copy_pod_spec(v)
        elif type(v) is dict or type(v) is list:
            out[k] = copy_json(v)
    out_meta = out["metadata"]
    out_meta["name"] = meta["name"]
    if "uid" in out_meta:
        out_meta["uid"] = meta["uid"]
    return out


STATE_KINDS = ("ServiceAccount", "PriorityClass", "LimitRange")
"""What the remembered plugins read besides the pod (its ServiceAccount, the PriorityClasses,
the namespace's LimitRanges): a write of any of them forgets every kept admission."""


def _plugin_function(plugin: Admission) -> object:
    """The function behind a plugin bound with `partial` or to its object."""
    return getattr(plugin, "func", None) or getattr(plugin, "__func__", None) or plugin


def _split(plugins: list[Admission]) -> tuple[list, list, list] | None:
    """The Pod chain as (plugins run before, plugins remembered, plugins run after) for every pod,
    or None when it holds a plugin not known here or not in that order (the chain was changed)."""
    from kubetui.engine import admission, fieldmanager
    from kubetui.engine.admission import immutable, limitranger, podsecurity, priority, resourcequota, serviceaccount

    before_fns = {admission.namespace_lifecycle}
    remembered_fns = {admission.validation, fieldmanager.admit, priority.Priority.admit, immutable.check_update,
                      limitranger.LimitRanger.admit, serviceaccount.admit, admission.storage_object_in_use_protection,
                      admission.default_toleration_seconds, admission.pod_status_on_create}
    after_fns = {podsecurity.PodSecurity.admit, resourcequota.ResourceQuotaAdmission.admit}
    parts: tuple[list, list, list] = ([], [], [])
    stage = 0
    for plugin in plugins:
        fn = _plugin_function(plugin)
        at = 0 if fn in before_fns else 1 if fn in remembered_fns else 2 if fn in after_fns else -1
        if at < stage:
            return None
        stage = at
        parts[at].append(plugin)
    return parts


class StampedPods:
    """The admission of the pods a controller stamps out of its stored template, worked out for
    the first and given to the next ones with their own name and uid (and the ServiceAccount
    token volume named after that uid, as the plugin names it).

    Only pods whose spec is their controller's stored template spec (`is_template_spec`) and
    whose name is their generateName plus a generated suffix qualify; the key is the spec's
    identity plus the `repr` of the rest of the pod without name and uid. The plugins kept are
    functions of that pod and of the ServiceAccount, PriorityClass and LimitRange objects: a write
    of any of those forgets everything kept. NamespaceLifecycle, PodSecurity (its warnings and
    audit notes name each pod) and ResourceQuota (usage moves with every pod) run for every pod as
    before. A refusal is never kept; an API write (one that records managedFields) is never
    stamped. Stored objects are never changed in place, so the pods share every part but their
    metadata and the lists and dicts that hold their token volume's name."""

    CAPACITY = 512

    def __init__(self, store: Store):
        self.store = store
        self._kept: dict[tuple[int, str], tuple] = {}
        """key -> (template spec, the first pod as admitted, its metadata, its token volume name or None)."""
        self._splits: tuple[list, tuple[list, list, list] | None] | None = None
        self._last: tuple | None = None
        """(template spec, the last pod stamped or kept as it was given, its metadata, what was
        kept for it): the next pod alike (`_alike`) takes the same kept admission."""
        for kind in STATE_KINDS:
            store.watch(kind, self._forget)

    def __getstate__(self) -> dict:
        return {**vars(self), "_kept": {}, "_splits": None, "_last": None}

    def _forget(self, event: str, old: dict | None, new: dict | None) -> None:
        self._kept.clear()
        self._last = None

    def admit(self, pod: dict, plugins: list[Admission]) -> dict:
        """`pod` through `plugins` (the store's Pod chain) on CREATE."""
        splits = self._splits
        if splits is None or splits[0] is not plugins:
            splits = self._splits = (plugins, _split(plugins))
        parts = splits[1]
        meta = pod.get("metadata")
        spec = pod.get("spec")
        last = self._last
        if last is not None and last[0] is spec and parts is not None and self.store.field_manager is None \
                and type(meta) is dict and _alike(pod, last[1], _POD_OWN) and _alike(meta, last[2], _META_OWN) \
                and _generated(meta) and type(meta.get("uid")) is str:
            before, _, after = parts  # the previous pod's shape: what its key found is this pod's
            for plugin in before:
                pod = plugin("CREATE", pod, None)
            pod = _stamp(last[3], meta["name"], meta["uid"])
            for plugin in after:
                pod = plugin("CREATE", pod, None)
            return pod
        if parts is None or self.store.field_manager is not None or type(meta) is not dict or type(spec) is not dict \
                or not _generated(meta) or not is_template_spec(self.store, pod):
            for plugin in plugins:
                pod = plugin("CREATE", pod, None)
            return pod
        before, remembered, after = parts
        for plugin in before:
            pod = plugin("CREATE", pod, None)
        name, uid = meta["name"], meta.get("uid")
        key = (id(spec), repr({**pod, "metadata": {k: v for k, v in meta.items() if k not in ("name", "uid")},
                               "spec": None}))
        kept = self._kept.get(key)
        given = pod
        if kept is None or kept[0] is not spec or type(uid) is not str:
            for plugin in remembered:
                pod = plugin("CREATE", pod, None)
            if type(uid) is str:
                kept = self._keep(key, spec, pod, uid)
            else:
                kept = None
        else:
            pod = _stamp(kept, name, uid)
        self._last = None if kept is None else (spec, given, meta, kept)
        for plugin in after:
            pod = plugin("CREATE", pod, None)
        return pod

    def _keep(self, key: tuple[int, str], template: dict, pod: dict, uid: str) -> tuple:
        token: str | None = VOLUME_PREFIX + _suffix(uid)
        own = template.get("volumes") or ()
        if any(type(v) is dict and str(v.get("name", "")).startswith(VOLUME_PREFIX) for v in own) \
                or not any(type(v) is dict and v.get("name") == token for v in pod["spec"].get("volumes") or ()):
            token = None  # the template names its own token volume, or none was mounted
        return keep(self._kept, key, (template, pod, dict(pod["metadata"]), token,
                                      None if token is None else _token_places(pod["spec"], token)), self.CAPACITY)


_POD_OWN = frozenset(("metadata", "spec"))
_META_OWN = frozenset(("name", "uid"))


def _alike(a: dict, b: dict, own: frozenset) -> bool:
    """Whether `a` has `b`'s keys in `b`'s order and, but under the keys in `own`, `b`'s very
    values or equal texts: then both have the same `repr` there (what the key of a kept
    admission spells out). A controller hands over the pods of one template sharing their
    labels, ownerReferences and status (`replicaset.PodStamp`), so the next pod of the template is
    known without the `repr`. (Neither is ever changed: stored objects are never changed in
    place, and admission validates a pod into a new object before any plugin writes.)"""
    if len(a) != len(b):
        return False
    for (k, v), (k2, v2) in zip(a.items(), b.items()):
        if k != k2:
            return False
        if v is not v2 and k not in own and not (type(v) is str and type(v2) is str and v == v2):
            return False
    return True


def _token_places(spec: dict, token: str) -> tuple[tuple[int, ...], tuple[tuple[str, tuple], ...]]:
    """Where `spec` names its token volume `token`: the volumes' positions, and per container
    list that is not empty, the positions of the containers that mount it with their mounts'."""
    volumes = tuple(i for i, v in enumerate(spec["volumes"]) if v.get("name") == token)
    lists = []
    for key in ("initContainers", "containers"):
        containers = spec.get(key)
        if containers:
            lists.append((key, tuple((i, tuple(j for j, m in enumerate(c.get("volumeMounts") or ())
                                               if m.get("name") == token))
                                     for i, c in enumerate(containers)
                                     if any(m.get("name") == token for m in c.get("volumeMounts") or ()))))
    return volumes, tuple(lists)


def _stamp(kept: tuple, name: str, uid: str) -> dict:
    """The kept first pod as the chain admits the pod named `name` with `uid`: its token volume
    and the mounts of it named after `uid`, in the places the first pod has them (`_token_places`)."""
    _template, first, first_meta, token, places = kept
    pod = dict(first)
    meta = pod["metadata"] = dict(first_meta)
    meta["name"] = name
    meta["uid"] = uid
    if token is not None:
        new = VOLUME_PREFIX + _suffix(uid)
        first_spec = first["spec"]
        spec = pod["spec"] = dict(first_spec)
        volumes, lists = places
        out = spec["volumes"] = list(first_spec["volumes"])
        for i in volumes:
            out[i] = token_volume(new)
        for key, where in lists:
            containers = spec[key] = list(first_spec[key])
            for i, positions in where:
                container = containers[i] = dict(containers[i])
                mounts = container["volumeMounts"] = list(container["volumeMounts"])
                for j in positions:
                    mounts[j] = {"name": new, "readOnly": True, "mountPath": MOUNT_PATH}
    return pod
