"""`kubectl exec POD -- CMD`: the few commands a learner runs inside a container, simulated.

`env`, `printenv`, `cat`/`ls` of mounted ConfigMap and Secret files, `hostname`, `nslookup`,
`wget`/`curl` to Services (through `sim.network`), `echo`, `sh -c`.
"""

from __future__ import annotations

import base64
import posixpath
import re
import shlex
from functools import partial

from kubetui.engine.kubelet import capabilities
from kubetui.engine.kubelet.process import (
    SHELLS,
    has_bash,
    hostname,
    listening,
    next_pid,
    own_processes,
    pod_network,
    process_env,
    processes,
    shared_processes,
    ships_kubectl,
)
from kubetui.engine.kubelet.shell import FsError, Machine, dialect
from kubetui.engine.kubelet.shell.applets import APPLETS, BUILTINS
from kubetui.engine.kubelet.shell.machine import NESTED_BUDGET
from kubetui.engine.kubelet.shell.net import has_curl
from kubetui.engine.kubelet.shell.packages import installed, manager_missing
from kubetui.engine.kubelet.shell.parse import ShellSyntaxError, parse
from kubetui.engine.network.client import PodClient
from kubetui.kubectl.commands._base import CommandError, Context
from kubetui.kubectl.commands._pods import container_for, container_status, pod_for
from kubetui.model.errors import ApiError

NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file"
"""What kubectl prints when `-t` is asked for and its input is not a terminal (a script, a pipe)."""

BASE_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root"}



def exec_(ctx: Context) -> int:
    args = list(ctx.parsed.args)
    if not args:
        raise CommandError("error: pod, type/name or --filename must be specified")
    if len(args) > 1:
        raise CommandError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead")
    words = list(ctx.parsed.after_dashdash)
    if not words:
        raise CommandError("error: you must specify at least one command for the container")
    pod = pod_for(ctx, args[0], verb="exec")
    container = container_for(ctx, pod, ctx.flag("container") or None)
    try:
        ctx.authorize("create", "Pod", pod["metadata"]["namespace"], pod["metadata"]["name"], "exec")
    except ApiError as exc:
        raise CommandError(f"error: unable to upgrade connection: {exc.message}") from None
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"error: cannot exec into a container in a completed pod; current phase is {phase}")
    cs = container_status(pod, container["name"])
    if cs is None or "running" not in (cs.get("state") or {}):
        raise CommandError(f'error: unable to upgrade connection: container not found ("{container["name"]}")')
    if ctx.flag("tty") and ctx.flag("stdin") and not ctx.interactive and not ctx.flag("quiet"):
        ctx.error(NO_TTY)
    if wants_terminal(ctx, words) and (posixpath.basename(words[0]) != "bash" or has_bash(container["image"])):
        session = Terminal.open(ctx, pod, container, words[0], pty=bool(ctx.flag("tty")))
        if session is not None:
            return (yield from session.run(ctx))
    return (yield from one_off(ctx, pod, container, words))


def one_off(ctx: Context, pod: dict, container: dict, words: list[str], *, attached: bool = False):
    """A command without a terminal: where the command can wait, its output shows as it prints
    it, its sleeps taking their simulated time. `attached`: the command is the container's own
    process (`run -i`, `debug --copy-to -i`): it ends with the container rather than being cut
    off by its end, and its exit code is left for the caller to report."""
    if ctx.blocking:
        prepared = prepare(Shell(ctx, pod, container), words)
        if isinstance(prepared, Machine):
            session = Terminal.command(prepared, pod, container["name"])
            session.attached = attached
            return (yield from session.run(ctx))
    waited: list[int] = []
    code = simulate(ctx, pod, container, words, waited, report=not attached)
    until = ctx.sim.tick + (0 if attached else sum(waited))
    while ctx.blocking and ctx.sim.tick < until:
        yield
    return code


