"""Strict decoding as the API server does it, in Go's JSON decoder's words, and kubectl's mapping
of apiVersion/kind, which fails before any request is sent."""

from __future__ import annotations

import functools
import json
import types
import typing
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, Field, ValidationError
from pydantic.functional_validators import PlainValidator

from .. import (
    apiextensions,
    apps,
    autoscaling,
    autoscaling_v1,
    batch,
    certificates,
    conversion,
    coordination,
    core,
    discovery,
    networking,
    policy,
    rbac,
    scheduling,
    storage,
)
from ..errors import ObjectInvalid
from ..kinds import KINDS, CustomKind, Kind, KindRegistry, served_as
from ..meta import K8sModel, ObjectMeta, _int_or_string, _quantity, json_kind
from ..quantity import quantity_text

GROUP_MODULES = {"": core, "apps": apps, "batch": batch, "autoscaling": autoscaling, "discovery.k8s.io": discovery,
                 "networking.k8s.io": networking, "policy": policy, "scheduling.k8s.io": scheduling,
                 "storage.k8s.io": storage, "coordination.k8s.io": coordination,
                 "rbac.authorization.k8s.io": rbac,
                 "certificates.k8s.io": certificates,
                 "apiextensions.k8s.io": apiextensions}
"""Each API group's module of models (`model/<group>.py`)."""

MODELS: dict[str, type[BaseModel]] = {name: getattr(GROUP_MODULES[k.group], name) for name, k in KINDS.items()}
"""Kind -> its model: the class named after the kind in its API group's module, so a new kind is
a row in `kinds.py` and a class there."""

SERVED_MODELS: dict[tuple[str, str], type[BaseModel]] = {
    ("HorizontalPodAutoscaler", "autoscaling/v1"): autoscaling_v1.HorizontalPodAutoscaler}
"""(kind, apiVersion) served by conversion (model/conversion.SERVED) -> the model a write in
that version is decoded with, before it is converted to the stored version."""


class NoKindMatch(ObjectInvalid):
    """kubectl found no resource for apiVersion/kind; printed as `error: resource mapping ...`."""

    def __init__(self, kind: str, api_version: str, name: str = "", namespace: str = "",
                 source: str = "STDIN"):
        self.kind, self.api_version, self.name, self.namespace = kind, api_version, name, namespace
        self.source = source
        super().__init__(self._text(source), reason="NotFound", raw=True)

    def _text(self, source: str) -> str:
        return (
            f'error: resource mapping not found for name: "{self.name}" namespace: '
            f'"{self.namespace}" from "{source}": no matches for kind "{self.kind}" in version '
            f'"{self.api_version}"\nensure CRDs are installed first'
        )

    def in_file(self, source: str, verb: str = "creating") -> str:
        return self._text(source)


class UndecodableObject(ObjectInvalid):
    """A document kubectl cannot even turn into an object (no kind, no apiVersion)."""

    def __init__(self, detail: str, source: str = "STDIN"):
        self.detail = detail
        super().__init__(f'error: unable to decode "{source}": {detail}', reason="BadRequest",
                         raw=True)

    def in_file(self, source: str, verb: str = "creating") -> str:
        return f'error: unable to decode "{source}": {self.detail}'


class SchemaInvalid(ObjectInvalid):
    """A document kubectl's own validation (`--validate`, on by default) refuses before it is
    decoded: `error validating data: kind not set; if you choose to ignore these errors, …`."""

    def __init__(self, problems: list[str], source: str = "STDIN"):
        self.detail = problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]"
        super().__init__(self.in_file(source), reason="BadRequest", raw=True)

    def in_file(self, source: str, verb: str = "creating") -> str:
        return (f'error: error validating "{source}": error validating data: {self.detail}; if you choose to '
                "ignore these errors, turn validation off with --validate=false")


