"""`wget` (busybox 1.36), `curl` (8.x) and `nc` (busybox) over the simulated network.

Each resolves its host through the pod's resolver and connects as the pod (the `net` the
kubelet puts in the shell's context: engine/network/client.py), then prints what the real tool
prints: the app's reply, or the tool's own words for a name that does not resolve, a refused
connection or one whose packets are dropped. A connection that times out takes its time in
simulated seconds: the shell waits, then prints the error.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass

from kubetui.engine.kubelet.shell.applets import Run, applet
from kubetui.engine.kubelet.shell.fs import FsError, as_text, byte_len
from kubetui.model.clock import datetime_of

KERNEL_TIMEOUT = 130
"""Seconds the kernel retries a connection whose packets are dropped before it gives up."""
WGET_USAGE = ("BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] "
              "[--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] "
              "[-P DIR] [-U AGENT] [-T SEC] URL...\n")
CURL_TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n"
NC_USAGE = ("BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n"
            "nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n")
NO_CURL = frozenset({"busybox", "alpine", "ubuntu", "debian", "registry.k8s.io/busybox", "k8s.gcr.io/busybox"})
"""Images without curl (busybox's applets have none; the bare distributions ship none)."""


def _url(text: str) -> tuple[str, str, str, int, str]:
    """(scheme, host, host[:port] as written, port, path) of a URL (http when it names none)."""
    m = re.match(r"^(?:([A-Za-z][\w+.-]*)://)?([^/?#]*)(.*)$", text)
    assert m is not None
    scheme = (m.group(1) or "http").lower()
    hostport = m.group(2).rpartition("@")[2]
    if hostport.startswith("["):
        host, _, rest = hostport[1:].partition("]")
        port_text = rest.lstrip(":")
    else:
        host, _, port_text = hostport.partition(":")
    port = int(port_text) if port_text.isdigit() else (443 if scheme == "https" else 80)
    path = m.group(3) or "/"
    return scheme, host, hostport, port, path if path.startswith("/") else "/" + path


def _net(r: Run):
    return r.m.context.get("net")


def _seconds(text: str) -> int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return max(0, int(value + 0.999)) if value == value else None


def _wait(r: Run, seconds: int) -> None:
    """The program blocks for `seconds` of simulated time."""
    r.m.pending_sleep += seconds


def _request_headers(defaults: list[tuple[str, str]], given: list[str]) -> list[tuple[str, str]]:
    """The headers a client sends besides Host: its own, each replaced by a `-H`/`--header` of
    that name, then the others given, in their order (`If-None-Match`, `Range`...)."""
    extra = [(n.strip(), v.strip()) for n, _, v in (h.partition(":") for h in given)
             if n.strip() and n.strip().lower() != "host"]
    named = {n.lower(): (n, v) for n, v in extra}
    out = [named.pop(k.lower(), (k, v)) for k, v in defaults]
    return out + [(n, v) for n, v in extra if n.lower() in named and named[n.lower()] == (n, v)]


def _header_host(headers: list[str]) -> str | None:
    for h in headers:
        name, _, value = h.partition(":")
        if name.strip().lower() == "host":
            return value.strip()
    return None


def _size5(n: int) -> str:
    return str(n) if n < 100000 else f"{n // 1024}k"


@dataclass(frozen=True)
class Getopt:
    """One tool's options, parsed getopt-style (bundled short flags, `-Ovalue`, `--name=value`,
    `--name value`), with its own words for what it does not take."""

    flags: dict[str, str]
    """Option (short or long) -> the key it sets to True."""
    values: dict[str, str]
    """Option taking a value -> its key."""
    listed: str
    """The key whose values add up (a header given several times)."""
    unknown_long: str
    long_needs: str
    unknown_short: str
    short_needs: str
    then: str
    """What follows each message (the usage, or where to read more)."""
    code: int
    dashdash: bool = False
    """`--` ends the options."""

    def parse(self, r: Run) -> tuple[dict, list[str], list[str]] | int:
        """(options, the listed values, the operands), or the exit code after the tool's message."""
        opts: dict = {}
        listed: list[str] = []
        operands: list[str] = []
        args = r.argv[1:]
        i = 0

        def value_for(key: str, value: str) -> None:
            if key == self.listed:
                listed.append(value)
            else:
                opts[key] = value

        def refuse(template: str, **words: str) -> int:
            r.err(template.format(**words) + "\n" + self.then)
            return self.code
        while i < len(args):
            a = args[i]
            i += 1
            if a == "--" and self.dashdash:
                operands.extend(args[i:])
                break
            if a.startswith("--") and len(a) > 2:
                name, eq, value = a[2:].partition("=")
                if name in self.flags:
                    opts[self.flags[name]] = True
                    continue
                if name not in self.values:
                    return refuse(self.unknown_long, a=a, name=name)
                if not eq:
                    if i >= len(args):
                        return refuse(self.long_needs, a=a, name=name)
                    value, i = args[i], i + 1
                value_for(self.values[name], value)
                continue
            if a.startswith("-") and len(a) > 1:
                for j, ch in enumerate(a[1:], 1):
                    if ch in self.flags:
                        opts[self.flags[ch]] = True
                        continue
                    if ch not in self.values:
                        return refuse(self.unknown_short, ch=ch)
                    value = a[j + 1:]
                    if not value:
                        if i >= len(args):
                            return refuse(self.short_needs, ch=ch)
                        value, i = args[i], i + 1
                    value_for(self.values[ch], value)
                    break
                continue
            operands.append(a)
        return opts, listed, operands


def short_options(tool: str, flags: str, values: str, usage: str) -> Getopt:
    """A busybox applet's options when it takes short ones only (`-fp 8080`), with getopt's words."""
    return Getopt({c: c for c in flags}, {c: c for c in values}, "", f"{tool}: unrecognized option '{{a}}'",
                  f"{tool}: option '--{{name}}' requires an argument", f"{tool}: invalid option -- '{{ch}}'",
                  f"{tool}: option requires an argument -- '{{ch}}'", usage, 1)


# -- wget ------------------------------------------------------------------------------------
_WGET_VALUE = {"O": "O", "o": "o", "P": "P", "Y": "Y", "U": "U", "T": "T", "t": "t",
               "output-document": "O", "output-file": "o", "directory-prefix": "P", "proxy": "Y",
               "user-agent": "U", "timeout": "T", "tries": "t", "header": "header", "post-data": "post-data",
               "post-file": "post-file"}
_WGET_FLAG = {"c": "c", "q": "q", "S": "S", "s": "spider", "continue": "c", "quiet": "q", "server-response": "S",
              "spider": "spider", "no-check-certificate": "k", "no-verbose": "q"}


WGET_OPTIONS = Getopt(_WGET_FLAG, _WGET_VALUE, "header", "wget: unrecognized option '{a}'",
                      "wget: option '--{name}' requires an argument", "wget: invalid option -- '{ch}'",
                      "wget: option requires an argument -- '{ch}'", WGET_USAGE, 1, dashdash=True)


def _wget_progress(name: str, size: int) -> str:
    return f"{name[:20]:<20}{100:4d}% |{'*' * 32}| {_size5(size):>5}  0:00:00 ETA\n"


@applet("wget")
def wget(r: Run) -> int:
    parsed = WGET_OPTIONS.parse(r)
    if isinstance(parsed, int):
        return parsed
    opts, headers, urls = parsed
    if not urls:
        r.err(WGET_USAGE)
        return 1
    timeout = _seconds(str(opts.get("T", "900")))
    if timeout is None:
        return r.fail(f"invalid number '{opts['T']}'")
    code = 0
    for url in urls:
        code = _wget_one(r, url, opts, headers, timeout)
        if code:
            return code
    return code


def _wget_one(r: Run, url: str, opts: dict, headers: list[str], timeout: int) -> int:
    quiet = bool(opts.get("q"))
    scheme, host, hostport, port, path = _url(url)
    if scheme not in ("http", "https", "ftp"):
        return r.fail(f"not an http or ftp url: {url}")
    net = _net(r)
    address = net.resolve(host, r.m.fs) if net is not None and host else None
    if address is None:
        return r.fail(f"bad address '{hostport}'")
    if not quiet:
        r.err(f"Connecting to {hostport} ({address}:{port})\n")
    conn = net.connect(address, port)
    if conn.state == "refused":
        return r.fail(f"can't connect to remote host ({address}): Connection refused")
    if conn.state == "timeout":
        waited = min(timeout, KERNEL_TIMEOUT) if timeout else KERNEL_TIMEOUT
        _wait(r, waited)
        r.m.write_later(2, "wget: download timed out\n" if timeout and timeout <= KERNEL_TIMEOUT else
                        f"wget: can't connect to remote host ({address}): Connection timed out\n", r.local)
        return 1
    if scheme != "http":
        return r.fail("error getting response: Connection reset by peer")
    method = "HEAD" if opts.get("spider") else ("POST" if "post-data" in opts or "post-file" in opts else "GET")
    sent = _request_headers([("User-Agent", "Wget"), ("Connection", "close")], headers)
    reply = net.request(conn, method, path, _header_host(headers) or hostport, "".join(f"{k}: {v}\r\n" for k, v in sent))
    if reply is None:
        return r.fail("error getting response: Connection reset by peer")
    if opts.get("S"):
        r.err("".join(f"  {line}\n" for line in reply.head().splitlines() if line))
    if not 200 <= reply.status < 300 or reply.status == 206 and not opts.get("c"):
        return r.fail(f"server returned error: {reply.status_line}")
    if opts.get("spider"):
        if not quiet:
            r.err("remote file exists\n")
        return 0
    size = byte_len(reply.body)
    target = opts.get("O")
    if target == "-":
        if not quiet:
            r.err("writing to stdout\n")
        r.out(reply.body)
        if not quiet:
            r.err(_wget_progress("-", size) + "written to stdout\n")
        return 0
    name = target or posixpath.basename(path.split("?")[0]) or "index.html"
    if target is None and opts.get("P"):
        name = posixpath.join(str(opts["P"]), name)
    full = r.path(name)
    if target is None and not opts.get("c") and r.m.fs.exists(full):
        return r.fail(f"can't open '{name}': File exists")
    try:
        r.m.fs.write(full, reply.body, now=r.m.now)
    except FsError as e:
        return r.fail(f"can't open '{name}': {e}")
    if not quiet:
        r.err(f"saving to '{name}'\n" + _wget_progress(posixpath.basename(name), size) + f"'{name}' saved\n")
    return 0


# -- curl ------------------------------------------------------------------------------------
_CURL_VALUE = {"o": "o", "m": "m", "H": "H", "X": "X", "d": "d", "w": "w", "A": "A", "u": "u", "e": "e",
               "output": "o", "max-time": "m", "header": "H", "request": "X", "data": "d", "data-raw": "d",
               "data-binary": "d", "write-out": "w", "user-agent": "A", "user": "u", "referer": "e",
               "connect-timeout": "connect-timeout", "retry": "retry", "resolve": "resolve", "cacert": "cacert",
               "noproxy": "noproxy", "proxy": "proxy", "x": "proxy"}
_CURL_FLAG = {"s": "s", "S": "S", "f": "f", "I": "I", "i": "i", "L": "L", "k": "k", "v": "v", "O": "O",
              "4": "4", "6": "6", "N": "N", "silent": "s", "show-error": "S", "fail": "f", "head": "I",
              "include": "i", "location": "L", "insecure": "k", "verbose": "v", "remote-name": "O",
              "ipv4": "4", "ipv6": "6", "no-buffer": "N", "http1.1": "http1.1", "fail-with-body": "f"}


CURL_OPTIONS = Getopt(_CURL_FLAG, _CURL_VALUE, "H", "curl: option {a}: is unknown", "curl: option {a}: requires parameter",
                      "curl: option -{ch}: is unknown", "curl: option -{ch}: requires parameter", CURL_TRY, 2)


def _speed(size: int) -> str:
    per_second = size * 1000
    if per_second < 100000:
        return str(per_second)
    if per_second < 10000 * 1024:
        return f"{per_second // 1024}k"
    return f"{per_second // (1024 * 1024)}M"


def _curl_meter(size: int) -> str:
    """curl's progress meter as it ends (printed when the output is not a terminal)."""
    head = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
            "                                 Dload  Upload   Total   Spent    Left  Speed\n")
    pct = 100 if size else 0
    speed = _speed(size)
    return head + (f"{pct:3d} {size:>5}  {pct:3d} {size:>5}    0     0 {speed:>6}      0 --:--:-- --:--:-- "
                   f"--:--:-- {speed:>5}\n")


