"""The one door: every change to the cluster enters here as a command line and is recorded.

The command bar, scripts, scenario timelines, exercises, the exam and replay all hand their
lines to `Simulation.run` (to the end), `Simulation.start` (a command that goes on while the
game does) or `Simulation.schedule` (at a later tick). The door records each line with its
tick, then dispatches it to kubectl or to the `sim …` commands of the engine's faults. The
engine never imports kubectl: this class extends it. The HTTP API (`kubetui.api`) hands every
Kubernetes API request to `Simulation.request`, which records those that may change state and
dispatches them to the API server's handlers (`kubetui.engine.rest`).

A command that waits (`rollout status`, `wait`, `drain`) is a generator in kubectl; the door
steps the clock between its polls. A command the clock itself runs (a timeline entry, due at
the end of a tick) cannot step the clock while it is moving: it goes on instead, polled at the
end of every tick until it ends, as a command `start`ed from the command bar does — a
timeline's `kubectl drain` retries the evictions a PodDisruptionBudget refuses, every 5 s,
until the node is empty or its `--timeout` passes, as the real one does.
"""

from __future__ import annotations

import heapq
import re
import shlex
from dataclasses import dataclass

from kubetui.engine import rest
from kubetui.engine.faults import run_sim_command
from kubetui.engine.simulation import Result, TickResult
from kubetui.engine.simulation import Simulation as Cluster
from kubetui.engine.user import ADMIN, UserInfo
from kubetui.kubectl import Invocation, split_environment, start_kubectl
from kubetui.kubectl.kubeconfig import CLUSTER, Kubeconfig
from kubetui.kubectl.localhost import Forward, curl
from kubetui.pipeline import (
    FILE_FILTERS,
    Piped,
    Pipeline,
    closing,
    expand_here,
    expand_tilde,
    filter_files,
    for_loop,
    parse,
    read_files,
    split_list,
)

__all__ = ["Finished", "Result", "Simulation", "TickResult", "normalize"]


@dataclass
class Finished:
    """What `Simulation.start` returns for a command that ended at once."""

    seq: int
    result: Result
    done: bool = True

    @property
    def exit_code(self) -> int:
        return self.result.exit_code

    @property
    def stdout(self) -> str:
        return self.result.stdout

    @property
    def stderr(self) -> str:
        return self.result.stderr

    def poll(self) -> Result:
        return self.result

    def cancel(self) -> Result:
        return self.result


MAX_CLUSTERS = 8
"""The most clusters a sandbox (or `kubetui serve`) runs."""


