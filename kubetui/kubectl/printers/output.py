"""kubectl's machine-readable outputs: -o yaml, -o json, -o name, -o jsonpath, -o custom-columns.

YAML follows what sigs.k8s.io/yaml (go-yaml v2) emits for kubectl: keys sorted, block style,
list items flush with their key, strings quoted only when YAML would read them as something
else (double quotes) or could not read them plainly (single quotes), long plain lines folded
at column 80, multi-line strings as literal blocks.
"""

from __future__ import annotations

import functools
import json
import re

from kubetui.model.kinds import KINDS

from ._util import meta
from .go_order import go_ordered
from .table import TABLE_MINWIDTH, TABLE_PADDING
from .tabwriter import tabwrite


class PrinterError(Exception):
    """A template or format kubectl rejects; `str()` is the whole line kubectl prints."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"error: {self.message}"


def as_list(objs: list[dict]) -> dict:
    """Several objects as kubectl prints them: a `kind: List`."""
    return {"apiVersion": "v1", "items": list(objs), "kind": "List", "metadata": {"resourceVersion": ""}}


# --- JSON -----------------------------------------------------------------------------

def _go_json_escape(text: str) -> str:
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def to_json(obj: dict | list, *, typed: bool = False) -> str:
    """`-o json`: 4-space indent, sorted keys, Go's HTML-safe escapes, trailing newline.

    `typed`: an object kubectl built itself prints in Go struct field order (go_order)."""
    if isinstance(obj, list):
        obj = as_list(obj)
    if typed:
        obj = go_ordered(obj)
    return _go_json_escape(json.dumps(obj, indent=4, sort_keys=not typed, ensure_ascii=False)) + "\n"


def _compact_json(value, *, typed: bool = False) -> str:
    if typed:
        value = go_ordered(value)
    return _go_json_escape(json.dumps(value, separators=(",", ":"), sort_keys=not typed, ensure_ascii=False))


# --- YAML -----------------------------------------------------------------------------

_WIDTH = 80

_YAML_SPECIAL = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
    "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "<<",
    ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
}
_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$")
_FLOAT = re.compile(r"^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|inf|infinity|nan)$", re.I)
_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{2}:\d{2})"
                        r"| \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?)?$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


def _resolves_to_non_string(s: str) -> bool:
    """Would go-yaml read this plain scalar back as a bool, number, null or timestamp?"""
    if s in _YAML_SPECIAL:
        return True
    if s and s[0] in "-+.0123456789":
        plain = s.replace("_", "")
        if _INT.match(plain) or _FLOAT.match(plain) or _BASE60.match(s):
            return True
        if s[0].isdigit() and _TIMESTAMP.match(s):
            return True
    return False


def _printable(ch: str) -> bool:
    o = ord(ch)
    return ch == "\n" or 0x20 <= o <= 0x7E or o == 0x85 or (0xA0 <= o <= 0xD7FF) or \
        (0xE000 <= o <= 0xFFFD and o != 0xFEFF) or 0x10000 <= o <= 0x10FFFF


def _plain_allowed(s: str) -> bool:
    if s.startswith(("---", "...")):
        return False
    if s[0] in "#,[]{}&*!|>'\"%@`":
        return False
    if s[0] in "?:-" and (len(s) == 1 or s[1] in " \t"):
        return False
    if s[0] in " \t" or s[-1] in " \t":
        return False
    for i, ch in enumerate(s):
        if ch == ":" and (i + 1 == len(s) or s[i + 1] in " \t"):
            return False
        if ch == "#" and i > 0 and s[i - 1] in " \t":
            return False
    return True


_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
            "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\xa0": "\\_",
            "\u2028": "\\L", "\u2029": "\\P"}


def _double_quoted(s: str) -> str:
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch) and ch != "\ufeff":
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def _fold(text: str, column: int, indent: int, start: int = 0, end: int | None = None) -> str:
    """libyaml's line folding: a single space becomes a line break once past column 80."""
    end = len(text) if end is None else end
    out = []
    spaces = False
    for i, ch in enumerate(text):
        if ch == " ":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if not spaces and column > _WIDTH and start < i < end - 1 and nxt != " ":
                out.append("\n" + " " * indent)
                column = indent
            else:
                out.append(ch)
                column += 1
            spaces = True
        else:
            out.append(ch)
            column += 1
            spaces = False
    return "".join(out)


