"""Type checking of CRD validation rules when the CRD is written, as the apiextensions API server
compiles them with cel-go: `self` (and `oldSelf`) typed from the structural schema, an unknown
field or a mismatched operator refused with cel-go's words and position
(`ERROR: <input>:1:9: undefined field 'replica'` and the rule with a caret under the spot).

The checker follows cel-go where kubetui's subset reaches: objects with declared properties,
maps (`additionalProperties`), lists, scalars, `dyn` for int-or-string and for objects that
preserve unknown fields (whatever properties they also declare). It is lenient where cel-go's
rules are subtle (numbers of different types compared, `null` compared with anything), so what
it refuses cel-go refuses too.
"""

from __future__ import annotations

from typing import Any

from . import cel

DYN, ERROR, BOOL, INT, DOUBLE, STRING, NULL = "dyn", "error", "bool", "int", "double", "string", "null_type"
NUMBERS = (INT, "uint", DOUBLE)
Type = Any
"""A scalar type's name, or ("list", T), ("map", K, V), ("object", fields), ("optional", T)."""

METADATA = ("object", {"name": STRING, "generateName": STRING})
"""What a rule at the root sees of `metadata`: only the name and generateName."""


def from_schema(schema: dict, root: bool = False) -> Type:
    """The CEL type of values a schema node admits."""
    if not isinstance(schema, dict) or schema.get("x-kubernetes-int-or-string") or (
            schema.get("x-kubernetes-preserve-unknown-fields")):
        return DYN
    t = schema.get("type")
    if t in ("string", "integer", "number", "boolean"):
        return {"string": STRING, "integer": INT, "number": DOUBLE, "boolean": BOOL}[t]
    if t == "array":
        items = schema.get("items")
        return ("list", from_schema(items) if isinstance(items, dict) else DYN)
    props = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and not props:
        return ("map", STRING, from_schema(extra))
    if not props and (schema.get("x-kubernetes-preserve-unknown-fields") or schema.get(
            "x-kubernetes-embedded-resource") or t != "object"):
        return DYN
    fields = {name: from_schema(sub) for name, sub in props.items()}
    if root or schema.get("x-kubernetes-embedded-resource"):
        fields.update(apiVersion=STRING, kind=STRING, metadata=METADATA)
    return ("object", fields)


def name(t: Type) -> str:
    """A type as cel-go's messages name it (an object type's generated name is "object" here)."""
    if isinstance(t, tuple):
        if t[0] == "list":
            return f"list({name(t[1])})"
        if t[0] == "map":
            return f"map({name(t[1])}, {name(t[2])})"
        if t[0] == "optional":
            return f"optional_type({name(t[1])})"
        return "object"
    return t


def _loose(t: Type) -> bool:
    return t in (DYN, ERROR)


def compatible(a: Type, b: Type) -> bool:
    if _loose(a) or _loose(b) or a == b or NULL in (a, b) or (a in NUMBERS and b in NUMBERS):
        return True
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0] and a[0] in ("list", "optional"):
        return compatible(a[1], b[1])
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0] == "map":
        return compatible(a[1], b[1]) and compatible(a[2], b[2])
    return False


class CompileError(Exception):
    """The rule does not compile; `str()` is cel-go's issues text."""


