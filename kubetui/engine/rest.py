"""The API server's REST handlers: one request (method, path, query, body) in, one response out.

This is what kube-apiserver's request handlers do between the HTTP server and the store:
work out which resource a path names, decode the body, apply the verb (get, list, create,
update, patch, delete, deletecollection and the subresources status, scale, binding,
eviction and token) with Kubernetes' semantics — preconditions on resourceVersion, dry runs, field
validation, propagation policies — and answer with the object or a `metav1.Status`.

It is pure and deterministic (no I/O, no clock): the door (`kubetui.shell.Simulation.request`)
records every request that may change state and a replay hands the same request to the same
function. Streaming (watch, log follow) belongs to the HTTP layer (`kubetui.api`).
"""

from __future__ import annotations

import base64
import copy
import json
import re
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, parse_qsl

import yaml

from kubetui.engine import fieldmanager
from kubetui.engine.authorization import escalation
from kubetui.engine.store import delete as store_delete
from kubetui.engine.user import ADMIN, UserInfo
from kubetui.model import conversion, errors, fields
from kubetui.model.clock import timestamp
from kubetui.model.deprecations import deprecation_warning
from kubetui.model.errors import ApiError
from kubetui.model.kinds import KINDS, CustomKind, Kind, KindRegistry
from kubetui.model.labels import SelectorError
from kubetui.model.labels import parse as parse_selector
from kubetui.model.patch import JsonPatchError, StrategicPatchError, json_patch, merge_patch, strategic_merge
from kubetui.model.safe_yaml import InputError, load_json, load_yaml, yaml_documents
from kubetui.model.validation import drop_unknown_fields, stored_version
from kubetui.model.validation.decode import DecodeError

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

MAX_BODY = 3 * 1024 * 1024
"""kube-apiserver's limit on a request body (3 MiB)."""

JSON = "application/json"
YAML = "application/yaml"
JSON_PATCH = "application/json-patch+json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_PATCH = "application/strategic-merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"
PATCH_TYPES = (JSON_PATCH, MERGE_PATCH, APPLY_PATCH, STRATEGIC_PATCH)

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

SUBRESOURCES: dict[str, tuple[str, ...]] = {
    "Pod": ("status", "binding", "eviction", "log", "exec", "attach", "portforward", "ephemeralcontainers"),
    "Deployment": ("status", "scale"), "ReplicaSet": ("status", "scale"), "StatefulSet": ("status", "scale"),
    "ReplicationController": ("status", "scale"), "DaemonSet": ("status",), "Job": ("status",),
    "CronJob": ("status",), "HorizontalPodAutoscaler": ("status",), "Node": ("status",),
    "Namespace": ("status", "finalize"), "Service": ("status",), "PersistentVolume": ("status",),
    "PersistentVolumeClaim": ("status",), "ResourceQuota": ("status",), "PodDisruptionBudget": ("status",),
    "ServiceAccount": ("token",), "Ingress": ("status",),
    "CertificateSigningRequest": ("approval", "status"),
}
"""Subresources each kind serves (as discovery lists them)."""

SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController")

NO_STATUS = ("ConfigMap", "Secret", "ServiceAccount", "Event", "Endpoints", "EndpointSlice", "LimitRange",
             "PriorityClass", "StorageClass", "ControllerRevision", "Lease", "NetworkPolicy",
             "IngressClass")
"""Kinds without a status subresource: a PUT writes the whole object."""


def subresources_of(kind: Kind) -> tuple[str, ...]:
    """The subresources a kind serves; a custom kind's come from its CRD (status, scale)."""
    if isinstance(kind, CustomKind):
        return tuple(s for s in ("status", "scale") if s in kind.subresources)
    return SUBRESOURCES.get(kind.kind, ())


def has_status(kind: Kind) -> bool:
    """Whether writes to the main resource leave the status alone (a status subresource)."""
    if isinstance(kind, CustomKind):
        return "status" in kind.subresources
    return kind.kind not in NO_STATUS


@dataclass
class Response:
    code: int
    body: dict
    warnings: list[str] = field(default_factory=list)


@dataclass
class RequestInfo:
    """What a path names (Kubernetes' RequestInfo)."""

    group: str
    version: str
    kind: Kind
    namespace: str | None
    name: str | None
    subresource: str | None

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


# -- Status ---------------------------------------------------------------------------------------

def status(code: int, reason: str, message: str, details: dict | None = None) -> dict:
    """A `metav1.Status` failure, as the API server sends it."""
    out = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
           "reason": reason, "code": code}
    if details:
        out["details"] = details
    return out


def success(details: dict | None = None) -> dict:
    out = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"}
    if details:
        out["details"] = details
    return out


_INVALID = re.compile(r'^(?:The )?(\S+?) "(.*?)" is invalid: (.*)$', re.S)