def main_command(sim, pod: dict, name: str | None = None) -> list[str]:
    """The words of a running container's own process (its command, else its image's)."""
    from kubetui.engine.kubelet.process import command_line

    meta = pod["metadata"]
    rt = sim.kubelet.runtime(meta["namespace"], meta["name"])
    name = name or pod["spec"]["containers"][0]["name"]
    c = next((c for c in ([*rt.containers, *rt.ephemeral] if rt else []) if c.name == name), None)
    return command_line(c).split() if c is not None else []


def wants_terminal(ctx: Context, words: list[str]) -> bool:
    """A shell asked for with `-i` at the command bar (`exec -it`, `run -it`, `debug -it`): a session."""
    return bool(ctx.interactive and ctx.blocking and ctx.flag("stdin") and len(words) == 1
                and posixpath.basename(words[0]) in ("sh", "ash", "bash"))


INTR, EOF = "\x03", "\x04"
"""What ^C and ^D send to a terminal (its `intr` and `eof` characters)."""

DEFAULT_SIZE = (80, 24)
"""A terminal's size until its client says otherwise."""


class Terminal:
    """A shell in a container reading the lines typed until `exit`: `kubectl exec -it POD -- sh`
    (a shell beside the container's own process), `kubectl run -it … -- sh` and `kubectl debug
    -it` (the container's own process: its `exit` ends the container). Each line is a door
    command (`Simulation.send`), so a replay types it again. Variables, functions and the working
    directory last for the session; a line's `sleep N` holds the next line back N seconds."""

    def __init__(self, machine: Machine, pod: dict, container: str, main: bool = False, shell: str = "sh"):
        self.machine = machine
        self.shell = posixpath.basename(shell)
        self.uid = pod["metadata"]["uid"]
        self.key = (pod["metadata"]["namespace"], pod["metadata"]["name"], container)
        self.main = main
        self.ended = False
        self.lines: list[str] = []
        """Typed lines not yet run (typed ahead while a line sleeps)."""
        self.partial: list[str] = []
        """Lines read from a pipe that do not yet make a whole command (`if` without its `fi`)."""
        self.running = False
        """A line is under way (it sleeps, or waits on a connection)."""
        self.ctx: Context | None = None
        self.echo = True
        """A typed line shows after the prompt (a terminal echoes; lines piped to a shell
        without one do not)."""
        self.once = False
        """One command, no prompt (`kubectl exec POD -- CMD`): its end ends the session."""
        self.attached = False
        """The one command is the container's own process (`one_off`)."""
        self.tty = False
        """The client's terminal is raw (`-t` at the command bar): ^C and ^D travel to the
        container's terminal (`INTR`, `EOF`) instead of stopping kubectl."""
        self.pty = True
        """The shell's stdin is a terminal (`exec -t`, a container with `tty: true`): it prints
        its prompt and echoes the line; `ls` lays names out in columns and `stty` answers.
        Without one (`exec -i` alone) it reads a pipe: no prompt, no echo, no window size."""

    @classmethod
    def command(cls, machine: Machine, pod: dict, container: str) -> Terminal:
        """`kubectl exec POD -- CMD` without a terminal: the command's output shows as it prints
        it, its sleeps taking their simulated time, and the session ends with it."""
        session = cls(machine, pod, container)
        session.once, session.echo, session.running = True, False, True
        return session

    @property
    def size(self) -> tuple[int, int]:
        """(columns, rows) of the terminal, as the client last told it (`stty size` answers it)."""
        return tuple(self.machine.context.get("tty", DEFAULT_SIZE))  # type: ignore[return-value]

    def resize(self, columns: int, rows: int) -> None:
        if self.pty:
            self.machine.context["tty"] = (columns, rows)

    @classmethod
    def open(cls, ctx: Context, pod: dict, container: dict, shell: str, main: bool = False, *,
             pty: bool) -> Terminal | None:
        """The session, or None when the container has no shell to read a terminal. `pty`: the
        shell's stdin is a terminal (`Terminal.pty`)."""
        meta = pod["metadata"]
        rt = ctx.sim.kubelet.runtime(meta["namespace"], meta["name"])
        c = next((c for c in ([*rt.containers, *rt.ephemeral] if rt else []) if c.name == container["name"]), None)
        if rt is None or c is None or c.fs is None:
            return None
        if c.behavior is not None and c.behavior.shell is None:
            return None
        mine = own_processes(c, ctx.sim.tick)
        own = [(1, shell)] if main else [*mine, (next_pid(mine), shell)]
        context = {"hostname": hostname(rt, pod), "ip": rt.ip,
                   "network": partial(pod_network, ctx.sim, meta["namespace"]),
                   "net": PodClient(ctx.sim, meta["namespace"], meta["name"]), "image": c.spec.get("image", ""),
                   "ports": listening(c),
                   "processes": processes(rt, c) if c.spec.get("targetContainerName") else own,
                   "started": rt.started}
        shared = shared_processes(rt, pod)
        if shared is not None:
            context["processes"] = shared if main else [*shared, (shared[-1][0] + 6, shell)]
        if ships_kubectl(c):
            context["kubectl"] = partial(in_cluster_kubectl, ctx.sim)
        context["privileges"] = capabilities.of(pod.get("spec") or {}, c.spec)
        context.update(prompt=True, sh_name=shell, lines=0,
                       shell="bash" if posixpath.basename(shell) == "bash" else None)
        env = {**process_env(rt, c, pod), "PS1": "\\w \\$ "}
        if pty:
            context["tty"] = DEFAULT_SIZE
            env["TERM"] = "xterm"
        session = cls(Machine.for_script("", c.fs, env, context=context, cwd=container.get("workingDir") or "/"),
                      pod, container["name"], main, shell)
        session.tty = bool(ctx.flag("tty")) and ctx.interactive
        session.pty = session.echo = pty
        return session

    @property
    def prompt(self) -> str:
        """The shell's prompt: busybox ash's (the working directory, then `#` for root), dash's
        (`# `: a Debian image's sh), or bash's `root@HOST:DIR# `."""
        sign = '#' if self.machine.context.get('uid', 0) == 0 else '$'
        if self.shell != "bash" and dialect.of(self.machine) or self.machine.context.get("chroots"):
            return f"{sign} "  # dash's PS1
        if self.shell == "bash":
            home = self.machine.env.get("HOME", "/root")
            where = "~" + self.machine.cwd[len(home):] if (self.machine.cwd + "/").startswith(home + "/") \
                else self.machine.cwd
            return f"root@{self.machine.context.get('hostname', '')}:{where}{sign} "
        return f"{self.machine.cwd} {sign} "

    @property
    def busy(self) -> bool:
        """A line is still running (sleeping) or waiting its turn."""
        return bool(self.lines) or self.running

    def feed(self, text: str) -> None:
        """Lines the player typed; they run in turn as the command is polled. On a terminal, a
        ^C (INTR, byte 0x03) in them interrupts at once (`interrupt`), dropping what was typed
        before it; a line that is only ^D (EOF) ends the shell as `exit` does."""
        if self.tty and INTR in text:
            before, _, text = text.rpartition(INTR)
            self.interrupt(before.rsplit("\n", 1)[-1])
            if not text:
                return
        if not self.pty:
            self.lines.extend(self._commands(text))
            return
        self.lines.extend(text.split("\n"))

    def _commands(self, text: str) -> list[str]:
        """A shell reading a pipe runs each command once it has read all of it, so lines wait in
        `partial` until they parse (an `if` to its `fi`, a here-document to its delimiter); at
        EOF (^D) what is left runs as it is (sh: `unexpected end of file`)."""
        out = []
        for line in text.split("\n"):
            if line == EOF:
                if self.partial:
                    out.append("\n".join(self.partial))
                    self.partial = []
                out.append(EOF)
                continue
            self.partial.append(line)
            if _complete("\n".join(self.partial)):
                out.append("\n".join(self.partial))
                self.partial = []
        return out

    def interrupt(self, typed: str = "") -> None:
        """^C on the terminal: the lines typed ahead are dropped and the line at the prompt
        (`typed`) with them; the foreground line gets SIGINT (`Machine.interrupt`): it stops,
        its `$?` 130, and the shell prints a new prompt, or the program that catches the signal
        (ping) has its last word and the line goes on. The shell itself stays."""
        ctx = self.ctx
        assert ctx is not None, "run() sets the context"
        self.lines.clear()
        m = self.machine
        self._drain()
        if not self.running:
            if self.echo:
                ctx.write(f"{self.prompt}{typed}^C\n")
            m.status = 130
            return
        ctx.write("^C")
        if m.interrupt(ctx.sim.tick):
            self._settle()
            return
        ctx.write("\n")
        self.running, m.status, m.done = False, 130, False

    def alive(self) -> bool:
        assert self.ctx is not None, "run() sets the context"
        ns, name, container = self.key
        pod = self.ctx.sim.store.get("Pod", ns, name)
        cs = container_status(pod, container) if pod is not None and pod["metadata"]["uid"] == self.uid else None
        return bool(cs and "running" in (cs.get("state") or {}))

    def _start(self, line: str) -> None:
        """Echo the line after the prompt and start it."""
        ctx = self.ctx
        assert ctx is not None, "run() sets the context"
        if line == EOF:
            if self.echo:
                ctx.write(f"{self.prompt}{'exit' if self.shell == 'bash' else ''}\n")
            line = "exit"
        elif self.echo:
            ctx.write(f"{self.prompt}{line}\n")
        self.machine.context["lines"] = self.machine.context.get("lines", 0) + 1
        if line.strip() and self.machine.start_line(line):
            self.running = True
            self._advance()
        self._drain()

    def _advance(self) -> None:
        """Run the line on to its next `sleep` (or its end); what it printed shows now, so the
        output after a `sleep` comes that many seconds later."""
        ctx = self.ctx
        assert ctx is not None, "run() sets the context"
        m = self.machine
        m.advance(ctx.sim.tick, budget=NESTED_BUDGET)
        if self._memory(ctx) and self.once:
            m.done, m.exit_code = True, 137
        if (self.once or self.tty) and m.following:  # a terminal's ^C stops it
            self._drain()
            return
        if not m.done and (m.following or m.wake_at <= ctx.sim.tick):
            if not m.following:
                m.console.append((2, "sh: the line ran too long and was stopped\n"))
                m.exit_code = 130
            m.hang_up()
            m.later, m.done = [], True
        self._settle()

    def _settle(self) -> None:
        """Show what the line printed; once it has ended, the shell waits at its prompt again
        (or, after `exit`, the session ends)."""
        m = self.machine
        self._drain()
        if m.done:
            self.running = False
            m.status = m.exit_code
            self.ended = m.exited or self.once
            if not m.exited:
                m.done = False

    def _memory(self, ctx: Context) -> bool:
        """What the line wrote into a memory-backed emptyDir counts against the container's
        memory limit: past it the container is OOMKilled (and the session ends with it): True."""
        ns, name, container = self.key
        rt = ctx.sim.kubelet.runtime(ns, name)
        pod = ctx.sim.store.get("Pod", ns, name)
        c = next((c for c in rt.containers if c.name == container), None) if rt is not None else None
        if rt is not None and rt.volumes and c is not None and pod is not None \
                and ctx.sim.kubelet.tmpfs_over_limit(rt, c, pod):
            ctx.sim.kubelet.oom_kill(rt, c)
            return True
        return False

    def _drain(self) -> None:
        ctx = self.ctx
        assert ctx is not None, "run() sets the context"
        for fd, out in self.machine.console:
            ctx.say(fd, out)
        self.machine.console.clear()

    def run(self, ctx: Context, detach: bool = False):
        """Read and run lines until `exit` or the container stops (no time limit: a shell waits);
        with `detach`, until the lines fed run out (the shell keeps running, as when a client
        leaves an attached container)."""
        self.ctx = ctx
        ctx.keep_order()
        if not self.once:
            ctx.terminal = self  # a session reading typed lines (one command reads none)
        while not self.ended and (self.attached or self.alive()):
            if self.running:
                if ctx.sim.tick >= self.machine.wake_at or self.machine.following:
                    self._advance()
                if self.running:
                    yield
                continue
            if not self.lines:
                if not ctx.blocking or detach:
                    break
                yield
                continue
            self._start(self.lines.pop(0))
        ctx.terminal = None
        if detach and not self.ended:
            return 0
        if not self.ended:
            ctx.error("command terminated with exit code 137")
            return 137
        code = self.machine.exit_code
        if self.main:
            ns, name, container = self.key
            ctx.sim.kubelet.exit_main(ns, name, container, code)
            return code
        if code and not self.attached:
            ctx.error(f"command terminated with exit code {code}")
        return code


