"""busybox `awk`: pattern-action programs over the lines of files or stdin, the container
shell's applet and a filter after the door's pipe (`kubectl get pods | awk '{print $1}'`).

BEGIN/END, expression, /regex/ and range patterns; print/printf (with `>`/`>>` into a file),
assignments, if/while/do/for/for-in, next, exit, delete, arrays (walked in busybox's hash order),
fields and NF/NR/FNR/FS/OFS/ORS/FILENAME, -F and -v, the string and arithmetic built-ins and the
strnum comparison rules. Errors are busybox's words (`awk: cmd. line:1: Unexpected token`).
No user functions, getline, pipes to commands or RS other than a newline. A program runs within a step budget: past it
AwkBudget is raised (the machine stops the line, like a shell loop that runs too long).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

__all__ = ["AwkBudget", "AwkError", "has_end", "main"]

MAX_STRING = 1 << 20
"""A string longer than this stops the program (memory, not a busybox limit)."""


class AwkError(Exception):
    """What awk says before it exits 1 (`cmd. line:N: ` is added for program errors)."""


class AwkBudget(Exception):
    """The program ran past its step budget."""


class _Next(Exception):
    pass


class _Exit(Exception):
    pass


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class StrNum(str):
    """A string from input (a field, -v, split): numeric when it looks like a number."""


class _Uninit(StrNum):
    pass


UNINIT = _Uninit("")
NUMBER = re.compile(r"[ \t\n]*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)", re.ASCII)
HEX = re.compile(r"[ \t\n]*0[xX][0-9a-fA-F]+")


def to_num(v) -> float:
    if isinstance(v, float):
        return v
    m = HEX.match(v)
    if m:
        return float(int(m.group().strip(), 16))
    m = NUMBER.match(v)
    return float(m.group()) if m else 0.0


def looks_numeric(v) -> bool:
    if isinstance(v, float) or isinstance(v, _Uninit):
        return True
    if isinstance(v, StrNum):
        m = NUMBER.match(v)
        return m is not None and not v[m.end():].strip(" \t\n")
    return False


def fmt_num(n: float, fmt: str = "%.6g") -> str:
    if n != n:
        return "nan"
    if n in (math.inf, -math.inf):
        return "inf" if n > 0 else "-inf"
    if n == int(n) and abs(n) < 1e18:
        return "%d" % int(n)
    try:
        return fmt % n
    except (TypeError, ValueError):
        return "%.6g" % n


def to_str(v) -> str:
    return fmt_num(v) if isinstance(v, float) else v


def truth(v) -> bool:
    if isinstance(v, float):
        return v != 0
    if looks_numeric(v) and v != "":
        return to_num(v) != 0
    return v != ""


def _hashidx(name: str) -> int:
    idx = 0
    for b in name.encode("utf-8", "surrogateescape"):
        idx = ((b if b < 128 else b - 256) + (idx << 6) - idx) & 0xFFFFFFFF
    return idx


FIRST_PRIME = 61
PRIMES = (251, 1021, 4093, 16381, 65521)


class AwkArray:
    """An awk array: its keys are walked in busybox's hash-table order."""

    def __init__(self):
        self.data: dict[str, object] = {}
        self.csize, self.nprime = FIRST_PRIME, 0
        self.buckets: list[list[str]] = [[] for _ in range(FIRST_PRIME)]

    def get(self, key: str):
        if key not in self.data:
            self.set(key, UNINIT)
        return self.data[key]

    def set(self, key: str, value) -> None:
        if key not in self.data:
            if (len(self.data) + 1) // self.csize > 10 and self.nprime < len(PRIMES):
                size = PRIMES[self.nprime]
                self.nprime += 1
                fresh: list[list[str]] = [[] for _ in range(size)]
                for bucket in self.buckets:
                    for k in bucket:
                        fresh[_hashidx(k) % size].insert(0, k)
                self.buckets, self.csize = fresh, size
            self.buckets[_hashidx(key) % self.csize].insert(0, key)
        self.data[key] = value

    def delete(self, key: str) -> None:
        if key in self.data:
            del self.data[key]
            self.buckets[_hashidx(key) % self.csize].remove(key)

    def clear(self) -> None:
        for k in list(self.data):
            self.delete(k)

    def keys(self) -> list[str]:
        return [k for bucket in self.buckets for k in bucket]


# ---- the program text ----

KEYWORDS = {"BEGIN", "END", "function", "if", "else", "while", "for", "do", "break", "continue", "next",
            "nextfile", "exit", "return", "delete", "in", "getline", "print", "printf"}
BUILTINS = {"length", "substr", "index", "split", "sub", "gsub", "match", "toupper", "tolower", "sprintf",
            "int", "sqrt", "exp", "log", "sin", "cos", "atan2", "srand", "rand", "system", "close", "fflush"}
PUNCT = ["+=", "-=", "*=", "/=", "%=", "^=", "**=", "==", "<=", ">=", "!=", "++", "--", "&&", "||", ">>", "!~", "**",
         "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "|", "?", ":", "~",
         "$", "="]
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a", "b": "\b", "f": "\f",
           "v": "\v"}


@dataclass
class Tok:
    kind: str
    value: object
    line: int


def _unescape(text: str, i: int, regex: bool = False) -> tuple[str, int]:
    """The escape at text[i] (just past the backslash): (its character(s), the index past it)."""
    if i >= len(text):
        return "\\", i
    c = text[i]
    if c in "01234567":
        j = i
        while j < len(text) and j < i + 3 and text[j] in "01234567":
            j += 1
        return chr(int(text[i:j], 8) & 0xFF), j
    if c in ESCAPES and not (regex and c in "\\/"):
        return ESCAPES[c], i + 1
    if regex:
        return "\\" + c, i + 1
    return c, i + 1


