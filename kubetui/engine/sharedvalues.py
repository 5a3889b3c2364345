"""Tables of values many objects hold alike (a condition, a start log, an image's names), one
object each: the store's objects are never changed in place, so thousands of pods may share
their parts. Each table is bounded, so a long game does not grow it for ever."""

from __future__ import annotations

from typing import TypeVar

V = TypeVar("V")

AT_MOST = 65536


def keep(table: dict, key: object, value: V, at_most: int = AT_MOST) -> V:
    """`table[key] = value`, emptying the table first when it already holds `at_most` entries."""
    if len(table) >= at_most:
        table.clear()
    table[key] = value
    return value
