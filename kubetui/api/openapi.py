"""OpenAPI v3 as far as the real kubectl needs it to send requests: the root lists each
group-version's document, and each document names every resource's paths with their
operations, `x-kubernetes-group-version-kind`, and the `fieldValidation` query parameter
(so kubectl leaves validation to the server instead of downloading schemas to validate
client-side). Schemas of the kinds (what `kubectl explain` reads) are not served yet.
"""

from __future__ import annotations

import hashlib
import json

from kubetui.api.discovery import group_versions
from kubetui.model.kinds import Kind

QUERY = ["dryRun", "fieldManager", "fieldValidation"]


def _param(name: str) -> dict:
    return {"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": True}}


def _prefix(group_version: str) -> str:
    return f"api/{group_version}" if "/" not in group_version else f"apis/{group_version}"


def root() -> dict:
    """GET /openapi/v3."""
    paths = {}
    for gv in group_versions():
        prefix = _prefix(gv)
        paths[prefix] = {"serverRelativeURL": f"/openapi/v3/{prefix}?hash={_hash(gv)}"}
    return {"paths": paths}


def _hash(gv: str) -> str:
    return hashlib.sha512(json.dumps(document(gv), sort_keys=True).encode()).hexdigest()[:32].upper()


def _operations(k: Kind, collection: bool) -> dict:
    group, _, version = k.api_version.rpartition("/")
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
            op["parameters"] = [_param(p) for p in QUERY]
        ops[verb] = op
    return ops


def document(group_version: str) -> dict | None:
    """GET /openapi/v3/api/v1, /openapi/v3/apis/GROUP/VERSION."""
    kinds = group_versions().get(group_version)
    if kinds is None:
        return None
    paths = {}
    for k in kinds:
        base = f"/{_prefix(group_version)}/" + ("namespaces/{namespace}/" if k.namespaced else "") + k.plural
        paths[base] = _operations(k, True)
        paths[base + "/{name}"] = _operations(k, False)
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.0"}, "paths": paths,
            "components": {"schemas": {}}}