def check_type_fields(obj: Any, source: str = "STDIN") -> None:
    """kubectl's validation of a document's apiVersion and kind (before its schema): a key left
    out (or null) is `not set`; raises SchemaInvalid."""
    if not isinstance(obj, dict):
        raise SchemaInvalid(["invalid object to validate"], source)
    problems = []
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if api_version is None:
        problems.append("apiVersion not set")
    elif not isinstance(api_version, str):
        problems.append("apiVersion isn't string type")
    elif api_version.count("/") > 1:
        problems.append(f"unexpected GroupVersion string: {api_version}")
    if kind is None:
        problems.append("kind not set")
    elif not isinstance(kind, str):
        problems.append("kind isn't string type")
    if problems:
        raise SchemaInvalid(problems, source)


class DecodeError(ObjectInvalid):
    """400 BadRequest: `Deployment in version "v1" cannot be handled as a Deployment: ...`.

    `message` is the server's text; kubectl prefixes `error when creating "<file>": `, which
    `in_file()` adds. `paths` are the offending fields (`spec.replica`) for file:line hints.
    """

    def __init__(self, kind: str, version: str, detail: str, paths: list[str]):
        self.kind, self.version, self.detail, self.paths = kind, version, detail, paths
        super().__init__(
            f'{kind} in version "{version}" cannot be handled as a {kind}: {detail}',
            reason="BadRequest",
        )

    def in_file(self, source: str, verb: str = "creating") -> str:
        return f'Error from server (BadRequest): error when {verb} "{source}": {self.message}'


_SPECIAL: dict[Any, str] = {_int_or_string: "intstr.IntOrString", _quantity: "resource.Quantity"}


def _unwrap(ann: Any) -> tuple[Any, str | None]:
    """Strip Optional/Annotated; also report a custom Go type (IntOrString, Quantity)."""
    special = None
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            for meta in ann.__metadata__:
                if isinstance(meta, PlainValidator) and meta.func in _SPECIAL:
                    special = _SPECIAL[meta.func]
                elif isinstance(meta, PlainValidator):
                    special = "interface {}"
            ann = typing.get_args(ann)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            ann = args[0] if len(args) == 1 else ann
            if len(args) == 1:
                continue
        return ann, special


def _field(cls: type[BaseModel], name: str):
    for py, info in cls.model_fields.items():
        if (info.alias or py) == name or py == name:
            ann = info.annotation
            special = None
            for meta in info.metadata:
                if isinstance(meta, PlainValidator):
                    special = _SPECIAL.get(meta.func, "interface {}")
            return info.alias or py, ann, special
    return None


def _go_type(ann: Any, special: str | None, int_type: str) -> str:
    if special:
        return special
    ann, special = _unwrap(ann)
    if special:
        return special
    origin = typing.get_origin(ann)
    if origin is list:
        return "[]" + _go_type(typing.get_args(ann)[0], None, int_type)
    if origin is dict:
        return "map[string]" + _go_type(typing.get_args(ann)[1], None, int_type)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return f"{getattr(ann, 'go_package', 'v1')}.{ann.__name__}"
    return {str: "string", bool: "bool", int: int_type, float: "float64"}.get(ann, "interface {}")


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _type_error(root: type[BaseModel], loc: tuple, value: Any) -> str:
    """`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type
    int32`: the innermost struct, the JSON path without indices or map keys, the Go type."""
    struct = root.__name__
    names: list[str] = []
    ann: Any = root
    special: str | None = None
    int_type = "int32"
    for part in loc:
        base, _ = _unwrap(ann)
        origin = typing.get_origin(base)
        if origin is list and isinstance(part, int):
            ann, special = typing.get_args(base)[0], None
            continue
        if origin is dict:
            ann, special = typing.get_args(base)[1], None
            continue
        if isinstance(base, type) and issubclass(base, BaseModel):
            found = _field(base, str(part))
            if found is None:
                break
            name, ann, special = found
            struct = base.__name__
            int_type = getattr(base, "go_types", {}).get(name, "int32")
            names.append(name)
            continue
        break
    go = _go_type(ann, special, int_type)
    kind = json_kind(value)
    if isinstance(value, float) and not isinstance(value, bool) and go.startswith("int"):
        kind = f"number {quantity_text(value)}"
    return f"json: cannot unmarshal {kind} into Go struct field {struct}.{'.'.join(names)} of type {go}"


