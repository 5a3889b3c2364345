"""Pipes and redirections at the door, as learners type them from published solutions.

`kubectl get pods -A | grep etcd`, `kubectl get secret s -o jsonpath='{.data.password}' | base64 -d`,
`kubectl run x --image=nginx --dry-run=client -o yaml > pod.yaml`. The first stage is the door's
own command (kubectl, k, sim, curl); the filters after it are run by kubetui's busybox `sh` over a
scratch filesystem of their own (they read the command's output and nothing else), and the last
stage's output may go to a file inside the door's working folder. The exit code is the last
stage's (sh without pipefail). Everything here is a function of the line and the command's
output, so a replay that runs the line again prints and writes the same bytes.

The last stage may be the door's kubectl again (`kubectl kustomize DIR | kubectl apply -f -`): the
line before it runs to its end and its output is that kubectl's stdin.

Not a shell: `;`, `&&`, `||`, `&`, backquotes, `<` and a pipe into anything but a filter or a last
kubectl are refused with a message rather than handed to kubectl as arguments.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field

from kubetui.engine.kubelet import shell as sh
from kubetui.engine.kubelet.shell.awk import has_end as awk_has_end
from kubetui.engine.simulation import Result

FILTERS = ("base64", "cat", "cut", "egrep", "fgrep", "grep", "head", "sort", "tail", "tee", "tr", "uniq",
           "wc", "sed", "awk", "jq")
"""The commands that may follow a pipe: text filters, run by kubetui's busybox sh."""

PROGRAMS = ("kubectl", "k", "sim", "curl")
"""What the first stage may be: the door's own commands (and `cat` alone, of the here-document a
script gives it: `cat <<EOF > pod.yaml`)."""

ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")

STREAMING = frozenset({"awk", "cat", "cut", "egrep", "fgrep", "grep", "head", "tr"})
"""Filters whose output for the first lines of their input is the first lines of their output:
the command bar shows what `kubectl get pods -w | grep web` prints as it comes."""

NOT_STREAMING_GREP = set("cqlL")
"""grep's short flags that make it print only at the end (a count, a name, nothing)."""

MAX_FILTER_TICKS = 1000


@dataclass
class Redirect:
    fd: int
    target: str
    """A path, `&1` (2>&1)."""
    append: bool = False


@dataclass
class Stage:
    text: str
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Pipeline:
    """A line cut at its pipes: the door's command, the filters after it, where output goes."""

    command: str
    filters: list[str] = field(default_factory=list)
    stdout_to: Redirect | None = None
    stderr_to: Redirect | None = None
    """The command's stderr (2>/dev/null, 2>&1, 2>FILE)."""
    filters_stderr_to: Redirect | None = None
    sink: str | None = None
    """A last `| kubectl …` stage: it reads what `command` (a line of its own) printed."""

    @property
    def plain(self) -> bool:
        return not self.filters and self.stdout_to is None and self.stderr_to is None and self.sink is None

    @property
    def streaming(self) -> bool:
        return (all(_streams(f) for f in self.filters) and self.stdout_to is None
                and (self.stderr_to is None or self.stderr_to.target != "&1"))

    def check(self, cwd: str) -> Result | None:
        """The error bash gives before running anything: a file it cannot open for writing."""
        for r in (self.stdout_to, self.stderr_to, self.filters_stderr_to):
            if r is not None and r.target != "&1":
                refused = _writable(r.target, cwd)
                if refused is not None:
                    return refused
        return None

    def finish(self, result: Result, cwd: str, *, interrupted: bool = False, merged: str | None = None) -> Result:
        """The line's result once the command's is known: through the filters, into the files.
        `merged`: the command's stdout and stderr as one stream in the order it wrote them (a
        program's, for `2>&1`); else its stderr goes first."""
        if self.plain:
            return result
        out, err = result.stdout, result.stderr
        if self.stderr_to is not None:
            if self.stderr_to.target == "&1":
                out, err = (err + out) if merged is None else merged, ""
            else:
                _write(self.stderr_to, err, cwd)
                err = ""
        code = result.exit_code
        if self.filters:
            out, ferr, fcode = run_filters(self.filters, out)
            if self.filters_stderr_to is not None:
                if self.filters_stderr_to.target == "&1":
                    out, ferr = out + ferr, ""
                else:
                    _write(self.filters_stderr_to, ferr, cwd)
                    ferr = ""
            err += ferr
            code = code if interrupted else fcode
        if self.stdout_to is not None:
            _write(self.stdout_to, out, cwd)
            out = ""
        return Result(code, out, err)

    def shown(self, stdout: str) -> str:
        """What the filters have printed so far, for a command still running (streaming filters:
        the complete lines it wrote, filtered)."""
        if self.plain:
            return stdout
        if not self.streaming:
            return ""
        complete = stdout[:stdout.rfind("\n") + 1]
        return run_filters(self.filters, complete)[0] if complete else ""


