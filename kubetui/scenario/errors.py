"""Errors of scenario files and scripts, each message already in `file:line: message` form."""

from __future__ import annotations


class ScenarioError(Exception):
    """One or more problems found in a scenario, a manifest it names, or a script.

    `messages` are `file:line: message` lines, in file order, ready to print to stderr.
    """

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


class ScriptError(ScenarioError):
    """A script (reference solution, headless moves) that cannot be parsed."""