_HERE_DOC = re.compile(r"<<-?\s*(['\"]?)([^\s'\"<>;&|()]+)\1")


def _complete(text: str) -> bool:
    """Whether `text` holds whole commands: it parses short of its end (a compound command
    without its closing word, an open quote, a trailing `|` or `\\`) and each here-document
    has met its delimiter line."""
    if text.endswith("\\"):
        return False
    try:
        parse(text)
    except ShellSyntaxError as e:
        if "unexpected end of file" in str(e) or "unterminated" in str(e):
            return False
    except RecursionError:
        return True
    lines = text.split("\n")
    for i, line in enumerate(lines):
        for m in _HERE_DOC.finditer(line):
            strip = m.group(0).startswith("<<-")
            if not any((rest.lstrip("\t") if strip else rest) == m.group(2) for rest in lines[i + 1:]):
                return False
    return True


def simulate(ctx: Context, pod: dict, container: dict, words: list[str], waited: list[int] | None = None,
             *, report: bool = True) -> int:
    """Run `words` as the container would; prints its output; returns kubectl's exit code (and
    adds to `waited` the simulated seconds its sleeps and timeouts take). `report=False` leaves
    a non-zero exit unsaid (`kubectl run -i` says it its own way)."""
    shell = Shell(ctx, pod, container)
    ran = in_container(shell, words)
    if ran is None:
        code, out, err = shell.run(words)
        said = [(1, out), (2, err)]
    else:
        code, said = ran
        err = "".join(text for fd, text in said if fd == 2)
    if waited is not None:
        waited.append(shell.slept)
    ctx.keep_order()
    for fd, text in said:
        if text:
            ctx.say(fd, text)
    if err and not err.endswith("\n"):
        ctx.say(2, "\n")
    if code == 126 and err.startswith("error:"):
        return 1
    if code and report:
        ctx.error(f"command terminated with exit code {code}")
    return code