FILE_FILTERS = frozenset(FILTERS) - {"cat", "tee"}
"""Filters a line may begin with, reading files of the door's folder (`head -3 pod.yaml`)."""


def filter_files(text: str, words: list[str], stdin: str | None, cwd: str) -> Result:
    """A filter at the start of a line over the folder's files it names (`grep image: pod.yaml`,
    `wc -l pod.yaml`), as on the learner's own machine: every word that names a file inside the
    door's folder is copied, under that name, to the filter's scratch filesystem, and copied
    back when the filter changed it (`sed -i 's/x/y/' pod.yaml`)."""
    fs = sh.FileSystem()
    copied: dict[str, tuple[str, str]] = {}
    for word in words[1:]:
        path, _ = _in_folder(word, cwd)
        if word.startswith("-") or path is None or not os.path.isfile(path) or os.path.isabs(word):
            continue
        name = "/" + os.path.normpath(word)
        if name.startswith("/.."):
            continue
        fs.mkdir(os.path.dirname(name), parents=True)
        with open(path, encoding="utf-8", errors="replace") as f:
            fs.write(name, f.read())
        copied[name] = (path, fs.read(name))
    m = sh.Machine.for_script(text, fs, {"PATH": "/bin"}, cwd="/", stdin=stdin or "", applets=set(FILTERS))
    out, err, code = _to_the_end(m)
    for name, (path, before) in copied.items():
        after = fs.read(name) if fs.exists(name) else before
        if after != before:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(after)
    return Result(code, out, err)


def run_filters(filters: list[str], stdin: str) -> tuple[str, str, int]:
    """The filters over `stdin`, on a scratch filesystem: (stdout, stderr, the last one's exit code)."""
    fs = sh.FileSystem()
    m = sh.Machine.for_script(" | ".join(filters), fs, {"PATH": "/bin"}, cwd="/", stdin=stdin,
                              applets=set(FILTERS))
    return _to_the_end(m)


def _to_the_end(m: sh.Machine) -> tuple[str, str, int]:
    """Run a scratch machine to its end (its sleeps take no time here): (stdout, stderr, exit code)."""
    now = 0
    while not m.done and now < MAX_FILTER_TICKS:
        m.advance(now)
        if not m.done:
            now = max(now + 1, m.wake_at)
    out = "".join(t for fd, t in m.console if fd == 1)
    err = "".join(t for fd, t in m.console if fd == 2)
    return out, err, m.exit_code


HERE_MARK = "KUBETUI_HERE_DOCUMENT"


def expand_here(text: str, variables: dict[str, str], kubectl=None) -> Result:
    """An unquoted here-document's text as sh reads it (POSIX 2.7.4): `$NAME`, `${…}`, `$(…)`,
    `$((…))` and backquotes expanded, a backslash quoting only `$`, `` ` ``, `\\` and a newline.
    kubetui's busybox sh expands it, with the door's `variables`, over a scratch filesystem of its
    own; a `kubectl` inside `$(…)` is `kubectl(args, stdin)` -> (stdout, stderr, exit code), the
    door's. The Result's stdout is the text; its exit code is sh's (2 when `${X?}` refused it)."""
    mark = HERE_MARK
    while mark in text.splitlines():
        mark += "_"
    body = text if not text or text.endswith("\n") else text + "\n"
    context = {"kubectl": (lambda args, stdin, fs: kubectl(args, stdin))} if kubectl is not None else {}
    m = sh.Machine.for_script(f"cat <<{mark}\n{body}{mark}\n", sh.FileSystem(), {"PATH": "/bin", **variables},
                              cwd="/", context=context)
    out, err, code = _to_the_end(m)
    return Result(code, out if body == text else out[:-1], err)


