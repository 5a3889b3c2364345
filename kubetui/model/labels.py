"""Label selectors: kubectl's `-l` syntax and the API's matchLabels / matchExpressions.

One parser for the text form (apimachinery's labels.Parse) and one matcher for every place a
selector picks objects: the store's list, controllers, the scheduler, validation, objectives.
An empty LabelSelector `{}` matches everything; a null one matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
        if self.operator == "In":  # first: every matchLabels entry is one
            return self.key in labels and labels[self.key] in self.values
        if self.operator == "Exists":
            return self.key in labels
        if self.operator == "DoesNotExist":
            return self.key not in labels
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
        for r in self.requirements:  # a loop, not all(...) over a generator: a controller asks per pod
            if not r.matches(labels):
                return False
        return True

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
            elif r.operator in ("Gt", "Lt") and len(r.values) == 1:
                parts.append(f"{r.key}{'>' if r.operator == 'Gt' else '<'}{r.values[0]}")
            else:
                parts.append(f"{r.key} {r.operator.lower()} ({','.join(r.values)})")
        return ",".join(parts)


_SPECIAL = "=!(),><"
_SYMBOLS = {"!": "!", "!=": "!=", "(": "(", ")": ")", ",": ",", "=": "=", "==": "==", ">": ">", "<": "<"}
_BINARY = "in, notin, =, ==, !=, gt, lt"
_END = ("end", "")


def _lex(text: str) -> list[tuple[str, str]]:
    """apimachinery's selector lexer: (token, literal) pairs, `in`/`notin` keywords, operators
    by longest match, identifiers up to white space or an operator character; then ("end", "")."""
    out, i, n = [], 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n or text[i] == "\0":
            out.append(_END)
            return out
        if text[i] in _SPECIAL:
            j, last = i, ""
            while j < n and text[j] in _SPECIAL and text[i:j + 1] in _SYMBOLS:
                last, j = text[i:j + 1], j + 1
            out.append((last, last))
            i = j
            continue
        j = i
        while j < n and text[j] not in _SPECIAL and text[j] not in " \t\r\n\0":
            j += 1
        word = text[i:j]
        out.append((word if word in ("in", "notin") else "id", word))
        i = j


class _Parser:
    """apimachinery's labels.Parse, for its acceptance and its messages."""

    def __init__(self, text: str):
        self.items = _lex(text)
        self.pos = 0

    def lookahead(self, values: bool = True) -> tuple[str, str]:
        tok, lit = self.items[self.pos]
        return ("id", lit) if values and tok in ("in", "notin") else (tok, lit)

    def consume(self, values: bool = True) -> tuple[str, str]:
        item = self.lookahead(values)
        self.pos += 1
        return item

    def parse(self) -> list[tuple[str, str, list[str]]]:
        terms: list[tuple[str, str, list[str]]] = []
        while True:
            tok, lit = self.lookahead()
            if tok == "end":
                return terms
            if tok not in ("id", "!"):
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")
            try:
                terms.append(self.requirement())
            except SelectorError as exc:
                raise SelectorError(f"unable to parse requirement: {exc}") from None
            tok, lit = self.consume()
            if tok == "end":
                return terms
            if tok != ",":
                raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
            if self.lookahead()[0] not in ("id", "!"):
                raise SelectorError(f"found '{self.lookahead()[1]}', expected: identifier after ','")

    def requirement(self) -> tuple[str, str, list[str]]:
        tok, lit = self.consume()
        op = ""
        if tok == "!":
            op = "!"
            tok, lit = self.consume()
        if tok != "id":
            raise SelectorError(f"found '{lit}', expected: identifier")
        key = lit
        _check_key(key, "<nil>")
        if op == "!" or self.lookahead()[0] in ("end", ","):
            return key, op, []
        tok, lit = self.consume(values=False)
        if tok not in ("in", "notin", "=", "==", "!=", ">", "<"):
            raise SelectorError(f"found '{lit}', expected: {_BINARY}")
        op = tok
        values = self.set_values() if op in ("in", "notin") else self.exact_value()
        values = sorted(set(values))
        _check_requirement(key, op, values)
        return key, op, values

    def set_values(self) -> list[str]:
        tok, lit = self.consume()
        if tok != "(":
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.lookahead()
        if tok == ")":
            self.consume()
            return [""]
        if tok not in ("id", ","):
            raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")
        values: list[str] = []
        while True:
            tok2, lit2 = self.consume()
            if tok2 == "id":
                values.append(lit2)
                nxt, nlit = self.lookahead()
                if nxt == ")":
                    break
                if nxt != ",":
                    raise SelectorError(f"found '{nlit}', expected: ',' or ')'")
            elif tok2 == ",":
                if not values:
                    values.append("")
                nxt = self.lookahead()[0]
                if nxt in (")", ","):
                    values.append("")
                    if nxt == ")":
                        break
            else:
                raise SelectorError(f"found '{lit2}', expected: ',', or identifier")
        if self.consume()[0] != ")":
            raise SelectorError(f"found '{lit}', expected: ')'")
        return values

    def exact_value(self) -> list[str]:
        if self.lookahead()[0] in ("end", ","):
            return [""]
        tok, lit = self.consume()
        if tok == "id":
            return [lit]
        raise SelectorError(f"found '{lit}', expected: identifier")


