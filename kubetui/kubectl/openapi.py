"""OpenAPI v3 and v2: the v3 root lists each group-version's document, and each document names
every resource's paths with their operations, `x-kubernetes-group-version-kind`, and the
`fieldValidation` query parameter (so kubectl leaves validation to the server), with the
schemas of its kinds (what `kubectl explain` reads, generated from the models in schemas.py).
`/openapi/v2` is the whole API in one Swagger 2.0 document.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from kubetui.kubectl import schemas
from kubetui.kubectl.discovery import SERVER_VERSION, group_versions
from kubetui.model.kinds import CustomKind, Kind, KindRegistry

QUERY = ["dryRun", "fieldManager", "fieldValidation"]

CONVENTIONS = "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
OBJECT_FIELDS = {
    "apiVersion": "APIVersion defines the versioned schema of this representation of an object. Servers should "
                  "convert recognized schemas to the latest internal value, and may reject unrecognized values. "
                  f"More info: {CONVENTIONS}#resources",
    "kind": "Kind is a string value representing the REST resource this object represents. Servers may infer this "
            "from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: "
            f"{CONVENTIONS}#types-kinds",
    "metadata": f"Standard object's metadata. More info: {CONVENTIONS}#metadata",
}
"""What the API server says of every custom kind's apiVersion, kind and metadata."""


def _param(name: str) -> dict:
    return {"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": True}}


def _param_v2(name: str) -> dict:
    return {"name": name, "in": "query", "type": "string", "uniqueItems": True}


def _prefix(group_version: str) -> str:
    return f"api/{group_version}" if "/" not in group_version else f"apis/{group_version}"


def root(kinds: KindRegistry | None = None) -> dict:
    """GET /openapi/v3 (with a cluster's `kinds`, its custom kinds' group-versions too)."""
    paths = {}
    for gv in group_versions(kinds):
        prefix = _prefix(gv)
        paths[prefix] = {"serverRelativeURL": f"/openapi/v3/{prefix}?hash={_hash(gv, kinds)}"}
    return {"paths": paths}


def _hash(gv: str, kinds: KindRegistry | None = None) -> str:
    doc = document(gv) or custom_document(gv, kinds)
    return hashlib.sha512(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:32].upper()


def _schema_name(k: CustomKind, version: str) -> str:
    """`com.example.stable.v1.CronTab`: the group's domain reversed, as the API server names it."""
    return ".".join([*reversed(k.group.split(".")), version, k.kind])


def custom_document(group_version: str, kinds: KindRegistry | None) -> dict | None:
    """The OpenAPI v3 document of a group-version custom kinds are served at (their CRD's schema)."""
    if kinds is None:
        return None
    group, _, version = group_version.partition("/")
    served = [k for k in kinds.custom.values() if k.group == group and version in k.versions]
    if not served:
        return None
    meta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    out: dict = {}
    for k in served:
        body = json.loads(json.dumps(k.schema or {"type": "object"}))
        props = body.setdefault("properties", {})
        props.setdefault("apiVersion", {"type": "string", "description": OBJECT_FIELDS["apiVersion"]})
        props.setdefault("kind", {"type": "string", "description": OBJECT_FIELDS["kind"]})
        props["metadata"] = {"allOf": [{"$ref": V3_REFS + meta}], "description": OBJECT_FIELDS["metadata"]}
        body["x-kubernetes-group-version-kind"] = [{"group": k.group, "version": version, "kind": k.kind}]
        out[_schema_name(k, version)] = body
    defs = schemas.definitions(V3_REFS)
    out.update(schemas.closure(defs, [meta], V3_REFS))
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes CRD Swagger", "version": "v0.1.0"},
            "paths": _paths(group_version, served), "components": {"schemas": out}}


VERSIONED = {"autoscaling/v1": "openapi_autoscaling_v1.json"}
"""Group-versions served by conversion, whose schemas are not the stored version's: data files
of their definitions (references written `{refs}`)."""


@functools.lru_cache(maxsize=8)
def versioned_definitions(group_version: str, refs: str) -> dict[str, dict]:
    text = (Path(__file__).parent / VERSIONED[group_version]).read_text()
    return json.loads(text.replace("{refs}", refs))


