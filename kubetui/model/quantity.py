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
