"""What a container's command does: `sleep 30`, `echo hi`, `exit 1`, `sh -c '...; exit 1'`.

Learners write busybox-style commands in Job and Pod manifests; the result (how long the
process runs, how it exits, what it prints) decides the pod's fate, as in a real cluster.
Anything not understood runs like the image's own entrypoint.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

FOREVER = None
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""The images' PATH, first in a process's environment; the runtime adds HOME last when unset."""


@dataclass
class Program:
    run_seconds: int | None
    """Seconds until the process exits; None runs until stopped."""
    exit_code: int = 0
    logs: list[tuple[int, str]] = field(default_factory=list)
    """(seconds after start, line) printed once."""
    loop_logs: list[tuple[int, str]] = field(default_factory=list)
    """Lines of a `while true` body, printed every `loop_period` seconds forever."""
    loop_period: int = 0
    ignores_sigterm: bool = False
    """A shell or `sleep` as PID 1 ignores SIGTERM: deletion waits the whole grace period."""


_SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash")


def understand(command: list[str] | None, args: list[str] | None, env: dict[str, str],
               stdin: bool = False) -> Program | None:
    """The program a container runs, or None when the image's own behaviour applies. A bare
    shell exits at once, unless the container keeps its stdin open (`stdin: true`, what
    `kubectl run -it` sets): then it waits for input until stopped."""
    argv = list(command or []) + list(args or [])
    if not argv:
        return None
    if argv[0] in _SHELLS and len(argv) >= 3 and argv[1] in ("-c", "-ec", "-xc"):
        return _script(argv[2], env)
    if argv[0] in _SHELLS and len(argv) == 1:
        return Program(FOREVER if stdin else 0, ignores_sigterm=True)
    return _simple(argv, env)


def _expand(text: str, env: dict[str, str]) -> str:
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: env.get(m.group(1) or m.group(2), ""), text)


def _simple(argv: list[str], env: dict[str, str]) -> Program | None:
    name = argv[0].rsplit("/", 1)[-1]
    if name == "sleep":
        arg = argv[1] if len(argv) > 1 else "0"
        if arg in ("infinity", "inf"):
            return Program(FOREVER, ignores_sigterm=True)
        seconds = _duration(arg)
        return Program(seconds, ignores_sigterm=True) if seconds is not None else Program(0, 1, [(0, f"sleep: invalid number '{arg}'")])
    if name == "echo":
        return Program(0, 0, [(0, _expand(" ".join(argv[1:]), env))])
    if name == "true":
        return Program(0, 0)
    if name == "false":
        return Program(0, 1)
    if name == "exit":
        return Program(0, _int(argv[1] if len(argv) > 1 else "0"))
    if name in ("env", "printenv"):
        environ = {"PATH": PATH, **env}
        environ.setdefault("HOME", "/root")
        if name == "printenv" and len(argv) > 1:
            named = [n for n in argv[1:] if n in environ]
            return Program(0, 0 if len(named) == len(argv) - 1 else 1, [(0, environ[n]) for n in named])
        return Program(0, 0, [(0, f"{k}={v}") for k, v in environ.items()])
    if name == "date":
        return Program(0, 0, [(0, "{date}")])
    if name == "perl":
        digits = re.fullmatch(r"print bpi\((\d+)\);?", argv[-1].strip())
        if digits and any("bignum=bpi" in a for a in argv[1:-1]) and 0 < int(digits.group(1)) <= 10000:
            return Program(8, 0, [(8, pi_digits(int(digits.group(1))))])
    return None


