"""The editor `kubectl edit` launches ($KUBE_EDITOR, else $EDITOR, else vi), for scripts.

A script cannot drive vi, but exam answers often edit non-interactively:
`KUBE_EDITOR="sed -i 's/replicas: 1/replicas: 3/'" kubectl edit deploy/web`. kubetui runs the
editors such a line can name on the buffer kubectl would open: `sed -i` (the container shell's
busybox sed: engine/kubelet/shell/sed.py), and the no-op editors `true`, `:` and `cat`. Any other editor cannot be launched here,
which kubectl reports in its own words.
"""

from __future__ import annotations

import shlex

from kubetui.engine.kubelet.shell import sed

__all__ = ["EditorError", "editor_command", "run_editor"]


class EditorError(Exception):
    """The editor could not run or failed; `str()` is kubectl's error line without `error: `."""


def editor_command(env: dict[str, str]) -> str:
    return env.get("KUBE_EDITOR") or env.get("EDITOR") or "vi"


def run_editor(command: str, text: str) -> str:
    """What the editor leaves in the file when it exits, given the file's `text`."""
    try:
        words = shlex.split(command)
    except ValueError:
        raise EditorError(f'unable to launch the editor "{command}"') from None
    if not words:
        raise EditorError('unable to launch the editor ""')
    program = words[0].rsplit("/", 1)[-1]
    if program in ("true", ":", "cat"):
        return text
    if program == "sed":
        return _sed(words[1:], text, command)
    raise EditorError(f'unable to launch the editor "{command}"')


def _sed(args: list[str], text: str, command: str) -> str:
    """The container shell's busybox sed (one sed in kubetui), run on kubectl's buffer."""
    try:
        options = sed.parse_options(args)
        commands = sed.compile_script(options.scripts, options.extended)
    except sed.SedError as e:
        raise EditorError(f'unable to launch the editor "{command}": sed: {e}') from None
    if not options.in_place:
        raise EditorError(f'unable to launch the editor "{command}": without -i sed leaves the file unchanged')
    return sed.edit(commands, text, options.quiet)
