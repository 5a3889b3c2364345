"""Fixtures for the kubectl tests; the builders live in `printer_kit` (a unique module name,
so that test folders' helpers never shadow each other)."""

from printer_kit import view  # noqa: F401