def error_status(exc: ApiError, info: RequestInfo | None = None, name: str | None = None) -> dict:
    """The Status an ApiError travels as (details filled the way kubectl reads them)."""
    details: dict = {}
    if exc.status_details is not None:
        return status(exc.code, exc.reason, exc.message, exc.status_details)
    if info is not None:
        details = {"kind": info.kind.plural}
        if info.group:
            details["group"] = info.group
        if name or info.name:
            details["name"] = name or info.name
    if exc.reason == "Invalid":
        causes = getattr(exc, "causes", None)
        kind_name = info.kind.kind if info is not None else ""
        obj_name = getattr(exc, "name", None) or name or (info.name if info else "") or ""
        message = getattr(exc, "server_message", exc.message)
        if causes is None:
            m = _INVALID.match(exc.message)
            if m:
                kind_name = m.group(1).split(".")[0]
                obj_name = m.group(2)
                field_path, _, text = m.group(3).partition(": ")
                causes = [(field_path, text)] if text else [("", m.group(3))]
                message = exc.message.removeprefix("The ")
        details = {"name": obj_name, "kind": kind_name}
        if info is not None and info.group:
            details["group"] = info.group
        details["causes"] = [{"reason": _cause_reason(m), "message": m, "field": f} for f, m in causes or ()]
        return status(422, "Invalid", message, details)
    return status(exc.code, exc.reason, exc.message, details or None)


def _cause_reason(message: str) -> str:
    for prefix, reason in (("Required value", "FieldValueRequired"), ("Unsupported value", "FieldValueNotSupported"),
                           ("Duplicate value", "FieldValueDuplicate"), ("Forbidden", "FieldValueForbidden"),
                           ("Not found", "FieldValueNotFound")):
        if message.startswith(prefix):
            return reason
    return "FieldValueInvalid"


def bad_request(message: str) -> ApiError:
    return ApiError("BadRequest", message, 400)


def not_found_path() -> ApiError:
    return ApiError("NotFound", "the server could not find the requested resource", 404)


def method_not_allowed() -> ApiError:
    return ApiError("MethodNotAllowed", "the server does not allow this method on the requested resource", 405)


# -- paths ----------------------------------------------------------------------------------------

_BY_RESOURCE: dict[tuple[str, str, str], Kind] = {}
for _k in KINDS.values():
    _group, _, _version = _k.api_version.rpartition("/")
    _BY_RESOURCE[(_group, _version, _k.plural)] = _k
for _kind, _api_version in sorted(conversion.SERVED):
    _group, _, _version = _api_version.rpartition("/")
    _BY_RESOURCE[(_group, _version, KINDS[_kind].plural)] = KINDS[_kind]


