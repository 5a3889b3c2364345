"""Scripts: one command per line, exactly what a player types.

    # scale before the traffic arrives
    @120 kubectl scale deploy/web --replicas=5     wait until tick 120, then run
    wait 30                                         30 more ticks
    NS=shop                                         a variable of the player's shell (`export`
    kubectl apply -f - <<EOF                        too); the lines up to EOF are the command's
    apiVersion: v1                                  stdin, `$NS` and `$(kubectl …)` in them
    metadata: {namespace: $NS}                      expanded as sh does (not with <<'EOF')
    EOF
    kubectl apply -f web.yaml                       relative to the script's folder
    kubectl port-forward deploy/web 8080:80 &       a command that blocks (`&` or not) runs on
    curl localhost:8080                             while the script goes on

Reference solutions, `kubetui run --script` and the player's saved moves all use this format.
The command text is kept as written; `Script.base` is the folder that relative `-f` paths
belong to. A line ending in `\\` continues on the next one.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from kubetui.kubectl import split_environment
from kubetui.model.clock import MAX_TICK
from kubetui.model.safe_yaml import InputError, read_text
from kubetui.pipeline import for_loop, split_list
from kubetui.scenario.errors import ScriptError
from kubetui.shell import substitute

PROGRAMS = ("kubectl", "sim", "curl")
"""The first word of every command line (`curl` from the player's machine: `localhost:PORT` of a
`kubectl port-forward`)."""


@dataclass(frozen=True)
class Step:
    line: int
    """Line in the script where the step starts (1-based)."""
    at: int | None = None
    """Wait until this tick first."""
    wait: int | None = None
    """Then wait this many ticks."""
    command: str | None = None
    stdin: str | None = None
    expand: bool = False
    """`stdin` is an unquoted here-document: the door expands it as sh does when the command runs."""


@dataclass
class Script:
    steps: list[Step]
    base: Path
    """Folder that relative paths in the commands (`-f web.yaml`) are relative to."""
    source: str = "<script>"

    def schedule(self, start: int = 0) -> list[tuple[int, Step]]:
        return schedule(self.steps, start)


_HEREDOC = re.compile(r"<<(-?)[ \t]*(?:'([^']+)'|\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_]*)|\\([A-Za-z_][A-Za-z0-9_]*))")
"""`<<EOF` (group 4: unquoted, expanded), `<<'EOF'`, `<<"EOF"`, `<<\\EOF` (quoted: the text as written)."""
SHELL_WORDS = ("export", "unset", "true", "false", ":", "alias", "complete")
"""The player's shell's own commands a line may be, besides `NAME=value` alone."""
_AT = re.compile(r"^@(\S*)\s*(.*)$")
_WAIT = re.compile(r"^wait(?:\s+(.*?))?\s*$")


def _scan(text: str) -> tuple[str, re.Match | None, str | None]:
    """Cut an unquoted trailing `# comment` and find an unquoted `<<MARKER`.

    Returns (text before the here-document or comment, the heredoc match, a quoting error).
    """
    quote = None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "\\":
            i += 2
            continue
        elif c == "#" and (i == 0 or text[i - 1].isspace()):
            return text[:i].rstrip(), None, None
        elif text.startswith("<<", i):
            m = _HEREDOC.match(text, i)
            if m:
                rest, _, err = _scan(text[m.end():])
                return (text[:i].rstrip() + (" " + rest.strip() if rest.strip() else "")), m, err
        i += 1
    return text.rstrip(), None, ("a quote is never closed" if quote else None)


def _opens(text: str) -> int:
    """How many `for` loops `text` opens and does not close."""
    return len(re.findall(r"(?:^|[;&|]\s*|\bdo\s+)for\s", text)) - len(re.findall(r"(?:^|[;\s])done\b", text))


def _unknown(command: str, heredoc: bool) -> str | None:
    """The first word of a command of `command` that a script may not run (None: it may run all)."""
    loop = for_loop(command)
    if loop is not None:
        return _unknown(loop[2], heredoc)
    parts = split_list(command)
    if parts is not None:
        return next((first for _, part in parts if (first := _unknown(part, heredoc)) is not None), None)
    try:
        assigned, words = split_environment(shlex.split(substitute(command, lambda _: "x"))) if command else ({}, [])
    except ValueError:
        assigned, words = {}, command.split()
    first = words[0] if words else ""
    if first in PROGRAMS + SHELL_WORDS or (not words and assigned) or (first == "cat" and heredoc):
        return None
    return first


def parse_script(text: str, source: str = "<script>", line_offset: int = 0) -> list[Step]:
    """Parse a script; raises ScriptError with every `source:line: message` found.

    `line_offset` shifts line numbers, for a script written inside a scenario file."""
    lines = text.splitlines()
    steps: list[Step] = []
    errors: list[str] = []
    cursor = 0
    i = 0

    def err(lineno: int, msg: str) -> None:
        errors.append(f"{source}:{lineno}: {msg}")

    while i < len(lines):
        lineno = i + 1 + line_offset
        logical = lines[i].strip()
        i += 1
        if not logical or logical.startswith("#"):
            continue
        while logical.endswith("\\") and i < len(lines):
            logical = logical[:-1].rstrip() + " " + lines[i].strip()
            i += 1
        depth = _opens(logical)
        chunk = [logical]
        while depth > 0 and i < len(lines):  # a `for … do` whose body and `done` follow on their lines
            more = lines[i].strip()
            i += 1
            if more and not more.startswith("#"):
                chunk.append(more)
                depth += _opens(more)
        if len(chunk) > 1:
            logical = re.sub(r"\bdo; ", "do ", "; ".join(c.rstrip(";").rstrip() for c in chunk))

        at = None
        m = _AT.match(logical)
        if m:
            if not (m.group(1).isascii() and m.group(1).isdigit()):
                err(lineno, f"`@{m.group(1)}` must be `@` and a tick number, such as `@120 kubectl get pods`")
                continue
            at = int(m.group(1)) if len(m.group(1)) <= 12 else MAX_TICK + 1
            if at > MAX_TICK:
                err(lineno, f"tick {m.group(1)} is past the last tick a script may reach ({MAX_TICK})")
                continue
            if at < cursor:
                err(lineno, f"tick {at} is earlier than the script's time at this line (tick {cursor})")
                continue
            cursor = at
            logical = m.group(2).strip()
            if not logical or logical.startswith("#"):
                steps.append(Step(line=lineno, at=at))
                continue

        w = _WAIT.match(logical)
        if w:
            arg = (w.group(1) or "").split("#", 1)[0].strip()
            if not (arg.isascii() and arg.isdigit()):
                err(lineno, "`wait` takes a number of ticks, such as `wait 30`")
                continue
            if len(arg) > 12 or cursor + int(arg) > MAX_TICK:
                err(lineno, f"`wait {arg}` goes past the last tick a script may reach ({MAX_TICK})")
                continue
            cursor += int(arg)
            steps.append(Step(line=lineno, at=at, wait=int(arg)))
            continue

        command, heredoc, quote_error = _scan(logical)
        if command.endswith("&") and not command.endswith(("&&", "\\&")):
            command = command[:-1].rstrip()  # `CMD &`: a command that blocks runs on in the background anyway
        stdin = None
        if heredoc:
            strip_tabs = heredoc.group(1) == "-"
            marker = heredoc.group(2) or heredoc.group(3) or heredoc.group(4) or heredoc.group(5)
            body: list[str] = []
            closed = False
            while i < len(lines):
                raw = lines[i]
                i += 1
                candidate = raw.lstrip("\t") if strip_tabs else raw
                if candidate.rstrip() == marker:
                    closed = True
                    break
                body.append(candidate)
            if not closed:
                err(lineno, f"the here-document is never closed: no line `{marker}` after it")
                continue
            stdin = "\n".join(body) + "\n" if body else ""
        if quote_error:
            err(lineno, quote_error)
            continue
        unknown = _unknown(command, bool(heredoc))
        if unknown is not None:
            err(lineno, f"unknown command {unknown!r}: a line is a kubectl, sim or curl command, `NAME=value`, "
                        "`export`, `wait N`, `@TICK command`, or a # comment")
            continue
        steps.append(Step(line=lineno, at=at, command=command, stdin=stdin, expand=bool(heredoc and heredoc.group(4))))

    if errors:
        raise ScriptError(errors)
    return steps


def load_script(path: str | Path) -> Script:
    """Read and parse a script file."""
    p = Path(path)
    try:
        text = read_text(p)
    except InputError as e:
        raise ScriptError([str(e)]) from None
    except OSError as e:
        raise ScriptError([f"{p}:1: cannot read the script: {e.strerror or e}"]) from None
    return Script(steps=parse_script(text, str(p)), base=p.parent.resolve(), source=str(p))


def schedule(steps: list[Step], start: int = 0) -> list[tuple[int, Step]]:
    """The tick each command runs at: `@T` moves the script's clock to T, `wait N` adds N."""
    cursor = start
    out: list[tuple[int, Step]] = []
    for s in steps:
        if s.at is not None:
            cursor = max(cursor, s.at)
        if s.wait is not None:
            cursor += s.wait
        if s.command is not None:
            out.append((cursor, s))
    return out
