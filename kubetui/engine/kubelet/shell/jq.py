"""jq, the JSON processor the CKA/CKAD exam terminals have: `kubectl get pods -o json | jq -r
'.items[] | select(.status.phase != "Running") | .metadata.name'`. The filter language's common
part (paths, `.[]`, `..`, pipes, `,`, literals and string interpolation, `[…]`/`{…}`, arithmetic,
comparisons, `and`/`or`/`not`, `//`, `if`, `as $x`, `reduce`, `try`, `?`, assignment, formats
`@csv`/`@tsv`/…) and the builtins people use, with jq 1.6's output form, messages and exit codes.
What is not here answers as jq does for a name it does not know (`foo/0 is not defined`)."""

from __future__ import annotations

import base64
import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from kubetui.engine.kubelet.shell.applets import Run, _on_path, applet

USAGE = ("Usage:\tjq [OPTIONS] FILTER [FILES...]\n\tjq [OPTIONS] --args FILTER [ARGUMENTS...]\n"
         "\tjq [OPTIONS] --jsonargs FILTER [JSON_VALUES...]\n\n"
         "jq is a tool for processing JSON inputs, applying the given filter to\n"
         "its JSON text inputs and producing the filter's results as JSON on\n"
         "standard output.\n\n"
         "Use jq --help for help with command-line options,\n"
         "or see the jq manpage, or online docs  at https://stedolan.github.io/jq\n")


HELP_HINT = USAGE.split("\n\n")[-1]


class JqError(Exception):
    """A run-time error: its value (a message string, or any JSON value `error` raised)."""

    def __init__(self, value: Any):
        super().__init__(value)
        self.value = value


class CompileError(Exception):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message, self.offset = message, offset


class _Break(Exception):
    def __init__(self, label: str):
        super().__init__(label)
        self.label = label


# -- values --------------------------------------------------------------------------------------
def kind(v: Any) -> str:
    if v is None:
        return "null"
    if v is True or v is False:
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


_ORDER = {"null": 0, "boolean": 1, "number": 2, "string": 3, "array": 4, "object": 5}


def _key(v: Any):
    """jq's total order: null < false < true < numbers < strings < arrays < objects."""
    k = kind(v)
    if k == "boolean":
        return (1, int(v))
    if k == "array":
        return (4, [_key(x) for x in v])
    if k == "object":
        keys = sorted(v)
        return (5, keys, [_key(v[x]) for x in keys])
    return (_ORDER[k], v if v is not None else 0)


def number_text(d: float) -> str:
    """jq 1.6's number form (its dtoa: the shortest digits that read back; exponent form when the
    point is 4+ places left of the digits or 16+ places right of them)."""
    if d != d:
        return "null"
    if math.isinf(d):
        d = math.copysign(1.7976931348623157e308, d)
    if d == 0:
        return "-0" if math.copysign(1.0, d) < 0 else "0"
    sign = "-" if d < 0 else ""
    mantissa, _, exp = repr(abs(float(d))).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac.rstrip("0")) if frac != "0" else whole
    point = len(whole) + (int(exp) if exp else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    n = len(digits)
    if point < -3 or point > n + 15:
        e = point - 1
        return f"{sign}{digits[0]}{'.' + digits[1:] if n > 1 else ''}e{'-' if e < 0 else '+'}{abs(e):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= n:
        return f"{sign}{digits}{'0' * (point - n)}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def string_text(s: str) -> str:
    out = ['"']
    for c in s:
        e = _ESCAPES.get(c)
        if e is not None:
            out.append(e)
        elif c < " " or c == "\x7f":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def dump(v: Any, indent: int = 0, sort_keys: bool = False, level: int = 0, tab: bool = False) -> str:
    """A value as jq prints it: pretty with `indent` spaces (or tabs), compact with 0."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return number_text(v)
    if isinstance(v, str):
        return string_text(v)
    pad = (lambda d: "\n" + ("\t" * d if tab else " " * (indent * d))) if (indent or tab) else (lambda d: "")
    if isinstance(v, list):
        if not v:
            return "[]"
        items = [pad(level + 1) + dump(x, indent, sort_keys, level + 1, tab) for x in v]
        return "[" + ",".join(items) + pad(level) + "]"
    if not v:
        return "{}"
    keys = sorted(v) if sort_keys else list(v)
    sep = ": " if (indent or tab) else ":"
    items = [pad(level + 1) + string_text(k) + sep + dump(v[k], indent, sort_keys, level + 1, tab) for k in keys]
    return "{" + ",".join(items) + pad(level) + "}"


def _trunc(v: Any) -> str:
    text = dump(v)
    return text if len(text) <= 14 else text[:11] + "..."


def _described(v: Any) -> str:
    return f"{kind(v)} ({_trunc(v)})"


def tostring(v: Any) -> str:
    return v if isinstance(v, str) else dump(v)


# -- input -----------------------------------------------------------------------------------------
class ParseError(Exception):
    pass


_LITERAL_END = set(" \t\r\n[{]},:\"")


def read_values(text: str) -> Iterator[tuple[Any, int]]:
    """The JSON values of a text one after the other, each with the line jq reports for it (the
    newlines read up to one character past its end). ParseError carries jq's message."""
    decoder = json.JSONDecoder(parse_float=float, parse_int=float, parse_constant=_no_constant)
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i == n:
            return
        try:
            value, end = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            raise ParseError(_parse_error(text, i)) from None
        if end < n and text[end - 1] not in "]}\"" and text[end] not in _LITERAL_END:
            raise ParseError(_parse_error(text, i))
        yield value, text.count("\n", 0, min(end + 1, n))
        i = end


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _where(text: str, i: int) -> str:
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1)
    return f"at line {line}, column {col}"


def _parse_error(text: str, start: int) -> str:
    """jq's words for the first bad token from `start` (a bare word: a literal or a number that
    is not one; or a text that ends too soon)."""
    i, n, depth, stack = start, len(text), 0, []
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                break
            i = j + 1
            continue
        if c in "[{":
            stack.append(c)
            depth += 1
        elif c in "]}":
            if not stack:
                return f"Unmatched '{c}' {_where(text, i + 1)}"
            stack.pop()
            if not stack:
                i += 1
                return f"Unfinished JSON term {_where(text, i)}"
        elif c not in " \t\r\n,:":
            j = i
            while j < n and text[j] not in _LITERAL_END:
                j += 1
            word = text[i:j]
            if word not in ("true", "false", "null"):
                numeric = bool(re.match(r"^-?[0-9]", word)) or word[:1] in "-0123456789"
                try:
                    float(word)
                    ok = numeric and re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?", word)
                except ValueError:
                    ok = False
                if not ok:
                    if j >= n:
                        return f"Unfinished JSON term at EOF {_where(text, n)}"
                    kind_ = "numeric literal" if word[:1] in "-0123456789" or word[:1].isalpha() else "literal"
                    return f"Invalid {kind_} {_where(text, j + 1)}"
            i = j
            if not stack and j < n:
                return f"Unfinished JSON term {_where(text, j + 1)}"
            continue
        i += 1
    return f"Unfinished JSON term at EOF {_where(text, n)}"


# -- the filter language: tokens --------------------------------------------------------------------
@dataclass
class Tok:
    kind: str
    """IDENT FIELD VAR NUM STR FORMAT KEYWORD OP END"""
    value: Any
    at: int


KEYWORDS = {"if", "then", "elif", "else", "end", "as", "reduce", "foreach", "and", "or", "try", "catch",
            "label", "import", "include", "def", "__loc__"}
_OPS = ("?//=", "?//", "|=", "+=", "-=", "*=", "/=", "%=", "//=", "==", "!=", "<=", ">=", "//", "..",
        "|", ",", "+", "-", "*", "/", "%", "=", "<", ">", "(", ")", "[", "]", "{", "}", ":", ";", "?", ".", "$")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*")
_NUM = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def tokens(src: str, i: int = 0, *, inner: bool = False) -> tuple[list[Tok], int]:
    """The tokens of `src` from `i`; `inner`: of a `\\(…)` in a string, up to its closing `)`."""
    out: list[Tok] = []
    stack: list[str] = []
    n = len(src)
    while True:
        while i < n and src[i] in " \t\r\n":
            i += 1
        if i < n and src[i] == "#":
            while i < n and src[i] != "\n":
                i += 1
            continue
        if i >= n:
            if inner:
                raise CompileError("syntax error, unexpected $end", max(n - 1, 0))
            out.append(Tok("END", None, max(n - 1, 0)))
            return out, i
        c = src[i]
        if inner and c == ")" and not stack:
            out.append(Tok("END", None, i))
            return out, i + 1
        if c == '"':
            parts, i2 = _string(src, i)
            out.append(Tok("STR", parts, i))
            i = i2
            continue
        if c == "@":
            m = _IDENT.match(src, i + 1)
            if not m:
                out.append(Tok("INVALID", c, i))
                i += 1
                continue
            out.append(Tok("FORMAT", m.group(0), i))
            i = m.end()
            continue
        if c == "." and i + 1 < n and (src[i + 1].isalpha() or src[i + 1] == "_"):
            m = _IDENT.match(src, i + 1)
            assert m
            out.append(Tok("FIELD", m.group(0), i))
            i = m.end()
            continue
        if c == "$" and i + 1 < n and (src[i + 1].isalpha() or src[i + 1] == "_"):
            m = _IDENT.match(src, i + 1)
            assert m
            out.append(Tok("VAR", m.group(0), i))
            i = m.end()
            continue
        if c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            m = _NUM.match(src, i)
            assert m
            out.append(Tok("NUM", float(m.group(0)), i))
            i = m.end()
            continue
        if c.isalpha() or c == "_":
            m = _IDENT.match(src, i)
            assert m
            word = m.group(0)
            out.append(Tok("KEYWORD" if word in KEYWORDS else "IDENT", word, i))
            i = m.end()
            continue
        for op in _OPS:
            if src.startswith(op, i):
                if op in "([{":
                    stack.append(op)
                elif op in ")]}":
                    if not stack or "([{"[")]}".index(op)] != stack[-1]:
                        out.append(Tok("INVALID", op, i))
                        i += 1
                        break
                    stack.pop()
                out.append(Tok("OP", op, i))
                i += len(op)
                break
        else:
            out.append(Tok("INVALID", c, i))
            i += 1


