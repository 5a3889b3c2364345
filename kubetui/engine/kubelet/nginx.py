"""The nginx program of the nginx images: the one reader of nginx's configuration.

nginx reads /etc/nginx/nginx.conf and the files it includes when it starts and again on `nginx
-s reload`, never in between: a ConfigMap the kubelet updated under conf.d is served only after
a reload. A configuration nginx refuses (an unknown directive, a missing `;`) stops the start
(exit 1, nginx's `[emerg]` line in the log) and fails `nginx -t`. The facts nginx prints (its
version by tag, compiler, entrypoint scripts, directive table) are data: nginx.yaml.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from kubetui.engine.kubelet import imagefiles
from kubetui.engine.kubelet.containers import LOG_LINES, settle_probe_lines
from kubetui.engine.kubelet.shell.applets import Run, applet
from kubetui.engine.kubelet.shell.fs import FileSystem, FsError
from kubetui.engine.sharedvalues import keep, per_command
from kubetui.model.clock import datetime_of

if TYPE_CHECKING:
    from kubetui.engine.kubelet.containers import Container, PodRuntime

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONF = "/etc/nginx/nginx.conf"
PREFIX = "/etc/nginx"
DEFAULT_CONF = "/etc/nginx/conf.d/default.conf"


@cache
def _data() -> dict:
    return yaml.load(resources.files("kubetui.engine.kubelet").joinpath("nginx.yaml").read_text(), Loader=_LOADER)


# -- the image -----------------------------------------------------------------------------------
def is_nginx(image: str) -> bool:
    return imagefiles.family(image) == "nginx" and "ingress" not in image


def _tag(image: str) -> str:
    image = image.split("@")[0]
    last = image.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else "latest"


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3])


@lru_cache(maxsize=256)
def version(image: str) -> str:
    """The nginx release an image's tag stands for: `1.25.3` as tagged, `1.25` its last patch,
    `latest`/`stable`/`alpine` what they point to."""
    tag = _tag(image)
    d = _data()
    m = re.match(r"(\d+(?:\.\d+){0,2})", tag)
    if m is None:
        return str(d["versions"].get(tag.split("-")[0], d["versions"]["latest"]))
    dotted = m.group(1)
    if dotted.count(".") == 2:
        return dotted
    return str(d["last_patch"].get(dotted, d["versions"]["latest"]))


def distro(image: str) -> str:
    return "alpine" if "alpine" in _tag(image) else "debian"


def compiler(image: str) -> str:
    v = _key(version(image))
    return next(e["gcc"] for e in _data()["compilers"][distro(image)] if v >= _key(e["since"]))


# -- reading the configuration ---------------------------------------------------------------------
class ConfError(Exception):
    """nginx's `[emerg]` message (without its `nginx: [emerg] ` prefix)."""


@dataclass
class Directive:
    name: str
    args: list[str]
    file: str
    line: int
    block: list[Directive] | None = None


@dataclass
class Parsed:
    tree: list[Directive]
    files: list[tuple[str, str]]
    """Every file read, in the order nginx opened them (what `nginx -T` prints)."""


_BLOCK_CONTEXT = {"events": "e", "http": "h", "server": "s", "location": "l", "if": "i", "upstream": "u",
                  "limit_except": "x"}


@cache
def _table() -> dict[str, dict[str, str]]:
    """directive -> context letter -> argument spec."""
    out: dict[str, dict[str, str]] = {}
    for name, spec in _data()["directives"].items():
        out[name] = dict(part.strip().split(":", 1) for part in str(spec).split("|"))
    return out


def _args_ok(spec: str, n: int) -> bool:
    spec = spec.removeprefix("block")
    if spec in ("any", ""):
        return True
    if spec == "flag":
        return n == 1
    if spec.endswith("+"):
        return n >= int(spec[:-1])
    return str(n) in spec


def _tokens(text: str, path: str):
    """nginx's lexer: (token, line, kind) with kind word / ; / { / }; quotes group, # comments."""
    i, line, n = 0, 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch in " \t\r":
            i += 1
        elif ch == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif ch in ";{}":
            yield ch, line, ch
            i += 1
        elif ch in "\"'":
            j, word = i + 1, []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n and text[j + 1] in (ch, "\\", "t", "r", "n"):
                    j += 1
                    word.append({"t": "\t", "r": "\r", "n": "\n"}.get(text[j], text[j]))
                    j += 1
                    continue
                if text[j] == "\n":
                    line += 1
                word.append(text[j])
                j += 1
            if j >= n:
                raise ConfError(f'unexpected end of file, expecting ";" or "}}" in {path}:{line}')
            yield "".join(word), line, "word"
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in " \t\r\n;{}" and not (text[j] == "#" and j == i):
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                j += 1
            yield text[i:j], line, "word"
            i = j


def _read(fs: FileSystem, path: str, where: str = "") -> str:
    try:
        return fs.read(path)
    except FsError as e:
        errno = {"No such file or directory": 2, "Permission denied": 13, "Is a directory": 21}.get(str(e), 2)
        raise ConfError(f'open() "{path}" failed ({errno}: {e}){where}') from None