class Simulation(Cluster):
    """A cluster with its one door: what `from kubetui import Simulation` gives."""

    def __init__(self, *args, **kwargs):
        self.command_log: list[dict] = []
        """Every command run, in order: {tick, seq, source, line, stdin, scheduled} (what a replay needs)."""
        self.background: dict[int, Invocation] = {}
        self.forwards: dict[int, Forward] = {}
        """The player's machine's ports that `kubectl port-forward` listens on (`curl localhost:PORT`)."""
        self.forwarded: list[dict] = []
        """Every request that went through a port-forward, in order (kubectl.localhost.curl): what
        a check judges of "reach the pod through port-forward"."""
        """Commands `start`ed and still waiting, by command seq (polled after every tick)."""
        self.cwd = "."
        """Folder that relative `-f` paths are read from when a command names none (the
        scenario's folder, for its set-up and timeline)."""
        self._command_seq = 0
        self._scheduled: list[tuple[int, int, str, str | None, str, str]] = []
        """(tick, seq, line, stdin, source, cwd): commands `schedule`d for a later tick."""
        self._running: dict[int, tuple[dict, str]] = {}
        """Scheduled commands not yet ended, by seq: (their record, what their `$(…)` said)."""
        self._in_tick = False
        """True while the clock moves: a command run then cannot wait, and `step` does nothing."""
        self._reported = 0
        """Commands already reported in a TickResult: what a player typed between two ticks is
        reported with the next one."""
        self.timeline_refused: list[dict] = []
        """Scenario timeline commands that exited non-zero, in order: {tick, line, stdin, exitCode,
        stderr}. Nobody typed them, so nobody saw them fail: `kubetui run` and the play screen say so."""
        self.variables: dict[str, str] = {}
        """The player's shell variables (`NS=shop`, `export do="--dry-run=client -o yaml"`): what
        `$NS` in a later line, or in an unquoted here-document, expands to."""
        self.user: UserInfo = ADMIN
        """Who types at the door: the user of the kubeconfig's current context (the cluster's admin
        unless a context names another). `--as` on a command line impersonates someone else."""
        super().__init__(*args, **kwargs)
        self.kubeconfig: Kubeconfig = Kubeconfig.initial(self.seed)
        """The player's kubeconfig (`kubectl config`): contexts, users, the current context."""
        self.members: dict[str, Cluster] = {}
        """The scenario's other clusters by name (this one is `kubetui`): each a whole engine
        Simulation with its own nodes and objects, moved by this clock in the same ticks, reached
        by kubectl through a context naming it."""

    # -- the clock -----------------------------------------------------------------------------
    def step(self, n: int = 1) -> TickResult:
        """Advance `n` ticks. A command the clock itself runs (a timeline entry) cannot step
        time: one that waits goes on across ticks instead (`after_tick`)."""
        if self._in_tick:
            return TickResult(self.tick)
        self._in_tick = True
        try:
            return super().step(n)
        finally:
            self._in_tick = False

    def after_tick(self) -> None:
        started = set()
        while self._scheduled and self._scheduled[0][0] <= self.tick:
            _, _, line, stdin, source, cwd = heapq.heappop(self._scheduled)
            seq = self._launch(line, stdin, source, cwd)
            if seq is not None:
                started.add(seq)
        for seq, invocation in list(self.background.items()) if self.background else ():
            if seq not in started and invocation.poll() is not None:
                del self.background[seq]
                self._ended(seq, invocation.result)

    def report(self) -> TickResult:
        result = super().report()
        result.commands = self.command_log[self._reported:]
        self._reported = len(self.command_log)
        return result

    def kubectl_in_pod(self, args: list[str], stdin: str, fs) -> tuple[str, str, int]:
        """A container's kubectl: the pod's ServiceAccount token, its namespace (kubectl's in-cluster config)."""
        from kubetui.kubectl.commands.exec import in_cluster_kubectl

        return in_cluster_kubectl(self, args, stdin, fs)

    def waiting_commands(self) -> list[int]:
        return sorted(self.background)

    def checksum(self) -> str:
        """The cluster's checksum, and the kubeconfig's once `kubectl config` changed it, and the
        other clusters' when the scenario has some."""
        base = super().checksum()
        digest = self.kubeconfig.digest()
        if digest == Kubeconfig.initial(self.seed).digest() and not self.members and not self.variables:
            return base
        import hashlib

        parts = [base, digest, *(f"{name}:{self.members[name].checksum()}" for name in sorted(self.members))]
        if self.variables:
            parts.append(repr(sorted(self.variables.items())))
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()

    # -- several clusters ----------------------------------------------------------------------
    def add_cluster(self, name: str, cluster: Cluster) -> None:
        """Another cluster of the scenario, with a context of its name in the kubeconfig."""
        self.members[name] = cluster
        self.kubeconfig.add_cluster(name, cluster.seed)

    def add_sandbox_clusters(self, count: int, nodes: int = 3) -> None:
        """A sandbox of `count` clusters, as an exam's several contexts: this one (`kubetui`) and
        `kubetui-2`…, each of `nodes` workers and this one's add-ons, seeded from this one's seed (a replay builds them
        again from the log's header)."""
        for i in range(2, count + 1):
            self.add_cluster(f"{CLUSTER}-{i}", Cluster(seed=self.seed * 1000 + 500 + i, nodes=nodes, addons=self.addons))

    def cluster_named(self, name: str | None) -> Cluster:
        """The cluster a kubeconfig cluster name stands for (this one for its own name or None)."""
        if not name or name == CLUSTER:
            return self
        return self.members[name]

    def advance(self) -> None:
        super().advance()
        for name in sorted(self.members) if self.members else ():
            member = self.members[name]
            member.advance()
            member.report()  # its Events stay in its store; no screen follows its tick results

    def _clusters(self) -> dict[str, Cluster] | None:
        return {CLUSTER: self, **self.members} if self.members else None

    def fork(self) -> Simulation:
        """An independent copy (a look-ahead objective's future). Commands still waiting stay
        behind: a generator cannot be copied, so the copy's future is the cluster's alone."""
        waiting, self.background = self.background, {}
        running, self._running = self._running, {}
        try:
            return super().fork()  # type: ignore[return-value]
        finally:
            self.background, self._running = waiting, running

    # -- the door ------------------------------------------------------------------------------
    def run(self, line: str, stdin: str | None = None, source: str = "player", *, scheduled: bool = False,
            cwd: str | None = None, expand: bool = False, home: str | None = None) -> Result:
        """Run one command line (`kubectl ...`, `k ...`, `sim ...`) to its end, as a player would type it.

        A command that waits in kubectl steps the clock until it is done. `scheduled` marks
        commands the door ran from `schedule()` (a replay schedules them again rather than typing
        them). Relative `-f` paths are read from `cwd` (by default the door's `cwd`). `expand`:
        `stdin` is an unquoted here-document (`<<EOF`), expanded as sh does before the command
        reads it (recorded as written, so a replay expands it again to the same bytes). `home`:
        the home folder of the player's machine, what an unquoted `~` expands to (kubetui.pipeline
        `expand_tilde`); without it `~` stays as typed. The record keeps the line as typed and,
        when a `~` was expanded, the `home` used: a replay in any process expands it the same way.
        """
        tick = self.tick
        result = self._run(line, stdin, source, scheduled, cwd, expand, home)
        if source == "timeline" and result.exit_code:
            self.timeline_refused.append({"tick": tick, "line": line, "stdin": stdin,
                                          "exitCode": result.exit_code, "stderr": result.stderr})
        return result

    def _launch(self, line: str, stdin: str | None, source: str, cwd: str) -> int | None:
        """Run a scheduled command at the end of this tick: to its end when it needs no time,
        else left waiting in `background` (polled from the next tick on, in the checksum, like
        a `start`ed one). Returns its seq while it waits."""
        record = self._record(line, stdin, source, cwd, scheduled=True)
        seq = record["seq"]
        pipe, refused = _pipeline(line, cwd)
        if refused is None and pipe.sink is not None:
            refused = self._execute(line, stdin, source, cwd, False)
        argv, early, said = self._words(pipe.command, source, cwd) if refused is None else ([], refused, "")
        if early is None:
            early = self._builtin(argv, stdin, cwd)
            early = pipe.finish(early, cwd) if early is not None else None
        self._running[seq] = (record, said)
        if early is None and argv[0] == "sim":
            early = pipe.finish(run_sim_command(self, argv[1:]), cwd)
        if early is None and argv[0] == "curl":
            early = pipe.finish(Result(*curl(self, argv[1:])), cwd)
        if early is not None:
            self._ended(seq, early)
            return None
        invocation = _piped(start_kubectl(self, argv, stdin, interactive=False, cwd=cwd, kubeconfig=self.kubeconfig,
                                          timeline=source == "timeline", clusters=self._clusters()), pipe, cwd)
        invocation.seq = seq
        result = invocation.poll()
        if result is not None:
            self._ended(seq, result)
            return None
        self.background[seq] = invocation
        return seq

    def _ended(self, seq: int, result: Result | None) -> None:
        """A scheduled command ended: a timeline's refusal is kept, with the tick it began at."""
        record, said = self._running.pop(seq, (None, ""))
        if record is None or result is None or record["source"] != "timeline" or not result.exit_code:
            return
        self.timeline_refused.append({"tick": record["tick"], "line": record["line"], "stdin": record["stdin"],
                                      "exitCode": result.exit_code, "stderr": said + result.stderr})

    def _run(self, line: str, stdin: str | None, source: str, scheduled: bool, cwd: str | None,
             expand: bool = False, home: str | None = None) -> Result:
        cwd = self.cwd if cwd is None else str(cwd)
        typed, line = line, expand_tilde(line, home or "")
        self._record(typed, stdin, source, cwd, scheduled=scheduled, **({"expand": True} if expand else {}),
                     **({"home": home} if line != typed else {}))
        return self._compound(line, stdin, source, cwd, expand)

    def _compound(self, line: str, stdin: str | None, source: str, cwd: str, expand: bool) -> Result:
        """A line as sh runs it: a `for` loop, a list (`&&`, `||`, `;`), or one command."""
        loop = for_loop(line)
        if loop is not None:
            return self._for(*loop, stdin, source, cwd, expand)
        parts = split_list(line)
        if parts is None:
            return self._execute(line, stdin, source, cwd, expand)
        return self._list(parts, stdin, source, cwd, expand)

    def _for(self, name: str, words: str, body: str, stdin: str | None, source: str, cwd: str,
             expand: bool) -> Result:
        """`for p in $(kubectl get pods -o name); do kubectl delete $p; done`: the words expanded
        (the door's `$(kubectl …)` and variables), the body run once for each with NAME set."""
        argv, early, said = self._words(words, source, cwd)
        if early is not None and early.exit_code:
            return early
        out, err, code = [], [said], 0
        for word in argv:
            self.variables[name] = word
            result = self._compound(body, stdin, source, cwd, expand)
            out.append(result.stdout)
            err.append(result.stderr)
            code = result.exit_code
        return Result(code, "".join(out), "".join(err))

    def _list(self, parts: list[tuple[str, str]], stdin: str | None, source: str, cwd: str, expand: bool) -> Result:
        """`A && B`, `A || B`, `A; B` run to their ends one after the other, as sh runs a list: the
        status is the last command's. A here-document goes to the command that reads stdin (`-f -`,
        `cat`), else to the first."""
        reader = next((k for k, (_, part) in enumerate(parts) if _READS_STDIN.search(part)), 0)
        out, err, code = [], [], 0
        for k, (op, part) in enumerate(parts):
            if (op == "&&" and code != 0) or (op == "||" and code == 0):
                continue
            result = self._execute(part, stdin if k == reader else None, source, cwd, expand and k == reader)
            out.append(result.stdout)
            err.append(result.stderr)
            code = result.exit_code
        return Result(code, "".join(out), "".join(err))

    def _execute(self, line: str, stdin: str | None, source: str, cwd: str, expand: bool) -> Result:
        pipe, refused = _pipeline(line, cwd)
        if refused is not None:
            return refused
        if pipe.sink is not None:
            first = self._execute(pipe.command, stdin, source, cwd, expand)
            then = self._execute(pipe.sink, first.stdout, source, cwd, False)
            return Result(then.exit_code, then.stdout, first.stderr + then.stderr)
        stdin, early, here_said = self._here(stdin, expand, source, cwd)
        if early is not None:
            return early
        argv, early, said = self._words(pipe.command, source, cwd)
        said = here_said + said
        if early is not None:
            return _after(here_said, early)
        builtin = self._builtin(argv, stdin, cwd)
        if builtin is not None:
            return pipe.finish(_after(said, builtin), cwd)
        if argv[0] == "sim":
            return pipe.finish(_after(said, run_sim_command(self, argv[1:])), cwd)
        if argv[0] == "curl":
            return pipe.finish(_after(said, Result(*curl(self, argv[1:]))), cwd)
        invocation = start_kubectl(self, argv, stdin, wait=not self._in_tick, interactive=False, cwd=cwd,
                                   kubeconfig=self.kubeconfig, timeline=source == "timeline",
                                   clusters=self._clusters())
        while invocation.poll() is None:
            self.step(1)
        assert invocation.result is not None
        return pipe.finish(_after(said, invocation.result), cwd)

    def start(self, line: str, stdin: str | None = None, source: str = "player", *,
              cwd: str | None = None, expand: bool = False, home: str | None = None) -> Invocation | Finished:
        """Start a command that goes on while the game does (the UI's way in).

        Returns an invocation (`done`, `stdout`, `stderr`, `poll()`, `result`, `seq`). A command
        that waits (`rollout status`, `get -w`, `logs -f`) is polled at the end of every tick
        until it ends or `cancel(seq)` stops it — the same in play and in replay. `expand` and
        `home` as for `run`.
        """
        cwd = self.cwd if cwd is None else str(cwd)
        typed, line = line, expand_tilde(line, home or "")
        record = self._record(typed, stdin, source, cwd, background=True, **({"expand": True} if expand else {}),
                              **({"home": home} if line != typed else {}))
        pipe, refused = _pipeline(line, cwd)
        if refused is None and pipe.sink is not None:
            refused = self._execute(line, stdin, source, cwd, expand)
        stdin, early, _ = self._here(stdin, expand, source, cwd) if refused is None else (stdin, refused, "")
        argv, early, _ = self._words(pipe.command, source, cwd) if early is None else ([], early, "")
        if early is None:
            early = self._builtin(argv, stdin, cwd)
            early = pipe.finish(early, cwd) if early is not None else None
        if early is None and argv[0] == "sim":
            early = pipe.finish(run_sim_command(self, argv[1:]), cwd)
        if early is None and argv[0] == "curl":
            early = pipe.finish(Result(*curl(self, argv[1:])), cwd)
        if early is not None:
            return Finished(record["seq"], early)
        invocation = _piped(start_kubectl(self, argv, stdin, cwd=cwd, kubeconfig=self.kubeconfig,
                                          timeline=source == "timeline", clusters=self._clusters()), pipe, cwd)
        invocation.seq = record["seq"]
        if invocation.poll() is None:
            self.background[record["seq"]] = invocation
        return invocation

    def send(self, seq: int, text: str, source: str = "player") -> bool:
        """A line typed into a command `start` left running (`kubectl exec -it POD -- sh`'s
        shell); recorded so a replay types it too. False when that command reads no input."""
        invocation = self.background.get(seq)
        if invocation is None or getattr(invocation, "terminal", None) is None:
            return False
        self._record(text, None, source, self.cwd, sends=seq)
        invocation.send(text)
        if invocation.done:
            self.background.pop(seq, None)
        return True

    def resize(self, seq: int, columns: int, rows: int, source: str = "player") -> bool:
        """The terminal of a command `start` left running took a new size (`kubectl exec -it`'s
        window, told on the resize channel); recorded so a replay resizes it too. False when that
        command has no terminal, or the size is the one it has."""
        invocation = self.background.get(seq)
        terminal = getattr(invocation, "terminal", None) if invocation is not None else None
        if terminal is None or not terminal.pty or terminal.size == (columns, rows):
            return False
        self._record(f"{columns}x{rows}", None, source, self.cwd, resizes=seq)
        terminal.resize(columns, rows)
        return True

    def cancel(self, seq: int, source: str = "player") -> Result | None:
        """Ctrl-C for a command `start` left running; recorded so a replay cancels it too."""
        invocation = self.background.pop(seq, None)
        if invocation is None:
            return None
        self._running.pop(seq, None)
        self._record("^C", None, source, self.cwd, cancels=seq)
        return invocation.cancel()

    def finish(self, source: str = "player") -> dict:
        """The player ends the run now (the game's finish key, not a command line): recorded, so
        a replay and the debrief show where the run was cut short. The cluster is not touched;
        the session driving the run acts on it (a scenario's remaining ticks run at once, an
        exercise is judged)."""
        return self._record("finish", None, source, self.cwd, finishes=True)

    def request(self, method: str, path: str, query: str = "", body: str = "", content_type: str = "", *,
                user: UserInfo = ADMIN, source: str = "api", cluster: str | None = None,
                views: bool = True) -> rest.Response:
        """One Kubernetes API request (the real kubectl's, a client library's), served between
        ticks, from `user` (already authenticated and authorized by the HTTP layer), to this
        cluster or to the one of a scenario's other clusters `cluster` names. Reads are served as
        they are; a request that may change state (POST, PUT, PATCH, DELETE) is recorded first,
        with what a replay needs to send it again."""
        method = method.upper()
        target = self.cluster_named(cluster)
        if method in rest.WRITE_METHODS:
            sent: dict[str, object] = {"method": method, "path": path, "query": query, "contentType": content_type,
                                       "body": body, "user": user.name, "groups": list(user.groups)}
            if target is not self:
                sent["cluster"] = cluster
            self._record(f"{method} {path}{'?' + query if query else ''}", None, source, self.cwd, request=sent)
        return rest.handle(target, rest.Request(method, path, query, content_type, body, user, views=views))

    def schedule(self, tick: int, line: str, stdin: str | None = None, source: str = "timeline", *,
                 cwd: str | None = None) -> None:
        """Run `line` once tick `tick` has been simulated (scenario timelines, `@tick` lines):
        the same moment a player typing at tick `tick` would, so headless runs, play and
        replays agree. Relative paths resolve against `cwd` (by default the door's, now)."""
        self._command_seq += 1
        heapq.heappush(self._scheduled, (tick, self._command_seq, line, stdin, source,
                                         self.cwd if cwd is None else str(cwd)))

    def scheduled(self) -> list[tuple[int, str, str | None, str]]:
        """Commands waiting for their tick, in the order they will run: (tick, line, stdin, source)."""
        return [(tick, line, stdin, source) for tick, _, line, stdin, source, _ in sorted(self._scheduled)]

    def _words(self, line: str, source: str, cwd: str) -> tuple[list[str], Result | None, str]:
        """The words of a line once each `$(kubectl …)` in it is replaced by that command's
        output, as a shell would (what `config set users.x.client-certificate-data
        $(kubectl get csr x -o jsonpath=…)` needs). The inner commands only read, so a replay,
        which substitutes again, gets the same words; their errors go to stderr."""
        errors: list[str] = []

        def output(inner: str) -> str:
            pipe = parse(inner)
            if isinstance(pipe, Result) or pipe.stdout_to is not None:
                errors.append(pipe.stderr if isinstance(pipe, Result) else
                              f"error: $({inner}): a substituted command cannot redirect its output\n")
                return ""
            words, early = _split(pipe.command)
            if early is not None or not words:
                return ""
            if words[0] not in ("kubectl", "k"):
                errors.append(f"error: $({inner}): only kubectl commands can be substituted in kubetui\n")
                return ""
            invocation = start_kubectl(self, words, None, wait=False, interactive=False, cwd=cwd,
                                       kubeconfig=self.kubeconfig, timeline=source == "timeline",
                                       clusters=self._clusters())
            result = pipe.finish(invocation.poll() or invocation.cancel(), cwd)
            errors.append(result.stderr)
            return result.stdout.rstrip("\n")

        def variable(text: str) -> str:
            result = expand_here(text, self.variables)
            if result.exit_code:
                raise ValueError(result.stderr.strip().removeprefix("sh: "))
            return result.stdout

        try:
            expanded = substitute(line, output, variable)
        except ValueError as exc:
            return [], Result(1, "", f"error: {exc}\n"), ""
        argv, early = _split(expanded)
        said = "".join(errors)
        if said and early is not None:
            return argv, Result(early.exit_code, early.stdout, said + early.stderr), ""
        return argv, early, said

    def _here(self, stdin: str | None, expand: bool, source: str, cwd: str) -> tuple[str | None, Result | None, str]:
        """(the command's stdin, the Result that ends the line before it runs, what `$(…)` in it said on
        stderr): an unquoted here-document expanded by kubetui's busybox sh (kubetui.pipeline), its
        `$(kubectl …)` run by this door's kubectl as the player."""
        if not expand or not stdin:
            return stdin, None, ""

        def kubectl(args: list[str], text: str) -> tuple[str, str, int]:
            invocation = start_kubectl(self, ["kubectl", *args], text or None, wait=False, interactive=False, cwd=cwd,
                                       kubeconfig=self.kubeconfig, timeline=source == "timeline",
                                       clusters=self._clusters())
            result = invocation.poll() or invocation.cancel()
            return result.stdout, result.stderr, result.exit_code

        result = expand_here(stdin, self.variables, kubectl)
        if result.exit_code:
            return stdin, Result(result.exit_code, "", result.stderr.replace("sh: ", "kubetui: ", 1)), ""
        return result.stdout, None, result.stderr

    def _builtin(self, argv: list[str], stdin: str | None = None, cwd: str | None = None) -> Result | None:
        """The player's shell's own commands at the door: `NAME=value` alone, `export`, `unset`,
        `true`/`false`, and `cat` of the here-document a script gives it or of files of the door's
        folder (None: the line is a program's)."""
        assigned, words = split_environment(argv)
        if not assigned and len(words) == 1 and words[0] in ("true", ":", "false"):
            return Result(1 if words[0] == "false" else 0)  # `kubectl delete pod x || true`
        if words[:1] == ["cat"]:
            return read_files(words[1:], stdin, self.cwd if cwd is None else cwd)
        if not assigned and words and words[0] in FILE_FILTERS:
            return filter_files(shlex.join(words), words, stdin, self.cwd if cwd is None else cwd)
        if words[:1] == ["alias"]:
            return _alias(words[1:])
        if words[:1] == ["complete"]:
            return Result(0)  # `complete -o default -F __start_kubectl k`: kubetui's Tab completes already
        if words[:1] == ["watch"]:
            return Result(127, "", "kubetui: watch: not here; `kubectl get … -w` (--watch) prints each change as it "
                                   "happens (ctrl+c stops it)\n")
        if words and words[0] not in ("export", "unset"):
            return None
        self.variables.update(assigned)
        if not words:
            return Result(0)
        errors = []
        for word in words[1:]:
            name, equals, value = word.partition("=")
            if word.startswith("-") and words[0] == "export":
                continue  # `export -p`, `export -n`: nothing more than a listing here
            if not _NAME.fullmatch(name) or (equals and words[0] == "unset"):
                errors.append(f"kubetui: {words[0]}: `{word}': not a valid identifier\n")
            elif words[0] == "unset":
                self.variables.pop(name, None)
            elif equals:
                self.variables[name] = value
        if words[0] == "export" and all(w.startswith("-") for w in words[1:]):
            listing = "".join(f"export {name}={shlex.quote(value)}\n" for name, value in sorted(self.variables.items()))
            return Result(0, listing)
        return Result(1 if errors else 0, "", "".join(errors))

    def _record(self, line: str, stdin: str | None, source: str, cwd: str, **extra) -> dict:
        self._command_seq += 1
        record = {"tick": self.tick, "seq": self._command_seq, "source": source, "line": line, "stdin": stdin,
                  "scheduled": False, "cwd": cwd, **extra}
        self.command_log.append(record)
        for observer in self.observers:
            observer.on_command(record)
        return record