def resolve_path(path: str, kinds: KindRegistry | None = None) -> RequestInfo:
    """The resource a REST path names; raises NotFound as the server does for unknown paths."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["api"] and len(parts) >= 2:
        group, version, rest = "", parts[1], parts[2:]
    elif parts[:1] == ["apis"] and len(parts) >= 3:
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        raise not_found_path()
    namespace = None
    if len(rest) >= 3 and rest[0] == "namespaces" and not (len(rest) == 3 and rest[2] in ("status", "finalize")):
        namespace, rest = rest[1], rest[2:]
    if not rest:
        raise not_found_path()
    kind = _BY_RESOURCE.get((group, version, rest[0]))
    if kind is None and kinds is not None:
        kind = next((k for k in kinds.custom.values()
                     if k.group == group and k.plural == rest[0] and version in k.versions), None)
    if kind is None:
        raise not_found_path()
    name = rest[1] if len(rest) >= 2 else None
    sub = rest[2] if len(rest) >= 3 else None
    if len(rest) > 3 or (sub is not None and sub not in subresources_of(kind)):
        raise not_found_path()
    if namespace is not None and not kind.namespaced:
        raise not_found_path()
    return RequestInfo(group, version, kind, namespace, name, sub)


# -- bodies ---------------------------------------------------------------------------------------

def media_type(content_type: str) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def decode_body(body: str, content_type: str, what: str = "") -> object:
    """JSON (or YAML, for the types that allow it) to a Python value; BadRequest when malformed."""
    mt = media_type(content_type)
    if not body.strip():
        raise bad_request("the body of the request was empty")
    if mt in (YAML, APPLY_PATCH, "application/yaml", "text/yaml"):
        try:
            return load_yaml(body, "body")
        except InputError as exc:
            raise bad_request(f"error converting YAML to JSON: yaml: line {exc.line}: {exc.message}") from None
    try:
        return load_json(body, "body")
    except InputError as exc:
        raise bad_request(f"{what}json parse error: {exc.message.lower()}") from None


def _body_object(req: Request, info: RequestInfo) -> dict:
    mt = media_type(req.content_type)
    if mt not in (JSON, YAML, "", "*/*"):
        raise ApiError("UnsupportedMediaType",
                       'the body of the request was in an unknown format - accepted media types include: '
                       'application/json, application/yaml, application/vnd.kubernetes.protobuf, '
                       'application/cbor', 415)
    obj = decode_body(req.body, req.content_type, "couldn't get version/kind; ")
    if not isinstance(obj, dict):
        raise bad_request("couldn't get version/kind; json parse error: json: cannot unmarshal "
                          f"{_json_type(obj)} into Go value of type struct {{ APIVersion string "
                          '"json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }')
    return obj


class _Members(list):
    """A JSON object's members in document order, duplicates kept (json's object_pairs_hook)."""


def _duplicate_fields(req: Request, info: RequestInfo, obj: dict) -> tuple[list[str], dict]:
    """The body's duplicated fields as the API server's strict decoder reports them, and the
    object it decodes. JSON: `duplicate field "data.a"` (sigs.k8s.io/json, with the field's
    path); a built-in kind decodes into Go structs and maps, so a repeated object merges into the
    first, while a custom resource (unstructured) keeps the last. YAML: one error from
    YAMLToJSONStrict, `yaml: unmarshal errors:\n  line 7: key "a" already set in map`; YAML keeps
    the last value."""
    if media_type(req.content_type) == YAML:
        lines = []
        _, node = yaml_documents(req.body, "body")[0]
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, yaml.MappingNode):
                seen: set = set()
                for key, value in n.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in seen:
                            shown = json.dumps(key.value) if key.tag.endswith(":str") else key.value
                            lines.append((key.start_mark.line, f"line {key.start_mark.line + 1}: key {shown} "
                                                               "already set in map"))
                        seen.add(key.value)
                    stack.append(value)
            elif isinstance(n, yaml.SequenceNode):
                stack.extend(n.value)
        if not lines:
            return [], obj
        return ["yaml: unmarshal errors:\n  " + "\n  ".join(text for _, text in sorted(lines))], obj
    try:
        members = json.loads(req.body, object_pairs_hook=_Members)
    except (ValueError, RecursionError):
        return [], obj
    found: list[str] = []
    merge = not isinstance(info.kind, CustomKind)

    def build(value, path: str):
        if isinstance(value, _Members):
            out: dict = {}
            for key, item in value:
                where = f"{path}.{key}" if path else key
                built = build(item, where)
                if key in out:
                    found.append(f'duplicate field "{where}"')
                    if merge and isinstance(out[key], dict) and isinstance(built, dict):
                        built = _merged(out[key], built)
                out[key] = built
            return out
        if isinstance(value, list):
            return [build(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return value

    built = build(members, "")
    if not found or not isinstance(built, dict):
        return [], obj
    return list(dict.fromkeys(found)), (built if merge else obj)


def _merged(first: dict, second: dict) -> dict:
    """Go's encoding/json decoding an object into a struct or map it already filled: members
    the second one names replace (objects merge again), the others stay."""
    out = dict(first)
    for key, value in second.items():
        out[key] = _merged(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def _json_type(value) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return "null"


# -- the request ----------------------------------------------------------------------------------

@dataclass
class Request:
    method: str
    path: str
    query: str = ""
    content_type: str = ""
    body: str = ""
    user: UserInfo = ADMIN
    now: str = ""
    """The request's time (the clock's, between ticks): managedFields' timestamps."""
    views: bool = True
    """Show objects with the managedFields of noted writes (not for a Table: its rows need none)."""

    def __post_init__(self) -> None:
        self.params: dict[str, list[str]] = parse_qs(self.query, keep_blank_values=True)

    def param(self, name: str, default: str | None = None) -> str | None:
        """A parameter's first value, as the API server's parameter codec takes it
        (apimachinery's Convert_Slice_string_To_string reads `in[0]`)."""
        values = self.params.get(name)
        return values[0] if values else default

    def flag(self, name: str) -> bool:
        """A boolean parameter as the API server decodes it: present and not `0` or `false`."""
        return go_bool(self.params.get(name))

    def int64(self, name: str) -> int | None:
        """An int64 parameter (`limit`, `timeoutSeconds`); BadRequest in strconv's words."""
        text = self.param(name)
        if text is None:
            return None
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise bad_request(f'strconv.ParseInt: parsing "{text}": invalid syntax')
        if not -(1 << 63) <= int(text) < (1 << 63):
            raise bad_request(f'strconv.ParseInt: parsing "{text}": value out of range')
        return int(text)

    @property
    def dry_run(self) -> bool:
        return "All" in self.params.get("dryRun", [])


def first_values(query: str) -> dict[str, str]:
    """Each parameter of a query string with its first value (`Request.param`'s rule)."""
    out: dict[str, str] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        out.setdefault(name, value)
    return out


def go_bool(values: list[str] | None) -> bool:
    """apimachinery's Convert_Slice_string_To_bool: absent, `0` or `false` (any case) are false,
    anything else (the empty string too) true."""
    if not values:
        return False
    return values[0] != "0" and values[0].lower() != "false"


def handle(sim: Simulation, req: Request) -> Response:
    """Serve one request; never raises for bad input (that is a Status)."""
    info: RequestInfo | None = None
    warnings: list[str] = []
    req.now = req.now or sim.now()
    try:
        info = resolve_path(req.path, sim.store.kinds)
        deprecated = deprecation_warning(info.api_version, info.kind.kind)
        if deprecated:  # the API server's handler for a deprecated API says so first, whatever follows
            warnings.append(deprecated)
        if req.method != "GET" and len(req.body.encode("utf-8", "surrogatepass")) > MAX_BODY:
            raise ApiError("RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY}", 413)
        for value in req.params.get("dryRun", []):
            if value != "All":
                raise bad_request(f'Invalid dryRun value: "{value}"; only "All" is supported')
        if not sim.api_available():
            raise ApiError("ServiceUnavailable", "the server is currently unable to handle the request", 503)
        served = conversion.converts(info.kind.kind, info.api_version)
        if served and req.method in ("POST", "PUT") and req.body.strip():
            req = _stored_body(sim, req, info, warnings)
        code, body = _dispatch(sim, req, info, warnings)
        body = shown(sim, body) if req.views else body
        return Response(code, conversion.to_served(body, info.api_version) if served else body,
                        warnings + _take_warnings(sim))
    except ApiError as exc:
        _take_warnings(sim)
        return Response(exc.code, error_status(exc, info), warnings)


