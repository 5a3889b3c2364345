"""The kubectl command layer: one parsed command line in, kubectl's stdout, stderr and exit code out.

Two ways in:

- `start_kubectl(sim, argv, stdin)` starts a command and returns an `Invocation`. kubectl never
  moves the clock: commands that wait on the cluster (`rollout status`, `wait`, `drain`,
  `delete`, `logs -f`) are generators, and whoever holds the invocation (the door,
  `kubetui.shell`) steps the simulation and calls `poll()` after each step until it returns the
  `Result`, as kubectl blocks in real time. `cancel()` is Ctrl-C. Output printed so far is
  readable from `stdout` / `stderr` while it runs (rollout status' progress lines). With
  `wait=False` (a command run inside a tick) a command looks once and never waits.
- `edit_buffer(sim, kind, namespace, name)` is the text `kubectl edit` would open: the UI opens
  its own editor on it and sends the result through the door as `kubectl edit KIND/NAME` with
  that text as stdin.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from collections.abc import Callable, Generator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kubetui.engine.user import ADMIN, UserInfo
from kubetui.kubectl.fieldmanager import field_manager
from kubetui.kubectl.flags import KubectlUsageError, Parsed, parse, strip_kubectl_prefix

if TYPE_CHECKING:
    from kubetui.engine.simulation import Result, Simulation
    from kubetui.kubectl.commands._base import Context
    from kubetui.kubectl.kubeconfig import Kubeconfig

__all__ = ["Invocation", "start_kubectl", "edit_buffer", "split_environment", "CONNECTION_REFUSED",
           "server_unreachable"]

CONNECTION_REFUSED = ("The connection to the server control-plane:6443 was refused - did you specify the "
                      "right host or port?")

_COMMANDS: dict[str, tuple[str, str]] = {
    "get": ("get", "get"),
    "describe": ("describe", "describe"),
    "apply": ("apply", "apply"),
    "create": ("create", "create"),
    "create namespace": ("create", "generate"),
    "create deployment": ("create", "generate"),
    "create job": ("create", "generate"),
    "create cronjob": ("create", "generate"),
    "create configmap": ("create", "generate"),
    "create secret generic": ("create", "generate"),
    "create secret docker-registry": ("create", "generate"),
    "create secret tls": ("create", "generate"),
    "create quota": ("create", "generate"),
    "create poddisruptionbudget": ("create", "generate"),
    "create priorityclass": ("create", "generate"),
    "create service clusterip": ("create", "generate"),
    "create service nodeport": ("create", "generate"),
    "create service loadbalancer": ("create", "generate"),
    "create service externalname": ("create", "generate"),
    "create ingress": ("create", "generate"),
    "create serviceaccount": ("create", "generate"),
    "create role": ("create", "generate"),
    "create clusterrole": ("create", "generate"),
    "create rolebinding": ("create", "generate"),
    "create clusterrolebinding": ("create", "generate"),
    "auth can-i": ("auth", "can_i"),
    "auth whoami": ("auth", "whoami"),
    "auth reconcile": ("auth", "reconcile"),
    "create token": ("token", "create_token"),
    "run": ("create", "run"),
    "expose": ("create", "expose"),
    "autoscale": ("create", "autoscale"),
    "delete": ("delete", "delete"),
    "scale": ("scale", "scale"),
    "rollout status": ("rollout", "status"),
    "rollout history": ("rollout", "history"),
    "rollout undo": ("rollout", "undo"),
    "rollout pause": ("rollout", "pause"),
    "rollout resume": ("rollout", "resume"),
    "rollout restart": ("rollout", "restart"),
    "set image": ("set", "image"),
    "set env": ("set", "env"),
    "set resources": ("set", "resources"),
    "set selector": ("set", "selector"),
    "set serviceaccount": ("set", "serviceaccount"),
    "label": ("label", "label"),
    "annotate": ("label", "annotate"),
    "patch": ("patch", "patch"),
    "edit": ("patch", "edit"),
    "replace": ("replace", "replace"),
    "diff": ("diff", "diff"),
    "debug": ("debug", "debug"),
    "port-forward": ("portforward", "port_forward"),
    "cp": ("cp", "cp"),
    "cordon": ("nodes", "cordon"),
    "uncordon": ("nodes", "uncordon"),
    "drain": ("nodes", "drain"),
    "taint": ("nodes", "taint"),
    "logs": ("logs", "logs"),
    "top node": ("top", "top_node"),
    "top pod": ("top", "top_pod"),
    "exec": ("exec", "exec_"),
    "attach": ("attach", "attach"),
    "wait": ("wait", "wait"),
    "explain": ("explain", "explain"),
    "api-resources": ("misc", "api_resources"),
    "kustomize": ("kustomize", "kustomize"),
    "api-versions": ("misc", "api_versions"),
    "cluster-info": ("misc", "cluster_info"),
    "version": ("misc", "version"),
    "events": ("events", "events"),
    "certificate approve": ("certificate", "approve"),
    "certificate deny": ("certificate", "deny"),
    "config view": ("config", "view"),
    "config get-contexts": ("config", "get_contexts"),
    "config current-context": ("config", "current_context"),
    "config get-clusters": ("config", "get_clusters"),
    "config get-users": ("config", "get_users"),
    "config use-context": ("config", "use_context"),
    "config set-context": ("config", "set_context"),
    "config rename-context": ("config", "rename_context"),
    "config delete-context": ("config", "delete_context"),
    "config set-cluster": ("config", "set_cluster"),
    "config set-credentials": ("config", "set_credentials"),
    "config delete-cluster": ("config", "delete_cluster"),
    "config delete-user": ("config", "delete_user"),
    "config set": ("config", "set_"),
    "config unset": ("config", "unset"),
}
"""Command path -> (module under `kubetui.kubectl.commands`, function)."""

_OFFLINE = {*(path for path in _COMMANDS if path.startswith("config ")), "version", "kustomize"}
"""Commands that work without the API server (version prints the client part first)."""


def _result(exit_code: int, out: list[str], err: list[str]) -> Result:
    from kubetui.engine.simulation import Result

    return Result(exit_code, "".join(out), "".join(err))



def _request_timeout_ok(value: str) -> bool:
    """`--request-timeout` as client-go reads it: whole seconds (`5`) or a Go duration (`1m`)."""
    from kubetui.kubectl.flags import parse_duration

    if not value or (value.isascii() and value.isdigit()):
        return True
    try:
        parse_duration(value)
    except ValueError:
        return False
    return True

class Invocation:
    """A kubectl command that may still be waiting in simulated time.

    `poll()` runs the command until it next needs time to pass (returns None) or ends
    (returns the Result, also kept in `result`). Whoever holds an Invocation steps the
    simulation between polls.
    """

    def __init__(self, sim: Simulation, argv: Sequence[str], stdin: str | None = None, *, wait: bool = True,
                 interactive: bool = False, cwd: str = ".", user: UserInfo | None = None,
                 kubeconfig: Kubeconfig | None = None, timeline: bool = False,
                 clusters: Mapping[str, Simulation] | None = None, env: dict[str, str] | None = None):
        from kubetui.kubectl.commands._base import Context

        self.sim = sim
        self.argv = list(argv)
        self.result: Result | None = None
        self._gen: Generator | None = None
        self.ctx: Context | None = None
        self._out: list[str] = []
        self._err: list[str] = []
        self.seq = 0
        """The door's number for this command (its record in the command log)."""
        try:
            parsed = parse(self.argv)
        except KubectlUsageError as exc:
            self._finish(1, [], [exc.stderr])
            return
        if parsed.command[:1] != ["config"] and not _request_timeout_ok(str(parsed.flags.get("request-timeout") or "")):
            self._finish(1, [], ["error: Invalid timeout value. Timeout must be a single integer in seconds, or an "
                                 "integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n"])
            return
        self._files = None
        named = str(parsed.flags.get("kubeconfig") or "")
        if (named or (env or {}).get("KUBECONFIG")) and not timeline and user is None:
            from kubetui.kubectl.kubeconfig_files import KubeconfigFileError, KubeconfigFiles

            try:
                self._files = KubeconfigFiles.load(cwd, named, (env or {}).get("KUBECONFIG", ""),
                                                   config_command=parsed.command[:1] == ["config"])
            except KubeconfigFileError as exc:
                self._finish(1, [], [f"{exc}\n"])
                return
            kubeconfig = self._files.loaded.copy()
        unreachable = ""
        if kubeconfig is not None:
            target = kubeconfig.cluster(str(parsed.flags.get("context") or ""), str(parsed.flags.get("cluster") or ""))
            entry = kubeconfig.clusters.get(target)
            server = "" if parsed.command[:1] == ["config"] else str(parsed.flags.get("server") or "")
            if entry is not None and not timeline and user is None:
                target, unreachable = _reach(sim, clusters, server or str(entry.get("server") or ""))
            if clusters:
                self.sim = sim = clusters.get(target, sim)
        self.ctx = Context(sim, parsed, stdin, blocking=wait, interactive=interactive, cwd=cwd,
                           kubeconfig=kubeconfig, timeline=timeline, principal=user,
                           env=dict(env or {}), kubeconfig_file=self._files.shown if self._files else "",
                           unreachable=unreachable)
        self._out, self._err = self.ctx.out, self.ctx.err
        for note in parsed.deprecation_warnings:
            self.ctx._say(2, f"{note}\n")
        self._begin(parsed)

    # -- what a caller reads -----------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.result is not None

    @property
    def exit_code(self) -> int | None:
        """The exit code once the command ended; None while it still waits."""
        return self.result.exit_code if self.result is not None else None

    @property
    def stdout(self) -> str:
        return "".join(self._out)

    @property
    def stderr(self) -> str:
        return "".join(self._err)

    @property
    def transcript(self) -> list[tuple[int, str]] | None:
        """What a program in a container printed, stdout (1) and stderr (2) in the order it wrote
        them (Context.transcript); None for kubectl's own output."""
        return self.ctx.transcript if self.ctx is not None and self.ctx.ordered else None

    def poll(self) -> Result | None:
        if self.result is not None:
            return self.result
        self._resume()
        return self.result

    @property
    def terminal(self):
        """The shell reading what is typed into this command (`exec -it`), while it runs."""
        return self.ctx.terminal if self.ctx is not None and self.result is None else None

    def send(self, text: str) -> bool:
        """Lines typed into the running command (`exec -it`'s shell); False when it reads none."""
        terminal = self.terminal
        if terminal is None:
            return False
        terminal.feed(text)
        self.poll()
        return True

    def cancel(self) -> Result:
        """Ctrl-C: stop waiting; kubectl dies by SIGINT (exit 130) and prints nothing more."""
        if self.result is None:
            if self._gen is not None:
                self._gen.close()
            self._finish(130, self._out, self._err)
        return self.result

    # -- internals ---------------------------------------------------------------------------
    def _begin(self, parsed: Parsed) -> None:
        path = " ".join(parsed.command)
        ctx = self.ctx
        if parsed.flags.get("help"):
            from kubetui.kubectl.commands.misc import help_text

            ctx.write(help_text(parsed))
            self._finish(0, self._out, self._err)
            return
        target = _COMMANDS.get(path)
        if target is None:
            from kubetui.kubectl.commands.misc import help_text

            if not parsed.command:
                ctx.write(help_text(parsed))
                self._finish(0, self._out, self._err)
                return
            group = group_help(path)
            if group is not None and not parsed.args:
                ctx._say(1 if group["stream"] == "stdout" else 2, group["text"])
                self._finish(group["exit_code"], self._out, self._err)
                return
            if not parsed.args:
                ctx.write(help_text(parsed))
                self._finish(0, self._out, self._err)
                return
            ctx.error(f'error: "kubectl {path}" is not available in kubetui')
            self._finish(1, self._out, self._err)
            return
        if path not in _OFFLINE and not self.sim.api_available() and not _client_only(parsed):
            ctx.error(CONNECTION_REFUSED)
            self._finish(1, self._out, self._err)
            return
        if path not in _OFFLINE and not _client_only(parsed):
            refused = _kubeconfig_refusal(ctx)
            if refused is not None:
                ctx.error(refused)
                self._finish(1, self._out, self._err)
                return
        module, name = target
        fn: Callable = getattr(importlib.import_module(f"kubetui.kubectl.commands.{module}"), name)
        self._writer = field_manager(path)
        self._step(lambda: fn(ctx))

    def _resume(self) -> None:
        self._step(lambda: next(self._gen))

    def _step(self, call: Callable) -> None:
        from kubetui.kubectl.commands._base import CommandError
        from kubetui.model.errors import ApiError, bugs_raise

        ctx = self.ctx
        store = self.sim.store
        pending = store.warnings
        if pending:
            pending.clear()  # what controllers' requests drew while the clock ran is not this command's
        try:
            store.user = ctx.requester
            store.writer, store.writer_subresource = getattr(self, "_writer", (None, ""))
            value = call()
            if self._gen is None and inspect.isgenerator(value):
                self._gen = value
                value = next(self._gen)
            if self._gen is not None:
                ctx.flush_warnings()
                return
            self._finish(int(value or 0), self._out, self._err)
        except StopIteration as stop:
            self._finish(int(stop.value or 0), self._out, self._err)
        except CommandError as exc:
            ctx.error(exc.message)
            self._finish(exc.exit_code, self._out, self._err)
        except KubectlUsageError as exc:
            ctx.error(exc.stderr)
            self._finish(1, self._out, self._err)
        except ApiError as exc:
            ctx.error(str(exc))
            self._finish(1, self._out, self._err)
        except OSError as exc:
            ctx.error(f"error: {exc.strerror or exc}")
            self._finish(1, self._out, self._err)
        except Exception as exc:  # a bug must still end as an error line, never a traceback
            if bugs_raise():
                raise
            ctx.error(f"error: {type(exc).__name__}: {exc}")
            self._finish(1, self._out, self._err)
        finally:
            store.user = ADMIN
            store.writer, store.writer_subresource = None, ""

    def _finish(self, code: int, out: list[str], err: list[str]) -> None:
        if self.ctx is not None:
            self.ctx.flush_warnings()
            if getattr(self, "_files", None) is not None and self.ctx.kubeconfig is not None:
                self._files.save(self.ctx.kubeconfig)
        self._gen = None
        self._out, self._err = out, err
        self.result = _result(code, out, err)