def parse(fs: FileSystem, path: str = CONF, extra: str = "") -> Parsed:
    """The whole configuration from `path` (includes followed), checked as nginx checks it; `extra`
    is `-g`'s directives. ConfError on the first problem."""
    files: list[tuple[str, str]] = []
    text = _read(fs, path)
    files.append((path, text))
    tree = _parse_text(fs, text, path, "m", files)
    if extra:
        tree += _parse_text(fs, extra, "command line", "m", files)
    if not any(d.name == "events" for d in tree):
        raise ConfError('no "events" section in configuration')
    return Parsed(tree, files)


def _parse_text(fs: FileSystem, text: str, path: str, ctx: str, files: list, depth: int = 0) -> list[Directive]:
    stack: list[tuple[str, list[Directive]]] = [(ctx, [])]
    words: list[str] = []
    where = (lambda ln: f" in {path}:{ln}") if path != "command line" else (lambda ln: " in command line")
    free = set(_data()["free"])
    for tok, line, kind in _tokens(text, path):
        here, out = stack[-1]
        if kind == "word":
            words.append(tok)
            continue
        if kind == "}":
            if words:
                raise ConfError(f'unexpected "}}"{where(line)}')
            if len(stack) == 1:
                raise ConfError(f'unexpected "}}"{where(line)}')
            stack.pop()
            continue
        if not words:
            if kind == "{":
                raise ConfError(f'unexpected "{{"{where(line)}')
            continue  # a lone ";" is nothing
        name, args = words[0], words[1:]
        words = []
        if here == "free":
            if kind == "{":
                stack.append(("free", []))
            continue
        specs = _table().get(name)
        if specs is None:
            raise ConfError(f'unknown directive "{name}"{where(line)}')
        spec = specs.get(here)
        if spec is None:
            raise ConfError(f'"{name}" directive is not allowed here{where(line)}')
        block = spec.startswith("block")
        if block and kind == ";":
            raise ConfError(f'directive "{name}" has no opening "{{"{where(line)}')
        if not block and kind == "{":
            raise ConfError(f'directive "{name}" is not terminated by ";"{where(line)}')
        if not _args_ok(spec, len(args)):
            raise ConfError(f'invalid number of arguments in "{name}" directive{where(line)}')
        if spec == "flag" and args[0] not in ("on", "off"):
            raise ConfError(f'invalid value "{args[0]}" in "{name}" directive, it must be "on" or "off"{where(line)}')
        _check(name, args, where(line))
        d = Directive(name, args, path, line)
        if name == "include":
            d.block = _include(fs, args[0], here, files, depth, where(line))
            out.append(d)
            continue
        out.append(d)
        if block:
            d.block = []
            inner = "free" if name in free else _BLOCK_CONTEXT.get(name, "free")
            if name == "server" and here == "h":
                inner = "s"
            stack.append((inner, d.block))
    if words:
        raise ConfError(f'unexpected end of file, expecting ";" or "}}"{where(_last_line(text))}')
    if len(stack) > 1:
        raise ConfError(f'unexpected end of file, expecting "}}"{where(_last_line(text))}')
    return stack[0][1]


def _last_line(text: str) -> int:
    return text.count("\n") + 1


_LISTEN_FLAGS = {"default_server", "default", "ssl", "http2", "quic", "proxy_protocol", "reuseport", "deferred",
                 "bind"}
_LISTEN_VALUES = ("backlog=", "rcvbuf=", "sndbuf=", "ipv6only=", "so_keepalive=", "fastopen=", "accept_filter=",
                  "setfib=")


def _check(name: str, args: list[str], where: str) -> None:
    """The argument checks of the directives learners get wrong."""
    if name == "listen":
        if listen_port(args[0]) is None and not args[0].startswith("unix:"):
            raise ConfError(f'host not found in "{args[0]}" of the "listen" directive{where}')
        port = listen_port(args[0])
        if port is not None and not 0 < port < 65536:
            raise ConfError(f'invalid port in "{args[0]}" of the "listen" directive{where}')
        for a in args[1:]:
            if a not in _LISTEN_FLAGS and not a.startswith(_LISTEN_VALUES):
                raise ConfError(f'invalid parameter "{a}"{where}')
    elif name == "return":
        code = args[0]
        if not code.isdigit() and not code.startswith(("http://", "https://", "$scheme")):
            raise ConfError(f'invalid return code "{code}"{where}')
        if code.isdigit() and not 0 <= int(code) <= 999:
            raise ConfError(f'invalid return code "{code}"{where}')
    elif name == "worker_processes" and args[0] != "auto" and not args[0].isdigit():
        raise ConfError(f'invalid value "{args[0]}" in "worker_processes" directive{where}')


def listen_port(address: str) -> int | None:
    """The port of a `listen` address (`80`, `8080`, `[::]:80`, `127.0.0.1:8080`, `*:80`); 80
    for an address alone; None when it is no address."""
    if address.startswith("unix:"):
        return None
    if address.isdigit():
        return int(address)
    host, _, port = address.rpartition(":")
    if address.startswith("[") and not address.endswith("]"):
        return int(port) if port.isdigit() else None
    if host and port.isdigit():
        return int(port)
    if re.fullmatch(r"\[[0-9a-fA-F:.]*\]|\*|[\w.-]+", address) and not address.isdigit():
        return 80 if re.fullmatch(r"\[[0-9a-fA-F:.]*\]|\*|\d+\.\d+\.\d+\.\d+|localhost", address) else None
    return None