def _stored_body(sim: Simulation, req: Request, info: RequestInfo, warnings: list[str]) -> Request:
    """A body written in a version served by conversion, as the stored version's JSON."""
    obj = decode_body(req.body, req.content_type, "couldn't get version/kind; ")
    if not isinstance(obj, dict) or obj.get("apiVersion") not in (None, "", info.api_version):
        return req
    obj = {**obj, "apiVersion": info.api_version, "kind": obj.get("kind") or info.kind.kind}
    stored = _served_write(sim, req, obj, warnings)
    return Request(req.method, req.path, req.query, JSON, json.dumps(stored), req.user, req.now, req.views)


def _served_write(sim: Simulation, req: Request, obj: dict, warnings: list[str]) -> dict:
    """An object written in a version served by conversion: field validation in that version's
    terms (its unknown fields refused, warned about or dropped), then the stored version."""
    mode = req.param("fieldValidation") or "Warn"
    if mode in ("Warn", "Ignore"):
        obj, dropped = drop_unknown_fields(obj, kinds=sim.store.kinds)
        if mode == "Warn":
            warnings.extend(f'unknown field "{path}"' for path in dropped)
    return stored_version(obj)


def shown(sim: Simulation, body: dict) -> dict:
    """An object or list as the API shows it: managedFields include the writes of the cluster's own
    components, worked out now (fieldmanager.Ledger)."""
    view = sim.store.managed.view
    items = body.get("items")
    if isinstance(items, list):
        return {**body, "items": [view(o) if isinstance(o, dict) and "metadata" in o else o for o in items]}
    if isinstance(body.get("metadata"), dict) and body["metadata"].get("uid") and "kind" in body:
        return view(body)
    return body


def _take_warnings(sim: Simulation) -> list[str]:
    out = list(dict.fromkeys(sim.store.warnings))
    sim.store.warnings.clear()
    return out


def _dispatch(sim: Simulation, req: Request, info: RequestInfo, warnings: list[str]) -> tuple[int, dict]:
    m, sub = req.method, info.subresource
    if sub is not None:
        return _subresource(sim, req, info, warnings)
    if info.name is None:
        if m == "GET":
            return 200, list_objects(sim, req, info)
        if m == "POST":
            return _create(sim, req, info, warnings)
        if m == "DELETE":
            return _delete_collection(sim, req, info)
        raise method_not_allowed()
    if m == "GET":
        return 200, get_object(sim, info)
    if m == "PUT":
        return _update(sim, req, info, warnings)
    if m == "PATCH":
        return _patch(sim, req, info, warnings)
    if m == "DELETE":
        return _delete(sim, req, info)
    raise method_not_allowed()


# -- reads ----------------------------------------------------------------------------------------

def namespace_of(info: RequestInfo) -> str | None:
    return info.namespace if info.kind.namespaced else None


def get_object(sim: Simulation, info: RequestInfo) -> dict:
    obj = sim.store.get(info.kind.kind, namespace_of(info) or ("default" if info.kind.namespaced else None),
                        info.name or "")
    if obj is None or (info.kind.namespaced and info.namespace is None):
        raise errors.not_found(info.kind.resource, info.name or "")
    return obj


def selectors(req: Request, info: RequestInfo):
    """(label selector, field terms) of a list or watch; BadRequest when either is malformed."""
    label_text = req.param("labelSelector") or ""
    field_text = req.param("fieldSelector") or ""
    try:
        labels = parse_selector(label_text) if label_text else None
        terms = fields.parse(info.kind.kind, field_text) if field_text else []
    except (SelectorError, fields.FieldSelectorError) as exc:
        raise bad_request(str(exc)) from None
    return labels, terms


def matching(sim: Simulation, req: Request, info: RequestInfo) -> list[dict]:
    labels, terms = selectors(req, info)
    objs = sim.store.list(info.kind.kind, namespace_of(info), labels)
    return [o for o in objs if fields.matches(terms, o)] if terms else objs


def list_objects(sim: Simulation, req: Request, info: RequestInfo) -> dict:
    """A `<Kind>List` with `limit`/`continue` paging (ordered by namespace and name)."""
    objs = matching(sim, req, info)
    meta: dict = {"resourceVersion": str(sim.store.revision)}
    token = req.param("continue")
    if token:
        start = _continue_start(token)
        objs = [o for o in objs if _key(o) > start]
    n = req.int64("limit") or 0
    req.int64("timeoutSeconds")
    if n > 0 and len(objs) > n:
        rest = len(objs) - n
        objs = objs[:n]
        meta["continue"] = _continue_token(sim.store.revision, _key(objs[-1]))
        meta["remainingItemCount"] = rest
    return {"kind": f"{info.kind.kind}List", "apiVersion": info.kind.api_version, "metadata": meta, "items": objs}


def _key(obj: dict) -> str:
    m = obj["metadata"]
    return f"{m.get('namespace', '')}/{m['name']}"


def _continue_token(rv: int, start: str) -> str:
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": start}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _continue_start(token: str) -> str:
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        return str(data["start"])
    except Exception:
        raise bad_request("continue key is not valid: illegal base64 data or malformed JSON") from None


# -- writes ---------------------------------------------------------------------------------------

