"""The editor `kubectl edit` launches ($KUBE_EDITOR, else $EDITOR, else vi), for scripts.

A script cannot drive vi, but exam answers often edit non-interactively:
`KUBE_EDITOR="sed -i 's/replicas: 1/replicas: 3/'" kubectl edit deploy/web`. kubetui runs the
editors such a line can name on the buffer kubectl would open: `sed -i` (s and d commands, BRE
or `-E`), and the no-op editors `true`, `:` and `cat`. Any other editor cannot be launched here,
which kubectl reports in its own words.
"""

from __future__ import annotations

import re
import shlex

from kubetui.engine.kubelet.shell.applets import bre

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


# --------------------------------------------------------------------------- sed

def _sed(args: list[str], text: str, command: str) -> str:
    scripts: list[str] = []
    in_place = extended = False
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a.startswith("-i") or a.startswith("--in-place"):
            in_place = True
        elif a in ("-E", "-r", "--regexp-extended"):
            extended = True
        elif a == "-e" and i < len(args):
            scripts.append(args[i])
            i += 1
        elif a.startswith("-e"):
            scripts.append(a[2:])
        elif a.startswith("-") and a != "-":
            raise EditorError(f'unable to launch the editor "{command}": sed option {a} is not available in '
                              "kubetui")
        else:
            rest.append(a)
    if not scripts and rest:
        scripts.append(rest.pop(0))
    if not in_place:
        raise EditorError(f'unable to launch the editor "{command}": without -i sed leaves the file unchanged')
    commands = [c for s in scripts for c in _sed_commands(s, extended, command)]
    lines = text.split("\n")
    trailing = lines[-1] == ""
    if trailing:
        lines.pop()
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        deleted = False
        for address, op, arg in commands:
            if not _matches(address, number, line, len(lines)):
                continue
            if op == "d":
                deleted = True
                break
            pattern, replacement, count = arg
            line = pattern.sub(lambda m, r=replacement: _expand(r, m), line, count=count)
        if not deleted:
            out.append(line)
    return "\n".join(out) + ("\n" if trailing else "")


def _matches(address, number: int, line: str, last: int) -> bool:
    if address is None:
        return True
    if address == "$":
        return number == last
    if isinstance(address, int):
        return number == address
    return address.search(line) is not None


def _sed_commands(script: str, extended: bool, command: str) -> list:
    out = []
    i = 0
    while i < len(script):
        while i < len(script) and script[i] in " \t\n;":
            i += 1
        if i >= len(script):
            break
        address, i = _address(script, i, extended, command)
        if i >= len(script):
            raise EditorError(f'unable to launch the editor "{command}": sed: missing command')
        op = script[i]
        if op == "d":
            out.append((address, "d", None))
            i += 1
        elif op == "s":
            (pattern, replacement, flags), i = _substitution(script, i + 1, command)
            count = 0 if "g" in flags else int(next((f for f in re.findall(r"\d+", flags)), "1"))
            if count > 1:
                raise EditorError(f'unable to launch the editor "{command}": sed s///N is not available in kubetui')
            regex = re.compile(_regex(pattern, extended), re.I if ("I" in flags or "i" in flags) else 0)
            out.append((address, "s", (regex, replacement, count)))
        else:
            raise EditorError(f'unable to launch the editor "{command}": sed command "{op}" is not available '
                              "in kubetui")
    return out


def _address(script: str, i: int, extended: bool, command: str):
    if script[i].isdigit():
        m = re.match(r"\d+", script[i:])
        return int(m.group()), i + len(m.group())
    if script[i] == "$":
        return "$", i + 1
    if script[i] == "/":
        end = _unescaped(script, i + 1, "/", command)
        return re.compile(_regex(script[i + 1:end], extended)), end + 1
    return None, i


def _unescaped(s: str, i: int, delim: str, command: str) -> int:
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == delim:
            return i
        i += 1
    raise EditorError(f'unable to launch the editor "{command}": sed: unterminated expression')


def _substitution(script: str, i: int, command: str):
    delim = script[i]
    a = _unescaped(script, i + 1, delim, command)
    b = _unescaped(script, a + 1, delim, command)
    m = re.match(r"[gIip0-9]*", script[b + 1:])
    pattern = script[i + 1:a].replace("\\" + delim, delim)
    replacement = script[a + 1:b].replace("\\" + delim, delim)
    return (pattern, replacement, m.group()), b + 1 + len(m.group())


def _regex(pattern: str, extended: bool) -> str:
    """POSIX BRE (or ERE) as a Python pattern, as the container shell's grep reads it."""
    return pattern if extended else bre(pattern)


def _expand(replacement: str, m: re.Match) -> str:
    out = []
    i = 0
    while i < len(replacement):
        ch = replacement[i]
        if ch == "\\" and i + 1 < len(replacement):
            nxt = replacement[i + 1]
            out.append(m.group(int(nxt)) or "" if nxt.isdigit() else "\n" if nxt == "n" else
                       "\t" if nxt == "t" else nxt)
            i += 2
            continue
        out.append(m.group(0) if ch == "&" else ch)
        i += 1
    return "".join(out)
