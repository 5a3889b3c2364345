"""The programs a container's shell runs: shell builtins and busybox's applets, with busybox's
messages and exit codes. Each reads its stdin as text and writes through the machine."""

from __future__ import annotations

import posixpath
import re
import shlex
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Callable

from kubetui.engine.kubelet.capabilities import capable
from kubetui.engine.kubelet.shell.fs import FsError, as_bytes, as_text, byte_len
from kubetui.engine.kubelet.shell.sed import bre

if TYPE_CHECKING:
    from kubetui.engine.kubelet.shell.machine import Machine

APPLETS: dict[str, Callable] = {}
BUILTINS = {"cd", "exit", "export", "unset", "read", "set", "shift", "eval", ".", "source", ":", "exec",
            "readonly", "local", "return", "wait", "trap", "umask", "type", "command", "alias", "break", "continue"}


ASH_BUILTINS = {"echo", "printf", "test", "[", "true", "false", "pwd", "kill"}
"""Applets busybox's ash runs as builtins (`type` says so)."""


class Run:
    """One applet invocation: argv, stdin and where its output goes."""

    def __init__(self, m: Machine, argv: list[str], stdin: str, local: dict):
        self.m, self.argv, self.stdin, self.local = m, argv, stdin, local
        self.name = argv[0].rsplit("/", 1)[-1]

    def out(self, text: str) -> None:
        self.m.write(1, text, self.local)

    def err(self, text: str) -> None:
        from kubetui.engine.kubelet.shell import dialect
        if self.name not in ("sh", "bash") and dialect.of(self.m):
            text = dialect.coreutils(self.name, text)
        self.m.write(2, text, self.local)

    def not_found(self, name: str) -> int:
        """The shell cannot find `name`: its message (busybox's, dash's or bash's), exit 127."""
        from kubetui.engine.kubelet.shell import dialect
        self.m.write(2, dialect.not_found(self.m, name), self.local)
        return 127

    def path(self, p: str) -> str:
        return self.m.fs.norm(p, self.m.cwd)

    def fail(self, text: str, code: int = 1) -> int:
        self.err(f"{self.name}: {text}\n")
        return code


def applet(*names: str):
    def register(fn):
        for n in names:
            APPLETS[n] = fn
        return fn
    return register


def run_applet(m: Machine, argv: list[str], stdin: str, local: dict, assigned: set[str]) -> int:
    name = argv[0]
    base = name.rsplit("/", 1)[-1]
    r = Run(m, argv, stdin, local)
    if name in BUILTINS:
        return _builtin(r, assigned)
    in_image = (m.applets is None or base in m.applets) and not _lacked(m, base)
    if in_image and base in APPLETS and ("/" not in name or posixpath.dirname(name) in ("/bin", "/usr/bin",
                                                                                      "/sbin", "/usr/sbin")):
        m.write_error = ""
        code = APPLETS[base](r)
        oom = m.context.get("oom")
        if oom is not None and oom():
            from kubetui.engine.kubelet.shell.machine import _Killed
            raise _Killed
        if m.write_error:
            why, m.write_error = m.write_error, ""
            if base != "echo":
                r.err(f"{'sh' if base in ASH_BUILTINS else base}: write error: {why}\n")
            code = code or 1
        return code
    if "/" in name:
        path = r.path(name)
        if m.fs.exists(path):
            return _run_file(r, path)
        return r.not_found(name)
    for d in m.env.get("PATH", "").split(":"):
        path = m.fs.norm(name, d or ".")
        if d and m.fs.is_file(path) and m.fs.may(path, 1):
            return _run_file(r, path)
    return r.not_found(name)


def _on_path(m: Machine, name: str) -> str | None:
    """The file the PATH finds for a command that is not an applet (a package's program)."""
    if "/" in name:
        return None
    for d in m.env.get("PATH", "").split(":"):
        path = m.fs.norm(name, d or ".")
        if d and m.fs.is_file(path) and m.fs.may(path, 1):
            return path
    return None


def _lacked(m: Machine, name: str) -> bool:
    """A program the image's family does not ship (a Debian image's `ps`): it runs only once a
    package put it in the container, as a file the PATH finds."""
    image = m.context.get("image")
    if not image:
        return False
    from kubetui.engine.kubelet.shell import dialect
    return name in dialect.lacks(str(image))


def _run_file(r: Run, path: str) -> int:
    """exec of a file: the kernel wants its exec bit (a directory is never executable); a `#!`
    line names its interpreter, and a file without one is run by the shell as a script (busybox
    ash's ENOEXEC fallback)."""
    fs = r.m.fs
    if fs.is_dir(path) or not fs.may(path, 1):
        r.err(f"sh: {r.argv[0]}: Permission denied\n")
        return 126
    try:
        text = fs.read(path)
    except FsError as e:
        r.err(f"sh: {r.argv[0]}: {e}\n")
        return 126
    if text.startswith("\x7fELF"):
        from kubetui.engine.kubelet.shell.packages import run_installed
        return run_installed(r, text)
    first = text.split("\n", 1)[0]
    if first.startswith("#!") and "sh" not in first:
        return r.not_found(r.argv[0])
    return _sh(r, ["sh", path, *r.argv[1:]])


def _builtin(r: Run, assigned: set[str]) -> int:
    m, argv, name = r.m, r.argv, r.argv[0]
    if name in (":", "wait", "umask", "alias", "break", "continue"):
        return 0
    if name == "local":
        if not m.frames:
            r.err(f"sh: local: line {m.lineno}: not in a function\n")
            return 2
        for a in argv[1:]:
            k, eq, v = a.partition("=")
            m.local(k)
            if eq:
                m.env[k] = v
            else:
                m.env.setdefault(k, "")
        return 0
    if name == "trap":
        return _trap(r)
    if name == "return" and m.frames:
        code = m.status
        if len(argv) > 1:
            if not re.fullmatch(r"-?\d+", argv[1]):
                r.err(f"sh: return: line {m.lineno}: Illegal number: {argv[1]}\n")
                code = 2
            else:
                code = int(argv[1])
        m.return_(code)
        return code & 0xFF
    if name == "cd":
        target = argv[1] if len(argv) > 1 else m.env.get("HOME", "/")
        path = r.path(target)
        if not m.fs.is_dir(path) or not m.fs.may(path, 1):
            why = "Permission denied" if m.fs.is_dir(path) else \
                "Not a directory" if m.fs.is_file(path) else "No such file or directory"
            r.err(f"sh: cd: line {m.lineno}: can't cd to {target}: {why}\n")
            return 2
        m.cwd = path
        m.env["OLDPWD"], m.env["PWD"] = m.env.get("PWD", "/"), path
        return 0
    if name in ("exit", "return"):
        code = m.status
        if len(argv) > 1:
            if not re.fullmatch(r"-?\d+", argv[1]):
                r.err(f"sh: exit: line {m.lineno}: Illegal number: {argv[1]}\n")
                code = 2
            else:
                code = int(argv[1])
        if name == "exit":
            from kubetui.engine.kubelet.shell.chroot import leave
            if leave(m):
                return code & 0xFF
        m.exit(code)
        return code & 0xFF
    if name in ("export", "readonly"):
        for a in argv[1:]:
            if a == "-p":
                continue
            k, eq, v = a.partition("=")
            if eq:
                m.env[k] = v
            m.exported.add(k)
        if len(argv) == 1 or argv[1:] == ["-p"]:
            for k in sorted(m.exported):
                if k in m.env:
                    r.out(f"export {k}={shlex.quote(m.env[k])}\n")
        return 0
    if name == "unset":
        for a in argv[1:]:
            if a not in ("-v", "-f"):
                m.env.pop(a, None)
                m.exported.discard(a)
        return 0
    if name == "read":
        names = [a for a in argv[1:] if not a.startswith("-")]
        table = next((t for t in ([r.local] if r.local else []) + m.redirects[::-1] if 0 in t), None)
        if table is not None and table[0][0] == "text":
            source = table[0][1]

            def consume(rest: str) -> None:
                table[0] = ("text", rest)
        else:
            if not m.stdin and r.stdin and not m.context.get("stdin_taken"):
                m.stdin, m.context["stdin_taken"] = r.stdin, True
            source = m.stdin

            def consume(rest: str) -> None:
                m.stdin = rest
        if not source:
            for n in names:
                m.env[n] = ""
            return 1
        line, _, rest = source.partition("\n")
        consume(rest)
        parts = line.split(None, max(len(names) - 1, 0)) if names else []
        for i, n in enumerate(names or ["REPLY"]):
            m.env[n] = parts[i] if i < len(parts) else (line if not names else "")
        return 0
    if name == "set":
        if len(argv) == 1:
            for k in sorted(m.env):
                r.out(f"{k}='{m.env[k]}'\n")
        elif argv[1] == "--" or not argv[1].startswith(("-", "+")):
            m.context["args"] = argv[2:] if argv[1] == "--" else argv[1:]
        return 0
    if name == "shift":
        count = int(argv[1]) if len(argv) > 1 and argv[1].isdecimal() else 1
        m.context["args"] = list(m.context.get("args", []))[count:]
        return 0
    if name == "eval":
        return _sh(r, ["sh", "-c", " ".join(argv[1:])], inline=True)
    if name in (".", "source"):
        if len(argv) < 2:
            return 0
        try:
            text = m.fs.read(r.path(argv[1]))
        except FsError:
            r.err(f"sh: .: line {m.lineno}: can't open '{argv[1]}': No such file or directory\n")
            return 2
        return _sh(r, ["sh", "-c", text], inline=True)
    if name == "exec":
        if len(argv) == 1:
            return 0
        code = run_applet(m, argv[1:], r.stdin, r.local, assigned)
        if not m.subshells and (m.pending_sleep or m.listen is not None or m.follow is not None):
            m.pc = len(m.code)  # the program is the shell now: the script ends when it does
            return code
        m.exit(code)
        return code
    if name in ("type", "command"):
        args = [a for a in argv[1:] if not a.startswith("-")]
        if name == "command" and args and "-v" not in argv:
            return run_applet(m, args, r.stdin, r.local, assigned)
        code = 0
        for a in args:
            if a in m.funcs:
                r.out(f"{a}\n" if name == "command" else f"{a} is a function\n")
            elif a in BUILTINS or a in ASH_BUILTINS:
                r.out(f"{a}\n" if name == "command" else f"{a} is a shell builtin\n")
            elif a in APPLETS and (m.applets is None or a in m.applets) and not _lacked(m, a):
                r.out(f"/bin/{a}\n" if name == "command" else f"{a} is /bin/{a}\n")
            elif (found := _on_path(m, a)) is not None:
                r.out(f"{found}\n" if name == "command" else f"{a} is {found}\n")
            else:
                if name == "type":
                    r.out(f"{a}: not found\n")
                code = 127 if name == "type" else 1
        return code
    return 0


