"""The common subset of CEL that CRD validation rules (`x-kubernetes-validations`) are written
in: `self` (and its fields), literals, arithmetic, comparisons, `in`, `&&`, `||`, `!`, `?:`,
`has()`, `size()`, the string functions (`startsWith`, `endsWith`, `contains`, `matches`,
`lowerAscii`, `upperAscii`) and the list macros (`all`, `exists`, `exists_one`, `filter`,
`map`), `oldSelf` in transition rules and, with `optionalOldSelf`, its `hasValue()`, `value()`
and `orValue()`. A rule outside it fails to compile, saying so; a rule that needs a missing field
fails as CEL does (`no such key: NAME`). Every node keeps its offset in the rule, so the type
checker (cel_types.py) can point at it as cel-go does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(r"""\s*(?:
    (?P<num>\d+\.\d+(?:[eE][+-]?\d+)?|\d+[uU]?)
  | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<op>\|\||&&|==|!=|<=|>=|[-+*/%<>!?:.,()\[\]{}])
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
)""", re.VERBOSE)
MACROS = ("all", "exists", "exists_one", "filter", "map")
METHODS = ("size", "startsWith", "endsWith", "contains", "matches", "lowerAscii", "upperAscii",
           "hasValue", "value", "orValue")
FUNCTIONS = ("size", "has", "int", "string", "double")


class CelSyntaxError(ValueError):
    """The rule is not in the subset kubetui reads; `pos` is the offending offset in the rule."""

    def __init__(self, message: str, pos: int = 0):
        super().__init__(message)
        self.pos = pos


class CelUnsupported(CelSyntaxError):
    """A function the subset lacks: parsed fine, refused as cel-go's checker would refuse it."""


class CelError(Exception):
    """An evaluation error, in CEL's words (`no such key: x`)."""


_MISSING = object()


@dataclass
class Node:
    op: str
    args: tuple
    pos: int = 0
    """Where cel-go places the node: an operator's token, a selection's `.`, a call's `(`."""


