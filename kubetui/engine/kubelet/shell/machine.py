"""The shell's executor: a script compiled to a flat list of instructions run by a machine
whose whole state is plain data (program counter, variables, loop slots), so a running
container's script pickles with the simulation and resumes where it stopped.

Time is simulated: `sleep` parks the machine until a later tick; a step budget per call keeps
a loop without sleep from hanging the simulation.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
from dataclasses import dataclass, field

from kubetui.engine.kubelet.shell.fs import FileSystem, FsError
from kubetui.engine.kubelet.shell.parse import ShellSyntaxError, parse

NESTED_BUDGET = 20_000
"""Steps a pipeline stage or `$(...)` may take before it is killed (it runs within one tick)."""
MAX_OUTPUT = 1_000_000


class _Exit(Exception):
    def __init__(self, code: int):
        self.code = code


class _Killed(Exception):
    pass


class _Blocked(Exception):
    """A command waits on a nested shell (a pipeline stage, `$(...)`, `sh -c`) that sleeps, or a
    program waits `until` a tick (ping's next reply): the instruction runs again when the machine
    next wakes, its finished parts remembered."""

    def __init__(self, until: int | None = None):
        self.until = until


Blocked = _Blocked

STREAMING = frozenset({"cat", "tee", "grep", "egrep", "fgrep", "tr", "cut"})
"""Filters that handle their input a line at a time: in a pipeline they print what reaches them
as it comes, while the command before them still runs (`while ...; done | tee log`)."""


NO_INPUT = frozenset({"echo", "printf", "sleep", "date", "true", "false", "hostname", "seq", "yes", "env",
                      "printenv", "id", "whoami", "uname", "pwd", "ls", "ps", "df", "nslookup", "ping"})
"""Programs that read no input: in a pipeline they run at once, not after the command before."""


def reads_input(cmd: tuple) -> bool:
    words = cmd[2] if cmd[0] == "simple" else ()
    return not words or words[0].rsplit("/", 1)[-1] not in NO_INPUT or any(op == "<" for _, op, _ in cmd[3])


def _commands(tree):
    """The first words of every simple command in a parsed tree."""
    if isinstance(tree, tuple) and tree and tree[0] == "simple":
        if tree[2]:
            yield tree[2][0]
        return
    for part in tree if isinstance(tree, tuple) else ():
        yield from _commands(part)


def reads_lines(cmd: tuple) -> bool:
    """`while read …; do …; done` that never sleeps: a loop over its input's lines (the adapter
    pattern's `tail -f log | while read line; do …; done`), which may run on each batch of whole
    lines, its variables carried from one batch to the next."""
    if cmd[0] != "while" or cmd[1] or any(op not in (">>", ">&") for _, op, _ in cmd[4]):
        return False
    items = cmd[2][1]
    if len(items) != 1 or items[0][2] or items[0][1][1] or len(items[0][1][2]) != 1:
        return False
    test = items[0][1][2][0]
    return test[0] == "simple" and test[2][:1] == ("read",) and "sleep" not in set(_commands(cmd[3]))


def streams(cmd: tuple) -> bool:
    """Whether a pipeline stage is a filter that may run on each batch of lines as it arrives
    (the same output as on the whole input)."""
    if reads_lines(cmd):
        return True
    if cmd[0] != "simple" or not cmd[2] or any(op not in (">>", ">&") for _, op, _ in cmd[3]):
        return False
    words = cmd[2]
    name = words[0].rsplit("/", 1)[-1]
    if name not in STREAMING or any(ch in w for w in words for ch in "$`"):
        return False
    options = [w for w in words[1:] if w.startswith("-") and w != "-"]
    if name == "cat":
        return all(w in ("-", "-u") for w in words[1:])
    if name in ("grep", "egrep", "fgrep"):
        return not any(w.startswith("--") or any(ch in w for ch in "clLqmnABCbz") for w in options)
    return True


def _command_line(cmd: tuple) -> str | None:
    """A simple command's words as `ps` shows them (quotes removed); None for a compound one (its
    process is a copy of the shell)."""
    if cmd[0] != "simple" or not cmd[2]:
        return None
    text = " ".join(cmd[2])
    try:
        return " ".join(shlex.split(text))
    except ValueError:
        return text


@dataclass
class Stage:
    """One command of a pipeline under way: its shell (a filter that streams runs afresh on each
    batch of lines), how much of its input it has read, how it ended."""

    cmd: tuple
    streaming: bool
    machine: Machine | None = None
    fed: int = 0
    out: str = ""
    done: bool = False
    status: int = 0
    ran: bool = False
    ok: bool = False
    env: dict | None = None
    """A `while read` loop's variables after its last batch."""


