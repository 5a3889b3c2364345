"""API versions Kubernetes has removed (data: removed_apis.yaml), so that a manifest written for
an old cluster gets, beside kubectl's own `no matches for kind` error, the version to use now."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_NO_MATCH = re.compile(r'no matches for kind "([^"]+)" in version "([^"]+)"')


@dataclass(frozen=True)
class RemovedApi:
    kind: str
    version: str
    replacement: str | None
    removed_in: str
    note: str = ""
    note_ko: str = ""


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], RemovedApi]:
    rows = yaml.safe_load((Path(__file__).with_name("removed_apis.yaml")).read_text(encoding="utf-8"))
    out: dict[tuple[str, str], RemovedApi] = {}
    for row in rows:
        for kind in row["kinds"]:
            out[(row["version"], kind)] = RemovedApi(kind, row["version"], row.get("replacement"),
                                                     str(row["removedIn"]), row.get("note") or "",
                                                     row.get("noteKo") or "")
    return out


def removed_api(api_version: str, kind: str) -> RemovedApi | None:
    """The removal record of `kind` in `api_version`, or None when that version was never removed."""
    return _table().get((api_version, kind))


def removed_in_error(text: str) -> list[RemovedApi]:
    """Every removed API that kubectl's error text (`no matches for kind ... in version ...`) names."""
    found: list[RemovedApi] = []
    for kind, version in _NO_MATCH.findall(text or ""):
        record = removed_api(version, kind)
        if record is not None and record not in found:
            found.append(record)
    return found


@lru_cache(maxsize=1)
def _deprecated() -> dict[tuple[str, str], tuple[str, str, str | None]]:
    """(apiVersion, kind) -> (deprecated in, removed in or "", replacement), from deprecated_apis.yaml."""
    rows = yaml.safe_load((Path(__file__).with_name("deprecated_apis.yaml")).read_text(encoding="utf-8"))
    return {(row["version"], row["kind"]): (str(row["deprecatedIn"]), str(row.get("removedIn") or ""),
                                            row.get("replacement")) for row in rows}


def deprecation_warning(api_version: str, kind: str) -> str | None:
    """The warning a real API server sends (a `299` Warning header) with every request for a
    deprecated API; apiserver's deprecation.WarningMessage wording."""
    row = _deprecated().get((api_version, kind))
    if row is None:
        return None
    deprecated, removed, replacement = row
    text = f"{api_version} {kind} is deprecated in v{deprecated}+"
    if removed:
        text += f", unavailable in v{removed}+"
    return text + (f"; use {replacement}" if replacement else "")