SIGNALS = {"0": "EXIT", "1": "HUP", "2": "INT", "3": "QUIT", "9": "KILL", "10": "USR1", "12": "USR2", "15": "TERM"}


def signal_name(word: str) -> str | None:
    """A signal as `trap` and `kill` take it (TERM, SIGTERM, 15), by its name; None: unknown."""
    w = word.upper().removeprefix("SIG")
    name = SIGNALS.get(w, w)
    return name if name in SIGNALS.values() else None


def _trap(r: Run) -> int:
    """`trap [ACTION] SIGNAL...`: the ACTION runs when the signal comes (EXIT: when the shell
    ends); `-` restores the default, '' ignores it."""
    m, args = r.m, r.argv[1:]
    if not args:
        for name, what in sorted(m.traps.items()):
            r.out(f"trap -- {shlex.quote(what)} {name}\n")
        return 0
    action = args[0]
    if signal_name(action) is not None and action != "":
        action, sigs = "-", args
    else:
        sigs = args[1:]
    code = 0
    for s in sigs:
        sig = signal_name(s)
        if sig is None:
            r.err(f"sh: trap: line {m.lineno}: {s}: invalid signal specification\n")
            code = 1
        elif action == "-":
            m.traps.pop(sig, None)
        else:
            m.traps[sig] = action
    return code


def _sh(r: Run, argv: list[str], inline: bool = False) -> int:
    from kubetui.engine.kubelet.shell.machine import Machine
    m = r.m
    args = argv[1:]
    while args and args[0].startswith("-") and args[0] != "-c" and len(args[0]) > 1:
        if "c" in args[0]:
            args[0] = "-c"
            break
        args = args[1:]
    if args and args[0] == "-c":
        if len(args) < 2:
            return r.fail("-c requires an argument", 2)
        script, positional = args[1], args[3:]
        arg0 = args[2] if len(args) > 2 else "sh"
    elif args:
        try:
            script = m.fs.read(r.path(args[0]))
        except FsError as e:
            why = "No such file or directory" if str(e) == "Is a directory" else e
            r.err(f"sh: can't open '{args[0]}': {why}\n")
            return 2
        positional, arg0 = args[1:], args[0]
    else:
        script, positional, arg0 = r.stdin, [], "sh"
    def make() -> Machine:
        context = {**m.context, "parent": m}
        if not inline:
            context.update(args=positional, arg0=arg0, shell="bash" if r.name == "bash" else None,
                           sh_name=arg0 if arg0 != "sh" or len(args) > 2 else r.argv[0])
            context.pop("prompt", None)
        exported = {k: v for k, v in m.env.items() if k in m.exported}
        child = Machine.for_script(script, m.fs, exported, cwd=m.cwd, applets=m.applets, context=context)
        if inline:
            child.exported = m.exported
            child.env = m.env
            child.funcs = m.funcs
            child.traps = m.traps
        child.stdin = r.stdin
        if child.done:
            for _fd, text in child.console:  # a script that did not parse: its errors
                r.err(text)
            child.console.clear()
        child.capture = None
        child.redirects = [dict({1: m.fd_target(1, r.local), 2: m.fd_target(2, r.local)})]
        return child
    child = m.remember(make)
    try:
        m.run_nested(child)
    finally:
        for fd, text in child.console:
            m.write(fd, text, r.local)
        child.console.clear()
    if inline:
        m.cwd = child.cwd
    return child.exit_code


@applet("sh", "ash", "bash")
def sh(r: Run) -> int:
    image = str(r.m.context.get("image") or "")
    if r.name == "bash" and r.m.applets is None:
        from kubetui.engine.kubelet.process import has_bash
        if not image or not has_bash(image):
            return r.not_found("bash")
    return _sh(r, r.argv)


@applet("true")
def true(r: Run) -> int:
    return 0


@applet("false")
def false(r: Run) -> int:
    return 1


@applet("echo")
def echo(r: Run) -> int:
    args, newline, escapes = r.argv[1:], True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        newline = newline and "n" not in args[0]
        escapes = "e" in args[0] or (escapes and "E" not in args[0])
        args = args[1:]
    text = " ".join(args)
    if escapes:
        if "\\c" in text:
            text, newline = text.split("\\c", 1)[0], False
        text = _escapes(text)
    r.out(text + ("\n" if newline else ""))
    return 0


_ESCAPE = re.compile(r"\\(0[0-7]{0,3}|[1-7][0-7]{0,2}|x[0-9a-fA-F]{1,2}|.)", re.S)
_FORMAT_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)", re.S)
"""printf's format takes `\\NNN` (at most three octal digits); `echo -e` and `%b` also `\\0NNN`."""
_TABLE = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "r": "\r", "v": "\v", "f": "\f", "e": "\x1b"}


def _escapes(text: str, pattern: re.Pattern = _ESCAPE) -> str:
    """Backslash escapes as busybox's echo and printf read them; `\\377` is the byte 0xFF (as_text)."""
    def one(m: re.Match) -> str:
        s = m.group(1)
        if s in _TABLE:
            return _TABLE[s]
        if s[0] in "01234567" or (s[0] == "x" and len(s) > 1):
            n = (int(s[1:], 16) if s[0] == "x" else int(s, 8)) & 0xFF
            return chr(n) if n < 0x80 else chr(0xDC00 + n)
        return "\\" + s
    out = pattern.sub(one, text)
    return as_text(as_bytes(out)) if out != text and not out.isascii() else out


@applet("printf")
def printf(r: Run) -> int:
    if len(r.argv) < 2:
        r.err("printf: usage: printf FORMAT [ARGUMENT...]\n")
        return 1
    fmt, args = r.argv[1], r.argv[2:]
    code = 0
    specs = re.compile(r"%([-+ #0]*)(\d*)(?:\.(\d+))?([sdibxXoucfeg%])")
    first = True
    while first or args:
        first = False
        used = [False]

        def conv(m: re.Match, used: list[bool] = used) -> str:
            nonlocal code
            flags, width, prec, kind = m.groups()
            if kind == "%":
                return "%"
            used[0] = True
            arg = args.pop(0) if args else ""
            spec = "%" + flags + width + ("." + prec if prec else "")
            if kind in "diouxXc" and kind != "c":
                try:
                    num = int(arg, 0) if arg else 0
                except ValueError:
                    r.err(f"printf: invalid number '{arg}'\n")
                    code = 1
                    num = 0
                return (spec + ("d" if kind == "i" else kind)) % num
            if kind in "feg":
                try:
                    return (spec + kind) % float(arg or 0)
                except ValueError:
                    r.err(f"printf: invalid number '{arg}'\n")
                    code = 1
                    return (spec + kind) % 0.0
            if kind == "c":
                return arg[:1]
            if kind == "b":
                return (spec + "s") % _escapes(arg)
            return (spec + "s") % arg
        out = specs.sub(conv, _escapes(fmt.replace("%%", "\uffff"), _FORMAT_ESCAPE).replace("\uffff", "%%"))
        r.out(out)
        if not used[0]:
            break
    return code


def _read_inputs(r: Run, files: list[str]):
    """(name, text) of each file operand, or stdin; errors printed busybox's way."""
    if not files or files == ["-"]:
        yield "-", r.stdin
        return
    for f in files:
        if f == "-":
            yield f, r.stdin
            continue
        try:
            yield f, r.m.fs.read(r.path(f))
        except FsError as e:
            yield f, e


def _options(argv: list[str], with_value: str = "", repeated: str = "") -> tuple[dict, list[str]]:
    """Short options the getopt way (`-abc`, `-n5`, `-n 5`): letters in `with_value` take a value
    (the letters in `repeated` gather theirs in a list); a value missing at the end reads as ""."""
    opts, rest, _ = _getopt(argv, with_value, repeated)
    return opts, rest