def escapes(text: str) -> str:
    """A -v value, -F separator, string constant: its backslash escapes turned into characters."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            got, i = _unescape(text, i + 1)
            out.append(got)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


DIGITS = "0123456789"
OPERAND_END = {"num", "str", "ere", "name", "func", "builtin"}


def tokenize(src: str) -> list[Tok]:
    toks: list[Tok] = []
    i, line = 0, 1
    n = len(src)
    while i < n:
        c = src[i]
        if c in " \t\r":
            i += 1
            continue
        if c == "\\" and i + 1 < n and src[i + 1] == "\n":
            i, line = i + 2, line + 1
            continue
        if c == "#":
            while i < n and src[i] != "\n":
                i += 1
            continue
        if c == "\n":
            toks.append(Tok("nl", "\n", line))
            i, line = i + 1, line + 1
            continue
        if c == '"':
            out, i = [], i + 1
            while True:
                if i >= n or src[i] == "\n":
                    raise _syntax(line, "Unexpected end of string")
                if src[i] == '"':
                    i += 1
                    break
                if src[i] == "\\":
                    got, i = _unescape(src, i + 1)
                    out.append(got)
                else:
                    out.append(src[i])
                    i += 1
            toks.append(Tok("str", "".join(out), line))
            continue
        prev = toks[-1] if toks else None
        operand_before = prev is not None and (prev.kind in OPERAND_END or prev.value in (")", "]", "++", "--", "$"))
        if c == "/" and not operand_before:
            out, i = [], i + 1
            while True:
                if i >= n or src[i] == "\n":
                    raise _syntax(line, "Unexpected end of string")
                if src[i] == "/":
                    i += 1
                    break
                if src[i] == "\\":
                    got, i = _unescape(src, i + 1, regex=True)
                    out.append(got)
                else:
                    out.append(src[i])
                    i += 1
            toks.append(Tok("ere", "".join(out), line))
            continue
        if c in DIGITS or (c == "." and i + 1 < n and src[i + 1] in DIGITS):
            m = re.compile(r"0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]*(?:[eE][-+]?[0-9]+)?").match(src, i)
            assert m is not None
            text = m.group()
            i = m.end()
            if i < n and src[i] == ".":
                raise _syntax(line, "Unexpected token")
            toks.append(Tok("num", float(int(text, 16)) if text[:2].lower() == "0x" else float(text), line))
            continue
        if (c.isalpha() and c.isascii()) or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_") and src[j].isascii():
                j += 1
            word = src[i:j]
            i = j
            if word in KEYWORDS:
                toks.append(Tok("kw", word, line))
            elif word in BUILTINS:
                toks.append(Tok("builtin", word, line))
            else:
                toks.append(Tok("name", word, line))
            continue
        for p in PUNCT:
            if src.startswith(p, i):
                toks.append(Tok("op", "^" if p == "**" else ("^=" if p == "**=" else p), line))
                i += len(p)
                break
        else:
            raise _syntax(line, "Unexpected token")
    toks.append(Tok("eof", None, line))
    return toks


def _syntax(line: int, why: str) -> AwkError:
    return AwkError(f"cmd. line:{line}: {why}")


@dataclass
class Program:
    begin: list = field(default_factory=list)
    rules: list = field(default_factory=list)
    end: list = field(default_factory=list)


CONCAT_START = {"num", "str", "ere", "name", "builtin"}


class Parser:
    def __init__(self, src: str):
        self.toks = tokenize(src)
        self.i = 0

    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def at(self, value) -> bool:
        t = self.tok
        return t.kind in ("op", "kw") and t.value == value

    def error(self, why: str = "Unexpected token") -> AwkError:
        t = self.tok
        return _syntax(t.line, why)

    def take(self, value) -> Tok:
        if not self.at(value):
            raise self.error()
        t = self.tok
        self.i += 1
        return t

    def nls(self) -> None:
        while self.tok.kind == "nl":
            self.i += 1

    def terminators(self) -> None:
        while self.tok.kind == "nl" or self.at(";"):
            self.i += 1

    def program(self) -> Program:
        p = Program()
        self.terminators()
        while self.tok.kind != "eof":
            if self.at("BEGIN"):
                self.i += 1
                p.begin.append(self.block())
            elif self.at("END"):
                self.i += 1
                p.end.append(self.block())
            elif self.at("function"):
                raise self.error()
            else:
                pattern = None if self.at("{") else self.expr()
                pattern2 = None
                if self.at(","):
                    self.i += 1
                    self.nls()
                    pattern2 = self.expr()
                action = self.block() if self.at("{") else None
                p.rules.append([pattern, pattern2, action, False])
                if action is None and not (self.tok.kind in ("nl", "eof") or self.at(";")):
                    raise self.error()
            self.terminators()
        return p

    def block(self) -> list:
        self.nls()
        self.take("{")
        body = []
        self.terminators()
        while not self.at("}"):
            if self.tok.kind == "eof":
                raise self.error()
            body.append(self.statement())
            self.terminators()
        self.i += 1
        return body

    def end_simple(self) -> None:
        if self.tok.kind == "nl" or self.at(";"):
            self.i += 1
        elif not (self.at("}") or self.tok.kind == "eof"):
            raise self.error()

    def body(self):
        self.nls()
        if self.at(";"):
            self.i += 1
            return ("block", [])
        return self.statement()

    def statement(self):
        t = self.tok
        if self.at("{"):
            return ("block", self.block())
        if self.at("if"):
            self.i += 1
            self.take("(")
            cond = self.expr()
            self.take(")")
            then = self.body()
            save = self.i
            self.terminators()
            if self.at("else"):
                self.i += 1
                return ("if", cond, then, self.body())
            self.i = save
            return ("if", cond, then, None)
        if self.at("while"):
            self.i += 1
            self.take("(")
            cond = self.expr()
            self.take(")")
            if self.at(";"):
                self.i += 1
                return ("while", cond, ("block", []))
            return ("while", cond, self.body())
        if self.at("do"):
            self.i += 1
            loop = self.body()
            self.terminators()
            self.take("while")
            self.take("(")
            cond = self.expr()
            self.take(")")
            self.end_simple()
            return ("do", loop, cond)
        if self.at("for"):
            self.i += 1
            self.take("(")
            toks = self.toks
            if (toks[self.i].kind == "name" and toks[self.i + 1].value == "in" and toks[self.i + 2].kind == "name"
                    and toks[self.i + 3].value == ")"):
                var, arr = toks[self.i].value, toks[self.i + 2].value
                self.i += 4
                return ("forin", var, arr, self.body())
            init = None if self.at(";") else self.simple()
            self.take(";")
            self.nls()
            cond = None if self.at(";") else self.expr()
            self.take(";")
            self.nls()
            step = None if self.at(")") else self.simple()
            self.take(")")
            if self.at(";"):
                self.i += 1
                return ("for", init, cond, step, ("block", []))
            return ("for", init, cond, step, self.body())
        if t.kind == "kw" and t.value in ("next", "nextfile", "break", "continue"):
            self.i += 1
            self.end_simple()
            return (t.value,)
        if self.at("exit"):
            self.i += 1
            code = None if self.tok.kind in ("nl", "eof") or self.at(";") or self.at("}") else self.expr()
            self.end_simple()
            return ("exit", code)
        if self.at("delete"):
            self.i += 1
            if self.tok.kind != "name":
                raise self.error()
            name = self.tok.value
            self.i += 1
            subs = None
            if self.at("["):
                self.i += 1
                subs = self.expr_list("]")
            self.end_simple()
            return ("delete", name, subs)
        if t.kind in ("kw",) and t.value in ("return", "getline", "function", "in", "else", "BEGIN", "END"):
            raise self.error()
        st = self.simple()
        self.end_simple()
        return st

    def simple(self):
        if self.at("print") or self.at("printf"):
            kind = self.tok.value
            self.i += 1
            args: list = []
            if not (self.tok.kind in ("nl", "eof") or self.at(";") or self.at("}") or self.at(">")
                    or self.at(">>") or self.at("|")):
                args = [self.expr(no_gt=True)]
                while self.at(","):
                    self.i += 1
                    self.nls()
                    args.append(self.expr(no_gt=True))
                if len(args) == 1 and args[0][0] == "group":
                    args = args[0][1]
            dest = None
            if self.at(">") or self.at(">>") or self.at("|"):
                mode = self.tok.value
                self.i += 1
                if mode == "|":
                    raise self.error()
                dest = (mode, self.concat(no_gt=True))
            if kind == "printf" and not args:
                raise self.error()
            return (kind, args, dest)
        return ("expr", self.expr())

    def expr_list(self, close: str) -> list:
        items = [self.expr()]
        while self.at(","):
            self.i += 1
            self.nls()
            items.append(self.expr())
        self.take(close)
        return items

    # expressions, lowest precedence first

    def expr(self, no_gt: bool = False):
        left = self.ternary(no_gt)
        if self.tok.kind == "op" and self.tok.value in ("=", "+=", "-=", "*=", "/=", "%=", "^="):
            if left[0] not in ("var", "idx", "field"):
                raise self.error()
            op = self.tok.value
            self.i += 1
            self.nls()
            return ("assign", op, left, self.expr(no_gt))
        return left

    def ternary(self, no_gt):
        cond = self.or_(no_gt)
        if self.at("?"):
            self.i += 1
            self.nls()
            a = self.expr(no_gt)
            self.nls()
            self.take(":")
            self.nls()
            b = self.expr(no_gt)
            return ("cond", cond, a, b)
        return cond

    def or_(self, no_gt):
        left = self.and_(no_gt)
        while self.at("||"):
            self.i += 1
            self.nls()
            left = ("or", left, self.and_(no_gt))
        return left

    def and_(self, no_gt):
        left = self.in_(no_gt)
        while self.at("&&"):
            self.i += 1
            self.nls()
            left = ("and", left, self.in_(no_gt))
        return left

    def in_(self, no_gt):
        left = self.match(no_gt)
        while self.at("in"):
            self.i += 1
            if self.tok.kind != "name":
                raise self.error()
            left = ("in", left[1] if left[0] == "group" else [left], self.tok.value)
            self.i += 1
        return left

    def match(self, no_gt):
        left = self.compare(no_gt)
        while self.at("~") or self.at("!~"):
            neg = self.tok.value == "!~"
            self.i += 1
            left = ("match", neg, left, self.compare(no_gt))
        return left

    def compare(self, no_gt):
        left = self.concat(no_gt)
        t = self.tok
        if t.kind == "op" and t.value in ("<", "<=", "==", "!=", ">=", ">") and not (no_gt and t.value == ">"):
            self.i += 1
            return ("cmp", t.value, left, self.concat(no_gt))
        return left

    def concat(self, no_gt=False):
        left = self.additive()
        while True:
            t = self.tok
            if t.kind in CONCAT_START or (t.kind == "op" and t.value in ("$", "!", "(", "-", "+", "++", "--")):
                if t.kind == "op" and t.value in ("-", "+", "!"):
                    break
                left = ("cat", left, self.additive())
            else:
                return left
        return left

    def additive(self):
        left = self.multiplicative()
        while self.at("+") or self.at("-"):
            op = self.tok.value
            self.i += 1
            left = ("bin", op, left, self.multiplicative())
        return left

    def multiplicative(self):
        left = self.unary()
        while self.at("*") or self.at("/") or self.at("%"):
            op = self.tok.value
            self.i += 1
            left = ("bin", op, left, self.unary())
        return left

    def unary(self):
        if self.at("!"):
            self.i += 1
            return ("not", self.unary())
        if self.at("-"):
            self.i += 1
            return ("neg", self.unary())
        if self.at("+"):
            self.i += 1
            return ("plus", self.unary())
        return self.power()

    def power(self):
        base = self.postfix()
        if self.at("^"):
            self.i += 1
            if self.at("-") or self.at("+") or self.at("!"):
                return ("bin", "^", base, self.unary())
            return ("bin", "^", base, self.power())
        return base

    def postfix(self):
        if self.at("++") or self.at("--"):
            delta = 1.0 if self.tok.value == "++" else -1.0
            self.i += 1
            target = self.postfix()
            if target[0] not in ("var", "idx", "field"):
                raise self.error()
            return ("preinc", delta, target)
        node = self.primary()
        if node[0] in ("var", "idx", "field") and (self.at("++") or self.at("--")):
            delta = 1.0 if self.tok.value == "++" else -1.0
            self.i += 1
            return ("postinc", delta, node)
        return node

    def primary(self):
        t = self.tok
        if t.kind == "num":
            self.i += 1
            return ("num", t.value)
        if t.kind == "str":
            self.i += 1
            return ("str", t.value)
        if t.kind == "ere":
            self.i += 1
            return ("re", t.value)
        if self.at("$"):
            self.i += 1
            if self.at("++") or self.at("--"):
                return ("field", self.postfix())
            if self.at("-"):
                self.i += 1
                return ("field", ("neg", self.primary()))
            return ("field", self.primary())
        if self.at("("):
            self.i += 1
            self.nls()
            first = self.expr()
            if self.at(","):
                self.i += 1
                self.nls()
                items = [first] + self.expr_list(")")
                return ("group", items)
            self.nls()
            self.take(")")
            return ("paren", first)
        if t.kind == "name":
            self.i += 1
            if self.at("["):
                self.i += 1
                return ("idx", t.value, self.expr_list("]"))
            if self.at("(") and self.toks[self.i - 1].line == self.tok.line:
                raise _syntax(t.line, "Call to undefined function")
            return ("var", t.value)
        if t.kind == "builtin":
            self.i += 1
            if self.at("("):
                self.i += 1
                self.nls()
                if self.at(")"):
                    self.i += 1
                    args = []
                else:
                    args = self.expr_list(")")
                return ("call", t.value, args)
            if t.value == "length":
                return ("call", "length", [])
            raise self.error()
        if self.at("getline"):
            raise self.error()
        raise self.error()


def compile_program(src: str) -> Program:
    try:
        return Parser(src).program()
    except RecursionError:
        raise _syntax(1, "Unexpected token") from None


def has_end(src: str) -> bool:
    """True when the program has an END rule (or does not parse): it prints only at the end."""
    try:
        return bool(compile_program(src).end)
    except AwkError:
        return True


# ---- regular expressions ----

CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
           "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct": "!-/:-@\\[-`{-~", "xdigit": "0-9A-Fa-f",
           "print": " -~", "graph": "!-~", "cntrl": "\\x00-\\x1f\\x7f"}


def ere(pattern: str) -> str:
    """A POSIX extended regular expression as a Python one: bracket classes, a literal `]` first
    in a bracket, a backslash-less `{` that starts no interval."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            j = i + 1
            parts = ["["]
            if j < n and pattern[j] == "^":
                parts.append("^")
                j += 1
            if j < n and pattern[j] == "]":
                parts.append("\\]")
                j += 1
            while j < n and pattern[j] != "]":
                if pattern.startswith("[:", j):
                    k = pattern.find(":]", j + 2)
                    if k < 0 or pattern[j + 2:k] not in CLASSES:
                        raise AwkError("bad regex")
                    parts.append(CLASSES[pattern[j + 2:k]])
                    j = k + 2
                    continue
                ch = pattern[j]
                parts.append("\\" + ch if ch in "\\[" else ch)
                j += 1
            if j >= n:
                raise AwkError("bad regex")
            parts.append("]")
            out.append("".join(parts))
            i = j + 1
            continue
        if c == "{" and not re.match(r"\{\d+(,\d*)?\}", pattern[i:]):
            out.append("\\{")
        elif c == "}" and not (out and re.search(r"\{\d+(,\d*)?$", "".join(out))):
            out.append("\\}")
        else:
            out.append(c)
        i += 1
    return "".join(out)