def _check_kind(obj: dict, info: RequestInfo) -> None:
    """A body may leave out kind and apiVersion: the API server's decoder takes them from the
    URL (client libraries send typed objects without them); given, they must match it."""
    if not obj.get("kind"):
        obj["kind"] = info.kind.kind
    api_version, kind = obj.get("apiVersion"), obj["kind"]
    if kind != info.kind.kind or (api_version and api_version != info.kind.api_version):
        if api_version and api_version != info.kind.api_version and kind == info.kind.kind:
            raise bad_request(f"the API version in the data ({api_version}) does not match the expected API "
                              f"version ({info.kind.api_version})")
        raise bad_request(f"the kind in the data ({kind}) does not match the expected kind ({info.kind.kind})")
    if not api_version:
        obj["apiVersion"] = info.kind.api_version


def _check_namespace(obj: dict, info: RequestInfo) -> None:
    meta = obj.get("metadata")
    if meta is not None and not isinstance(meta, dict):
        raise bad_request(f"{info.kind.kind} in version \"{info.version}\" cannot be handled as a {info.kind.kind}: "
                          "json: cannot unmarshal into Go struct field .metadata of type v1.ObjectMeta")
    meta = obj.setdefault("metadata", {})
    if not info.kind.namespaced:
        return
    ns = meta.get("namespace")
    if ns and info.namespace and ns != info.namespace:
        raise bad_request("the namespace of the provided object does not match the namespace sent on the request")
    if info.namespace is None:
        raise not_found_path()
    meta["namespace"] = info.namespace


def _field_validation(sim: Simulation, req: Request, obj: dict, warnings: list[str],
                      duplicates: Sequence[str] = (), info: RequestInfo | None = None) -> dict:
    """Unknown and duplicate fields: Strict refuses them, Warn (the default) and Ignore drop
    them (Warn says so, one warning per field, and per line of a YAML error, as the handlers'
    addStrictDecodingWarnings does)."""

    mode = req.param("fieldValidation") or "Warn"
    if mode not in ("Strict", "Warn", "Ignore"):
        raise bad_request(f"fieldValidation: Invalid value: \"{mode}\": must be one of [Ignore Warn Strict]")
    if mode == "Strict":
        if duplicates and info is not None:
            _, unknown = drop_unknown_fields(obj, kinds=sim.store.kinds)
            texts = [f'unknown field "{path}"' for path in unknown]
            texts = [*texts, *duplicates] if duplicates[0].startswith("yaml:") else [*duplicates, *texts]
            raise DecodeError(info.kind.kind, info.version, "strict decoding error: " + ", ".join(texts), unknown)
        return obj
    obj, dropped = drop_unknown_fields(obj, kinds=sim.store.kinds)
    if mode == "Warn":
        yaml_lines = [line.strip() for text in duplicates if text.startswith("yaml:") for line in text.split("\n")[1:]]
        warnings.extend([*(t for t in duplicates if not t.startswith("yaml:")),
                         *(f'unknown field "{path}"' for path in dropped), *yaml_lines])
    return obj