def _scalar(value, column: int, indent: int, key: bool = False) -> str:
    """A scalar starting at `column`; folded lines continue at `indent`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    s = str(value)
    if s == "":
        return '""'
    special = any(not _printable(ch) for ch in s)
    if "\n" in s and not key and not special and not s.endswith(" ") and " \n" not in s:
        return _literal(s, indent)
    if special or "\n" in s:
        return _double_quoted(s)
    if _resolves_to_non_string(s):
        return _double_quoted(s)
    if _plain_allowed(s):
        return s if key else _fold(s, column, indent)
    body = s.replace("'", "''")
    return "'" + body + "'" if key else "'" + _fold(body, column + 1, indent, 0, len(body)) + "'"


def _literal(s: str, indent: int) -> str:
    if not s.endswith("\n"):
        chomp, body = "-", s
    elif s.endswith("\n\n"):
        chomp, body = "+", s[:-1]
    else:
        chomp, body = "", s[:-1]
    head = "|" + (str(2) if s.startswith((" ", "\n")) else "") + chomp
    lines = body.split("\n")
    return head + "".join("\n" + (" " * indent + ln if ln else "") for ln in lines)


def _go_key_less(a: str, b: str) -> int:
    """go-yaml's map key order: letters by code point, digit runs numerically, others first."""
    ar, br = a, b
    for i in range(min(len(ar), len(br))):
        if ar[i] == br[i]:
            continue
        al, bl = ar[i].isalpha(), br[i].isalpha()
        if al and bl:
            return -1 if ar[i] < br[i] else 1
        if al or bl:
            return -1 if bl else 1
        an = bn = 0
        if ar[i] == "0" or br[i] == "0":
            j = i - 1
            while j >= 0 and ar[j].isdigit():
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and ar[ai].isdigit():
            an = an * 10 + int(ar[ai])
            ai += 1
        bi = i
        while bi < len(br) and br[bi].isdigit():
            bn = bn * 10 + int(br[bi])
            bi += 1
        if an != bn:
            return -1 if an < bn else 1
        if ai != bi:
            return -1 if ai < bi else 1
        return -1 if ar[i] < br[i] else 1
    return (len(ar) > len(br)) - (len(ar) < len(br))


_key_order = functools.cmp_to_key(_go_key_less)


def _emit(value, indent: int, lines: list[str], prefix: str) -> None:
    """Append `value` as block YAML; `prefix` is what precedes it on its first line."""
    if isinstance(value, dict):
        if not value:
            lines.append(prefix + "{}")
            return
        first = True
        for k in sorted(value, key=lambda x: _key_order(str(x))):
            key = _scalar(str(k), 0, 0, key=True)
            lead = prefix if first else " " * indent
            first = False
            _emit_entry(value[k], indent, lines, lead + key + ":")
        return
    if isinstance(value, list):
        if not value:
            lines.append(prefix + "[]")
            return
        first = True
        for item in value:
            lead = prefix if first else " " * (indent - 2 if indent >= 2 else 0)
            first = False
            _emit_item(item, indent, lines, lead + "- ")
        return
    lines.append(prefix + _scalar(value, len(prefix), indent))


def _emit_entry(v, indent: int, lines: list[str], head: str) -> None:
    if isinstance(v, dict) and v:
        lines.append(head)
        _emit(v, indent + 2, lines, " " * (indent + 2))
    elif isinstance(v, list) and v:
        lines.append(head)
        _emit_seq(v, indent, lines)
    else:
        _emit(v, indent + 2, lines, head + " ")


def _emit_seq(items: list, indent: int, lines: list[str]) -> None:
    for item in items:
        _emit_item(item, indent + 2, lines, " " * indent + "- ")