class Optional:
    """CEL's optional value: `oldSelf` of an `optionalOldSelf` rule (empty on create)."""

    def __init__(self, value: Any = None, present: bool = False):
        self.value, self.present = value, present

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Optional) and (self.present, self.value) == (other.present, other.value)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            at = len(text) - len(text[pos:].lstrip())
            raise CelSyntaxError(f"unexpected character {text[pos:].lstrip()[:1]!r}", at)
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str):
        self.toks = _tokens(text)
        self.i = self.pos = 0
        self.end = len(text.rstrip())

    def here(self) -> int:
        return self.toks[self.i][2] if self.i < len(self.toks) else self.end

    def peek(self, value: str | None = None) -> bool:
        return self.i < len(self.toks) and (value is None or self.toks[self.i][1] == value)

    def take(self, value: str | None = None) -> tuple[str, str]:
        if not self.peek(value):
            got = self.toks[self.i][1] if self.i < len(self.toks) else "end of rule"
            raise CelSyntaxError(f"expected {value!r}, got {got!r}" if value else f"unexpected {got!r}",
                                 self.here())
        kind, text, self.pos = self.toks[self.i]
        self.i += 1
        return kind, text

    def parse(self) -> Node:
        node = self.expr()
        if self.i != len(self.toks):
            raise CelSyntaxError(f"unexpected {self.toks[self.i][1]!r}", self.here())
        return node

    def expr(self) -> Node:
        cond = self.binary(0)
        if self.peek("?"):
            self.take("?")
            at = self.pos
            yes = self.expr()
            self.take(":")
            return Node("?:", (cond, yes, self.expr()), at)
        return cond

    LEVELS = (("||",), ("&&",), ("==", "!=", "<", "<=", ">", ">=", "in"), ("+", "-"), ("*", "/", "%"))

    def binary(self, level: int) -> Node:
        if level == len(self.LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.i < len(self.toks) and self.toks[self.i][1] in self.LEVELS[level] \
                and self.toks[self.i][0] in ("op", "id"):
            op = self.take()[1]
            at = self.pos
            left = Node(op, (left, self.binary(level + 1)), at)
        return left

    def unary(self) -> Node:
        if self.peek("!") or self.peek("-"):
            op = self.take()[1]
            at = self.pos
            return Node("neg" if op == "-" else "!", (self.unary(),), at)
        return self.member(self.primary())

    def member(self, node: Node) -> Node:
        while self.peek(".") or self.peek("["):
            if self.take()[1] == "[":
                at = self.pos
                index = self.expr()
                self.take("]")
                node = Node("index", (node, index), at)
                continue
            dot = self.pos
            kind, name = self.take()
            if kind != "id":
                raise CelSyntaxError(f"unexpected {name!r}", self.pos)
            if not self.peek("("):
                node = Node("field", (node, name), dot)
                continue
            at = self.here()
            args = self.call_args()
            if name in MACROS:
                if len(args) != 2 or args[0].op != "var":
                    raise CelSyntaxError(f"{name}() takes a variable and an expression", at)
                node = Node("macro", (name, node, args[0].args[0], args[1]), at)
            elif name in METHODS:
                node = Node("method", (name, node, tuple(args)), at)
            else:
                raise CelUnsupported(unknown_function(name), at)
        return node

    def call_args(self) -> list[Node]:
        self.take("(")
        args: list[Node] = []
        while not self.peek(")"):
            args.append(self.expr())
            if not self.peek(")"):
                self.take(",")
        self.take(")")
        return args

    def primary(self) -> Node:
        kind, text = self.take()
        at = self.pos
        if kind == "num":
            return Node("lit", (float(text) if "." in text else int(text.rstrip("uU")),), at)
        if kind == "str":
            return Node("lit", (bytes(text[1:-1], "utf-8").decode("unicode_escape"),), at)
        if kind == "id":
            if text in ("true", "false"):
                return Node("lit", (text == "true",), at)
            if text == "null":
                return Node("lit", (None,), at)
            if self.peek("("):
                at = self.here()
                if text not in FUNCTIONS:
                    raise CelUnsupported(unknown_function(text), at)
                args = self.call_args()
                if text == "has" and (len(args) != 1 or args[0].op != "field"):
                    raise CelSyntaxError("invalid argument to has() macro", at)
                return Node("call", (text, tuple(args)), at)
            return Node("var", (text,), at)
        if text == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if text == "[":
            items = []
            while not self.peek("]"):
                items.append(self.expr())
                if not self.peek("]"):
                    self.take(",")
            self.take("]")
            return Node("list", tuple(items), at)
        if text == "{":
            raise CelSyntaxError("map literals are outside kubetui's CEL subset", at)
        raise CelSyntaxError(f"unexpected {text!r}", at)


KNOWN_ELSEWHERE = frozenset((
    "duration", "timestamp", "quantity", "isQuantity", "url", "isURL", "ip", "isIP", "cidr", "isCIDR", "format",
    "split", "join", "replace", "indexOf", "lastIndexOf", "substring", "trim", "charAt", "reverse", "sum", "min",
    "max", "isSorted", "find", "findAll", "dyn", "type", "uint", "bytes", "bool", "getSeconds",
    "getMinutes", "getHours", "getDate", "getMonth", "getFullYear", "getDayOfWeek", "getDayOfYear",
    "getMilliseconds", "optMap", "optFlatMap", "or", "transformList", "transformMap", "sets", "lists", "math",
    "semver", "isSemver", "regex", "authorizer", "quote", "strings", "base64", "sign", "abs",
))
"""Functions real CEL (with the Kubernetes libraries) has and kubetui's subset lacks."""


def unknown_function(name: str) -> str:
    """How a function outside the subset is refused: CEL's own words for a function no CEL has,
    a plain statement for one kubetui does not implement."""
    if name in KNOWN_ELSEWHERE:
        return f"kubetui's CEL subset does not support '{name}' (the API server would)"
    return f"undeclared reference to '{name}' (in container '')"


def parse(rule: str) -> Node:
    """The rule's syntax tree; CelSyntaxError when it is outside the subset."""
    return _Parser(rule).parse()


def evaluate(rule: str | Node, self_value: Any, old_self: Any = _MISSING) -> Any:
    """The rule's value with `self` (and `oldSelf`, for a transition rule) bound; CelError on
    an evaluation error."""
    node = parse(rule) if isinstance(rule, str) else rule
    env = {"self": self_value}
    if old_self is not _MISSING:
        env["oldSelf"] = old_self
    return _eval(node, env)


def uses(node: Node, name: str) -> bool:
    """Whether the rule refers to the variable `name` (`oldSelf` makes a transition rule)."""
    if node.op == "var":
        return node.args[0] == name
    return any(uses(a, name) for a in node.args if isinstance(a, Node)) or any(
        uses(x, name) for a in node.args if isinstance(a, tuple) for x in a if isinstance(x, Node))


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "map"
    return "null_type"


def _no_overload(op: str, *values: Any) -> CelError:
    """CEL's runtime type error (no operator or function `op` for these values' types)."""
    return CelError("no such overload")


def _eval(node: Node, env: dict) -> Any:  # noqa: C901 (one dispatch over the node kinds)
    op, a = node.op, node.args
    if op == "lit":
        return a[0]
    if op == "var":
        if a[0] not in env:
            raise CelError(f"undeclared reference to '{a[0]}'")
        return env[a[0]]
    if op == "list":
        return [_eval(x, env) for x in a]
    if op == "field":
        base = _eval(a[0], env)
        if not isinstance(base, dict) or a[1] not in base:
            raise CelError(f"no such key: {a[1]}")
        return base[a[1]]
    if op == "index":
        base, key = _eval(a[0], env), _eval(a[1], env)
        if isinstance(base, list) and isinstance(key, int) and not isinstance(key, bool):
            if not 0 <= key < len(base):
                raise CelError(f"index out of bounds: {key}")
            return base[key]
        if isinstance(base, dict) and key in base:
            return base[key]
        raise CelError(f"no such key: {key}")
    if op == "?:":
        cond = _eval(a[0], env)
        if not isinstance(cond, bool):
            raise _no_overload("_?_:_", cond)
        return _eval(a[1] if cond else a[2], env)
    if op in ("||", "&&"):
        left = _eval(a[0], env)
        if not isinstance(left, bool):
            raise _no_overload(op, left)
        if left == (op == "||"):
            return left
        right = _eval(a[1], env)
        if not isinstance(right, bool):
            raise _no_overload(op, right)
        return right
    if op == "!":
        value = _eval(a[0], env)
        if not isinstance(value, bool):
            raise _no_overload("!_", value)
        return not value
    if op == "neg":
        value = _eval(a[0], env)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _no_overload("-_", value)
        return -value
    if op == "call":
        return _call(a[0], a[1], env)
    if op == "method":
        return _method(a[0], _eval(a[1], env), [_eval(x, env) for x in a[2]])
    if op == "macro":
        return _macro(a[0], _eval(a[1], env), a[2], a[3], env)
    return _binary(op, _eval(a[0], env), _eval(a[1], env))


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _binary(op: str, x: Any, y: Any) -> Any:
    if op == "in":
        if isinstance(y, list):
            return x in y
        if isinstance(y, dict):
            return x in y
        raise _no_overload("@in", x, y)
    if op in ("==", "!="):
        same = (x == y) if (_number(x) and _number(y)) or _type(x) == _type(y) else False
        return same if op == "==" else not same
    if op in ("<", "<=", ">", ">="):
        if not ((_number(x) and _number(y)) or (_type(x) == _type(y) and isinstance(x, (str, bool)))):
            raise _no_overload(f"_{op}_", x, y)
        return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
    if op == "+":
        if (_number(x) and _number(y)) or (_type(x) == _type(y) and isinstance(x, (str, list))):
            return x + y
        raise _no_overload("_+_", x, y)
    if not (_number(x) and _number(y)):
        raise _no_overload(f"_{op}_", x, y)
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if y == 0 and isinstance(y, int):
        raise CelError("division by zero" if op == "/" else "modulus by zero")
    if op == "/":
        return x / y if isinstance(x, float) or isinstance(y, float) else int(x / y)
    return x - y * int(x / y)


def _call(name: str, args: tuple, env: dict) -> Any:
    if name == "has":
        target = args[0]
        base = _eval(target.args[0], env)
        return isinstance(base, dict) and target.args[1] in base
    values = [_eval(x, env) for x in args]
    if len(values) != 1:
        raise CelError(f"no such overload: {name}")
    v = values[0]
    if name == "size":
        return _method("size", v, [])
    if name in ("int", "double"):
        if isinstance(v, (bool, list, dict)) or v is None:
            raise _no_overload(name, v)
        try:
            return int(v) if name == "int" else float(v)
        except ValueError:
            raise CelError(f"cannot convert '{v}' to {name}") from None
    return str(v).lower() if isinstance(v, bool) else str(v)


def _method(name: str, target: Any, args: list) -> Any:
    if name in ("hasValue", "value", "orValue"):
        if not isinstance(target, Optional):
            raise _no_overload(name, target)
        if name == "hasValue":
            return target.present
        if name == "orValue":
            return target.value if target.present else args[0]
        if not target.present:
            raise CelError("optional.none() dereference")
        return target.value
    if name == "size":
        if isinstance(target, (str, list, dict)):
            return len(target)
        raise _no_overload("size", target)
    if not isinstance(target, str) or any(not isinstance(x, str) for x in args):
        raise _no_overload(name, target, *args)
    if name in ("lowerAscii", "upperAscii"):
        return target.lower() if name == "lowerAscii" else target.upper()
    if len(args) != 1:
        raise _no_overload(name, target, *args)
    arg = args[0]
    if name == "startsWith":
        return target.startswith(arg)
    if name == "endsWith":
        return target.endswith(arg)
    if name == "contains":
        return arg in target
    try:
        return re.search(arg, target) is not None
    except re.error as exc:
        raise CelError(f"invalid regular expression: {exc}") from None


def _macro(name: str, target: Any, var: str, body: Node, env: dict) -> Any:
    items = list(target) if isinstance(target, (list, dict)) else None
    if items is None:
        raise _no_overload(name, target)
    results = [_eval(body, {**env, var: item}) for item in items]
    if name == "map":
        return results
    if any(not isinstance(r, bool) for r in results):
        raise _no_overload(name, target)
    if name == "all":
        return all(results)
    if name == "exists":
        return any(results)
    if name == "exists_one":
        return sum(results) == 1
    return [item for item, keep in zip(items, results) if keep]