def compile_script(tree: tuple) -> list[tuple]:
    code: list[tuple] = []
    loops: list[tuple[list[int], list[int], int]] = []

    def emit(*ins) -> int:
        code.append(tuple(ins))
        return len(code) - 1

    def patch(at: int, target: int) -> None:
        code[at] = code[at][:-1] + (target,)

    def node(n: tuple) -> None:
        kind = n[0]
        if kind == "list":
            if not n[1]:
                emit("status", 0)
            for item in n[1]:
                node(item)
        elif kind == "andor":
            if len(n) > 3:
                emit("bg", 1)
            node(n[1])
            for op, pipe in n[2]:  # a skipped command leaves the status for the next operator to test
                at = emit("jf" if op == "&&" else "jt", -1)
                node(pipe)
                patch(at, len(code))
            if len(n) > 3:
                emit("bg", -1)
                emit("status", 0)
        elif kind == "pipe":
            neg, cmds = n[1], n[2]
            if len(cmds) > 1:
                emit("pipeline", cmds)
            else:
                command(cmds[0])
            if neg:
                emit("neg")
        else:
            raise AssertionError(kind)

    def command(c: tuple) -> None:
        kind = c[0]
        if kind == "simple":
            words = c[2]
            if words and words[0] in ("break", "continue") and loops and len(words) <= 2:
                brk, cont, _ = loops[-1]
                (brk if words[0] == "break" else cont).append(emit("jmp", -1))
                return
            emit("cmd", c)
            return
        redirs = c[-1] if kind != "function" else ()
        if redirs:
            emit("redir_push", redirs)
        if kind == "group":
            node(c[1])
        elif kind == "sub":
            at = emit("sub_push", -1)
            node(c[1])
            patch(at, len(code))
            emit("sub_pop")
        elif kind == "if":
            ends = []
            for cond, body in c[1]:
                node(cond)
                skip = emit("jf", -1)
                node(body)
                ends.append(emit("jmp", -1))
                patch(skip, len(code))
            if c[2] is not None:
                node(c[2])
            else:
                emit("status", 0)
            for at in ends:
                patch(at, len(code))
        elif kind == "while":
            until, cond, body = c[1], c[2], c[3]
            emit("status", 0)
            emit("save")
            top = len(code)
            loops.append(([], [], top))
            node(cond)
            out = emit("jt" if until else "jf", -1)
            node(body)
            emit("save")
            emit("jmp", top)
            brk, cont, _ = loops.pop()
            patch(out, len(code))
            end = emit("restore")
            for at in brk:
                patch(at, end)
            for at in cont:
                patch(at, top)
        elif kind == "for":
            var, words, body = c[1], c[2], c[3]
            slot = len(code)
            emit("for_init", slot, words)
            top = emit("for_next", slot, var, -1)
            loops.append(([], [], top))
            node(body)
            emit("jmp", top)
            brk, cont, _ = loops.pop()
            patch(top, len(code))
            for at in brk:
                patch(at, len(code))
            for at in cont:
                patch(at, top)
        elif kind == "case":
            slot = len(code)
            emit("case_word", slot, c[1])
            ends = []
            for patterns, body in c[2]:
                skip = emit("case_arm", slot, patterns, -1)
                node(body)
                ends.append(emit("jmp", -1))
                patch(skip, len(code))
            emit("status", 0)
            for at in ends:
                patch(at, len(code))
            emit("case_end", slot)
        elif kind == "function":
            body = compile_script(("list", (("andor", ("pipe", False, (c[2],)), ()),)))
            emit("defun", c[1], tuple(body) + (("ret",),))
        if redirs:
            emit("redir_pop")

    node(tree)
    return code