def _getopt(argv: list[str], with_value: str, repeated: str = "") -> tuple[dict, list[str], str | None]:
    """`_options`, and the letter of the last option whose value was missing (None: none was)."""
    opts: dict = {}
    rest: list[str] = []
    missing = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            rest.extend(argv[i + 1:])
            break
        if a.startswith("-") and len(a) > 1 and not re.fullmatch(r"-\d+", a):
            for j in range(1, len(a)):
                ch = a[j]
                if ch in with_value:
                    value = a[j + 1:]
                    if not value:
                        if i + 1 < len(argv):
                            i += 1
                            value = argv[i]
                        else:
                            missing = ch
                    if ch in repeated:
                        opts.setdefault(ch, []).append(value)
                    else:
                        opts[ch] = value
                    break
                opts[ch] = True
        else:
            rest.append(a)
        i += 1
    return opts, rest, missing


@applet("cat")
def cat(r: Run) -> int:
    _, files = _options(r.argv[1:])
    code = 0
    for name, text in _read_inputs(r, files):
        if isinstance(text, FsError):
            code = 1
            if str(text) == "Is a directory":
                r.err("cat: read error: Is a directory\n")
            else:
                r.err(f"cat: can't open '{name}': {text}\n")
            continue
        r.out(text)
    return code


@applet("tee")
def tee(r: Run) -> int:
    """`tee [-ai] [FILE]...`: stdin to stdout and to each FILE (appended with -a)."""
    opts, files = _options(r.argv[1:])
    bad = next((k for k in opts if k not in "ai"), None)
    if bad is not None:
        r.err(f"tee: invalid option -- '{bad}'\nBusyBox v1.36.1 multi-call binary.\n\n"
              "Usage: tee [-ai] [FILE]...\n\nCopy stdin to each FILE, and also to stdout\n\n"
              "\t-a\tAppend to the given FILEs, don't overwrite\n\t-i\tIgnore interrupt signals (SIGINT)\n")
        return 1
    code = 0
    for name in files:
        if name == "-":
            continue
        try:
            r.m.fs.write(r.path(name), r.stdin, append=bool(opts.get("a")), now=r.m.now)
        except FsError as e:
            r.err(f"tee: {name}: {e}\n")
            code = 1
    r.out(r.stdin)
    return code


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


@applet("head", "tail")
def head_tail(r: Run) -> int:
    args = r.argv[1:]
    argv = [("-n" + a[1:]) if re.fullmatch(r"-\d+", a) and (not i or args[i - 1] not in ("-n", "-c")) else a
            for i, a in enumerate(args)]
    opts, files = _options(argv, "nc")
    n_text = str(opts.get("c", opts.get("n", "10")))
    from_start = n_text.startswith("+")
    try:
        n = int(n_text.lstrip("+-"))
    except ValueError:
        return r.fail(f"invalid number '{n_text}'")
    but_last = r.name == "head" and n_text.startswith("-")
    code = 0
    many = len(files) > 1
    opened = 0
    for k, (name, text) in enumerate(_read_inputs(r, files)):
        if isinstance(text, FsError):
            code = 1
            r.err(f"{r.name}: {name}: {text}\n" if r.name == "head" else f"tail: can't open '{name}': {text}\n")
            continue
        opened += 1
        if many:
            r.out(("\n" if k else "") + f"==> {name} <==\n")
        if "c" in opts:
            r.out(as_text(_cut(as_bytes(text), r.name == "head", n, from_start, but_last)))
        else:
            r.out("".join(_cut(_lines(text), r.name == "head", n, from_start, but_last)))
        if r.name == "tail" and (opts.get("f") or opts.get("F")) and files and files != ["-"]:
            r.m.follow = (r.path(files[-1]), len(text))
    if r.name == "tail" and opts.get("F") and files and files != ["-"] and not opened:
        r.m.follow = (r.path(files[-1]), -1)
    elif r.name == "tail" and files and not opened:
        r.err("tail: no files\n")
    return code


def _cut(items, head: bool, n: int, from_start: bool, but_last: bool):
    """What head or tail keeps of lines or bytes: the first n (all but the last n), the last n
    (from the nth on)."""
    if head:
        return items[:max(len(items) - n, 0)] if but_last else items[:n]
    if from_start:
        return items[max(n - 1, 0):]
    return items[-n:] if n else items[:0]


@applet("wc")
def wc(r: Run) -> int:
    opts, files = _options(r.argv[1:])
    which = [k for k in "lwc" if opts.get(k)] or ["l", "w", "c"]
    code = 0
    totals = {"l": 0, "w": 0, "c": 0}
    count = 0
    for name, text in _read_inputs(r, files):
        if isinstance(text, FsError):
            code = 1
            r.err(f"wc: {name}: {text}\n")
            continue
        count += 1
        size = r.m.fs.size(r.path(name)) if name != "-" else byte_len(text)
        vals = {"l": text.count("\n"), "w": len(text.split()), "c": size}
        for k in totals:
            totals[k] += vals[k]
        width = 0 if len(which) == 1 and len(files) <= 1 else 9
        r.out(" ".join(f"{vals[k]:>{width}}" for k in which) + (f" {name}" if files else "") + "\n")
    if len(files) > 1 and count:
        r.out(" ".join(f"{totals[k]:>9}" for k in which) + " total\n")
    return code


_GREP_USAGE = ("BusyBox v1.36.1 multi-call binary.\n\n"
               "Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n")


@applet("grep", "egrep", "fgrep")
def grep(r: Run) -> int:
    opts, files, missing = _getopt(r.argv[1:], "eABCmf", repeated="e")
    if missing:
        r.err(f"grep: option requires an argument -- '{missing}'\n" + _GREP_USAGE)
        return 2
    patterns: list[str] = list(opts.pop("e", []))
    if "f" in opts:
        try:
            patterns += r.m.fs.read(r.path(str(opts["f"]))).splitlines()
        except FsError as e:
            r.err(f"grep: {opts['f']}: {e}\n")
            return 2
    if not patterns and "f" not in opts:
        if not files:
            r.err(_GREP_USAGE)
            return 2
        patterns, files = [files[0]], files[1:]
    try:
        numbers = {k: int(str(opts.get(k, opts.get("C", 0)))) for k in "AB"}
        limit = int(str(opts["m"])) if "m" in opts else None
    except ValueError:
        bad = next(str(opts[k]) for k in "ABCm" if k in opts and not str(opts[k]).isdigit())
        r.err(f"grep: invalid number '{bad}'\n")
        return 2
    flags = re.I if opts.get("i") else 0
    fixed = opts.get("F") or r.name == "fgrep"
    extended = opts.get("E") or r.name == "egrep"
    try:
        rxs = [re.compile(re.escape(p) if fixed else p if extended else bre(p), flags) for p in patterns]
    except re.error:
        r.err(f"grep: bad regex '{patterns[0]}'\n")
        return 2
    if opts.get("w"):
        rxs = [re.compile(r"\b(?:" + rx.pattern + r")\b", flags) for rx in rxs]

    def hits(line: str) -> bool:
        found = any((rx.fullmatch(line) if opts.get("x") else rx.search(line)) for rx in rxs)
        return found != bool(opts.get("v"))

    matched, code = False, 0
    named = (len(files) > 1 or opts.get("H")) and not opts.get("h")
    for name, text in _read_inputs(r, files):
        if isinstance(text, FsError):
            if not opts.get("s"):
                r.err(f"grep: {name}: {text}\n")
            code = 2
            continue
        label = "(standard input)" if name == "-" else name
        n, last_out, after = 0, 0, 0
        lines = text.splitlines()
        for i, line in enumerate(lines, 1):
            if limit is not None and n >= limit:
                if after and not opts.get("c"):
                    after -= 1
                    r.out((f"{label}-" if named else "") + (f"{i}-" if opts.get("n") else "") + line + "\n")
                    last_out = i
                    continue
                break
            if not hits(line):
                if after and not (opts.get("c") or opts.get("l") or opts.get("L") or opts.get("q")):
                    after -= 1
                    r.out((f"{label}-" if named else "") + (f"{i}-" if opts.get("n") else "") + line + "\n")
                    last_out = i
                continue
            matched = True
            n += 1
            if opts.get("q"):
                return 0
            if opts.get("c") or opts.get("l") or opts.get("L"):
                continue
            first = max(i - numbers["B"], last_out + 1, 1)
            if last_out and first > last_out + 1 and (numbers["A"] or numbers["B"]):
                r.out("--\n")
            for k in range(first, i):
                r.out((f"{label}-" if named else "") + (f"{k}-" if opts.get("n") else "") + lines[k - 1] + "\n")
            prefix = (f"{label}:" if named else "") + (f"{i}:" if opts.get("n") else "")
            if opts.get("o"):
                for rx in rxs:
                    for found in rx.finditer(line):
                        if found.group(0):
                            r.out(prefix + found.group(0) + "\n")
            else:
                r.out(prefix + line + "\n")
            last_out, after = i, numbers["A"]
        if opts.get("c"):
            r.out((f"{label}:" if named else "") + f"{n}\n")
        if opts.get("l") and n:
            r.out(label + "\n")
        if opts.get("L") and not n:
            r.out(label + "\n")
    if code == 2 and not matched:
        return 2
    return 0 if matched else (code or 1)


