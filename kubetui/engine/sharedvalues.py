"""Tables of values many objects hold alike (a condition, a start log, an image's names), one
object each: the store's objects are never changed in place, so thousands of pods may share
their parts. Each table is bounded, so a long game does not grow it for ever."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V")

AT_MOST = 65536


def keep(table: dict, key: object, value: V, at_most: int = AT_MOST) -> V:
    """`table[key] = value`, emptying the table first when it already holds `at_most` entries."""
    if len(table) >= at_most:
        table.clear()
    table[key] = value
    return value


def per_command(table: dict, behavior: object, image: str, command: list | None, args: list | None,
                make: Callable[[], V], *extra: object, at_most: int = 1024) -> V:
    """`make()` for a container's image behaviour and command (and `extra`), worked out once for
    every container of a template that has the same ones. A command with an unhashable word is
    worked out for its container alone."""
    key = (id(behavior), image, None if command is None else tuple(command),
           None if args is None else tuple(args), *extra)
    try:
        found = table.get(key)
    except TypeError:
        return make()
    if found is not None and found[0] is behavior:
        return found[1]
    value = make()
    keep(table, key, (behavior, value), at_most)
    return value