def _include(fs: FileSystem, pattern: str, ctx: str, files: list, depth: int, where: str) -> list[Directive]:
    path = posixpath.normpath(posixpath.join(PREFIX, pattern))
    if depth > 10:
        raise ConfError(f"include nesting too deep{where}")
    if any(ch in path for ch in "*?["):
        folder, glob = posixpath.split(path)
        try:
            names = sorted(n for n in fs.listdir(folder) if fnmatch.fnmatchcase(n, glob) and not n.startswith("."))
        except FsError:
            names = []
        paths = [posixpath.join(folder, n) for n in names if fs.is_file(posixpath.join(folder, n))]
    else:
        paths = [path]
    out: list[Directive] = []
    for p in paths:
        text = _read(fs, p, where)
        files.append((p, text))
        out += _parse_text(fs, text, p, ctx, files, depth + 1)
    return out


def _flat(tree: list[Directive]):
    """Directives of a block with its includes spliced in."""
    for d in tree:
        if d.name == "include":
            yield from _flat(d.block or [])
        else:
            yield d


# -- what nginx serves -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Location:
    modifier: str
    path: str
    settings: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Server:
    ports: tuple[int, ...]
    default: bool
    settings: tuple[tuple[str, tuple[str, ...]], ...]
    locations: tuple[Location, ...]


@dataclass(frozen=True)
class Loaded:
    """The configuration nginx's workers serve (from its start or last reload)."""

    servers: tuple[Server, ...]
    settings: tuple[tuple[str, tuple[str, ...]], ...]
    """http-level directives (root, index, default_type...)."""
    daemon: bool = False
    notices: bool = True
    """The error log takes `notice` lines (`error_log … notice;`): start and reload are logged."""
    workers: int = 0
    """`worker_processes` (0: auto, one a CPU)."""
    upstreams: tuple[tuple[str, str], ...] = ()
    """`upstream NAME { server ADDRESS; … }`: each group's first server (where proxy_pass goes)."""

    @cached_property
    def ports(self) -> tuple[int, ...]:
        """Every server's ports, first listed first (worked out once: a start's configuration is
        shared by every nginx started alike)."""
        out: list[int] = []
        for s in self.servers:
            out += [p for p in s.ports if p not in out]
        return tuple(out)


_SETTINGS = {"root", "alias", "index", "return", "default_type", "try_files", "proxy_pass"}


def _settings(tree: list[Directive]) -> tuple:
    return tuple((d.name, tuple(d.args)) for d in _flat(tree) if d.name in _SETTINGS)


def loaded(p: Parsed) -> Loaded:
    main = list(_flat(p.tree))
    http = next((d for d in main if d.name == "http"), None)
    servers = []
    for s in _flat(http.block or []) if http is not None else ():
        if s.name != "server":
            continue
        body = list(_flat(s.block or []))
        listens = [d for d in body if d.name == "listen"]
        ports = tuple(dict.fromkeys(n for d in listens if (n := listen_port(d.args[0])) is not None)) or (80,)
        default = any(a in ("default_server", "default") for d in listens for a in d.args[1:])
        locations = tuple(_location(d) for d in body if d.name == "location")
        servers.append(Server(ports, default, _settings([d for d in body if d.name != "location"]), locations))
    daemon = next((d.args[0] for d in main if d.name == "daemon"), "on") == "on"
    level = next((d.args[1] for d in main if d.name == "error_log" and len(d.args) > 1), "error")
    workers = next((d.args[0] for d in main if d.name == "worker_processes"), "1")
    groups = [d for d in _flat(http.block or []) if d.name == "upstream" and d.args] if http is not None else []
    upstreams = tuple((g.args[0], first.args[0]) for g in groups
                      if (first := next((d for d in _flat(g.block or []) if d.name == "server" and d.args), None)))
    return Loaded(tuple(servers), _settings([d for d in (http.block or []) if d.name != "server"]) if http else (),
                  daemon, level in ("notice", "info", "debug"), 0 if workers == "auto" else int(workers), upstreams)


def _location(d: Directive) -> Location:
    mod, path = (d.args[0], d.args[1]) if len(d.args) == 2 else ("", d.args[0])
    return Location(mod, path, _settings([x for x in (d.block or []) if x.name != "location"]))


def load(fs: FileSystem, path: str = CONF, extra: str = "") -> Loaded:
    return loaded(parse(fs, path, extra))


def _image_config(extra: str, image: str = "nginx") -> Loaded:
    """The image's own configuration (with `-g`'s directives), as nginx reads it when nothing is
    mounted over /etc/nginx: the same for every tag of a repository."""
    return _repository_config(extra, image.split("@")[0].rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1]
                              else image.split("@")[0])


@lru_cache(maxsize=16)
def _repository_config(extra: str, repository: str) -> Loaded:
    fs = FileSystem()
    for rel, text in imagefiles.files(repository + ":latest").items():
        fs.root.add(rel, text)
    return load(fs, CONF, extra)


@dataclass(frozen=True)
class Answer:
    """What nginx answers a request: a status and either a body or a file to send."""

    status: int
    body: str | None = None
    file: str | None = None
    kind: str = "text/html"
    location: str | None = None
    proxy: tuple[str, str] | None = None
    """`proxy_pass`: the upstream (`host[:port]`) and the path sent to it."""