def _write_out(fmt: str, reply, address: str, url: str) -> str:
    values = {"http_code": f"{reply.status:03d}" if reply else "000",
              "response_code": f"{reply.status:03d}" if reply else "000",
              "size_download": str(byte_len(reply.body)) if reply else "0",
              "remote_ip": address, "url_effective": url, "time_total": "0.001000",
              "content_type": dict(reply.headers).get("Content-Type", "") if reply else ""}
    text = re.sub(r"%\{(\w+)\}", lambda m: values.get(m.group(1), ""), fmt)
    return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r")


def has_curl(image: str, fs=None) -> bool:
    """Whether the image ships curl, or a package manager put it in the container (`fs`)."""
    image = image.split("@")[0]
    if (image.rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image) not in NO_CURL:
        return True
    return fs is not None and fs.is_file("/usr/bin/curl")


@applet("curl")
def curl(r: Run) -> int:
    if not has_curl(str(r.m.context.get("image", "")), r.m.fs):
        r.err("sh: curl: not found\n")
        return 127
    parsed = CURL_OPTIONS.parse(r)
    if isinstance(parsed, int):
        return parsed
    opts, headers, urls = parsed
    if not urls:
        r.err("curl: no URL specified\n" + CURL_TRY)
        return 2
    code = 0
    for url in urls:
        code = _curl_one(r, url, opts, headers)
    return code


