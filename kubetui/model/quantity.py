"""Kubernetes resource quantities ("500m", "1.5", "1Gi", "512M", "1e3"), kept exact.

Values are `fractions.Fraction`, so `0.1 + 0.2` CPUs is exactly 300m and sums over many pods
never drift. Parsing is cached: the same few strings ("100m", "128Mi") recur on every pod.
"""

import re
from fractions import Fraction
from functools import lru_cache

FORMAT_ERROR = (
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)
SUFFIX_ERROR = "unable to parse quantity's suffix"

_SHAPE = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_EXPONENT = re.compile(r"^[eE][-+]?[0-9]+$")

_SUFFIXES: dict[str, Fraction] = {
    "": Fraction(1),
    "n": Fraction(1, 10**9),
    "u": Fraction(1, 10**6),
    "m": Fraction(1, 1000),
    "k": Fraction(10**3),
    "M": Fraction(10**6),
    "G": Fraction(10**9),
    "T": Fraction(10**12),
    "P": Fraction(10**15),
    "E": Fraction(10**18),
    "Ki": Fraction(2**10),
    "Mi": Fraction(2**20),
    "Gi": Fraction(2**30),
    "Ti": Fraction(2**40),
    "Pi": Fraction(2**50),
    "Ei": Fraction(2**60),
}

_BINARY = [("Ei", 2**60), ("Pi", 2**50), ("Ti", 2**40), ("Gi", 2**30), ("Mi", 2**20), ("Ki", 2**10)]


def quantity_text(q: str | int | float) -> str:
    """The string form of a quantity as JSON carries it (a bare YAML number becomes its text)."""
    if isinstance(q, str):
        return q
    if isinstance(q, bool):
        raise ValueError(FORMAT_ERROR)
    if isinstance(q, int):
        return str(q)
    if isinstance(q, float):
        if q.is_integer() and abs(q) < 1e18:
            return str(int(q))
        return repr(q)
    raise ValueError(FORMAT_ERROR)


@lru_cache(maxsize=4096)
def _parse(text: str) -> Fraction:
    m = _SHAPE.match(text)
    if not m:
        raise ValueError(FORMAT_ERROR)
    number, suffix = m.groups()
    if not _NUMBER.match(number):
        raise ValueError(FORMAT_ERROR)
    value = Fraction(number)
    if suffix in _SUFFIXES:
        return value * _SUFFIXES[suffix]
    if _EXPONENT.match(suffix):
        return value * Fraction(10) ** int(suffix[1:])
    raise ValueError(SUFFIX_ERROR)


def parse_quantity(q: str | int | float | Fraction) -> Fraction:
    """Exact value of a quantity; ValueError with Kubernetes' message when it is malformed."""
    if isinstance(q, Fraction):
        return q
    return _parse(quantity_text(q))


def _ceil(f: Fraction) -> int:
    return -((-f.numerator) // f.denominator)


def cpu_millis(q: str | int | float | Fraction) -> int:
    """Millicores, rounded up as Kubernetes' `MilliValue()` does ("0.0001" -> 1)."""
    return _ceil(parse_quantity(q) * 1000)


def memory_bytes(q: str | int | float | Fraction) -> int:
    """Bytes, rounded up as Kubernetes' `Value()` does."""
    return _ceil(parse_quantity(q))


def format_cpu(millis: int) -> str:
    """`500m`, `2`: whole cores without a suffix, as kubectl shows them."""
    if millis % 1000 == 0:
        return str(millis // 1000)
    return f"{millis}m"


def format_memory(nbytes: int) -> str:
    """`128Mi`, `1Gi`; plain bytes when no binary suffix divides the value exactly."""
    if nbytes == 0:
        return "0"
    for suffix, size in _BINARY:
        if nbytes % size == 0:
            return f"{nbytes // size}{suffix}"
    return str(nbytes)


_DECIMAL_SUFFIX = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_BINARY_SUFFIX = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
_NANO = Fraction(1, 10**9)


def _format_of(text: str) -> str:
    """The suffix family a quantity was written in: DecimalSI, BinarySI or DecimalExponent."""
    m = _SHAPE.match(text)
    suffix = m.group(2) if m else ""
    if suffix.endswith("i"):
        return "BinarySI"
    if _EXPONENT.match(suffix):
        return "DecimalExponent"
    return "DecimalSI"


def _decimal(value: Fraction, exponent_form: bool) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    mantissa, exponent = int(value / _NANO), -9
    while mantissa and mantissa % 10 == 0:
        mantissa, exponent = mantissa // 10, exponent + 1
    shift = exponent % 3
    mantissa, exponent = mantissa * 10**shift, exponent - shift
    if exponent_form or exponent > 18:
        return f"{sign}{mantissa}" + (f"e{exponent}" if exponent else "")
    return f"{sign}{mantissa}{_DECIMAL_SUFFIX[exponent]}"


@lru_cache(maxsize=4096)
def canonical_quantity(q: str | int | float) -> str:
    """The form the API server stores and prints a quantity in (Go's `Quantity.String()`):
    the suffix family as written (decimal, binary, exponent), the largest suffix that keeps the
    number whole (`2000m` -> `2`, `4096Mi` -> `4Gi`, `0.5` -> `500m`, `1000Mi` stays), binary
    falling back to decimal below 1024 or for fractions, and nano as the finest precision
    (rounded up, away from zero)."""
    text = quantity_text(q)
    value = parse_quantity(text)
    nanos = value / _NANO
    if nanos.denominator != 1:
        whole = -((-abs(nanos.numerator)) // nanos.denominator)
        value = (whole if value > 0 else -whole) * _NANO
    if value == 0:
        return "0"
    form = _format_of(text)
    if form == "BinarySI" and abs(value) >= 1024 and value.denominator == 1:
        n, power = abs(value.numerator), 0
        while n % 1024 == 0 and power < len(_BINARY_SUFFIX) - 1:
            n, power = n // 1024, power + 1
        return f"{'-' if value < 0 else ''}{n}{_BINARY_SUFFIX[power]}"
    return _decimal(value, form == "DecimalExponent")