def _kubeconfig_refusal(ctx: Context) -> str | None:
    """Why the kubeconfig sends this command nowhere (kubectl's words), else None; on the way,
    who the command's requests come from (`ctx.requester`, the store's user while it runs)."""
    from kubetui.kubectl.commands._base import CommandError
    from kubetui.kubectl.kubeconfig import connection_error
    from kubetui.model.errors import ApiError

    if ctx.timeline:
        return None
    refused = connection_error(ctx.config, str(ctx.flag("context") or ""), str(ctx.flag("cluster") or ""),
                               ctx.kubeconfig_user)
    if refused is not None:
        return refused
    if ctx.unreachable:
        return ctx.unreachable
    try:
        ctx.requester = ctx.user
    except CommandError as exc:
        return exc.message
    except ApiError as exc:
        return str(exc)
    return None


def server_unreachable(sim: Simulation, kubeconfig: Kubeconfig, context: str = "") -> str:
    """What kubectl says when a context's cluster server reaches none of kubetui's API servers
    (`sim` and its other clusters), "" when it reaches one."""
    from kubetui.kubectl.kubeconfig import CLUSTER, NO_SERVER

    entry = kubeconfig.clusters.get(kubeconfig.cluster(context))
    if entry is None:
        return NO_SERVER
    members = getattr(sim, "members", None) or {}
    return _reach(sim, {CLUSTER: sim, **members} if members else None, str(entry.get("server") or ""))[1]