def _create(sim: Simulation, req: Request, info: RequestInfo, warnings: list[str]) -> tuple[int, dict]:
    obj = _body_object(req, info)
    duplicates, obj = _duplicate_fields(req, info, obj)
    _check_kind(obj, info)
    _check_namespace(obj, info)
    obj = _field_validation(sim, req, obj, warnings, duplicates, info)
    if has_status(info.kind):
        obj.pop("status", None)
    for key in ("uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "generation", "selfLink"):
        obj["metadata"].pop(key, None)
    if info.kind.kind in escalation.RESOURCES:
        escalation.check(sim.store, req.user, {**obj, "kind": info.kind.kind})
    with _managing(sim, req, info):
        created = sim.store.create(obj, dry_run=req.dry_run)
    return 201, created


@contextmanager
def _managing(sim: Simulation, req: Request, info: RequestInfo):
    """While the store writes: the request's field manager, for admission to record in the
    object's managedFields as an Update (fieldmanager.admit). An apply has recorded its own; a
    request without a field manager (none from kubectl: the HTTP layer names one) records none."""
    manager = req.param("fieldManager")
    if not manager or (media_type(req.content_type) == APPLY_PATCH and not info.subresource):
        yield
        return
    sim.store.field_manager = (manager, info.subresource or "", req.now, info.api_version)
    try:
        yield
    finally:
        sim.store.field_manager = None


def _preconditions(obj: dict, live: dict, info: RequestInfo) -> None:
    rv = (obj.get("metadata") or {}).get("resourceVersion")
    if rv and rv != live["metadata"].get("resourceVersion"):
        raise conflict(info, live["metadata"]["name"])


def conflict(info: RequestInfo, name: str) -> ApiError:
    return ApiError("Conflict", f'Operation cannot be fulfilled on {info.kind.resource} "{name}": the object has '
                                "been modified; please apply your changes to the latest version and try again", 409)


def _write(sim: Simulation, req: Request, info: RequestInfo, obj: dict, live: dict) -> dict:
    """Store a new version of `live` (its status kept: status has its own subresource)."""
    from kubetui.model.validation import validate

    meta = obj["metadata"]
    if meta.get("name") != live["metadata"]["name"]:
        raise bad_request(f"the name of the object ({meta.get('name')}) does not match the name on the URL "
                          f"({live['metadata']['name']})")
    if has_status(info.kind):
        if "status" in live:
            obj["status"] = copy.deepcopy(live["status"])
        else:
            obj.pop("status", None)
    for key in ("uid", "creationTimestamp", "generation"):
        if key in live["metadata"]:
            meta[key] = live["metadata"][key]
    meta["resourceVersion"] = live["metadata"]["resourceVersion"]
    if info.kind.kind in escalation.RESOURCES:
        escalation.check(sim.store, req.user, {**obj, "kind": info.kind.kind})
    if req.dry_run:
        out = validate(copy.deepcopy(obj), kinds=sim.store.kinds)
        if "generation" in live["metadata"] and out.get("spec") != live.get("spec"):
            out["metadata"]["generation"] = live["metadata"]["generation"] + 1
        return out
    with _managing(sim, req, info):
        stored = sim.store.update(obj)
    if req.param("fieldManager"):
        sim.store.managed.forget(live["metadata"]["uid"])  # its managedFields now hold the noted writes
    return stored


def _update(sim: Simulation, req: Request, info: RequestInfo, warnings: list[str]) -> tuple[int, dict]:
    obj = _body_object(req, info)
    duplicates, obj = _duplicate_fields(req, info, obj)
    _check_kind(obj, info)
    _check_namespace(obj, info)
    live = get_object(sim, info)
    _preconditions(obj, live, info)
    obj = _field_validation(sim, req, obj, warnings, duplicates, info)
    return 200, _write(sim, req, info, obj, live)


def patched(live: dict, req: Request, info: RequestInfo) -> dict:
    """`live` with the request's patch applied, by its content type."""
    mt = media_type(req.content_type)
    if mt not in PATCH_TYPES:
        raise ApiError("UnsupportedMediaType",
                       "the body of the request was in an unknown format - accepted media types include: "
                       + ", ".join(PATCH_TYPES), 415)
    body = decode_body(req.body, req.content_type)
    try:
        if mt == JSON_PATCH:
            if not isinstance(body, list):
                raise bad_request("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
            result = json_patch(live, body)
        elif not isinstance(body, dict):
            raise bad_request(f"json: cannot unmarshal {_json_type(body)} into Go value of type "
                              "map[string]interface {}")
        elif mt == MERGE_PATCH:
            result = merge_patch(live, body)
        elif mt == STRATEGIC_PATCH:
            result = strategic_merge(live, body)
        else:
            result = _apply_patch(live, body, info, req)
    except JsonPatchError as exc:
        raise ApiError("Invalid", f"the server rejected our request due to an error in our request: {exc}",
                       422) from None
    except StrategicPatchError as exc:
        raise bad_request(str(exc)) from None
    if not isinstance(result, dict):
        raise bad_request("the patch did not produce an object")
    return result


def _apply_patch(live: dict, body: dict, info: RequestInfo, req: Request) -> dict:
    """Server-side apply: the applied configuration merges into the live object (keyed lists by
    their merge keys); its field manager comes to own exactly what it sets (fieldmanager.apply)."""
    manager = req.param("fieldManager")
    if not manager:
        raise apply_needs_field_manager()
    _check_kind(body, info)
    if info.subresource:
        return strategic_merge(live, body)
    return fieldmanager.apply(live, body, info.kind.kind, manager, req.now, req.param("force") == "true",
                              strategic_merge)


def apply_needs_field_manager() -> ApiError:
    """ValidatePatchOptions: an apply names its field manager (no User-Agent stands in for it)."""
    exc = ApiError("Invalid", 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required '
                              "for apply patch", 422)
    exc.status_details = {"group": "meta.k8s.io", "kind": "PatchOptions", "causes": [
        {"reason": "FieldValueRequired", "message": "Required value: is required for apply patch",
         "field": "fieldManager"}]}
    return exc


def _patch(sim: Simulation, req: Request, info: RequestInfo, warnings: list[str]) -> tuple[int, dict]:
    live = sim.store.get(info.kind.kind, namespace_of(info), info.name or "")
    if live is None:
        if media_type(req.content_type) == APPLY_PATCH:
            obj = decode_body(req.body, req.content_type)
            if not isinstance(obj, dict):
                raise bad_request("the body of an apply patch must be an object")
            if not req.param("fieldManager"):
                raise apply_needs_field_manager()
            _check_kind(obj, info)
            _check_namespace(obj, info)
            obj["metadata"].setdefault("name", info.name)
            obj = _field_validation(sim, req, obj, warnings)
            obj = fieldmanager.apply(None, obj, info.kind.kind, req.param("fieldManager") or "", req.now,
                                     req.param("force") == "true", strategic_merge)
            return 201, sim.store.create(obj, dry_run=req.dry_run)
        raise errors.not_found(info.kind.resource, info.name or "")
    if req.param("force") is not None and media_type(req.content_type) != APPLY_PATCH:
        raise ApiError("Invalid", 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified '
                                  "for non-apply patch", 422)
    if conversion.converts(info.kind.kind, info.api_version):
        result = patched(conversion.to_served(sim.store.managed.view(live), info.api_version), req, info)
        result = _served_write(sim, req, {**result, "apiVersion": info.api_version, "kind": live["kind"]}, warnings)
    else:
        result = patched(sim.store.managed.view(live), req, info)
    result["apiVersion"], result["kind"] = live["apiVersion"], live["kind"]
    result.setdefault("metadata", {})
    if not isinstance(result["metadata"], dict):
        raise bad_request("metadata must be an object")
    result["metadata"]["name"] = live["metadata"]["name"]
    if info.kind.namespaced:
        result["metadata"]["namespace"] = live["metadata"]["namespace"]
    _preconditions(result, live, info)
    result = _field_validation(sim, req, result, warnings)
    return 200, _write(sim, req, info, result, live)


def delete_options(req: Request) -> tuple[int | None, str, dict]:
    """(gracePeriodSeconds, propagationPolicy, preconditions) from the body's DeleteOptions or the query."""
    opts: dict = {}
    if req.body.strip():
        body = decode_body(req.body, req.content_type or JSON)
        if isinstance(body, dict):
            opts = body
    grace = opts.get("gracePeriodSeconds", req.param("gracePeriodSeconds"))
    policy = opts.get("propagationPolicy") or req.param("propagationPolicy") or "Background"
    if opts.get("orphanDependents") is True or req.param("orphanDependents") == "true":
        policy = "Orphan"
    if policy not in ("Background", "Foreground", "Orphan"):
        raise bad_request(f'propagationPolicy: Unsupported value: "{policy}": supported values: "Foreground", '
                          '"Background", "Orphan"')
    try:
        grace = int(grace) if grace is not None else None
    except (TypeError, ValueError):
        raise bad_request(f"gracePeriodSeconds: Invalid value: {grace!r}") from None
    if "All" in (opts.get("dryRun") or []):
        req.params.setdefault("dryRun", []).append("All")
    return grace, policy, opts.get("preconditions") or {}


def _delete(sim: Simulation, req: Request, info: RequestInfo) -> tuple[int, dict]:
    grace, policy, pre = delete_options(req)
    live = get_object(sim, info)
    if pre.get("uid") and pre["uid"] != live["metadata"]["uid"]:
        raise ApiError("Conflict", f'Operation cannot be fulfilled on {info.kind.resource} "{info.name}": '
                                   f'Precondition failed: UID in precondition: {pre["uid"]}, UID in object meta: '
                                   f'{live["metadata"]["uid"]}', 409)
    if pre.get("resourceVersion") and pre["resourceVersion"] != live["metadata"]["resourceVersion"]:
        raise ApiError("Conflict", f'Operation cannot be fulfilled on {info.kind.resource} "{info.name}": '
                                   f'Precondition failed: ResourceVersion in precondition: {pre["resourceVersion"]}, '
                                   f'ResourceVersion in object meta: {live["metadata"]["resourceVersion"]}', 409)
    if req.dry_run:
        return 200, live
    gone = store_delete(sim.store, info.kind.kind, namespace_of(info), info.name or "", grace=grace,
                        propagation=policy)
    still = sim.store.get(info.kind.kind, namespace_of(info), info.name or "")
    if still is not None and still["metadata"]["uid"] == live["metadata"]["uid"]:
        return 200, still
    return 200, gone


def _delete_collection(sim: Simulation, req: Request, info: RequestInfo) -> tuple[int, dict]:
    grace, policy, _ = delete_options(req)
    objs = matching(sim, req, info)
    out = []
    for o in objs:
        m = o["metadata"]
        if not req.dry_run:
            store_delete(sim.store, info.kind.kind, m.get("namespace"), m["name"], grace=grace, propagation=policy)
        out.append(o)
    return 200, {"kind": f"{info.kind.kind}List", "apiVersion": info.kind.api_version,
                 "metadata": {"resourceVersion": str(sim.store.revision)}, "items": out}


# -- subresources ---------------------------------------------------------------------------------

def _at(obj: dict, path: str, default=None):
    node = obj
    for part in [p for p in path.split(".") if p]:
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def custom_scale_of(kind: CustomKind, obj: dict) -> dict:
    """The Scale of a custom object, read where its CRD's scale subresource says."""
    paths = kind.subresources.get("scale") or {}
    meta = obj["metadata"]
    status: dict = {"replicas": _at(obj, paths.get("statusReplicasPath") or "", 0)}
    if paths.get("labelSelectorPath"):
        status["selector"] = _at(obj, paths["labelSelectorPath"], "")
    return {"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {k: meta.get(k) for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
                         if k in meta},
            "spec": {"replicas": _at(obj, paths.get("specReplicasPath") or "", 0)}, "status": status}


def scale_of(obj: dict, kind: Kind | None = None) -> dict:
    """The autoscaling/v1 Scale of a workload."""
    from kubetui.model.labels import from_label_selector

    if isinstance(kind, CustomKind):
        return custom_scale_of(kind, obj)
    meta = obj["metadata"]
    spec = obj.get("spec") or {}
    selector = spec.get("selector")
    if obj["kind"] == "ReplicationController":
        text = ",".join(f"{k}={v}" for k, v in sorted((selector or {}).items()))
    else:
        text = str(from_label_selector(selector)) if selector else ""
    return {"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {"name": meta["name"], "namespace": meta.get("namespace"), "uid": meta["uid"],
                         "resourceVersion": meta["resourceVersion"],
                         "creationTimestamp": meta.get("creationTimestamp")},
            "spec": {"replicas": spec.get("replicas", 1)},
            "status": {"replicas": (obj.get("status") or {}).get("replicas", 0), "selector": text}}


