"""`-o go-template=…` / `-o template=…` / `go-template-file`: a subset of Go's text/template.

What kubectl users write: fields (`.metadata.name`, `$.kind`, `$var.x`), pipelines with `|`,
`if`/`else if`/`else`, `range` (with `$i, $e :=` and `else`), `with`, variables, the `{{-`/`-}}`
trim markers, comments, and the functions index, len, printf, print, println, not, and, or,
eq, ne, lt, le, gt, ge and kubectl's base64decode. Values are the object as kubectl hands it
to the template: JSON decoded into Go maps (keys ranged in sorted order), int64 and float64
numbers; a missing map key prints `<no value>`.
"""

from __future__ import annotations

import base64
import json
import re
from decimal import Decimal

__all__ = ["TemplateError", "render"]


class TemplateError(Exception):
    """A template kubectl refuses or cannot execute; `str()` is the text after `error: `."""


NO_VALUE = "<no value>"

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<raw>`[^`]*`)
  | (?P<char>'(?:[^'\\]|\\.)+')
  | (?P<decl>:=|=)
  | (?P<pipe>\|)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
  | (?P<number>[-+]?(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+))
  | (?P<var>\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)
  | (?P<field>(?:\.[A-Za-z0-9_]+)+|\.)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)
""", re.X)


# --------------------------------------------------------------------------- parsing

def _split(template: str) -> list[tuple[str, str]]:
    """[('text', s) | ('action', body)], with `{{-` / `-}}` trimming the neighbouring text."""
    out: list[tuple[str, str]] = []
    i = 0
    while True:
        j = template.find("{{", i)
        if j < 0:
            out.append(("text", template[i:]))
            return out
        text = template[i:j]
        k = j + 2
        if template.startswith("- ", k) or template.startswith("-\t", k) or template.startswith("-\n", k):
            text = text.rstrip(" \t\r\n")
            k += 1
        end = _action_end(template, k)
        if end < 0:
            raise TemplateError(f"template: output:{template.count(chr(10), 0, j) + 1}: unclosed action")
        body = template[k:end]
        after = end + 2
        if body.endswith(" -") or body.endswith("\t-") or body.endswith("\n-"):
            body = body[:-1]
            while after < len(template) and template[after] in " \t\r\n":
                after += 1
        out.append(("text", text))
        out.append(("action", body.strip()))
        i = after


def _action_end(t: str, k: int) -> int:
    quote = None
    while k < len(t):
        ch = t[k]
        if quote:
            if ch == "\\" and quote != "`":
                k += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"`'":
            quote = ch
        elif t.startswith("}}", k):
            return k
        k += 1
    return -1


def _tokens(body: str) -> list[tuple[str, str]]:
    out = []
    i = 0
    while i < len(body):
        m = _TOKEN.match(body, i)
        if not m:
            raise TemplateError(f'template: output:1: unexpected "{body[i]}" in command')
        if m.lastgroup != "space":
            out.append((m.lastgroup, m.group()))
        i = m.end()
    return out


class _Parser:
    def __init__(self, template: str):
        self.parts = _split(template)
        self.i = 0

    def parse(self) -> list:
        nodes, end = self._list(())
        if end is not None:
            raise TemplateError(f"template: output:1: unexpected {{{{{end}}}}}")
        return nodes

    def _list(self, stops: tuple[str, ...]):
        nodes: list = []
        while self.i < len(self.parts):
            kind, body = self.parts[self.i]
            self.i += 1
            if kind == "text":
                if body:
                    nodes.append(("text", body))
                continue
            if body.startswith("/*"):
                continue
            word = body.split(None, 1)[0] if body else ""
            if word in ("end", "else") and word in stops or word == "end":
                if word not in stops:
                    raise TemplateError("template: output:1: unexpected {{end}}")
                return nodes, body
            if word in ("if", "range", "with"):
                nodes.append(self._block(word, body[len(word):].strip()))
            elif word == "else":
                raise TemplateError("template: output:1: unexpected {{else}}")
            else:
                nodes.append(("action", _pipeline(_tokens(body))))
        if stops:
            raise TemplateError("template: output:1: unexpected EOF")
        return nodes, None

    def _block(self, word: str, rest: str):
        pipe = _pipeline(_tokens(rest))
        body, end = self._list(("end", "else"))
        alt: list = []
        if end != "end":
            tail = end[4:].strip()
            if word == "if" and tail.startswith("if "):
                alt = [self._block("if", tail[3:].strip())]
            else:
                alt, _ = self._list(("end",))
        return (word, pipe, body, alt)