def answer(conf: Loaded, port: int | None, path: str) -> Answer:
    """How the loaded configuration answers `GET path` on `port`: its server for the port (the
    default_server, else the first), the location nginx picks (= exact, then the longest prefix
    unless a regex matches), then `return`, or a file under `root`/`alias` (`index` for a folder)."""
    servers = [s for s in conf.servers if port is None or port in s.ports] or list(conf.servers)
    if not servers:
        return Answer(404)
    server = next((s for s in servers if s.default), servers[0])
    loc = _pick(server.locations, path)
    chain = [dict(conf.settings), dict(server.settings), dict(loc.settings) if loc else {}]

    def setting(name: str):
        for level in reversed(chain):
            if name in level:
                return level[name]
        return None

    kind = (setting("default_type") or ("text/plain",))[0]
    ret = chain[1].get("return") or chain[2].get("return")
    if ret is not None:
        code = ret[0]
        if not code.isdigit():
            return Answer(302, location=code)
        text = ret[1] if len(ret) > 1 else None
        if int(code) in (301, 302, 303, 307, 308):
            return Answer(int(code), location=text)
        return Answer(int(code), body=text, kind=kind)
    upstream = chain[2].get("proxy_pass")
    if upstream is not None and loc is not None:
        host, sent = _proxied(upstream[0], loc, path)
        return Answer(0, proxy=(dict(conf.upstreams).get(host, host), sent))
    alias = chain[2].get("alias") if loc else None
    if alias is not None and loc is not None:
        full = alias[0].rstrip("/") + "/" + path[len(loc.path):].lstrip("/")
    else:
        root = (setting("root") or ("html",))[0]
        root = root if root.startswith("/") else posixpath.join(PREFIX, root)
        full = root.rstrip("/") + path
    index = (setting("index") or ("index.html",))
    return Answer(200, file=full if not full.endswith("/") else full + index[0])


def _proxied(url: str, loc: Location, path: str) -> tuple[str, str]:
    """Where `proxy_pass url` sends `path`: with a URI in the url, the location's prefix is
    replaced by it; without one, the path goes unchanged."""
    rest = url.split("://", 1)[-1]
    host, slash, uri = rest.partition("/")
    if not slash or loc.modifier in ("~", "~*"):
        return host, path
    return host, "/" + uri + path[len(loc.path):] if path.startswith(loc.path) else "/" + uri


def _pick(locations: tuple[Location, ...], path: str) -> Location | None:
    exact = next((loc for loc in locations if loc.modifier == "=" and loc.path == path), None)
    if exact is not None:
        return exact
    prefixes = [loc for loc in locations if loc.modifier in ("", "^~") and path.startswith(loc.path)]
    best = max(prefixes, key=lambda loc: len(loc.path), default=None)
    if best is not None and best.modifier == "^~":
        return best
    for loc in locations:
        if loc.modifier in ("~", "~*"):
            try:
                if re.search(loc.path, path, re.I if loc.modifier == "~*" else 0):
                    return loc
            except re.error:
                continue
    return best


# -- the process: start, signals --------------------------------------------------------------------
@dataclass(slots=True)
class Master:
    """nginx's master process in a container: what it loaded and its workers' pids."""

    conf: Loaded
    workers: range = range(0)
    """Consecutive pids (a range: one shared object, not a list of pids per container)."""
    next_pid: int = 0


@lru_cache(maxsize=256)
def _stamp(tick: int) -> str:
    return datetime_of(tick).strftime("%Y/%m/%d %H:%M:%S")


def _notice(tick: int, pid: int, text: str) -> str:
    return f"{_stamp(tick)} [notice] {pid}#{pid}: {text}"


def main_argv(c: Container) -> list[str] | None:
    """The nginx command line the container's main process runs (after the image's entrypoint
    wrapper), or None when it runs something else."""
    b = c.behavior
    if b is None or not is_nginx(str(c.spec.get("image", ""))):
        return None
    command, args = c.spec.get("command"), c.spec.get("args")
    if command:
        argv = [str(a) for a in [*command, *(args or [])]]
    else:
        argv = [str(a) for a in [*b.command[:b.entrypoint], *(args if args else b.command[b.entrypoint:])]]
    return argv or None


def _wrapped(argv: list[str]) -> tuple[bool, list[str]]:
    entry = posixpath.basename(argv[0]) == "docker-entrypoint.sh"
    return entry, argv[1:] if entry else argv


def runs_nginx(c: Container) -> bool:
    return launch(c)[0]


_launches: dict[tuple, tuple] = {}


def launch(c: Container) -> tuple[bool, bool, list[str], str, str]:
    """(runs nginx, through the entrypoint wrapper, nginx's own argv, its -c path, its -g
    directives) of the container's main process: the same for every container of a template,
    worked out once per image behaviour and command. The argv is read, never changed."""
    b, image = c.behavior, str(c.spec.get("image", ""))
    command, args = c.spec.get("command"), c.spec.get("args")
    return per_command(_launches, b, image, command, args, lambda: _launch_of(c))


