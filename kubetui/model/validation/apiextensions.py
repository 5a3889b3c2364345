"""Validation of apiextensions.k8s.io/v1 CustomResourceDefinition, as the apiextensions API
server does it: the name `<plural>.<group>`, a group with a dot, one storage version, a
structural schema for every version, printer columns and subresources."""

from __future__ import annotations

from . import cel
from .field import Errors
from .meta import dns1035_label, dns1123_subdomain

SCHEMA_TYPES = ("array", "boolean", "integer", "number", "object", "string")
COLUMN_TYPES = ("integer", "number", "string", "boolean", "date")
COLUMN_FORMATS = ("int32", "int64", "float", "double", "byte", "date", "date-time", "password")
VERSIONS_VALUE = "[]apiextensions.CustomResourceDefinitionVersion{...}"
"""How the value of `spec.versions` shows in its errors (Go prints the whole slice; elided here)."""


def _custom_resource_definition(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    name = (obj.get("metadata") or {}).get("name") or ""
    if name and name != f"{(spec.get('names') or {}).get('plural') or ''}.{spec.get('group') or ''}":
        errs.invalid("metadata.name", name, 'must be spec.names.plural+"."+spec.group')
    group = spec.get("group") or ""
    if not group:
        errs.required("spec.group")
    elif msgs := dns1123_subdomain(group):
        errs.invalid("spec.group", group, ",".join(msgs))
    elif len(group.split(".")) < 2:
        errs.invalid("spec.group", group, "should be a domain with at least one dot")
    scope = spec.get("scope") or ""
    if not scope:
        errs.required("spec.scope")
    elif scope not in ("Cluster", "Namespaced"):
        errs.unsupported("spec.scope", scope, ("Cluster", "Namespaced"))
    versions = spec.get("versions") or []
    seen: set[str] = set()
    unique = True
    for i, v in enumerate(versions):
        path = f"spec.versions[{i}]"
        name = v.get("name") or ""
        if name in seen:
            unique = False
        seen.add(name)
        if msgs := dns1035_label(name):
            errs.invalid(f"{path}.name", name, ",".join(msgs))
        schema = ((v.get("schema") or {}).get("openAPIV3Schema"))
        if schema is None:
            errs.required(f"{path}.schema.openAPIV3Schema", "schemas are required")
        else:
            structural(errs, f"{path}.schema.openAPIV3Schema", schema, root=True)
        for j, col in enumerate(v.get("additionalPrinterColumns") or []):
            _column(errs, f"{path}.additionalPrinterColumns[{j}]", col)
        scale = (v.get("subresources") or {}).get("scale")
        if scale is not None:
            _scale(errs, f"{path}.subresources.scale", scale)
    if not unique:
        errs.invalid("spec.versions", None, "must contain unique version names", raw=VERSIONS_VALUE)
    if sum(1 for v in versions if v.get("storage")) != 1:
        errs.invalid("spec.versions", None, "must have exactly one version marked as storage version",
                     raw=VERSIONS_VALUE)
    names = spec.get("names") or {}
    for field in ("plural", "singular", "kind", "listKind"):
        if not names.get(field):
            errs.required(f"spec.names.{field}")
    _names(errs, "spec.names", names)
    strategy = (spec.get("conversion") or {}).get("strategy")
    if strategy not in (None, "None", "Webhook"):
        errs.unsupported("spec.conversion.strategy", strategy, ("None", "Webhook"))


def _names(errs: Errors, path: str, names: dict) -> None:
    for field in ("plural", "singular"):
        value = names.get(field) or ""
        if value and (msgs := dns1035_label(value)):
            errs.invalid(f"{path}.{field}", value, ",".join(msgs))
    kind = names.get("kind") or ""
    if kind and dns1035_label(kind.lower()):
        errs.invalid(f"{path}.kind", kind, "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?")
    list_kind = names.get("listKind") or ""
    if list_kind and dns1035_label(list_kind.lower()):
        errs.invalid(f"{path}.listKind", list_kind,
                     "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?")
    if kind and kind == list_kind:
        errs.invalid(f"{path}.listKind", list_kind, "kind and listKind may not be the same")
    for i, short in enumerate(names.get("shortNames") or []):
        if msgs := dns1035_label(short):
            errs.invalid(f"{path}.shortNames[{i}]", short, ",".join(msgs))
    for i, cat in enumerate(names.get("categories") or []):
        if msgs := dns1035_label(cat):
            errs.invalid(f"{path}.categories[{i}]", cat, ",".join(msgs))


def structural(errs: Errors, path: str, schema: dict, *, root: bool = False) -> None:
    """NewStructural + ValidateStructural, the parts a hand-written CRD meets: every node says
    its type unless it preserves unknown fields or is int-or-string; arrays say their items."""
    if not isinstance(schema, dict):
        return
    t = schema.get("type") or ""
    loose = schema.get("x-kubernetes-preserve-unknown-fields") or schema.get("x-kubernetes-int-or-string")
    if root:
        if not t:
            errs.required(f"{path}.type", "must not be empty at the root")
        elif t != "object":
            errs.invalid(f"{path}.type", t, "must be object at the root")
    elif not t and not loose:
        errs.required(f"{path}.type", "must not be empty for specified object fields")
    if t and t not in SCHEMA_TYPES:
        errs.unsupported(f"{path}.type", t, SCHEMA_TYPES)
    if t == "array" and schema.get("items") is None:
        errs.required(f"{path}.items", "must be specified")
    for i, rule in enumerate(schema.get("x-kubernetes-validations") or []):
        here = f"{path}.x-kubernetes-validations[{i}]"
        text = rule.get("rule") if isinstance(rule, dict) else None
        if not text:
            errs.required(f"{here}.rule")
            continue
        try:
            cel.parse(str(text))
        except cel.CelSyntaxError as exc:
            errs.invalid(f"{here}.rule", str(text), f"compilation failed: {exc}")
    for name, sub in sorted((schema.get("properties") or {}).items()):
        structural(errs, f"{path}.properties[{name}]", sub)
    if isinstance(schema.get("items"), dict):
        structural(errs, f"{path}.items", schema["items"])
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        structural(errs, f"{path}.additionalProperties", extra)
        if schema.get("properties"):
            errs.forbidden(f"{path}.additionalProperties", "additionalProperties and properties are mutual exclusive")


def _column(errs: Errors, path: str, col: dict) -> None:
    if not col.get("name"):
        errs.required(f"{path}.name")
    t = col.get("type") or ""
    if not t:
        errs.required(f"{path}.type", f"must be one of {', '.join(COLUMN_TYPES)}")
    elif t not in COLUMN_TYPES:
        errs.unsupported(f"{path}.type", t, COLUMN_TYPES)
    fmt = col.get("format") or ""
    if fmt and fmt not in COLUMN_FORMATS:
        errs.unsupported(f"{path}.format", fmt, COLUMN_FORMATS)
    if not col.get("jsonPath"):
        errs.required(f"{path}.jsonPath")
    if (col.get("priority") or 0) < 0:
        errs.invalid(f"{path}.priority", col.get("priority"), "must be greater than or equal to 0")


def _scale(errs: Errors, path: str, scale: dict) -> None:
    for field in ("specReplicasPath", "statusReplicasPath"):
        value = scale.get(field) or ""
        if not value:
            errs.required(f"{path}.{field}")
        elif not value.startswith("."):
            errs.invalid(f"{path}.{field}", value, "should be a json path under .spec" if field.startswith("spec")
                         else "should be a json path under .status")


VALIDATORS = {"CustomResourceDefinition": _custom_resource_definition}