def _subresource(sim: Simulation, req: Request, info: RequestInfo, warnings: list[str]) -> tuple[int, dict]:
    sub, m = info.subresource, req.method
    if sub == "scale" and (info.kind.kind in SCALABLE or isinstance(info.kind, CustomKind)):
        live = get_object(sim, info)
        if m == "GET":
            return 200, scale_of(live, info.kind)
        if m not in ("PUT", "PATCH"):
            raise method_not_allowed()
        current = scale_of(live, info.kind)
        if m == "PUT":
            scale = decode_body(req.body, req.content_type, "couldn't get version/kind; ")
        else:
            scale = patched(current, req, info)
        if not isinstance(scale, dict):
            raise bad_request("the body must be a Scale object")
        _preconditions(scale, live, info)
        replicas = (scale.get("spec") or {}).get("replicas")
        if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 0:
            raise ApiError("Invalid", f'Scale.autoscaling "{info.name}" is invalid: spec.replicas: Invalid value: '
                                      f'{replicas}: must be greater than or equal to 0', 422)
        obj = copy.deepcopy(live)
        path = ["spec", "replicas"]
        if isinstance(info.kind, CustomKind):
            path = [p for p in (info.kind.subresources["scale"].get("specReplicasPath") or "").split(".") if p]
        node = obj
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = replicas
        stored = _write(sim, req, info, obj, live)
        return 200, scale_of(stored, info.kind)
    if sub == "approval" and info.kind.kind == "CertificateSigningRequest":
        return _approval(sim, req, info)
    if sub == "ephemeralcontainers" and m in ("GET", "PUT", "PATCH"):
        from kubetui.engine import ephemeralcontainers

        live = get_object(sim, info)
        if m == "GET":
            return 200, live
        if m == "PUT":
            obj = _body_object(req, info)
            _check_kind(obj, info)
            _preconditions(obj, live, info)
        else:
            obj = patched(live, req, info)
        ephemeral = (obj.get("spec") or {}).get("ephemeralContainers") or []
        return 200, ephemeralcontainers.update(sim.store, live, ephemeral, dry_run=req.dry_run)
    if sub == "status":
        live = get_object(sim, info)
        if m == "GET":
            return 200, live
        if m == "PUT":
            obj = _body_object(req, info)
            _check_kind(obj, info)
            _preconditions(obj, live, info)
        elif m == "PATCH":
            obj = patched(live, req, info)
        else:
            raise method_not_allowed()
        new = copy.deepcopy(live)
        if "status" in obj:
            new["status"] = obj["status"]
        else:
            new.pop("status", None)
        if isinstance(info.kind, CustomKind):
            from kubetui.model.validation import validate

            new = validate(_field_validation(sim, req, new, warnings), kinds=sim.store.kinds)
        manager = req.param("fieldManager")
        if manager and media_type(req.content_type) != APPLY_PATCH and new.get("status") != live.get("status"):
            shown_live = sim.store.managed.view(live)
            new = fieldmanager.with_managed_fields(new, fieldmanager.update(
                shown_live, new, info.kind.kind, manager, live.get("apiVersion", ""), req.now, "status"))
        if req.dry_run:
            return 200, new
        stored = sim.store.update_status(new)
        if manager:
            sim.store.managed.forget(live["metadata"]["uid"])
        return 200, stored
    if sub == "eviction" and m == "POST":
        from kubetui.engine.eviction import evict

        body = decode_body(req.body, req.content_type)
        opts = (body or {}).get("deleteOptions") or {} if isinstance(body, dict) else {}
        grace = opts.get("gracePeriodSeconds")
        dry = req.dry_run or "All" in (opts.get("dryRun") or [])
        evict(sim.store, info.namespace or "default", info.name or "", grace=grace, dry_run=dry)
        return 201, success()
    if sub == "token" and m == "POST":
        from kubetui.engine.serviceaccount import token_request

        body = decode_body(req.body, req.content_type) if req.body else {}
        return 201, token_request(sim, info.namespace or "default", info.name or "",
                                  body if isinstance(body, dict) else {})
    if sub == "binding" and m == "POST":
        body = decode_body(req.body, req.content_type)
        target = (body or {}).get("target") or {} if isinstance(body, dict) else {}
        return 201, bind(sim, info, target.get("name") or "")
    raise method_not_allowed()