def _string(src: str, i: int) -> tuple[list, int]:
    """A string literal from its opening quote: its parts (text, or the token list of a `\\(…)`)."""
    parts: list = []
    buf: list[str] = []
    j, n = i + 1, len(src)
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/", "\\": "\\", '"': '"'}
    while j < n:
        c = src[j]
        if c == '"':
            if buf or not parts:
                parts.append("".join(buf))
            return parts, j + 1
        if c == "\\" and j + 1 < n:
            e = src[j + 1]
            if e == "(":
                if buf:
                    parts.append("".join(buf))
                    buf = []
                toks, j = tokens(src, j + 2, inner=True)
                parts.append(toks)
                continue
            if e == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", src[j + 2:j + 6]):
                buf.append(chr(int(src[j + 2:j + 6], 16)))
                j += 6
                continue
            if e in simple:
                buf.append(simple[e])
                j += 2
                continue
            raise CompileError("syntax error, unexpected INVALID_CHARACTER", j)
        buf.append(c)
        j += 1
    raise CompileError("syntax error, unexpected $end", max(n - 1, 0))


# -- the filter language: syntax tree --------------------------------------------------------------
Node = tuple
"""(kind, …): ("id",) ("recurse",) ("field", term, name, opt) ("index", term, exp, opt)
("slice", term, from, to, opt) ("each", term, opt) ("lit", v) ("str", fmt, parts) ("fmt", name)
("array", exp|None) ("object", [(key node, value node|None)]) ("pipe", a, b) ("comma", a, b)
("neg", a) ("bin", op, a, b) ("and", a, b) ("or", a, b) ("alt", a, b) ("assign", op, lhs, rhs)
("if", [(cond, then)], else) ("as", term, [pattern], body) ("reduce", term, pattern, init, update)
("foreach", term, pattern, init, update, extract) ("try", body, catch|None) ("opt", term)
("call", name, [args]) ("var", name) ("label", name, body) ("break", name)"""


