"""Reading manifests: multi-document YAML or JSON, `kind: List` expanded, line numbers kept.

Parsing goes through `safe_yaml` (bounded, JSON values only; timestamps stay strings, as Go's
YAML decoder leaves them when the target is JSON). A key repeated in one mapping takes its last
value, silently, as kubectl's reader (sigs.k8s.io/yaml over go-yaml v2) takes it; each document
keeps go-yaml v3's words for its repeated keys (`Document.repeated`), which kustomize refuses.
Each document remembers where its fields start so messages can say `file:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .meta import json_kind
from .safe_yaml import InputError, check_text, raw_json, yaml_documents

__all__ = ["Document", "ManifestError", "load_documents", "line_of", "parse_path"]


class ManifestError(InputError):
    """A manifest that cannot be read; `str()` is `source:line: message`."""

    documents: list[Document] = []
    """The objects of the documents before the unreadable one: kubectl reads a stream one
    document at a time and sends those it read before it stops."""


@dataclass
class Document:
    obj: dict
    source: str
    line: int
    """1-based line where the document (or the List item) starts."""
    lines: dict[tuple, int] = field(default_factory=dict, repr=False, compare=False)
    """Field path (`("spec", "replicas")`, list items as ints) -> 1-based line of the key."""
    repeated: list[str] = field(default_factory=list, repr=False, compare=False)
    """Its keys repeated in one mapping, as go-yaml v3 says them (`line 7: mapping key "a"
    already defined at line 6`, lines counted from the document's own start): what kustomize
    refuses a resource file for. Empty for JSON documents."""


def _index(node: yaml.Node, path: tuple, lines: dict[tuple, int], source: str) -> None:
    """Record the line of every key and list item (a repeated key's last, whose value the
    document holds). Bounded: the safe loader has already refused deep nesting and alias bombs."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key, str):
                continue
            lines[path + (key,)] = key_node.start_mark.line + 1
            _index(value_node, path + (key,), lines, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _index(item, path + (i,), lines, source)


def repeated_keys(node: yaml.Node, offset: int) -> list[str]:
    """go-yaml v3's words for the keys repeated in each mapping, in its order: a mapping's own
    pairs first (each later use of a key against each earlier one), its values only when it has
    none; lines less `offset` (the line before the document's first)."""
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            keys = [k for k, _ in n.value]
            found = [f'line {b.start_mark.line + 1 - offset}: mapping key "{b.value}" already defined at line '
                     f'{a.start_mark.line + 1 - offset}'
                     for i, a in enumerate(keys) for b in keys[i + 1:]
                     if isinstance(a, yaml.ScalarNode) and isinstance(b, yaml.ScalarNode) and a.value == b.value
                     and a.tag != "tag:yaml.org,2002:merge"]
            if found:
                out += found
                continue
            stack.extend(reversed([v for _, v in n.value]))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
    return out


def _keep_first(node: yaml.Node) -> None:
    """Drop each later use of a key in a mapping: the first value stands (what kustomize's
    patches take)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen: set = set()
            kept = []
            for k, v in n.value:
                key = (k.tag, k.value) if isinstance(k, yaml.ScalarNode) else id(k)
                if key in seen and k.tag != "tag:yaml.org,2002:merge":
                    continue
                seen.add(key)
                kept.append((k, v))
            n.value = kept
            stack.extend(v for _, v in kept)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _manifest_error(e: InputError) -> ManifestError:
    return e if isinstance(e, ManifestError) else ManifestError(e.source, e.line, e.message, e.column)


def _documents_from_yaml(text: str, source: str, first: bool = False) -> list[tuple[Any, int, dict, dict]]:
    separators = [i + 1 for i, line in enumerate(text.splitlines()) if _separator(line)]
    out = []
    try:
        for data, node in yaml_documents(text, source, composed=_keep_first if first else None):
            lines: dict[tuple, int] = {}
            _index(node, (), lines, source)
            start = node.start_mark.line + 1
            offset = max((s for s in separators if s < start), default=0)
            items = _list_items(node)
            repeated = {i: repeated_keys(item, item.start_mark.line) for i, item in enumerate(items)} \
                if items is not None else {None: repeated_keys(node, offset)}
            out.append((data, start, lines, repeated))
    except InputError as e:
        raise _manifest_error(e) from None
    return out


def _list_items(node: yaml.Node) -> list[yaml.Node] | None:
    """The items of a `kind: *List` document (kustomize reads each as a document of its own)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    kind, items = fields.get("kind"), fields.get("items")
    if isinstance(kind, yaml.ScalarNode) and kind.value.endswith("List") and isinstance(items, yaml.SequenceNode):
        return list(items.value)
    return None


def _documents_from_json(text: str, source: str) -> list[tuple[Any, int, dict, dict]]:
    out: list[tuple[Any, int, dict, dict]] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return out
        line = text.count("\n", 0, pos) + 1
        try:
            data, pos = raw_json(text, source, 1, pos)
        except InputError as e:
            raise _manifest_error(e) from None
        out.append((data, line, {}, {}))


def _separator(line: str) -> bool:
    """kubectl's YAML reader ends a document at a line starting `---` with nothing after it but
    white space or a comment."""
    rest = line[3:].strip()
    return line.startswith("---") and (not rest or rest.startswith("#"))


def _documents_until_error(text: str, source: str, error: ManifestError, first: bool = False) -> ManifestError:
    """The stream read a document at a time, as kubectl reads it: the error of the first
    document that cannot be read, at its line in the file, with the documents before it."""
    lines = text.splitlines(keepends=True)
    starts = [0] + [i + 1 for i, line in enumerate(lines) if _separator(line)]
    read: list[tuple[Any, int, dict, dict]] = []
    for start, end in zip(starts, starts[1:] + [len(lines) + 1]):
        chunk = "\n" * start + "".join(lines[start:end - 1 if end <= len(lines) else end])
        try:
            read.extend(_documents_from_yaml(chunk, source, first))
        except ManifestError as e:
            try:
                e.documents = _objects(read, source)
            except ManifestError:
                e.documents = []
            return e
    return error


def load_documents(text: str, source: str, *, first_value: bool = False) -> list[Document]:
    """Every object in `text`: empty documents skipped, `List` / `*List` kinds expanded. A key
    repeated in a mapping takes its last value (kubectl's reader), its first with `first_value`
    (kustomize's patches)."""
    try:
        check_text(text, source)
    except InputError as e:
        raise _manifest_error(e) from None
    try:
        raw = _documents_from_yaml(text, source, first_value)
    except ManifestError as e:
        if not text.lstrip().startswith(("{", "[")):
            raise _documents_until_error(text, source, e, first_value) from None
        raw = _documents_from_json(text, source)
    return _objects(raw, source)


def _objects(raw: list[tuple[Any, int, dict, dict]], source: str) -> list[Document]:
    docs: list[Document] = []
    for data, line, lines, repeated in raw:
        if data is None:
            continue
        if not isinstance(data, dict):
            raise ManifestError(
                source, line, f"json: cannot unmarshal {json_kind(data)} into Go value of "
                              "type map[string]interface {}")
        kind = data.get("kind")
        if isinstance(kind, str) and kind.endswith("List") and isinstance(data.get("items"), list):
            for i, item in enumerate(data["items"]):
                if item is None:
                    continue
                if not isinstance(item, dict):
                    raise ManifestError(source, lines.get(("items", i), line),
                                        f"json: cannot unmarshal {json_kind(item)} into Go "
                                        "value of type map[string]interface {}")
                prefix = ("items", i)
                sub = {k[2:]: v for k, v in lines.items() if k[:2] == prefix}
                docs.append(Document(item, source, lines.get(prefix, line), sub, repeated.get(i, [])))
            continue
        docs.append(Document(data, source, line, lines, repeated.get(None, [])))
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