_FOR = re.compile(r"^for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in(?:\s+(.*?))?\s*;\s*do\s+(.*?)\s*;?\s*done\s*$", re.S)


def for_loop(line: str) -> tuple[str, str, str] | None:
    """`for NAME in WORDS; do BODY; done` as (NAME, WORDS, BODY); None for any other line."""
    m = _FOR.match(line.strip())
    return (m.group(1), m.group(2) or "", m.group(3)) if m else None


def split_list(line: str) -> list[tuple[str, str]] | None:
    """A line cut at its unquoted `;`, `&&` and `||` (an sh list): [(the operator before the part,
    the part)], the first operator being "". None when the line has none, or an empty part or an
    unclosed quote or `$(` that sh would call a syntax error (left to `parse` to refuse)."""
    parts: list[tuple[str, str]] = []
    op, start, i, depth = "", 0, 0, 0
    try:
        while True:
            i, depth = syntax(line, i, depth)
            if i == len(line):
                break
            if line[i] == ";" or line.startswith(("&&", "||"), i):
                if line.startswith(";;", i) or not line[start:i].strip():
                    return None
                parts.append((op, line[start:i].strip()))
                op = ";" if line[i] == ";" else line[i:i + 2]
                start = i = i + len(op)
            else:
                i += 1
    except ValueError:
        return None
    if not parts:
        return None
    if line[start:].strip():
        parts.append((op, line[start:].strip()))
    elif op != ";":
        return None
    return parts


def parse(line: str) -> Pipeline | Result:
    """The line cut at its unquoted `|`s with its redirections taken out, or the Result that
    refuses it. A `|` inside quotes, inside `{…}` (an unquoted jsonpath or go-template) or inside
    `$(…)` is no pipe."""
    stages: list[Stage] = []
    redirects: list[Redirect] = []
    cuts: list[int] = []
    kept, pos, i, depth, n = "", 0, 0, 0, len(line)
    """`kept`: the current stage's text before `pos` (its redirections taken out)."""
    while True:
        try:
            i, depth = syntax(line, i, depth, backquotes=True)
        except ValueError as exc:
            return Result(1, "", f"error: {exc}\n")
        if i == n:
            break
        c = line[i]
        if c == "`":
            return _refuse("command substitution with backquotes is not supported: use $(kubectl …)")
        if c == ";" or c == "&" or (c == "|" and line.startswith("||", i)):
            op = line[i:i + 2] if line[i:i + 2] in ("&&", "||", ";;", "&>") else c
            if op == "&>":
                return _refuse("`&>` is not supported: use `> FILE 2>&1`")
            return _refuse(f"`{op}` is not supported: type one command at a time")
        if c == "<":
            return _refuse("input redirection `<` is not supported: give the file with `-f FILE`")
        if c == "|":
            stages.append(Stage((kept + line[pos:i]).strip(), redirects))
            kept, redirects = "", []
            cuts.append(i)
            pos = i = i + 1
            continue
        if c != ">":
            i += 1
            continue
        kept += line[pos:i]
        fd = 1
        if kept[-1:].isdigit() and (len(kept) == 1 or (kept[-2].isspace() and not _escaped(kept, len(kept) - 2))):
            fd, kept = int(kept[-1]), kept[:-1]
        i += 1
        append = line.startswith(">", i)
        i += append
        duplicate = line.startswith("&", i)
        i += duplicate
        while i < n and line[i] in " \t":
            i += 1
        start = i
        try:
            i = _word_end(line, i)
            words = shlex.split(line[start:i])
        except ValueError as exc:
            return Result(1, "", f"error: {exc}\n")
        if len(words) != 1:
            return Result(2, "", "kubetui: syntax error near unexpected token `newline'\n")
        target = ("&" if duplicate else "") + words[0]
        if fd not in (1, 2) or (duplicate and not (fd == 2 and target == "&1")):
            return _refuse(f"the redirection `{fd}>{target}` is not supported: use `> FILE`, "
                           "`2>/dev/null` or `2>&1`")
        redirects.append(Redirect(fd, target, append))
        pos = i
    stages.append(Stage((kept + line[pos:]).strip(), redirects))
    if len(stages) == 1 and not redirects:
        return Pipeline(line)
    if len(stages) > 1 and stages[-1].text and _program(stages[-1].text) in ("kubectl", "k"):
        head = parse(line[:cuts[-1]])
        if isinstance(head, Result):
            return head
        if head.stdout_to is not None:
            return _refuse("a stage before a pipe cannot redirect its output: redirect at the end of the line")
        return Pipeline(line[:cuts[-1]].strip(), sink=line[cuts[-1] + 1:].strip())
    return _assemble(stages)