def _launch_of(c: Container) -> tuple[bool, bool, list[str], str, str]:
    argv = main_argv(c)
    entry, prog = _wrapped(argv) if argv else (False, [])
    runs = argv is not None and bool(prog) and posixpath.basename(prog[0]) in ("nginx", "nginx-debug")
    conf_path = next((prog[i + 1] for i, a in enumerate(prog[:-1]) if a == "-c"), CONF)
    return runs, entry, prog, conf_path, _g(prog)


def _mounted_over(c: Container) -> bool:
    """Is anything mounted at, over or under /etc/nginx?"""
    for m in c.spec.get("volumeMounts") or ():
        raw = str(m.get("mountPath", ""))
        over = _over.get(raw)
        if over is None:
            path = raw.rstrip("/")
            over = keep(_over, raw, path == PREFIX or path.startswith(PREFIX + "/") or PREFIX.startswith(path + "/"),
                        1024)
        if over:
            return True
    return False


_over: dict = {}
"""mountPath -> whether it is /etc/nginx, under it or above it (every pod of a template mounts the same paths)."""


def _g(argv: list[str]) -> str:
    return next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "-g"), "")


def entrypoint_lines(c: Container) -> list[str]:
    """What /docker-entrypoint.sh prints before it execs nginx (to stdout): its scripts, as the
    image's tag ships them; 10-listen-on-ipv6 leaves a read-only default.conf alone."""
    if c.env.get("NGINX_ENTRYPOINT_QUIET_LOGS"):
        return []
    image = str(c.spec.get("image", ""))
    if c.fs is None or not (_mounted_over(c) or c.fs.uid != 0):
        return list(_packaged_entrypoint_lines(image))
    return _entrypoint_lines(image, c)


@lru_cache(maxsize=64)
def _packaged_entrypoint_lines(image: str) -> tuple[str, ...]:
    """The lines of an image whose /etc/nginx nothing is mounted over: the same for every
    container of the tag (one tuple, not a list per container)."""
    return tuple(_entrypoint_lines(image, None))


def _entrypoint_lines(image: str, c: Container | None) -> list[str]:
    d = _data()
    v = _key(version(image))
    if v < _key(d["entrypoint_since"]):
        return []
    me = "/docker-entrypoint.sh"
    lines = [f"{me}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
             f"{me}: Looking for shell scripts in /docker-entrypoint.d/"]
    for script in d["scripts"]:
        if v < _key(script["since"]):
            continue
        name = script["name"]
        lines.append(f"{me}: {'Sourcing' if script.get('sourced') else 'Launching'} /docker-entrypoint.d/{name}")
        if name.startswith("10-"):
            lines += _ipv6_lines(c, name) if c is not None else _packaged_ipv6_lines(name)
    return [*lines, f"{me}: Configuration complete; ready for start up"]


def _packaged_ipv6_lines(me: str) -> list[str]:
    return [f"{me}: info: Getting the checksum of {DEFAULT_CONF}",
            f"{me}: info: Enabled listen on IPv6 in {DEFAULT_CONF}"]


def _ipv6_lines(c: Container, me: str) -> list[str]:
    fs = c.fs
    if fs is None or not (_mounted_over(c) or fs.uid != 0):
        return _packaged_ipv6_lines(me)
    if not fs.is_file(DEFAULT_CONF):
        return [f"{me}: info: {DEFAULT_CONF} is not a file or does not exist"]
    try:
        fs.writable(DEFAULT_CONF)
        if not fs.may(DEFAULT_CONF, 2):
            raise FsError("Permission denied")
    except FsError:
        return [f"{me}: info: can not modify {DEFAULT_CONF} (read-only file system?)"]
    lines = [f"{me}: info: Getting the checksum of {DEFAULT_CONF}"]
    own = imagefiles.files(str(c.spec.get("image", ""))).get(DEFAULT_CONF.lstrip("/"))
    try:
        same = fs.read(DEFAULT_CONF) == own
    except FsError:
        same = False
    if not same:
        return [*lines, f"{me}: info: {DEFAULT_CONF} differs from the packaged version"]
    return [*lines, f"{me}: info: Enabled listen on IPv6 in {DEFAULT_CONF}"]


def _cpus(rt: PodRuntime, sim) -> int:
    node = sim.store.get("Node", None, rt.node) if sim is not None else None
    cpu = str((((node or {}).get("status") or {}).get("capacity") or {}).get("cpu", "2"))
    return max(1, int(cpu)) if cpu.isdigit() else 2


def _kernel(rt: PodRuntime, sim) -> str:
    node = sim.store.get("Node", None, rt.node) if sim is not None else None
    return ((node or {}).get("status") or {}).get("nodeInfo", {}).get("kernelVersion") or "6.8.0-1013-generic"