# ---- running ----

@dataclass
class Io:
    out: Callable[[str], None]
    err: Callable[[str], None]
    read: Callable[[str], str]
    """A file's text (raises OSError-like AwkError with busybox's words)."""
    write: Callable[[str, str, bool], None]
    """(path, text, append)."""


class Interp:
    def __init__(self, prog: Program, io: Io, budget: int):
        self.prog, self.io, self.budget = prog, io, budget
        self.vars: dict[str, object] = {"FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "NF": 0.0,
                                        "FNR": 0.0, "SUBSEP": "\x1c", "CONVFMT": "%.6g", "OFMT": "%.6g",
                                        "RSTART": 0.0, "RLENGTH": -1.0, "FILENAME": ""}
        self.arrays: dict[str, AwkArray] = {}
        self.record = ""
        self.fields: list[str] = []
        self.split_done = True
        self.opened: set[str] = set()
        self.regex_cache: dict[str, re.Pattern] = {}
        self.seed, self.prev_seed = 0.0, 0.0
        self.rng_state = 0
        self.exit_code = 0
        self.srand(0.0)

    # values

    def step(self) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise AwkBudget

    def regex(self, pattern: str) -> re.Pattern:
        got = self.regex_cache.get(pattern)
        if got is None:
            try:
                got = re.compile(ere(pattern))
            except (re.error, AwkError, OverflowError, RecursionError):
                raise AwkError(f"bad regex '{pattern}'") from None
            if len(self.regex_cache) > 500:
                self.regex_cache.clear()
            self.regex_cache[pattern] = got
        return got

    def as_regex(self, node) -> re.Pattern:
        if node[0] == "re":
            return self.regex(node[1])
        return self.regex(to_str(self.eval(node)))

    def array(self, name: str) -> AwkArray:
        arr = self.arrays.get(name)
        if arr is None:
            arr = self.arrays[name] = AwkArray()
        return arr

    def get_var(self, name: str):
        if name in self.arrays:
            return UNINIT
        if name == "NF":
            self.split()
        return self.vars.get(name, UNINIT)

    def set_var(self, name: str, value) -> None:
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise AwkBudget
        self.vars[name] = value
        if name == "NF":
            self.split()
            n = max(int(to_num(value)), 0)
            if n > 100000:
                raise AwkBudget
            self.fields = (self.fields + [""] * n)[:n]
            self.vars["NF"] = float(n)
            self.rebuild()

    def subscript(self, subs: list) -> str:
        return to_str(self.vars["SUBSEP"]).join(to_str(self.eval(s)) for s in subs)

    # records and fields

    def set_record(self, text: str) -> None:
        self.record = StrNum(text)
        self.split_done = False

    def split(self) -> None:
        if self.split_done:
            return
        self.split_done = True
        self.fields = self.split_text(self.record, to_str(self.vars["FS"]))
        self.vars["NF"] = float(len(self.fields))

    def split_text(self, text: str, fs: str) -> list[str]:
        if text == "":
            return []
        if fs == " ":
            return text.split()
        if len(fs) == 1 and fs != "\\":
            return text.split(fs)
        return self.regex(fs).split(text) if self.regex(fs).pattern else list(text)

    def rebuild(self) -> None:
        self.record = StrNum(to_str(self.vars["OFS"]).join(self.fields))

    def get_field(self, i: int):
        if i < 0:
            raise AwkError("cmd. line:1: Access to negative field")
        if i == 0:
            return self.record
        self.split()
        return StrNum(self.fields[i - 1]) if i <= len(self.fields) else UNINIT

    def set_field(self, i: int, value) -> None:
        if i < 0:
            raise AwkError("cmd. line:1: Access to negative field")
        if i > 100000:
            raise AwkBudget
        text = to_str(value)
        if i == 0:
            self.set_record(text)
            return
        self.split()
        while len(self.fields) < i:
            self.fields.append("")
        self.fields[i - 1] = text
        self.vars["NF"] = float(len(self.fields))
        self.rebuild()

    # lvalues

    def load(self, lv):
        kind = lv[0]
        if kind == "var":
            return self.get_var(lv[1])
        if kind == "idx":
            return self.array(lv[1]).get(self.subscript(lv[2]))
        return self.get_field(self.field_index(lv[1]))

    def store(self, lv, value) -> None:
        kind = lv[0]
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise AwkBudget
        if kind == "var":
            self.set_var(lv[1], value)
        elif kind == "idx":
            self.array(lv[1]).set(self.subscript(lv[2]), value)
        else:
            self.set_field(self.field_index(lv[1]), value)

    def field_index(self, node) -> int:
        n = to_num(self.eval(node))
        if n != n or abs(n) > 1e9:
            raise AwkBudget if n > 0 else AwkError("cmd. line:1: Access to negative field")
        return int(n)

    # expressions

    def eval(self, node):
        self.step()
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "str":
            return node[1]
        if kind == "var":
            return self.get_var(node[1])
        if kind == "field":
            return self.get_field(self.field_index(node[1]))
        if kind == "idx":
            return self.array(node[1]).get(self.subscript(node[2]))
        if kind == "paren":
            return self.eval(node[1])
        if kind == "re":
            return 1.0 if self.regex(node[1]).search(self.record) else 0.0
        if kind == "cat":
            left = to_str(self.eval(node[1]))
            text = left + to_str(self.eval(node[2]))
            if len(text) > MAX_STRING:
                raise AwkBudget
            return text
        if kind == "bin":
            return self.arith(node[1], to_num(self.eval(node[2])), to_num(self.eval(node[3])))
        if kind == "cmp":
            return 1.0 if self.compare(node[1], self.eval(node[2]), self.eval(node[3])) else 0.0
        if kind == "match":
            text = to_str(self.eval(node[2]))
            hit = bool(self.as_regex(node[3]).search(text))
            return 1.0 if hit != node[1] else 0.0
        if kind == "and":
            return 1.0 if truth(self.eval(node[1])) and truth(self.eval(node[2])) else 0.0
        if kind == "or":
            return 1.0 if truth(self.eval(node[1])) or truth(self.eval(node[2])) else 0.0
        if kind == "not":
            return 0.0 if truth(self.eval(node[1])) else 1.0
        if kind == "neg":
            return -to_num(self.eval(node[1]))
        if kind == "plus":
            return to_num(self.eval(node[1]))
        if kind == "cond":
            return self.eval(node[2]) if truth(self.eval(node[1])) else self.eval(node[3])
        if kind == "in":
            return 1.0 if self.subscript(node[1]) in self.array(node[2]).data else 0.0
        if kind == "assign":
            op, lv = node[1], node[2]
            value = self.eval(node[3])
            if op != "=":
                value = self.arith(op[0], to_num(self.load(lv)), to_num(value))
            elif isinstance(value, _Uninit):
                value = UNINIT
            self.store(lv, value)
            return value
        if kind == "preinc":
            value = to_num(self.load(node[2])) + node[1]
            self.store(node[2], value)
            return value
        if kind == "postinc":
            old = to_num(self.load(node[2]))
            self.store(node[2], old + node[1])
            return old
        if kind == "call":
            return self.call(node[1], node[2])
        if kind == "group":
            raise AwkError("cmd. line:1: Unexpected token")
        raise AwkError("cmd. line:1: Internal error")

    def arith(self, op: str, a: float, b: float) -> float:
        try:
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                if b == 0:
                    raise AwkError("cmd. line:1: Division by zero")
                return a / b
            if op == "%":
                if b == 0:
                    raise AwkError("cmd. line:1: Division by zero")
                return math.fmod(a, b)
            if op == "^":
                if a < 0 and b != int(b):
                    return math.nan
                return float(a ** b) if not (a == 0 and b < 0) else math.inf
        except OverflowError:
            return math.inf
        except ValueError:
            return math.nan
        raise AwkError("cmd. line:1: Internal error")

    def compare(self, op: str, a, b) -> bool:
        if looks_numeric(a) and looks_numeric(b):
            x, y = to_num(a), to_num(b)
        else:
            x, y = to_str(a), to_str(b)  # type: ignore[assignment]
        return {"<": x < y, "<=": x <= y, "==": x == y, "!=": x != y, ">=": x >= y, ">": x > y}[op]

    # built-ins

    def call(self, name: str, args: list):
        n = len(args)
        need = {"length": 0, "substr": 2, "index": 2, "split": 2, "sub": 2, "gsub": 2, "match": 2, "toupper": 1,
                "tolower": 1, "sprintf": 1, "int": 1, "sqrt": 1, "exp": 1, "log": 1, "sin": 1, "cos": 1,
                "atan2": 2, "srand": 0, "rand": 0, "system": 1, "close": 1, "fflush": 0}[name]
        if n < need:
            raise AwkError("cmd. line:1: Too few arguments")
        if name == "length":
            if n == 0:
                return float(len(self.record))
            a = args[0]
            if a[0] == "var" and a[1] in self.arrays:
                return float(len(self.arrays[a[1]].data))
            return float(len(to_str(self.eval(a))))
        if name == "substr":
            s = to_str(self.eval(args[0]))
            start = self.round(to_num(self.eval(args[1])))
            length = self.round(to_num(self.eval(args[2]))) if n > 2 else len(s) + 1
            if start < 1:
                start = 1
            if length <= 0 or start > len(s):
                return ""
            return s[start - 1:start - 1 + length]
        if name == "index":
            s, t = to_str(self.eval(args[0])), to_str(self.eval(args[1]))
            return float(s.find(t) + 1) if t else 0.0
        if name == "split":
            s = to_str(self.eval(args[0]))
            if args[1][0] != "var":
                raise AwkError("cmd. line:1: Unexpected token")
            arr = self.array(args[1][1])
            if n > 2:
                sep = args[2]
                parts = (self.as_regex(sep).split(s) if s else []) if sep[0] == "re" else \
                    self.split_text(s, to_str(self.eval(sep)))
            else:
                parts = self.split_text(s, to_str(self.vars["FS"]))
            arr.clear()
            for i, p in enumerate(parts, 1):
                self.step()
                arr.set(str(i), StrNum(p))
            return float(len(parts))
        if name in ("sub", "gsub"):
            rx = self.as_regex(args[0])
            repl = to_str(self.eval(args[1]))
            target = args[2] if n > 2 else ("field", ("num", 0.0))
            if target[0] not in ("var", "idx", "field"):
                raise AwkError("cmd. line:1: Unexpected token")
            text = to_str(self.load(target))
            count = 0

            def replace(m: re.Match) -> str:
                nonlocal count
                count += 1
                out, i = [], 0
                while i < len(repl):
                    c = repl[i]
                    if c == "\\" and i + 1 < len(repl) and repl[i + 1] in "\\&":
                        out.append(repl[i + 1])
                        i += 2
                        continue
                    out.append(m.group() if c == "&" else c)
                    i += 1
                return "".join(out)

            new = rx.sub(replace, text, count=0 if name == "gsub" else 1)
            self.store(target, new)
            return float(count)
        if name == "match":
            s = to_str(self.eval(args[0]))
            m = self.as_regex(args[1]).search(s)
            start, length = (m.start() + 1, m.end() - m.start()) if m else (0, -1)
            self.vars["RSTART"], self.vars["RLENGTH"] = float(start), float(length)
            return float(start)
        if name == "toupper":
            return to_str(self.eval(args[0])).upper()
        if name == "tolower":
            return to_str(self.eval(args[0])).lower()
        if name == "sprintf":
            return self.format(to_str(self.eval(args[0])), [self.eval(a) for a in args[1:]])
        if name == "int":
            v = to_num(self.eval(args[0]))
            return float(math.trunc(v)) if math.isfinite(v) else v
        if name in ("sqrt", "exp", "log", "sin", "cos"):
            v = to_num(self.eval(args[0]))
            try:
                return float(getattr(math, name)(v))
            except OverflowError:
                return math.inf
            except ValueError:
                return -math.inf if name == "log" and v == 0 else math.nan
        if name == "atan2":
            return math.atan2(to_num(self.eval(args[0])), to_num(self.eval(args[1])))
        if name == "srand":
            old = self.seed
            self.srand(to_num(self.eval(args[0])) if n else 0.0)
            return old
        if name == "rand":
            self.rng_state = (self.rng_state * 1103515245 + 12345) & 0x7FFFFFFF
            return self.rng_state / 0x80000000
        if name in ("close", "fflush"):
            for a in args:
                self.opened.discard(to_str(self.eval(a)))
            return 0.0
        if name == "system":
            self.eval(args[0])
            return 127.0
        raise AwkError("cmd. line:1: Call to undefined function")

    def srand(self, seed: float) -> None:
        """A fixed sequence per seed (the simulation has no wall clock to seed it from)."""
        self.seed = seed
        self.rng_state = int(seed) & 0x7FFFFFFF if math.isfinite(seed) else 0

    @staticmethod
    def round(v: float) -> int:
        if not math.isfinite(v):
            return 1 << 40 if v > 0 else -(1 << 40)
        return int(math.floor(v + 0.5))

    FORMAT = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([cdiouxXeEfFgGs%]?)")

    def format(self, fmt: str, values: list) -> str:
        out, pos, vi = [], 0, 0

        def nxt():
            nonlocal vi
            v = values[vi] if vi < len(values) else UNINIT
            vi += 1
            return v

        for m in self.FORMAT.finditer(fmt):
            out.append(fmt[pos:m.start()])
            pos = m.end()
            flags, width, prec, conv = m.groups()
            if conv == "%":
                out.append("%")
                continue
            if not conv:
                raise AwkError("cmd. line:1: Invalid format specifier")
            if width == "*":
                width = str(int(to_num(nxt())))
            if prec == "*":
                prec = str(int(to_num(nxt())))
            if width and abs(int(width)) > 10000 or prec and int(prec) > 10000:
                raise AwkBudget
            if width and width.startswith("-"):
                flags, width = flags + "-", width[1:]
            spec = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
            v = nxt()
            if conv == "s":
                out.append((spec + "s") % to_str(v))
            elif conv == "c":
                if isinstance(v, float) or (looks_numeric(v) and not isinstance(v, _Uninit) and v != ""):
                    code = int(to_num(v)) & 0xFF if math.isfinite(to_num(v)) else 0
                    ch = chr(code) if code else ""
                else:
                    ch = to_str(v)[:1]
                out.append((spec.split(".")[0] + "s") % ch)
            elif conv in "diouxX":
                num = to_num(v)
                iv = int(num) if math.isfinite(num) else (1 << 63) - 1 if num > 0 else -(1 << 63)
                c = "d" if conv in "iu" else conv
                if c in "oxX" and iv < 0:
                    iv &= 0xFFFFFFFFFFFFFFFF
                out.append((spec + c) % iv)
            else:
                out.append((spec + conv) % to_num(v))
        out.append(fmt[pos:])
        text = "".join(out)
        if len(text) > MAX_STRING:
            raise AwkBudget
        return text

    # statements

    def run_block(self, body: list) -> None:
        for st in body:
            self.execute(st)

    def execute(self, st) -> None:
        self.step()
        kind = st[0]
        if kind == "expr":
            self.eval(st[1])
        elif kind == "print":
            ofs, ors = to_str(self.vars["OFS"]), to_str(self.vars["ORS"])
            if not st[1]:
                text = self.record + ors
            else:
                parts = []
                for a in st[1]:
                    v = self.eval(a)
                    parts.append(fmt_num(v, to_str(self.vars["OFMT"])) if isinstance(v, float) else v)
                text = ofs.join(parts) + ors
            self.emit(text, st[2])
        elif kind == "printf":
            values = [self.eval(a) for a in st[1]]
            self.emit(self.format(to_str(values[0]), values[1:]), st[2])
        elif kind == "block":
            self.run_block(st[1])
        elif kind == "if":
            if truth(self.eval(st[1])):
                self.execute(st[2])
            elif st[3] is not None:
                self.execute(st[3])
        elif kind == "while":
            while truth(self.eval(st[1])):
                try:
                    self.execute(st[2])
                except _Break:
                    break
                except _Continue:
                    pass
        elif kind == "do":
            while True:
                try:
                    self.execute(st[1])
                except _Break:
                    break
                except _Continue:
                    pass
                if not truth(self.eval(st[2])):
                    break
        elif kind == "for":
            if st[1] is not None:
                self.execute(st[1])
            while st[2] is None or truth(self.eval(st[2])):
                self.step()
                try:
                    self.execute(st[4])
                except _Break:
                    break
                except _Continue:
                    pass
                if st[3] is not None:
                    self.execute(st[3])
        elif kind == "forin":
            arr = self.array(st[2])
            for key in arr.keys():
                if key not in arr.data:
                    continue
                self.set_var(st[1], StrNum(key))
                try:
                    self.execute(st[3])
                except _Break:
                    break
                except _Continue:
                    pass
        elif kind in ("next", "nextfile"):
            raise _Next
        elif kind == "exit":
            if st[1] is not None:
                v = to_num(self.eval(st[1]))
                self.exit_code = int(v) & 0xFF if math.isfinite(v) else 0
            raise _Exit
        elif kind == "break":
            raise _Break
        elif kind == "continue":
            raise _Continue
        elif kind == "delete":
            arr = self.array(st[1])
            if st[2] is None:
                arr.clear()
            else:
                arr.delete(self.subscript(st[2]))

    def emit(self, text: str, dest) -> None:
        if dest is None:
            self.io.out(text)
            return
        mode, node = dest
        path = to_str(self.eval(node))
        if path in ("/dev/stdout", "-"):
            self.io.out(text)
        elif path == "/dev/stderr":
            self.io.err(text)
        else:
            append = mode == ">>" or path in self.opened
            self.opened.add(path)
            self.io.write(path, text, append)

    # the main loop

    def run(self, inputs) -> int:
        """`inputs`: (name, text) per operand; text None when it could not be read (already said)."""
        try:
            try:
                for body in self.prog.begin:
                    self.run_block(body)
                if self.prog.rules or self.prog.end:
                    self.records(inputs)
            except _Exit:
                pass
            try:
                for body in self.prog.end:
                    self.run_block(body)
            except _Exit:
                pass
        except (_Next, _Break, _Continue):
            pass
        return self.exit_code

    def records(self, inputs) -> None:
        for name, text in inputs:
            self.vars["FILENAME"] = name
            self.vars["FNR"] = 0.0
            if text is None:
                self.exit_code = 1
                continue
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            for line in lines:
                self.step()
                self.vars["NR"] = to_num(self.vars["NR"]) + 1
                self.vars["FNR"] = to_num(self.vars["FNR"]) + 1
                self.set_record(line)
                try:
                    for rule in self.prog.rules:
                        if self.matches(rule):
                            if rule[2] is None:
                                self.io.out(self.record + to_str(self.vars["ORS"]))
                            else:
                                self.run_block(rule[2])
                except _Next:
                    pass

    def matches(self, rule: list) -> bool:
        pattern, pattern2, _, _ = rule
        if pattern is None:
            return True
        if pattern2 is None:
            return truth(self.eval(pattern))
        if rule[3]:
            if truth(self.eval(pattern2)):
                rule[3] = False
            return True
        if truth(self.eval(pattern)):
            rule[3] = not truth(self.eval(pattern2))
            return True
        return False