@applet("sed")
def sed(r: Run) -> int:
    from kubetui.engine.kubelet.shell import sed as sed_
    try:
        o = sed_.parse_options(r.argv[1:])
        cmds = sed_.compile_script(o.scripts, o.extended)
    except sed_.SedError as e:
        return r.fail(str(e))
    if o.in_place:
        code = 0
        for name in o.files:
            path = r.path(name)
            try:
                r.m.fs.write(path, sed_.edit(cmds, r.m.fs.read(path), o.quiet), now=r.m.now)
            except FsError as e:
                code = r.fail(f"{name}: {e}")
        if not o.files:
            return r.fail("-i requires an argument")
        return code
    text, code = "", 0
    for name, got in _read_inputs(r, o.files):
        if isinstance(got, FsError):
            code = r.fail(f"{name}: {got}")
            continue
        text += got if not text or text.endswith("\n") else "\n" + got
    r.out(sed_.edit(cmds, text, o.quiet))
    return code


@applet("awk")
def awk(r: Run) -> int:
    from kubetui.engine.kubelet.shell import awk as awk_
    from kubetui.engine.kubelet.shell.machine import _Killed

    def read(name: str) -> str:
        try:
            return r.m.fs.read(r.path(name))
        except FsError as e:
            raise awk_.AwkError(f"{name}: {e}") from None

    def write(name: str, text: str, append: bool) -> None:
        try:
            r.m.fs.write(r.path(name), text, append=append, now=r.m.now)
        except FsError as e:
            raise awk_.AwkError(f"can't open '{name}': {e}") from None

    io = awk_.Io(out=r.out, err=r.err, read=read, write=write)
    try:
        return awk_.main(r.argv[1:], r.stdin, io, r.m.budget_left() * AWK_STEPS_PER_SHELL_STEP)
    except awk_.AwkBudget:
        raise _Killed from None


AWK_STEPS_PER_SHELL_STEP = 10
"""awk's step budget is the shell's (a `while(1)` stops like a shell loop that runs too long),
counted in awk's smaller steps."""


@applet("ls")
def ls(r: Run) -> int:
    args = r.argv[1:]
    cut = args.index("--") if "--" in args else len(args)
    one = "-1" in args[:cut]  # the digit option, which `_options` reads as a number
    opts, paths = _options([a for a in args[:cut] if a != "-1"] + args[cut:])
    if one:
        opts["1"] = True
    fs = r.m.fs
    code = 0
    files, dirs = [], []
    for p in paths or ["."]:
        full = r.path(p)
        if fs.is_dir(full) and not opts.get("d"):
            dirs.append((p, full))
        elif fs.exists(full):
            files.append((p, full))
        else:
            r.err(f"ls: {p}: No such file or directory\n")
            code = 1

    numeric = bool(opts.get("n"))  # -n: long format with numeric uid and gid
    if numeric:
        opts["l"] = True

    from kubetui.engine.kubelet.shell import dialect
    gnu = dialect.of(r.m)

    def entry(name: str, full: str) -> tuple:
        if not opts.get("l"):
            return (name,)
        is_dir = fs.is_dir(full)
        uid, gid = fs.owned(full)
        user, group = (str(uid), str(gid)) if numeric else (user_name(fs, uid), group_name(fs, gid))
        if not gnu:
            user, group = user[:8], group[:8]
        link = _link(fs, full) if name not in (".", "..") else None
        if link is not None and not opts.get("L"):
            return ("lrwxrwxrwx", 1, user, group, len(link), f"{name} -> {link}")
        size = 4096 if is_dir else fs.size(full)
        return (mode_string(fs, full), fs.nlink(full), user, group, size, name)

    width = _terminal_width(r) if not (opts.get("l") or opts.get("1")) else None
    if width is None and opts.get("C") and not (opts.get("l") or opts.get("1")):
        width = 80  # -C without a terminal: the width kubectl's pipe leaves unknown
    lay_out = _gnu_columns if gnu else _busybox_columns

    def emit(rows: list[tuple]) -> None:
        """busybox's fixed columns, or GNU coreutils' (a Debian image): each column as wide as
        its widest entry, numbers to the right."""
        if not opts.get("l"):
            names = [row[0] for row in rows]
            r.out(lay_out(names, width) if width and len(names) > 1 else "".join(n + "\n" for n in names))
            return
        if not gnu:
            r.out("".join(f"{m}{'    ' if m[0] == 'l' else ' '}{n:>{1 if m[0] == 'l' else 4}} {u:<8} {g:<8} "
                          f"{z:>9} Jan  1 00:00 {name}\n" for m, n, u, g, z, name in rows))
            return
        wn, wu, wg, wz = (max((len(str(row[i])) for row in rows), default=0) for i in (1, 2, 3, 4))
        r.out("".join(f"{m} {n:>{wn}} {u:<{wu}} {g:<{wg}} {z:>{wz}} Jan  1 00:00 {name}\n"
                      for m, n, u, g, z, name in rows))

    emit([entry(name, full) for name, full in files])
    recursive = bool(opts.get("R"))
    headed = recursive or len(dirs) + len(files) > 1
    k = 0
    while dirs:
        name, full = dirs.pop(0)
        if headed:
            r.out(("\n" if k or files else "") + f"{name}:\n")
        k += 1
        names = fs.listdir(full)
        if opts.get("a"):
            names = [".", ".."] + names
        elif not opts.get("A"):
            names = [n for n in names if not n.startswith(".")]
        if opts.get("l"):
            r.out(f"total {len(names) * 4}\n")
        emit([entry(n, fs.norm(n, full)) for n in names])
        if recursive:  # -R: then each subdirectory (not a symlink to one), depth first
            subs = [(f"{name.rstrip('/')}/{n}", fs.norm(n, full)) for n in names if n not in (".", "..")]
            dirs[:0] = [(n, f) for n, f in subs if fs.is_dir(f) and _link(fs, f) is None]
    return code


def _terminal_width(r: Run) -> int | None:
    """The terminal's width when `ls` writes to it (a shell on `exec -it`'s terminal, its stdout
    neither redirected nor piped): ls then lists names in columns, else one per line."""
    size = r.m.context.get("tty")
    if not size or r.m.capture is not None or r.m.fd_target(1, r.local) != ("std", 1):
        return None
    return int(size[0])


