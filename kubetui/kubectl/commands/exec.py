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

from kubetui.engine.kubelet.process import NETWORK, NGINX_WELCOME, SHELLS, process_env, processes, ships_kubectl
from kubetui.engine.kubelet.shell import FsError, Machine
from kubetui.engine.kubelet.shell.applets import APPLETS, BUILTINS
from kubetui.engine.network.loadbalancer import INGRESS_NGINX_IP
from kubetui.kubectl.commands._base import CommandError, Context
from kubetui.kubectl.commands._pods import container_for, container_status, pod_for
from kubetui.model.errors import ApiError

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
    if wants_terminal(ctx, words):
        session = Terminal.open(ctx, pod, container, words[0])
        if session is not None:
            return (yield from session.run(ctx))
    return simulate(ctx, pod, container, words)


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
        self.waking = 0
        """The tick the line running now wakes at (its `sleep`s)."""
        self.ctx: Context | None = None
        self.machine.context.setdefault("tty", DEFAULT_SIZE)

    @property
    def size(self) -> tuple[int, int]:
        """(columns, rows) of the terminal, as the client last told it (`stty size` answers it)."""
        return tuple(self.machine.context.get("tty", DEFAULT_SIZE))  # type: ignore[return-value]

    def resize(self, columns: int, rows: int) -> None:
        self.machine.context["tty"] = (columns, rows)

    @classmethod
    def open(cls, ctx: Context, pod: dict, container: dict, shell: str, main: bool = False) -> Terminal | None:
        """The session, or None when the container has no shell to read a terminal."""
        meta = pod["metadata"]
        rt = ctx.sim.kubelet.runtime(meta["namespace"], meta["name"])
        c = next((c for c in ([*rt.containers, *rt.ephemeral] if rt else []) if c.name == container["name"]), None)
        if rt is None or c is None or c.fs is None:
            return None
        if c.behavior is not None and c.behavior.shell is None:
            return None
        shell_ctx = Shell(ctx, pod, container)

        def network(name: str, args: list[str]) -> tuple[str, str, int]:
            code, out, err = shell_ctx.command([name, *args])
            return out, err, code
        own = [(1, shell)] if main else [(1, " ".join(c.spec.get("command") or ["sh"])), (7, shell)]
        context = {"hostname": rt.name, "ip": rt.ip, "network": network,
                   "processes": processes(rt, c) if c.spec.get("targetContainerName") else own}
        if ships_kubectl(c):
            context["kubectl"] = partial(in_cluster_kubectl, ctx.sim)
        env = {**process_env(rt, c), "PS1": "\\w \\$ ", "TERM": "xterm"}
        return cls(Machine.for_script("", c.fs, env, context=context, cwd=container.get("workingDir") or "/"),
                   pod, container["name"], main, shell)

    @property
    def prompt(self) -> str:
        """The shell's prompt: busybox ash's (the working directory, then `#` for root), or
        bash's `root@HOST:DIR# `."""
        sign = '#' if self.machine.context.get('uid', 0) == 0 else '$'
        if self.shell == "bash":
            home = self.machine.env.get("HOME", "/root")
            where = "~" + self.machine.cwd[len(home):] if (self.machine.cwd + "/").startswith(home + "/") \
                else self.machine.cwd
            return f"root@{self.machine.context.get('hostname', '')}:{where}{sign} "
        return f"{self.machine.cwd} {sign} "

    @property
    def busy(self) -> bool:
        """A line is still running (sleeping) or waiting its turn."""
        return bool(self.lines) or (self.ctx is not None and self.ctx.sim.tick < self.waking)

    def feed(self, text: str) -> None:
        """Lines the player typed; they run in turn as the command is polled."""
        self.lines.extend(text.split("\n"))

    def alive(self) -> bool:
        assert self.ctx is not None, "run() sets the context"
        ns, name, container = self.key
        pod = self.ctx.sim.store.get("Pod", ns, name)
        cs = container_status(pod, container) if pod is not None and pod["metadata"]["uid"] == self.uid else None
        return bool(cs and "running" in (cs.get("state") or {}))

    def _line(self, line: str) -> int:
        """Run one line; the seconds its sleeps take."""
        ctx = self.ctx
        assert ctx is not None, "run() sets the context"
        ctx.write(f"{self.prompt}{line}\n")
        if not line.strip():
            return 0
        self.ended = self.machine.run_line(line, ctx.sim.tick)
        for fd, out in self.machine.console:
            (ctx.write if fd == 1 else ctx.err.append)(out)
        self.machine.console.clear()
        slept, self.machine.pending_sleep = self.machine.pending_sleep, 0
        return slept

    def run(self, ctx: Context):
        """Read and run lines until `exit` or the container stops (no time limit: a shell waits)."""
        self.ctx = ctx
        ctx.terminal = self
        while not self.ended and self.alive():
            if not self.lines:
                if not ctx.blocking:
                    break
                yield
                continue
            self.waking = ctx.sim.tick + self._line(self.lines.pop(0))
            while not self.ended and ctx.sim.tick < self.waking and self.alive():
                yield
        ctx.terminal = None
        if not self.ended:
            ctx.error("command terminated with exit code 137")
            return 137
        code = self.machine.exit_code
        if self.main:
            ns, name, container = self.key
            ctx.sim.kubelet.exit_main(ns, name, container, code)
            return code
        if code:
            ctx.error(f"command terminated with exit code {code}")
        return code


