"""OpenAPI schemas of the kinds, generated from kubetui's pydantic models (kubetui/model/*).

Each model becomes a definition named as Kubernetes names its Go type
(`io.k8s.api.apps.v1.DeploymentSpec`); a top-level kind carries `x-kubernetes-group-version-kind`,
lists that strategic merge merges by key carry their patch strategy and merge key, so
`kubectl explain` and clients that read the schema see the same shapes the server decodes.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.functional_validators import PlainValidator

from kubetui.model.kinds import KINDS
from kubetui.model.meta import _int_or_string, _quantity
from kubetui.model.patch import MERGE_KEYS, MERGED_PRIMITIVE_LISTS
from kubetui.model.validation.decode import MODELS

PACKAGES = {
    "meta": "io.k8s.apimachinery.pkg.apis.meta.v1", "core": "io.k8s.api.core.v1", "apps": "io.k8s.api.apps.v1",
    "batch": "io.k8s.api.batch.v1", "autoscaling": "io.k8s.api.autoscaling.v2",
    "coordination": "io.k8s.api.coordination.v1", "discovery": "io.k8s.api.discovery.v1",
    "networking": "io.k8s.api.networking.v1", "policy": "io.k8s.api.policy.v1",
    "scheduling": "io.k8s.api.scheduling.v1", "storage": "io.k8s.api.storage.v1",
    "apiextensions": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
}
"""kubetui.model module -> the Go package its types are named after."""

PORT_KEYS = {"ContainerPort": "containerPort", "ServicePort": "port"}
"""`ports` lists merge by a key that depends on whose ports they are."""

SCALARS = {
    _int_or_string: ("io.k8s.apimachinery.pkg.util.intstr.IntOrString",
                     {"format": "int-or-string", "x-kubernetes-int-or-string": True}),
    _quantity: ("io.k8s.apimachinery.pkg.api.resource.Quantity",
                {"format": "quantity", "x-kubernetes-int-or-string": True}),
}
"""Validators of the models' special scalars -> the Go type's definition."""


@functools.lru_cache(maxsize=1)
def descriptions() -> dict[str, dict[str, str]]:
    """Kubernetes' descriptions of its types and their fields (what `kubectl explain` prints) and
    the fields it requires, by definition name. Data from Kubernetes' OpenAPI of the version
    /version reports (tests/api/make_descriptions.py regenerates it)."""
    path = Path(__file__).with_name("descriptions.json")
    return json.loads(path.read_text())["definitions"]


def name_of(model: type[BaseModel]) -> str:
    module = model.__module__.rsplit(".", 1)[-1]
    return f"{PACKAGES.get(module, 'io.k8s.kubetui.' + module)}.{model.__name__}"


class _Builder:
    def __init__(self, ref_prefix: str):
        self.prefix = ref_prefix
        self.defs: dict[str, dict] = {}

    def model(self, model: type[BaseModel]) -> str:
        name = name_of(model)
        if name in self.defs:
            return name
        self.defs[name] = schema = {"type": "object"}
        known = descriptions().get(name, {})
        doc = (model.__doc__ or "").strip()
        if known.get("description"):
            schema["description"] = known["description"]
        elif doc and not doc.startswith(("Strict like", "Usage docs")):
            schema["description"] = " ".join(doc.split())
        go_types = getattr(model, "go_types", {})
        props = {}
        for field_name, field in model.model_fields.items():
            key = field.alias or field_name
            prop = self.scalar(field.metadata) or self.annotation(field.annotation, key, go_types.get(key))
            text = known.get("properties", {}).get(key) or field.description
            if text:
                prop["description"] = text
            props[key] = prop
        schema["properties"] = props
        if known.get("required"):
            schema["required"] = known["required"]
        return name

    def ref(self, model: type[BaseModel]) -> dict:
        return {"$ref": self.prefix + self.model(model)}

    def scalar(self, metadata) -> dict | None:
        for m in metadata:
            if isinstance(m, PlainValidator) and m.func in SCALARS:
                name, schema = SCALARS[m.func]
                self.defs.setdefault(name, dict(schema))
                return {"$ref": self.prefix + name}
        return None

    def annotation(self, ann, key: str, go_type: str | None = None) -> dict:
        if ann is typing.Any:
            return {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
        origin = typing.get_origin(ann)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            return self.annotation(args[0], key, go_type) if len(args) == 1 else {}
        if origin is typing.Annotated:
            inner, *metadata = typing.get_args(ann)
            return self.scalar(metadata) or self.annotation(inner, key, go_type)
        if origin is list:
            (item,) = typing.get_args(ann) or (typing.Any,)
            out = {"type": "array", "items": self.annotation(item, "")}
            merge = MERGE_KEYS.get(key) or (PORT_KEYS.get(getattr(item, "__name__", "")) if key == "ports" else None)
            if merge:
                out.update({"x-kubernetes-patch-merge-key": merge, "x-kubernetes-patch-strategy": "merge",
                            "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": [merge]})
            elif key in MERGED_PRIMITIVE_LISTS:
                out.update({"x-kubernetes-patch-strategy": "merge", "x-kubernetes-list-type": "set"})
            else:
                out["x-kubernetes-list-type"] = "atomic"
            return out
        if origin is dict:
            args = typing.get_args(ann)
            return {"type": "object", "additionalProperties": self.annotation(args[1] if args else typing.Any, "")}
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return self.ref(ann)
        if ann is bool:
            return {"type": "boolean"}
        if ann is int:
            return {"type": "integer", "format": go_type or "int32"}
        if ann is float:
            return {"type": "number", "format": "double"}
        if ann is str:
            return {"type": "string"}
        return {}


@functools.lru_cache(maxsize=4)
def definitions(ref_prefix: str) -> dict[str, dict]:
    """Every kind's schema and the schemas it refers to, refs starting with `ref_prefix`."""
    b = _Builder(ref_prefix)
    for kind_name, model in MODELS.items():
        name = b.model(model)
        kind = KINDS[kind_name]
        group, _, version = kind.api_version.rpartition("/")
        b.defs[name]["x-kubernetes-group-version-kind"] = [{"group": group, "kind": kind_name, "version": version}]
        props = b.defs[name]["properties"]
        props.get("apiVersion", {}).setdefault("description", "APIVersion defines the versioned schema of this "
                                                              "representation of an object.")
        props.get("kind", {}).setdefault("description", "Kind is a string value representing the REST resource "
                                                        "this object represents.")
    return b.defs


def closure(defs: dict[str, dict], roots: list[str], ref_prefix: str) -> dict[str, dict]:
    """The definitions `roots` need, and no others."""
    out: dict[str, dict] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in out or name not in defs:
            continue
        out[name] = defs[name]
        todo.extend(_refs(defs[name], ref_prefix))
    return dict(sorted(out.items()))


def _refs(node, prefix: str):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value.removeprefix(prefix)
            else:
                yield from _refs(value, prefix)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value, prefix)
