"""Label selectors: kubectl's `-l` syntax and the API's matchLabels / matchExpressions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TERM = re.compile(
    r"^\s*(?:(?P<notexists>!)\s*(?P<nkey>[\w./-]+)"
    r"|(?P<key>[\w./-]+)\s*(?:(?P<op>==|=|!=)\s*(?P<value>[\w.-]*)"
    r"|\s+(?P<setop>in|notin)\s*\((?P<values>[^)]*)\))?)\s*$"
)


class SelectorError(ValueError):
    pass


@dataclass(frozen=True)
class Requirement:
    key: str
    operator: str
    """In, NotIn, Exists, DoesNotExist (Equals is In with one value)."""
    values: tuple[str, ...] = ()

    def matches(self, labels: dict) -> bool:
        if self.operator == "Exists":
            return self.key in labels
        if self.operator == "DoesNotExist":
            return self.key not in labels
        if self.operator == "In":
            return self.key in labels and labels[self.key] in self.values
        if self.operator == "NotIn":
            return self.key not in labels or labels[self.key] not in self.values
        if self.operator in ("Gt", "Lt"):
            try:
                v, bound = int(labels[self.key]), int(self.values[0])
            except (KeyError, ValueError, IndexError):
                return False
            return v > bound if self.operator == "Gt" else v < bound
        return False


@dataclass(frozen=True)
class Selector:
    requirements: tuple[Requirement, ...] = field(default_factory=tuple)
    nothing: bool = False
    """A null selector matches nothing; an empty one matches everything."""

    def matches(self, labels: dict | None) -> bool:
        if self.nothing:
            return False
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.requirements and not self.nothing

    def __str__(self) -> str:
        parts = []
        for r in self.requirements:
            if r.operator == "In" and len(r.values) == 1:
                parts.append(f"{r.key}={r.values[0]}")
            elif r.operator == "Exists":
                parts.append(r.key)
            elif r.operator == "DoesNotExist":
                parts.append(f"!{r.key}")
            elif r.operator == "NotIn" and len(r.values) == 1:
                parts.append(f"{r.key}!={r.values[0]}")
            else:
                parts.append(f"{r.key} {r.operator.lower()} ({','.join(r.values)})")
        return ",".join(parts)


def _split_terms(text: str) -> list[str]:
    terms, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            terms.append(cur)
            cur = ""
        else:
            cur += ch
    terms.append(cur)
    return terms


def parse(text: str | None) -> Selector:
    """Parse kubectl's `-l` text: `app=web,tier!=db`, `env in (a,b)`, `!legacy`, `app`."""
    if text is None or not text.strip():
        return Selector()
    reqs = []
    for term in _split_terms(text):
        m = _TERM.match(term)
        if not m:
            raise SelectorError(f"unable to parse requirement: {term.strip()!r}")
        if m.group("notexists"):
            reqs.append(Requirement(m.group("nkey"), "DoesNotExist"))
        elif m.group("op"):
            op = "NotIn" if m.group("op") == "!=" else "In"
            reqs.append(Requirement(m.group("key"), op, (m.group("value"),)))
        elif m.group("setop"):
            vals = tuple(sorted(v.strip() for v in m.group("values").split(",") if v.strip()))
            reqs.append(Requirement(m.group("key"), "In" if m.group("setop") == "in" else "NotIn", vals))
        else:
            reqs.append(Requirement(m.group("key"), "Exists"))
    return Selector(tuple(reqs))


def from_label_selector(sel: dict | None) -> Selector:
    """A LabelSelector (`matchLabels`, `matchExpressions`) from a spec; None matches nothing."""
    if sel is None:
        return Selector(nothing=True)
    reqs = [Requirement(k, "In", (str(v),)) for k, v in sorted((sel.get("matchLabels") or {}).items())]
    for expr in sel.get("matchExpressions") or ():
        reqs.append(Requirement(expr["key"], expr["operator"], tuple(expr.get("values") or ())))
    return Selector(tuple(reqs))


def from_map(labels: dict | None) -> Selector:
    """A plain map selector (Service, ReplicationController); empty or None matches nothing."""
    if not labels:
        return Selector(nothing=True)
    return Selector(tuple(Requirement(k, "In", (str(v),)) for k, v in sorted(labels.items())))