def _curl_one(r: Run, url: str, opts: dict, headers: list[str]) -> int:
    show_errors = not opts.get("s") or opts.get("S")

    def fail(code: int, text: str, later: bool = False) -> int:
        if show_errors:
            if later:
                r.m.write_later(2, f"curl: ({code}) {text}\n", r.local)
            else:
                r.err(f"curl: ({code}) {text}\n")
        return code
    scheme, host, _, port, path = _url(url)
    if scheme not in ("http", "https"):
        return fail(1, f'Protocol "{scheme}" not supported')
    net = _net(r)
    address = net.resolve(host, r.m.fs) if net is not None and host else None
    if address is None:
        return fail(6, f"Could not resolve host: {host}")
    verbose = bool(opts.get("v"))
    if verbose:
        r.err(f"*   Trying {address}:{port}...\n")
    conn = net.connect(address, port)
    if conn.state == "refused":
        return fail(7, f"Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server")
    if conn.state == "timeout":
        given = {k: _seconds(str(opts[k])) for k in ("m", "connect-timeout") if k in opts}
        limits: dict[str, int] = {k: v for k, v in given.items() if v}
        if not limits or min(limits.values()) >= KERNEL_TIMEOUT:
            _wait(r, KERNEL_TIMEOUT)
            return fail(28, f"Failed to connect to {host} port {port} after {KERNEL_TIMEOUT * 1000 + 1} ms: "
                            "Couldn't connect to server", later=True)
        which = min(limits, key=lambda k: (limits[k], k != "m"))
        seconds = limits[which]
        _wait(r, seconds)
        if which == "m":
            return fail(28, f"Connection timed out after {seconds * 1000 + 1} milliseconds", later=True)
        return fail(28, f"Failed to connect to {host} port {port} after {seconds * 1000 + 1} ms: Timeout was reached",
                    later=True)
    if verbose:
        r.err(f"* Connected to {host} ({address}) port {port}\n")
    if scheme == "https":
        return fail(35, "OpenSSL/3.3.2: error:0A00010B:SSL routines::wrong version number")
    method = str(opts.get("X") or ("HEAD" if opts.get("I") else ("POST" if "d" in opts else "GET")))
    host_header = _header_host(headers) or (host if port == 80 else f"{host}:{port}")
    sent = _request_headers([("User-Agent", "curl/8.11.1"), ("Accept", "*/*")], headers)
    if verbose:
        r.err(f"> {method} {path} HTTP/1.1\n> Host: {host_header}\n" + "".join(f"> {k}: {v}\n" for k, v in sent)
              + ">\n")
    reply = net.request(conn, method, path, host_header, "".join(f"{k}: {v}\r\n" for k, v in sent))
    if reply is None:
        return fail(52, "Empty reply from server")
    if verbose:
        r.err("".join(f"< {line}\n" for line in reply.head().splitlines()) + "<\n")
    if opts.get("f") and reply.status >= 400:
        return fail(22, f"The requested URL returned error: {reply.status}")
    body = reply.head() if opts.get("I") else (reply.head() if opts.get("i") else "") + reply.body
    target = opts.get("o") or (posixpath.basename(path.split("?")[0]) if opts.get("O") else None)
    if target is not None and target != "-":
        try:
            r.m.fs.write(r.path(str(target)), body, now=r.m.now)
        except FsError as e:
            return fail(23, f"Failure writing output to destination, passed {len(body)} returned 0 ({e})")
    else:
        r.out(body)
    if not opts.get("s") and (target not in (None, "-") or not r.m.context.get("tty")):
        r.err(_curl_meter(byte_len(reply.body)))
    if "w" in opts:
        r.out(_write_out(str(opts["w"]), reply, address, url))
    if verbose:
        r.err(f"* Connection #0 to host {host} left intact\n")
    return 0