def _operations(k: Kind, collection: bool, v2: bool = False, group_version: str = "") -> dict:
    group, _, version = (group_version or k.api_version).rpartition("/")
    gvk = {"group": group, "version": version, "kind": k.kind}
    reply = {"200": {"description": "OK"}}
    ops: dict = {}
    verbs = ("get", "post", "delete") if collection else ("get", "put", "patch", "delete")
    for verb in verbs:
        op = {"operationId": f"{verb}{k.kind}", "responses": reply, "x-kubernetes-group-version-kind": gvk,
              "x-kubernetes-action": {"get": "list" if collection else "get", "post": "post", "put": "put",
                                      "patch": "patch",
                                      "delete": "deletecollection" if collection else "delete"}[verb]}
        if verb in ("post", "put", "patch"):
            op["parameters"] = [_param_v2(p) if v2 else _param(p) for p in QUERY]
        ops[verb] = op
    return ops


def _paths(group_version: str, kinds: list[Kind], v2: bool = False) -> dict:
    paths = {}
    for k in kinds:
        base = f"/{_prefix(group_version)}/" + ("namespaces/{namespace}/" if k.namespaced else "") + k.plural
        paths[base] = _operations(k, True, v2, group_version)
        paths[base + "/{name}"] = _operations(k, False, v2, group_version)
    return paths


V3_REFS = "#/components/schemas/"
V2_REFS = "#/definitions/"


@functools.lru_cache(maxsize=64)
def document(group_version: str) -> dict | None:
    """GET /openapi/v3/api/v1, /openapi/v3/apis/GROUP/VERSION."""
    kinds = group_versions().get(group_version)
    if kinds is None:
        return None
    defs = schemas.definitions(V3_REFS)
    roots = [schemas.name_of(schemas.MODELS[k.kind]) for k in kinds if k.kind in schemas.MODELS]
    if group_version in VERSIONED:
        defs = {**defs, **versioned_definitions(group_version, V3_REFS)}
        roots = [n for n in versioned_definitions(group_version, V3_REFS) if "x-kubernetes-group-version-kind" in defs[n]]
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": SERVER_VERSION["gitVersion"]},
            "paths": _paths(group_version, kinds),
            "components": {"schemas": _described_refs(schemas.closure(defs, roots, V3_REFS))}}


def _described_refs(defs: dict[str, dict]) -> dict[str, dict]:
    """OpenAPI 3.0 ignores the siblings of a `$ref`: a field that refers to a type and has its own
    description wraps the reference in `allOf`, as the API server does, so `kubectl explain`
    shows the field's words before its type's."""
    out = {}
    for name, schema in defs.items():
        props = schema.get("properties")
        if props:
            schema = {**schema, "properties": {
                k: {"allOf": [{"$ref": v["$ref"]}], **{a: b for a, b in v.items() if a != "$ref"}}
                if "$ref" in v and v.get("description") else v for k, v in props.items()}}
        out[name] = schema
    return out


@functools.lru_cache(maxsize=1)
def swagger() -> dict:
    """GET /openapi/v2."""
    paths: dict = {}
    for gv, kinds in group_versions().items():
        paths.update(_paths(gv, kinds, v2=True))
    defs = schemas.definitions(V2_REFS)
    for gv in VERSIONED:
        defs = {**defs, **versioned_definitions(gv, V2_REFS)}
    return {"swagger": "2.0", "info": {"title": "Kubernetes", "version": SERVER_VERSION["gitVersion"]}, "paths": paths,
            "definitions": dict(sorted(defs.items()))}


def served(path: str, kinds: KindRegistry | None = None) -> dict | None:
    """The document a GET of /openapi/v2, /openapi/v3 or /openapi/v3/{api/v1,apis/GROUP/VERSION}
    answers (for the HTTP API and kubetui's own `kubectl get --raw`); None for any other path."""
    if path == "/openapi/v2":
        return swagger()
    if path == "/openapi/v3":
        return root(kinds)
    if path.startswith("/openapi/v3/"):
        gv = path.removeprefix("/openapi/v3/").removeprefix("api/").removeprefix("apis/")
        return document(gv) or custom_document(gv, kinds)
    return None