def _program(text: str) -> str:
    """The program a stage runs: its first word that is not a variable assignment."""
    try:
        return next((w for w in shlex.split(text) if not ASSIGNMENT.match(w)), "")
    except ValueError:
        return ""


def _assemble(stages: list[Stage]) -> Pipeline | Result:
    if any(not s.text for s in stages):
        return Result(2, "", "kubetui: syntax error near unexpected token `|'\n")
    if len(stages) > 1 and stages[0].text == "cat" and not stages[0].redirects:
        stages = stages[1:]  # `cat <<EOF | kubectl apply -f -`: the here-document is the next stage's stdin
        if len(stages) == 1 and not stages[0].redirects:
            return Pipeline(stages[0].text)
    first, rest = stages[0], stages[1:]
    try:
        program = next((w for w in shlex.split(first.text) if not ASSIGNMENT.match(w)), "")
    except ValueError as exc:
        return Result(1, "", f"error: {exc}\n")
    if program not in (*PROGRAMS, "cat", *FILE_FILTERS):
        return Result(127, "", f"kubetui: {program}: command not found (a line begins with "
                               f"{', '.join(PROGRAMS)})\n")
    pipe = Pipeline(first.text)
    for s in rest:
        try:
            words = shlex.split(s.text)
        except ValueError as exc:
            return Result(1, "", f"error: {exc}\n")
        name = words[0].rsplit("/", 1)[-1]
        if name not in FILTERS:
            return Result(127, "", f"kubetui: {words[0]}: only a filter or a last kubectl can follow a pipe "
                                   f"in kubetui ({', '.join(sorted(FILTERS))})\n")
        if "$(" in s.text:
            return _refuse("command substitution after a pipe is not supported")
        pipe.filters.append(s.text)
    for index, s in enumerate(stages):
        last = index == len(stages) - 1
        for r in s.redirects:
            if r.fd == 1 and not last:
                return _refuse("a stage before a pipe cannot redirect its output: redirect at the end of the line")
            if r.fd == 1:
                pipe.stdout_to = r
            elif index == 0:
                pipe.stderr_to = r
            elif last:
                pipe.filters_stderr_to = r
            else:
                return _refuse("redirect stderr of the command or of the last filter only")
    return pipe


def syntax(line: str, i: int, depth: int = 0, *, braces: bool = True, backquotes: bool = False) -> tuple[int, int]:
    """The one scanner of the door's lines: where, from `i`, the next character is that sh reads
    as syntax, and the `{` depth there (len(line) at the end). Skipped over: quoted text, a
    backslash and what it escapes, `$(…)`, and (with `braces`) `{…}`, an unquoted jsonpath or
    go-template. An unquoted backquote is syntax, and (with `backquotes`, to refuse it) one inside
    double quotes. Raises ValueError for a quote or a `$(` never closed."""
    n, quote = len(line), ""
    while i < n:
        c = line[i]
        if c == "\\" and quote != "'":
            i += 2
            continue
        if c == "$" and quote != "'" and line.startswith("$(", i):
            i = closing(line, i + 2) + 1
            continue
        if quote:
            if c == quote:
                quote = ""
            elif c == "`" and quote == '"' and backquotes:
                return i, depth
        elif c in "'\"":
            quote = c
        elif braces and c == "{":
            depth += 1
        elif braces and c == "}" and depth:
            depth -= 1
        elif not depth:
            return i, depth
        i += 1
    if quote:
        raise ValueError("No closing quotation")
    return n, depth


