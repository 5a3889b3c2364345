"""What the app in a pod answers to an HTTP request: the one place the simulated apps speak HTTP.

Every client reaches it the same way: `wget`/`curl`/`nc` in a container (client.py), `kubectl
port-forward` from the API server or the player's machine. nginx serves the files under its
html folder (its welcome page unless something replaced it) and nginx's 404 page otherwise;
httpd the files of its htdocs folder ("It works!"); Google's hello-app its greeting; any other
app a line naming the pod.
Apps that speak another protocol on the port (Redis, PostgreSQL...) send no HTTP reply.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from kubetui.engine.kubelet import imagefiles
from kubetui.model.clock import datetime_of

HTTPD_NOT_FOUND = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
                   "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
                   "</body></html>\n")
NOT_HTTP = frozenset({6379, 5432, 3306, 11211, 27017, 5672, 2379, 9092, 53})
"""Ports whose apps speak a protocol of their own (Redis, PostgreSQL, MySQL, memcached...)."""
REASONS = {200: "OK", 206: "Partial Content", 301: "Moved Permanently", 302: "Moved Temporarily", 304: "Not Modified",
           403: "Forbidden", 404: "Not Found", 405: "Not Allowed", 416: "Requested Range Not Satisfiable",
           502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}
PROXY_HOPS = 8
"""nginx proxying to nginx proxying...: past this many hops the request is a 502 (a loop)."""


@dataclass(frozen=True)
class Reply:
    """An HTTP response: status, headers in order, body."""

    status: int
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    body: str = ""

    @property
    def status_line(self) -> str:
        return f"HTTP/1.1 {self.status} {REASONS.get(self.status, '')}".rstrip()

    def head(self) -> str:
        """The status line and headers, one a line, as curl -I prints them."""
        return "".join(f"{line}\n" for line in [self.status_line, *(f"{k}: {v}" for k, v in self.headers)]) + "\n"

    def raw(self, head_only: bool = False) -> bytes:
        """The bytes on the wire."""
        text = self.head().replace("\n", "\r\n") + ("" if head_only else self.body)
        return text.encode("utf-8", "surrogateescape")


def _length(body: str) -> int:
    """Content-Length: the body's bytes (a file served may hold any, as surrogate escapes)."""
    return len(body.encode("utf-8", "surrogateescape"))


def nginx_error(status: int, tick: int, server: str = "nginx") -> Reply:
    """nginx's own error page (404, 503...), as ingress-nginx and nginx send it; `server` is what
    it names itself (the image's nginx has server_tokens on: `nginx/1.27.5`; ingress-nginx off)."""
    text = f"{status} {REASONS.get(status, '')}".rstrip()
    page = (f"<html>\n<head><title>{text}</title></head>\n<body>\n<center><h1>{text}</h1></center>\n"
            f"<hr><center>{server}</center>\n</body>\n</html>\n")
    return _reply(status, page, server, "text/html", tick)


def app_reply(sim, pod: dict, port: int | None = None, method: str = "GET", path: str = "/",
              asked: str = "") -> Reply | None:
    """What the app in `pod` answers on `port` to `method path` (`asked`: the request's headers
    besides Host, one `Name: value` a line); None when it speaks no HTTP."""
    if port in NOT_HTTP:
        return None
    tick = sim.tick
    c = _serving(sim, pod, port)
    spec = c.spec if c is not None else _first_spec(pod)
    image = str(spec.get("image", ""))
    repo = image.split("@")[0].rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image.split("@")[0]
    name = repo.rsplit("/", 1)[-1]
    path = "/" + path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    if "nginx" in name and "ingress" not in repo:
        from kubetui.engine.kubelet import nginx

        server = f"nginx/{nginx.version(image)}"
        master = c.nginx if c is not None else None
        if master is not None:
            return conditional(_nginx_reply(c, master.conf, port, path, method, server, tick, (sim, pod)),
                               method, asked, tick)
        page = _served_file(c, "nginx", path)
        if page is None:
            return nginx_error(404, tick, server)
        full = _served_path(c, "nginx", path)
        return conditional(_reply(200, "" if method == "HEAD" else page, server, "text/html", tick, len(page.encode()),
                                  modified=c.fs.mtime(full) if c is not None and c.fs is not None and full else 0),
                           method, asked, tick)
    if name == "httpd":
        page = _served_file(c, "httpd", path)
        if page is not None:
            return _reply(200, "" if method == "HEAD" else page, "Apache/2.4", "text/html", tick, len(page.encode()))
        return _reply(404, HTTPD_NOT_FOUND, "Apache/2.4", "text/html; charset=iso-8859-1", tick)
    pod_name = pod["metadata"]["name"]
    if name == "hello-app":
        version = "2.0.0" if image.endswith(":2.0") else "1.0.0"
        body = f"Hello, world!\nVersion: {version}\nHostname: {pod_name}\n"
    else:
        body = f"Hello from {pod_name}\n"
    return _reply(200, "" if method == "HEAD" else body, "", "text/plain; charset=utf-8", tick, _length(body))