def in_container(shell: Shell, words: list[str]) -> tuple[int, list[tuple[int, str]]] | None:
    """Run `words` to its end in the container's own shell over its filesystem (kubelet/shell):
    (exit code, what it printed on stdout (1) and stderr (2), in order); None when the container
    has no shell filesystem (Shell's)."""
    prepared = prepare(shell, words)
    if not isinstance(prepared, Machine):
        return None if prepared is None else (prepared[0], [(1, prepared[1]), (2, prepared[2])])
    m = prepared
    if not m.done:
        m.run_to_end(shell.sim.tick)
        shell.slept = m.pending_sleep
    meta = shell.pod["metadata"]
    rt = shell.sim.kubelet.runtime(meta["namespace"], meta["name"])
    c = next(c for c in [*rt.containers, *rt.ephemeral] if c.name == shell.container["name"])
    if rt.volumes and shell.sim.kubelet.tmpfs_over_limit(rt, c, shell.pod):
        shell.sim.kubelet.oom_kill(rt, c)
        return 137, list(m.console)
    return m.exit_code, list(m.console)


def prepare(shell: Shell, words: list[str]) -> Machine | tuple[int, str, str] | None:
    """The container's shell about to run `words` over its filesystem; (exit code, stdout,
    stderr) when the runtime refuses to start it; None when the container has no shell
    filesystem (Shell's)."""
    meta = shell.pod["metadata"]
    rt = shell.sim.kubelet.runtime(meta["namespace"], meta["name"])
    c = next((c for c in ([*rt.containers, *rt.ephemeral] if rt else []) if c.name == shell.container["name"]), None)
    if c is None:
        return None
    base = posixpath.basename(words[0])
    if c.behavior is not None and c.behavior.shell is None and base not in (c.behavior.command[:1] or ()):
        return 126, "", ("error: Internal error occurred: error executing command in container: failed to exec in "
                         "container: failed to start exec: OCI runtime exec failed: exec failed: unable to start "
                         f'container process: exec: "{words[0]}": executable file not found in $PATH: unknown\n')
    if c.fs is None:
        return None
    image = str(c.spec.get("image", ""))
    if base == "curl" and not has_curl(image, c.fs) or base == "bash" and not has_bash(image) or \
            manager_missing(image, base) or base in dialect.lacks(image) and not installed(c.fs, words[0]):
        why = "no such file or directory" if "/" in words[0] else "executable file not found in $PATH"
        return 126, "", ("error: Internal error occurred: error executing command in container: failed to exec in "
                         "container: failed to start exec: OCI runtime exec failed: exec failed: unable to start "
                         f'container process: exec: "{words[0]}": {why}: unknown\n')
    stdin = (shell.ctx.stdin or "") if shell.ctx.flag("stdin") else ""
    if words[0] in SHELLS and len(words) >= 3 and words[1] == "-c":
        script = words[2]
    elif words[0] in SHELLS and words[1:] in ([], ["-s"]) and shell.ctx.flag("stdin"):
        script, stdin = stdin, ""
    elif words[0] in SHELLS:
        return None
    elif base in APPLETS or base in BUILTINS or installed(c.fs, words[0]):
        script = shlex.join(words)
    else:
        return None
    context = {"hostname": hostname(rt, shell.pod), "ip": rt.ip,
               "network": partial(pod_network, shell.sim, meta["namespace"]),
               "image": c.spec.get("image", ""),
               "net": PodClient(shell.sim, meta["namespace"], meta["name"]), "ports": listening(c),
               "processes": [*own_processes(c, shell.sim.tick), (next_pid(own_processes(c, shell.sim.tick)), " ".join(words))],
               "started": rt.started}
    if c.spec.get("targetContainerName"):
        context["processes"] = [*processes(rt, c), (13, "sh")]
    shared = shared_processes(rt, shell.pod)
    if shared is not None:
        context["processes"] = [*shared, (shared[-1][0] + 6, " ".join(words))]
    if ships_kubectl(c):
        context["kubectl"] = partial(in_cluster_kubectl, shell.sim)
    context["privileges"] = capabilities.of(shell.pod.get("spec") or {}, c.spec)
    if words[0] in SHELLS:
        context.update(sh_name=words[0], shell="bash" if base == "bash" else None)
    return Machine.for_script(script, c.fs, {**process_env(rt, c, shell.pod)}, context=context, stdin=stdin)


TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
NO_CONFIG = "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"


def in_cluster_kubectl(sim, args: list[str], stdin: str, fs) -> tuple[str, str, int]:
    """kubectl inside a pod: its in-cluster config is the mounted token and namespace, so it acts
    as the pod's ServiceAccount (the authenticator decides who the token stands for), in the
    pod's namespace unless told otherwise. No token mounted: no config, as for real."""
    from kubetui.engine.authentication import Authenticator
    from kubetui.kubectl import start_kubectl

    try:
        token = fs.read(f"{TOKEN_DIR}/token").strip()
        namespace = fs.read(f"{TOKEN_DIR}/namespace").strip()
    except FsError:
        return "", NO_CONFIG, 1
    user = Authenticator().authenticate(sim, token)
    if user is None:
        return "", "error: You must be logged in to the server (Unauthorized)\n", 1
    words = list(args)
    if not any(w in ("-n", "-A", "--all-namespaces") or w.startswith(("--namespace", "-n=", "--all-namespaces="))
               for w in words):
        at = words.index("--") if "--" in words else len(words)
        words[at:at] = ["--namespace", namespace]
    invocation = start_kubectl(sim, ["kubectl", *words], stdin or None, wait=False, interactive=False, user=user)
    result = invocation.poll()
    if result is None:
        result = invocation.cancel()
    return result.stdout, result.stderr, result.exit_code