def simulate(ctx: Context, pod: dict, container: dict, words: list[str]) -> int:
    """Run `words` as the container would; prints its output; returns kubectl's exit code."""
    shell = Shell(ctx, pod, container)
    code, out, err = in_container(shell, words) or shell.run(words)
    if out:
        ctx.write(out)
    if err:
        ctx.error(err)
    if code == 126 and err.startswith("error:"):
        return 1
    if code:
        ctx.error(f"command terminated with exit code {code}")
    return code


def in_container(shell: Shell, words: list[str]) -> tuple[int, str, str] | None:
    """Run `words` in the container's own shell over its filesystem (kubelet/shell), or None
    when the container has no shell filesystem or the program is a network tool (Shell's)."""
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
    if words[0] in SHELLS and len(words) >= 3 and words[1] == "-c":
        script = words[2]
    elif words[0] in SHELLS or base in NETWORK:
        return None
    elif base in APPLETS or base in BUILTINS:
        script = shlex.join(words)
    else:
        return None

    def network(name: str, args: list[str]) -> tuple[str, str, int]:
        code, out, err = shell.command([name, *args])
        return out, err, code
    context = {"hostname": rt.name, "ip": rt.ip, "network": network,
               "processes": [(1, " ".join(c.spec.get("command") or ["sh"])), (7, "sh")]}
    if c.spec.get("targetContainerName"):
        context["processes"] = [*processes(rt, c), (13, "sh")]
    if ships_kubectl(c):
        context["kubectl"] = partial(in_cluster_kubectl, shell.sim)
    m = Machine.for_script(script, c.fs, {**process_env(rt, c)}, context=context)
    if not m.done:
        m.run_to_end(shell.sim.tick)
    out = "".join(t for fd, t in m.console if fd == 1)
    err = "".join(t for fd, t in m.console if fd == 2)
    return m.exit_code, out, err


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

    def cmd_wget(self, args):
        url = next((a for a in args if not a.startswith("-") and a != "-"), None)
        skip = {"-O", "-T", "--timeout"}
        words = [a for i, a in enumerate(args) if not (i and args[i - 1] in skip)]
        url = next((a for a in words if not a.startswith("-") and not _is_header_value(args, a)), url)
        if url is None:
            return 1, "", "BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n"
        ok, body, why, ip = self.fetch(url, _host_header(args))
        if why.startswith("HTTP "):
            return 1, "", f"wget: server returned error: HTTP/1.1 {why[5:]}\n"
        quiet = any(a.startswith("-q") or a == "-qO-" for a in args)
        if ok:
            head = "" if quiet else f"Connecting to {url.split('://')[-1].split('/')[0]} ({ip})\n"
            return 0, body, head
        if why == "dns":
            return 1, "", f"wget: bad address '{self.host(url)}'\n"
        if why.startswith("timed out"):
            return 1, "", "wget: download timed out\n"
        return 1, "", f"wget: can't connect to remote host ({ip}): Connection refused\n"

    def cmd_curl(self, args):
        url = next((a for a in args if not a.startswith("-") and not _is_header_value(args, a)), None)
        if url is None:
            return 2, "", "curl: try 'curl --help' or 'curl --manual' for more information\n"
        ok, body, why, ip = self.fetch(url, _host_header(args))
        if why.startswith("HTTP "):
            return 0, body, ""
        host = self.host(url)
        if ok:
            return 0, body, ""
        if why == "dns":
            return 6, "", f"curl: (6) Could not resolve host: {host}\n"
        if why.startswith("timed out"):
            return 28, "", f"curl: (28) Failed to connect to {host} port {self.port(url) or 80} after 10001 ms: Timeout was reached\n"
        return 7, "", (f"curl: (7) Failed to connect to {host} port {self.port(url) or 80} after 0 ms: "
                       "Couldn't connect to server\n")

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

    # -- the network ---------------------------------------------------------------------------
    @staticmethod
    def host(url: str) -> str:
        rest = url.split("://", 1)[-1]
        return rest.split("/", 1)[0].rsplit(":", 1)[0] if ":" in rest.split("/", 1)[0] else rest.split("/", 1)[0]

    @staticmethod
    def port(url: str) -> int | None:
        hostport = url.split("://", 1)[-1].split("/", 1)[0]
        if ":" in hostport and hostport.rsplit(":", 1)[1].isdigit():
            return int(hostport.rsplit(":", 1)[1])
        return None

    def fetch(self, url: str, host_header: str | None = None) -> tuple[bool, str, str, str]:
        """(ok, body, why not, address) of an HTTP GET from this pod; an HTTP error status from
        ingress-nginx comes back as why = "HTTP 404 Not Found" with nginx's error page as body."""
        host, port = self.host(url), self.port(url)
        if host == INGRESS_NGINX_IP:
            return self._via_ingress(url, host_header or "")
        ns = self.pod["metadata"]["namespace"]
        target = self._target(host, ns)
        if target is None:
            return False, "", "dns", ""
        address = ((target.get("spec") or {}).get("clusterIP") if target["kind"] == "Service"
                   else (target.get("status") or {}).get("podIP")) or host
        ok, served = self.sim.network.reachable(self.pod, target, port)
        if not ok:
            return False, "", served, address
        return True, self._body(served, target), "", address

    def _via_ingress(self, url: str, host_header: str) -> tuple[bool, str, str, str]:
        """A request to ingress-nginx's address: routed by the Host header and the path."""
        path = "/" + url.split("://", 1)[-1].partition("/")[2]
        status, backend, _ = self.sim.network.http_via_ingress(host_header, path.split("?")[0])
        if status != 200:
            text = {404: "404 Not Found", 503: "503 Service Temporarily Unavailable"}[status]
            page = (f"<html>\n<head><title>{text}</title></head>\n<body>\n<center><h1>{text}</h1></center>\n"
                    "<hr><center>nginx</center>\n</body>\n</html>\n")
            return False, page, f"HTTP {text}", INGRESS_NGINX_IP
        ns, name = backend.split("/")
        svc = self.sim.store.get("Service", ns, name)
        pod = self.sim.network.ready_endpoints(ns, name)[0]
        return True, self._body(f"{(pod.get('status') or {}).get('podIP', '')}:80", svc), "", INGRESS_NGINX_IP

    def _target(self, host: str, ns: str) -> dict | None:
        store = self.sim.store
        if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", host):
            for svc in store.iter("Service"):
                lb = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
                if (svc.get("spec") or {}).get("clusterIP") == host or any(i.get("ip") == host for i in lb):
                    return svc
            for pod in store.iter("Pod"):
                if (pod.get("status") or {}).get("podIP") == host:
                    return pod
            return None
        found = self.sim.network.dns.resolve(host, ns)
        if found is None:
            return None
        parts = found[0].split(".")
        if len(parts) >= 3 and parts[2] == "svc":
            return store.get("Service", parts[1], parts[0])
        return None

    def _body(self, served: str, target: dict) -> str:
        """What the app that answered sends back: nginx's welcome page, or a line naming the pod."""
        ip = served.split(":")[0]
        pod = None
        for p in self.sim.store.iter("Pod"):
            if (p.get("status") or {}).get("podIP") == ip:
                pod = p
                break
        if pod is None and target["kind"] == "Pod":
            pod = target
        return app_response(self.sim, pod, target["metadata"]["name"])