def _reach(sim: Simulation, clusters: Mapping[str, Simulation] | None, server: str) -> tuple[str, str]:
    """The kubetui cluster a kubeconfig's `server` reaches from the control plane the player
    works on, or what kubectl says when it reaches none (kubeconfig.reach). This cluster answers
    at its kubeconfig's server (control-plane:6443), localhost:6443, its control-plane nodes'
    addresses and the `kubernetes` Service; each other cluster at its own NAME-control-plane:6443."""
    from urllib.parse import urlsplit

    from kubetui.kubectl.kubeconfig import CLUSTER, SERVER, reach

    own = urlsplit(SERVER)
    addresses = {(own.hostname or "", own.port or 443): CLUSTER}
    addresses.update({(f"{name}-control-plane", 6443): name for name in clusters or {} if name != CLUSTER})
    found = reach(server, addresses)
    if found[0]:
        return found
    hosts = set()
    for node in sim.store.list("Node"):
        hosts.add(node["metadata"]["name"])
        if "node-role.kubernetes.io/control-plane" in (node["metadata"].get("labels") or {}):
            for a in (node.get("status") or {}).get("addresses") or []:
                addresses.setdefault((str(a.get("address", "")).lower(), 6443), CLUSTER)
    addresses.update({("localhost", 6443): CLUSTER, ("127.0.0.1", 6443): CLUSTER})
    service = sim.store.get("Service", "default", "kubernetes")
    if service and (service.get("spec") or {}).get("clusterIP"):
        addresses[(service["spec"]["clusterIP"], 443)] = CLUSTER
    return reach(server, addresses, hosts)