def pi_digits(n: int) -> str:
    """Math::BigFloat's `bpi(n)`: pi to n significant digits, rounded (the Job example of the
    Kubernetes docs, `perl -Mbignum=bpi -wle 'print bpi(2000)'`)."""
    guard = n + 10
    scale = 10 ** guard

    def arctan_inv(x: int) -> int:
        total, term, k, sign = 0, scale // x, 1, 1
        while term:
            total += sign * (term // k)
            term //= x * x
            k += 2
            sign = -sign
        return total

    pi = 4 * (4 * arctan_inv(5) - arctan_inv(239))
    rounded = (pi + 5 * 10 ** (guard - n)) // 10 ** (guard - n + 1)
    text = str(rounded)
    return text[0] + ("." + text[1:] if n > 1 else "")


def _script(script: str, env: dict[str, str]) -> Program:
    loop = re.search(r"while\s+(?:true|:)\s*;\s*do(.*?);?\s*done", script, re.S)
    if loop:
        before = script[:loop.start()]
        prog = _sequence(before, env) if before.strip() else Program(0)
        body = _sequence(loop.group(1), env)
        period = max(1, body.run_seconds or 1)
        return Program(FOREVER, 0, prog.logs, body.logs, period, ignores_sigterm=True)
    return _sequence(script, env)


def _sequence(script: str, env: dict[str, str]) -> Program:
    elapsed = 0
    logs: list[tuple[int, str]] = []
    for stmt in re.split(r";|&&|\n", script):
        stmt = stmt.strip()
        if not stmt:
            continue
        try:
            argv = shlex.split(stmt)
        except ValueError:
            argv = stmt.split()
        if not argv:
            continue
        if argv[0] == "exit":
            return Program(elapsed, _int(argv[1] if len(argv) > 1 else "0"), logs, ignores_sigterm=True)
        step = _simple(argv, env)
        if step is None:
            continue
        logs.extend((elapsed + t, line) for t, line in step.logs)
        if step.run_seconds is FOREVER:
            return Program(FOREVER, 0, logs, ignores_sigterm=True)
        elapsed += step.run_seconds
        if step.exit_code and "&&" in script:
            return Program(elapsed, step.exit_code, logs, ignores_sigterm=True)
    return Program(elapsed, 0, logs, ignores_sigterm=True)


_NO_FORK = frozenset({"echo", "printf", "true", "false", "exit", "test", "[", ":", "pwd", "kill", "export", "cd"})
"""What the shell runs itself: no process of its own appears under it."""


def waits_in(command: list[str] | None, args: list[str] | None, seconds: int) -> tuple[int, str] | None:
    """The program a `sh -c` script the kubelet runs as a Program is in, `seconds` after it
    started, as `ps` lists it under the shell: (how many programs the script had started by then,
    its command line): `sleep 5` of `while true; do date; sleep 5; done`. None for no script, or
    between programs."""
    argv = list(command or []) + list(args or [])
    if not (len(argv) >= 3 and argv[0] in _SHELLS and argv[1] in ("-c", "-ec", "-xc")):
        return None
    script = argv[2]
    loop = re.search(r"while\s+(?:true|:)\s*;\s*do(.*?);?\s*done", script, re.S)
    before = script[:loop.start()] if loop else script
    forks, elapsed = 0, 0
    for words in _commands(before):
        forks += words[0] not in _NO_FORK
        took = _took(words)
        if took is None or elapsed + took > seconds:
            return (forks, " ".join(words)) if words[0] not in _NO_FORK else None
        elapsed += took
    if loop is None:
        return None
    body = _commands(loop.group(1))
    period = max(1, sum(_took(w) or 0 for w in body))
    rounds, into = divmod(seconds - elapsed, period)
    forks += rounds * sum(w[0] not in _NO_FORK for w in body)
    for words in body:
        forks += words[0] not in _NO_FORK
        took = _took(words) or 0
        if into < took:
            return forks, " ".join(words)
        into -= took
    return None


def _commands(script: str) -> list[list[str]]:
    out = []
    for stmt in re.split(r";|&&|\n", script):
        try:
            words = shlex.split(stmt)
        except ValueError:
            words = stmt.split()
        if words:
            out.append(words)
    return out


def _took(words: list[str]) -> int | None:
    """Seconds a command of a script takes (a sleep's; 0 for others; None: forever)."""
    if words[0] != "sleep":
        return 0
    arg = words[1] if len(words) > 1 else "0"
    return None if arg in ("infinity", "inf") else (_duration(arg) or 0)


def _duration(text: str) -> int | None:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd]?)", text)
    if not m:
        return None
    return int(float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)])


def _int(text: str) -> int:
    try:
        return int(text) & 0xFF
    except ValueError:
        return 2
