"""busybox `sed`: the one stream editor of kubetui (the container shell's applet, and the
`KUBE_EDITOR="sed -i ..."` that `kubectl edit` runs).

Addresses (N, $, /RE/, \\cREc, A,B ranges, !), commands s (flags g p N I), d, p, q, =, y,
a/i/c, { }, n, the hold space (h H g G x), multi-line (N D P) and branches (`:label`, b, t, T);
-n, -e, -i, -E/-r; regular expressions are POSIX basic (`bre`) unless -E.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["SedError", "SedOptions", "bre", "compile_script", "edit", "parse_options"]


class SedError(Exception):
    """What sed says before it exits 1, without the `sed: ` prefix."""


def bre(pattern: str) -> str:
    """A POSIX basic regular expression (grep's, sed's) as a Python pattern: backslash-paren groups, a bare paren is literal."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append(nxt if nxt in "(){}|+?" else "\\" + nxt)
            i += 2
            continue
        out.append("\\" + c if c in "(){}|+?" else c)
        i += 1
    return "".join(out)


@dataclass
class SedOptions:
    scripts: list[str] = field(default_factory=list)
    quiet: bool = False
    in_place: bool = False
    extended: bool = False
    files: list[str] = field(default_factory=list)


def parse_options(args: list[str]) -> SedOptions:
    """sed's command line; an option it does not know raises SedError (busybox's usage)."""
    o = SedOptions()
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "--":
            rest.extend(args[i:])
            break
        if a in ("--in-place",) or a.startswith("--in-place="):
            o.in_place = True
        elif a in ("--regexp-extended",):
            o.extended = True
        elif a in ("--quiet", "--silent"):
            o.quiet = True
        elif a.startswith("--expression="):
            o.scripts.append(a.split("=", 1)[1])
        elif a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                ch = a[j]
                if ch == "i":
                    o.in_place = True
                    break  # -iSUFFIX
                if ch in "Er":
                    o.extended = True
                elif ch == "n":
                    o.quiet = True
                elif ch == "e":
                    value = a[j + 1:]
                    if not value:
                        if i >= len(args):
                            raise SedError("option requires an argument -- 'e'")
                        value = args[i]
                        i += 1
                    o.scripts.append(value)
                    break
                else:
                    raise SedError(f"invalid option -- '{ch}'")
                j += 1
        else:
            rest.append(a)
    if not o.scripts:
        if not rest:
            raise SedError("no script specified")
        o.scripts.append(rest.pop(0))
    o.files = rest
    return o


@dataclass
class _Cmd:
    a1: object = None
    a2: object = None
    negate: bool = False
    op: str = ""
    arg: object = None


def _delimited(s: str, i: int, delim: str) -> tuple[str, int]:
    """The text from s[i] to the next unescaped `delim` (an escaped delimiter becomes itself)."""
    out = []
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            out.append(nxt if nxt == delim and delim != "\\" else "\\n" if nxt == "\n" else c + nxt)
            i += 2
            continue
        if c == delim:
            return "".join(out), i + 1
        if c == "\n" and delim != "\n":
            break
        out.append(c)
        i += 1
    raise SedError(f"unmatched '{delim}'")