@dataclass
class Machine:
    """One running `sh`: its script, where it is, its variables, its open redirections."""

    fs: FileSystem
    code: list[tuple] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    exported: set[str] = field(default_factory=set)
    cwd: str = "/"
    pc: int = 0
    status: int = 0
    saved: list[int] = field(default_factory=list)
    slots: dict[int, list[str]] = field(default_factory=dict)
    redirects: list[dict[int, tuple]] = field(default_factory=list)
    subshells: list[tuple[int, dict, set, str, int]] = field(default_factory=list)
    done: bool = False
    exit_code: int = 0
    wake_at: int = 0
    pending_sleep: int = 0
    follow: tuple | None = None
    """`tail -f`: (path, chars already printed)."""
    listen: dict | None = None
    """A server in the foreground (`nc -l`, `httpd -f`): its entry in the pod's port table
    (shell/net.py); the script goes on once it stops listening."""
    background: int = 0
    """Inside a command run with `&`: a server started there listens while the script goes on
    (other background work still runs in turn)."""
    console: list[tuple[int, str]] = field(default_factory=list)
    """What the script printed since last drained: (fd 1 or 2, text)."""
    applets: frozenset[str] | None = None
    """Programs in the image; None: busybox's whole set."""
    context: dict = field(default_factory=dict)
    """Facts of the container the applets answer with (hostname, pod name, clock start...)."""
    now: int = 0
    lineno: int = 0
    subst_status: int = 0
    budget: int = 0
    capture: list[str] | None = None
    stdin: str = ""
    exited: bool = False
    write_error: str = ""
    """Why the last write to a file failed (a full tmpfs): the command then fails as busybox's does."""
    """The script ended by `exit` (not by running off its end)."""
    funcs: dict[str, tuple] = field(default_factory=dict)
    """Shell functions defined so far: name -> compiled body."""
    frames: list[tuple] = field(default_factory=list)
    """Function calls under way: (caller's code, return pc, caller's args, redirections depth,
    locals' previous values)."""
    traps: dict[str, str] = field(default_factory=dict)
    """`trap`: signal name (EXIT, TERM, INT...) -> the command to run."""
    later: list[tuple[tuple, str]] = field(default_factory=list)
    """Output a program prints when the time it waits is over (a connection that times out):
    (where it goes, text), written when the machine wakes."""
    interactive: bool = False
    """A shell reading lines at a prompt: the end of a line is not the end of the shell."""
    inner: bool = False
    """A shell run by another (a pipeline stage, `$(...)`, `sh -c`): its end is a command's."""
    eager: bool = False
    """Runs to its end within the tick (`run_to_end`): nested shells' sleeps add up instead of waiting."""
    nested: list = field(default_factory=list)
    """What the instruction under way has done so far, in order (its nested shells, its
    redirections): kept while it waits on a nested shell, so running it again resumes it."""
    nested_at: int = 0
    forks: int = 0
    """Programs this shell has started (its builtins aside): the next one's pid follows them."""
    running: tuple[int, str] | None = None
    """The program the script waits in now (`sleep 5`, `tail -f /x`): (its fork number, its
    command line), as `ps` lists it under the shell."""

    @classmethod
    def for_script(cls, script: str, fs: FileSystem, env: dict[str, str], **kw) -> Machine:
        """A machine about to run `script`; a syntax error ends it at once as `sh` does (exit 2)."""
        m = cls(fs=fs, env=dict(env), exported=set(env), **kw)
        try:
            m.code = compile_script(parse(script))
        except ShellSyntaxError as e:
            m.console.append((2, f"sh: {e}\n"))
            m.done, m.exit_code = True, 2
        except RecursionError:
            m.console.append((2, "sh: syntax error: too deeply nested\n"))
            m.done, m.exit_code = True, 2
        return m

    # ---- running -------------------------------------------------------------------------

    def advance(self, now: int, budget: int = 500) -> None:
        """Run until the script sleeps, ends, or spends `budget` steps (the rest waits for the
        next call)."""
        self.now = now
        if self.done or now < self.wake_at:
            return
        if self.later:
            self._flush_later()
        if self.follow is not None:
            self._follow()
            return
        if self.listen is not None and not self._serve():
            return
        self.running = None
        self.budget = budget
        try:
            while self.pc < len(self.code) and self.budget > 0:
                self.budget -= 1
                at, code = self.pc, self.code
                self.nested_at = 0
                try:
                    self._step()
                except _Blocked as b:
                    self.pc, self.code = at, code
                    self.wake_at = b.until if b.until is not None else self._waiting_until(now)
                    return
                self.nested = []
                if self.pending_sleep:
                    self.wake_at, self.pending_sleep = now + self.pending_sleep, 0
                    return
                if self.follow is not None or self.listen is not None:
                    return
            if self.pc >= len(self.code):
                if self.interactive or self.inner:
                    self.done, self.exit_code = True, self.status
                else:
                    self._finish(self.status)
        except _Exit as e:
            self.exited = True
            if self.inner:
                self.done, self.exit_code = True, e.code & 0xFF
            else:
                self._finish(e.code & 0xFF)
        except _Killed:
            if self.interactive:
                self.console.append((2, "sh: the line ran too long and was stopped\n"))
            self.done, self.exit_code = True, 130 if self.interactive else 137

    def _waiters(self) -> list[Machine]:
        """The nested shells the instruction under way waits on."""
        found = [n for n in self.nested if isinstance(n, Machine)]
        found += [st.machine for n in self.nested if isinstance(n, list) for st in n
                  if isinstance(st, Stage) and st.machine is not None]
        return [m for m in found if not m.done]

    def children(self) -> list[tuple[int, str | None]]:
        """The processes under this shell now, as `ps` lists them: the program its script waits
        in, or the shells of the pipeline it waits on (each stage's own program when it runs
        one; None: a forked copy of this shell). (fork number, command line) each."""
        if self.done:
            return []
        if self.running is not None:
            return [self.running]
        shown: list[str | None] = []
        for n in self.nested:
            if isinstance(n, Machine) and not n.done:
                got = n.children()
                shown.append(got[-1][1] if got else None)
            elif isinstance(n, list):
                for st in n:
                    if isinstance(st, Stage) and not st.done:
                        got = st.machine.children() if st.machine is not None else []
                        shown.append(got[-1][1] if got else _command_line(st.cmd))
        return [(self.forks + i, cmd) for i, cmd in enumerate(shown, start=1)]

    @property
    def following(self) -> bool:
        """`tail -f` runs, here or in a nested shell this one waits on."""
        return self.follow is not None or self.listen is not None or any(m.following for m in self._waiters())

    def _waiting_until(self, now: int) -> int:
        """When the nested shells this one waits on next have something to do."""
        times = [now + 1 if m.following else m.wake_at for m in self._waiters()]
        return max(now + 1, min(times)) if times else now + 1

    def remember(self, make):
        """The value the instruction under way computed at this point the first time it ran
        (its redirections, a nested shell): running it again after a wait reuses it."""
        i = self.nested_at
        self.nested_at += 1
        if i < len(self.nested):
            return self.nested[i]
        value = make()
        self.nested.append(value)
        return value

    def run_nested(self, child: Machine) -> None:
        """Run a nested shell on: to its end within this tick, or until it sleeps (the
        instruction then waits for it: _Blocked). One that runs past its step budget without
        sleeping is killed."""
        if child.done:
            return
        if self.eager:
            child.eager = True
            child.run_to_end(self.now, self.budget_left())
            self.pending_sleep += child.pending_sleep
            return
        child.inner = True
        child.advance(self.now, self.budget_left())
        if not child.done and not child.following and child.wake_at <= self.now:
            raise _Killed
        if not child.done:
            raise _Blocked

    def start_line(self, line: str) -> bool:
        """An interactive shell's next line (`kubectl exec -it`), to run with `advance` as the
        ticks pass (its `sleep`s wait); False when it does not parse (sh's message printed)."""
        try:
            code = compile_script(parse(line))
        except (ShellSyntaxError, RecursionError) as e:
            self.console.append((2, f"sh: {e if isinstance(e, ShellSyntaxError) else 'syntax error'}\n"))
            self.status = 2
            return False
        self.code, self.pc, self.done, self.slots, self.wake_at = code, 0, False, {}, 0
        self.nested = []
        self.interactive = True
        return True

    def _finish(self, code: int) -> None:
        """The script ended: its EXIT trap runs, then the shell exits with `code` (or the trap's
        own `exit N`)."""
        self.done, self.exit_code = True, code
        action = self.traps.pop("EXIT", None)
        if action:
            self.status = code
            trap_code, exited = self.run_trap(action, code)
            self.exit_code = trap_code & 0xFF if exited else code

    def run_trap(self, action: str, code: int) -> tuple[int, bool]:
        """Run a trap's ACTION to its end in this shell's variables: (its exit code, whether it
        ran `exit`)."""
        child = Machine.for_script(action, self.fs, self.env, cwd=self.cwd, applets=self.applets,
                                   context={**self.context})
        child.env, child.exported, child.funcs = self.env, self.exported, self.funcs
        child.status = code
        if not child.done:
            try:
                child.run_to_end(self.now, NESTED_BUDGET)
            except _Killed:
                return 137, True
        self.console.extend(child.console)
        return child.exit_code, child.exited

    def signal(self, sig: str) -> bool:
        """A signal from outside (the kubelet's SIGTERM): its trap runs now; True when the shell
        has ended (the trap ran `exit`). Without a trap, PID 1 ignores it."""
        action = self.traps.get(sig)
        if self.done or not action:
            return self.done
        code, exited = self.run_trap(action, self.status)
        if exited:
            self._finish(code)
        return self.done

    def run_to_end(self, now: int, budget: int = NESTED_BUDGET) -> int:
        """Run a script (a probe, a trap) within this tick; its sleeps add up."""
        self.now, self.budget = now, budget
        self.eager = True
        slept = 0
        try:
            while self.pc < len(self.code):
                if self.budget <= 0:
                    raise _Killed
                self.budget -= 1
                self.nested_at = 0
                self._step()
                self.nested = []
                slept += self.pending_sleep
                self.pending_sleep = 0
                if self.later:
                    self._flush_later()
                if self.follow is not None or self.listen is not None:
                    break
            self.exit_code = self.status
        except _Exit as e:
            self.exit_code, self.exited = e.code & 0xFF, True
        self.done = True
        self.pending_sleep = slept
        return self.exit_code

    def _serve(self) -> bool:
        """A foreground server prints what its connections brought (nc: the request; a web
        server: its access log); True once it has stopped listening."""
        entry = self.listen
        assert entry is not None, "advance() calls this only while listening"
        log = entry["log"]
        for fd, text in log[entry["shown"]:]:
            self.write(fd, text)
        entry["shown"] = len(log)
        if entry["closed"]:
            self.listen = None
        return self.listen is None

    def interrupt(self, now: int) -> bool:
        """^C at the terminal: SIGINT to the line running in the foreground. A program that
        catches it (ping, which then prints its statistics) ends its own way and the line goes on:
        True. Any other dies of it, and the interactive shell abandons the rest of the line (its
        status 130): False."""
        catchers = self._catchers()
        if not catchers:
            self.hang_up()
            self.later, self.done, self.exit_code = [], True, 130
            return False
        for state in catchers:
            state["sigint"] = True
        for m in self._chain():
            m.wake_at = min(m.wake_at, now)
        self.advance(now, NESTED_BUDGET)
        return True

    def _catchers(self) -> list[dict]:
        """The remembered state of the programs under way that catch SIGINT (`"sigint"` in it)."""
        found = [n for n in self.nested if isinstance(n, dict) and "sigint" in n]
        for m in self._waiters():
            found += m._catchers()
        return found

    def _chain(self) -> list[Machine]:
        """This shell and the nested shells it waits on, all the way down."""
        return [self, *(m for w in self._waiters() for m in w._chain())]

    def hang_up(self) -> None:
        """Stop waiting on `tail -f` or a server, here and in nested shells (the line at a prompt
        is stopped): a server's port closes."""
        for m in [self, *self._waiters()]:
            if m.listen is not None:
                m.listen["closed"] = True
                ports = m.context.get("ports")
                if ports is not None and ports.get(m.listen["port"]) is m.listen:
                    del ports[m.listen["port"]]
            m.follow, m.listen = None, None
        for m in self._waiters():
            m.hang_up()

    def _follow(self) -> None:
        assert self.follow is not None, "advance() calls this only while following"
        path, seen = self.follow
        try:
            text = self.fs.read(path)
        except FsError:
            return
        if seen < 0:
            self.write(2, f"tail: {path} has appeared; following end of new file\n")
            seen = 0
            self.follow = (path, 0)
        if len(text) > seen:
            self.write(1, text[seen:])
            self.follow = (path, len(text))

    def _step(self) -> None:
        ins = self.code[self.pc]
        self.pc += 1
        op = ins[0]
        if op == "cmd":
            self.status = self.simple(ins[1])
        elif op == "jf":
            if self.status != 0:
                self.pc = ins[1]
        elif op == "jt":
            if self.status == 0:
                self.pc = ins[1]
        elif op == "jmp":
            self.pc = ins[1]
        elif op == "status":
            self.status = ins[1]
        elif op == "bg":
            self.background += ins[1]
        elif op == "neg":
            self.status = int(self.status == 0)
        elif op == "save":
            self.saved.append(self.status)
        elif op == "restore":
            self.status = self.saved.pop() if self.saved else 0
            self.saved.clear()
        elif op == "pipeline":
            self.status = self.pipeline(ins[1])
        elif op == "for_init":
            words = ins[2] if ins[2] is not None else ()
            items = []
            for w in words:
                items.extend(self.expand(w))
            if ins[2] is None:
                items = list(self.context.get("args", []))
            self.slots[ins[1]] = items
            self.status = 0
        elif op == "for_next":
            items = self.slots.get(ins[1]) or []
            if not items:
                self.slots.pop(ins[1], None)
                self.pc = ins[3]
            else:
                self.env[ins[2]] = items.pop(0)
        elif op == "redir_push":
            table = self.open_redirs(ins[1])
            if table is None:
                self.status = 1
                depth = 1
                while self.pc < len(self.code) and depth:
                    o = self.code[self.pc][0]
                    depth += (o == "redir_push") - (o == "redir_pop")
                    self.pc += 1
                return
            self.redirects.append(table)
        elif op == "redir_pop":
            if self.redirects:
                self.redirects.pop()
        elif op == "sub_push":
            self.subshells.append((ins[1], dict(self.env), set(self.exported), self.cwd, len(self.redirects)))
        elif op == "sub_pop":
            self._leave_subshell()
        elif op == "case_word":
            self.slots[ins[1]] = [" ".join(self.expand(ins[2], split=False, glob=False))]
        elif op == "case_arm":
            word = (self.slots.get(ins[1]) or [""])[0]
            if not any(fnmatch.fnmatchcase(word, self.pattern(p)) for p in ins[2]):
                self.pc = ins[3]
            else:
                self.status = 0
        elif op == "case_end":
            self.slots.pop(ins[1], None)
        elif op == "defun":
            self.funcs[ins[1]] = ins[2]
            self.status = 0
        elif op == "ret":
            self.return_(self.status)

    def _leave_subshell(self) -> None:
        _, env, exported, cwd, depth = self.subshells.pop()
        self.env, self.exported, self.cwd = env, exported, cwd
        del self.redirects[depth:]

    def call(self, name: str, args: list[str], depth: int) -> None:
        """Enter function `name`: its body runs next, with `args` as $1..., until `ret`."""
        if len(self.frames) >= 200:
            self.write(2, f"sh: {name}: function nesting too deep\n")
            raise _Exit(2)
        self.frames.append((self.code, self.pc, self.context.get("args", []), depth, {}))
        self.context["args"] = list(args)
        self.code, self.pc = list(self.funcs[name]), 0

    def return_(self, code: int) -> None:
        code_, pc, args, depth, saved = self.frames.pop()
        self.code, self.pc = code_, pc
        self.context["args"] = args
        del self.redirects[depth:]
        for k, v in saved.items():
            if v is None:
                self.env.pop(k, None)
            else:
                self.env[k] = v
        self.status = code & 0xFF

    def local(self, name: str) -> None:
        """`local NAME`: its value comes back when the function returns."""
        if self.frames and name not in self.frames[-1][4]:
            self.frames[-1][4][name] = self.env.get(name)

    def exit(self, code: int) -> None:
        """`exit`: leaves the innermost subshell, or the script."""
        if self.subshells:
            end = self.subshells[-1][0]
            self._leave_subshell()
            self.pc, self.status = end + 1, code & 0xFF
            return
        raise _Exit(code)

    # ---- output --------------------------------------------------------------------------

    def fd_target(self, fd: int, local: dict[int, tuple] | None = None) -> tuple:
        for table in ([local] if local else []) + self.redirects[::-1]:
            if fd in table:
                return table[fd]
        return ("std", fd)

    def write_later(self, fd: int, text: str, local: dict[int, tuple] | None = None) -> None:
        """Print `text` once the time the running program waits (`pending_sleep`) is over."""
        if text:
            self.later.append((self.fd_target(fd, local), text))

    def _flush_later(self) -> None:
        later, self.later = self.later, []
        for target, text in later:
            self._emit(target, text)

    def write(self, fd: int, text: str, local: dict[int, tuple] | None = None) -> None:
        if not text:
            return
        self._emit(self.fd_target(fd, local), text)

    def _emit(self, target: tuple, text: str) -> None:
        if target[0] == "file":
            try:
                self.fs.write(target[1], text, append=True, now=self.now)
            except FsError as e:
                self.write_error = str(e)
        elif target[0] == "null":
            pass
        elif target[0] == "std":
            if target[1] == 1 and self.capture is not None:
                if sum(map(len, self.capture)) < MAX_OUTPUT:
                    self.capture.append(text)
            elif target[1] == 2 and "parent" in self.context:
                self.context["parent"].write(2, text)
            elif len(self.console) < 100_000:
                self.console.append((target[1], text))

    def open_redirs(self, redirs: tuple) -> dict[int, tuple] | None:
        """The fd table of a command's redirections; None (after printing why) when one fails."""
        table: dict[int, tuple] = {}
        for fd, op, word in redirs:
            if op in ("<<", "<<'"):
                table[fd] = ("text", word if op == "<<'" else self.expand_here(word))
                continue
            words = self.expand(word)
            if len(words) != 1:
                self.write(2, f"sh: {word}: bad redirect\n")  # ambiguous redirect
                return None
            target = words[0]
            if op in (">&", "<&"):
                if target == "-":
                    table[fd] = ("null",)
                elif target.isdecimal():
                    table[fd] = self.fd_target(int(target), table)
                else:
                    self.write(2, f"sh: {target}: bad number\n")
                    return None
                continue
            path = self.fs.norm(target, self.cwd)
            if target == "/dev/null":
                table[fd] = ("null",) if op != "<" else ("text", "")
                continue
            if op == "<":
                try:
                    table[fd] = ("text", self.fs.read(path))
                except FsError as e:
                    why = "no such file" if str(e) == "No such file or directory" else str(e)
                    self.write(2, f"sh: can't open {target}: {why}\n")
                    return None
                continue
            try:
                if op == ">>" and self.fs.is_file(path):
                    self.fs.check_write(path)
                else:
                    self.fs.write(path, "", now=self.now)
            except FsError as e:
                why = "nonexistent directory" if str(e) in ("No such file or directory", "Not a directory") else str(e)
                self.write(2, f"sh: can't create {target}: {why}\n")
                return None
            table[fd] = ("file", path)
        return table

    # ---- expansion -----------------------------------------------------------------------

    def var(self, name: str) -> str | None:
        if name == "?":
            return str(self.status)
        if name == "$":
            return str(self.context.get("pid", 1))
        if name == "#":
            return str(len(self.context.get("args", [])))
        if name == "0":
            return self.context.get("arg0", "sh")
        if name.isdecimal():
            args = self.context.get("args", [])
            i = int(name) - 1
            return args[i] if i < len(args) else None
        if name in ("@", "*"):
            return " ".join(self.context.get("args", []))
        if name == "PWD":
            return self.env.get("PWD", self.cwd)
        if name == "RANDOM":
            self.context["random"] = (self.context.get("random", 12345) * 1103515245 + 12345) % 2**31
            return str(self.context["random"] % 32768)
        return self.env.get(name)

    def substitute(self, script: str) -> str:
        def make() -> Machine:
            child = Machine.for_script(script, self.fs, self.env, cwd=self.cwd, applets=self.applets,
                                       context={**self.context, "parent": self})
            child.exported = set(self.exported)
            child.funcs = dict(self.funcs)
            child.capture = []
            child.redirects = []
            if child.done:
                for fd, text in child.console:
                    self.write(fd, text)
            return child
        child = self.remember(make)
        self.run_nested(child)
        self.subst_status = child.exit_code
        return "".join(child.capture or ()).rstrip("\n")

    def budget_left(self) -> int:
        return max(self.budget, 0) + NESTED_BUDGET

    def arith(self, expr: str) -> str:
        from kubetui.engine.kubelet.shell.arith import ArithError, evaluate
        if "$" in expr or "`" in expr:
            expr = self.expand_here(expr)

        def assign(name: str, value: str) -> None:
            self.env[name] = value
        try:
            return str(evaluate(expr, self.var, assign))
        except (ArithError, RecursionError) as e:
            self.write(2, f"sh: {e if isinstance(e, ArithError) else 'arithmetic syntax error'}\n")
            raise _Exit(2) from None

    def tilde(self, word: str, assignment: bool = False) -> str:
        """Tilde expansion: a leading `~` or `~user` up to the first `/` becomes $HOME or that
        user's home in /etc/passwd, quoted so it is not split; in an assignment also after each
        `:` (PATH-style values). A quoted or unknown prefix stays as written."""
        def home(m: re.Match) -> str:
            name = m.group(2)
            where = self.var("HOME") if not name else None
            if name:
                try:
                    passwd = self.fs.read("/etc/passwd")
                except FsError:
                    passwd = ""
                where = next((f[5] for f in (line.split(":") for line in passwd.splitlines())
                              if len(f) >= 6 and f[0] == name), None)
            if where is None:
                return m.group(0)
            return m.group(1) + "'" + where.replace("'", "'\\''") + "'"
        return re.sub(r"(^|:)~([A-Za-z0-9_.-]*)(?=/|:|$)" if assignment else r"(^)~([A-Za-z0-9_.-]*)(?=/|$)",
                      home, word)

    def expand_here(self, text: str) -> str:
        """A here-document's text with an unquoted delimiter: parameter, command and arithmetic
        expansion; a backslash escapes only `$`, backquote, backslash and newline."""
        return self.expand(text, here=True)[0]

    def pattern(self, word: str) -> str:
        """`word` as a `case` pattern (or `${x#...}`'s): expanded, its quoted `*?[` literal."""
        return self.expand(word, split=False, glob=False, as_pattern=True)[0]

    def expand(self, word: str, split: bool = True, glob: bool = True, here: bool = False,
               as_pattern: bool = False) -> list[str]:
        """Quote removal, parameter, command and arithmetic expansion, field splitting, globbing."""
        if word in ('"$@"', '"${@}"') and split and not here and not self.context.get("args"):
            return []  # with no positional parameters "$@" is no field at all, not an empty one
        if word.startswith("~") and not here and not as_pattern:
            word = self.tilde(word)
        fields: list[list[tuple[str, bool]]] = [[]]
        had_quotes = False
        i, n = 0, len(word)

        def add(text: str, quoted: bool) -> None:
            if quoted or not split:
                fields[-1].append((text, quoted or not as_pattern))
                return
            parts = re.split(r"[ \t\n]+", text)
            for k, part in enumerate(parts):
                if k:
                    fields.append([])
                if part:
                    fields[-1].append((part, False))

        def dollar(j: int, quoted: bool) -> int:
            if word.startswith("$((", j):
                depth, k = 0, j + 1
                while k < n:
                    depth += (word[k] == "(") - (word[k] == ")")
                    if depth == 0:
                        break
                    k += 1
                add(self.arith(word[j + 3:k - 1]), quoted)
                return k + 1
            if word.startswith("$(", j):
                from kubetui.engine.kubelet.shell.parse import _scan_dollar
                end = _scan_dollar(word, j)
                add(self.substitute(word[j + 2:end - 1]), quoted)
                return end
            if word.startswith("${", j):
                from kubetui.engine.kubelet.shell.parse import ShellSyntaxError, brace_end
                try:
                    end = brace_end(word, j)
                except ShellSyntaxError:
                    end = len(word)
                inner = word[j + 2:end]
                m = re.fullmatch(r"(#?)([A-Za-z_]\w*|\d+|[?#$@*])(:?)(?:([-=+?])(.*))?", inner, re.S)
                trim = re.fullmatch(r"([A-Za-z_]\w*|\d+|[@*])(%%|%|##|#|//|/|:)(.*)", inner, re.S)
                if not m and trim:
                    add(self.trim(trim.group(1), trim.group(2), trim.group(3)), quoted)
                    return end + 1
                if not m:
                    self.write(2, "sh: syntax error: bad substitution\n")
                    raise _Exit(2)
                value = self.var(m.group(2))
                if m.group(1):
                    add(str(len(value or "")), quoted)
                    return end + 1
                colon, op, arg = m.group(3), m.group(4), m.group(5)
                missing = value is None or (colon and value == "")
                if op == "-" and missing:
                    value = " ".join(self.expand(arg, split=False))
                elif op == "=" and missing:
                    value = " ".join(self.expand(arg, split=False))
                    self.env[m.group(2)] = value
                elif op == "+":
                    value = "" if missing else " ".join(self.expand(arg, split=False))
                elif op == "?" and missing:
                    why = " ".join(self.expand(arg, split=False)) or ("parameter not set" if value is None or not colon
                                                                       else "parameter null or not set")
                    self.write(2, f"sh: {m.group(2)}: {why}\n")
                    raise _Exit(2)
                add(value or "", quoted)
                return end + 1
            m = re.match(r"[A-Za-z_]\w*|[0-9?#$@*!-]", word[j + 1:])
            if not m:
                add("$", True)
                return j + 1
            if m.group(0) == "@" and quoted:
                for k, arg in enumerate(self.context.get("args", [])):
                    if k:
                        fields.append([])
                    fields[-1].append((arg, True))
                return j + 2
            add(self.var(m.group(0)) or "", quoted)
            return j + 1 + m.end()

        def dq(i: int, stop: str) -> int:
            """Expand the inside of double quotes (or a here-document's text) from word[i] to `stop`."""
            escapable = '$`"\\\n' if stop else '$`\\\n'
            while i < n and word[i] != stop:
                d = word[i]
                if d == "\\" and i + 1 < n and word[i + 1] in escapable:
                    if word[i + 1] != "\n":
                        fields[-1].append((word[i + 1], True))
                    i += 2
                elif d == "$":
                    i = dollar(i, True)
                elif d == "`":
                    k = word.find("`", i + 1)
                    k = n if k < 0 else k
                    add(self.substitute(word[i + 1:k]), True)
                    i = k + 1
                else:
                    fields[-1].append((d, True))
                    i += 1
            return i

        if here:
            dq(0, "")
            return ["".join(t for t, _ in fields[0])]
        while i < n:
            c = word[i]
            if c == "\\":
                if i + 1 < n:
                    fields[-1].append((word[i + 1], True))
                i += 2
            elif c == "'":
                k = word.find("'", i + 1)
                fields[-1].append((word[i + 1:k], True))
                had_quotes = True
                i = k + 1
            elif c == '"':
                had_quotes = True
                fields[-1].append(("", True))
                i = dq(i + 1, '"') + 1
            elif c == "$":
                i = dollar(i, False)
            elif c == "`":
                k = word.find("`", i + 1)
                add(self.substitute(word[i + 1:k]), False)
                i = k + 1
            else:
                fields[-1].append((c, False))
                i += 1
        if as_pattern:
            return ["".join(t if not q else re.sub(r"([*?\[])", r"[\1]", t) for f in fields for t, q in f)]
        out = []
        for f in fields:
            if not f:
                continue
            text = "".join(t for t, _ in f)
            pattern = any(ch in "*?[" for t, q in f if not q for ch in t)
            if glob and pattern:
                matches = self.glob("".join(t if not q else re.sub(r"([*?\[])", r"[\1]", t) for t, q in f))
                if matches:
                    out.extend(matches)
                    continue
            out.append(text)
        if not out and had_quotes and len(fields) == 1:
            out.append("")
        return out

    def trim(self, name: str, op: str, arg: str) -> str:
        """`${x%pat}` `${x%%pat}` `${x#pat}` `${x##pat}` `${x/pat/rep}` `${x//pat/rep}` `${x:off:len}`."""
        value = self.var(name) or ""
        if op == ":":
            off, _, length = arg.partition(":")
            try:
                start = int(self.arith(off) if off.strip() else "0")
                n = int(self.arith(length)) if length.strip() else None
            except _Exit:
                raise
            start = max(len(value) + start, 0) if start < 0 else start
            return value[start:] if n is None else value[start:start + max(n, 0)]
        if op in ("/", "//"):
            pat, _, rep = arg.partition("/")
            rx = fnmatch.translate(self.pattern(pat))[4:-3]
            if not rx:
                return value
            rep_text = " ".join(self.expand(rep, split=False, glob=False)) if rep else ""
            return re.sub(f"(?s:{rx})", lambda _m: rep_text, value, count=0 if op == "//" else 1)
        pat = self.pattern(arg)
        cuts = range(len(value) + 1)
        if op in ("#", "##"):
            for k in (cuts if op == "#" else reversed(cuts)):
                if fnmatch.fnmatchcase(value[:k], pat):
                    return value[k:]
            return value
        for k in (reversed(cuts) if op == "%" else cuts):
            if fnmatch.fnmatchcase(value[k:], pat):
                return value[:k]
        return value

    def glob(self, pattern: str) -> list[str]:
        absolute = pattern.startswith("/")
        parts = [p for p in pattern.split("/") if p]
        paths = ["/" if absolute else ""]
        for part in parts:
            nxt = []
            for base in paths:
                full = self.fs.norm(base or ".", self.cwd)
                if any(ch in part for ch in "*?["):
                    try:
                        names = self.fs.listdir(full)
                    except FsError:
                        continue
                    for name in names:
                        if fnmatch.fnmatchcase(name, part) and (not name.startswith(".") or part.startswith(".")):
                            nxt.append((base.rstrip("/") + "/" if base else "") + name if base != "/" else "/" + name)
                else:
                    candidate = (base.rstrip("/") + "/" if base else "") + part if base != "/" else "/" + part
                    if self.fs.exists(self.fs.norm(candidate, self.cwd)):
                        nxt.append(candidate)
            paths = nxt
        return sorted(paths)

    # ---- commands ------------------------------------------------------------------------

    def simple(self, c: tuple, stdin: str | None = None) -> int:
        from kubetui.engine.kubelet.shell.applets import ASH_BUILTINS, BUILTINS, run_applet
        _, assigns, words, redirs, self.lineno = c
        self.subst_status = 0
        argv: list[str] = []
        for w in words:
            argv.extend(self.expand(w))
        values = {}
        for a in assigns:
            name, _, value = a.partition("=")
            values[name] = " ".join(self.expand(self.tilde(value, assignment=True), split=False, glob=False))
        local = self.remember(lambda: self.open_redirs(redirs)) if redirs else {}
        if local is None:
            return 1
        if not argv:
            self.env.update(values)
            return self.subst_status
        if argv[0] in self.funcs:
            self.env.update(values)
            depth = len(self.redirects)
            if local:
                self.redirects.append(local)
            self.call(argv[0], argv[1:], depth)
            return self.status
        if "text" == self.fd_target(0, local)[0]:
            stdin = self.fd_target(0, local)[1]
        elif stdin is None:
            stdin = self.stdin
        saved = {k: self.env.get(k) for k in values}
        newly = set(values) - self.exported
        self.env.update(values)
        self.exported |= newly
        forked = argv[0] not in BUILTINS and argv[0] not in ASH_BUILTINS
        self.forks += forked
        try:
            code = run_applet(self, argv, stdin or "", local, set(values))
            if forked and (self.pending_sleep or self.follow is not None or self.listen is not None):
                self.running = (self.forks, " ".join(argv))
            return code
        finally:
            self.exported -= newly
            for k, v in saved.items():
                if v is None:
                    self.env.pop(k, None)
                else:
                    self.env[k] = v

    def pipeline(self, cmds: tuple) -> int:
        """The commands run together: each reads what the one before printed. A command reads
        its input once the one before has ended, unless it is a filter that streams (it prints
        each batch of lines as it arrives); a stage that sleeps holds the pipeline, not the tick."""
        stages: list[Stage] = self.remember(lambda: [Stage(cmd, k > 0 and streams(cmd)) for k, cmd in enumerate(cmds)])
        for k, st in enumerate(stages):
            if st.done:
                continue
            before = stages[k - 1] if k else None
            if before is not None and not st.streaming and not before.done and reads_input(st.cmd):
                continue
            last = k == len(stages) - 1
            if st.streaming:
                assert before is not None, "the first command reads no pipe"
                self._stream(st, before, last)
                continue
            if st.machine is None:
                st.machine = self._stage(st.cmd, self.stdin if before is None else before.out if before.done else "",
                                         last, piped=before is not None)
            try:
                self.run_nested(st.machine)
            except _Killed:
                st.machine.done, st.machine.exit_code = True, 137
            except _Blocked:
                pass
            self._take(st, st.machine, last)
            if st.machine.done:
                st.done, st.status = True, st.machine.exit_code
        if not all(st.done for st in stages):
            raise _Blocked
        return stages[-1].status

    def _stage(self, cmd: tuple, data: str, last: bool, piped: bool = False) -> Machine:
        """A pipeline's command; `piped`: its stdin is the pipe from the one before, not the terminal."""
        context = {**self.context, "parent": self, **({"stdin_piped": True} if piped else {})}
        child = Machine(fs=self.fs, env=dict(self.env), exported=set(self.exported), cwd=self.cwd,
                        applets=self.applets, context=context, stdin=data, funcs=self.funcs)
        child.code = compile_script(("list", (("andor", ("pipe", False, (cmd,)), ()),)))
        child.status = self.status
        child.capture = None if last else []
        return child

    def _take(self, st: Stage, child: Machine, last: bool) -> None:
        """What a stage printed so far: the pipeline's output (the last stage), else the next one's input."""
        if last:
            for fd, text in child.console:
                self.write(fd, text)
            child.console.clear()
        else:
            st.out = "".join(child.capture or ())

    def _stream(self, st: Stage, before: Stage, last: bool) -> None:
        """Run a streaming filter on the whole lines that reached it (all that is left once the
        command before it has ended); `tee` appends after its first batch."""
        new = before.out[st.fed:]
        batch = new if before.done else new[:new.rfind("\n") + 1]
        if not batch and (st.ran or not before.done):
            st.done = before.done
            return
        cmd = st.cmd
        if st.ran and cmd[0] == "simple" and cmd[2][0].rsplit("/", 1)[-1] == "tee":
            cmd = cmd[:2] + ((cmd[2][0], "-a", *cmd[2][1:]),) + cmd[3:]
        child = self._stage(cmd, batch, last, piped=True)
        if st.env is not None:
            child.env = dict(st.env)
        child.eager = True
        try:
            child.run_to_end(self.now, self.budget_left())
        except _Killed:
            child.exit_code = 137
        if cmd[0] == "while":
            st.env = child.env
        st.fed += len(batch)
        st.ran = True
        st.ok = st.ok or child.exit_code == 0
        st.status = 0 if st.ok else child.exit_code
        if last:
            self._take(st, child, last)
        else:
            st.out += "".join(child.capture or ())
        if before.done and st.fed >= len(before.out):
            st.done = True
