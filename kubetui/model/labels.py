"""Label selectors: kubectl's `-l` syntax and the API's matchLabels / matchExpressions.

One parser for the text form (apimachinery's labels.Parse) and one matcher for every place a
selector picks objects: the store's list, controllers, the scheduler, validation, objectives.
An empty LabelSelector `{}` matches everything; a null one matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TERM = re.compile(
    r"^\s*(?:(?P<notexists>!)\s*(?P<nkey>[\w./-]+)"
    r"|(?P<key>[\w./-]+)\s*(?:(?P<op>==|=|!=|>|<)\s*(?P<value>[\w.-]*)"
    r"|\s+(?P<setop>in|notin)\s*\((?P<values>[^)]*)\))?)\s*$"
)

LABEL_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")
"""The operators a LabelSelector's matchExpressions may use."""


class SelectorError(ValueError):
    pass


@dataclass(frozen=True)
class Requirement:
    key: str
    operator: str
    """In, NotIn, Exists, DoesNotExist (Equals is In with one value); Gt, Lt in node-selector terms."""
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


def _term(term: str) -> tuple[str, str, list[str]]:
    """One term of the text form as (key, operator as written, values); the operator is one of
    `=`, `==`, `!=`, `>`, `<`, `in`, `notin`, `!` (does not exist) or `` (exists)."""
    m = _TERM.match(term)
    if not m:
        raise SelectorError(f"unable to parse requirement: {term.strip()!r}")
    if m.group("notexists"):
        return m.group("nkey"), "!", []
    if m.group("op"):
        return m.group("key"), m.group("op"), [m.group("value")]
    if m.group("setop"):
        return m.group("key"), m.group("setop"), [v.strip() for v in m.group("values").split(",") if v.strip()]
    return m.group("key"), "", []


def parse(text: str | None) -> Selector:
    """Parse kubectl's `-l` text: `app=web,tier!=db`, `env in (a,b)`, `!legacy`, `app`."""
    if text is None or not text.strip():
        return Selector()
    reqs = []
    for term in _split_terms(text):
        key, op, values = _term(term)
        if op == "!":
            reqs.append(Requirement(key, "DoesNotExist"))
        elif op in ("=", "==", "!="):
            reqs.append(Requirement(key, "NotIn" if op == "!=" else "In", tuple(values)))
        elif op in ("in", "notin"):
            reqs.append(Requirement(key, "In" if op == "in" else "NotIn", tuple(sorted(values))))
        elif op:
            raise SelectorError(f"unable to parse requirement: {term.strip()!r}")
        else:
            reqs.append(Requirement(key, "Exists"))
    return Selector(tuple(reqs))


def to_label_selector(text: str) -> dict:
    """metav1.ParseToLabelSelector: equality terms become matchLabels, set terms matchExpressions."""
    labels: dict[str, str] = {}
    exprs: list[dict] = []
    for term in _split_terms(text):
        try:
            key, op, values = _term(term)
        except SelectorError as exc:
            raise SelectorError(f'couldn\'t parse the selector string "{text}": {exc}') from None
        if op == "!":
            exprs.append({"key": key, "operator": "DoesNotExist"})
        elif op in ("=", "=="):
            labels[key] = values[0]
        elif op in (">", "<"):
            raise SelectorError(f'"{"gt" if op == ">" else "lt"}" isn\'t supported in label selectors')
        elif op == "!=":
            raise SelectorError(f'"{op}" is not a valid label selector operator')
        elif op in ("in", "notin"):
            exprs.append({"key": key, "operator": "In" if op == "in" else "NotIn", "values": sorted(set(values))})
        else:
            exprs.append({"key": key, "operator": "Exists"})
    selector: dict = {}
    if exprs:
        selector["matchExpressions"] = sorted(exprs, key=lambda e: e["key"])
    if labels:
        selector["matchLabels"] = labels
    return selector


def requirement(expr: dict) -> Requirement:
    """A matchExpressions entry (of a LabelSelector or a node-selector term) as a Requirement."""
    return Requirement(expr.get("key") or "", expr.get("operator") or "", tuple(expr.get("values") or ()))


def from_label_selector(sel: dict | None) -> Selector:
    """A LabelSelector (`matchLabels`, `matchExpressions`) from a spec; None matches nothing."""
    if sel is None:
        return Selector(nothing=True)
    reqs = [Requirement(k, "In", (str(v),)) for k, v in sorted((sel.get("matchLabels") or {}).items())]
    reqs.extend(requirement(expr) for expr in sel.get("matchExpressions") or ())
    return Selector(tuple(reqs))


def selector_matches(selector: dict | None, labels: dict | None) -> bool:
    """Whether a LabelSelector selects `labels` (a null selector selects nothing)."""
    return from_label_selector(selector).matches(labels)


def from_map(labels: dict | None) -> Selector:
    """A plain map selector (Service, ReplicationController); empty or None matches nothing."""
    if not labels:
        return Selector(nothing=True)
    return Selector(tuple(Requirement(k, "In", (str(v),)) for k, v in sorted(labels.items())))