def _pipeline(tokens: list[tuple[str, str]]):
    """(declared variables, [command, ...]); a command is a list of operands."""
    decl: list[str] = []
    for n in (1, 3):
        if len(tokens) > n and tokens[n][0] == "decl" and all(
                t[0] in ("var", "comma") for t in tokens[:n]):
            decl = [t[1] for t in tokens[:n] if t[0] == "var"]
            tokens = tokens[n + 1:]
            break
    commands: list[list] = [[]]
    depth = 0
    stack: list[list] = [commands[-1]]
    for kind, text in tokens:
        if kind == "pipe" and depth == 0:
            commands.append([])
            stack = [commands[-1]]
        elif kind == "lparen":
            depth += 1
            stack.append([])
        elif kind == "rparen":
            if depth == 0:
                raise TemplateError("template: output:1: unexpected right paren")
            depth -= 1
            inner = stack.pop()
            stack[-1].append(("paren", _pipeline(inner)))
        elif depth:
            stack[-1].append((kind, text))
        else:
            stack[-1].append(_operand(kind, text))
    if depth:
        raise TemplateError("template: output:1: unclosed left paren")
    if any(not c for c in commands):
        raise TemplateError("template: output:1: missing value for command")
    return decl, commands


def _operand(kind: str, text: str):
    if kind == "string":
        return ("const", json.loads(text))
    if kind == "raw":
        return ("const", text[1:-1])
    if kind == "number":
        value = float(text) if re.search(r"[.eE]", text) and not text.lower().startswith("0x") else int(text, 0)
        return ("const", value)
    if kind in ("field", "var", "ident", "paren"):
        if kind == "ident" and text in ("true", "false"):
            return ("const", text == "true")
        if kind == "ident" and text == "nil":
            return ("const", None)
        if kind == "ident" and text not in _KNOWN:
            raise TemplateError(f'template: output:1: function "{text}" not defined')
        return (kind, text)
    raise TemplateError(f'template: output:1: unexpected "{text}" in command')


# --------------------------------------------------------------------------- values