ALIASES = {"k": "kubectl"}
"""The aliases the player's shell knows: exam guides' first line, `alias k=kubectl`, is kubetui's own."""


def _alias(args: list[str]) -> Result:
    """bash's `alias`: with no NAME it lists them, `NAME` shows one; `k=kubectl` is kept (kubetui's
    `k` runs kubectl already); another definition is refused with a word on why."""
    names = [a for a in args if a not in ("-p", "--")]
    if not names:
        return Result(0, "".join(f"alias {name}='{value}'\n" for name, value in ALIASES.items()))
    out, err = [], []
    for arg in names:
        name, equals, value = arg.partition("=")
        if equals and ALIASES.get(name) != value.strip():
            err.append(f"kubetui: alias: {name}: only `alias k=kubectl` is known here (k runs kubectl already); "
                       "type the command in full\n")
        elif not equals and name in ALIASES:
            out.append(f"alias {name}='{ALIASES[name]}'\n")
        elif not equals:
            err.append(f"kubetui: alias: {name}: not found\n")
    return Result(1 if err else 0, "".join(out), "".join(err))


def _after(said: str, result: Result) -> Result:
    """A result with what substituted commands printed on stderr before its own."""
    return Result(result.exit_code, result.stdout, said + result.stderr) if said else result


_READS_STDIN = re.compile(r"(^|\s)(?:(?:-f|--filename)(?:=|\s+)(?:-|/dev/stdin)(?:\s|$)|cat(?:\s|$))")
"""A command of a list that reads the here-document: `-f -`, `--filename=-`, `-f /dev/stdin`, `cat`."""
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAMETER = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[^}]*\})")
_ASSIGNMENTS = re.compile(r"^\s*(?:export\s+)?(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*[A-Za-z_][A-Za-z0-9_]*=\S*$")
"""The line so far is assignments (and `export`) up to a value being written: sh splits no field there."""


