"""Validation of apiextensions.k8s.io/v1 CustomResourceDefinition, as the apiextensions API
server does it: the name `<plural>.<group>`, a group with a dot, one storage version, a
structural schema for every version, printer columns and subresources."""

from __future__ import annotations

import json
import zlib

from . import cel, cel_types
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
    cel_errs = Errors()
    schemas = [(v.get("schema") or {}).get("openAPIV3Schema") for v in versions]
    shared = bool(schemas) and all(x is not None and x == schemas[0] for x in schemas)
    """One schema for every version: the API server holds it once, as `spec.validation`."""
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
        elif shared and i == 0:
            structural(errs, "spec.validation.openAPIV3Schema", schema, root=True, cel_errs=cel_errs)
        elif not shared:
            structural(errs, f"{path}.schema.openAPIV3Schema", schema, root=True, cel_errs=cel_errs)
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
    errs.items.extend(cel_errs.items)


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


def structural(errs: Errors, path: str, schema: dict, *, root: bool = False, cel_errs: Errors | None = None,
               no_old_self: str | None = None) -> None:
    """NewStructural + ValidateStructural, the parts a hand-written CRD meets: every node says
    its type unless it preserves unknown fields or is int-or-string; arrays say their items.
    A node's `x-kubernetes-validations` are checked as written, then (when nothing in the node or
    below is wrong) compiled against the schema's types, their errors into `cel_errs` (reported
    after every schema error, as the API server lists them)."""
    if not isinstance(schema, dict):
        return
    cel_errs = cel_errs if cel_errs is not None else errs
    before = len(errs.items)
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
    rules = [r if isinstance(r, dict) else {} for r in schema.get("x-kubernetes-validations") or []]
    for i, rule in enumerate(rules):
        _rule_fields(errs, f"{path}.x-kubernetes-validations[{i}]", rule)
    atomic_map = schema.get("x-kubernetes-map-type") == "atomic"
    for name, sub in sorted((schema.get("properties") or {}).items()):
        structural(errs, f"{path}.properties[{name}]", sub, cel_errs=cel_errs,
                   no_old_self=no_old_self or (path if atomic_map else None))
    if isinstance(schema.get("items"), dict):
        listed = schema.get("x-kubernetes-list-type") == "map"
        structural(errs, f"{path}.items", schema["items"], cel_errs=cel_errs,
                   no_old_self=no_old_self or (None if listed else path))
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        structural(errs, f"{path}.additionalProperties", extra, cel_errs=cel_errs, no_old_self=no_old_self)
        if schema.get("properties"):
            errs.forbidden(f"{path}.additionalProperties", "additionalProperties and properties are mutual exclusive")
    if rules and len(errs.items) == before:
        self_type = cel_types.from_schema(schema, root=root)
        for i, rule in enumerate(rules):
            _compile_rule(cel_errs, f"{path}.x-kubernetes-validations[{i}]", rule, self_type, no_old_self)


REASONS = ("FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired")


def _rule_fields(errs: Errors, here: str, rule: dict) -> None:
    """The checks of a validation rule's fields before any compiling (the API server's words)."""
    text, message = str(rule.get("rule") or ""), str(rule.get("message") or "")
    if not text.strip():
        errs.required(f"{here}.rule", "rule is not specified")
    elif message and not message.strip():
        errs.invalid(f"{here}.message", message, "message must be non-empty if specified")
    elif "\n" in message.strip() or "\r" in message.strip():
        errs.invalid(f"{here}.message", message, "message must not contain line breaks")
    elif ("\n" in text.strip() or "\r" in text.strip()) and not message.strip():
        errs.required(f"{here}.message", "message must be specified if rule contains line breaks")
    expression = str(rule.get("messageExpression") or "")
    if expression and not expression.strip():
        errs.required(f"{here}.messageExpression", "messageExpression must be non-empty if specified")
    reason = rule.get("reason")
    if reason is not None and reason not in REASONS:
        errs.unsupported(f"{here}.reason", reason, REASONS)
    field_path = rule.get("fieldPath")
    if field_path is not None and field_path != "":
        if not str(field_path).strip():
            errs.invalid(f"{here}.fieldPath", field_path, "fieldPath must be non-empty if specified")
        if "\n" in str(field_path):
            errs.invalid(f"{here}.fieldPath", field_path, "fieldPath must not contain line breaks")


def _compile_rule(errs: Errors, here: str, rule: dict, self_type, no_old_self: str | None) -> None:
    """cel.Compile of one rule (and its messageExpression) against the node's type."""
    text = str(rule.get("rule") or "").strip()
    if not text:
        return
    optional = rule.get("optionalOldSelf") is True
    env = cel_types.rule_env(self_type, optional)
    shown = go_validation_rule(rule)
    uses_old_self = False
    try:
        node, result = cel_types.compile_expression(text, env)
    except cel_types.CompileError as exc:
        errs.invalid(f"{here}.rule", None, f"compilation failed: {exc}", raw=shown)
    else:
        uses_old_self = cel.uses(node, "oldSelf")
        if result != cel_types.BOOL:
            errs.invalid(f"{here}.rule", None, "cel expression must evaluate to a bool", raw=shown)
    expression = str(rule.get("messageExpression") or "").strip()
    if expression:
        try:
            _, out = cel_types.compile_expression(expression, env)
        except cel_types.CompileError as exc:
            errs.invalid(f"{here}.messageExpression", None, f"messageExpression compilation failed: {exc}", raw=shown)
        else:
            if out != cel_types.STRING:
                errs.invalid(f"{here}.messageExpression", None, "messageExpression must evaluate to a string",
                             raw=shown)
    if uses_old_self and no_old_self is not None:
        errs.invalid(f"{here}.rule", text,
                     f"oldSelf cannot be used on the uncorrelatable portion of the schema within {no_old_self}")
    elif not uses_old_self and "optionalOldSelf" in rule and rule["optionalOldSelf"] is not None:
        errs.invalid(f"{here}.optionalOldSelf", rule["optionalOldSelf"], "may not be set if oldSelf is not used in rule")


def _go_pointer(kind: str, value) -> str:
    """Go's %#v of a set pointer shows an address; kubetui's is made from the value (stable)."""
    if value is None:
        return f"(*{kind})(nil)"
    return f"(*{kind})(0xc{zlib.crc32(repr(value).encode()) & 0xffffffff:09x})"


def go_validation_rule(rule: dict) -> str:
    """A ValidationRule as the API server prints it in an error (Go's %#v)."""
    def q(key: str) -> str:
        return json.dumps(str(rule.get(key) or ""), ensure_ascii=False)

    return (f"apiextensions.ValidationRule{{Rule:{q('rule')}, Message:{q('message')}, "
            f"MessageExpression:{q('messageExpression')}, "
            f"Reason:{_go_pointer('apiextensions.FieldValueErrorReason', rule.get('reason'))}, "
            f"FieldPath:{q('fieldPath')}, OptionalOldSelf:{_go_pointer('bool', rule.get('optionalOldSelf'))}}}")


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