def _approval(sim: Simulation, req: Request, info: RequestInfo) -> tuple[int, dict]:
    """certificatesigningrequests/NAME/approval: only the Approved and Denied conditions change
    (what `kubectl certificate approve|deny` sends); validation keeps them exclusive."""
    from kubetui.model.validation import validate

    live = get_object(sim, info)
    if req.method == "GET":
        return 200, live
    if req.method == "PUT":
        obj = _body_object(req, info)
        _check_kind(obj, info)
        _preconditions(obj, live, info)
    elif req.method == "PATCH":
        obj = patched(live, req, info)
    else:
        raise method_not_allowed()
    now = timestamp(sim.tick)
    conditions = [{**c, "lastTransitionTime": c.get("lastTransitionTime") or now}
                  for c in (obj.get("status") or {}).get("conditions") or []]
    new = copy.deepcopy(live)
    new["status"] = {**(live.get("status") or {}), "conditions": conditions}
    validate(new)
    if req.dry_run:
        return 200, new
    return 200, sim.store.update_status(new)


def bind(sim: Simulation, info: RequestInfo, node: str) -> dict:
    """POST pods/NAME/binding: what a scheduler does (the pod must not be bound yet)."""
    pod = get_object(sim, info)
    if pod["spec"].get("nodeName"):
        raise ApiError("Conflict", f'Operation cannot be fulfilled on pods/binding "{info.name}": pod '
                                   f'{info.name} is already assigned to node "{pod["spec"]["nodeName"]}"', 409)
    if not node:
        raise ApiError("Invalid", f'Binding "{info.name}" is invalid: target.name: Required value', 422)
    sim.scheduler.bind(pod, node)
    return success()
