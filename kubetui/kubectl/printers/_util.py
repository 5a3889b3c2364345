"""Small helpers shared by the printers: dict access, labels, selectors, quantities."""

from fractions import Fraction

from kubetui.model.kinds import KINDS


def dig(obj, *path, default=None):
    """obj[path[0]][path[1]]..., or `default` when any step is missing."""
    cur = obj
    for key in path:
        if isinstance(cur, dict):
            cur = cur.get(key)
        elif isinstance(cur, list) and isinstance(key, int) and -len(cur) <= key < len(cur):
            cur = cur[key]
        else:
            return default
        if cur is None:
            return default
    return cur


def meta(obj: dict) -> dict:
    return obj.get("metadata") or {}


def format_labels(labels: dict | None) -> str:
    """labels.FormatLabels: `a=1,b=2` sorted by key, `<none>` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def format_selector(selector: dict | None) -> str:
    """metav1.FormatLabelSelector: matchLabels then expressions, `<none>` when empty."""
    if selector is None:
        return "<none>"
    parts = _selector_parts(selector)
    return ",".join(parts) if parts else "<none>"


def selector_string(selector: dict | None) -> str:
    """labels.Selector.String() of a LabelSelector: requirements sorted by key ("" if empty)."""
    if not selector:
        return ""
    return ",".join(_selector_parts(selector, sort=True))


def _selector_parts(selector: dict, sort: bool = False) -> list[str]:
    reqs: list[tuple[str, str]] = []
    for k, v in sorted((selector.get("matchLabels") or {}).items()):
        reqs.append((k, f"{k}={v}"))
    for expr in selector.get("matchExpressions") or []:
        key, op = expr.get("key", ""), expr.get("operator", "")
        values = expr.get("values") or []
        if op == "In":
            text = f"{key} in ({','.join(sorted(values) if sort else values)})"
        elif op == "NotIn":
            text = f"{key} notin ({','.join(sorted(values) if sort else values)})"
        elif op == "Exists":
            text = key
        elif op == "DoesNotExist":
            text = f"!{key}"
        else:
            text = f"{key} {op} {values}"
        reqs.append((key, text))
    if sort:
        reqs.sort(key=lambda r: r[0])
    return [t for _, t in reqs]


def kind_ref(kind: str) -> str:
    """`pod`, `deployment.apps`: the prefix kubectl puts before names of a kind."""
    k = KINDS.get(kind)
    return k.ref if k else kind.lower()


def controller_of(obj: dict) -> dict | None:
    for ref in meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


# --- resource quantities --------------------------------------------------------------

_BIN = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DEC = {"n": Fraction(1, 10**9), "u": Fraction(1, 10**6), "m": Fraction(1, 1000), "": 1,
        "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18}


class Quantity:
    """A resource.Quantity: exact value plus the format its String() keeps."""

    __slots__ = ("value", "fmt")

    def __init__(self, value: Fraction | int = 0, fmt: str = "DecimalSI"):
        self.value = Fraction(value)
        self.fmt = fmt

    @classmethod
    def parse(cls, text) -> "Quantity":
        if isinstance(text, Quantity):
            return text
        if text is None or text == "":
            return cls()
        if isinstance(text, (int, float)):
            return cls(Fraction(str(text)))
        s = str(text).strip()
        for suf, mult in _BIN.items():
            if s.endswith(suf):
                return cls(Fraction(s[: -len(suf)]) * mult, "BinarySI")
        if "e" in s.lower() and not s.lower().endswith("e"):
            num, _, exp = s.lower().partition("e")
            return cls(Fraction(num) * Fraction(10) ** int(exp), "DecimalExponent")
        suf = s[-1] if s and s[-1] in _DEC else ""
        num = s[: -1] if suf else s
        return cls(Fraction(num) * _DEC[suf], "DecimalSI")

    def __add__(self, other: "Quantity") -> "Quantity":
        if self.value == 0 and self.fmt == "DecimalSI" and other.value != 0:
            return Quantity(other.value, other.fmt)
        return Quantity(self.value + other.value, self.fmt)

    def milli(self) -> int:
        return -((-self.value * 1000) // 1)

    def units(self) -> int:
        return -((-self.value) // 1)

    def __str__(self) -> str:
        v = self.value
        if v == 0:
            return "0"
        # Quantities keep nano precision, rounding up like Kubernetes does.
        v = Fraction(-((-v * 10**9) // 1), 10**9)
        if self.fmt == "BinarySI" and v.denominator == 1 and abs(v) >= 1024:
            n = int(v)
            for suf in ("Ei", "Pi", "Ti", "Gi", "Mi", "Ki"):
                if n % _BIN[suf] == 0:
                    return f"{n // _BIN[suf]}{suf}"
            return str(n)
        for suf, exp in (("E", 18), ("P", 15), ("T", 12), ("G", 9), ("M", 6), ("k", 3), ("", 0),
                         ("m", -3), ("u", -6), ("n", -9)):
            scaled = v / Fraction(10) ** exp
            if scaled.denominator == 1:
                return f"{int(scaled)}{suf}"
        return str(float(v))


def quantity(text) -> Quantity:
    return Quantity.parse(text)


def canonical(text) -> str:
    """A quantity string as the API server would print it back (`1000m` -> `1`)."""
    if text is None:
        return "0"
    try:
        return str(Quantity.parse(text))
    except (ValueError, ZeroDivisionError):
        return str(text)