def _emit_item(item, inner: int, lines: list[str], head: str) -> None:
    if isinstance(item, dict) and item:
        _emit(item, inner, lines, head)
    elif isinstance(item, list) and item:
        _emit_item(item[0], inner + 2, lines, head + "- ")
        for sub in item[1:]:
            _emit_item(sub, inner + 2, lines, " " * inner + "- ")
    else:
        _emit(item, inner, lines, head)


def to_yaml(obj: dict | list) -> str:
    """`-o yaml` of one object, or of several as a `kind: List`."""
    if isinstance(obj, list):
        obj = as_list(obj)
    lines: list[str] = []
    _emit(obj, 0, lines, "")
    return "\n".join(lines) + "\n"


# --- -o name --------------------------------------------------------------------------

def name_of(obj: dict) -> str:
    """`deployment.apps/web`, `pod/web-abc`."""
    kind = obj.get("kind", "")
    k = KINDS.get(kind)
    if k is not None:
        prefix = k.ref
    else:
        group = (obj.get("apiVersion") or "").rpartition("/")[0]
        prefix = f"{kind.lower()}.{group}" if group else kind.lower()
    return f"{prefix}/{meta(obj).get('name', '')}"


def names(objs: list[dict]) -> str:
    return "".join(name_of(o) + "\n" for o in objs)


# --- JSONPath -------------------------------------------------------------------------

class _Parser:
    """client-go's JSONPath dialect: text, {actions}, range/end, filters, unions, slices."""

    def __init__(self, template: str):
        self.t = template

    def parse(self) -> list:
        nodes: list = []
        stack = [nodes]
        i, t = 0, self.t
        while i < len(t):
            j = t.find("{", i)
            if j < 0:
                stack[-1].append(("text", t[i:]))
                break
            if j > i:
                stack[-1].append(("text", t[i:j]))
            k = self._close(j)
            body = t[j + 1:k].strip()
            i = k + 1
            if body.startswith("range ") or body == "range":
                node = ("range", self._expr(body[5:].strip()), [])
                stack[-1].append(node)
                stack.append(node[2])
            elif body == "end":
                if len(stack) == 1:
                    raise PrinterError(f"error parsing jsonpath {self.t}, not in range, nothing to end")
                stack.pop()
            else:
                stack[-1].append(("expr", self._union(body)))
        return nodes

    def _close(self, j: int) -> int:
        depth, quote = 0, None
        for k in range(j, len(self.t)):
            ch = self.t[k]
            if quote:
                if ch == "\\":
                    continue
                if ch == quote and self.t[k - 1] != "\\":
                    quote = None
            elif ch in "\"'" and depth >= 1:
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return k
        raise PrinterError(f"error parsing jsonpath {self.t}, unclosed action")

    def _union(self, body: str) -> list:
        parts = _split_top(body, ",")
        return [self._expr(p.strip()) for p in parts]

    def _expr(self, s: str) -> list:
        """A path as steps: ('lit', str) | ('field', name) | ('recur', name) | ('index', spec) | ..."""
        steps: list = []
        i = 0
        if s.startswith('"') or s.startswith("'"):
            return [("lit", _unquote(s, self.t))]
        if re.fullmatch(r"-?\d+(\.\d+)?", s or "x"):
            return [("lit", s)]
        while i < len(s):
            ch = s[i]
            if ch in "$@":
                i += 1
            elif s.startswith("..", i):
                m = re.match(r"[\w\-/*]*", s[i + 2:])
                steps.append(("recur", m.group(0)))
                i += 2 + len(m.group(0))
            elif ch == ".":
                m = re.match(r"[^.\[\]\s]*", s[i + 1:])
                name = m.group(0)
                steps.append(("field", name) if name != "*" else ("all",))
                i += 1 + len(name)
            elif ch == "[":
                k = _match_bracket(s, i, self.t)
                inner = s[i + 1:k]
                if inner == "":
                    steps.append(("slice", [0, 1, None]))  # client-go: `[]` is the first item
                elif not inner.strip():
                    raise PrinterError(f"error parsing jsonpath {self.t}, invalid array index {inner}")
                else:
                    steps.append(self._bracket(inner.strip()))
                i = k + 1
            elif ch == " ":
                i += 1
            else:
                m = re.match(r"[^.\[\]\s]+", s[i:])
                steps.append(("field", m.group(0)))
                i += len(m.group(0))
        return steps

    def _bracket(self, inner: str):
        if inner.startswith("?"):
            m = re.fullmatch(r"\?\((.*)\)", inner, re.S)
            if not m:
                raise PrinterError(f"error parsing jsonpath {self.t}, unclosed filter")
            return ("filter", self._filter(m.group(1).strip()))
        if inner == "*":
            return ("all",)
        parts = _split_top(inner, ",")
        if len(parts) > 1:
            return ("union", [self._bracket(p.strip()) for p in parts])
        if inner[:1] in "\"'":
            return ("field", _unquote(inner, self.t))
        if ":" in inner:
            nums = inner.split(":")
            try:
                vals = [int(n) if n.strip() else None for n in nums]
            except ValueError:
                raise PrinterError(f"error parsing jsonpath {self.t}, invalid array index {inner}") from None
            return ("slice", (vals + [None, None, None])[:3])
        try:
            return ("index", int(inner))
        except ValueError:
            raise PrinterError(f"error parsing jsonpath {self.t}, invalid array index {inner}") from None

    def _filter(self, f: str):
        m = re.match(r"(.+?)\s*(==|!=|<=|>=|<|>|=~)\s*(.+)$", f, re.S)
        if not m:
            return (self._expr(f), None, None)
        left, op, right = m.groups()
        return (self._expr(left.strip()), op, self._expr(right.strip()))