def _go_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check_key(key: str, path: str) -> None:
    from .validation.meta import qualified_name

    errs = qualified_name(key)
    if errs:
        raise SelectorError(f"{path}: Invalid value: {_go_quote(key)}: {'; '.join(errs)}")


def _check_requirement(key: str, op: str, values: list[str]) -> None:
    """NewRequirement's checks of the values (the key was checked as it was read)."""
    from .validation.meta import label_value

    errs = []
    if op in (">", "<"):
        for i, v in enumerate(values):
            if not re.fullmatch(r"[+-]?[0-9]+", v) or not -2**63 <= int(v) < 2**63:
                errs.append(f"values[{i}]: Invalid value: {_go_quote(v)}: for 'Gt', 'Lt' operators, the value "
                            "must be an integer")
    for i, v in enumerate(values):
        msgs = label_value(v)
        if msgs:
            errs.append(f"values[{i}][{key}]: Invalid value: {_go_quote(v)}: {'; '.join(msgs)}")
    if len(errs) == 1:
        raise SelectorError(errs[0])
    if errs:
        raise SelectorError("[" + ", ".join(errs) + "]")


def _terms(text: str) -> list[tuple[str, str, list[str]]]:
    """The terms of the text form as (key, operator as written, values); the operator is one of
    `=`, `==`, `!=`, `>`, `<`, `in`, `notin`, `!` (does not exist) or `` (exists)."""
    return _Parser(text).parse()


def parse(text: str | None) -> Selector:
    """Parse kubectl's `-l` text as the API server does: `app=web,tier!=db`, `env in (a,b)`,
    `!legacy`, `app`, `replicas>2`; errors in apimachinery's words."""
    if text is None or not text.strip():
        return Selector()
    reqs = []
    for key, op, values in _terms(text):
        if op == "!":
            reqs.append(Requirement(key, "DoesNotExist"))
        elif op in ("=", "==", "!="):
            reqs.append(Requirement(key, "NotIn" if op == "!=" else "In", tuple(values)))
        elif op in ("in", "notin"):
            reqs.append(Requirement(key, "In" if op == "in" else "NotIn", tuple(values)))
        elif op in (">", "<"):
            reqs.append(Requirement(key, "Gt" if op == ">" else "Lt", tuple(values)))
        else:
            reqs.append(Requirement(key, "Exists"))
    return Selector(tuple(reqs))


def to_label_selector(text: str) -> dict:
    """metav1.ParseToLabelSelector: equality terms become matchLabels, set terms matchExpressions."""
    labels: dict[str, str] = {}
    exprs: list[dict] = []
    try:
        terms = _terms(text)
    except SelectorError as exc:
        raise SelectorError(f'couldn\'t parse the selector string "{text}": {exc}') from None
    for key, op, values in terms:
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
