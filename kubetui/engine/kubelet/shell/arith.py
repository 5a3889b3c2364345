"""`$(( ))`: shell arithmetic as busybox's ash evaluates it (C operators and precedence on 64-bit
integers, division toward zero, assignments such as `n += 2` that set the variable)."""

from __future__ import annotations

import re
from typing import Callable

_TOKEN = re.compile(r"\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_]\w*|<<=|>>=|\+\+|--|\*\*|[-+*/%&^|<>!=]=|<<|>>|&&|\|\||"
                    r"[-+*/%()<>!~^&|?:=,])")
_BINARY = {"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, "<=": 7, ">": 7, ">=": 7,
           "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10, "**": 11}
_ASSIGN = {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="}


class ArithError(Exception):
    """Why the expression cannot be evaluated, in busybox's words."""


def _wrap(v: int) -> int:
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= 1 << 63 else v


def _apply(op: str, a: int, b: int) -> int:
    if op in ("/", "%"):
        if b == 0:
            raise ArithError("divide by zero")
        q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
        return q if op == "/" else a - q * b
    return {"||": lambda: int(bool(a) or bool(b)), "&&": lambda: int(bool(a) and bool(b)), "|": lambda: a | b,
            "^": lambda: a ^ b, "&": lambda: a & b, "==": lambda: int(a == b), "!=": lambda: int(a != b),
            "<": lambda: int(a < b), "<=": lambda: int(a <= b), ">": lambda: int(a > b), ">=": lambda: int(a >= b),
            "<<": lambda: a << (b & 63), ">>": lambda: a >> (b & 63), "+": lambda: a + b, "-": lambda: a - b,
            "*": lambda: a * b, "**": lambda: a ** b if 0 <= b < 64 else 0}[op]()


def evaluate(expr: str, get: Callable[[str], str | None], set_: Callable[[str, str], None]) -> int:
    """The value of `expr`; variables are read with `get` and assigned with `set_`."""
    toks: list[str] = []
    i, text = 0, expr.rstrip()
    while i < len(text):
        m = _TOKEN.match(text, i)
        if not m:
            raise ArithError("arithmetic syntax error")
        toks.append(m.group(1))
        i = m.end()
    pos = 0

    def peek() -> str | None:
        return toks[pos] if pos < len(toks) else None

    def take() -> str:
        nonlocal pos
        if pos >= len(toks):
            raise ArithError("arithmetic syntax error")
        pos += 1
        return toks[pos - 1]

    def value_of(name: str, depth: int = 0) -> int:
        v = (get(name) or "0").strip() or "0"
        if re.fullmatch(r"[A-Za-z_]\w*", v) and depth < 10:
            return value_of(v, depth + 1)
        try:
            return int(v, 0) if not re.fullmatch(r"-?0\d+", v) else int(v, 8)
        except ValueError:
            raise ArithError("arithmetic syntax error") from None

    def primary() -> int:
        t = take()
        if t == "(":
            v = comma()
            if take() != ")":
                raise ArithError("arithmetic syntax error")
            return v
        if t in ("-", "+", "!", "~"):
            v = unary_operand()
            return {"-": -v, "+": v, "!": int(not v), "~": ~v}[t]
        if t in ("++", "--"):
            name = take()
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                raise ArithError("arithmetic syntax error")
            v = value_of(name) + (1 if t == "++" else -1)
            set_(name, str(v))
            return v
        if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", t):
            return int(t, 16) if t[:2].lower() == "0x" else int(t, 8) if len(t) > 1 and t[0] == "0" else int(t)
        if re.fullmatch(r"[A-Za-z_]\w*", t):
            nxt = peek()
            if nxt in _ASSIGN:
                take()
                right = assignment()
                v = right if nxt == "=" else _apply(nxt[:-1], value_of(t), right)
                set_(t, str(_wrap(v)))
                return _wrap(v)
            if nxt in ("++", "--"):
                take()
                v = value_of(t)
                set_(t, str(v + (1 if nxt == "++" else -1)))
                return v
            return value_of(t)
        raise ArithError("arithmetic syntax error")

    def unary_operand() -> int:
        return primary()

    def binary(level: int) -> int:
        left = primary()
        while True:
            op = peek()
            prec = _BINARY.get(op or "")
            if prec is None or prec < level:
                return left
            take()
            right = binary(prec + 1 if op != "**" else prec)
            left = _wrap(_apply(op, left, right))  # type: ignore[arg-type]

    def conditional() -> int:
        cond = binary(1)
        if peek() == "?":
            take()
            a = comma()
            if take() != ":":
                raise ArithError("arithmetic syntax error")
            b = conditional()
            return a if cond else b
        return cond

    def assignment() -> int:
        return conditional()

    def comma() -> int:
        v = assignment()
        while peek() == ",":
            take()
            v = assignment()
        return v

    if not toks:
        return 0
    result = comma()
    if pos != len(toks):
        raise ArithError("arithmetic syntax error")
    return result
