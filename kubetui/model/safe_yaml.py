"""Reading the files kubetui is given, safely: manifests, scenarios, packs, scripts, event logs,
the progress file.

Whatever a file holds, reading it ends in data or in one `InputError` (`file:line: message`,
with the column where it helps), within limits that no honest file reaches:

- size: `MAX_FILE_BYTES` per file (an event log's own limit per line), regular files only, so a
  FIFO or a device never blocks the reader;
- text: UTF-8, and no control characters (reported at line:column, before any parser runs);
- shape: nesting at most `MAX_DEPTH` deep, aliases adding at most `MAX_ALIAS_NODES` nodes, no
  recursive aliases — a "billion laughs" file is refused in milliseconds, never expanded;
- values: only what JSON can say (maps with scalar keys, lists, strings, numbers, booleans,
  null). Tags that make other Python objects (`!!python/...`, `!!binary`, `!!set`) are refused,
  timestamps stay strings, integers longer than `MAX_INT_DIGITS` digits and `.inf`/`.nan` are
  refused, scalar map keys become strings as Go's YAML-to-JSON conversion makes them.
"""

from __future__ import annotations

import json
import os
import re
import stat
from typing import Any

import yaml

__all__ = ["InputError", "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_LINE_BYTES", "Loader", "check_text", "load_json",
           "load_yaml", "raw_json", "read_bytes", "read_text", "yaml_documents"]

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Manifests, scenarios, packs, scripts and the progress file: 8 MiB (the API server takes 3 MiB)."""
MAX_LOG_BYTES = 1024 * 1024 * 1024
"""An event log may grow long (1 GiB); it is read line by line, each at most MAX_LINE_BYTES."""
MAX_LINE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 100
"""Nesting of maps and lists. Kubernetes objects nest about 15 deep."""
MAX_ALIAS_NODES = 100_000
"""Nodes that YAML aliases may add to a document beyond those written out."""
MAX_INT_DIGITS = 1000

_CONTROL = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML does not allow in a stream: C0 and C1 controls (but tab and line ends), DEL,
surrogates, U+FFFE/U+FFFF. JSON files are held to the same rule (they escape such characters)."""
_SURROGATES = re.compile("[\ud800-\udfff]")


class InputError(ValueError):
    """A file (or stdin) kubetui cannot read; `str()` is `source:line: message`
    (`source:line:column: message` when the column says more)."""

    def __init__(self, source: str, line: int, message: str, column: int | None = None):
        self.source, self.line, self.column, self.message = source, line, column, message
        where = f"{source}:{line}" + (f":{column}" if column is not None else "")
        super().__init__(f"{where}: {message}")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def check_text(text: str, source: str) -> None:
    """Refuse control characters (NUL, escape, ...): tab, newline and carriage return are fine."""
    bad = _CONTROL.search(text)
    if bad is not None:
        line, column = _position(text, bad.start())
        raise InputError(source, line, f"control characters are not allowed (U+{ord(bad.group()):04X})", column)


def read_bytes(path: str | os.PathLike, source: str | None = None, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refused past `limit`: a FIFO, a device or a folder is an
    InputError at once, never a read that blocks. OSError (missing, unreadable, a name too
    long) is left to the caller, who words it."""
    source = source if source is not None else str(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(source, 1, "not a regular file")
        if info.st_size > limit:
            raise InputError(source, 1, f"file too large: {info.st_size} bytes (the limit is {limit})")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(source, 1, f"file too large: more than {limit} bytes")
    return b"".join(chunks)


def read_text(path: str | os.PathLike, source: str | None = None, *, limit: int = MAX_FILE_BYTES) -> str:
    """`read_bytes` decoded as UTF-8 (a BOM is dropped); bad UTF-8 is an InputError at its line."""
    source = source if source is not None else str(path)
    return decode_utf8(read_bytes(path, source, limit=limit), source)


def decode_utf8(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(source, line, f"invalid UTF-8 (byte 0x{data[e.start]:02x})", column) from None
    return text


# -- YAML ----------------------------------------------------------------------------------

_JSON_TAGS = {"tag:yaml.org,2002:" + t for t in ("null", "bool", "int", "float", "str", "seq", "map", "merge")}


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, bounded: depth while composing, aliases once composed, JSON values."""

    def __init__(self, stream: str, source: str = "STDIN"):
        super().__init__(stream)
        self.source = source
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise InputError(self.source, mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels",
                                 mark.column + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_node(self):
        node = super().get_node()
        if node is not None:
            _check_aliases(node, self.source)
        return node

    def construct_object(self, node, deep=False):
        if node.tag not in _JSON_TAGS:
            raise InputError(self.source, node.start_mark.line + 1,
                             f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed: kubetui reads "
                             "plain YAML (maps, lists, strings, numbers, booleans, null)", node.start_mark.column + 1)
        return super().construct_object(node, deep)

    def construct_yaml_int(self, node):
        digits = node.value.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise InputError(self.source, node.start_mark.line + 1,
                             f"integer too large ({len(digits)} digits)", node.start_mark.column + 1)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise InputError(self.source, node.start_mark.line + 1,
                             f"json: unsupported value: {node.value} (JSON has no infinities or NaN)",
                             node.start_mark.column + 1)
        return value

    def construct_yaml_str(self, node):
        value = super().construct_yaml_str(node)
        return _clean(value) if _SURROGATES.search(value) else value

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep)
        if all(isinstance(k, str) for k in mapping):
            return mapping
        return {_json_key(k, node, self.source): v for k, v in mapping.items()}

    def construct_yaml_map(self, node):
        data: dict = {}
        yield data
        data.update(self.construct_mapping(node))


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
Loader.add_constructor("tag:yaml.org,2002:float", Loader.construct_yaml_float)
Loader.add_constructor("tag:yaml.org,2002:str", Loader.construct_yaml_str)
Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)