# -- nc --------------------------------------------------------------------------------------
@applet("nc")
def nc(r: Run) -> int:
    opts: dict = {"v": 0}
    rest: list[str] = []
    args = r.argv[1:]
    program: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "-e":
            program = args[i:]
            break
        if a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                ch = a[j]
                if ch == "v":
                    opts["v"] += 1
                elif ch in "nuzlk":
                    opts[ch] = True
                elif ch in "pswio":
                    value = a[j + 1:]
                    if not value:
                        if i >= len(args):
                            r.err(f"nc: option requires an argument -- '{ch}'\n" + NC_USAGE)
                            return 1
                        value, i = args[i], i + 1
                    opts[ch] = value
                    break
                else:
                    r.err(f"nc: invalid option -- '{ch}'\n" + NC_USAGE)
                    return 1
                j += 1
            continue
        rest.append(a)
    if opts.get("l"):
        port_text = str(opts.get("p") or (rest[0] if rest else ""))
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return r.fail(f"bad port '{port_text}'") if port_text else _forever(r)
        if listen(r, int(port_text), "nc", keep=bool(opts.get("k")), reply=r.stdin, program=program) is None:
            return r.fail("bind: Address in use")
        return 0
    if len(rest) != 2:
        r.err(NC_USAGE)
        return 1
    host, port_text = rest
    port = {"http": 80, "https": 443}.get(port_text, int(port_text) if port_text.isdigit() else 0)
    if not 0 < port < 65536:
        return r.fail(f"bad port '{port_text}'")
    wait = _seconds(str(opts.get("w", "0")))
    if wait is None:
        return r.fail(f"invalid number '{opts['w']}'")
    net = _net(r)
    address = net.resolve(host, r.m.fs) if net is not None else None
    if address is None:
        return r.fail(f"bad address '{host}'")
    conn = net.connect(address, port)
    where = f"{host} ({address}:{port})"
    if conn.state == "refused":
        if opts["v"] > 1:
            r.err(f"nc: {where}: Connection refused\n")
        return 1
    if conn.state == "timeout":
        _wait(r, min(wait, KERNEL_TIMEOUT) if wait else KERNEL_TIMEOUT)
        if opts["v"]:
            r.m.write_later(2, f"nc: {where}: Connection timed out\n", r.local)
        return 1
    if opts["v"]:
        r.err(f"{where} open\n")
    if opts.get("z"):
        return 0
    request = r.stdin
    sent = net.send(conn, request)
    if sent is not None:
        r.out(sent if isinstance(sent, str) else as_text(sent.raw()))
        return 0
    m = re.match(r"([A-Z]+) (\S+) HTTP/1\.[01]\r?\n", request)
    if m:
        host_header = next((line.split(":", 1)[1].strip() for line in request.splitlines()[1:]
                            if line.lower().startswith("host:")), host)
        reply = net.request(conn, m.group(1), m.group(2), host_header)
        if reply is not None:
            r.out(as_text(reply.raw(head_only=m.group(1) == "HEAD")))
    return 0