class _Checker:
    def __init__(self, text: str):
        self.text = text
        self.issues: list[tuple[int, str]] = []

    def fail(self, pos: int, message: str) -> Type:
        self.issues.append((pos, message))
        return ERROR

    def overload(self, node: cel.Node, fn: str, *types: Type, target: Type | None = None) -> Type:
        if any(t == ERROR for t in (*types, target)):
            return ERROR
        shown = ", ".join(name(t) for t in types)
        applied = f"{name(target)}.({shown})" if target is not None else f"({shown})"
        return self.fail(node.pos, f"found no matching overload for '{fn}' applied to '{applied}'")

    def check(self, node: cel.Node, env: dict[str, Type]) -> Type:  # noqa: C901 (one dispatch over node kinds)
        op, a = node.op, node.args
        if op == "lit":
            v = a[0]
            return BOOL if isinstance(v, bool) else INT if isinstance(v, int) else DOUBLE if isinstance(
                v, float) else STRING if isinstance(v, str) else NULL
        if op == "var":
            if a[0] not in env:
                return self.fail(node.pos, f"undeclared reference to '{a[0]}' (in container '')")
            return env[a[0]]
        if op == "list":
            items = [self.check(x, env) for x in a]
            return ("list", items[0] if items and all(i == items[0] for i in items) else DYN)
        if op == "field":
            return self.select(node, self.check(a[0], env), a[1], node.pos)
        if op == "index":
            base, key = self.check(a[0], env), self.check(a[1], env)
            if _loose(base):
                return DYN if base == DYN else ERROR
            if isinstance(base, tuple) and base[0] == "list" and key in (INT, "uint", DYN):
                return base[1]
            if isinstance(base, tuple) and base[0] == "map" and compatible(base[1], key):
                return base[2]
            return self.overload(node, "_[_]", base, key)
        if op == "?:":
            cond, yes, no = (self.check(x, env) for x in a)
            if cond not in (BOOL, DYN, ERROR) or not compatible(yes, no):
                return self.overload(node, "_?_:_", cond, yes, no)
            return no if yes in (DYN, NULL) else yes
        if op in ("||", "&&", "!", "neg"):
            types = [self.check(x, env) for x in a]
            wanted = (BOOL,) if op != "neg" else (INT, DOUBLE)
            if all(t in (*wanted, DYN) for t in types):
                return BOOL if op != "neg" else types[0]
            fn = {"||": "_||_", "&&": "_&&_", "!": "!_", "neg": "-_"}[op]
            return self.overload(node, fn, *types)
        if op == "call":
            return self.call(node, a[0], a[1], env)
        if op == "method":
            return self.method(node, a[0], self.check(a[1], env), [self.check(x, env) for x in a[2]])
        if op == "macro":
            return self.macro(node, a[0], self.check(a[1], env), a[2], a[3], env)
        return self.binary(node, op, self.check(a[0], env), self.check(a[1], env))

    def select(self, node: cel.Node, base: Type, field: str, pos: int) -> Type:
        if _loose(base):
            return base
        if isinstance(base, tuple) and base[0] == "object":
            if field not in base[1]:
                return self.fail(pos, f"undefined field '{field}'")
            return base[1][field]
        if isinstance(base, tuple) and base[0] == "map":
            return base[2]
        return self.fail(pos, f"type '{name(base)}' does not support field selection")

    def binary(self, node: cel.Node, op: str, x: Type, y: Type) -> Type:
        fn = "@in" if op == "in" else f"_{op}_"
        if op == "in":
            if _loose(y) or (isinstance(y, tuple) and y[0] in ("list", "map") and compatible(x, y[1])):
                return BOOL
            return self.overload(node, fn, x, y)
        if op in ("==", "!="):
            return BOOL if compatible(x, y) else self.overload(node, fn, x, y)
        if op in ("<", "<=", ">", ">="):
            ok = _loose(x) or _loose(y) or (x in NUMBERS and y in NUMBERS) or (x == y and x in (STRING, BOOL))
            return BOOL if ok else self.overload(node, fn, x, y)
        if _loose(x) or _loose(y):
            return ERROR if ERROR in (x, y) else (y if x == DYN else x)
        allowed = {"+": (INT, "uint", DOUBLE, STRING), "-": NUMBERS, "*": NUMBERS, "/": NUMBERS, "%": (INT, "uint")}
        if x == y and (x in allowed[op] or (op == "+" and isinstance(x, tuple) and x[0] == "list")):
            return x
        if op == "+" and isinstance(x, tuple) and isinstance(y, tuple) and x[0] == y[0] == "list" \
                and compatible(x[1], y[1]):
            return ("list", DYN)
        return self.overload(node, fn, x, y)

    def call(self, node: cel.Node, fn: str, args: tuple, env: dict[str, Type]) -> Type:
        if fn == "has":
            target = args[0]
            base = self.check(target.args[0], env)
            if isinstance(base, tuple) and base[0] == "object" and target.args[1] not in base[1]:
                return self.fail(node.pos, f"undefined field '{target.args[1]}'")
            if not _loose(base) and not (isinstance(base, tuple) and base[0] in ("object", "map")):
                return self.fail(node.pos, "invalid argument to has() macro")
            return BOOL
        types = [self.check(x, env) for x in args]
        if len(types) == 1:
            t = types[0]
            if fn == "size" and (t in (STRING, DYN) or (isinstance(t, tuple) and t[0] in ("list", "map"))):
                return INT
            if fn in ("int", "double") and t in (INT, "uint", DOUBLE, STRING, DYN):
                return INT if fn == "int" else DOUBLE
            if fn == "string" and (t in (INT, "uint", DOUBLE, STRING, BOOL, DYN)):
                return STRING
        return self.overload(node, fn, *types)

    def method(self, node: cel.Node, fn: str, target: Type, args: list[Type]) -> Type:
        if target == ERROR or ERROR in args:
            return ERROR
        if fn in ("hasValue", "value", "orValue"):
            if isinstance(target, tuple) and target[0] == "optional":
                if fn == "hasValue" and not args:
                    return BOOL
                if fn == "value" and not args:
                    return target[1]
                if fn == "orValue" and len(args) == 1 and compatible(target[1], args[0]):
                    return target[1]
            return self.overload(node, fn, *args, target=target)
        if fn == "size" and not args and (target in (STRING, DYN) or (
                isinstance(target, tuple) and target[0] in ("list", "map"))):
            return INT
        if target in (STRING, DYN):
            if fn in ("lowerAscii", "upperAscii") and not args:
                return STRING
            if fn in ("startsWith", "endsWith", "contains", "matches") and len(args) == 1 and args[0] in (STRING, DYN):
                return BOOL
        return self.overload(node, fn, *args, target=target)

    def macro(self, node: cel.Node, fn: str, target: Type, var: str, body: cel.Node, env: dict[str, Type]) -> Type:
        if target == ERROR:
            return ERROR
        if target == DYN:
            item = DYN
        elif isinstance(target, tuple) and target[0] in ("list", "map"):
            item = target[1]
        else:
            return self.fail(node.pos, f"expression of type '{name(target)}' cannot be range of a comprehension "
                                       "(must be list, map, or dynamic)")
        result = self.check(body, {**env, var: item})
        if fn == "map":
            return ("list", result)
        if result not in (BOOL, DYN, ERROR):
            step = {"all": "_&&_", "exists": "_||_", "exists_one": "_?_:_", "filter": "_?_:_"}[fn]
            return self.overload(body, step, BOOL, result) if step != "_?_:_" else self.fail(
                body.pos, f"found no matching overload for '_?_:_' applied to '({name(result)}, int, int)'")
        return ("list", item) if fn == "filter" else BOOL

    def report(self) -> str:
        out = []
        for pos, message in sorted(self.issues, key=lambda i: i[0]):
            line_no = self.text.count("\n", 0, pos) + 1
            start = self.text.rfind("\n", 0, pos) + 1
            end = self.text.find("\n", pos)
            line = self.text[start:] if end < 0 else self.text[start:end]
            col = pos - start + 1
            out.append(f"ERROR: <input>:{line_no}:{col}: {message}\n | {line}\n | {'.' * (col - 1)}^")
        return "\n".join(out)


def compile_expression(text: str, env: dict[str, Type]) -> tuple[cel.Node, Type]:
    """The expression's tree and its type; CompileError with cel-go's issues text."""
    checker = _Checker(text)
    try:
        node = cel.parse(text)
    except cel.CelSyntaxError as exc:
        prefix = "" if isinstance(exc, cel.CelUnsupported) else "Syntax error: "
        checker.issues.append((min(exc.pos, len(text)), f"{prefix}{exc}"))
        raise CompileError(checker.report()) from None
    result = checker.check(node, env)
    if checker.issues:
        raise CompileError(checker.report())
    return node, result


def rule_env(self_type: Type, optional_old_self: bool) -> dict[str, Type]:
    """`self` and `oldSelf` (an optional with `optionalOldSelf`) as the rule sees them."""
    return {"self": self_type, "oldSelf": ("optional", self_type) if optional_old_self else self_type}
