"""`kubectl explain KIND[.field.path]`: fields and types read from kubetui's API models."""

from __future__ import annotations

import re
import types
import typing

from pydantic import BaseModel

from kubetui.kubectl.commands._base import CommandError, Context, help_error, kind_for
from kubetui.model.conversion import SERVED
from kubetui.model.kinds import KINDS, CustomKind, Kind, served_as

KIND_DESCRIPTIONS = {
    "Pod": "A Pod is the smallest unit Kubernetes deploys: one or more containers that share a network "
           "namespace and volumes and are scheduled together onto one node.",
    "Deployment": "A Deployment keeps a number of identical Pods running through ReplicaSets and rolls them "
                  "from one template to the next (and back) without downtime.",
    "ReplicaSet": "A ReplicaSet keeps a given number of Pods that match its selector running.",
    "ReplicationController": "A ReplicationController keeps a given number of Pods running (the older form of "
                             "ReplicaSet).",
    "DaemonSet": "A DaemonSet runs one copy of a Pod on every eligible node.",
    "StatefulSet": "A StatefulSet runs Pods with stable names and storage, created and removed in order.",
    "Job": "A Job runs Pods until a number of them complete successfully.",
    "CronJob": "A CronJob creates Jobs on a repeating schedule.",
    "Service": "A Service gives a set of Pods one stable virtual IP and DNS name and spreads connections over "
               "the ready ones.",
    "ConfigMap": "A ConfigMap holds non-secret configuration as key-value pairs for Pods to read as environment "
                 "variables or files.",
    "Secret": "A Secret holds a small amount of sensitive data (base64-encoded in `data`) for Pods to use.",
    "Namespace": "A Namespace is a separate space for names; most objects live in one.",
    "Node": "A Node is a machine (a VM or a physical server) that runs Pods; its kubelet reports its status.",
    "ResourceQuota": "A ResourceQuota limits the total resources and object counts one namespace may use.",
    "LimitRange": "A LimitRange sets default, minimum and maximum resources for containers and Pods in a "
                  "namespace.",
    "PersistentVolume": "A PersistentVolume is a piece of storage in the cluster, provisioned by an "
                        "administrator or dynamically by a StorageClass.",
    "PersistentVolumeClaim": "A PersistentVolumeClaim is a request for storage that binds to a PersistentVolume.",
    "HorizontalPodAutoscaler": "A HorizontalPodAutoscaler scales a workload's replicas to keep a metric (such as "
                               "CPU utilization) near a target.",
    "NetworkPolicy": "A NetworkPolicy says which traffic may reach (or leave) the Pods it selects.",
    "Ingress": "Ingress is a collection of rules that allow inbound connections to reach the endpoints\n"
               "defined by a backend. An Ingress can be configured to give services externally-reachable\n"
               "urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.",
    "IngressClass": "IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The\n"
                    "`ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an\n"
                    "IngressClass should be considered default.",
    "StorageClass": "A StorageClass describes a kind of storage that PersistentVolumes can be provisioned from.",
    "ServiceAccount": "A ServiceAccount is an identity for processes that run in Pods.",
    "Event": "An Event reports something that happened to an object (a Pod scheduled, an image pulled, ...).",
    "Endpoints": "Endpoints list the addresses of the ready Pods behind a Service.",
    "PodDisruptionBudget": "A PodDisruptionBudget limits how many Pods of a replicated application voluntary "
                           "disruptions (evictions, drains) may take down at the same time.",
    "PriorityClass": "A PriorityClass names a pod priority: Pods that name it get its value, and may preempt "
                     "lower-priority Pods to be scheduled.",
    "Lease": "A Lease records who holds a lock (node heartbeats, leader election).",
    "EndpointSlice": "EndpointSlice represents a set of service endpoints: the pods behind a Service, with\n"
                     "their readiness, in slices of at most 100.",
    "ControllerRevision": "A ControllerRevision stores an immutable snapshot of a workload's template.",
}


_GO_TYPES = {"_int_or_string": "IntOrString", "_quantity": "Quantity"}
"""Validators of kubetui.model.meta standing for Go types kubectl explain names."""


def _unwrap(ann):
    """(inner type, is_list, is_map) of a field annotation, without Optional/Annotated."""
    is_list = is_map = False
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            named = [_GO_TYPES.get(getattr(getattr(m, "func", None), "__name__", ""))
                     for m in getattr(ann, "__metadata__", ())]
            if any(named):
                return next(n for n in named if n), is_list, is_map
            ann = typing.get_args(ann)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            ann = args[0] if args else ann
            if len(args) <= 1:
                continue
            return ann, is_list, is_map
        elif origin is list:
            is_list = True
            ann = typing.get_args(ann)[0]
        elif origin is dict:
            is_map = True
            ann = typing.get_args(ann)[1]
        else:
            return ann, is_list, is_map