class Shell:
    """Just enough of a busybox userland to look around a pod."""

    def __init__(self, ctx: Context, pod: dict, container: dict):
        self.ctx = ctx
        self.sim = ctx.sim
        self.pod = pod
        self.container = container
        meta = pod["metadata"]
        rt = self.sim.kubelet.runtime(meta["namespace"], meta["name"])
        running = next((c for c in (rt.containers if rt else []) if c.name == container["name"]), None)
        self.env = {**BASE_ENV, **(running.env if running is not None else {"HOSTNAME": meta["name"]})}
        self.slept = 0
        """Simulated seconds the command's sleeps and timeouts took (kubectl exec waits them)."""

    # -- the command line ----------------------------------------------------------------------
    def run(self, words: list[str]) -> tuple[int, str, str]:
        if words[0] in ("sh", "/bin/sh", "bash", "/bin/bash", "ash") and len(words) >= 3 and words[1] == "-c":
            return self.script(words[2])
        if words[0] in ("sh", "/bin/sh", "bash", "/bin/bash", "ash"):
            return 0, "", ""
        return self.command(words)

    def script(self, text: str) -> tuple[int, str, str]:
        out, err, code = [], [], 0
        for part in re.split(r"\s*(?:;|&&)\s*", text.strip()):
            if not part:
                continue
            try:
                words = shlex.split(self.expand(part))
            except ValueError as exc:
                return 2, "", f"sh: syntax error: {exc}\n"
            if words and words[0] == "exit":
                return (int(words[1]) if len(words) > 1 and words[1].isdigit() else code), "".join(out), "".join(err)
            code, o, e = self.command(words) if words else (0, "", "")
            out.append(o)
            err.append(e)
            if code and "&&" in text:
                break
        return code, "".join(out), "".join(err)

    def expand(self, text: str) -> str:
        return re.sub(r"\$\{?(\w+)\}?", lambda m: self.env.get(m.group(1), ""), text)

    def command(self, words: list[str]) -> tuple[int, str, str]:
        name = posixpath.basename(words[0])
        handler = getattr(self, "cmd_" + name.replace("-", "_"), None)
        if handler is None:
            return 126, "", ("error: Internal error occurred: error executing command in container: failed to exec in "
                             "container: failed to start exec: OCI runtime exec failed: exec failed: unable to start "
                             f'container process: exec: "{words[0]}": executable file not found in $PATH: unknown\n')
        return handler(words[1:])

    # -- commands ------------------------------------------------------------------------------
    def cmd_env(self, args):
        return 0, "".join(f"{k}={v}\n" for k, v in self.env.items()), ""

    def cmd_printenv(self, args):
        if not args:
            return self.cmd_env(args)
        values = [self.env[a] for a in args if a in self.env]
        return (0 if len(values) == len(args) else 1), "".join(v + "\n" for v in values), ""

    def cmd_echo(self, args):
        newline = not (args and args[0] == "-n")
        words = args[1:] if not newline else args
        return 0, " ".join(self.expand(w) for w in words) + ("\n" if newline else ""), ""

    def cmd_hostname(self, args):
        return 0, self.pod["metadata"]["name"] + "\n", ""

    def cmd_whoami(self, args):
        return 0, "root\n", ""

    def cmd_true(self, args):
        return 0, "", ""

    def cmd_false(self, args):
        return 1, "", ""

    def cmd_sleep(self, args):
        return 0, "", ""

    def cmd_date(self, args):
        from kubetui.model.clock import timestamp

        return 0, timestamp(self.sim.tick) + "\n", ""

    def cmd_cat(self, args):
        out, err, code = [], [], 0
        for path in args:
            content = self.read(path)
            if content is None:
                kind = "Is a directory" if self.listing(path) is not None else "No such file or directory"
                err.append(f"cat: can't open '{path}': {kind}\n")
                code = 1
            else:
                out.append(content)
        return code, "".join(out), "".join(err)

    def cmd_ls(self, args):
        paths = [a for a in args if not a.startswith("-")] or ["/"]
        out, err, code = [], [], 0
        for path in paths:
            entries = self.listing(path)
            if entries is None:
                if self.read(path) is not None:
                    out.append(path + "\n")
                    continue
                err.append(f"ls: {path}: No such file or directory\n")
                code = 1
                continue
            if len(paths) > 1:
                out.append(f"{path}:\n")
            out += [e + "\n" for e in entries]
        return code, "".join(out), "".join(err)

    def cmd_nslookup(self, args):
        if not args:
            return 1, "", "BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n"
        code, text = self.sim.network.dns.nslookup(args[-1] if not args[-1].startswith("-") else args[0],
                                      self.pod["metadata"]["namespace"])
        return code, text, ""

    # -- the filesystem ------------------------------------------------------------------------
    def files(self) -> dict[str, str]:
        """Every file a ConfigMap, Secret or downward volume puts in this container, by path."""
        ns = self.pod["metadata"]["namespace"]
        volumes = {v["name"]: v for v in self.pod["spec"].get("volumes") or []}
        out = {"/etc/hostname": self.pod["metadata"]["name"] + "\n",
               "/etc/resolv.conf": f"search {ns}.svc.cluster.local svc.cluster.local cluster.local\n"
                                   "nameserver 10.96.0.10\noptions ndots:5\n"}
        for mount in self.container.get("volumeMounts") or []:
            v = volumes.get(mount["name"])
            if v is None:
                continue
            data = None
            items = None
            if "configMap" in v:
                obj = self.sim.store.get("ConfigMap", ns, v["configMap"].get("name"))
                data = dict((obj or {}).get("data") or {})
                items = v["configMap"].get("items")
            elif "secret" in v:
                obj = self.sim.store.get("Secret", ns, v["secret"].get("secretName"))
                data = {k: base64.b64decode(val).decode("utf-8", "replace") for k, val in ((obj or {}).get("data") or {}).items()}
                items = v["secret"].get("items")
            elif "projected" in v or "downwardAPI" in v:
                view = self.sim.kubelet.volumes.mounted.get((ns, self.pod["metadata"]["name"]))
                data = dict(view.files.get(v["name"]) or {}) if view is not None else None
            if data is None:
                continue
            files = {i["path"]: data[i["key"]] for i in items if i["key"] in data} if items else data
            base = mount["mountPath"].rstrip("/") or "/"
            if mount.get("subPath"):
                if mount["subPath"] in files:
                    out[base] = files[mount["subPath"]]
                continue
            for rel, content in files.items():
                out[posixpath.join(base, rel)] = content
        return out

    def read(self, path: str) -> str | None:
        return self.files().get(posixpath.normpath(path))

    def listing(self, path: str) -> list[str] | None:
        path = posixpath.normpath(path)
        prefix = path.rstrip("/") + "/"
        names = sorted({p[len(prefix):].split("/")[0] for p in self.files() if p.startswith(prefix)})
        return names or None