def start(sim, rt: PodRuntime, c: Container, tick: int,
          launched: tuple[bool, bool, list[str], str, str] | None = None) -> int | None:
    """The container's nginx starts at `tick`: its log lines, its loaded configuration and ports
    (c.nginx); the exit code when it does not stay up (a refused configuration: 1; nginx left to
    daemonize itself without `daemon off;`: 0), else None."""
    _, entry, prog, conf_path, extra = launch(c) if launched is None else launched
    if conf_path == CONF and (c.fs is None or c.fs.uid == 0 and not _mounted_over(c)):
        code = _start_packaged(sim, rt, c, tick, entry, extra)
        if not isinstance(code, str):
            return code
    lines = entrypoint_lines(c) if entry else []
    try:
        if c.fs is not None and (_mounted_over(c) or conf_path != CONF):
            conf = load(c.fs, conf_path, _g(prog))
        else:
            conf = _image_config(_g(prog), str(c.spec.get("image", "")))
    except ConfError as e:
        c.nginx = None
        c.logs, c.log_ticks = [], []
        _log(c, lines + [f"{_stamp(tick)} [emerg] 1#1: {e}", f"nginx: [emerg] {e}"], tick)
        return 1
    refused = _unprivileged(c.fs, conf_path, _g(prog), tick) if c.fs is not None and c.fs.uid != 0 else []
    if refused:
        c.nginx = None
        c.logs, c.log_ticks = [], []
        _log(c, lines + refused, tick)
        return 1
    master = Master(conf, next_pid=_data()["first_worker_pid"])
    c.nginx = master
    if conf.notices:
        lines += _start_notices(str(c.spec.get("image", "")), tick, _kernel(rt, sim))
    lines += _spawn(master, tick, conf.workers or _cpus(rt, sim))
    c.logs = _shared_lines(tuple(lines))
    c.log_ticks = _same_tick(tick, len(lines))
    return 0 if conf.daemon else None


_packaged_starts: dict[tuple, tuple] = {}
_nodes: dict[str, tuple] = {}


def _start_packaged(sim, rt: PodRuntime, c: Container, tick: int, entry: bool, extra: str) -> int | None | str:
    """`start` of an nginx that runs as root from the image's own configuration (nothing mounted
    over /etc/nginx, no `-c`): what it prints depends on the tag, `-g`, the node's size and
    kernel and the second only, so every such container started in the same second on a node
    alike shares one worked-out start; only its master (pids) is its own. "refused" when the
    configuration does not load (`start` then says why)."""
    image = str(c.spec.get("image", ""))
    node = sim.store.get("Node", None, rt.node) if sim is not None else None
    facts = _nodes.get(rt.node)
    if facts is None or facts[0] is not node:
        facts = keep(_nodes, rt.node, (node, _cpus(rt, sim), _kernel(rt, sim)), 4096)
    _, cpus, kernel = facts
    banner = entry and not c.env.get("NGINX_ENTRYPOINT_QUIET_LOGS")
    key = (image, banner, extra, tick, cpus, kernel)
    found = _packaged_starts.get(key)
    if found is None:
        try:
            conf = _image_config(extra, image)
        except ConfError:
            return "refused"
        lines = list(_packaged_entrypoint_lines(image)) if banner else []
        n = conf.workers or cpus
        first = _data()["first_worker_pid"]
        if conf.notices:
            lines += _start_notices(image, tick, kernel)
            if n:
                lines += _worker_notices(tick, first, n)
        found = keep(_packaged_starts, key, (conf, _shared_lines(tuple(lines)), _pids(first, n)), 1024)
    conf, logs, workers = found
    c.nginx = Master(conf, workers, workers.stop)
    c.logs = logs
    c.log_ticks = _same_tick(tick, len(logs))
    return 0 if conf.daemon else None


TEMP_ROOT = "/var/cache/nginx"


def _unprivileged(fs: FileSystem, conf_path: str, extra: str, tick: int) -> list[str]:
    """What nginx started as a user other than root (`runAsUser: 101`) prints before it gives up:
    `user` ignored, then its temp folder under /var/cache/nginx, root's in the image, cannot be
    made (unless a volume mounted there lets this user write). [] when it can start (nginx-
    unprivileged keeps its temp folders in /tmp)."""
    lines: list[str] = []
    tree = parse(fs, conf_path, extra).tree
    user = next((d for d in tree if d.name == "user"), None)
    if user is not None:
        warn = (f'the "user" directive makes sense only if the master process runs with super-user '
                f"privileges, ignored in {user.file}:{user.line}")
        lines += [f"{_stamp(tick)} [warn] 1#1: {warn}", f"nginx: [warn] {warn}"]
    http = next((d for d in _flat(tree) if d.name == "http"), None)
    temp = next((d.args[0] for d in _flat(http.block or []) if d.name == "client_body_temp_path"),
                TEMP_ROOT + "/client_temp") if http is not None else TEMP_ROOT + "/client_temp"
    parent = posixpath.dirname(temp)
    if fs.is_dir(temp) or (fs.is_dir(parent) and fs.may(parent, 2) and fs.may(parent, 1)):
        return []
    emerg = f'mkdir() "{temp}" failed (13: Permission denied)'
    return [*lines, f"{_stamp(tick)} [emerg] 1#1: {emerg}", f"nginx: [emerg] {emerg}"]


_start_logs: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple for every nginx that printed the same start (same tag, node size and second):
    the kubelet copies a container's log to a list only when more is printed to it (`_drain`)."""
    found = _start_logs.get(lines)
    if found is None:
        found = keep(_start_logs, lines, lines, 4096)
    return found


@lru_cache(maxsize=256)
def _same_tick(tick: int, n: int) -> tuple[int, ...]:
    return (tick,) * n