_INT_RANGES = {"int32": (-(1 << 31), (1 << 31) - 1), "int64": (-(1 << 63), (1 << 63) - 1)}


def _out_of_range(cls: type[BaseModel], data: Any, loc: tuple = (), names: tuple = ()
                  ) -> Iterator[tuple[tuple, str]]:
    """Integers too big for their Go type: (location, Go's decode error) in document order.

    Python ints are unbounded; Go's decoder refuses `number 99999999999` for an int32 field,
    so nothing out of range ever reaches validation, the store or a controller. The walk only
    enters fields that can hold an integer (their shapes are worked out once per model)."""
    if not isinstance(data, dict):
        return
    for key in sorted(data, key=str):
        plan = _plan(cls, key) if isinstance(key, str) else None
        if plan is not None:
            name, shape = plan
            yield from _walk_shape(cls, shape, data[key], loc + (key,), names + (name,))


@functools.lru_cache(maxsize=None)
def _plan(cls: type[BaseModel], key: str) -> tuple[str, tuple] | None:
    found = _field(cls, key)
    if found is None:
        return None
    name, ann, special = found
    go = cls.go_types.get(name, "int32") if issubclass(cls, K8sModel) else "int32"
    shape = _shape(ann, special, go)
    return (name, shape) if shape is not None else None


def _shape(ann: Any, special: str | None, go: str) -> tuple | None:
    """("int", go type) | ("intstr",) | ("model", cls) | ("list"|"dict", item shape) | None."""
    base, inner = _unwrap(ann)
    special = special or inner
    if special == "intstr.IntOrString":
        return ("intstr",)
    if special:
        return None
    if base is int:
        return ("int", go)
    origin = typing.get_origin(base)
    if origin in (list, dict):
        item = _shape(typing.get_args(base)[0 if origin is list else 1], None, "int32")
        return (origin.__name__, item) if item is not None else None
    if isinstance(base, type) and issubclass(base, BaseModel):
        return ("model", base)
    return None


def _walk_shape(cls: type[BaseModel], shape: tuple, value: Any, loc: tuple, names: tuple
                ) -> Iterator[tuple[tuple, str]]:
    what = shape[0]
    if what in ("int", "intstr"):
        if isinstance(value, int) and not isinstance(value, bool):
            go = shape[1] if what == "int" else "int32"
            lo, hi = _INT_RANGES[go]
            if not lo <= value <= hi:
                text = str(value) if value.bit_length() < 200 else f"{str(value)[:64]}..."
                into = f"Go struct field {cls.__name__}.{'.'.join(names)}" if what == "int" else "Go value"
                yield loc, f"json: cannot unmarshal number {text} into {into} of type {go}"
    elif what == "model":
        yield from _out_of_range(shape[1], value, loc, names)
    elif what == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_shape(cls, shape[1], v, loc + (i,), names)
    elif what == "dict" and isinstance(value, dict):
        for k in sorted(value, key=str):
            yield from _walk_shape(cls, shape[1], value[k], loc + (k,), names)


def _sort_key(loc: tuple) -> tuple:
    """Go marshals maps with sorted keys, so the decoder meets fields in that order."""
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in loc)