def _type_name(ann) -> str:
    inner, is_list, is_map = _unwrap(ann)
    if isinstance(inner, str):
        base = inner
    elif isinstance(inner, type) and issubclass(inner, BaseModel):
        base = inner.__name__
    elif inner is str:
        base = "string"
    elif inner is bool:
        base = "boolean"
    elif inner is int:
        base = "integer"
    elif inner is float:
        base = "number"
    else:
        base = "Object"
    if is_map:
        return f"map[string]{base}"
    return f"[]{base}" if is_list else base


def _model_of(ann) -> type[BaseModel] | None:
    inner, _, _ = _unwrap(ann)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _fields(model: type[BaseModel]) -> list[tuple[str, object, str]]:
    known = _known(model).get("properties", {})
    out = []
    for name, info in model.model_fields.items():
        alias = info.alias or name
        ann = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        out.append((alias, ann, known.get(alias) or info.description or ""))
    return sorted(out)


def _known(model: type[BaseModel]) -> dict:
    """Kubernetes' own description of a type, its fields and the fields it requires (the data the
    served OpenAPI carries, so both explains read alike)."""
    from kubetui.kubectl import schemas

    return schemas.descriptions().get(schemas.name_of(model), {})


def wrap(text: str, width: int = 76) -> list[str]:
    """kubectl explain's word wrap (go-wordwrap): greedy at `width` columns, breaking only at
    spaces (dropped there; kept elsewhere, leading ones too), a longer word alone on its line,
    the text's own line breaks kept."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for spaces, word in re.findall(r"( *)([^ ]+)", paragraph):
            if line and len(line) + len(spaces) + len(word) > width:
                out.append(line)
                line = word
            else:
                line += spaces + word
        out.append(line)
    return out


def explain(ctx: Context) -> int:
    if not ctx.parsed.args:
        raise help_error(ctx.parsed, "You must specify the type of resource to explain. Use \"kubectl "
                                     "api-resources\" for a complete list of supported resources.")
    word, *path = ctx.parsed.args[0].split(".")
    try:
        kind = kind_for(word, ctx.store.kinds)
    except CommandError as exc:
        raise CommandError(exc.message.removeprefix("error: ")) from None  # explain's own words
    if isinstance(kind, CustomKind):
        return _explain_custom(ctx, kind, path)
    asked = str(ctx.flag("api-version") or "")
    if asked and asked != kind.api_version:
        if (kind.kind, asked) not in SERVED:
            raise CommandError(f'error: couldn\'t find resource for "{asked}, Resource={kind.plural}"')
        return _explain_served(ctx, served_as(kind, asked), path)
    return _explain_model(ctx, kind, path)


def _no_field(ctx: Context, group: str, kind: str, version: str, part: str) -> CommandError:
    """kubectl 1.37 prints the kind's header before it finds a field missing."""
    ctx.write("".join(f"{line}\n" for line in _header(group, kind, version)))
    return CommandError(f'error: field "{part}" does not exist')


def _header(group: str, kind: str, version: str) -> list[str]:
    return [*([f"GROUP:      {group}"] if group else []), f"KIND:       {kind}", f"VERSION:    {version}", ""]


def _explain_model(ctx: Context, kind: Kind, path: list[str], version: str = "",
                   docs: dict[int, str] | None = None) -> int:
    """A built-in kind's explain from its model; `version` and `docs` (a path step -> that field's
    own words) for a version served by conversion whose field has the same type."""
    from kubetui.model.validation import MODELS

    model: type[BaseModel] | None = MODELS[kind.kind]
    field_line = ""
    description = (_known(model).get("description") if model is not None else None) or \
        KIND_DESCRIPTIONS.get(kind.kind, (model.__doc__ or "").strip())
    walked: list[str] = []
    for step, part in enumerate(path):
        fields = {alias: (ann, doc) for alias, ann, doc in _fields(model)} if model is not None else {}
        if part not in fields:
            raise _no_field(ctx, kind.group, kind.kind, version or kind.api_version.rpartition("/")[2], part)
        ann, doc = fields[part]
        doc = (docs or {}).get(step, doc)
        walked.append(part)
        field_line = f"FIELD: {part} <{_type_name(ann)}>"
        model = _model_of(ann)
        if model is not None:
            description = _known(model).get("description") or (model.__doc__ or "").strip()
            if doc:
                description = f"{doc}\n{description}"  # the field's own words, then its type's
        else:
            description = doc
    lines = _header(kind.group, kind.kind, version or kind.api_version.rpartition("/")[2])
    if field_line:
        lines += [field_line, "", ""]
    lines += ["DESCRIPTION:"]
    lines += [f"    {line}" for line in wrap(description or "<empty>")]
    lines.append("    ")
    if model is not None:
        required = set(_known(model).get("required") or ())
        lines.append("FIELDS:")
        for alias, ann, doc in _fields(model):
            lines.append(f"  {alias}\t<{_type_name(ann)}>" + (" -required-" if alias in required else ""))
            lines += [f"    {line}" for line in wrap(doc or "<no description>")] + [""]
    ctx.write("\n".join(lines) + "\n\n")
    return 0