def _nginx_reply(c, conf, port: int | None, path: str, method: str, server: str, tick: int,
                 where: tuple | None = None) -> Reply:
    """What nginx answers as the configuration it loaded says: `return`, a file under its root, or
    what the upstream of `proxy_pass` answered (`where`: the simulation and nginx's pod)."""
    from kubetui.engine.kubelet import nginx
    from kubetui.engine.kubelet.shell import FsError

    clean = posixpath.normpath(path)
    got = nginx.answer(conf, port, clean + ("/" if path.endswith("/") and clean != "/" else ""))
    if got.proxy is not None:
        return _proxy(c, where, got.proxy, method, server, tick)
    if got.location is not None or got.status in (301, 302, 303, 307, 308):
        reply = nginx_error(got.status, tick, server)
        headers = (*reply.headers, ("Location", got.location or ""))
        return Reply(reply.status, headers, reply.body)
    if got.file is None:
        if got.body is None:
            return nginx_error(got.status, tick, server)
        return _reply(got.status, "" if method == "HEAD" else got.body, server, got.kind, tick, _length(got.body))
    page, modified = None, 0
    if c.fs is not None:
        try:
            full = got.file.rstrip("/") + "/index.html" if c.fs.is_dir(got.file) else got.file
            page = c.fs.read(full)
            modified = c.fs.mtime(full)
        except FsError:
            page = None
    elif got.file.startswith(imagefiles.html_root("nginx") + "/"):
        rel = got.file[len(imagefiles.html_root("nginx")) + 1:]
        page = imagefiles.page("nginx", rel or "index.html")
    if page is None:
        return nginx_error(404, tick, server)
    return _reply(200, "" if method == "HEAD" else page, server, "text/html", tick, len(page.encode()),
                  modified=modified)


def conditional(reply: Reply, method: str, asked: str, tick: int) -> Reply:
    """nginx's not-modified and range filters over a file it sends (a 200 with an ETag):
    `If-None-Match` naming its ETag (or `*`), else `If-Modified-Since` equal to its Last-Modified
    (`if_modified_since exact`), answer 304 with no body, type, length or Accept-Ranges; one
    `Range: bytes=…` answers 206 with that part and Content-Range, or 416 when it starts past
    the end. Other requests get the file as it was."""
    if reply.status != 200 or method not in ("GET", "HEAD"):
        return reply
    have = dict(reply.headers)
    etag = have.get("ETag")
    if etag is None:
        return reply
    request = {}
    for line in asked.replace("\r\n", "\n").split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            request[name.strip().lower()] = value.strip()
    match = request.get("if-none-match")
    since = request.get("if-modified-since")
    if (match is not None and (match == "*" or etag in [t.strip().removeprefix("W/") for t in match.split(",")])) \
            or (match is None and since is not None and since == have.get("Last-Modified")):
        return Reply(304, tuple((k, v) for k, v in reply.headers if k not in ("Content-Type", "Content-Length",
                                                                              "Accept-Ranges")), "")
    wanted = request.get("range", "")
    span = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", wanted)
    if not wanted or span is None or span.group(1) == span.group(2) == "":
        return reply
    size = int(have.get("Content-Length", "0"))
    first, last = span.group(1), span.group(2)
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return reply
    else:
        start, end = max(0, size - int(last)), size - 1
    if start >= size or (not first and int(last) == 0):
        error = nginx_error(416, tick, have.get("Server", "nginx"))
        return Reply(416, (*error.headers, ("Content-Range", f"bytes */{size}")), error.body if method == "GET" else "")
    part = reply.body.encode("utf-8", "surrogateescape")[start:end + 1].decode("utf-8", "surrogateescape")
    headers = [(k, str(end - start + 1) if k == "Content-Length" else v) for k, v in reply.headers
               if k != "Accept-Ranges"]
    return Reply(206, (*headers, ("Content-Range", f"bytes {start}-{end}/{size}")), part)


_hops = [0]


def _proxy(c, where: tuple | None, upstream: tuple[str, str], method: str, server: str, tick: int) -> Reply:
    """nginx as a reverse proxy: the upstream's status, type and body under nginx's own Server
    header; 502 when the upstream refuses, speaks no HTTP or does not resolve, 504 when its
    packets are dropped."""
    from kubetui.engine.network.client import PodClient

    if where is None or _hops[0] >= PROXY_HOPS:
        return nginx_error(502, tick, server)
    sim, pod = where
    host, path = upstream
    name, _, port = host.partition(":")
    client = PodClient(sim, pod["metadata"]["namespace"], pod["metadata"]["name"])
    address = client.resolve(name, c.fs if c is not None else None)
    if address is None or (port and not port.isdigit()):
        return nginx_error(502, tick, server)
    conn = client.connect(address, int(port or 80))
    if conn.state != "open":
        return nginx_error(504 if conn.state == "timeout" else 502, tick, server)
    _hops[0] += 1
    try:
        got = client.request(conn, method, path, host=name)
    finally:
        _hops[0] -= 1
    if got is None:
        return nginx_error(502, tick, server)
    headers = dict(got.headers)
    length = headers.get("Content-Length", "")
    return _reply(got.status, got.body, server, headers.get("Content-Type", "text/html"), tick,
                  int(length) if length.isdigit() else None)