def _match_bracket(s: str, i: int, template: str) -> int:
    depth, quote = 0, None
    for k in range(i, len(s)):
        ch = s[k]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return k
    raise PrinterError(f"error parsing jsonpath {template}, unterminated array")


def _split_top(s: str, sep: str) -> list[str]:
    parts, depth, quote, cur = [], 0, None, []
    for ch in s:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def _unquote(s: str, template: str) -> str:
    if len(s) < 2 or s[-1] != s[0]:
        raise PrinterError(f"error parsing jsonpath {template}, unterminated quoted string")
    body = s[1:-1]
    try:
        return json.loads('"' + body.replace('"', '\\"').replace("\\\\\"", '\\"') + '"')
    except json.JSONDecodeError:
        return body


_MISSING = object()


def _walk(steps: list, values: list, root) -> list:
    for step in steps:
        out = []
        kind = step[0]
        for v in values:
            if kind == "lit":
                out.append(step[1])
            elif kind == "field":
                if isinstance(v, dict) and step[1] in v:
                    out.append(v[step[1]])
                elif step[1] == "" :
                    out.append(v)
            elif kind == "all":
                if isinstance(v, dict):
                    out.extend(v[k] for k in sorted(v))
                elif isinstance(v, list):
                    out.extend(v)
            elif kind == "recur":
                out.extend(_recur(v, step[1]))
            elif kind == "index":
                if isinstance(v, list):
                    idx = step[1] + len(v) if step[1] < 0 else step[1]
                    if not 0 <= idx < len(v):
                        raise IndexError(f"array index out of bounds: index {step[1]}, length {len(v)}")
                    out.append(v[idx])
            elif kind == "slice":
                if isinstance(v, list):
                    a, b, c = step[1]
                    out.extend(v[slice(a, b, c)])
            elif kind == "union":
                for sub in step[1]:
                    out.extend(_walk([sub], [v], root))
            elif kind == "filter":
                items = v if isinstance(v, list) else list(v.values()) if isinstance(v, dict) else []
                out.extend(it for it in items if _test(step[1], it, root))
        values = out
    return values


def _recur(v, name: str) -> list:
    found = []
    if isinstance(v, dict):
        if name in ("", "*"):
            found.extend(v[k] for k in sorted(v))
        elif name in v:
            found.append(v[name])
        for k in sorted(v):
            found.extend(_recur(v[k], name))
    elif isinstance(v, list):
        if name in ("", "*"):
            found.extend(v)
        for it in v:
            found.extend(_recur(it, name))
    return found