class Parser:
    def __init__(self, toks: list[Tok], src: str):
        self.toks, self.i, self.src = toks, 0, src

    def peek(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def at(self, kind_: str, value: Any = None) -> bool:
        t = self.peek()
        return t.kind == kind_ and (value is None or t.value == value)

    def unexpected(self, expecting: str = "") -> CompileError:
        t = self.peek()
        name = {"END": "$end", "INVALID": "INVALID_CHARACTER", "IDENT": "IDENT", "FIELD": "FIELD", "VAR": "'$'", "NUM": "LITERAL",
                "STR": "QQSTRING_START", "FORMAT": "FORMAT"}.get(t.kind)
        if name is None:
            name = t.value if t.kind == "KEYWORD" else (f"'{t.value}'" if len(t.value) == 1 else _OP_NAMES.get(t.value, t.value))
        return CompileError(f"syntax error, unexpected {name}{', expecting ' + expecting if expecting else ''}", t.at)

    def expect(self, op: str) -> None:
        if not self.at("OP", op) and not self.at("KEYWORD", op):
            raise self.unexpected()
        self.take()

    def program(self) -> Node:
        if self.at("END"):
            return ("id",)
        node = self.pipe()
        if not self.at("END"):
            raise self.unexpected("$end")
        return node

    def pipe(self) -> Node:
        if self.at("KEYWORD", "def"):
            raise CompileError("syntax error, unexpected def", self.peek().at)
        if self.at("KEYWORD", "label"):
            self.take()
            if not self.at("VAR"):
                raise self.unexpected()
            name = self.take().value
            self.expect("|")
            return ("label", name, self.pipe())
        left = self.comma()
        if self.at("KEYWORD", "as"):
            if left[0] not in _TERMS:
                raise self.unexpected()
            self.take()
            patterns = [self.pattern()]
            while self.at("OP", "?//"):
                self.take()
                patterns.append(self.pattern())
            self.expect("|")
            return ("as", left, patterns, self.pipe())
        if self.at("OP", "|"):
            self.take()
            return ("pipe", left, self.pipe())
        return left

    def pattern(self) -> Node:
        if self.at("VAR"):
            return ("pvar", self.take().value)
        if self.at("OP", "["):
            self.take()
            items = [self.pattern()]
            while self.at("OP", ","):
                self.take()
                items.append(self.pattern())
            self.expect("]")
            return ("parray", items)
        if self.at("OP", "{"):
            self.take()
            entries: list = []
            while True:
                if self.at("VAR"):
                    name = self.take().value
                    sub = None
                    if self.at("OP", ":"):
                        self.take()
                        sub = self.pattern()
                    entries.append((("lit", name), ("pvar", name), sub))
                else:
                    key = self._object_key()
                    self.expect(":")
                    entries.append((key, None, self.pattern()))
                if self.at("OP", ","):
                    self.take()
                    continue
                self.expect("}")
                return ("pobject", entries)
        raise self.unexpected()

    def comma(self) -> Node:
        left = self.alt()
        while self.at("OP", ","):
            self.take()
            left = ("comma", left, self.alt())
        return left

    def alt(self) -> Node:
        left = self.assign()
        if self.at("OP", "//"):
            self.take()
            return ("alt", left, self.alt())
        return left

    def assign(self) -> Node:
        left = self.or_()
        if self.peek().kind == "OP" and self.peek().value in ("=", "|=", "+=", "-=", "*=", "/=", "%=", "//="):
            op = self.take().value
            right = self.alt()
            return ("assign", op, left, right)
        return left

    def or_(self) -> Node:
        left = self.and_()
        while self.at("KEYWORD", "or"):
            self.take()
            left = ("or", left, self.and_())
        return left

    def and_(self) -> Node:
        left = self.compare()
        while self.at("KEYWORD", "and"):
            self.take()
            left = ("and", left, self.compare())
        return left

    def compare(self) -> Node:
        left = self.additive()
        if self.peek().kind == "OP" and self.peek().value in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take().value
            left = ("bin", op, left, self.additive())
            if self.peek().kind == "OP" and self.peek().value in ("==", "!=", "<", "<=", ">", ">="):
                raise self.unexpected()
        return left

    def additive(self) -> Node:
        left = self.multiplicative()
        while self.peek().kind == "OP" and self.peek().value in ("+", "-"):
            op = self.take().value
            left = ("bin", op, left, self.multiplicative())
        return left

    def multiplicative(self) -> Node:
        start = self.peek().at
        left = self.unary()
        while self.peek().kind == "OP" and self.peek().value in ("*", "/", "%"):
            op = self.take().value
            right = self.unary()
            if op == "/" and left[0] == "lit" and right == ("lit", 0.0) and kind(left[1]) == "number":
                raise CompileError("Division by zero?", start)
            left = ("bin", op, left, right)
        return left

    def unary(self) -> Node:
        if self.at("OP", "-"):
            self.take()
            return ("neg", self.unary())
        if self.peek().kind == "KEYWORD" and self.peek().value in ("reduce", "foreach", "if", "try"):
            return self.postfix(self.keyword_term())
        return self.postfix(self.primary())

    def keyword_term(self) -> Node:
        word = self.take().value
        if word in ("reduce", "foreach"):
            source = self.postfix(self.primary())
            self.expect("as")
            pattern = self.pattern()
            self.expect("(")
            init = self.pipe()
            self.expect(";")
            update = self.pipe()
            extract = None
            if word == "foreach" and self.at("OP", ";"):
                self.take()
                extract = self.pipe()
            self.expect(")")
            if word == "reduce":
                return ("reduce", source, pattern, init, update)
            return ("foreach", source, pattern, init, update, extract)
        if word == "if":
            branches = []
            cond = self.pipe()
            self.expect("then")
            branches.append((cond, self.pipe()))
            otherwise: Node = ("id",)
            while True:
                if self.at("KEYWORD", "elif"):
                    self.take()
                    cond = self.pipe()
                    self.expect("then")
                    branches.append((cond, self.pipe()))
                    continue
                if self.at("KEYWORD", "else"):
                    self.take()
                    otherwise = self.pipe()
                self.expect("end")
                return ("if", branches, otherwise)
        body = self.postfix(self.primary()) if not (self.peek().kind == "KEYWORD" and self.peek().value
                                                     in ("reduce", "foreach", "if", "try")) else self.keyword_term()
        catch = None
        if self.at("KEYWORD", "catch"):
            self.take()
            catch = self.postfix(self.primary())
        return ("try", body, catch)

    def primary(self) -> Node:
        t = self.peek()
        if t.kind == "FIELD":
            self.take()
            return self._field_opt(("field", ("id",), t.value))
        if t.kind == "OP" and t.value == ".":
            self.take()
            if self.at("STR"):
                return self._field_opt(("index", ("id",), self._str_node(None)))
            if self.at("OP", "["):
                return ("id",)
            return ("id",)
        if t.kind == "OP" and t.value == "..":
            self.take()
            return ("call", "recurse", [])
        if t.kind == "NUM":
            self.take()
            return ("lit", t.value)
        if t.kind == "STR":
            return self._str_node(None)
        if t.kind == "FORMAT":
            self.take()
            if self.at("STR"):
                return self._str_node(t.value)
            return ("fmt", t.value)
        if t.kind == "VAR":
            self.take()
            if t.value == "__loc__":
                return ("lit", {"file": "<stdin>", "line": 1})
            return ("var", t.value)
        if t.kind == "OP" and t.value == "(":
            self.take()
            node = self.pipe()
            self.expect(")")
            return node
        if t.kind == "OP" and t.value == "[":
            self.take()
            if self.at("OP", "]"):
                self.take()
                return ("array", None)
            node = self.pipe()
            self.expect("]")
            return ("array", node)
        if t.kind == "OP" and t.value == "{":
            self.take()
            return self._object()
        if t.kind == "OP" and t.value == "-":
            self.take()
            return ("neg", self.postfix(self.primary()))
        if t.kind == "IDENT" and t.value in _CONSTANTS:
            self.take()
            return ("lit", _CONSTANTS[t.value])
        if t.kind == "IDENT" and t.value == "break" and self.toks[self.i + 1].kind == "VAR":
            self.take()
            return ("break", self.take().value)
        if t.kind == "IDENT":
            self.take()
            args: list[Node] = []
            if self.at("OP", "("):
                self.take()
                args.append(self.pipe())
                while self.at("OP", ";"):
                    self.take()
                    args.append(self.pipe())
                self.expect(")")
            return ("call", t.value, args, t.at)
        if t.kind == "KEYWORD" and t.value in ("reduce", "foreach", "if", "try"):
            return self.keyword_term()
        raise self.unexpected()

    def _field_opt(self, node: Node) -> Node:
        return node

    def _str_node(self, fmt: str | None) -> Node:
        t = self.take()
        parts = [p if isinstance(p, str) else Parser(p, self.src).program() for p in t.value]
        if fmt is None and all(isinstance(p, str) for p in parts):
            return ("lit", "".join(p for p in parts if isinstance(p, str)))
        return ("str", fmt, parts)

    def _object_key(self) -> Node:
        t = self.peek()
        if t.kind in ("IDENT", "KEYWORD"):
            self.take()
            return ("lit", t.value)
        if t.kind == "STR":
            return self._str_node(None)
        if t.kind == "NUM":
            raise self.unexpected()
        if t.kind == "OP" and t.value == "(":
            self.take()
            node = self.pipe()
            self.expect(")")
            return node
        raise self.unexpected()

    def _object(self) -> Node:
        entries: list = []
        if self.at("OP", "}"):
            self.take()
            return ("object", entries)
        while True:
            t = self.peek()
            if t.kind == "VAR":
                self.take()
                entries.append((("lit", t.value), ("var", t.value)))
            elif t.kind == "FORMAT":
                self.take()
                entries.append((("lit", t.value), None))
            else:
                key = self._object_key()
                if self.at("OP", ":"):
                    self.take()
                    value = self._object_value()
                    entries.append((key, value))
                else:
                    if key[0] not in ("lit", "str"):
                        raise self.unexpected()
                    entries.append((key, None))
            if self.at("OP", ","):
                self.take()
                continue
            self.expect("}")
            return ("object", entries)

    def _object_value(self) -> Node:
        """An object value: a term with `|` only inside parentheses (jq's ExpD: `a | b` of terms, `-`)."""
        node = self.unary()
        while self.at("OP", "|"):
            self.take()
            node = ("pipe", node, self.unary())
        return node

    def postfix(self, node: Node) -> Node:
        while True:
            t = self.peek()
            if t.kind == "FIELD":
                self.take()
                node = ("field", node, t.value)
            elif t.kind == "OP" and t.value == "." and self.toks[self.i + 1].kind == "STR":
                self.take()
                node = ("index", node, self._str_node(None))
            elif t.kind == "OP" and t.value == "." and self.toks[self.i + 1].kind == "OP" \
                    and self.toks[self.i + 1].value == "[":
                self.take()
            elif t.kind == "OP" and t.value == "[":
                self.take()
                if self.at("OP", "]"):
                    self.take()
                    node = ("each", node)
                elif self.at("OP", ":"):
                    self.take()
                    to = self.pipe()
                    self.expect("]")
                    node = ("slice", node, None, to)
                else:
                    index = self.pipe()
                    if self.at("OP", ":"):
                        self.take()
                        upto: Node | None = None if self.at("OP", "]") else self.pipe()
                        self.expect("]")
                        node = ("slice", node, index, upto)
                    else:
                        self.expect("]")
                        node = ("index", node, index)
            elif t.kind == "OP" and t.value == "?":
                self.take()
                node = ("try", node, None)
            else:
                return node


_CONSTANTS = {"null": None, "true": True, "false": False}
_TERMS = {"id", "field", "index", "slice", "each", "lit", "str", "fmt", "array", "object", "call", "var",
          "try", "if", "reduce", "foreach", "neg"}
_OP_NAMES = {"==": "EQ", "!=": "NEQ", "<=": "LESSEQ", ">=": "GREATEREQ", "//": "\"//\"", "|=": "\"|=\"",
             "+=": "\"+=\"", "-=": "\"-=\"", "*=": "\"*=\"", "/=": "\"/=\"", "%=": "\"%=\"", "//=": "\"//=\"",
             "..": "REC", "?//": "\"?//\""}


# -- evaluation ----------------------------------------------------------------------------------------
Env = dict


class Jq:
    """A compiled filter over its variables (`$ENV`, `--arg`s)."""

    def __init__(self, node: Node, variables: dict[str, Any]):
        self.node, self.variables = node, variables

    def run(self, value: Any) -> Iterator[Any]:
        return ev(self.node, value, self.variables)


def compile_filter(src: str, variables: dict[str, Any]) -> Jq:
    toks, _ = tokens(src)
    node = Parser(toks, src).program()
    _check(node, set(variables) | {"ENV", "__prog_args"}, src)
    return Jq(node, variables)


def _check(node: Node, bound: set[str], src: str) -> None:
    """jq's compile-time checks: every variable bound, every function defined with that arity."""
    k = node[0]
    if k == "var":
        if node[1] not in bound:
            raise CompileError(f"${node[1]} is not defined", src.find("$" + node[1]))
        return
    if k == "call":
        name, args = node[1], node[2]
        if (name, len(args)) not in BUILTIN_ARITIES:
            raise CompileError(f"{name}/{len(args)} is not defined", node[3] if len(node) > 3 else 0)
        for a in args:
            _check(a, bound, src)
        return
    if k == "as":
        _check(node[1], bound, src)
        names = set(bound)
        for p in node[2]:
            names |= _pattern_names(p, bound, src)
        _check(node[3], names, src)
        return
    if k in ("reduce", "foreach"):
        _check(node[1], bound, src)
        _check(node[3], bound, src)
        inner = bound | _pattern_names(node[2], bound, src)
        _check(node[4], inner, src)
        if k == "foreach" and node[5] is not None:
            _check(node[5], inner, src)
        return
    if k == "label":
        _check(node[2], bound | {"*label-" + node[1]}, src)
        return
    if k == "call" or k == "break":
        return
    for part in node[1:]:
        _check_any(part, bound, src)


def _check_any(part: Any, bound: set[str], src: str) -> None:
    if isinstance(part, tuple) and part and isinstance(part[0], str) and part[0] in _NODE_KINDS:
        _check(part, bound, src)
    elif isinstance(part, list):
        for p in part:
            _check_any(p, bound, src)
    elif isinstance(part, tuple):
        for p in part:
            _check_any(p, bound, src)


_NODE_KINDS = {"id", "recurse", "field", "index", "slice", "each", "lit", "str", "fmt", "array", "object",
               "pipe", "comma", "neg", "bin", "and", "or", "alt", "assign", "if", "as", "reduce", "foreach",
               "try", "call", "var", "label", "break"}


def _pattern_names(p: Node, bound: set[str], src: str) -> set[str]:
    if p[0] == "pvar":
        return {p[1]}
    out: set[str] = set()
    if p[0] == "parray":
        for q in p[1]:
            out |= _pattern_names(q, bound, src)
        return out
    for key, var, sub in p[1]:
        _check(key, bound, src)
        if var is not None:
            out |= _pattern_names(var, bound, src)
        if sub is not None:
            out |= _pattern_names(sub, bound, src)
    return out


def _index(v: Any, k: Any) -> Any:
    if isinstance(k, str):
        if isinstance(v, dict):
            return v.get(k)
        if v is None:
            return None
        raise JqError(f'Cannot index {kind(v)} with string "{k}"')
    if isinstance(k, (int, float)) and not isinstance(k, bool):
        if isinstance(v, list):
            if k != k:
                return None
            i = math.floor(k)
            if i < 0:
                i += len(v)
            return v[i] if 0 <= i < len(v) else None
        if v is None:
            return None
        raise JqError(f"Cannot index {kind(v)} with number")
    if isinstance(k, dict) and (isinstance(v, list) or v is None):
        return _slice(v, k.get("start"), k.get("end"))
    if isinstance(k, list) and isinstance(v, list):
        return _indices(v, k)
    raise JqError(f"Cannot index {kind(v)} with {kind(k)}")


def _slice(v: Any, start: Any, end: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, (list, str)):
        raise JqError(f"Cannot index {kind(v)} with object")
    for b in (start, end):
        if b is not None and kind(b) != "number":
            raise JqError("Start and end indices of an array slice must be numbers")
    n = len(v)
    s = 0 if start is None else start
    e = n if end is None else end
    s = math.floor(s + n if s < 0 else s)
    e = math.ceil(e + n if e < 0 else e)
    s, e = max(0, min(n, s)), max(0, min(n, e))
    return v[s:max(s, e)]


def _indices(v: Any, sub: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, str):
        if not isinstance(sub, str) or not sub:
            return None
        return [i for i in range(len(v)) if v.startswith(sub, i)] if sub else None
    if isinstance(sub, list):
        if not sub:
            return None
        return [i for i in range(len(v)) if v[i:i + len(sub)] == sub]
    return [i for i, x in enumerate(v) if x == sub]


def _each(v: Any) -> Iterator[Any]:
    if isinstance(v, list):
        yield from v
    elif isinstance(v, dict):
        yield from v.values()
    else:
        raise JqError(f"Cannot iterate over {_described(v)}")


def truthy(v: Any) -> bool:
    return v is not None and v is not False


def _add(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    ka, kb = kind(a), kind(b)
    if ka == kb == "number":
        return a + b
    if ka == kb and ka in ("string", "array"):
        return a + b
    if ka == kb == "object":
        return {**a, **b}
    raise JqError(f"{_described(a)} and {_described(b)} cannot be added")


def _deep_merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = _deep_merge(out[k], v) if isinstance(out.get(k), dict) and isinstance(v, dict) else v
    return out


def _arith(op: str, a: Any, b: Any) -> Any:
    ka, kb = kind(a), kind(b)
    if op == "+":
        return _add(a, b)
    if op == "-":
        if ka == kb == "number":
            return a - b
        if ka == kb == "array":
            return [x for x in a if x not in b]
        raise JqError(f"{_described(a)} and {_described(b)} cannot be subtracted")
    if op == "*":
        if ka == kb == "number":
            return a * b
        if (ka, kb) in (("string", "number"), ("number", "string")):
            s, n = (a, b) if ka == "string" else (b, a)
            return None if n <= 0 else s * max(1, math.ceil(n)) if n < 1 else s * int(n)
        if ka == kb == "object":
            return _deep_merge(a, b)
        raise JqError(f"{_described(a)} and {_described(b)} cannot be multiplied")
    if op == "/":
        if ka == kb == "number":
            if b == 0:
                raise JqError(f"{_described(a)} and {_described(b)} cannot be divided because the divisor is zero")
            return a / b
        if ka == kb == "string":
            return _split(a, b)
        raise JqError(f"{_described(a)} and {_described(b)} cannot be divided")
    if ka == kb == "number":
        if int(b) == 0:
            raise JqError(f"{_described(a)} and {_described(b)} cannot be divided (remainder) because the divisor "
                          "is zero")
        r = abs(int(a)) % abs(int(b))
        return float(-r if int(a) < 0 else r)
    raise JqError(f"{_described(a)} and {_described(b)} cannot be divided")


def _split(s: str, sep: str) -> list:
    if s == "":
        return []
    if sep == "":
        return list(s)
    return s.split(sep)


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "==":
        return _key(a) == _key(b)
    if op == "!=":
        return _key(a) != _key(b)
    ka, kb = _key(a), _key(b)
    return {"<": ka < kb, "<=": ka <= kb, ">": ka > kb, ">=": ka >= kb}[op]


def ev(node: Node, v: Any, env: Env) -> Iterator[Any]:
    k = node[0]
    if k == "id":
        yield v
    elif k == "lit":
        yield node[1]
    elif k == "field":
        for base in ev(node[1], v, env):
            yield _index(base, node[2])
    elif k == "index":
        for base in ev(node[1], v, env):
            for i in ev(node[2], v, env):
                yield _index(base, i)
    elif k == "slice":
        for base in ev(node[1], v, env):
            for e in (ev(node[3], v, env) if node[3] is not None else [None]):
                for s in (ev(node[2], v, env) if node[2] is not None else [None]):
                    yield _slice(base, s, e)
    elif k == "each":
        for base in ev(node[1], v, env):
            yield from _each(base)
    elif k == "pipe":
        for x in ev(node[1], v, env):
            yield from ev(node[2], x, env)
    elif k == "comma":
        yield from ev(node[1], v, env)
        yield from ev(node[2], v, env)
    elif k == "neg":
        for x in ev(node[1], v, env):
            if kind(x) != "number":
                raise JqError(f"{_described(x)} cannot be negated")
            yield -x
    elif k == "bin":
        op = node[1]
        for b in ev(node[3], v, env):
            for a in ev(node[2], v, env):
                yield _compare(op, a, b) if op in ("==", "!=", "<", "<=", ">", ">=") else _arith(op, a, b)
    elif k == "and" or k == "or":
        for a in ev(node[1], v, env):
            if k == "and" and not truthy(a):
                yield False
                continue
            if k == "or" and truthy(a):
                yield True
                continue
            for b in ev(node[2], v, env):
                yield truthy(b)
    elif k == "alt":
        found = False
        try:
            for x in ev(node[1], v, env):
                if truthy(x):
                    found = True
                    yield x
        except JqError:
            pass
        if not found:
            yield from ev(node[2], v, env)
    elif k == "array":
        yield [] if node[1] is None else list(ev(node[1], v, env))
    elif k == "object":
        yield from _objects(node[1], v, env)
    elif k == "str":
        fmt = node[1]
        yield from _interpolate(node[2], v, env, fmt)
    elif k == "fmt":
        yield _format(node[1], v)
    elif k == "var":
        if node[1] == "ENV" and "ENV" not in env:
            yield {}
        else:
            yield env[node[1]]
    elif k == "if":
        yield from _if(node[1], 0, node[2], v, env)
    elif k == "as":
        for x in ev(node[1], v, env):
            yield from _destructure_any(node[2], x, v, env, node[3])
    elif k == "reduce":
        accs = list(ev(node[3], v, env))
        for acc in accs:
            for x in ev(node[1], v, env):
                for e in _bind(node[2], x, v, env):
                    out = list(ev(node[4], acc, e))
                    acc = out[-1] if out else None
            yield acc
    elif k == "foreach":
        for start in list(ev(node[3], v, env)):
            state = start
            for x in ev(node[1], v, env):
                for e in _bind(node[2], x, v, env):
                    for new in list(ev(node[4], state, e)):
                        state = new
                        if node[5] is None:
                            yield state
                        else:
                            yield from ev(node[5], state, e)
    elif k == "try":
        try:
            for x in ev(node[1], v, env):
                yield x
        except JqError as e:
            if node[2] is not None and not (isinstance(e.value, dict) and "__jq" in e.value):
                yield from ev(node[2], e.value if e.value is not None else None, env)
    elif k == "assign":
        yield from _assign(node[1], node[2], node[3], v, env)
    elif k == "label":
        try:
            yield from ev(node[2], v, env)
        except _Break as b:
            if b.label != node[1]:
                raise
    elif k == "call":
        yield from _call(node[1], node[2], v, env)
    elif k == "break":
        raise _Break(node[1])
    else:
        raise JqError(f"{k} is not supported")


def _if(branches: list, i: int, otherwise: Node, v: Any, env: Env) -> Iterator[Any]:
    if i == len(branches):
        yield from ev(otherwise, v, env)
        return
    cond, then = branches[i]
    for c in ev(cond, v, env):
        if truthy(c):
            yield from ev(then, v, env)
        else:
            yield from _if(branches, i + 1, otherwise, v, env)


def _objects(entries: list, v: Any, env: Env) -> Iterator[dict]:
    if not entries:
        yield {}
        return
    (key_node, value_node), rest = entries[0], entries[1:]
    for key in ev(key_node, v, env):
        if value_node is None:
            values = [_index(v, key)] if isinstance(key, str) else []
        else:
            values = list(ev(value_node, v, env))
        if not isinstance(key, str):
            raise JqError("Object keys must be strings")
        for value in values:
            for tail in _objects(rest, v, env):
                out = {key: value}
                out.update(tail)
                yield out


def _interpolate(parts: list, v: Any, env: Env, fmt: str | None) -> Iterator[str]:
    if not parts:
        yield ""
        return
    head, rest = parts[0], parts[1:]
    for tail in _interpolate(rest, v, env, fmt):
        if isinstance(head, str):
            yield head + tail
        else:
            for x in ev(head, v, env):
                yield (_format(fmt, x) if fmt else tostring(x)) + tail


def _destructure_any(patterns: list, x: Any, v: Any, env: Env, body: Node) -> Iterator[Any]:
    for e in _bind(patterns[0], x, v, env):
        yield from ev(body, v, e)


def _bind(p: Node, x: Any, v: Any, env: Env) -> Iterator[Env]:
    if p[0] == "pvar":
        yield {**env, p[1]: x}
        return
    if p[0] == "parray":
        if x is not None and not isinstance(x, list):
            raise JqError(f"Cannot index {kind(x)} with number")
        yield from _bind_all([(float(i), q) for i, q in enumerate(p[1])], x, v, env)
        return
    yield from _bind_object(p[1], x, v, env)


def _bind_all(items: list, x: Any, v: Any, env: Env) -> Iterator[Env]:
    if not items:
        yield env
        return
    (i, q), rest = items[0], items[1:]
    for e in _bind(q, _index(x, i), v, env):
        yield from _bind_all(rest, x, v, e)


def _bind_object(entries: list, x: Any, v: Any, env: Env) -> Iterator[Env]:
    if not entries:
        yield env
        return
    (key_node, var, sub), rest = entries[0], entries[1:]
    for key in ev(key_node, v, env):
        if not isinstance(key, str):
            raise JqError(f"Cannot index {kind(x)} with {kind(key)}")
        value = _index(x, key)
        e = {**env, var[1]: value} if var is not None else env
        for e2 in (_bind(sub, value, v, e) if sub is not None else [e]):
            yield from _bind_object(rest, x, v, e2)


# -- paths (for del, paths, to_entries-free assignment) ----------------------------------------------
def paths_of(node: Node, v: Any, env: Env, path: list, root: Any) -> Iterator[tuple[list, Any]]:
    """(path, value) pairs of a path expression; jq's `Invalid path expression` for others."""
    k = node[0]
    if k == "id":
        yield path, v
    elif k == "field":
        for p, base in paths_of(node[1], v, env, path, root):
            yield p + [node[2]], _index(base, node[2])
    elif k == "index":
        for p, base in paths_of(node[1], v, env, path, root):
            for i in ev(node[2], root, env):
                yield p + [i], _index(base, i)
    elif k == "slice":
        for p, base in paths_of(node[1], v, env, path, root):
            for e in (ev(node[3], root, env) if node[3] is not None else [None]):
                for s in (ev(node[2], root, env) if node[2] is not None else [None]):
                    yield p + [{"start": s, "end": e}], _slice(base, s, e)
    elif k == "each":
        for p, base in paths_of(node[1], v, env, path, root):
            if isinstance(base, list):
                for i, x in enumerate(base):
                    yield p + [float(i)], x
            elif isinstance(base, dict):
                for key, x in base.items():
                    yield p + [key], x
            elif base is not None:
                raise JqError(f"Cannot iterate over {_described(base)}")
    elif k == "pipe":
        for p, x in paths_of(node[1], v, env, path, root):
            yield from paths_of(node[2], x, env, p, root)
    elif k == "comma":
        yield from paths_of(node[1], v, env, path, root)
        yield from paths_of(node[2], v, env, path, root)
    elif k == "if":
        def walk(i: int) -> Iterator[tuple[list, Any]]:
            if i == len(node[1]):
                yield from paths_of(node[2], v, env, path, root)
                return
            for c in ev(node[1][i][0], v, env):
                yield from (paths_of(node[1][i][1], v, env, path, root) if truthy(c) else walk(i + 1))
        yield from walk(0)
    elif k == "try":
        try:
            yield from list(paths_of(node[1], v, env, path, root))
        except JqError:
            pass
    elif k == "alt":
        got = [pv for pv in paths_of(node[1], v, env, path, root) if truthy(pv[1])]
        yield from got or paths_of(node[2], v, env, path, root)
    elif k == "as":
        for x in ev(node[1], v, env):
            for e in _bind(node[2][0], x, v, env):
                yield from paths_of(node[3], v, e, path, root)
    elif k == "call" and node[1] == "select" and len(node[2]) == 1:
        for c in ev(node[2][0], v, env):
            if truthy(c):
                yield path, v
    elif k == "call" and node[1] == "empty":
        return
    elif k == "call" and node[1] in ("recurse",) and not node[2]:
        yield from _recurse_paths(v, path)
    elif k == "call" and node[1] in ("first", "last") and len(node[2]) == 1:
        got = list(paths_of(node[2][0], v, env, path, root))
        if got:
            yield got[0] if node[1] == "first" else got[-1]
    elif k == "call" and node[1] == "getpath" and len(node[2]) == 1:
        for p in ev(node[2][0], v, env):
            yield path + list(p), _getpath(v, p)
    elif k == "call" and node[1] in ("map_values",) and len(node[2]) == 1:
        yield from paths_of(("pipe", ("each", ("id",)), node[2][0]), v, env, path, root)
    elif k == "call" and node[1] == "error":
        for x in ev(node, v, env):
            yield path, x
    else:
        for x in ev(node, v, env):
            raise JqError(f"Invalid path expression with result {_trunc(x)}")


def _recurse_paths(v: Any, path: list) -> Iterator[tuple[list, Any]]:
    yield path, v
    if isinstance(v, list):
        for i, x in enumerate(v):
            yield from _recurse_paths(x, path + [float(i)])
    elif isinstance(v, dict):
        for key, x in v.items():
            yield from _recurse_paths(x, path + [key])


def _getpath(v: Any, p: list) -> Any:
    for k in p:
        if v is None:
            return None
        v = _index(v, k)
    return v


def _setpath(v: Any, p: list, x: Any) -> Any:
    if not p:
        return x
    k, rest = p[0], p[1:]
    if isinstance(k, str):
        if v is None:
            v = {}
        if not isinstance(v, dict):
            raise JqError(f'Cannot index {kind(v)} with "{k}"')
        out = dict(v)
        out[k] = _setpath(v.get(k), rest, x)
        return out
    if isinstance(k, dict):
        if v is None:
            v = []
        if not isinstance(v, list):
            raise JqError(f"Cannot update field at object index of {kind(v)}")
        n = len(v)
        s = k.get("start") or 0
        e = n if k.get("end") is None else k["end"]
        s = max(0, min(n, math.floor(s + n if s < 0 else s)))
        e = max(s, min(n, math.ceil(e + n if e < 0 else e)))
        new = _setpath(v[s:e], rest, x)
        if not isinstance(new, list):
            raise JqError("A slice of an array can only be assigned another array")
        return v[:s] + new + v[e:]
    if kind(k) == "number":
        if v is None:
            v = []
        if not isinstance(v, list):
            raise JqError(f"Cannot index {kind(v)} with number")
        i = math.floor(k)
        if i < 0:
            i += len(v)
            if i < 0:
                raise JqError("Out of bounds negative array index")
        items = list(v) + [None] * max(0, i + 1 - len(v))
        items[i] = _setpath(items[i], rest, x)
        return items
    raise JqError(f"Invalid path component {kind(k)}")


def _delpaths(v: Any, paths: list) -> Any:
    for p in sorted(paths, key=_key, reverse=True):
        v = _delpath(v, p)
    return v


def _delpath(v: Any, p: list) -> Any:
    if not p or v is None:
        return None if not p else v
    k, rest = p[0], p[1:]
    if rest:
        child = _index(v, k)
        if child is None:
            return v
        return _setpath(v, [k], _delpath(child, rest))
    if isinstance(v, dict) and isinstance(k, str):
        return {kk: vv for kk, vv in v.items() if kk != k}
    if isinstance(v, list) and kind(k) == "number":
        i = math.floor(k)
        if i < 0:
            i += len(v)
        return [x for j, x in enumerate(v) if j != i]
    if isinstance(v, list) and isinstance(k, dict):
        n = len(v)
        s = k.get("start") or 0
        e = n if k.get("end") is None else k["end"]
        s = max(0, min(n, math.floor(s + n if s < 0 else s)))
        e = max(s, min(n, math.ceil(e + n if e < 0 else e)))
        return v[:s] + v[e:]
    raise JqError(f"Cannot delete field at {'object' if isinstance(k, str) else 'index'} of {kind(v)}")


def _assign(op: str, lhs: Node, rhs: Node, v: Any, env: Env) -> Iterator[Any]:
    if op == "=":
        for x in ev(rhs, v, env):
            out = v
            for p, _ in list(paths_of(lhs, v, env, [], v)):
                out = _setpath(out, p, x)
            yield out
        return
    if op == "|=":
        out = v
        for p, _ in list(paths_of(lhs, v, env, [], v)):
            got = list(ev(rhs, _getpath(out, p), env))
            out = _setpath(out, p, got[0]) if got else _delpaths(out, [p])
        yield out
        return
    arith = op[:-1]
    for x in ev(rhs, v, env):
        out = v
        for p, _ in list(paths_of(lhs, v, env, [], v)):
            old = _getpath(out, p)
            new = (old if truthy(old) else x) if arith == "//" else _arith(arith, old, x)
            out = _setpath(out, p, new)
        yield out


# -- builtins ------------------------------------------------------------------------------------------
def _call(name: str, args: list, v: Any, env: Env) -> Iterator[Any]:
    fn = _BUILTINS.get((name, len(args)))
    if fn is None:
        raise JqError(f"{name}/{len(args)} is not defined")
    yield from fn(v, args, env)


def _one(fn: Callable[[Any], Any]) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        yield fn(v)
    return run


def _each_arg(fn: Callable[[Any, Any], Any]) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        for a in ev(args[0], v, env):
            yield fn(v, a)
    return run


def _length(v: Any) -> Any:
    k = kind(v)
    if k == "null":
        return 0.0
    if k == "boolean":
        raise JqError(f"{_described(v)} has no length")
    if k == "number":
        return abs(v)
    return float(len(v))


def _keys(v: Any, sort: bool = True) -> list:
    if isinstance(v, dict):
        return sorted(v) if sort else list(v)
    if isinstance(v, list):
        return [float(i) for i in range(len(v))]
    raise JqError(f"{_described(v)} has no keys")


def _has(v: Any, k: Any) -> bool:
    if isinstance(v, dict) and isinstance(k, str):
        return k in v
    if isinstance(v, list) and kind(k) == "number":
        return 0 <= k < len(v)
    raise JqError(f"Cannot check whether {kind(v)} has a {kind(k)} key")


def _contains(a: Any, b: Any) -> bool:
    ka, kb = kind(a), kind(b)
    if ka == "object" and kb == "object":
        return all(k in a and _contains(a[k], bv) for k, bv in b.items())
    if ka == "array" and kb == "array":
        return all(any(_contains(x, y) for x in a) for y in b)
    if ka == kb == "string":
        return b in a
    if ka == kb:
        return a == b
    raise JqError(f"{_described(a)} and {_described(b)} cannot have their containment checked")


def _str_fn(name: str, fn: Callable[[str, str], Any]) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        for a in ev(args[0], v, env):
            if not isinstance(v, str) or not isinstance(a, str):
                raise JqError(f"{name}() requires string inputs")
            yield fn(v, a)
    return run


def _trim(name: str, fn: Callable[[str, str], str]) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        for a in ev(args[0], v, env):
            yield fn(v, a) if isinstance(v, str) and isinstance(a, str) else v
    return run


def _map(v: Any, args: list, env: Env) -> Iterator[Any]:
    yield [y for x in _each(v) for y in ev(args[0], x, env)]


def _map_values(v: Any, args: list, env: Env) -> Iterator[Any]:
    if isinstance(v, dict):
        out = {}
        for key, x in v.items():
            got = list(ev(args[0], x, env))
            if got:
                out[key] = got[0]
        yield out
    else:
        yield [got[0] for x in _each(v) for got in [list(ev(args[0], x, env))] if got]


def _select(v: Any, args: list, env: Env) -> Iterator[Any]:
    for c in ev(args[0], v, env):
        if truthy(c):
            yield v


def _recurse(v: Any, args: list, env: Env) -> Iterator[Any]:
    yield v
    if args:
        for x in ev(args[0], v, env):
            yield from _recurse(x, args, env)
    elif isinstance(v, (list, dict)):
        for x in (v if isinstance(v, list) else v.values()):
            yield from _recurse(x, args, env)


def _sorted(v: Any, args: list, env: Env, what: str) -> list:
    if not isinstance(v, list):
        if what == "sort" and not args:
            raise JqError(f"{_described(v)} cannot be sorted, as it is not an array")
        raise JqError(f"Cannot iterate over {_described(v)}")
    keyed = [(_key([y for y in ev(args[0], x, env)]) if args else _key(x), i, x) for i, x in enumerate(v)]
    return sorted(keyed, key=lambda t: (t[0], t[1]))


def _sort(v: Any, args: list, env: Env) -> Iterator[Any]:
    yield [x for _, _, x in _sorted(v, args, env, "sort")]


def _group_by(v: Any, args: list, env: Env) -> Iterator[Any]:
    out: list = []
    last = object()
    for k, _, x in _sorted(v, args, env, "group"):
        if out and k == last:
            out[-1].append(x)
        else:
            out.append([x])
        last = k
    yield out


def _unique_by(v: Any, args: list, env: Env) -> Iterator[Any]:
    out: list = []
    last = object()
    for k, _, x in _sorted(v, args, env, "unique"):
        if not out or k != last:
            out.append(x)
        last = k
    yield out


def _extreme(pick_max: bool) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        items = _sorted(v, args, env, "min")
        if not items:
            yield None
        elif pick_max:
            best = items[-1][0]
            yield [x for k, _, x in items if k == best][-1]
        else:
            yield items[0][2]
    return run


def _add_all(v: Any, args: list, env: Env) -> Iterator[Any]:
    acc = None
    for x in _each(v):
        acc = _add(acc, x)
    yield acc


def _join(v: Any, args: list, env: Env) -> Iterator[Any]:
    for sep in ev(args[0], v, env):
        out = None
        for x in _each(v):
            piece = "" if x is None else x if isinstance(x, str) else dump(x) if kind(x) in ("number", "boolean") \
                else None
            if piece is None:
                raise JqError(f"Cannot join with {kind(x)}")
            out = piece if out is None else _add(_add(out, sep), piece)
        yield out if out is not None else ""


def _any_all(want_all: bool, with_gen: bool) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        if with_gen and len(args) == 2:
            values = [truthy(c) for x in ev(args[0], v, env) for c in ev(args[1], x, env)]
        elif args:
            values = [truthy(c) for x in _each(v) for c in ev(args[0], x, env)]
        else:
            values = [truthy(x) for x in _each(v)]
        yield all(values) if want_all else any(values)
    return run


def _range(v: Any, args: list, env: Env) -> Iterator[Any]:
    bounds = [list(ev(a, v, env)) for a in args]
    if len(args) == 1:
        for n in bounds[0]:
            i = 0.0
            while i < n:
                yield i
                i += 1
        return
    for lo in bounds[0]:
        for hi in bounds[1]:
            for step in (bounds[2] if len(args) == 3 else [1.0]):
                i = lo
                if step > 0:
                    while i < hi:
                        yield i
                        i += step
                elif step < 0:
                    while i > hi:
                        yield i
                        i += step


def _limit(v: Any, args: list, env: Env) -> Iterator[Any]:
    for n in ev(args[0], v, env):
        count = 0
        for x in ev(args[1], v, env):
            yield x
            count += 1
            if count >= n:
                break


def _first_last(first: bool) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        if not args:
            yield _index(v, 0.0 if first else -1.0)
            return
        got = None
        found = False
        for x in ev(args[0], v, env):
            got, found = x, True
            if first:
                break
        if found:
            yield got
    return run


def _to_entries(v: Any) -> list:
    return [{"key": k, "value": x} for k, x in zip(_keys(v, sort=False), _each(v))]


def _from_entries(v: Any) -> dict:
    out = {}
    for e in _each(v):
        if not isinstance(e, dict):
            raise JqError(f"Cannot index {kind(e)} with \"k\"")
        key = next((e[k] for k in ("key", "k", "name", "Name", "Key", "K") if truthy(e.get(k))), e.get("key"))
        value = next((e[k] for k in ("value", "v", "Value", "V") if k in e), None)
        if kind(key) == "number":
            key = dump(key)
        elif kind(key) == "boolean":
            key = dump(key)
        elif key is None:
            key = "null"
        if not isinstance(key, str):
            raise JqError("Object keys must be strings")
        out[key] = value
    return out


def _with_entries(v: Any, args: list, env: Env) -> Iterator[Any]:
    mapped = [y for x in _to_entries(v) for y in ev(args[0], x, env)]
    yield _from_entries(mapped)


def _test(v: Any, args: list, env: Env, mode: str = "test") -> Iterator[Any]:
    flags_nodes = args[1:] if len(args) > 1 else [("lit", None)]
    for re_ in ev(args[0], v, env):
        for flags in ev(flags_nodes[0], v, env):
            if not isinstance(v, str):
                raise JqError(f"{_described(v)} cannot be matched, as it is not a string")
            if not isinstance(re_, str):
                raise JqError(f"{kind(re_)} not a string or array")
            f = 0
            for c in flags or "":
                if c == "i":
                    f |= re.IGNORECASE
                elif c == "x":
                    f |= re.VERBOSE
                elif c == "s":
                    f |= re.DOTALL
                elif c not in "gnlp":
                    raise JqError(f"{flags} is not a valid modifier string")
            try:
                pattern = re.compile(re_, f)
            except re.error as e:
                raise JqError(f"{re_} (at offset {e.pos or 0}) is not a valid regex: {e.msg}") from None
            if mode == "test":
                yield pattern.search(v) is not None
            else:
                matches = list(pattern.finditer(v)) if "g" in (flags or "") else \
                    [m for m in [pattern.search(v)] if m]
                for m in matches:
                    if mode == "capture":
                        yield {name: m.group(name) for name in pattern.groupindex}
                    else:
                        yield {"offset": float(m.start()), "length": float(len(m.group(0))), "string": m.group(0),
                               "captures": [{"offset": float(m.start(i)) if m.group(i) is not None else -1.0,
                                             "length": float(len(m.group(i) or "")), "string": m.group(i),
                                             "name": next((n for n, j in pattern.groupindex.items() if j == i),
                                                          None)} for i in range(1, (pattern.groups or 0) + 1)]}


def _sub(global_: bool) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        if not isinstance(v, str):
            raise JqError(f"{_described(v)} cannot be matched, as it is not a string")
        flags = next(iter(ev(args[2], v, env))) if len(args) == 3 else None
        for re_ in ev(args[0], v, env):
            pattern = re.compile(re_, re.IGNORECASE if "i" in (flags or "") else 0)
            out, pos = [""], 0
            for m in pattern.finditer(v):
                caps = {name: m.group(name) for name in pattern.groupindex}
                pieces = list(ev(args[1], caps, env))
                out = [o + v[pos:m.start()] + tostring(p) for o in out for p in pieces] if pieces else []
                pos = m.end()
                if not (global_ or "g" in (flags or "")):
                    break
            for o in out:
                yield o + v[pos:]
    return run


def _tonumber(v: Any) -> Any:
    if kind(v) == "number":
        return v
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            pass
        raise JqError(f"Cannot parse '{v}' as JSON")
    raise JqError(f"{_described(v)} cannot be parsed as a number")


def _fromjson(v: Any) -> Any:
    if not isinstance(v, str):
        raise JqError(f"{_described(v)} cannot be parsed as JSON")
    try:
        values = list(read_values(v))
    except ParseError as e:
        raise JqError(f"{e} (while parsing '{v}')") from None
    return values[0][0] if values else None


def _flatten(v: Any, args: list, env: Env) -> Iterator[Any]:
    for depth in (ev(args[0], v, env) if args else [1e9]):
        if depth < 0:
            raise JqError("flatten depth must not be negative")

        def flat(xs: list, d: float) -> list:
            out = []
            for x in xs:
                if isinstance(x, list) and d > 0:
                    out.extend(flat(x, d - 1))
                else:
                    out.append(x)
            return out
        if not isinstance(v, list):
            raise JqError(f"Cannot iterate over {_described(v)}")
        yield flat(v, depth)


def _paths(v: Any, args: list, env: Env) -> Iterator[Any]:
    for p, x in _recurse_paths(v, []):
        if not p:
            continue
        if not args or any(truthy(c) for c in ev(args[0], x, env)):
            yield p


def _del(v: Any, args: list, env: Env) -> Iterator[Any]:
    yield _delpaths(v, [p for p, _ in paths_of(args[0], v, env, [], v)])


def _path(v: Any, args: list, env: Env) -> Iterator[Any]:
    for p, _ in paths_of(args[0], v, env, [], v):
        yield p


def _error(v: Any, args: list, env: Env) -> Iterator[Any]:
    for msg in (ev(args[0], v, env) if args else [v]):
        raise JqError(msg)
    yield from ()


def _splits(v: Any, args: list, env: Env) -> Iterator[Any]:
    for re_ in ev(args[0], v, env):
        if not isinstance(v, str):
            raise JqError(f"{_described(v)} cannot be matched, as it is not a string")
        yield from re.split(re_, v)


def _split_fn(v: Any, args: list, env: Env) -> Iterator[Any]:
    for sep in ev(args[0], v, env):
        if len(args) == 2:
            yield from _splits_list(v, sep)
            continue
        if not isinstance(v, str) or not isinstance(sep, str):
            raise JqError("split input and separator must be strings")
        yield _split(v, sep)


def _splits_list(v: Any, sep: Any) -> Iterator[Any]:
    yield re.split(sep, v)


def _format(name: str, v: Any) -> str:
    if name == "text":
        return tostring(v)
    if name == "json":
        return dump(v)
    if name == "base64":
        return base64.b64encode(tostring(v).encode()).decode()
    if name == "base64d":
        text = tostring(v)
        try:
            return base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8", "replace")
        except ValueError:
            raise JqError(f"{_described(v)} is not valid base64 data") from None
    if name == "html":
        s = tostring(v)
        for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("'", "&#39;"), ('"', "&quot;")):
            s = s.replace(a, b)
        return s
    if name == "uri":
        from urllib.parse import quote
        return quote(tostring(v), safe="-_.~")
    if name in ("csv", "tsv"):
        if not isinstance(v, list):
            raise JqError(f"{_described(v)} cannot be {name}-formatted, only an array can be")
        cells = []
        for x in v:
            k = kind(x)
            if k == "number":
                cells.append(number_text(x))
            elif k == "boolean":
                cells.append(dump(x))
            elif k == "null":
                cells.append("")
            elif k == "string":
                if name == "csv":
                    cells.append('"' + x.replace('"', '""') + '"')
                else:
                    cells.append(x.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                                 .replace("\r", "\\r"))
            else:
                raise JqError(f"{_described(x)} is not valid in a csv row")
        return ("," if name == "csv" else "\t").join(cells)
    if name == "sh":
        items = v if isinstance(v, list) else [v]
        out = []
        for x in items:
            k = kind(x)
            if k in ("array", "object"):
                raise JqError(f"{_described(x)} can not be escaped for shell")
            out.append("'" + x.replace("'", "'\\''") + "'" if k == "string" else dump(x))
        return " ".join(out)
    raise JqError(f"{name} is not a valid format")


def _tostring_fn(v: Any) -> str:
    return tostring(v)


def _type(v: Any) -> str:
    return kind(v)


def _reverse(v: Any) -> Any:
    if isinstance(v, str):
        return v[::-1]
    if v is None:
        return []
    if not isinstance(v, list):
        raise JqError(f"Cannot index {kind(v)} with number")
    return v[::-1]


def _minmax_plain(pick_max: bool) -> Callable:
    inner = _extreme(pick_max)

    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        yield from inner(v, [], env)
    return run


def _values_of(want: str | tuple[str, ...]) -> Callable:
    wanted = (want,) if isinstance(want, str) else want

    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        if kind(v) in wanted:
            yield v
    return run


def _not(v: Any) -> bool:
    return not truthy(v)


def _empty(v: Any, args: list, env: Env) -> Iterator[Any]:
    return iter(())


def _isempty(v: Any, args: list, env: Env) -> Iterator[Any]:
    for _ in ev(args[0], v, env):
        yield False
        return
    yield True


def _env(v: Any, args: list, env: Env) -> Iterator[Any]:
    yield env.get("ENV", {})


def _input_line(v: Any, args: list, env: Env) -> Iterator[Any]:
    raise JqError("input_line_number is not supported")


def _ascii(fn: Callable[[str], str], name: str) -> Callable[[Any], Any]:
    def run(v: Any) -> Any:
        if not isinstance(v, str):
            raise JqError(f"{name} input must be a string")
        return "".join(fn(c) if c.isascii() else c for c in v)
    return run


def _index_fn(which: str) -> Callable:
    def run(v: Any, args: list, env: Env) -> Iterator[Any]:
        for sub in ev(args[0], v, env):
            found = _indices(v, sub) if not (isinstance(v, list) and not isinstance(sub, list)) \
                else _indices(v, [sub])
            if which == "indices":
                yield found
            elif not found:
                yield None
            else:
                yield float(found[0] if which == "index" else found[-1])
    return run


def _implode(v: Any) -> str:
    if not isinstance(v, list):
        raise JqError("implode input must be an array")
    if any(kind(c) != "number" for c in v):
        raise JqError("Unicode codepoint must be numeric")
    return "".join(chr(int(c)) for c in v)


def _tojson(v: Any) -> str:
    return dump(v)


def _getpath_fn(v: Any, args: list, env: Env) -> Iterator[Any]:
    for p in ev(args[0], v, env):
        try:
            yield _getpath(v, p)
        except JqError:
            yield None


def _setpath_fn(v: Any, args: list, env: Env) -> Iterator[Any]:
    for x in ev(args[1], v, env):
        for p in ev(args[0], v, env):
            yield _setpath(v, p, x)


def _to_array(v: Any) -> Any:
    return v if isinstance(v, list) else [v]


def _utf8len(v: Any) -> Any:
    if not isinstance(v, str):
        raise JqError(f"{_described(v)} only strings have UTF-8 byte length")
    return float(len(v.encode()))


def _splits_fn(v: Any, args: list, env: Env) -> Iterator[Any]:
    yield from _splits(v, args, env)


def _in(v: Any, args: list, env: Env) -> Iterator[Any]:
    for obj in ev(args[0], v, env):
        yield _has(obj, v)


def _inside(v: Any, args: list, env: Env) -> Iterator[Any]:
    for b in ev(args[0], v, env):
        yield _contains(b, v)


def _floor_like(fn: Callable[[float], float], name: str) -> Callable[[Any], Any]:
    def run(v: Any) -> Any:
        if kind(v) != "number":
            raise JqError(f"{_described(v)} number required")
        return float(fn(v))
    return run


def _tostream(v: Any, args: list, env: Env) -> Iterator[Any]:
    raise JqError("tostream is not supported")


def _builtins() -> dict[tuple[str, int], Callable]:
    b: dict[tuple[str, int], Callable] = {
        ("empty", 0): _empty, ("not", 0): _one(_not), ("length", 0): _one(_length),
        ("utf8bytelength", 0): _one(_utf8len), ("keys", 0): _one(_keys),
        ("keys_unsorted", 0): _one(lambda v: _keys(v, sort=False)), ("values", 0): _values_of(
            ("boolean", "number", "string", "array", "object")),
        ("has", 1): _each_arg(_has), ("in", 1): _in, ("contains", 1): _each_arg(_contains),
        ("inside", 1): _inside, ("map", 1): _map, ("map_values", 1): _map_values, ("select", 1): _select,
        ("recurse", 0): _recurse, ("recurse", 1): _recurse, ("add", 0): _add_all,
        ("any", 0): _any_all(False, False), ("any", 1): _any_all(False, False), ("any", 2): _any_all(False, True),
        ("all", 0): _any_all(True, False), ("all", 1): _any_all(True, False), ("all", 2): _any_all(True, True),
        ("range", 1): _range, ("range", 2): _range, ("range", 3): _range, ("limit", 2): _limit,
        ("first", 0): _first_last(True), ("last", 0): _first_last(False), ("first", 1): _first_last(True),
        ("last", 1): _first_last(False), ("nth", 1): _each_arg(lambda v, n: _index(v, n)),
        ("to_entries", 0): _one(_to_entries), ("from_entries", 0): _one(_from_entries),
        ("with_entries", 1): _with_entries, ("sort", 0): _sort, ("sort_by", 1): _sort,
        ("group_by", 1): _group_by, ("unique", 0): _unique_by, ("unique_by", 1): _unique_by,
        ("min", 0): _minmax_plain(False), ("max", 0): _minmax_plain(True), ("min_by", 1): _extreme(False),
        ("max_by", 1): _extreme(True), ("reverse", 0): _one(_reverse), ("join", 1): _join,
        ("tostring", 0): _one(_tostring_fn), ("tonumber", 0): _one(_tonumber), ("type", 0): _one(_type),
        ("tojson", 0): _one(_tojson), ("fromjson", 0): _one(_fromjson), ("ascii_downcase", 0): _one(
            _ascii(str.lower, "ascii_downcase")), ("ascii_upcase", 0): _one(_ascii(str.upper, "ascii_upcase")),
        ("startswith", 1): _str_fn("startswith", lambda s, a: s.startswith(a)),
        ("endswith", 1): _str_fn("endswith", lambda s, a: s.endswith(a)),
        ("ltrimstr", 1): _trim("ltrimstr", lambda s, a: s[len(a):] if s.startswith(a) else s),
        ("rtrimstr", 1): _trim("rtrimstr", lambda s, a: s[:-len(a)] if a and s.endswith(a) else s),
        ("split", 1): _split_fn, ("split", 2): _split_fn, ("splits", 1): _splits_fn,
        ("test", 1): _test, ("test", 2): _test,
        ("match", 1): lambda v, a, e: _test(v, a, e, "match"), ("match", 2): lambda v, a, e: _test(v, a, e, "match"),
        ("capture", 1): lambda v, a, e: _test(v, a, e, "capture"),
        ("capture", 2): lambda v, a, e: _test(v, a, e, "capture"),
        ("sub", 2): _sub(False), ("sub", 3): _sub(False), ("gsub", 2): _sub(True), ("gsub", 3): _sub(True),
        ("flatten", 0): _flatten, ("flatten", 1): _flatten, ("paths", 0): _paths, ("paths", 1): _paths,
        ("leaf_paths", 0): lambda v, a, e: _paths(v, [("call", "scalars", [])], e),
        ("path", 1): _path, ("del", 1): _del, ("getpath", 1): _getpath_fn, ("setpath", 2): _setpath_fn,
        ("delpaths", 1): lambda v, a, e: (_delpaths(v, ps) for ps in ev(a[0], v, e)),
        ("to_array", 0): _one(_to_array), ("error", 0): _error, ("error", 1): _error,
        ("env", 0): _env, ("isempty", 1): _isempty, ("tostream", 0): _tostream,
        ("nulls", 0): _values_of("null"), ("booleans", 0): _values_of("boolean"),
        ("numbers", 0): _values_of("number"), ("strings", 0): _values_of("string"),
        ("arrays", 0): _values_of("array"), ("objects", 0): _values_of("object"),
        ("iterables", 0): _values_of(("array", "object")),
        ("scalars", 0): _values_of(("null", "boolean", "number", "string")),
        ("index", 1): _index_fn("index"), ("rindex", 1): _index_fn("rindex"), ("indices", 1): _index_fn("indices"),
        ("floor", 0): _one(_floor_like(math.floor, "floor")), ("ceil", 0): _one(_floor_like(math.ceil, "ceil")),
        ("round", 0): _one(_floor_like(lambda x: math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5), "round")),
        ("sqrt", 0): _one(_floor_like(math.sqrt, "sqrt")), ("fabs", 0): _one(_floor_like(abs, "fabs")),
        ("ascii", 0): _one(lambda v: chr(int(v))), ("implode", 0): _one(_implode),
        ("explode", 0): _one(lambda v: [float(ord(c)) for c in v]),
        ("input_line_number", 0): _input_line,
        ("infinite", 0): _one(lambda v: 1.7976931348623157e308), ("nan", 0): _one(lambda v: math.nan),
        ("isnan", 0): _one(lambda v: kind(v) == "number" and v != v),
    }
    return b