def _regex(text: str, extended: bool, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(text if extended else bre(text), flags)
    except re.error as e:
        raise SedError(f"bad regex '{text}': {e.msg}") from None


def _address(s: str, i: int, extended: bool) -> tuple[object, int]:
    if i < len(s) and s[i].isdecimal():
        m = re.match(r"\d+", s[i:])
        assert m is not None, "a digit starts a number"
        return int(m.group()), i + m.end()
    if i < len(s) and s[i] == "$":
        return "$", i + 1
    if i < len(s) and s[i] in "/\\":
        delim = "/"
        if s[i] == "\\":
            i += 1
            if i >= len(s):
                raise SedError("unmatched '\\'")
            delim = s[i]
        text, i = _delimited(s, i + 1, delim)
        flags = 0
        if i < len(s) and s[i] == "I":
            flags, i = re.I, i + 1
        return _regex(text, extended, flags), i
    return None, i


def compile_script(scripts: list[str], extended: bool = False) -> list[_Cmd]:
    """The commands of sed's -e scripts (each -e ends a line), or SedError as busybox words it."""
    s = "\n".join(scripts)
    cmds: list[_Cmd] = []
    blocks: list[int] = []
    i = 0
    while i < len(s):
        while i < len(s) and s[i] in " \t\n;":
            i += 1
        if i >= len(s):
            break
        c = _Cmd()
        c.a1, i = _address(s, i, extended)
        if c.a1 is not None and i < len(s) and s[i] == ",":
            c.a2, i = _address(s, i + 1, extended)
            if c.a2 is None:
                raise SedError("unexpected ','")
        while i < len(s) and s[i] in " \t":
            i += 1
        if i < len(s) and s[i] == "!":
            c.negate = True
            i += 1
            while i < len(s) and s[i] in " \t":
                i += 1
        if i >= len(s):
            raise SedError("missing command")
        op = s[i]
        i += 1
        c.op = op
        if op == "{":
            blocks.append(len(cmds))
        elif op == "}":
            if not blocks:
                raise SedError("unexpected '}'")
            cmds[blocks.pop()].arg = len(cmds) + 1
            c.op = ":"
        elif op == "s":
            if i >= len(s):
                raise SedError("unmatched 's'")
            delim = s[i]
            pattern, i = _delimited(s, i + 1, delim)
            replacement, i = _delimited(s, i, delim)
            m = re.match(r"[gpIi0-9]*", s[i:])
            assert m is not None, "the pattern matches the empty string"
            flags = m.group()
            i += m.end()
            if i < len(s) and s[i] not in " \t\n;}":
                raise SedError("bad option in substitution expression")
            nth = int(re.sub(r"\D", "", flags) or "1")
            rx = _regex(pattern, extended, re.I if ("I" in flags or "i" in flags) else 0)
            c.arg = (rx, replacement, "g" in flags, nth, "p" in flags)
        elif op == "y":
            delim = s[i] if i < len(s) else ""
            src, i = _delimited(s, i + 1, delim)
            dst, i = _delimited(s, i, delim)
            if len(src) != len(dst):
                raise SedError("strings for y command are different lengths")
            c.arg = str.maketrans(src, dst)
        elif op in "aic":
            while i < len(s) and s[i] in " \t":
                i += 1
            if s.startswith("\\\n", i):
                i += 2
            elif s.startswith("\\", i):
                i += 1
            end = s.find("\n", i)
            end = len(s) if end < 0 else end
            c.arg = s[i:end].replace("\\\n", "\n")
            i = end
        elif op in ":btT":
            while i < len(s) and s[i] in " \t":
                i += 1
            m = re.match(r"[^;\n}]*" if op != ":" else r"[^;\n]*", s[i:])
            assert m is not None, "the pattern matches the empty string"
            label = m.group().strip()
            i += m.end()
            if op == ":":
                if not label:
                    raise SedError("\":\" lacks a label")
                if c.a1 is not None:
                    raise SedError(": doesn't want any addresses")
                c.arg = ("label", label)
            else:
                c.arg = label or None
        elif op in "dpq=nNDPhHgGx":
            if op == "q" and c.a2 is not None:
                raise SedError("command only uses one address")
        else:
            raise SedError(f"unsupported command {op}")
        cmds.append(c)
    if blocks:
        raise SedError("unmatched '{'")
    labels = {c.arg[1]: k for k, c in enumerate(cmds) if c.op == ":" and isinstance(c.arg, tuple)}
    for c in cmds:
        if c.op in "btT" and c.arg is not None:
            if c.arg not in labels:
                raise SedError(f"can't find label for jump to '{c.arg}'")
            c.arg = labels[str(c.arg)]
    return cmds


def _replace(replacement: str, m: re.Match) -> str:
    out = []
    i = 0
    while i < len(replacement):
        ch = replacement[i]
        if ch == "\\" and i + 1 < len(replacement):
            nxt = replacement[i + 1]
            if nxt.isdecimal():
                try:
                    out.append(m.group(int(nxt)) or "")
                except IndexError:
                    pass
            else:
                out.append("\n" if nxt == "n" else "\t" if nxt == "t" else nxt)
            i += 2
            continue
        out.append(m.group(0) if ch == "&" else ch)
        i += 1
    return "".join(out)


def _substitute(line: str, arg: tuple) -> tuple[str, bool]:
    rx, replacement, every, nth, _ = arg
    seen = 0
    changed = False

    def one(m: re.Match) -> str:
        nonlocal seen, changed
        seen += 1
        if seen < nth or (seen > nth and not every):
            return m.group(0)
        changed = True
        return _replace(replacement, m)
    return rx.sub(one, line), changed


def edit(cmds: list[_Cmd], text: str, quiet: bool = False) -> str:
    """What sed prints for `text` (one input: the concatenation of its files)."""
    lines = text.split("\n")
    trailing = lines[-1] == ""
    if trailing:
        lines.pop()
    last = len(lines)
    out: list[str] = []
    active: dict[int, bool] = {}

    def hit(addr: object, number: int, line: str) -> bool:
        if addr == "$":
            return number == last
        if isinstance(addr, int):
            return number == addr
        assert isinstance(addr, re.Pattern), "an address is a line, $ or a regex"
        return addr.search(line) is not None

    def selected(k: int, c: _Cmd, number: int, line: str) -> bool:
        if c.a1 is None:
            ok = True
        elif c.a2 is None:
            ok = hit(c.a1, number, line)
        elif active.get(k):
            ok = True
            end = c.a2
            if (isinstance(end, int) and number >= end) or (not isinstance(end, int) and hit(end, number, line)):
                active[k] = False
        else:
            ok = hit(c.a1, number, line)
            if ok:
                end = c.a2
                active[k] = not (isinstance(end, int) and end <= number) and not (end == "$" and number == last)
        return ok != c.negate

    n = 0
    number = 0
    hold = ""
    carry: str | None = None
    """The pattern space `D` left to start the next cycle with (no new line is read)."""
    while n < len(lines) or carry is not None:
        if carry is None:
            number = n + 1
            line = lines[n]
            n += 1
        else:
            line, carry = carry, None
        before: list[str] = []
        after: list[str] = []
        deleted = quit_ = False
        substituted = False
        pc = 0
        while pc < len(cmds):
            c = cmds[pc]
            pc += 1
            if not selected(pc - 1, c, number, line):
                if c.op == "{":
                    pc = int(c.arg)  # type: ignore[call-overload]
                continue
            if c.op == "s":
                line, changed = _substitute(line, c.arg)  # type: ignore[arg-type]
                substituted = substituted or changed
                if changed and c.arg[4]:  # type: ignore[index]
                    out.append(line)
            elif c.op == "d":
                deleted = True
                break
            elif c.op == "D":
                if "\n" in line:
                    carry = line.split("\n", 1)[1]
                deleted = True
                break
            elif c.op == "p":
                out.append(line)
            elif c.op == "P":
                out.append(line.split("\n", 1)[0])
            elif c.op == "=":
                out.append(str(number))
            elif c.op == "y":
                line = line.translate(c.arg)  # type: ignore[arg-type]
            elif c.op == "a":
                after.append(str(c.arg))
            elif c.op == "i":
                out.append(str(c.arg))
            elif c.op == "c":
                if c.a2 is None or not active.get(pc - 1):
                    out.append(str(c.arg))
                deleted = True
                break
            elif c.op == "q":
                quit_ = True
                break
            elif c.op == "n":
                if not quiet:
                    out.append(line)
                if n >= len(lines):
                    deleted = True
                    break
                line, number, n = lines[n], number + 1, n + 1
            elif c.op == "N":
                if n >= len(lines):
                    quit_ = True
                    break
                out.extend(after)
                after = []
                line, number, n = line + "\n" + lines[n], number + 1, n + 1
            elif c.op == "h":
                hold = line
            elif c.op == "H":
                hold += "\n" + line
            elif c.op == "g":
                line = hold
            elif c.op == "G":
                line += "\n" + hold
            elif c.op == "x":
                line, hold = hold, line
            elif c.op == "b":
                pc = len(cmds) if c.arg is None else int(c.arg)  # type: ignore[call-overload]
            elif c.op in "tT":
                if substituted == (c.op == "t"):
                    pc = len(cmds) if c.arg is None else int(c.arg)  # type: ignore[call-overload]
                substituted = False
        out.extend(before)
        if not deleted and not quiet:
            out.append(line)
        out.extend(after)
        if quit_:
            break
    text = "".join(x + "\n" for x in out)
    return text if trailing else text[:-1]