def expand_tilde(line: str, home: str) -> str:
    """`line` with each unquoted word that is `~` or begins `~/` starting with `home` instead, as
    the player's own shell does before kubectl sees the line (POSIX 2.6.1 tilde expansion, the
    login name form `~user` and `NAME=~` aside): `kubectl exec POD -- mkdir -p ~/tmp` makes the
    folder named like the player's home. A quoted or escaped `~`, or one inside `{…}` or `$(…)`,
    stays as typed; so does the whole line when a quote is never closed (parse refuses it)."""
    if "~" not in line or not home:
        return line
    out, pos, i, depth = [], 0, 0, 0
    try:
        while True:
            i, depth = syntax(line, i, depth)
            if i == len(line):
                break
            starts = i == 0 or (line[i - 1] in " \t|;&<>" and not _escaped(line, i - 1))
            if line[i] == "~" and starts and line[i + 1:i + 2] in ("", "/", " ", "\t", "|", ";", "&", "<", ">"):
                out += [line[pos:i], shlex.quote(home)]
                pos = i + 1
            i += 1
    except ValueError:
        return line
    return "".join(out) + line[pos:]


def _escaped(text: str, i: int) -> bool:
    """Whether a backslash escapes the character at `i` (an odd number of them just before it)."""
    j = i
    while j and text[j - 1] == "\\":
        j -= 1
    return (i - j) % 2 == 1


def _word_end(line: str, i: int) -> int:
    """Where the word that starts at `i` ends (a redirection's target)."""
    while True:
        i, _ = syntax(line, i, braces=False)
        if i == len(line) or line[i] in " \t|;&<>":
            return i
        i += 1


