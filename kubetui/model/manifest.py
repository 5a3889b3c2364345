"""Reading manifests: multi-document YAML or JSON, `kind: List` expanded, line numbers kept.

Parsing uses PyYAML's safe constructors only. Timestamps stay strings (as Go's YAML decoder
leaves them when the target is JSON), and a key repeated in one mapping is an error, as kubectl
reports it. Each document remembers where its fields start so messages can say `file:line`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["Document", "ManifestError", "load_documents", "line_of", "parse_path"]


class ManifestError(ValueError):
    """A manifest that cannot be read; `str()` is `source:line: message`."""

    def __init__(self, source: str, line: int, message: str):
        self.source, self.line, self.message = source, line, message
        super().__init__(f"{source}:{line}: {message}")


@dataclass
class Document:
    obj: dict
    source: str
    line: int
    """1-based line where the document (or the List item) starts."""
    lines: dict[tuple, int] = field(default_factory=dict, repr=False, compare=False)
    """Field path (`("spec", "replicas")`, list items as ints) -> 1-based line of the key."""


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver (times stay strings, as the API expects)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _index(node: yaml.Node, path: tuple, lines: dict[tuple, int], source: str) -> None:
    """Record the line of every key and list item; reject repeated keys."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen and key_node.tag != "tag:yaml.org,2002:merge":
                raise ManifestError(source, line,
                                    f'mapping key "{key}" already defined at line {seen[key]}')
            seen[key] = line
            lines[path + (key,)] = line
            _index(value_node, path + (key,), lines, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _index(item, path + (i,), lines, source)


def _yaml_error(e: yaml.YAMLError, source: str) -> ManifestError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    message = getattr(e, "problem", None) or str(e)
    return ManifestError(source, line, message)


def _documents_from_yaml(text: str, source: str) -> list[tuple[Any, int, dict]]:
    loader = _Loader(text)
    out = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            lines: dict[tuple, int] = {}
            _index(node, (), lines, source)
            data = loader.construct_document(node)
            out.append((data, node.start_mark.line + 1, lines))
    except yaml.YAMLError as e:
        raise _yaml_error(e, source) from None
    finally:
        loader.dispose()
    return out


def _documents_from_json(text: str, source: str) -> list[tuple[Any, int, dict]]:
    decoder = json.JSONDecoder()
    out: list[tuple[Any, int, dict]] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return out
        try:
            data, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            raise ManifestError(source, e.lineno, e.msg) from None
        out.append((data, text.count("\n", 0, pos) + 1, {}))
        pos = end


def _go_json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def load_documents(text: str, source: str) -> list[Document]:
    """Every object in `text`: empty documents skipped, `List` / `*List` kinds expanded."""
    try:
        raw = _documents_from_yaml(text, source)
    except ManifestError:
        if not text.lstrip().startswith(("{", "[")):
            raise
        raw = _documents_from_json(text, source)
    docs: list[Document] = []
    for data, line, lines in raw:
        if data is None:
            continue
        if not isinstance(data, dict):
            raise ManifestError(
                source, line, f"json: cannot unmarshal {_go_json_type(data)} into Go value of "
                              "type map[string]interface {}")
        kind = data.get("kind")
        if isinstance(kind, str) and kind.endswith("List") and isinstance(data.get("items"), list):
            for i, item in enumerate(data["items"]):
                if item is None:
                    continue
                if not isinstance(item, dict):
                    raise ManifestError(source, lines.get(("items", i), line),
                                        f"json: cannot unmarshal {_go_json_type(item)} into Go "
                                        "value of type map[string]interface {}")
                prefix = ("items", i)
                sub = {k[2:]: v for k, v in lines.items() if k[:2] == prefix}
                docs.append(Document(item, source, lines.get(prefix, line), sub))
            continue
        docs.append(Document(data, source, line, lines))
    return docs


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> tuple:
    """`spec.containers[0].image` -> ("spec", "containers", 0, "image")."""
    return tuple(int(idx) if idx else name for name, idx in _PART.findall(path))


def line_of(document: Document, path: str) -> int:
    """Line of a field (`spec.replica`) in the document; its nearest known parent otherwise."""
    parts = parse_path(path)
    while parts:
        if parts in document.lines:
            return document.lines[parts]
        parts = parts[:-1]
    return document.line