def decode(kind: str, version: str, model: type[BaseModel], obj: dict) -> BaseModel:
    """Strict decode like the API server: a type error wins; else all unknown fields at once."""
    ranges = [{"type": "go_int_range", "loc": loc, "msg": msg, "input": None}
              for loc, msg in _out_of_range(model, obj)]
    errors: list[Any] = []
    try:
        decoded = model.model_validate(obj)
    except ValidationError as e:
        errors = e.errors(include_url=False, include_context=False)
    if not errors and not ranges:
        return decoded
    errors = sorted([*errors, *ranges], key=lambda err: _sort_key(err["loc"]))
    unknown = [err for err in errors if err["type"] == "extra_forbidden"]
    fatal = [err for err in errors if err["type"] != "extra_forbidden"]
    if fatal:
        err = fatal[0]
        if err["type"] in ("quantity", "base64", "go_time", "go_int_range"):
            detail = err["msg"]
        else:
            detail = _type_error(model, tuple(err["loc"]), err["input"])
        raise DecodeError(kind, version, detail, [_dotted(err["loc"])])
    paths = [_dotted(err["loc"]) for err in unknown]
    detail = "strict decoding error: " + ", ".join(f'unknown field "{p}"' for p in paths)
    raise DecodeError(kind, version, detail, paths)


class metadataOnlyObject(K8sModel):  # noqa: N801 - Go's name, which kubectl's message quotes
    """What kubectl decodes of every manifest before anything else: a wrong type there fails
    client side (`error: unable to decode`), unknown fields do not."""

    api_version: str | None = Field(None, alias="apiVersion")
    metadata: ObjectMeta | None = None


def _metadata_error(obj: dict) -> str | None:
    ranges = [{"type": "go_int_range", "loc": loc, "msg": msg, "input": None}
              for loc, msg in _out_of_range(metadataOnlyObject, obj)]
    errors: list[Any] = []
    try:
        metadataOnlyObject.model_validate({k: obj[k] for k in ("apiVersion", "metadata") if k in obj})
    except ValidationError as e:
        errors = [err for err in e.errors(include_url=False, include_context=False)
                  if err["type"] != "extra_forbidden"]
    errors = sorted([*errors, *ranges], key=lambda err: _sort_key(err["loc"]))
    if not errors:
        return None
    err = errors[0]
    if err["type"] in ("quantity", "base64", "go_time", "go_int_range"):
        return err["msg"]
    return _type_error(metadataOnlyObject, tuple(err["loc"]), err["input"])


def _compact(obj: dict) -> str:
    """The object as kubectl quotes it in a decoding error (built only when one is raised)."""
    return json.dumps(obj, separators=(",", ":"), sort_keys=True, default=str, ensure_ascii=False)


def lookup_kind(obj: dict, source: str = "STDIN", *, client: bool = False, kinds: KindRegistry | None = None) -> Kind:
    """The registry entry for a manifest, failing as kubectl does before any request; with
    `client`, also kubectl's own decoding of apiVersion and metadata."""
    if not isinstance(obj, dict):
        raise UndecodableObject(f"Object 'Kind' is missing in '{json.dumps(obj)}'", source)
    kind_name, api_version = obj.get("kind"), obj.get("apiVersion")
    if not kind_name or not isinstance(kind_name, str):
        raise UndecodableObject(f"Object 'Kind' is missing in '{_compact(obj)}'", source)
    detail = _metadata_error(obj) if client else None
    if detail is not None:
        raise UndecodableObject(detail, source)
    if not api_version:
        raise UndecodableObject(f"Object 'apiVersion' is missing in '{_compact(obj)}'", source)
    kind = KINDS.get(kind_name) or (kinds.custom.get(kind_name) if kinds is not None else None)
    if isinstance(kind, CustomKind) and api_version in (f"{kind.group}/{v}" for v in kind.versions):
        return kind
    if kind is None or (kind.api_version != api_version and not conversion.converts(kind.kind, api_version)):
        meta = m if isinstance(m := obj.get("metadata"), dict) else {}
        raise NoKindMatch(str(kind_name), str(api_version), str(meta.get("name") or ""),
                          str(meta.get("namespace") or ""), source)
    return served_as(kind, api_version)
