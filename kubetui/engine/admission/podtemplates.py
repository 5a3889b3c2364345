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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.model.kinds import KindRegistry
from kubetui.model.validation import validate

if TYPE_CHECKING:
    from kubetui.engine.store import Store

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
