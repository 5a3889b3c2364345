"""The API server's front door: decode strictly, fill defaults, validate, in Kubernetes' words.

`validate(obj)` returns a new plain dict (camelCase, no None) ready for the store, or raises:
- `NoKindMatch`    kubectl cannot map apiVersion/kind (client side, before any request);
- `DecodeError`    400 BadRequest: unknown fields, wrong JSON types, malformed quantities;
- `FieldInvalid`   422 Invalid: the object decodes but breaks a validation rule.
Defaults follow Kubernetes' defaults.go (and the few the registry adds on create), so a
manifest read back with `kubectl get -o yaml` looks as on a real cluster.

The rules live in one module per API group (core, apps, batch, ...), each registering a
validator per kind in its VALIDATORS; defaults live likewise in `kubetui.model.defaults`.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

from .. import conversion, defaults
from ..core import PodTemplateSpec
from ..defaults import default_pod_spec
from ..kinds import KINDS, CustomKind, KindRegistry
from . import (
    apiextensions,
    apps,
    autoscaling,
    batch,
    certificates,
    core,
    discovery,
    networking,
    policy,
    rbac,
    scheduling,
    storage,
)
from .core import QUOTA_SCOPES, pod_template, validate_pod_spec
from .customresource import validate_custom
from .decode import MODELS, SERVED_MODELS, DecodeError, NoKindMatch, UndecodableObject, decode, lookup_kind
from .field import Errors, FieldInvalid, go_value
from .meta import go_selector, object_meta
from .scheduling import HIGHEST_USER_DEFINABLE_PRIORITY, SYSTEM_PRIORITY_CLASSES

__all__ = [
    "HIGHEST_USER_DEFINABLE_PRIORITY", "MODELS", "QUOTA_SCOPES", "SYSTEM_PRIORITY_CLASSES", "VALIDATORS",
    "DecodeError", "Errors", "FieldInvalid", "NoKindMatch", "UndecodableObject", "decode", "default_pod_spec",
    "drop_unknown_fields", "go_selector", "go_value", "lookup_kind", "stored_version", "validate", "validate_pod_spec",
    "validate_template",
]

VALIDATORS: dict[str, Callable[[Errors, dict], None]] = {
    **core.VALIDATORS, **apps.VALIDATORS, **batch.VALIDATORS, **autoscaling.VALIDATORS, **discovery.VALIDATORS,
    **networking.VALIDATORS, **policy.VALIDATORS, **scheduling.VALIDATORS, **storage.VALIDATORS,
    **rbac.VALIDATORS,
    **certificates.VALIDATORS,
    **apiextensions.VALIDATORS,
}
"""kind -> the function that adds that kind's field errors (after ObjectMeta's)."""


def _strip_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value]
    return value


def _without_empty_maps(obj: dict) -> dict:
    """ObjectMeta's labels and annotations are `omitempty` maps: an empty one is not stored."""
    meta = obj.get("metadata")
    if isinstance(meta, dict):
        for key in ("labels", "annotations"):
            if meta.get(key) == {}:
                del meta[key]
    return obj


def validate(obj: dict, source: str = "STDIN", kinds: KindRegistry | None = None, old: dict | None = None) -> dict:
    """Decode, default and validate a manifest as the API server would; returns a new dict.

    With a cluster's `kinds`, custom objects are checked against their CRD's schema (and, on
    an update, `old` feeds its transition rules)."""
    kind = lookup_kind(obj, source, kinds=kinds)
    if isinstance(kind, CustomKind):
        return _without_empty_maps(validate_custom(kind, obj, old))
    obj = stored_version(obj)
    model = MODELS[kind.kind]
    version = kind.api_version.rpartition("/")[2]
    decoded = decode(kind.kind, version, model, obj)
    out = _without_empty_maps(_strip_none(decoded.model_dump(by_alias=True, exclude_none=True)))
    defaults.apply(kind.kind, out)
    errs = Errors()
    object_meta(errs, kind.kind, out.get("metadata") or {})
    check = VALIDATORS.get(kind.kind)
    if check is not None:
        check(errs, out)
    if errs.items:
        raise FieldInvalid(kind, (out.get("metadata") or {}).get("name")
                           or (out.get("metadata") or {}).get("generateName") or "", errs.items)
    return out


def validate_template(owner_kind: str, template: dict) -> dict:
    """A pod template as a workload of `owner_kind` would hold it, defaulted and checked.

    For controllers and generators that build templates themselves; errors carry
    `spec.template...` paths like the owner's own validation.
    """
    decoded = decode(owner_kind, "v1", PodTemplateSpec, template)
    out = _strip_none(decoded.model_dump(by_alias=True, exclude_none=True))
    default_pod_spec(out.setdefault("spec", {}))
    errs = Errors()
    policies = ("OnFailure", "Never") if owner_kind in ("Job", "CronJob") else ("Always",)
    pod_template(errs, "spec.template", out, policies)
    if errs.items:
        raise FieldInvalid(KINDS[owner_kind], "", errs.items)
    return out


def stored_version(obj: dict) -> dict:
    """An object written in a version served by conversion (autoscaling/v1), decoded strictly in
    that version (unknown fields and wrong types named as that version's decoder names them),
    then converted to the stored version; any other object unchanged."""
    kind, api_version = str(obj.get("kind") or ""), str(obj.get("apiVersion") or "")
    model = SERVED_MODELS.get((kind, api_version))
    if model is None:
        return obj
    decode(kind, api_version.rpartition("/")[2], model, obj)
    return conversion.to_stored(obj, api_version)


def drop_unknown_fields(obj: dict, kinds: KindRegistry | None = None) -> tuple[dict, list[str]]:
    """Field validation Warn/Ignore: the object without the fields its type lacks, and their paths.

    A manifest that fails for another reason comes back unchanged (the store reports it)."""
    from kubetui.model.errors import ApiError

    try:
        validate(copy.deepcopy(obj), kinds=kinds)
    except DecodeError as exc:
        if not exc.detail.startswith("strict decoding error"):
            return obj, []
        obj = copy.deepcopy(obj)
        for path in exc.paths:
            _drop(obj, path)
        return obj, list(exc.paths)
    except ApiError:
        pass
    return obj, []


def _drop(obj: dict, path: str) -> None:
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    node: Any = obj
    for p in parts[:-1]:
        node = node[int(p[1:-1])] if p.startswith("[") and isinstance(node, list) else (
            node.get(p) if isinstance(node, dict) else None)
        if node is None:
            return
    if isinstance(node, dict):
        node.pop(parts[-1], None)