# -- servers -----------------------------------------------------------------------------------
BUSYBOX_404 = ("<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\n"
               "The requested URL was not found\n</BODY></HTML>\n")
PYTHON_404 = ('<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n'
              '        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n'
              '        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n'
              '        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n')


def _forever(r: Run) -> int:
    _wait(r, 10 ** 9)
    return 0


def listen(r: Run, port: int, kind: str, foreground: bool = True, **extra) -> dict | None:
    """The program listens on `port` in the pod's network namespace (its port table, shared by
    the container's shells): connections from other pods, Services and probes reach it until it
    stops. In the foreground the script waits on it (`advance` prints what it logs). None: the
    port is taken."""
    ports = r.m.context.get("ports")
    if ports is None:
        ports = r.m.context["ports"] = {}
    if port in ports and not ports[port]["closed"]:
        return None
    entry = {"port": port, "kind": kind, "log": [], "shown": 0, "closed": False, "machine": r.m, **extra}
    ports[port] = entry
    if foreground and not _in_background(r.m):
        r.m.listen = entry
    return entry


def _in_background(m) -> bool:
    """The command runs under `&` (in this shell, or the one whose pipeline it is a stage of)."""
    while m is not None:
        if m.background:
            return True
        m = m.context.get("parent")
    return False


def serve(entry: dict, method: str, path: str, request: str, client: str, now: int):
    """A connection reaches a server a script started: a web server's http.Reply, or the text
    nc sends back. nc prints the request and, without -k, stops after one."""
    from kubetui.engine.network.http import static_reply

    m = entry["machine"]
    kind = entry["kind"]
    if kind == "nc":
        entry["log"].append((1, request))
        text = entry["reply"]
        if entry["program"]:
            from kubetui.engine.kubelet.shell.machine import Machine
            child = Machine.for_script(shlex.join(entry["program"]), m.fs, dict(m.env), cwd=m.cwd,
                                       applets=m.applets, context={k: v for k, v in m.context.items() if k != "parent"})
            child.stdin = request
            if not child.done:
                child.run_to_end(now)
            text = "".join(t for fd, t in child.console if fd == 1)
        if not entry["keep"]:
            entry["closed"] = True
        return text
    page = None
    wanted = path.split("?", 1)[0]
    full = posixpath.normpath(posixpath.join(entry["root"], wanted.lstrip("/")))
    if (full + "/").startswith(entry["root"].rstrip("/") + "/"):
        try:
            if m.fs.is_dir(full):
                if kind == "python" and not m.fs.is_file(posixpath.join(full, "index.html")):
                    page = _listing(m.fs, full, wanted)
                full = posixpath.join(full, "index.html")
            page = page if page is not None else m.fs.read(full)
        except FsError:
            page = None
    if kind == "python":
        status = 200 if page is not None else 404
        stamp = datetime_of(now).strftime("%d/%b/%Y %H:%M:%S")
        if page is None:
            entry["log"].append((2, f'{client} - - [{stamp}] code 404, message File not found\n'))
        entry["log"].append((2, f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} -\n'))
        return static_reply(status, page if page is not None else PYTHON_404, "SimpleHTTP/0.6 Python/3.12.12",
                            "text/html" if page is None or full.endswith(".html") else "text/plain", now, method)
    return static_reply(200 if page is not None else 404, page if page is not None else BUSYBOX_404, "",
                        "text/html" if page is None or full.endswith(".html") else "text/plain", now, method)


def _listing(fs, folder: str, path: str) -> str:
    """Python's http.server page for a folder without an index.html."""
    items = "".join(f'<li><a href="{n}{"/" if fs.is_dir(posixpath.join(folder, n)) else ""}">'
                    f'{n}{"/" if fs.is_dir(posixpath.join(folder, n)) else ""}</a></li>\n'
                    for n in sorted(fs.listdir(folder)))
    return ('<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Directory listing for {path}</title>\n</head>\n<body>\n<h1>Directory listing for {path}</h1>\n"
            f"<hr>\n<ul>\n{items}</ul>\n<hr>\n</body>\n</html>\n")


@applet("httpd")
def httpd(r: Run) -> int:
    """busybox `httpd [-f] [-p [IP:]PORT] [-h HOME]`: serves HOME's files; without -f it goes to
    the background (the script goes on, the port stays open)."""
    parsed = HTTPD_OPTIONS.parse(r)
    if isinstance(parsed, int):
        return parsed
    opts = parsed[0]
    port_text = str(opts.get("p", "80")).rpartition(":")[2]
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return r.fail(f"invalid number '{port_text}'")
    root = r.path(str(opts.get("h", ".")))
    if not r.m.fs.is_dir(root):
        return r.fail(f"can't change directory to '{opts.get('h', '.')}': No such file or directory")
    if listen(r, int(port_text), "httpd", foreground=bool(opts.get("f")), root=root) is None:
        return r.fail("bind: Address in use")
    return 0


HTTPD_USAGE = ("BusyBox v1.36.1 multi-call binary.\n\nUsage: httpd [-ifvv] [-c CONFFILE] [-p [IP:]PORT] "
               "[-u USER[:GRP]] [-r REALM] [-h HOME]\nor httpd -d/-e/-m STRING\n")
HTTPD_OPTIONS = short_options("httpd", "fivs", "pchurmedPRM", HTTPD_USAGE)


def has_python(image: str) -> bool:
    """Whether the image is a Python one (python:3.12, python:3.12-slim, bitnami/python...)."""
    name = image.split("@")[0].rsplit("/", 1)[-1]
    return name.split(":", 1)[0] in ("python", "pypy")


@applet("python", "python3")
def python(r: Run) -> int:
    """Python, in a Python image: `python -m http.server [PORT] [-d DIR] [-b ADDR]` serves the
    folder's files (and logs each request on stderr); `--version`. Any other program runs on
    like the image's own (nothing simulated prints)."""
    if not has_python(str(r.m.context.get("image", ""))):
        r.err(f"sh: {r.name}: not found\n")
        return 127
    args = r.argv[1:]
    if args[:1] in (["--version"], ["-V"]):
        r.out("Python 3.12.12\n")
        return 0
    if args[:1] == ["-u"]:
        r.m.env["PYTHONUNBUFFERED"] = "1"
        args = args[1:]
    if args[:2] != ["-m", "http.server"]:
        return _forever(r)
    port, folder, rest = 8000, ".", args[2:]
    i = 0
    while i < len(rest):
        a = rest[i]
        i += 1
        if a in ("-d", "--directory", "-b", "--bind") and i < len(rest):
            if a in ("-d", "--directory"):
                folder = rest[i]
            i += 1
        elif a.startswith("--directory="):
            folder = a.split("=", 1)[1]
        elif a.isdigit():
            port = int(a)
    entry = listen(r, port, "python", root=r.path(folder))
    if entry is None:
        r.err("OSError: [Errno 98] Address already in use\n")
        return 1
    if r.m.env.get("PYTHONUNBUFFERED"):  # else the line waits in stdout's buffer (a pipe, not a terminal)
        entry["log"].append((1, f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...\n"))
    return 0


# -- ping and telnet ---------------------------------------------------------------------------
PING_USAGE = ("BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUESTs to HOST\n\n"
              "\t-4,-6\t\tForce IP or IPv6 name resolution\n\t-c CNT\t\tSend only CNT pings\n"
              "\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)\n\t-i SECS\t\tInterval\n"
              "\t-A\t\tPing as soon as reply is received\n\t-t TTL\t\tSet TTL\n"
              "\t-I IFACE/IP\tSource interface or IP address\n"
              "\t-W SEC\t\tSeconds to wait for the first response (default 10)\n\t\t\t(after all -c CNT packets are sent)\n"
              "\t-w SEC\t\tSeconds until ping exits (default:infinite)\n\t\t\t(can exit earlier with -c CNT)\n"
              "\t-q\t\tQuiet, only display output at start/finish\n\t-p HEXBYTE\tPayload pattern\n")
TELNET_USAGE = ("BusyBox v1.36.1 multi-call binary.\n\nUsage: telnet [-a] [-l USER] HOST [PORT]\n\n"
                "Connect to telnet server\n\n\t-a\tAutomatic login with $USER variable\n\t-l USER\tAutomatic login as USER\n")
PING_OPTIONS = short_options("ping", "q46nvAR", "cswWiItp", PING_USAGE)
PING_WAIT = 10
"""Seconds busybox ping waits for a reply after its last packet (-W)."""


def _rtt(seq: int) -> str:
    return f"{0.060 + (seq * 37 % 50) / 1000:.3f}"


@applet("ping")
def ping(r: Run) -> int:
    """busybox `ping [-c N] [-w SEC] [-W SEC] [-q] HOST`: one packet a second; pods and nodes
    answer, a Service's ClusterIP does not (kube-proxy only forwards its ports); NetworkPolicy
    isolation drops ICMP unless a rule without ports lets the source in."""
    parsed = PING_OPTIONS.parse(r)
    if isinstance(parsed, int):
        return parsed
    opts, _, rest = parsed
    if len(rest) != 1:
        r.err(PING_USAGE)
        return 1
    numbers = {}
    for k in "cwW":
        if k in opts:
            if not str(opts[k]).isdigit():
                return r.fail(f"invalid number '{opts[k]}'")
            numbers[k] = int(opts[k])
    host = rest[0]
    net = _net(r)
    address = net.resolve(host, r.m.fs) if net is not None else None
    if address is None:
        return r.fail(f"bad address '{host}'")
    count, deadline = numbers.get("c", 0), numbers.get("w")
    if r.m.eager and not count and deadline is None:
        count = 1  # a probe's or a trap's ping cannot run forever within its tick
    state = r.m.remember(lambda: {"sent": 0, "got": 0, "began": r.m.now, "answers": net.ping(address),
                                  "sigint": False})
    quiet = bool(opts.get("q"))
    if state["sent"] == 0:
        r.out(f"PING {host} ({address}): 56 data bytes\n")
    while not state["sigint"]:  # ^C: ping stops and prints its statistics
        elapsed = r.m.now - state["began"]
        if count and state["sent"] >= count or deadline is not None and elapsed >= deadline:
            break
        if state["sent"] <= elapsed:
            if state["answers"] and not quiet:
                r.out(f"64 bytes from {address}: seq={state['sent']} ttl=64 time={_rtt(state['sent'])} ms\n")
            state["got"] += bool(state["answers"])
            state["sent"] += 1
            continue
        _later(r, state["began"] + state["sent"])
    if not state["got"] and count and not state.get("waited") and not state["sigint"]:
        state["waited"] = True
        end = state["began"] + count - 1 + numbers.get("W", PING_WAIT)
        if deadline is not None:
            end = min(end, state["began"] + deadline)
        if r.m.now < end:
            _later(r, end)
    sent, got = state["sent"], state["got"]
    loss = (sent - got) * 100 // sent if sent else 0
    r.out(f"\n--- {host} ping statistics ---\n{sent} packets transmitted, {got} packets received, "
          f"{loss}% packet loss\n")
    if got:
        times = [float(_rtt(k)) for k in range(sent)]
        r.out(f"round-trip min/avg/max = {min(times):.3f}/{sum(times) / len(times):.3f}/{max(times):.3f} ms\n")
    return 0 if got else 1


def _later(r: Run, tick: int) -> None:
    """The program waits until `tick` (its output so far shows now); in a script run to its end
    at once (a probe), the wait adds up instead."""
    from kubetui.engine.kubelet.shell.machine import Blocked

    if r.m.eager:
        r.m.pending_sleep += max(0, tick - r.m.now)
        r.m.now = max(r.m.now, tick)
        return
    raise Blocked(tick)


@applet("telnet")
def telnet(r: Run) -> int:
    """busybox `telnet HOST [PORT]`: connects like nc, sends its input, prints the reply."""
    args = [a for a in r.argv[1:] if not a.startswith("-")]
    if not args or len(args) > 2:
        r.err(TELNET_USAGE)
        return 1
    host = args[0]
    port_text = args[1] if len(args) > 1 else "23"
    port = {"http": 80, "https": 443, "telnet": 23}.get(port_text, int(port_text) if port_text.isdigit() else 0)
    if not 0 < port < 65536:
        return r.fail(f"bad port '{port_text}'")
    net = _net(r)
    address = net.resolve(host, r.m.fs) if net is not None else None
    if address is None:
        return r.fail(f"bad address '{host}'")
    conn = net.connect(address, port)
    if conn.state == "refused":
        return r.fail(f"can't connect to remote host ({address}): Connection refused")
    if conn.state == "timeout":
        _wait(r, KERNEL_TIMEOUT)
        r.m.write_later(2, f"telnet: can't connect to remote host ({address}): Connection timed out\n", r.local)
        return 1
    if not r.stdin:
        return 0
    sent = net.send(conn, r.stdin)
    if sent is None:
        m = re.match(r"([A-Z]+) (\S+) HTTP/1\.[01]\r?\n", r.stdin)
        sent = net.request(conn, m.group(1), m.group(2), host) if m else None
    if sent is not None:
        r.out(sent if isinstance(sent, str) else as_text(sent.raw()))
    return 0