USAGE = ("BusyBox v1.36.1 multi-call binary.\n\nUsage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n\n"
         "\t-v VAR=VAL\tSet variable\n"
         "\t-F SEP\t\tUse SEP as field separator\n"
         "\t-f FILE\t\tRead program from FILE\n"
         "\t-e AWK_PROGRAM\n")

ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def main(argv: list[str], stdin: str, io: Io, budget: int) -> int:
    """awk's command line (argv without `awk`); returns the exit code. Raises AwkBudget."""
    fs, assigns, progs, i = None, [], [], 0
    prog_files = []
    while i < len(argv):
        a = argv[i]
        if a == "--":
            i += 1
            break
        if not a.startswith("-") or a == "-":
            break
        opt, value = a[1], a[2:]
        if opt not in "vFfe":
            io.err(f"awk: invalid option -- '{opt}'\n" + USAGE)
            return 1
        if not value:
            i += 1
            if i >= len(argv):
                io.err(f"awk: option requires an argument -- '{opt}'\n" + USAGE)
                return 1
            value = argv[i]
        i += 1
        if opt == "F":
            fs = value
        elif opt == "v":
            assigns.append(value)
        elif opt == "e":
            progs.append(value)
        else:
            prog_files.append(value)
    rest = argv[i:]
    try:
        for f in prog_files:
            progs.append(io.read(f))
        if not progs:
            if not rest:
                io.err(USAGE)
                return 1
            progs.append(rest.pop(0))
        prog = compile_program("\n".join(progs))
    except AwkError as e:
        io.err(f"awk: {e}\n")
        return 1
    interp = Interp(prog, io, budget)
    try:
        if fs is not None:
            interp.vars["FS"] = escapes(fs)
        for a in assigns:
            if "=" not in a:
                io.err(f"awk: unexpected token: {a}\n")
                return 1
            name, value = a.split("=", 1)
            interp.set_var(name, StrNum(escapes(value)))
        operands: list[tuple[str, str | None]] = []
        for name in rest:
            if ASSIGN.match(name):
                operands.append(("=" + name, None))
            else:
                operands.append((name, None))
        if not any(not n.startswith("=") for n, _ in operands):
            operands.append(("-", None))
        return interp.run(_inputs(interp, operands, stdin, io))
    except AwkError as e:
        io.err(f"awk: {e}\n")
        return 1
    except RecursionError:
        io.err("awk: cmd. line:1: Unexpected token\n")
        return 1


def _inputs(interp: Interp, operands, stdin: str, io: Io):
    """Each operand's text as the main loop reaches it (assignments take effect in between)."""
    for name, _ in operands:
        if name.startswith("="):
            var, value = name[1:].split("=", 1)
            interp.set_var(var, StrNum(escapes(value)))
            continue
        if name == "-":
            yield "-", stdin
            continue
        yield name, io.read(name)