_BUILTINS = _builtins()
BUILTIN_ARITIES = set(_BUILTINS)


# -- the program -----------------------------------------------------------------------------------------
@dataclass
class Options:
    raw: bool = False
    join: bool = False
    compact: bool = False
    null_input: bool = False
    slurp: bool = False
    raw_input: bool = False
    exit_status: bool = False
    sort_keys: bool = False
    tab: bool = False
    indent: int = 2
    ascii: bool = False


_SHORT = {"r": "raw", "j": "join", "c": "compact", "n": "null_input", "s": "slurp", "R": "raw_input",
          "e": "exit_status", "S": "sort_keys", "a": "ascii", "C": None, "M": None}
_LONG = {"raw-output": "raw", "join-output": "join", "compact-output": "compact", "null-input": "null_input",
         "slurp": "slurp", "raw-input": "raw_input", "exit-status": "exit_status", "sort-keys": "sort_keys",
         "ascii-output": "ascii", "color-output": None, "monochrome-output": None, "tab": "tab", "unbuffered": None}


def main(argv: list[str], stdin: str, out: Callable[[str], None], err: Callable[[str], None],
         read: Callable[[str], str], env_vars: dict[str, str]) -> int:
    """jq ARGS over `stdin` (or the files named): its exit code (0; 5 after a run-time error; 2 for
    bad input or usage; 3 for a filter that does not compile; 1 with -e and a last false or null)."""
    o = Options()
    variables: dict[str, Any] = {"ENV": dict(sorted(env_vars.items()))}
    named: dict[str, Any] = {}
    rest: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--":
            rest += argv[i:]
            break
        if a.startswith("--") and len(a) > 2:
            word = a[2:]
            if word in _LONG:
                attr = _LONG[word]
                if attr:
                    setattr(o, attr, True)
                continue
            if word == "indent" and i < len(argv):
                try:
                    o.indent = int(argv[i])
                except ValueError:
                    err("jq: --indent takes a number\n")
                    return 2
                if o.indent > 7:
                    err("jq: Cannot indent more than 7 characters\n")
                    return 2
                i += 1
                continue
            if word in ("arg", "argjson") and i + 1 < len(argv):
                name, text = argv[i], argv[i + 1]
                i += 2
                if word == "arg":
                    named[name] = variables[name] = text
                else:
                    try:
                        got = list(read_values(text))
                        if len(got) != 1:
                            raise ParseError("")
                    except ParseError:
                        err(f"jq: invalid JSON text passed to --argjson\n{USAGE}")
                        return 2
                    named[name] = variables[name] = got[0][0]
                continue
            if word in ("arg", "argjson"):
                err(f"jq: --{word} takes two parameters (e.g. --{word} varname {'value' if word == 'arg' else 'text'})"
                    f"\n{USAGE}")
                return 2
            err(f"jq: Unknown option {a}\n{HELP_HINT}")
            return 2
        if a.startswith("-") and len(a) > 1:
            for c in a[1:]:
                if c not in _SHORT:
                    err(f"jq: Unknown option {a}\n{HELP_HINT}")
                    return 2
                flag = _SHORT[c]
                if flag:
                    setattr(o, flag, True)
            continue
        rest.append(a)
    src, files = (rest[0], rest[1:]) if rest else (".", [])
    variables["__prog_args"] = None
    try:
        program = compile_filter(src, variables)
    except CompileError as e:
        err(_compile_message(e, src))
        return 3
    except RecursionError:
        err("jq: error: program too deep\njq: 1 compile error\n")
        return 3
    variables.pop("__prog_args")
    variables["$named"] = named
    texts: list[tuple[str, str]] = []
    code = 0
    if files:
        for name in files:
            try:
                texts.append((name, read(name)))
            except OSError as e:
                err(f"jq: error: Could not open file {name}: {e.strerror}\n")
                code = 2
    else:
        texts.append(("<stdin>", stdin))
    last: Any = _NOTHING
    indent = 0 if o.compact else o.indent

    def emit(v: Any) -> None:
        nonlocal last
        last = v
        text = v if (o.raw or o.join) and isinstance(v, str) else dump(v, indent, o.sort_keys, tab=o.tab and not o.compact)
        if o.ascii:
            text = "".join(c if ord(c) < 128 else _ascii_escape(c) for c in text)
        out(text if o.join else text + "\n")

    ran = False

    def run_one(value: Any, where: str) -> int:
        nonlocal ran
        ran = True
        try:
            for x in program.run(value):
                emit(x)
        except JqError as e:
            msg = e.value
            if isinstance(msg, str):
                err(f"jq: error (at {where}): {msg}\n")
            else:
                err(f"jq: error (at {where}) (not a string): {dump(msg)}\n")
            return 5
        except _Break:
            err(f"jq: error (at {where}): break\n")
            return 5
        except RecursionError:
            err(f"jq: error (at {where}): stack overflow\n")
            return 5
        return 0

    if o.null_input:
        code = run_one(None, "<unknown>") or code
    elif o.raw_input:
        whole = "".join(t for _, t in texts)
        if o.slurp:
            code = run_one(whole, "<unknown>") or code
        else:
            lines = whole.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            for n, line in enumerate(lines):
                code = run_one(line, f"{texts[-1][0]}:{n + 1}") or code
    else:
        values: list[tuple[Any, str]] = []
        for name, text in texts:
            try:
                for value, line_no in read_values(text):
                    if o.slurp:
                        values.append((value, ""))
                    else:
                        code = run_one(value, f"{name}:{line_no}")
            except ParseError as e:
                err(f"parse error: {e}\n")
                return 4
        if o.slurp:
            code = run_one([v for v, _ in values], "<unknown>") or code
    if code:
        return code
    if o.exit_status:
        if last is _NOTHING:
            return 4 if ran else 0
        return 0 if truthy(last) else 1
    return 0