_OBJECT_FIELDS = {
    "apiVersion": ("string", "APIVersion defines the versioned schema of this representation of an object.\n"
                             "Servers should convert recognized schemas to the latest internal value, and\n"
                             "may reject unrecognized values. More info:\n"
                             "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"),
    "kind": ("string", "Kind is a string value representing the REST resource this object\n"
                       "represents. Servers may infer this from the endpoint the client submits\n"
                       "requests to. Cannot be updated. In CamelCase. More info:\n"
                       "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
    "metadata": ("ObjectMeta", "Standard object's metadata. More info:\n"
                               "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
}


def _schema_type(schema: dict) -> str:
    t = schema.get("type") or ("IntOrString" if schema.get("x-kubernetes-int-or-string") else "Object")
    if t == "array":
        return "[]" + _schema_type(schema.get("items") or {})
    if t == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "map[string]" + _schema_type(schema["additionalProperties"])
    return {"object": "Object"}.get(t, t)


def _explain_custom(ctx: Context, kind: CustomKind, path: list[str]) -> int:
    """`kubectl explain` of a custom kind: its CRD's schema (descriptions, types, required)."""
    schema = kind.schema or {}
    field_line = ""
    for part in path:
        node = schema.get("items") if schema.get("type") == "array" else schema
        props = (node or {}).get("properties") or {}
        if part not in props:
            raise _no_field(ctx, kind.group, kind.kind, kind.api_version.rpartition("/")[2], part)
        schema = props[part]
        field_line = f"FIELD: {part} <{_schema_type(schema)}>"
    lines = _header(kind.group, kind.kind, kind.api_version.rpartition("/")[2])
    if field_line:
        lines += [field_line, "", ""]
    lines += ["DESCRIPTION:", *(f"    {line}" for line in (schema.get("description") or "<empty>").splitlines())]
    node = schema.get("items") if schema.get("type") == "array" else schema
    fields = [(n, _schema_type(s), s.get("description") or "<no description>")
              for n, s in ((node or {}).get("properties") or {}).items()]
    if not path:
        known = {n for n, _, _ in fields}
        fields += [(n, t, d) for n, (t, d) in _OBJECT_FIELDS.items() if n not in known]
    required = set((node or {}).get("required") or ())
    if fields:
        lines.append("FIELDS:")
        for name, t, doc in sorted(fields):
            lines.append(f"  {name}\t<{t}>" + (" -required-" if name in required else ""))
            lines += [f"    {line}" for line in doc.splitlines()] + [""]
    ctx.write("\n".join(lines) + "\n\n")
    return 0


def _ref_type(schema: dict) -> str:
    ref = schema.get("$ref") or next((r.get("$ref") for r in schema.get("allOf") or () if r.get("$ref")), "")
    if ref:
        return ref.rpartition(".")[2]
    if schema.get("type") == "array":
        return "[]" + _ref_type(schema.get("items") or {})
    return {"object": "Object"}.get(schema.get("type", ""), schema.get("type") or "Object")


def _explain_served(ctx: Context, kind: Kind, path: list[str]) -> int:
    """`kubectl explain KIND --api-version=V` of a version served by conversion (autoscaling/v1):
    that version's schema (kubectl.openapi.VERSIONED), which only it describes."""
    from kubetui.kubectl.openapi import versioned_definitions

    group, _, version = kind.api_version.rpartition("/")
    defs = versioned_definitions(kind.api_version, "")
    name = f"io.k8s.api.{group.split('.')[0]}.{version}.{kind.kind}"
    schema, field_line, description = defs[name], "", defs[name].get("description", "")
    for step, part in enumerate(path):
        prop = (schema.get("properties") or {}).get(part) if schema is not None else None
        if prop is None:
            raise _no_field(ctx, group, kind.kind, version, part)
        field_line = f"FIELD: {part} <{_ref_type(prop)}>"
        ref = _ref_type(prop).removeprefix("[]")
        target = defs.get(f"io.k8s.api.{group.split('.')[0]}.{version}.{ref}")
        if target is None and (prop.get("$ref") or prop.get("allOf")):
            # a type every version shares (ObjectMeta): the stored version's, in this version's words
            return _explain_model(ctx, KINDS[kind.kind], path, version, {step: prop.get("description", "")})
        schema = target
        description = prop.get("description", "") + (f"\n{target['description']}" if target and
                                                    target.get("description") else "")
    lines = _header(group, kind.kind, version)
    if field_line:
        lines += [field_line, "", ""]
    lines += ["DESCRIPTION:"]
    for paragraph in (description or "<empty>").split("\n"):
        lines += [f"    {line}" for line in wrap(paragraph)]
    lines.append("    ")
    if schema is not None:
        required = set(schema.get("required") or ())
        lines.append("FIELDS:")
        for field, prop in sorted((schema.get("properties") or {}).items()):
            lines.append(f"  {field}\t<{_ref_type(prop)}>" + (" -required-" if field in required else ""))
            lines += [f"    {line}" for line in wrap(prop.get("description") or "<no description>")] + [""]
    ctx.write("\n".join(lines) + "\n\n")
    return 0