def _json_key(key: Any, node: yaml.Node, source: str) -> str:
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (int, float)):
        return json.dumps(key)
    raise InputError(source, node.start_mark.line + 1, "a map key must be a string, number or boolean",
                     node.start_mark.column + 1)


def _clean(value: str) -> str:
    """Join UTF-16 surrogate pairs (`"\\ud83d\\ude00"` escapes), replace lone halves with U+FFFD."""
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _check_aliases(root: yaml.Node, source: str) -> None:
    """Refuse recursive aliases and documents whose aliases expand past MAX_ALIAS_NODES nodes,
    counting each distinct node once (memoized), so the check costs what the file holds."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    unique = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            size[key] = 1 + sum(size[id(c)] for c in children)
            continue
        if key in size:
            continue
        if key in on_path:
            raise InputError(source, node.start_mark.line + 1, "recursive alias: a node contains itself",
                             node.start_mark.column + 1)
        unique += 1
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise InputError(source, child.start_mark.line + 1, "recursive alias: a node contains itself",
                                 child.start_mark.column + 1)
            if id(child) not in size:
                stack.append((child, False))
    if size[id(root)] - unique > MAX_ALIAS_NODES:
        raise InputError(source, root.start_mark.line + 1,
                         f"document contains excessive aliasing ({size[id(root)]} nodes from {unique} written)")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def yaml_error(e: yaml.YAMLError, source: str) -> InputError:
    """The error at its line; a construct left open (`[unclosed`) at the line that opened it,
    not at the end of the document where the parser noticed."""
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = getattr(e, "problem", None) or ""
    if getattr(e, "context_mark", None) is not None and problem.endswith(
            ("'<stream end>'", "'<document start>'", "'<document end>'", "unexpected end of stream")):
        mark = e.context_mark
    line = mark.line + 1 if mark is not None else 1
    message = getattr(e, "problem", None) or str(e)
    return InputError(source, line, message)


def yaml_documents(text: str, source: str, composed=None) -> list[tuple[Any, yaml.Node]]:
    """Every document of a YAML stream as (data, its composed node); `composed(node)` sees
    each document's node before its data is built from it (and may edit it)."""
    check_text(text, source)
    try:
        loader = Loader(text, source)
    except yaml.YAMLError as e:
        raise yaml_error(e, source) from None
    out = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            if composed is not None:
                composed(node)
            out.append((loader.construct_document(node), node))
    except yaml.YAMLError as e:
        raise yaml_error(e, source) from None
    finally:
        loader.dispose()
    return out


def load_yaml(text: str, source: str) -> Any:
    """One YAML document (None when empty); more than one is an error."""
    docs = yaml_documents(text, source)
    if len(docs) > 1:
        raise InputError(source, docs[1][1].start_mark.line + 1, "expected one YAML document, found more")
    return docs[0][0] if docs else None


# -- JSON ----------------------------------------------------------------------------------

def _no_constant(name: str) -> Any:
    raise ValueError(f"invalid character '{name[0]}' looking for beginning of value")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"integer too large ({len(text.lstrip('-'))} digits)")
    return int(text)


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_int=_parse_int)


def json_depth_ok(value: Any, source: str, line: int = 1) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise InputError(source, line, f"nesting deeper than {MAX_DEPTH} levels")
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value) if _SURROGATES.search(value) else value
    if isinstance(value, dict):
        return {_clean_json(k): _clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    return value


def load_json(text: str, source: str, line: int = 1, pos: int = 0) -> Any:
    """One JSON value (the whole text, or from `pos` when reading a stream: use raw_json)."""
    value, end = raw_json(text, source, line, pos)
    rest = text[end:].strip()
    if rest:
        at = text.index(rest[0], end)
        raise InputError(source, line + text.count("\n", 0, at), "invalid character after top-level value")
    return value


def raw_json(text: str, source: str, line: int = 1, pos: int = 0) -> tuple[Any, int]:
    """The JSON value starting at `pos` and where it ends; depth and huge numbers refused, lone
    surrogates replaced (as Go's decoder does). JSON's own grammar refuses raw control
    characters, at their line and column."""
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as e:
        raise InputError(source, line + e.lineno - 1, e.msg, e.colno) from None
    except RecursionError:
        raise InputError(source, line, f"nesting deeper than {MAX_DEPTH} levels") from None
    except ValueError as e:
        raise InputError(source, line, str(e)) from None
    json_depth_ok(value, source, line)
    if _SURROGATES.search(text, pos, end):
        value = _clean_json(value)
    return value, end