@functools.cache
def _group_helps() -> dict:
    import yaml

    return yaml.safe_load((Path(__file__).parent / "help" / "groups.yaml").read_text())


def group_help(path: str) -> dict | None:
    """What kubectl prints for a command group typed alone (`kubectl rollout`): stream, text, exit code."""
    return _group_helps().get(path)


def _client_only(parsed: Parsed) -> bool:
    """`create deployment ... --dry-run=client`: kubectl builds the object without the server."""
    path = " ".join(parsed.command)
    if not (path.startswith("create ") or path == "run"):
        return False
    return parsed.flags.get("dry-run") in ("client", "unchanged", "true")


def start_kubectl(sim: Simulation, argv: Sequence[str], stdin: str | None = None, *, wait: bool = True,
                  interactive: bool = True, cwd: str = ".", user: UserInfo | None = None,
                  kubeconfig: Kubeconfig | None = None, timeline: bool = False,
                  clusters: Mapping[str, Simulation] | None = None) -> Invocation:
    """Start a command for a caller that steps the clock itself (see the module docstring).

    `interactive` is a person at a terminal (the command bar): `get -w` and `logs -f` go on
    until cancelled instead of ending after a while as they do in a script. Relative `-f` paths
    are read from `cwd`. `user` is who the command authenticates as when the caller knows it (a
    pod's ServiceAccount, for a kubectl run inside a pod); otherwise `kubeconfig`, the session's
    (`kubectl config` changes it), says: its current context gives the namespace and user.
    `timeline` marks the scenario's own commands. `clusters` are the scenario's clusters by
    kubeconfig cluster name: the command goes to the one its context (or `--context`,
    `--cluster`) names, `sim` when none matches.
    Leading `NAME=value` words are the command's environment, as a shell reads them
    (`KUBE_EDITOR="sed -i …" kubectl edit deploy/web`)."""
    env, words = split_environment(argv)
    return Invocation(sim, strip_kubectl_prefix(words), stdin, wait=wait, interactive=interactive, cwd=cwd, user=user,
                      kubeconfig=kubeconfig, timeline=timeline, clusters=clusters, env=env)


_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def split_environment(argv: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """(`NAME=value` words before the command, the command's words)."""
    words = list(argv)
    env: dict[str, str] = {}
    while words and _ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    return env, words


def edit_buffer(sim: Simulation, kind: str, namespace: str | None, name: str) -> str:
    """The YAML `kubectl edit` opens in the editor (raises ApiError NotFound when there is none)."""
    from kubetui.kubectl.commands.patch import edit_buffer as buffer

    return buffer(sim, kind, namespace, name)
