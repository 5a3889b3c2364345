"""Fixtures for the engine tests; the builders live in `engine_kit` (a unique module name,
so that test folders' helpers never shadow each other)."""

from engine_kit import sim  # noqa: F401