_NOTHING = object()


def _ascii_escape(c: str) -> str:
    b = c.encode("utf-16-be")
    return "".join(f"\\u{b[i]:02x}{b[i + 1]:02x}" for i in range(0, len(b), 2))


def _compile_message(e: CompileError, src: str) -> str:
    offset = max(0, min(e.offset, len(src)))
    line_no = src.count("\n", 0, offset) + 1
    start = src.rfind("\n", 0, offset) + 1
    end = src.find("\n", offset)
    line = src[start:end if end >= 0 else len(src)]
    quoting = " (Unix shell quoting issues?)" if e.message.startswith("syntax error") else ""
    return (f"jq: error: {e.message}{quoting} at <top-level>, line {line_no}:\n{line}{' ' * (offset - start)}\n"
            "jq: 1 compile error\n")


@applet("jq")
def jq(r: Run) -> int:
    """jq at the command bar (`kubectl get pods -o json | jq …`) and in a container once a package
    installed it (`apt-get install jq`, `apk add jq`); busybox has none."""
    m = r.m
    if not (m.applets is not None and "jq" in m.applets) and _on_path(m, "jq") is None:
        return r.not_found(r.argv[0])

    def read(name: str) -> str:
        from kubetui.engine.kubelet.shell.fs import FsError
        try:
            return m.fs.read(r.path(name))
        except FsError as e:
            raise OSError(0, str(e)) from None

    env = {k: v for k, v in m.env.items() if isinstance(v, str)}
    return main(r.argv[1:], r.stdin, r.out, r.err, read, env)
