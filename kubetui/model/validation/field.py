"""field.ErrorList in the API server's words, and how Go prints the values it quotes."""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from ..errors import ObjectInvalid
from ..kinds import Kind
from ..quantity import quantity_text


def go_value(value: Any) -> str:
    """How a Go field.Error prints a bad value: strings quoted, maps as `map[string]string{...}`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return quantity_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(k)}:{json.dumps(v)}" for k, v in sorted(value.items()))
        return "map[string]string{" + inner + "}"
    return repr(value)


def _supported(values: Iterable[str]) -> str:
    return "supported values: " + ", ".join(f'"{v}"' for v in values)


class Errors:
    """A field.ErrorList: each entry is (path, body) as Kubernetes' Error() would print it."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def required(self, path: str, detail: str = "") -> None:
        self.items.append((path, "Required value" + (f": {detail}" if detail else "")))

    def invalid(self, path: str, value: Any, detail: str, raw: str | None = None) -> None:
        shown = raw if raw is not None else go_value(value)
        self.items.append((path, f"Invalid value: {shown}: {detail}"))

    def unsupported(self, path: str, value: Any, supported: Iterable[str]) -> None:
        self.items.append((path, f"Unsupported value: {go_value(value)}: {_supported(supported)}"))

    def duplicate(self, path: str, value: Any) -> None:
        self.items.append((path, f"Duplicate value: {go_value(value)}"))

    def forbidden(self, path: str, detail: str) -> None:
        self.items.append((path, f"Forbidden: {detail}"))

    def not_found(self, path: str, value: Any) -> None:
        self.items.append((path, f"Not found: {go_value(value)}"))

    def non_negative(self, path: str, value: Any) -> None:
        if isinstance(value, int) and value < 0:
            self.invalid(path, value, "must be greater than or equal to 0")


class FieldInvalid(ObjectInvalid):
    """422 Invalid. `str()` is what kubectl prints (`The Deployment "web" is invalid: ...`).

    `causes` are (field, message) pairs as in the Status details; `server_message` is the
    Status message (`Deployment.apps "web" is invalid: [a, b]`), which kubectl shows when it
    reports several failed objects together.
    """

    def __init__(self, kind: Kind, name: str, causes: list[tuple[str, str]]):
        self.kind, self.name, self.causes = kind, name, causes
        qualified = f"{kind.kind}.{kind.group}" if kind.group else kind.kind
        lines = [f"{f}: {m}" if f else m for f, m in causes]
        body = lines[0] if len(lines) == 1 else "[" + ", ".join(lines) + "]"
        self.server_message = f'{qualified} "{name}" is invalid: {body}'
        head = f'The {kind.kind} "{name}" is invalid: '
        if len(lines) == 1:
            text = head + lines[0]
        else:
            text = head + "\n" + "\n".join(f"* {line}" for line in lines)
        super().__init__(text, reason="Invalid", raw=True)

    @property
    def paths(self) -> list[str]:
        return [f for f, _ in self.causes]

    def in_file(self, source: str, verb: str = "creating") -> str:
        return self.message


PERCENT = re.compile(r"^[0-9]+%$")


def percent_or_int(errs: Errors, path: str, value: Any) -> int | None:
    """IntOrString as Deployment strategies use it; returns the percent for range checks."""
    if isinstance(value, int):
        errs.non_negative(path, value)
        return None
    if isinstance(value, str):
        if not PERCENT.match(value):
            errs.invalid(path, value,
                         "a valid percent string must be a numeric string followed by an ending "
                         "'%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")
            return None
        return int(value[:-1])
    return None


def is_zero(value: Any) -> bool:
    return value == 0 or value == "0%"


def go_intstr(value: Any) -> str:
    if isinstance(value, int):
        return f'intstr.IntOrString{{Type:0, IntVal:{value}, StrVal:""}}'
    return f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{json.dumps(value)}}}"


def spec_non_negative(errs: Errors, spec: dict, *fields: str) -> None:
    for field in fields:
        errs.non_negative(f"spec.{field}", spec.get(field))