def go_value(v) -> str:
    """fmt's %v of a decoded JSON value."""
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return _go_float(v)
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{go_value(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(go_value(x) for x in v) + "]"
    return str(v)


def _go_float(f: float) -> str:
    """strconv's shortest 'g' as %v prints float64: exponent form below 1e-4 and from 1e6."""
    if f != f or f in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "+Inf", "-inf": "-Inf"}[repr(f)]
    sign, digits, exp = Decimal(repr(f)).normalize().as_tuple()
    ds = "".join(map(str, digits)) or "0"
    x = len(ds) + int(exp) - 1
    if x < -4 or x >= 6:
        mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
        return ("-" if sign else "") + f"{mant}e{'+' if x >= 0 else '-'}{abs(x):02d}"
    return ("-" if sign else "") + format(Decimal(ds).scaleb(x - len(ds) + 1), "f")


def _truth(v) -> bool:
    if v is None or v is False:
        return False
    if isinstance(v, (int, float, str, list, dict)) and not isinstance(v, bool):
        return bool(v)
    return True


def _printf(fmt: str, *args) -> str:
    out: list[str] = []
    args_left = list(args)
    i = 0
    for m in re.finditer(r"%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])", fmt):
        out.append(fmt[i:m.start()])
        i = m.end()
        flags, width, prec, verb = m.groups()
        if verb == "%":
            out.append("%")
            continue
        if not args_left:
            out.append(f"%!{verb}(MISSING)")
            continue
        a = args_left.pop(0)
        out.append(_verb(a, verb, flags or "", width, prec))
    out.append(fmt[i:])
    for extra in args_left:
        out.append(f"%!(EXTRA {_type_name(extra)}={go_value(extra)})")
    return "".join(out)


def _type_name(v) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int64"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, list):
        return "[]interface {}"
    return "<nil>"


def _verb(a, verb: str, flags: str, width: str | None, prec: str | None) -> str:
    """One fmt verb: Go pads on the left unless `-`, `0` pads numbers with zeros."""
    align = "<" if "-" in flags else ">"
    sign = "+" if "+" in flags else " " if " " in flags else ""
    zero = "0" if "0" in flags and "-" not in flags else ""
    w = width or ""
    number = isinstance(a, (int, float)) and not isinstance(a, bool)
    if verb in "dxXob" and isinstance(a, int) and not isinstance(a, bool):
        return format(a, (f"{sign}{zero}{w}" if zero else f"{align}{sign}{w}") + verb)
    if verb in "eEfFgG" and number:
        p = f".{prec}" if prec else (".6" if verb in "eEfF" else "")
        return format(float(a), (f"{sign}{zero}{w}" if zero else f"{align}{sign}{w}") + p + verb)
    if verb == "q" and isinstance(a, str):
        text = json.dumps(a, ensure_ascii=False)
    elif verb == "t" and isinstance(a, bool):
        text = "true" if a else "false"
    elif verb == "v" or verb == "s" and (isinstance(a, (str, dict, list))):
        text = a if isinstance(a, str) else go_value(a)
        if prec and verb == "s":
            text = text[:int(prec)]
    else:
        return f"%!{verb}({_type_name(a)}={go_value(a)})"
    return format(text, f"{align}{w}s")


def _compare(name: str, a, b) -> bool:
    if name == "eq":
        return a == b and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                                and not isinstance(a, bool) and a == b)
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        raise TemplateError(f"error calling {name}: incompatible types for comparison")
    return {"ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[name]


def _index(item, *keys):
    for k in keys:
        if isinstance(item, dict):
            item = item.get(k)
        elif isinstance(item, list):
            if not isinstance(k, int) or not 0 <= k < len(item):
                raise TemplateError(f"error calling index: index out of range: {k}")
            item = item[k]
        elif item is None:
            raise TemplateError("error calling index: index of untyped nil")
        else:
            raise TemplateError(f"error calling index: can't index item of type {_type_name(item)}")
    return item


def _len(item):
    if isinstance(item, (str, list, dict)):
        return len(item)
    raise TemplateError(f"error calling len: len of type {_type_name(item)}")


def _base64decode(s):
    try:
        return base64.b64decode(str(s), validate=True).decode("utf-8", errors="replace")
    except ValueError as exc:
        raise TemplateError(f"error calling base64decode: {exc}") from None


_FUNCS = {
    "index": _index, "len": _len, "printf": _printf, "base64decode": _base64decode,
    "print": lambda *a: "".join(go_value(x) if not isinstance(x, str) else x for x in a),
    "println": lambda *a: " ".join(go_value(x) if not isinstance(x, str) else x for x in a) + "\n",
    "not": lambda a: not _truth(a),
    "html": lambda a: str(a).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                            .replace('"', "&#34;").replace("'", "&#39;"),
}


_KNOWN = set(_FUNCS) | {"and", "or", "eq", "ne", "lt", "le", "gt", "ge", "call", "js", "slice",
                        "urlquery", "exact"}
"""Every function kubectl's templates know (the ones kubetui lacks fail when called)."""


# --------------------------------------------------------------------------- execution

class _Exec:
    def __init__(self, root):
        self.root = root
        self.vars: list[dict] = [{"$": root}]

    def run(self, nodes: list, dot, out: list[str]) -> None:
        for node in nodes:
            kind = node[0]
            if kind == "text":
                out.append(node[1])
            elif kind == "action":
                decl, _ = node[1]
                value = self.pipe(node[1], dot)
                if not decl:
                    out.append(NO_VALUE if value is _MISSING else
                               value if isinstance(value, str) else go_value(value))
            elif kind == "if":
                self.vars.append({})
                chosen = node[2] if _truth(_plain(self.pipe(node[1], dot))) else node[3]
                self.run(chosen, dot, out)
                self.vars.pop()
            elif kind == "with":
                self.vars.append({})
                value = _plain(self.pipe(node[1], dot))
                if _truth(value):
                    self.run(node[2], value, out)
                else:
                    self.run(node[3], dot, out)
                self.vars.pop()
            elif kind == "range":
                self._range(node, dot, out)

    def _range(self, node, dot, out) -> None:
        decl, commands = node[1]
        value = _plain(self.pipe(([], commands), dot))
        if isinstance(value, dict):
            items = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, list):
            items = list(enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            items = [(i, i) for i in range(value)]
        elif value is None:
            items = []
        else:
            raise TemplateError(f"range can't iterate over {go_value(value)}")
        if not items:
            self.run(node[3], dot, out)
            return
        for key, item in items:
            scope: dict = {}
            if len(decl) == 1:
                scope[decl[0]] = item
            elif len(decl) == 2:
                scope[decl[0]], scope[decl[1]] = key, item
            self.vars.append(scope)
            self.run(node[2], item, out)
            self.vars.pop()

    def pipe(self, pipeline, dot):
        decl, commands = pipeline
        value = _MISSING
        first = True
        for command in commands:
            value = self.command(command, dot, None if first else value)
            first = False
        if decl:
            self.vars[-1][decl[-1]] = _plain(value)
        return value

    def command(self, command: list, dot, piped):
        head = command[0]
        if head[0] == "ident" and "." not in head[1]:
            name = head[1]
            args = [_plain(self.arg(a, dot)) for a in command[1:]]
            if piped is not None:
                args.append(_plain(piped))
            return self.call(name, args)
        if len(command) > 1 or piped is not None:
            raise TemplateError(f"can't give argument to non-function {head[1]}")
        return self.arg(head, dot)

    def call(self, name: str, args: list):
        if name == "and":
            for a in args:
                if not _truth(a):
                    return a
            return args[-1] if args else None
        if name == "or":
            for a in args:
                if _truth(a):
                    return a
            return args[-1] if args else None
        if name == "eq":
            return any(_compare("eq", args[0], b) for b in args[1:])
        if name in ("ne", "lt", "le", "gt", "ge"):
            if len(args) != 2:
                raise TemplateError(f"wrong number of args for {name}: want 2 got {len(args)}")
            return _compare(name, args[0], args[1])
        fn = _FUNCS.get(name)
        if fn is None:
            raise TemplateError(f'template: output:1: function "{name}" not defined')
        try:
            return fn(*args)
        except TypeError:
            raise TemplateError(f"wrong number of args for {name}") from None

    def arg(self, operand, dot):
        kind, text = operand
        if kind == "const":
            return text
        if kind == "paren":
            return self.pipe(text, dot)
        if kind == "field":
            return _fields(dot, [p for p in text.split(".") if p], text)
        if kind == "var":
            name, *path = text.split(".")
            for scope in reversed(self.vars):
                if name in scope:
                    return _fields(scope[name], path, text)
            raise TemplateError(f'template: output:1: undefined variable "{name}"')
        raise TemplateError(f'template: output:1: function "{text}" not defined')


_MISSING = type("_Missing", (), {"__repr__": lambda self: NO_VALUE})()


def _plain(v):
    return None if v is _MISSING else v


def _fields(value, path: list[str], text: str):
    for name in path:
        if value is _MISSING or value is None:
            return _MISSING
        if not isinstance(value, dict):
            raise TemplateError(f'template: output:1:2: executing "output" at <{text}>: can\'t evaluate '
                                f"field {name} in type interface {{}}")
        value = value.get(name, _MISSING)
    return value


def render(template: str, data) -> str:
    """Execute `template` on `data` (an object or a List) as kubectl's template printer does."""
    nodes = _Parser(template).parse()
    out: list[str] = []
    _Exec(data).run(nodes, data, out)
    return "".join(out)