@lru_cache(maxsize=64)
def _start_notices(image: str, tick: int, kernel: str) -> tuple[str, ...]:
    """nginx's first notices (one tuple for every nginx of a tag started in the same second)."""
    return tuple(_notice(tick, 1, t) for t in (
        'using the "epoll" event method', f"nginx/{version(image)}", f"built by gcc {compiler(image)} ",
        f"OS: Linux {kernel}", f"getrlimit(RLIMIT_NOFILE): {_data()['rlimit_nofile']}", "start worker processes"))


@lru_cache(maxsize=64)
def _worker_notices(tick: int, first: int, n: int) -> tuple[str, ...]:
    return tuple(_notice(tick, 1, f"start worker process {pid}") for pid in range(first, first + n))


@lru_cache(maxsize=256)
def _pids(first: int, n: int) -> range:
    return range(first, first + n)


def _spawn(master: Master, tick: int, n: int) -> list[str]:
    master.workers = _pids(master.next_pid, n)
    master.next_pid += n
    return list(_worker_notices(tick, master.workers[0], n)) if master.conf.notices and n else []


def _log(c: Container, lines: list[str], tick: int) -> None:
    settle_probe_lines(c, tick)
    logs = [*c.logs, *lines]
    ticks = [*c.log_ticks[:len(logs) - len(lines)], *[tick] * len(lines)]
    c.logs, c.log_ticks = logs[-LOG_LINES:], ticks[-LOG_LINES:]


SIGNALS = {"reload": (1, "SIGHUP"), "quit": (3, "SIGQUIT"), "stop": (15, "SIGTERM"), "reopen": (10, "SIGUSR1")}


def signal(sim, rt: PodRuntime, c: Container, name: str, sender: int, tick: int, fs: FileSystem) -> None:
    """The master gets `nginx -s NAME`'s signal: reload re-reads the configuration (a refused one
    keeps the old, with the `[emerg]` in the log); quit and stop end it, and the container."""
    master = c.nginx
    assert master is not None
    num, sig = SIGNALS[name]
    notes = master.conf.notices
    lines = []
    old = master.workers
    if name == "reload":
        lines.append(f"signal {num} ({sig}) received from {sender}, reconfiguring")
        lines.append("reconfiguring")
        try:
            new = load(fs)
        except ConfError as e:
            _log(c, [f"{_stamp(tick)} [emerg] 1#1: {e}"], tick)
            return
        master.conf = new
        c.behavior = c.behavior.model_copy(update={"ports": new.ports}) if c.behavior is not None else None
        lines += ['using the "epoll" event method', "start worker processes"]
        out = [_notice(tick, 1, t) for t in lines] if notes else []
        out += _spawn(master, tick, new.workers or _cpus(rt, sim))
        for pid in old:
            out += [_notice(tick, pid, t) for t in ("gracefully shutting down", "exiting", "exit")] if notes else []
        for pid in old:
            out += [_notice(tick, 1, t) for t in (f"signal 17 (SIGCHLD) received from {pid}",
                                                    f"worker process {pid} exited with code 0",
                                                    "signal 29 (SIGIO) received")] if notes else []
        _log(c, out, tick)
        return
    if name == "reopen":
        _log(c, [_notice(tick, 1, t) for t in (f"signal {num} ({sig}) received from {sender}, reopening logs",
                                                "reopening logs")] if notes else [], tick)
        return
    _log(c, _shutdown(master, tick, name == "quit", sender) if notes else [], tick)
    master.workers = range(0)
    c.probe_logs = ()
    sim.kubelet.exit_soon(rt, c, 0)


def _shutdown(master: Master, tick: int, graceful: bool, sender: int | None = None) -> list[str]:
    """What nginx logs as SIGQUIT (graceful: the workers finish first) or SIGTERM (fast) ends it,
    from `nginx -s quit|stop` (`sender`: its pid) or from the runtime, outside the container's pid
    namespace (no sender, as nginx prints it)."""
    num, sig = SIGNALS["quit" if graceful else "stop"]
    why = "shutting down" if graceful else "exiting"
    source = f" from {sender}" if sender is not None else ""
    out = [_notice(tick, 1, f"signal {num} ({sig}) received{source}, {why}")]
    for pid in master.workers:
        out += [_notice(tick, pid, t) for t in (("gracefully shutting down", "exiting", "exit") if graceful
                                                 else ("exiting", "exit"))]
    for pid in master.workers:
        out += [_notice(tick, 1, f"signal 17 (SIGCHLD) received from {pid}"),
                _notice(tick, 1, f"worker process {pid} exited with code 0")]
    out.append(_notice(tick, 1, "exit"))
    return out


def stop_signal(image: str) -> str:
    """The image's STOPSIGNAL (nginx.yaml `stop_signal`): SIGQUIT since the tags built after
    docker-nginx switched to it, SIGTERM before."""
    d = _data()["stop_signal"]
    v = _key(version(image))
    quits = v >= _key(d["since"]) or any(v[:len(_key(s))] == _key(s) for s in d.get("rebuilt", ()))
    return "SIGQUIT" if quits else "SIGTERM"


def stopped(c: Container, tick: int) -> None:
    """The runtime stops the container (the pod is deleted, a probe failed) with the image's
    STOPSIGNAL: nginx shuts down (gracefully on SIGQUIT, the workers first) and exits 0. Its
    lines are in the log while the pod is Terminating."""
    master = c.nginx
    if master is None or not master.workers:
        return
    graceful = stop_signal(str(c.spec.get("image", ""))) == "SIGQUIT"
    _log(c, _shutdown(master, tick, graceful) if master.conf.notices else [], tick)
    master.workers = range(0)
    c.probe_logs = ()