def closing(line: str, start: int) -> int:
    """Where the `)` that closes a `$(` opened just before `start` is."""
    depth, quote, i = 1, "", start
    while i < len(line):
        c = line[i]
        if c == "\\" and quote != "'":
            i += 2
            continue
        if c in "'\"" and (not quote or quote == c):
            quote = "" if quote == c else c
        elif not quote and c == "(":
            depth += 1
        elif not quote and c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unexpected EOF while looking for matching `)'")


def _streams(stage: str) -> bool:
    try:
        words = shlex.split(stage)
    except ValueError:
        return False
    name = words[0].rsplit("/", 1)[-1]
    if name not in STREAMING:
        return False
    if name == "awk":
        return _awk_streams(words[1:])
    if name.endswith("grep"):
        return not any(w.startswith("-") and not w.startswith("--") and NOT_STREAMING_GREP & set(w[1:])
                       for w in words[1:]) and not any(w in ("--count", "--quiet", "--files-with-matches")
                                                        for w in words[1:])
    return True


def _awk_streams(args: list[str]) -> bool:
    """awk prints as lines come unless it has an END rule (a sum, a count) or reads a program file."""
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "-":
        if args[i] == "--":
            i += 1
            break
        if args[i][1] in "fe":
            return False
        i += 1 if len(args[i]) > 2 else 2
    return i < len(args) and not awk_has_end(args[i])


def _refuse(why: str) -> Result:
    return Result(2, "", f"kubetui: {why}\n")


def _path(target: str, cwd: str) -> str:
    return os.path.join(cwd, os.path.expanduser(target)) if not os.path.isabs(target) else target


def _writable(target: str, cwd: str) -> Result | None:
    """None when the door may write `target`: /dev/null, or a file inside its working folder."""
    if target == "/dev/null":
        return None
    path, root = _in_folder(target, cwd)
    if path is None:
        return Result(1, "", f"kubetui: {target}: Permission denied (kubetui writes files only inside "
                             f"its working folder {root})\n")
    if os.path.isdir(path):
        return Result(1, "", f"kubetui: {target}: Is a directory\n")
    if not os.path.isdir(os.path.dirname(path)):
        return Result(1, "", f"kubetui: {target}: No such file or directory\n")
    return None


def _in_folder(target: str, cwd: str) -> tuple[str | None, str]:
    """The target's real path (None when it is outside the door's working folder) and the folder's."""
    path, root = os.path.realpath(_path(target, cwd)), os.path.realpath(cwd)
    return (path if os.path.commonpath([path, root]) == root else None), root


def read_files(names: list[str], stdin: str | None, cwd: str | None) -> Result:
    """The door's `cat`: the here-document a script gives it (no name, or `-`), or files inside
    its working folder (`cat pod.yaml` after `kubectl run … -o yaml > pod.yaml`), in cat's words."""
    out, err, code = [], [], 0
    for name in names or ["-"]:
        if name == "-":
            out.append(stdin or "")
            continue
        if name.startswith("-") and len(name) > 1:
            return Result(1, "", f"kubetui: cat: {name}: options are not supported here\n")
        path, root = _in_folder(name, cwd or ".")
        if path is None:
            err.append(f"cat: {name}: Permission denied (kubetui reads files only inside its working folder {root})\n")
        elif os.path.isdir(path):
            err.append(f"cat: {name}: Is a directory\n")
        elif not os.path.exists(path):
            err.append(f"cat: {name}: No such file or directory\n")
        else:
            with open(path, encoding="utf-8", errors="replace") as f:
                out.append(f.read())
            continue
        code = 1
    return Result(code, "".join(out), "".join(err))


def _write(r: Redirect, text: str, cwd: str) -> None:
    """The command's output as its bytes (`kubectl exec POD -- cat /bin.file > local`: what is
    not UTF-8 rides as surrogate escapes)."""
    if r.target == "/dev/null":
        return
    with open(_path(r.target, cwd), "a" if r.append else "w", encoding="utf-8", errors="surrogateescape",
              newline="") as f:
        f.write(text)


class Piped:
    """A command `start`ed with filters after it: reads like its invocation, prints through them."""

    terminal = None

    def __init__(self, invocation, pipe: Pipeline, cwd: str):
        self.invocation, self.pipe, self.cwd = invocation, pipe, cwd
        self._result: Result | None = None
        self._shown: tuple[int, str] = (-1, "")
        self._said: tuple[tuple, list[tuple[int, str]]] = ((-1, False), [])
        self._interrupted = False

    @property
    def seq(self) -> int:
        return self.invocation.seq

    @seq.setter
    def seq(self, value: int) -> None:
        self.invocation.seq = value

    @property
    def result(self) -> Result | None:
        if self._result is None and self.invocation.result is not None:
            said = self.invocation.transcript
            merged = "".join(text for _, text in said) if said is not None else None
            self._result = self.pipe.finish(self.invocation.result, self.cwd, interrupted=self._interrupted,
                                            merged=merged)
        return self._result

    @property
    def transcript(self) -> list[tuple[int, str]] | None:
        """A program's output as the terminal shows it through the line's pipes and redirections:
        its stderr (unless redirected) in the order it wrote it, and before each piece what the
        filters had printed of the stdout written until then (a filter that streams prints as
        lines come, the others at the end). None when the command is kubectl's own."""
        said = self.invocation.transcript
        if said is None:
            return None
        key = (len(said), self.result is not None)
        if self._said[0] != key:
            self._said = (key, self._through(said))
        return self._said[1]

    def _through(self, said: list[tuple[int, str]]) -> list[tuple[int, str]]:
        pipe = self.pipe
        shown: list[tuple[int, str]] = []
        written: list[str] = []
        printed, errors = "", ""

        def catch_up() -> None:
            nonlocal printed
            if pipe.stdout_to is not None:
                return
            text = pipe.shown("".join(written)) if pipe.filters else "".join(written)
            if len(text) > len(printed) and text.startswith(printed):
                shown.append((1, text[len(printed):]))
                printed = text

        into_pipe = pipe.stderr_to is not None and pipe.stderr_to.target == "&1"
        for fd, text in said:
            if fd == 1 or into_pipe:
                written.append(text)
            elif pipe.stderr_to is None:
                catch_up()
                shown.append((2, text))
                errors += text
        result = self.result
        if result is None:
            catch_up()
            return shown
        rest = result.stdout[len(printed):] if result.stdout.startswith(printed) else result.stdout
        if rest:
            shown.append((1, rest))
        if result.stderr.startswith(errors) and len(result.stderr) > len(errors):
            shown.append((2, result.stderr[len(errors):]))
        return shown

    @property
    def done(self) -> bool:
        return self.invocation.done

    @property
    def stdout(self) -> str:
        if self.result is not None:
            return self.result.stdout
        raw = self.invocation.stdout
        if self._shown[0] != len(raw):
            self._shown = (len(raw), self.pipe.shown(raw))
        return self._shown[1]

    @property
    def stderr(self) -> str:
        if self.result is not None:
            return self.result.stderr
        return "" if self.pipe.stderr_to is not None else self.invocation.stderr

    def poll(self) -> Result | None:
        self.invocation.poll()
        return self.result

    def cancel(self) -> Result:
        self._interrupted = self.invocation.result is None
        self.invocation.cancel()
        assert self.result is not None
        return self.result