def app_response(sim, pod: dict | None, name: str) -> str:
    """What the app in `pod` answers to a GET of `/`: nginx's index page (the welcome page unless
    something replaced it in the container), httpd's, or a line naming the pod."""
    image = " ".join(c.get("image", "") for c in (pod or {}).get("spec", {}).get("containers", []))
    if "nginx" in image:
        return _nginx_page(sim, pod) or NGINX_WELCOME
    if "httpd" in image:
        return "<html><body><h1>It works!</h1></body></html>\n"
    return f"Hello from {pod['metadata']['name'] if pod else name}\n"


def _nginx_page(sim, pod: dict | None) -> str | None:
    """The index page in the nginx container's html folder, as `kubectl cp` or an exec left it."""
    if pod is None:
        return None
    rt = sim.kubelet.runtime(pod["metadata"]["namespace"], pod["metadata"]["name"])
    for c in rt.containers if rt else []:
        if "nginx" in str(c.spec.get("image", "")) and c.fs is not None and c.state == "running":
            try:
                return c.fs.read("/usr/share/nginx/html/index.html")
            except FsError:
                return None
    return None


def _host_header(args: list[str]) -> str | None:
    """The Host of `curl -H 'Host: x'` / `wget --header 'Host: x'`."""
    for i, a in enumerate(args):
        value = None
        if a in ("-H", "--header") and i + 1 < len(args):
            value = args[i + 1]
        elif a.startswith("--header="):
            value = a.split("=", 1)[1]
        if value is not None and value.lower().startswith("host:"):
            return value.split(":", 1)[1].strip()
    return None


def _is_header_value(args: list[str], word: str) -> bool:
    return any(args[i] in ("-H", "--header") and args[i + 1] == word for i in range(len(args) - 1))