def substitute(line: str, output, variable=None) -> str:
    """`line` with each `$(…)` outside single quotes replaced by `output(inner text)`, and each
    `$NAME` or `${…}` by `variable(that text)`: quoted as one word inside double quotes or in an
    assignment's value, split on blanks elsewhere (POSIX command substitution and parameter
    expansion)."""
    if "$" not in line:
        return line
    out: list[str] = []
    i, quote = 0, ""
    while i < len(line):
        c = line[i]
        if c == "\\" and quote != "'" and i + 1 < len(line):
            out.append(line[i:i + 2])
            i += 2
            continue
        if c in "'\"" and (not quote or quote == c) and not (c == "'" and quote == '"'):
            quote = "" if quote == c else c
            out.append(c)
            i += 1
            continue
        parameter = _PARAMETER.match(line, i) if c == "$" and variable is not None and quote != "'" else None
        if c == "$" and quote != "'" and (line.startswith("$(", i) or parameter):
            if parameter:
                end = parameter.end() - 1
                text = variable(parameter.group(0))
            else:
                end = closing(line, i + 2)
                text = output(line[i + 2:end])
            if quote == '"' or _ASSIGNMENTS.match("".join(out)):
                escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
                out.append(escaped if quote else f'"{escaped}"')
            else:
                out.append(" ".join(shlex.quote(w) for w in text.split()))
            i = end + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _pipeline(line: str, cwd: str) -> tuple[Pipeline, Result | None]:
    """The line cut at its pipes (kubetui.pipeline), or what refuses it before anything runs."""
    pipe = parse(line)
    if isinstance(pipe, Result):
        return Pipeline(line), pipe
    return pipe, pipe.check(cwd)


def _piped(invocation: Invocation, pipe: Pipeline, cwd: str):
    """The invocation as the player sees it: through the line's filters when it has some."""
    return invocation if pipe.plain else Piped(invocation, pipe, cwd)


def _split(line: str) -> tuple[list[str], Result | None]:
    """The words of a command line, or the Result that ends it before it starts."""
    try:
        argv = shlex.split(line, comments=False)
    except ValueError as exc:
        return [], Result(1, "", f"error: {exc}\n")
    return argv, (Result(0) if not argv else None)


def normalize(line: str) -> str:
    """A command line as the door expects it: `kubectl` added when the player left it out."""
    line = line.strip()
    if not line:
        return ""
    word = line.split(None, 1)[0]
    if word in ("kubectl", "k", "sim", "curl", "cat", "export", "unset", "alias", "complete", "watch", *FILE_FILTERS) \
            or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", word):
        return line
    return f"kubectl {line}"