def _busybox_columns(names: list[str], width: int) -> str:
    """busybox ls's columns: each as wide as the longest name plus 2, as many as fit in one less
    than the terminal's width, filled down then across."""
    column = max(len(n) for n in names) + 2
    ncols = max(1, (width - 1) // column)
    nrows = -(-len(names) // ncols)
    lines = []
    for row in range(nrows):
        cells = [names[i] for i in range(row, len(names), nrows)][:ncols]
        lines.append("".join(c.ljust(column) for c in cells[:-1]) + cells[-1])
    return "".join(line + "\n" for line in lines)


def _gnu_columns(names: list[str], width: int) -> str:
    """GNU ls's columns (-C, the default on a terminal): the most columns whose line stays under
    the width, each as wide as its longest name plus 2 (the last column unpadded), filled down
    then across, padded with tabs to 8-column stops as coreutils does by default."""
    n = len(names)

    def widths_of(cols: int) -> list[int]:
        per, widths = -(-n // cols), [3] * cols
        for i, name in enumerate(names):
            widths[i // per] = max(widths[i // per], len(name) + (0 if i // per == cols - 1 else 2))
        return widths

    max_idx = width // 3 + (width % 3 != 0)
    widths = [0]
    for cols in range(max_idx if 0 < max_idx < n else n, 0, -1):
        widths = widths_of(cols)
        if cols == 1 or sum(widths) < width:
            break
    rows = -(-n // len(widths))
    out = []
    for row in range(rows):
        line, pos, i, col = "", 0, row, 0
        while True:
            name = names[i]
            line += name
            i += rows
            if i >= n:
                break
            to, at = pos + widths[col], pos + len(name)
            while at < to:
                if to // 8 > (at + 1) // 8:
                    line += "\t"
                    at += 8 - at % 8
                else:
                    line += " "
                    at += 1
            pos, col = to, col + 1
        out.append(line + "\n")
    return "".join(out)


@lru_cache(maxsize=64)
def _entries(text: str) -> tuple[dict[int, str], dict[str, int]]:
    """An /etc/passwd or /etc/group's names by id (the first line of an id wins, as getpwuid's
    scan does) and ids by name."""
    by_id: dict[int, str] = {}
    by_name: dict[str, int] = {}
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) >= 3 and fields[2].isdecimal():
            by_id.setdefault(int(fields[2]), fields[0])
            by_name.setdefault(fields[0], int(fields[2]))
    return by_id, by_name


def _database(fs, path: str) -> tuple[dict[int, str], dict[str, int]]:
    """The container's own account file: libc reads /etc/passwd and /etc/group inside it."""
    try:
        return _entries(fs.read(path))
    except FsError:
        return {}, {}


def lookup_user(fs, uid: int) -> str | None:
    return _database(fs, "/etc/passwd")[0].get(uid)


def lookup_group(fs, gid: int) -> str | None:
    return _database(fs, "/etc/group")[0].get(gid)


def user_name(fs, uid: int) -> str:
    """The name `ls -l`, `ps` and `tar` show: the user's, else the number."""
    return lookup_user(fs, uid) or str(uid)


def group_name(fs, gid: int) -> str:
    return lookup_group(fs, gid) or str(gid)


def _link(fs, full: str) -> str | None:
    return fs.link(full)


@applet("readlink")
def readlink(r: Run) -> int:
    """busybox readlink: a link's target; -f the canonical path with every link followed."""
    opts, paths = _options(r.argv[1:])
    code = 0
    for p in paths:
        full = r.path(p)
        if opts.get("f"):
            todo, done, hops = [p for p in full.strip("/").split("/") if p], "/", 0
            while todo and hops < 40:
                here = r.m.fs.norm(todo.pop(0), done)
                target = r.m.fs.link(here)
                if target is None:
                    done = here
                    continue
                hops += 1
                todo = [p for p in target.split("/") if p] + todo
                if target.startswith("/"):
                    done = "/"
            r.out(done + "\n")
            continue
        target = r.m.fs.link(full)
        if target is None:
            code = 1
        else:
            r.out(target + "\n")
    return code


def mode_string(fs, full: str) -> str:
    """`ls -l`'s ten characters: the type and rwx for user, group and others (s/t for the
    setuid/setgid/sticky bits)."""
    mode = fs.mode(full)
    kind = "d" if fs.is_dir(full) else "c" if full == "/dev/null" else "-"
    out = [kind]
    for shift, special, ch in ((6, 0o4000, "s"), (3, 0o2000, "s"), (0, 0o1000, "t")):
        bits = mode >> shift
        out += ["r" if bits & 4 else "-", "w" if bits & 2 else "-"]
        x = bits & 1
        out.append((ch if x else ch.upper()) if mode & special else ("x" if x else "-"))
    return "".join(out)


def parse_mode(spec: str, old: int, is_dir: bool) -> int | None:
    """chmod's MODE: octal, or symbolic clauses `[ugoa]*[-+=][rwxXst]*` joined by commas (umask 022
    for a clause without who, as busybox does); None when it does not parse."""
    if re.fullmatch(r"[0-7]{1,4}", spec):
        return int(spec, 8)
    mode = old
    for clause in spec.split(","):
        m = re.fullmatch(r"([ugoa]*)(([-+=][rwxXst]*)+)", clause)
        if m is None:
            return None
        who = m.group(1) or ""
        for op, perms in re.findall(r"([-+=])([rwxXst]*)", m.group(2)):
            bits = 0
            for ch in perms:
                if ch == "X":
                    ch = "x" if is_dir or old & 0o111 else ""
                bits |= {"r": 0o444, "w": 0o222, "x": 0o111, "s": 0o6000, "t": 0o1000, "": 0}[ch]
            mask = 0
            for w in who or "a":
                mask |= {"u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777}[w]
            if not who:
                mask &= ~0o022 if op != "=" else 0o7777
            bits &= mask
            if op == "+":
                mode |= bits
            elif op == "-":
                mode &= ~bits
            else:
                mode = (mode & ~(mask & 0o7777 if who else 0o7777)) | bits
    return mode


@applet("chmod")
def chmod(r: Run) -> int:
    args = r.argv[1:]
    recursive = bool(args) and args[0] == "-R"
    if recursive:
        args = args[1:]
    if len(args) < 2:
        r.err("BusyBox v1.36.1 multi-call binary.\n\nUsage: chmod [-Rcvf] MODE[,MODE]... FILE...\n")
        return 1
    spec, paths = args[0], args[1:]
    fs = r.m.fs
    code = 0
    for p in paths:
        full = r.path(p)
        targets = [full]
        if recursive and fs.is_dir(full):
            targets += [fs.norm(n, full) for n in _walk(fs, full)]
        for t in targets:
            if not fs.exists(t):
                code = r.fail(f"{p}: No such file or directory")
                continue
            mode = parse_mode(spec, fs.mode(t), fs.is_dir(t))
            if mode is None:
                return r.fail(f"invalid mode '{spec}'")
            try:
                fs.chmod(t, mode)
            except FsError as e:
                code = r.fail(f"{p if t == full else t}: {e}")
    return code


def _walk(fs, top: str) -> list[str]:
    out = []
    for n in fs.listdir(top):
        full = fs.norm(n, top)
        out.append(full)
        if fs.is_dir(full):
            out.extend(_walk(fs, full))
    return out


def owner_spec(fs, spec: str) -> tuple[int | None, int | None, str]:
    """chown's USER[:[GRP]] as ids, by the container's /etc/passwd and /etc/group: `USER:` takes
    the user's login group; the message when a name is unknown."""
    user, colon, group = spec.partition(":")
    users, groups = _database(fs, "/etc/passwd"), _database(fs, "/etc/group")
    uid = (int(user) if user.isdecimal() else users[1].get(user)) if user else None
    if colon and user and not group:
        login = _login_group(fs, user) if uid is not None else None
        gid = login if login is not None else uid if user.isdecimal() else None
        return uid, gid, "" if gid is not None else f"unknown user/group {user}"
    gid = (int(group) if group.isdecimal() else groups[1].get(group)) if group else None
    if user and group and (uid is None or gid is None):
        return uid, gid, f"unknown user/group {spec}"
    if user and uid is None:
        return uid, gid, f"unknown user {user}"
    if group and gid is None:
        return uid, gid, f"unknown group {group}"
    return uid, gid, ""


def _login_group(fs, user: str) -> int | None:
    try:
        text = fs.read("/etc/passwd")
    except FsError:
        return None
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) >= 4 and fields[3].isdecimal() and (fields[0] == user or fields[2] == user):
            return int(fields[3])
    return None


@applet("chown", "chgrp")
def chown(r: Run) -> int:
    args = [a for a in r.argv[1:] if a != "-R"]
    if len(args) < 2:
        r.err(f"BusyBox v1.36.1 multi-call binary.\n\nUsage: {r.name} [-Rh]... USER[:[GRP]] FILE...\n")
        return 1
    spec, paths = args[0], args[1:]
    fs = r.m.fs
    uid, gid, unknown = owner_spec(fs, spec if r.name == "chown" else ":" + spec)
    if unknown:
        return r.fail(unknown)
    code = 0
    targets = []
    for p in paths:
        full = r.path(p)
        targets.append((p, full))
        if "-R" in r.argv[1:] and fs.is_dir(full):
            targets += [(t, t) for t in _walk(fs, full)]
    for p, full in targets:
        if not fs.exists(full):
            code = r.fail(f"{p}: No such file or directory")
            continue
        try:
            fs.writable(full)
            if fs.uid != 0 or not capable(r.m.context, "CHOWN"):  # root without CAP_CHOWN is refused too
                raise FsError("Operation not permitted")
        except FsError as e:
            code = r.fail(f"{p}: {e}")
            continue
        vol, rel = fs._where(full)
        old = vol.owned(rel)
        vol.owners[rel] = (old[0] if uid is None else uid, old[1] if gid is None else gid)
    return code


@applet("stat")
def stat(r: Run) -> int:
    fs = r.m.fs
    fmt, paths, args = None, [], r.argv[1:]
    while args:
        a = args.pop(0)
        if a == "-c" and args:
            fmt = args.pop(0)
        elif a.startswith("-c") and len(a) > 2:
            fmt = a[2:]
        elif a in ("-L", "-f", "-t"):
            continue
        else:
            paths.append(a)
    if not paths:
        r.err("BusyBox v1.36.1 multi-call binary.\n\nUsage: stat [-ltf] [-c FMT] FILE...\n")
        return 1
    code = 0
    for p in paths:
        full = r.path(p)
        if not fs.exists(full):
            code = r.fail(f"can't stat '{p}': No such file or directory")
            continue
        uid, gid = fs.owned(full)
        is_dir = fs.is_dir(full)
        size = 4096 if is_dir else fs.size(full)
        kind = "directory" if is_dir else "character special file" if full == "/dev/null" else \
            "regular empty file" if size == 0 else "regular file"
        mode = fs.mode(full)
        uname, gname = lookup_user(fs, uid) or "UNKNOWN", lookup_group(fs, gid) or "UNKNOWN"
        fields = {"a": f"{mode:o}", "A": mode_string(fs, full), "n": p, "N": f"'{p}'", "s": str(size),
                  "u": str(uid), "U": uname, "g": str(gid), "G": gname, "F": kind,
                  "f": f"{(0o40000 if is_dir else 0o100000) | mode:x}", "h": str(fs.nlink(full)),
                  "y": "1970-01-01 00:00:00.000000000 +0000", "Y": "0", "%": "%"}
        if fmt is None:
            r.out(f"  File: {p}\n  Size: {size:<15} Blocks: {(size + 511) // 512:<10} IO Block: 4096   {kind}\n"
                  f"Access: ({mode:04o}/{mode_string(fs, full)})  Uid: ({uid:>5}/{uname:>8})   "
                  f"Gid: ({gid:>5}/{gname:>8})\n")
            continue
        r.out(re.sub(r"%(.)", partial(_stat_field, fields), fmt) + "\n")
    return code


def _stat_field(fields: dict[str, str], m: re.Match) -> str:
    return fields.get(m.group(1), "?")


@applet("mkdir")
def mkdir(r: Run) -> int:
    opts, paths = _options(r.argv[1:], "m")
    if not paths:
        return r.fail("usage: mkdir [-m MODE] [-p] DIRECTORY...")
    mode = None
    if opts.get("m"):
        mode = parse_mode(str(opts["m"]), 0o777, True)
        if mode is None:
            return r.fail(f"invalid mode '{opts['m']}'")
    code = 0
    for p in paths:
        try:
            r.m.fs.mkdir(r.path(p), parents=bool(opts.get("p")))
            if mode is not None:
                r.m.fs.chmod(r.path(p), mode)
        except FsError as e:
            code = r.fail(f"can't create directory '{p}': {e}")
    return code


@applet("rmdir")
def rmdir(r: Run) -> int:
    code = 0
    for p in r.argv[1:]:
        full = r.path(p)
        try:
            if not r.m.fs.is_dir(full):
                raise FsError("Not a directory" if r.m.fs.is_file(full) else "No such file or directory")
            r.m.fs.remove(full)
        except FsError as e:
            code = r.fail(f"'{p}': {e}")
    return code


@applet("touch")
def touch(r: Run) -> int:
    _, paths = _options(r.argv[1:], "dtr")
    code = 0
    for p in paths:
        full = r.path(p)
        try:
            if not r.m.fs.exists(full):
                r.m.fs.write(full, "", now=r.m.now)
        except FsError as e:
            code = r.fail(f"{p}: {e}")
    return code


@applet("rm")
def rm(r: Run) -> int:
    opts, paths = _options(r.argv[1:])
    code = 0
    for p in paths:
        full = r.path(p)
        fs = r.m.fs
        if not fs.exists(full):
            if not opts.get("f"):
                code = r.fail(f"can't remove '{p}': No such file or directory")
            continue
        if fs.is_dir(full) and not (opts.get("r") or opts.get("R")):
            code = r.fail(f"'{p}' is a directory")
            continue
        try:
            fs.remove(full, recursive=True)
        except FsError as e:
            code = r.fail(f"can't remove '{p}': {e}")
    return code


@applet("cp", "mv")
def cp_mv(r: Run) -> int:
    opts, paths = _options(r.argv[1:])
    fs = r.m.fs
    if len(paths) < 2:
        r.err(f"BusyBox v1.36.1 multi-call binary.\n\nUsage: {r.name} [-fin] SOURCE DEST\n")
        return 1
    *sources, dest = paths
    dfull = r.path(dest)
    code = 0
    for s in sources:
        sfull = r.path(s)
        if not fs.exists(sfull):
            code = r.fail(f"can't stat '{s}': No such file or directory" if r.name == "cp"
                          else f"can't rename '{s}': No such file or directory")
            continue
        target = fs.norm(posixpath.basename(sfull), dfull) if fs.is_dir(dfull) else dfull
        if fs.is_dir(sfull):
            if r.name == "cp" and not (opts.get("r") or opts.get("R") or opts.get("a")):
                code = r.fail(f"omitting directory '{s}'")
                continue
            if target == sfull or target.startswith(sfull.rstrip("/") + "/"):
                shown = dest if target == dfull else posixpath.join(dest, posixpath.basename(sfull))
                code = r.fail(f"recursion detected, omitting directory '{shown}'" if r.name == "cp"
                              else f"can't rename '{s}': Invalid argument")
                continue
            try:
                _copy_tree(fs, sfull, target)
                if r.name == "mv":
                    fs.remove(sfull, recursive=True)
            except FsError as e:
                code = r.fail(f"can't create directory '{target}': {e}")
            continue
        try:
            new = not fs.exists(target)
            fs.write_bytes(target, fs.read_bytes(sfull), now=r.m.now)
            if new or r.name == "mv":
                _keep_mode(fs, sfull, target, r.name == "mv")
            if r.name == "mv":
                fs.remove(sfull)
        except FsError as e:
            code = r.fail(f"can't create '{dest}': {e}")
    return code


def _keep_mode(fs, src: str, dst: str, move: bool) -> None:
    """A moved file keeps its mode and owner; a new copy gets the source's mode less the umask."""
    svol, srel = fs._where(src)
    dvol, drel = fs._where(dst)
    mode = svol.mode(srel) if move else svol.mode(srel) & ~0o022 & 0o777
    if mode != dvol.fmode:
        dvol.modes[drel] = mode
    if move and svol.owned(srel) != dvol.owner:
        dvol.owners[drel] = svol.owned(srel)


def _copy_tree(fs, src: str, dst: str) -> None:
    fs.mkdir(dst, parents=True)
    for name in fs.listdir(src):
        s, d = fs.norm(name, src), fs.norm(name, dst)
        if fs.is_dir(s):
            _copy_tree(fs, s, d)
        else:
            fs.write_bytes(d, fs.read_bytes(s))


@applet("date")
def date(r: Run) -> int:
    from kubetui.model.clock import datetime_of
    if "-s" in r.argv[1:]:
        from kubetui.engine.kubelet.shell.privileged import set_date
        at = r.argv.index("-s", 1)
        return set_date(r, r.argv[at + 1] if at + 1 < len(r.argv) else "")
    when = datetime_of(r.m.now)
    fmt = next((a[1:] for a in r.argv[1:] if a.startswith("+")), None)
    if fmt is None:
        r.out(when.strftime("%a %b ") + f"{when.day:>2}" + when.strftime(" %H:%M:%S UTC %Y") + "\n")
    else:
        fmt = fmt.replace("%s", str(int(when.timestamp())))
        r.out(when.strftime(fmt) + "\n")
    return 0


@applet("env", "printenv")
def env(r: Run) -> int:
    m = r.m
    args = r.argv[1:]
    if r.name == "printenv":
        if args:
            code = 0
            for a in args:
                if a in m.env and a in m.exported:
                    r.out(m.env[a] + "\n")
                else:
                    code = 1
            return code
        args = []
    values = {k: v for k, v in m.env.items() if k in m.exported or k in r.m.context.get("assigned", ())}
    if args and args[0] in ("-i", "-"):
        values, args = {}, args[1:]
    while args and "=" in args[0]:
        k, _, v = args[0].partition("=")
        values[k] = v
        args = args[1:]
    if args:
        saved = m.env, m.exported
        m.env, m.exported = dict(values), set(values)
        try:
            return run_applet(m, args, r.stdin, r.local, set())
        finally:
            m.env, m.exported = saved
    for k, v in values.items():
        r.out(f"{k}={v}\n")
    return 0


@applet("hostname")
def hostname(r: Run) -> int:
    if "-i" in r.argv:
        r.out(r.m.context.get("ip", "10.244.0.2") + "\n")
    else:
        r.out(r.m.context.get("hostname", "localhost") + "\n")
    return 0


@applet("tty")
def tty(r: Run) -> int:
    """The terminal on stdin: `/dev/pts/0` on `exec -it`'s, else "not a tty" and exit 1 (`exec -i`
    without `-t`, a script, a pipe or a redirection); `-s` only answers with the exit code."""
    on_terminal = "tty" in r.m.context and not r.m.context.get("stdin_piped") \
        and r.m.fd_target(0, r.local) == ("std", 0)
    if "-s" not in r.argv[1:]:
        r.out("/dev/pts/0\n" if on_terminal else "not a tty\n")
    return 0 if on_terminal else 1


@applet("stty")
def stty(r: Run) -> int:
    """The terminal's settings: `stty size` (rows, columns), `stty rows N cols N`; without a
    terminal (no `-t`) there is none to ask."""
    size = r.m.context.get("tty")
    if size is None:
        return r.fail("standard input: Not a tty")
    columns, rows = size
    args = r.argv[1:]
    if args == ["size"]:
        r.out(f"{rows} {columns}\n")
        return 0
    if not args or args in (["-a"], ["--all"]):
        r.out(f"speed 38400 baud; rows {rows}; columns {columns}; line = 0;\n")
        return 0
    pairs = iter(args)
    for word in pairs:
        if word in ("rows", "cols", "columns"):
            value = next(pairs, "")
            if not value.isdigit():
                return r.fail(f"invalid number '{value}'")
            rows, columns = (int(value), columns) if word == "rows" else (rows, int(value))
    r.m.context["tty"] = (columns, rows)
    return 0


@applet("id")
def id_(r: Run) -> int:
    fs = r.m.fs
    uid = r.m.context.get("uid", fs.uid)
    gid = r.m.context.get("gid", fs.gid)
    opts, _ = _options(r.argv[1:])
    one = [(uid, lookup_user)] if opts.get("u") else [(gid, lookup_group)] if opts.get("g") else \
        [(g, lookup_group) for g in [gid, *sorted(set(fs.groups) - {gid})]] if opts.get("G") else None
    if one is not None:
        code, words = 0, []
        for n, lookup in one:
            name = lookup(fs, n) if opts.get("n") else None
            if opts.get("n") and name is None:
                code = r.fail(f"unknown ID {n}")
            words.append(name or str(n))
        r.out(" ".join(words) + "\n")
        return code

    def named(n: int, name: str | None) -> str:
        return f"{n}({name})" if name else f"{n}"
    listed = (" groups=" + ",".join(named(g, lookup_group(fs, g)) for g in sorted(fs.groups))) if fs.groups else ""
    r.out(f"uid={named(uid, lookup_user(fs, uid))} gid={named(gid, lookup_group(fs, gid))}{listed}\n")
    return 0


@applet("whoami")
def whoami(r: Run) -> int:
    uid = r.m.context.get("uid", r.m.fs.uid)
    name = lookup_user(r.m.fs, uid)
    if name is None:
        return r.fail(f"unknown uid {uid}")
    r.out(name + "\n")
    return 0


@applet("ps")
def ps(r: Run) -> int:
    """busybox ps: the container's processes (PID 1 its command), then `ps` itself, forked by
    the shell that runs it unless exec ran it directly (then it is the last one already). In a
    Debian image it is procps' (procps.py), which a package installs."""
    from kubetui.engine.kubelet.shell import dialect, procps
    if dialect.of(r.m):
        return procps.ps(r)
    r.out("PID   USER     TIME  COMMAND\n")
    shown = list(r.m.context.get("processes", [(1, "sh")]))
    if shown[-1][1] != " ".join(r.argv):
        shown.append((shown[-1][0] + (6 if len(shown) == 1 else 8), " ".join(r.argv)))
    for pid, cmd, *user in shown:
        cmd = "".join(" " if ch < " " else ch for ch in cmd)  # busybox's read_cmdline: a control byte shows as a space
        r.out(f"{pid:>5} {(user[0] if user else user_name(r.m.fs, r.m.fs.uid))[:8]:<8}  0:00 {cmd}\n")
    return 0


NODE_DISK_K = (61202244, 20134620, 37926648)
"""The node's disk in KiB (size, used, available): the container's overlay root and every
volume kept on the node's disk (an emptyDir, a hostPath, a local claim) show it."""
NODE_MEMORY_K = 8047192
"""The node's memory in KiB: the size of a tmpfs with no limit of its own."""


def human(kib: int) -> str:
    """busybox's human-readable size: one decimal and a unit (K, M, G, T), 0 for nothing."""
    if not kib:
        return "0"
    val, frac, unit = kib * 1024, 0, 0
    while val >= 1024 and unit < 4:
        frac = ((val % 1024) * 10 + 512) // 1024
        val //= 1024
        unit += 1
    if frac >= 10:
        val, frac = val + 1, 0
    return f"{val}.{frac}{' KMGT'[unit]}"


@applet("df")
def df(r: Run) -> int:
    """busybox df: the filesystems of the mount table that have blocks (what `mount` lists), or
    those holding the given paths."""
    from kubetui.engine.kubelet.shell.mounts import holding, table
    opts, paths = _options(r.argv[1:])
    fs, code = r.m.fs, 0
    rows = []
    for p in paths:
        full = r.path(p)
        if not fs.exists(full):
            code = r.fail(f"{p}: can't find mount point")
            continue
        rows.append(holding(fs, full))
    if not paths:
        rows = [m for m in table(fs) if m.blocks is not None]
    if opts.get("h"):
        r.out("Filesystem                Size      Used Available Use% Mounted on\n")
    else:
        r.out("Filesystem           1K-blocks      Used Available Use% Mounted on\n")
    for row in rows:
        assert row.blocks is not None
        name, (size, used, avail), where = row.device, row.blocks, row.point
        pct = (used * 100 + (used + avail) // 2) // (used + avail) if used + avail else 0
        cells = [human(n) if opts.get("h") else str(n) for n in (size, used, avail)]
        r.out(f"{name:<20} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9} {pct:>3}% {where}\n")
    return code


_SIZE = {"": 1, "c": 1, "w": 2, "b": 512, "kB": 1000, "KB": 1000, "k": 1024, "K": 1024, "KiB": 1024,
         "MB": 1000 ** 2, "M": 1024 ** 2, "m": 1024 ** 2, "MiB": 1024 ** 2, "GB": 1000 ** 3, "G": 1024 ** 3,
         "g": 1024 ** 3, "GiB": 1024 ** 3}


def _size(text: str) -> int | None:
    m = re.fullmatch(r"(\d+)([A-Za-z]*)", text)
    if not m or m.group(2) not in _SIZE:
        return None
    return int(m.group(1)) * _SIZE[m.group(2)]


@applet("dd")
def dd(r: Run) -> int:
    """dd from /dev/zero or /dev/urandom (the way scripts fill a disk) and between files."""
    ops = dict(a.split("=", 1) for a in r.argv[1:] if "=" in a)
    bs, count = _size(ops.get("bs", "512")), ops.get("count")
    if bs is None or (count is not None and _size(count) is None):
        return r.fail(f"invalid number '{ops.get('bs') if bs is None else count}'")
    src, dst = ops.get("if", "-"), ops.get("of", "-")
    if src in ("/dev/zero", "/dev/urandom", "/dev/random"):
        if count is None:
            n = 10 ** 12
        else:
            n = _size(count) or 0
        data = None
    else:
        try:
            data = r.stdin if src == "-" else r.m.fs.read(r.path(src))
        except FsError as e:
            return r.fail(f"can't open '{src}': {e}")
        if count is not None:
            data = as_text(as_bytes(data)[:(_size(count) or 0) * bs])
        n = (byte_len(data) + bs - 1) // bs
    quiet = ops.get("status") in ("none",)
    written, code = n, 0
    if dst == "-":
        r.out(data if data is not None else "")
    elif data is not None:
        try:
            r.m.fs.write(r.path(dst), data, now=r.m.now)
        except FsError as e:
            return r.fail(f"can't open '{dst}': {e}")
    else:
        try:
            r.m.fs.allocate(r.path(dst), n * bs, now=r.m.now)
        except FsError as e:
            written = r.m.fs.size(r.path(dst)) // bs if r.m.fs.is_file(r.path(dst)) else 0
            n = min(n, written + 1)
            r.err(f"dd: error writing '{dst}': {e}\n")
            code = 1
    if not quiet or code:
        r.err(f"{n}+0 records in\n{written}+0 records out\n")
    return code


@applet("fallocate", "truncate")
def fallocate(r: Run) -> int:
    opts, paths = _options(r.argv[1:], "ls")
    text = str(opts.get("l" if r.name == "fallocate" else "s", ""))
    n = _size(text)
    if n is None or not paths:
        return r.fail(f"invalid number '{text}'" if paths else "usage: " + r.name)
    code = 0
    for p in paths:
        try:
            r.m.fs.allocate(r.path(p), n, now=r.m.now)
        except FsError as e:
            code = r.fail(f"{p}: {e}" if r.name == "fallocate" else f"{p}: {e}")
    return code


@applet("du")
def du(r: Run) -> int:
    opts, paths = _options(r.argv[1:])
    code = 0
    for p in paths or ["."]:
        full = r.path(p)
        if not r.m.fs.exists(full):
            code = r.fail(f"{p}: No such file or directory")
            continue
        kb = max(4, (r.m.fs.size(full) + 1023) // 1024 * 4 // 4)
        r.out((f"{kb}.0K" if opts.get("h") else str(kb)) + f"\t{p}\n")
    return code


@applet("sleep")
def sleep(r: Run) -> int:
    if len(r.argv) < 2:
        r.err("BusyBox v1.36.1 multi-call binary.\n\nUsage: sleep [N]...\n")
        return 1
    total = 0.0
    for a in r.argv[1:]:
        if a in ("inf", "infinity"):
            total = float(10 ** 9)
            continue
        m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", a)
        if not m:
            return r.fail(f"invalid number '{a}'")
        total += float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    r.m.pending_sleep += int(total + 0.999)
    return 0


@applet("test", "[", "[[")
def test(r: Run) -> int:
    """test, `[ … ]`, and ash's `[[ … ]]` (bash compatibility: the same test, closed by `]]`)."""
    args = r.argv[1:]
    if r.name in ("[", "[["):
        close = "]" * len(r.name)
        if not args or args[-1] != close:
            r.err(f"sh: missing {close}\n")
            return 2
        args = args[:-1]
    try:
        return 0 if _test(r, args) else 1
    except ValueError as e:
        r.err(f"sh: {e}\n")
        return 2


def _takes_writes(fs, path: str) -> bool:
    try:
        fs.writable(path)
    except FsError:
        return False
    return True


def _test(r: Run, a: list[str]) -> bool:
    fs = r.m.fs
    if not a:
        return False
    if a[0] == "!":
        return not _test(r, a[1:])
    if "-a" in a[1:] and len(a) > 3:
        i = a.index("-a", 1)
        return _test(r, a[:i]) and _test(r, a[i + 1:])
    if "-o" in a[1:] and len(a) > 3:
        i = a.index("-o", 1)
        return _test(r, a[:i]) or _test(r, a[i + 1:])
    if len(a) == 1:
        return a[0] != ""
    if len(a) == 2:
        op, x = a
        p = r.path(x) if x else ""
        unary = {"-n": lambda: x != "", "-z": lambda: x == "", "-e": lambda: bool(x) and fs.exists(p),
                 "-f": lambda: bool(x) and fs.is_file(p), "-d": lambda: bool(x) and fs.is_dir(p),
                 "-s": lambda: bool(x) and (fs.is_dir(p) or fs.is_file(p) and fs.size(p) > 0),
                 "-r": lambda: bool(x) and fs.exists(p) and fs.may(p, 4),
                 "-w": lambda: bool(x) and fs.exists(p) and fs.may(p, 2) and _takes_writes(fs, p),
                 "-x": lambda: bool(x) and fs.exists(p) and fs.may(p, 1),
                 "-L": lambda: bool(x) and _link(fs, p) is not None, "-h": lambda: bool(x) and _link(fs, p) is not None,
                 "-O": lambda: bool(x) and fs.exists(p) and fs.owned(p)[0] == fs.uid,
                 "-G": lambda: bool(x) and fs.exists(p) and fs.owned(p)[1] == fs.gid,
                 "-u": lambda: bool(x) and fs.exists(p) and bool(fs.mode(p) & 0o4000),
                 "-g": lambda: bool(x) and fs.exists(p) and bool(fs.mode(p) & 0o2000),
                 "-k": lambda: bool(x) and fs.exists(p) and bool(fs.mode(p) & 0o1000)}
        if op in unary:
            return unary[op]()
        if x in ("=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge"):
            raise ValueError(f"{x}: argument expected")
        raise ValueError(f"{op}: unknown operand")
    if len(a) == 3:
        x, op, y = a
        if op in ("=", "=="):
            return x == y
        if op == "!=":
            return x != y
        if op in ("-eq", "-ne", "-lt", "-le", "-gt", "-ge"):
            for v in (x, y):
                if not re.fullmatch(r"\s*[-+]?\d+\s*", v):
                    raise ValueError(f"{v}: bad number")
            i, j = int(x), int(y)
            return {"-eq": i == j, "-ne": i != j, "-lt": i < j, "-le": i <= j, "-gt": i > j, "-ge": i >= j}[op]
        raise ValueError(f"{op}: unknown operand")
    if len(a) == 2 or a[1] in ("-eq", "-ne", "-lt", "-le", "-gt", "-ge"):
        raise ValueError(f"{a[1]}: argument expected")
    raise ValueError("syntax error")


@applet("seq")
def seq(r: Run) -> int:
    nums = r.argv[1:]
    try:
        vals = [int(n) for n in nums]
    except ValueError:
        return r.fail(f"invalid number '{next(n for n in nums if not n.lstrip('-').isdecimal())}'")
    if len(vals) == 1:
        lo, step, hi = 1, 1, vals[0]
    elif len(vals) == 2:
        lo, step, hi = vals[0], 1, vals[1]
    elif len(vals) == 3:
        lo, step, hi = vals
    else:
        return r.fail("usage: seq [-w] [-s SEP] [FIRST [INC]] LAST")
    if step == 0:
        return 0
    out: list[str] = []
    v = lo
    while (v <= hi if step > 0 else v >= hi) and len(out) < 100_000:
        out.append(str(v))
        v += step
    r.out("".join(x + "\n" for x in out))
    return 0


@applet("basename")
def basename(r: Run) -> int:
    if len(r.argv) < 2:
        return r.fail("usage: basename FILE [SUFFIX]")
    name = posixpath.basename(r.argv[1].rstrip("/")) or "/"
    if len(r.argv) > 2 and name.endswith(r.argv[2]) and name != r.argv[2]:
        name = name[:-len(r.argv[2])]
    r.out(name + "\n")
    return 0


@applet("dirname")
def dirname(r: Run) -> int:
    if len(r.argv) < 2:
        return r.fail("usage: dirname FILENAME")
    r.out((posixpath.dirname(r.argv[1].rstrip("/")) or ".") + "\n")
    return 0


@applet("tr")
def tr(r: Run) -> int:
    opts, sets = _options(r.argv[1:])

    def expand(s: str) -> str:
        s = _escapes(s)
        s = s.replace("[:upper:]", "A-Z").replace("[:lower:]", "a-z").replace("[:digit:]", "0-9").replace("[:space:]", " \t\n")
        return re.sub(r"(.)-(.)", lambda m: "".join(chr(c) for c in range(ord(m.group(1)), ord(m.group(2)) + 1)), s)
    if opts.get("d") and sets:
        drop = set(expand(sets[0]))
        r.out("".join(ch for ch in r.stdin if ch not in drop))
        return 0
    if len(sets) < 2:
        return r.fail("usage: tr [-cds] STRING1 [STRING2]")
    a, b = expand(sets[0]), expand(sets[1])
    b = b + b[-1:] * (len(a) - len(b))
    r.out(r.stdin.translate(str.maketrans(a, b[:len(a)])))
    return 0


@applet("sort")
def sort(r: Run) -> int:
    opts, files = _options(r.argv[1:], "kt")
    text = "".join(t for _, t in _read_inputs(r, files) if isinstance(t, str))
    lines = text.splitlines()
    if opts.get("n"):
        def key(s):
            m = re.match(r"\s*(-?\d+(?:\.\d+)?)", s)
            return (float(m.group(1)) if m else 0.0, s)
        lines.sort(key=key)
    else:
        lines.sort()
    if opts.get("r"):
        lines.reverse()
    if opts.get("u"):
        lines = list(dict.fromkeys(lines))
    r.out("".join(x + "\n" for x in lines))
    return 0


@applet("uniq")
def uniq(r: Run) -> int:
    opts, files = _options(r.argv[1:])
    out, prev, count = [], None, 0
    for line in r.stdin.splitlines() + [None]:
        if line != prev:
            if prev is not None:
                out.append(f"{count:>7} {prev}" if opts.get("c") else prev)
            prev, count = line, 0
        count += 1
    r.out("".join(x + "\n" for x in out))
    return 0


@applet("cut")
def cut(r: Run) -> int:
    opts, files = _options(r.argv[1:], "dfc")
    delim = str(opts.get("d", "\t"))
    fields = str(opts.get("f", "") or opts.get("c", ""))
    chosen: list[int] = []
    for part in fields.split(","):
        if "-" in part:
            lo, _, hi = part.partition("-")
            chosen.extend(range(int(lo or 1), int(hi or 100) + 1))
        elif part.isdecimal():
            chosen.append(int(part))
    code = 0
    for name, text in _read_inputs(r, files):
        if isinstance(text, FsError):
            code = r.fail(f"{name}: {text}")
            continue
        for line in text.splitlines():
            if "c" in opts:
                r.out("".join(line[i - 1] for i in chosen if i <= len(line)) + "\n")
            elif delim not in line:
                r.out(line + "\n")
            else:
                parts = line.split(delim)
                r.out(delim.join(parts[i - 1] for i in chosen if i <= len(parts)) + "\n")
    return code


@applet("expr")
def expr(r: Run) -> int:
    a = r.argv[1:]
    try:
        if len(a) == 3 and a[1] in "+-*/%" and len(a[1]) == 1:
            x, y = int(a[0]), int(a[2])
            value: int | str | None = {"+": x + y, "-": x - y, "*": x * y, "/": int(x / y) if y else None, "%": x % y if y else None}[a[1]]
            if value is None:
                return r.fail("division by zero", 2)
        elif len(a) == 3 and a[1] in ("=", "!=", "<", ">", "<=", ">="):
            value = int({"=": a[0] == a[2], "!=": a[0] != a[2], "<": a[0] < a[2], ">": a[0] > a[2],
                         "<=": a[0] <= a[2], ">=": a[0] >= a[2]}[a[1]])
        elif len(a) == 1:
            value = a[0]
        else:
            return r.fail("syntax error", 2)
    except ValueError:
        return r.fail("non-numeric argument", 2)
    r.out(f"{value}\n")
    return 1 if value in (0, "", "0") else 0


@applet("pwd")
def pwd(r: Run) -> int:
    r.out(r.m.cwd + "\n")
    return 0


@applet("uname")
def uname(r: Run) -> int:
    r.out("Linux x86_64 GNU/Linux\n" if "-a" not in r.argv else
          f"Linux {r.m.context.get('hostname', 'localhost')} 6.8.0-generic #1 SMP x86_64 GNU/Linux\n")
    return 0


@applet("yes")
def yes(r: Run) -> int:
    text = " ".join(r.argv[1:]) or "y"
    r.out((text + "\n") * 1000)
    return 0


@applet("nslookup")
def network(r: Run) -> int:
    """Network tools answer through the simulation's network (the kubelet provides it); wget,
    curl and nc are in net.py."""
    handler = r.m.context.get("network")
    if handler is None:
        host = next((a for a in r.argv[1:] if not a.startswith("-")), "")
        return r.fail(f"bad address '{host}'")
    out, err, code = handler(r.name, r.argv[1:])
    if r.name == "nslookup" and old_nslookup(str(r.m.context.get("image", ""))):
        host = next((a for a in r.argv[1:] if not a.startswith("-")), "")
        out, err = _nslookup_1_28(out, err, host)
    r.out(out)
    r.err(err)
    return code


_BUSYBOX = ("busybox", "registry.k8s.io/busybox", "k8s.gcr.io/busybox")


def old_nslookup(image: str) -> bool:
    """busybox before 1.29 (1.28, the tag kubernetes.io's DNS pages use) has the old nslookup,
    which prints each address with its reverse name and fails with "can't resolve"."""
    name, _, tag = image.split("@")[0].rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "latest")
    name = name.removeprefix("docker.io/").removeprefix("library/")
    m = re.match(r"(\d+)\.(\d+)", tag)
    return name in _BUSYBOX and m is not None and (int(m.group(1)), int(m.group(2))) < (1, 29)


def _nslookup_1_28(out: str, err: str, host: str) -> tuple[str, str]:
    """The new nslookup's answer (the cluster DNS's) in busybox 1.28's words."""
    server = re.search(r"^Server:\s+(\S+)", out, re.M)
    if server is None:
        return out, err
    head = f"{'Server:':<10} {server.group(1)}\nAddress 1: {server.group(1)} kube-dns.kube-system.svc.cluster.local\n\n"
    found = re.findall(r"^Name:\t(\S+)\nAddress: (\S+)$", out, re.M)
    if not found:
        return head, err + f"nslookup: can't resolve '{host}'\n"
    fqdn = found[0][0]
    many = len(found) > 1
    lines = "".join(f"Address {i}: {ip} {ip.replace('.', '-') + '.' + fqdn if many else fqdn}\n"
                    if fqdn.endswith(".svc.cluster.local") else f"Address {i}: {ip}\n"
                    for i, (_, ip) in enumerate(found, 1))
    return head + f"{'Name:':<10} {host}\n" + lines, err


@applet("kubectl")
def kubectl(r: Run) -> int:
    """kubectl, in an image that ships it: the request goes to the API server with the token the
    pod has mounted, so it acts as the pod's ServiceAccount (whoever runs the shell provides it)."""
    handler = r.m.context.get("kubectl")
    if handler is None:
        r.err(f"sh: {r.name}: not found\n")
        return 127
    out, err, code = handler(r.argv[1:], r.stdin, r.m.fs)
    r.out(out)
    r.err(err)
    return code
