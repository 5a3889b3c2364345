"""`-o kyaml` (kubectl 1.34+): KYAML, the YAML subset that reads like JSON.

Every document starts with `---`; maps and lists are always in flow style with one entry a
line and a trailing comma; strings are always double-quoted, and a string with a line break
is written over several lines with `\\` continuations (a line starting with a space keeps it
as `\\ `); keys are bare unless YAML could read them as something else. A list of maps hugs
its brackets: `[{ … }, { … }]`.
"""

from __future__ import annotations

import json
import re

from .go_order import go_ordered

_BARE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-/]*$")
_SPECIAL = {"y", "yes", "n", "no", "true", "false", "on", "off", "null"}


def _key(k: str) -> str:
    if _BARE_KEY.match(k) and k.lower() not in _SPECIAL:
        return k
    return _quoted(k)


def _quoted(s: str) -> str:
    out = []
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch != "\t" and (ord(ch) < 0x20 or ord(ch) == 0x7F):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _string(s: str, indent: int) -> str:
    """A string value whose key sits at `indent`."""
    if "\n" not in s:
        return _quoted(s)
    lines = s.split("\n")
    last = lines.pop()
    parts = ['"\\']
    for i, line in enumerate(lines + ([last] if last else [])):
        body = _quoted(line)[1:-1] + ("\\n" if i < len(lines) else "")
        lead = " " * (indent + 2) + "\\" if line.startswith(" ") else " " * (indent + 3)
        parts.append(f"{lead}{body}\\")
    parts.append(" " * (indent + 2) + '"')
    return "\n".join(parts)


def _scalar(v, indent: int) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return _string(str(v), indent)


def _value(v, indent: int) -> str:
    """`v` written after a key (or as a list item) at `indent`; continuation lines indented."""
    pad = " " * indent
    if isinstance(v, dict):
        if not v:
            return "{}"
        body = "".join(f"{pad}  {_key(k)}: {_value(x, indent + 2)},\n" for k, x in v.items())
        return "{\n" + body + pad + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        if all(isinstance(x, dict) and x for x in v):
            maps = []
            for x in v:
                maps.append("".join(f"{pad}  {_key(k)}: {_value(y, indent + 2)},\n" for k, y in x.items()))
            return "[{\n" + f"{pad}}}, {{\n".join(maps) + pad + "}]"
        body = "".join(f"{pad}  {_value(x, indent + 2)},\n" for x in v)
        return "[\n" + body + pad + "]"
    return _scalar(v, indent)


def to_kyaml(obj: dict, *, typed: bool = False) -> str:
    """One document; `typed` objects (what kubectl built) keep Go struct order, others sort."""
    data = go_ordered(obj) if typed else _sorted(obj)
    return "---\n" + _value(data, 0) + "\n"


def _sorted(v):
    if isinstance(v, dict):
        return {k: _sorted(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [_sorted(x) for x in v]
    return v
