from fractions import Fraction

import pytest

from kubetui.model.quantity import (
    FORMAT_ERROR,
    cpu_millis,
    format_cpu,
    format_memory,
    memory_bytes,
    parse_quantity,
)


@pytest.mark.parametrize("text,value", [
    ("500m", Fraction(1, 2)),
    ("1.5", Fraction(3, 2)),
    ("1Gi", 2**30),
    ("512M", 512 * 10**6),
    ("1e3", 1000),
    ("1E-3", Fraction(1, 1000)),
    ("100Ki", 102400),
    ("250u", Fraction(1, 4000)),
    ("5n", Fraction(5, 10**9)),
    ("2k", 2000),
    (".5", Fraction(1, 2)),
    ("-1", -1),
    (3, 3),
    (0.25, Fraction(1, 4)),
])
def test_parse_is_exact(text, value):
    assert parse_quantity(text) == value


def test_tenths_add_up_exactly():
    assert parse_quantity("0.1") + parse_quantity("0.2") == parse_quantity("300m")


@pytest.mark.parametrize("bad", ["abc", "1Gb", "", "1 Gi", "Gi", "1.2.3", True])
def test_malformed_quantities_use_kubernetes_message(bad):
    with pytest.raises(ValueError) as e:
        parse_quantity(bad)
    assert str(e.value) == FORMAT_ERROR


def test_bad_suffix_message():
    with pytest.raises(ValueError, match="unable to parse quantity's suffix"):
        parse_quantity("1mi")


@pytest.mark.parametrize("text,millis", [
    ("500m", 500), ("1", 1000), ("0.0001", 1), ("1.0005", 1001), (2, 2000), ("100u", 1),
])
def test_cpu_millis_rounds_up(text, millis):
    assert cpu_millis(text) == millis


def test_memory_bytes():
    assert memory_bytes("128Mi") == 128 * 2**20
    assert memory_bytes("1G") == 10**9
    assert memory_bytes("1.5") == 2  # rounded up like Value()
    assert memory_bytes("1e3") == 1000


@pytest.mark.parametrize("millis,text", [(500, "500m"), (2000, "2"), (0, "0"), (1500, "1500m")])
def test_format_cpu(millis, text):
    assert format_cpu(millis) == text


@pytest.mark.parametrize("nbytes,text", [
    (128 * 2**20, "128Mi"), (2**30, "1Gi"), (1536 * 2**20, "1536Mi"), (1000, "1000"),
    (0, "0"), (2**10, "1Ki"), (3 * 2**40, "3Ti"),
])
def test_format_memory(nbytes, text):
    assert format_memory(nbytes) == text
