"""Custom objects against their CRD's structural schema, as the apiextensions API server
handles a write: defaults filled in, unknown fields pruned (each one a warning), then the
OpenAPI v3 rules checked, in kube-openapi's words turned into field errors."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from ..kinds import CustomKind
from . import cel
from .decode import DecodeError
from .field import Errors, FieldInvalid, go_value
from .meta import object_meta

TYPE_NAMES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    return TYPE_NAMES.get(type(value), "object")


def _number(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, float) or not value.is_integer() else str(int(value))


def apply_defaults(schema: dict, value: Any) -> None:
    """structuraldefaulting.Default: a missing property with a `default` gets it, deepest last."""
    if not isinstance(schema, dict):
        return
    if isinstance(value, dict):
        for name, sub in (schema.get("properties") or {}).items():
            if name not in value and isinstance(sub, dict) and "default" in sub:
                value[name] = copy.deepcopy(sub["default"])
            if name in value:
                apply_defaults(sub, value[name])
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for v in value.values():
                apply_defaults(extra, v)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for v in value:
            apply_defaults(schema["items"], v)


def prune(schema: dict, value: Any, path: str, pruned: list[str]) -> None:
    """structuralpruning.Prune: fields the schema does not name go, unless it preserves them."""
    if not isinstance(schema, dict) or schema.get("x-kubernetes-preserve-unknown-fields"):
        return
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        for name in list(value):
            here = f"{path}.{name}" if path else name
            if name in props:
                prune(props[name], value[name], here, pruned)
            elif isinstance(extra, dict):
                prune(extra, value[name], here, pruned)
            elif extra is True:
                continue
            else:
                del value[name]
                pruned.append(here)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, v in enumerate(value):
            prune(schema["items"], v, f"{path}[{i}]", pruned)


def check(errs: Errors, schema: dict, value: Any, path: str) -> None:
    """The OpenAPI v3 rules of one schema node (and its children) on one value."""
    if not isinstance(schema, dict):
        return
    if value is None:
        if not schema.get("nullable") and schema.get("type"):
            errs.items.append((path, f'Invalid value: "null": {path} in body must be of type {schema["type"]}: "null"'))
        return
    t = schema.get("type")
    actual = _type_of(value)
    if schema.get("x-kubernetes-int-or-string"):
        if actual not in ("integer", "string"):
            errs.items.append((path, f'Invalid value: "{actual}": {path} in body must be of type integer,string: "{actual}"'))
            return
    elif t and not (actual == t or (t == "number" and actual == "integer")):
        errs.items.append((path, f'Invalid value: "{actual}": {path} in body must be of type {t}: "{actual}"'))
        return
    enum = schema.get("enum")
    if enum is not None and value not in enum:
        errs.unsupported(path, value, [e if isinstance(e, str) else json.dumps(e) for e in enum])
    if actual in ("integer", "number"):
        _bounds(errs, schema, value, path)
    if actual == "string":
        _string(errs, schema, value, path)
    if actual == "array":
        n = len(value)
        if "maxItems" in schema and n > schema["maxItems"]:
            errs.items.append((path, f"Too many: {n}: must have at most {schema['maxItems']} items"))
        if "minItems" in schema and n < schema["minItems"]:
            errs.invalid(path, value, f"{path} in body should have at least {schema['minItems']} items",
                         raw=_go_slice(value))
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) < n:
            errs.invalid(path, value, f"{path} in body shouldn't contain duplicates", raw=_go_slice(value))
        if isinstance(schema.get("items"), dict):
            for i, v in enumerate(value):
                check(errs, schema["items"], v, f"{path}[{i}]")
    if actual == "object":
        for name in schema.get("required") or []:
            if name not in value:
                errs.required(f"{path}.{name}" if path else name)
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        for name in sorted(value):
            here = f"{path}.{name}" if path else name
            if name in props:
                check(errs, props[name], value[name], here)
            elif isinstance(extra, dict):
                check(errs, extra, value[name], here)


def walk(schema: dict, value: Any, path: str, visit) -> None:
    """`visit(schema, value, path)` on each schema node that has a value, the node before its
    children (properties in name order)."""
    if not isinstance(schema, dict) or value is None:
        return
    visit(schema, value, path)
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        for name in sorted(value):
            sub = props.get(name) if name in props else extra if isinstance(extra, dict) else None
            if sub is not None:
                walk(sub, value[name], f"{path}.{name}" if path else name, visit)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, v in enumerate(value):
            walk(schema["items"], v, f"{path}[{i}]", visit)


def rules(errs: Errors, schema: dict, value: Any, path: str, old: Any = cel._MISSING) -> None:
    """The `x-kubernetes-validations` rules of one schema node on its value; `old` is the value
    the stored object had there (missing on create, or where the old value does not correlate)."""
    t, actual = schema.get("type"), _type_of(value)
    if t and not (actual == t or (t == "number" and actual == "integer")):
        return
    for rule in schema.get("x-kubernetes-validations") or []:
        if isinstance(rule, dict):
            _rule(errs, rule, value, path, str(schema.get("type") or ""), old)


def walk_with_old(schema: dict, value: Any, old: Any, path: str, visit) -> None:
    """`walk`, each value paired with its correlated old value (cel's transition rules): object
    fields and map entries by name, `x-kubernetes-list-type: map` items by their keys; nothing
    through other lists."""
    if not isinstance(schema, dict) or value is None:
        return
    visit(schema, value, old, path)
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        olds = old if isinstance(old, dict) else {}
        for name in sorted(value):
            sub = props.get(name) if name in props else extra if isinstance(extra, dict) else None
            if sub is not None:
                walk_with_old(sub, value[name], olds.get(name, cel._MISSING), f"{path}.{name}" if path else name,
                              visit)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        keys = schema.get("x-kubernetes-list-map-keys") or []
        by_key = {}
        if schema.get("x-kubernetes-list-type") == "map" and isinstance(old, list):
            by_key = {json.dumps([o.get(k) for k in keys]): o for o in old if isinstance(o, dict)}
        for i, v in enumerate(value):
            match = by_key.get(json.dumps([v.get(k) for k in keys]), cel._MISSING) if isinstance(v, dict) \
                else cel._MISSING
            walk_with_old(schema["items"], v, match, f"{path}[{i}]", visit)


def list_type(errs: Errors, schema: dict, value: Any, path: str) -> None:
    """`x-kubernetes-list-type`: a set holds each value once, a map each key (its
    `x-kubernetes-list-map-keys`) once."""
    kind = schema.get("x-kubernetes-list-type")
    if not isinstance(value, list):
        return
    seen: set[str] = set()
    for i, item in enumerate(value):
        if kind == "set":
            key, shown = json.dumps(item, sort_keys=True), go_value(item)
        elif kind == "map" and isinstance(item, dict):
            keys = {k: item[k] for k in schema.get("x-kubernetes-list-map-keys") or [] if k in item}
            key = json.dumps(keys, sort_keys=True)
            shown = "map[string]interface {}{" + ", ".join(f"{json.dumps(k)}:{json.dumps(v)}"
                                                            for k, v in sorted(keys.items())) + "}"
        else:
            return
        if key in seen:
            errs.items.append((f"{path}[{i}]", f"Duplicate value: {shown}"))
        seen.add(key)


def _rule(errs: Errors, rule: dict, value: Any, path: str, type_name: str, old: Any = cel._MISSING) -> None:
    """One `x-kubernetes-validations` rule with `self` the value at `path`, reported as the
    apiextensions API server reports it (an object's or array's value left out). A transition
    rule (one using `oldSelf`) runs only where there is an old value, unless `optionalOldSelf`
    makes `oldSelf` an optional (empty on create)."""
    text = str(rule.get("rule") or "").strip()
    if not text:
        return
    message = str(rule.get("message") or "").strip()
    try:
        node = cel.parse(text)
    except cel.CelSyntaxError:
        return
    old_self: Any = cel._MISSING
    if cel.uses(node, "oldSelf"):
        if rule.get("optionalOldSelf") is True:
            old_self = cel.Optional(old, old is not cel._MISSING)
        elif old is cel._MISSING:
            return
        else:
            old_self = old
    try:
        result = cel.evaluate(node, value, old_self)
    except cel.CelError as exc:
        if str(exc).startswith("no such overload"):
            detail = (f"'no such overload': call arguments did not match a supported operator, function or macro "
                      f"signature for rule: {message or text}")
        else:
            detail = f"{exc} evaluating rule: {message or text}"
        errs.items.append((path, f'Invalid value: "{type_name}": {detail}'))
        return
    if result is True:
        return
    detail = _message_expression(rule, value, old_self) or message or f"failed rule: {text}"
    where = path + str(rule.get("fieldPath") or "")
    where = where.lstrip(".") if not path else where
    shown = "" if type_name in ("object", "array") else f": {go_value(value)}"
    reason = rule.get("reason") or "FieldValueInvalid"
    if reason == "FieldValueRequired":
        errs.required(where, detail)
    elif reason == "FieldValueForbidden":
        errs.forbidden(where, detail)
    elif reason == "FieldValueDuplicate":
        errs.items.append((where, f"Duplicate value{shown}"))
    else:
        errs.items.append((where, f"Invalid value{shown}: {detail}"))


def _message_expression(rule: dict, value: Any, old_self: Any) -> str:
    """The failed rule's `messageExpression`, evaluated; "" when it fails, is empty or spans
    lines (the API server then falls back to `message`)."""
    expression = str(rule.get("messageExpression") or "").strip()
    if not expression:
        return ""
    try:
        out = cel.evaluate(expression, value, old_self)
    except (cel.CelError, cel.CelSyntaxError):
        return ""
    if not isinstance(out, str) or "\n" in out.strip():
        return ""
    return out.strip()


def _bounds(errs: Errors, schema: dict, value: float, path: str) -> None:
    shown = _number(value)
    if "maximum" in schema:
        top = schema["maximum"]
        if schema.get("exclusiveMaximum") and value >= top:
            errs.invalid(path, value, f"{path} in body should be less than {_number(top)}", raw=shown)
        elif value > top:
            errs.invalid(path, value, f"{path} in body should be less than or equal to {_number(top)}", raw=shown)
    if "minimum" in schema:
        low = schema["minimum"]
        if schema.get("exclusiveMinimum") and value <= low:
            errs.invalid(path, value, f"{path} in body should be greater than {_number(low)}", raw=shown)
        elif value < low:
            errs.invalid(path, value, f"{path} in body should be greater than or equal to {_number(low)}", raw=shown)
    step = schema.get("multipleOf")
    if step and (value / step) != int(value / step):
        errs.invalid(path, value, f"{path} in body should be a multiple of {_number(step)}", raw=shown)


def _string(errs: Errors, schema: dict, value: str, path: str) -> None:
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        errs.items.append((path, f"Too long: may not be more than {schema['maxLength']} bytes"))
    if "minLength" in schema and len(value) < schema["minLength"]:
        errs.invalid(path, value, f"{path} in body should be at least {schema['minLength']} chars long")
    pattern = schema.get("pattern")
    if pattern is not None:
        try:
            ok = re.search(pattern, value) is not None
        except re.error:
            ok = True
        if not ok:
            errs.invalid(path, value, f"{path} in body should match '{pattern}'")


def _go_slice(value: list) -> str:
    return "[]interface {}{" + ", ".join(go_value(v) for v in value) + "}"


def validate_custom(kind: CustomKind, obj: dict, old: dict | None = None) -> dict:
    """A new dict of `obj` as the API server would store it: apiVersion set to the storage
    version, defaults filled, rules checked.

    Fields the schema does not know are refused as a strict decoding error (what kubectl's
    default `fieldValidation=Strict` gets); a request in Warn or Ignore mode has them dropped
    before (`engine/rest.py`), with a warning for each, as the API server's pruning does."""
    out = copy.deepcopy(obj)
    version = str(out.get("apiVersion") or "").rpartition("/")[2]
    out["apiVersion"] = kind.api_version
    meta = out.get("metadata") or {}
    body = {k: v for k, v in out.items() if k not in ("apiVersion", "kind", "metadata")}
    schema = kind.schema or {}
    apply_defaults(schema, body)
    pruned: list[str] = []
    prune(schema, body, "", pruned)
    if pruned:
        raise DecodeError(kind.kind, version, "strict decoding error: " +
                          ", ".join(f'unknown field "{p}"' for p in pruned), pruned)
    out = {"apiVersion": out["apiVersion"], "kind": out.get("kind"), "metadata": meta, **body}
    errs = Errors()
    object_meta(errs, kind.kind, meta)
    check(errs, schema, body, "")
    walk(schema, body, "", lambda *node: list_type(errs, *node))
    whole = {"apiVersion": out["apiVersion"], "kind": out.get("kind"), "metadata": meta, **body}
    old_whole = cel._MISSING if old is None else old
    walk_with_old(schema, body, old_whole, "",
                  lambda node, value, before, path: rules(errs, node, value if path else whole, path, before))
    if errs.items:
        raise FieldInvalid(kind, meta.get("name") or meta.get("generateName") or "", errs.items)
    return out