def _test(flt, item, root) -> bool:
    left_steps, op, right_steps = flt
    left = _walk(left_steps, [item], root)
    if op is None:
        return bool(left)
    right = _walk(right_steps, [item], root)
    if not left or not right:
        return False
    a, b = left[0], right[0]
    if right_steps and right_steps[0][0] == "lit" and not isinstance(a, str):
        try:
            b = float(b) if isinstance(a, (int, float)) and not isinstance(a, bool) else b
        except ValueError:
            return False
    try:
        if op == "==":
            return a == b or str(a) == str(b) and not isinstance(a, (dict, list))
        if op == "!=":
            return not (a == b or str(a) == str(b))
        if op == "=~":
            return re.search(str(b), str(a)) is not None
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    except TypeError:
        return False


def _text(v) -> str:
    """How a JSONPath result prints: strings raw, everything else as compact JSON."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    return _compact_json(v)


def _execute(nodes: list, data, root, out: list[str], as_json: bool = False) -> None:
    for node in nodes:
        if node[0] == "text":
            out.append(_json_array([node[1]]) if as_json else node[1])
        elif node[0] == "range":
            for item in _walk(node[1], [data], root):
                _execute(node[2], item, root, out, as_json)
        else:
            results = []
            for expr in node[1]:
                results.extend(_walk(expr, [data], root))
            out.append(_json_array(results) if as_json else " ".join(_text(r) for r in results))


def _json_array(results: list) -> str:
    """One node of `-o jsonpath-as-json`: its results as an indented JSON array."""
    return _go_json_escape(json.dumps(results, indent=4, sort_keys=True, ensure_ascii=False)) + "\n"


def jsonpath(template: str, obj_or_list: dict | list, *, as_json: bool = False) -> str:
    """`-o jsonpath=...` over one object or a list (given as a List), missing keys print nothing.

    `as_json`: `-o jsonpath-as-json`, every text and expression printed as a JSON array."""
    data = as_list(obj_or_list) if isinstance(obj_or_list, list) else obj_or_list
    nodes = _Parser(template).parse()
    out: list[str] = []
    try:
        _execute(nodes, data, data, out, as_json)
    except IndexError as e:
        raise PrinterError(f'error executing jsonpath "{template}": Error executing template: {e}. '
                           "Printing more information for debugging the template:\n"
                           f"\ttemplate was:\n\t\t{template}\n"
                           f"\tobject given to jsonpath engine was:\n\t\t{_compact_json(data)}\n\n") from None
    return "".join(out)


def relaxed(expr: str) -> str:
    """RelaxedJSONPathExpression: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`."""
    e = expr.strip()
    if e.startswith("{") and e.endswith("}"):
        e = e[1:-1]
    if not e.startswith("."):
        e = "." + e
    return "{" + e + "}"


def _go_value(v) -> str:
    """fmt's %v of a decoded JSON value, as custom-columns prints non-strings."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "<nil>"
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{_go_value(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(_go_value(x) for x in v) + "]"
    return str(v)


def custom_columns(spec: str, objs: list[dict], *, no_headers: bool = False) -> str:
    """`-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image`."""
    columns = []
    for part in spec.split(","):
        header, sep, expr = part.partition(":")
        if not sep or not header or not expr:
            raise PrinterError(f"unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        columns.append((header, _Parser(relaxed(expr)).parse()))
    lines = [] if no_headers else ["\t".join(h for h, _ in columns)]
    for obj in objs:
        cells = []
        for _, nodes in columns:
            results = []
            for node in nodes:
                if node[0] == "expr":
                    for expr in node[1]:
                        try:
                            results.extend(_walk(expr, [obj], obj))
                        except IndexError:
                            pass
            cells.append(",".join(_go_value(r) for r in results) if results else "<none>")
        lines.append("\t".join(cells))
    return tabwrite("\n".join(lines) + "\n", TABLE_MINWIDTH, TABLE_PADDING)