# -- the `nginx` command in a shell ---------------------------------------------------------------
USAGE = """Usage: nginx [-?hvVtTq] [-s signal] [-p prefix]
             [-e filename] [-c filename] [-g directives]

Options:
  -?,-h         : this help
  -v            : show version and exit
  -V            : show version and configure options then exit
  -t            : test configuration and exit
  -T            : test configuration, dump it and exit
  -q            : suppress non-error messages during configuration testing
  -s signal     : send signal to a master process: stop, quit, reopen, reload
  -p prefix     : set prefix path (default: /etc/nginx/)
  -e filename   : set error log file (default: /var/log/nginx/error.log)
  -c filename   : set configuration file (default: /etc/nginx/nginx.conf)
  -g directives : set global directives out of configuration file
"""


def _find(r: Run) -> tuple[object, PodRuntime, Container] | None:
    """The container this shell runs in (the one whose filesystem it sees), for signals."""
    client = r.m.context.get("net")
    sim = getattr(client, "sim", None)
    if client is None or sim is None:
        return None
    rt = sim.kubelet.runtime(client.namespace, client.name)
    c = next((c for c in (rt.containers if rt else ()) if c.fs is r.m.fs), None)
    return (sim, rt, c) if rt is not None and c is not None else None


@applet("nginx", "nginx-debug")
def nginx_command(r: Run) -> int:
    if not is_nginx(str(r.m.context.get("image", ""))):
        r.err(f"sh: {r.argv[0]}: not found\n")
        return 127
    image = str(r.m.context.get("image", ""))
    opts: dict[str, str] = {}
    args = r.argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if not a.startswith("-") or len(a) < 2:
            r.err(f'nginx: invalid option: "{a}"\n')
            return 1
        for k, ch in enumerate(a[1:]):
            if ch in "?hvVtTq":
                opts[ch] = ""
            elif ch in "spceg":
                value = a[k + 2:] or (args[i + 1] if i + 1 < len(args) else None)
                if value is None:
                    r.err(f'nginx: option "-{ch}" requires {_NEEDS[ch]}\n')
                    return 1
                if not a[k + 2:]:
                    i += 1
                opts[ch] = value
                break
            else:
                r.err(f'nginx: invalid option: "{a[k + 1:]}"\n')
                return 1
        i += 1
    v = version(image)
    if "v" in opts or "V" in opts or "?" in opts or "h" in opts:
        r.err(f"nginx version: nginx/{v}\n")
        if "V" in opts:
            d = _data()
            r.err(f"built by gcc {compiler(image)} \nbuilt with {d['openssl'][distro(image)]}\n"
                  f"TLS SNI support enabled\nconfigure arguments: {d['configure']}\n")
        elif "?" in opts or "h" in opts:
            r.err(USAGE)
        return 0
    conf = posixpath.normpath(posixpath.join(PREFIX, opts["c"])) if "c" in opts else CONF
    if "s" in opts and opts["s"] not in SIGNALS:
        r.err(f'nginx: invalid option: "-s {opts["s"]}"\n')
        return 1
    stamp = _stamp(r.m.now)
    try:
        parsed = parse(r.m.fs, conf, opts.get("g", ""))
    except ConfError as e:
        if "s" in opts:
            r.err(f"nginx: [emerg] {e}\n")
            return 1
        r.err(f"nginx: [emerg] {e}\n")
        if "t" in opts or "T" in opts:
            r.err(f"nginx: configuration file {conf} test failed\n")
        return 1
    if "t" in opts or "T" in opts:
        if "q" not in opts:
            r.err(f"nginx: the configuration file {conf} syntax is ok\n"
                  f"nginx: configuration file {conf} test is successful\n")
        if "T" in opts:
            for path, text in parsed.files:
                r.out(f"# configuration file {path}:\n{text}\n")
        return 0
    found = _find(r)
    master = found[2].nginx if found is not None else None
    if "s" in opts:
        if master is None or not master.workers and opts["s"] != "reload":
            pid = next((d.args[0] for d in _flat(parsed.tree) if d.name == "pid"), "/var/run/nginx.pid")
            r.err(f'{stamp} [notice] 1#1: signal process started\n'
                  f'{stamp} [error] 1#1: open() "{pid}" failed (2: No such file or directory)\n'
                  f'nginx: [error] open() "{pid}" failed (2: No such file or directory)\n')
            return 1
        assert found is not None
        sim, rt, c = found
        sender = master.next_pid
        master.next_pid += 1
        r.err(f"{stamp} [notice] {sender}#{sender}: signal process started\n")
        signal(sim, rt, c, opts["s"], sender, r.m.now, r.m.fs)
        return 0
    if master is not None:
        lines = [f"nginx: [emerg] bind() to {a}:{p} failed (98: Address already in use)"
                 for p in master.conf.ports for a in ("0.0.0.0", "[::]")]
        r.err("\n".join(lines * 5) + "\nnginx: [emerg] still could not bind()\n")
        return 1
    return 0


_NEEDS = {"s": "signal name", "p": "prefix path", "c": "file name", "e": "file name", "g": "directives"}