def access_log(sim, pod: dict, port: int | None, method: str, path: str, reply: Reply, agent: str,
               client: str):
    """nginx's access log line for a request it answered (its `main` log_format), written to the
    container's output as the image links access.log to stdout: `kubectl logs` shows it."""
    from kubetui.engine.kubelet.containers import LOG_LINES, settle_probe_lines

    c = _serving(sim, pod, port)
    if c is None or imagefiles.family(str(c.spec.get("image", ""))) != "nginx":
        return None
    head, tail = access_parts(method, path, reply, agent, client)
    settle_probe_lines(c, sim.tick)
    logs = [*c.logs, f"{head}{datetime_of(sim.tick).strftime('%d/%b/%Y:%H:%M:%S +0000')}{tail}"]
    ticks = [*c.log_ticks[:len(logs) - 1], sim.tick]
    c.logs, c.log_ticks = logs[-LOG_LINES:], ticks[-LOG_LINES:]
    return c


def access_parts(method: str, path: str, reply: Reply, agent: str, client: str) -> tuple[str, str]:
    """nginx's access log line (`main` format) before and after its time."""
    ua = next((line.split(":", 1)[1].strip() for line in agent.split("\r\n")
               if line.lower().startswith("user-agent:")), "-") or "-"
    sent = dict(reply.headers).get("Content-Length", str(len(reply.body.encode())))
    return (f"{client} - - [", f'] "{method} {path} HTTP/1.1" {reply.status} '
                               f'{sent if method != "HEAD" else 0} "-" "{ua}" "-"')


def _reply(status: int, body: str, server: str, kind: str, tick: int, length: int | None = None,
           modified: int | None = None) -> Reply:
    """`modified`: nginx sends a file (the tick it was last written): Last-Modified, an ETag of
    that time and the size ("hex seconds-hex bytes", nginx's form), Accept-Ranges."""
    date = datetime_of(tick).strftime("%a, %d %b %Y %H:%M:%S GMT")
    size = _length(body) if length is None else length
    headers = [("Server", server)] if server else []
    headers += [("Date", date), ("Content-Type", kind), ("Content-Length", str(size))]
    if modified is not None:
        headers.append(("Last-Modified", datetime_of(modified).strftime("%a, %d %b %Y %H:%M:%S GMT")))
    headers.append(("Connection", "keep-alive" if server.startswith("nginx") else "close"))
    if modified is not None:
        seconds = int(datetime_of(modified).timestamp())
        headers += [("ETag", f'"{seconds:x}-{size:x}"'), ("Accept-Ranges", "bytes")]
    return Reply(status, tuple(headers), body)


def _first_spec(pod: dict) -> dict:
    return ((pod.get("spec") or {}).get("containers") or [{}])[0]


def _serving(sim, pod: dict, port: int | None):
    """The running app container that listens on `port` (the first app container otherwise)."""
    rt = sim.kubelet.runtime(pod["metadata"]["namespace"], pod["metadata"]["name"])
    apps = [c for c in (rt.containers if rt is not None else []) if not c.init and c.state == "running"]
    for c in apps:
        if port is not None and c.behavior is not None and port in c.behavior.ports:
            return c
    for c in apps:
        if port is not None and any(p.get("containerPort") == port for p in c.spec.get("ports") or ()):
            return c
    return apps[0] if apps else None


def _served_path(c, server: str, path: str) -> str | None:
    """The path of the file `_served_file` reads in the container (None outside the html folder)."""
    root = imagefiles.html_root(server)
    full = posixpath.normpath(root + path)
    if c is None or c.fs is None or not (full + "/").startswith(root + "/"):
        return None
    return full.rstrip("/") + "/index.html" if c.fs.is_dir(full) else full


def _served_file(c, server: str, path: str) -> str | None:
    """The file the web server of imagefiles.yaml's `server` serves for `path` from its html
    folder in the container (`index.html` for a folder); the image's own before anyone looked."""
    from kubetui.engine.kubelet.shell import FsError

    root = imagefiles.html_root(server)
    if c is None or c.fs is None:
        return imagefiles.page(server, "index.html" if path in ("/", "/index.html") else path)
    full = posixpath.normpath(root + path)
    if not (full + "/").startswith(root + "/"):
        return None
    try:
        if c.fs.is_dir(full):
            full = full.rstrip("/") + "/index.html"
        return c.fs.read(full)
    except FsError:
        return None


def static_reply(status: int, page: str, server: str, kind: str, tick: int, method: str = "GET") -> Reply:
    """A web server's reply with a file (or its error page): the body's length whatever the method."""
    return _reply(status, "" if method == "HEAD" else page, server, kind, tick, len(page.encode()))


def parse_reply(text: str) -> Reply | None:
    """What a program sent back on a connection (`nc -l`'s input), read as an HTTP response;
    None when it is not one."""
    if not text.startswith("HTTP/"):
        return None
    norm = text.replace("\r\n", "\n")
    head, _, body = norm.partition("\n\n")
    lines = head.split("\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    headers = tuple((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:]) if k.strip())
    return Reply(int(parts[1]), headers, body)
