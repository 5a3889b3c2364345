"""pods/NAME/portforward: `kubectl port-forward pod/web 8080:80` against the simulated pod.

kubectl 1.31+ opens a WebSocket with the `SPDY/3.1+portforward.k8s.io` subprotocol and runs a
SPDY session through it (kubetui.api.spdy); older kubectls (or KUBECTL_PORT_FORWARD_WEBSOCKETS=false)
upgrade the HTTP connection itself to SPDY/3.1 and run the same session on it. For every local connection it opens two streams
with the same `requestID`: `error` (what went wrong, then its end) and `data` (the connection's
bytes both ways). The kubelet connects to the port inside the pod; here the pod's app answers
as it answers `wget`/`curl` from another pod (kubetui.engine.network.http, the one place the
apps speak HTTP): nginx its files, httpd "It works!", other apps a line naming the pod;
a port nothing listens on gets the kubelet's error on the error stream.

The forward enters the door as kubetui's own kubectl would make it: the first connection to a
port starts `kubectl port-forward pod/NAME LOCAL:PORT` (LOCAL a free port on the player's
simulated machine, derived from the pod and port), each HTTP request through it is a `curl` of
that local port, and the session's end cancels the forward. So the command log shows the forward
and its requests, a replay makes them again, and a check sees them (`Simulation.forwarded`).
"""

from __future__ import annotations

import hashlib
import shlex
import zlib
from typing import TYPE_CHECKING

from aiohttp import WSMsgType, web

from kubetui.api import spdy, streams
from kubetui.engine.network.client import forward_refused, pod_reply
from kubetui.kubectl.localhost import forwards

if TYPE_CHECKING:
    from kubetui.engine.rest import RequestInfo
    from kubetui.shell import Simulation

PROTOCOL = "SPDY/3.1+portforward.k8s.io"


class _Connection:
    def __init__(self, port: int):
        self.port = port
        self.error: int | None = None
        self.data: int | None = None
        self.received = bytearray()
        self.done = False


def app_response(sim: Simulation, pod: dict, request: bytes, port: int | None = None) -> bytes:
    """What the pod's app sends back to an HTTP request on `port` (or nothing, to anything else)."""
    if b"\r\n\r\n" not in request or not request.split(b" ", 1)[0].isalpha():
        return b""
    method, _, rest = request.split(b"\r\n", 1)[0].decode("latin-1").partition(" ")
    reply = pod_reply(sim, pod, port, method, rest.split(" ", 1)[0] or "/", log=False)
    return reply.raw(head_only=method == "HEAD") if reply is not None else b""


def refused(pod: dict, port: int) -> bytes:
    """The kubelet's words when nothing in the pod listens on the port."""
    return forward_refused(pod, port).encode()


async def serve(request: web.Request, sim: Simulation, info: RequestInfo) -> web.StreamResponse:
    if streams.wants_spdy(request):
        return await _serve_spdy(request, sim, info)
    ws = web.WebSocketResponse(protocols=(PROTOCOL,), autoping=True)
    await ws.prepare(request)
    forwarder = Forwarder(sim, info)
    try:
        async for msg in ws:
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                break
            if msg.type != WSMsgType.BINARY:
                continue
            out = forwarder.feed(msg.data)
            if out is None:
                break
            for chunk in out:
                await ws.send_bytes(chunk)
    finally:
        forwarder.close()
    return ws


async def _serve_spdy(request: web.Request, sim: Simulation, info: RequestInfo) -> web.StreamResponse:
    """The same session straight on the upgraded connection (kubectl 1.30 and older, or
    KUBECTL_PORT_FORWARD_WEBSOCKETS=false)."""
    from kubetui.api.server import status_response

    if streams.spdy_protocol(request, (streams.PORT_FORWARD_PROTOCOL,)) is None:
        return status_response(403, "Forbidden", "unable to upgrade: unable to negotiate protocol: client supports "
                               f"{request.headers.getall('X-Stream-Protocol-Version', [])}, server supports "
                               f"[{streams.PORT_FORWARD_PROTOCOL}]")
    conn = await streams.SpdyConnection.upgrade(request, streams.PORT_FORWARD_PROTOCOL)
    forwarder = Forwarder(sim, info)
    try:
        while data := await conn.read():
            out = forwarder.feed(data)
            if out is None:
                break
            for chunk in out:
                conn.write(chunk)
    except ConnectionResetError:
        pass
    finally:
        forwarder.close()
    conn.close()
    return conn.response


class Forwarder:
    """One port-forward SPDY session: the client's bytes in, the bytes to send back out."""

    def __init__(self, sim: Simulation, info: RequestInfo):
        self.sim, self.info = sim, info
        self.session = spdy.Session()
        self.conns: dict[str, _Connection] = {}
        self.by_stream: dict[int, _Connection] = {}
        self.local: dict[int, tuple[int, int]] = {}
        """Pod port -> (seq of the door's `kubectl port-forward`, its local port)."""

    def door_port(self, port: int) -> int | None:
        """The local port of this session's forward to `port` through the door, started on first
        use (None: the door's kubectl refused it, e.g. the pod is not running)."""
        if port not in self.local:
            ns, name = self.info.namespace or "default", self.info.name or ""
            local = 32768 + int.from_bytes(hashlib.sha256(f"{ns}/{name}:{port}".encode()).digest()[:2], "big") % 28000
            while local in forwards(self.sim):
                local += 1
            started = self.sim.start(shlex.join(["kubectl", "port-forward", f"pod/{name}", "-n", ns,
                                                 f"{local}:{port}"]), source="api")
            if started.done and started.result is not None and started.result.exit_code:
                return None
            self.local[port] = (started.seq, local)
        return self.local[port][1]

    def through_door(self, port: int, request: bytes) -> None:
        """The request as `curl` of the door's local port: recorded, replayed, seen by checks."""
        local = self.door_port(port)
        if local is None or b"\r\n\r\n" not in request:
            return
        method, _, rest = request.split(b"\r\n", 1)[0].decode("latin-1").partition(" ")
        path = rest.split(" ", 1)[0] or "/"
        words = ["curl", "-s"] + (["-X", method] if method != "GET" else []) + [f"http://localhost:{local}{path}"]
        self.sim.run(shlex.join(words), source="api")

    def close(self) -> None:
        """The client left: its forwards stop listening (Ctrl-C of the door's port-forward)."""
        for seq, _ in self.local.values():
            self.sim.cancel(seq, source="api")
        self.local.clear()

    def feed(self, data: bytes) -> list[bytes] | None:
        """What to send back; None once the session is over (ended, or broken)."""
        sim, info, session = self.sim, self.info, self.session
        try:
            frames = session.feed(data)
        except (ValueError, UnicodeDecodeError, zlib.error):  # a broken session: end it
            return None
        out: list[bytes] = []
        for frame in frames:
            if frame.control and frame.type == spdy.PING:
                out.append(session.ping(frame.payload[:4]))
            elif frame.control and frame.type == spdy.SYN_STREAM:
                out.append(session.reply(frame.stream))
                headers = frame.headers or {}
                rid = headers.get("requestid") or headers.get("requestID") or str(frame.stream)
                port = int(headers.get("port", "0") or 0)
                conn = self.conns.setdefault(rid, _Connection(port))
                self.by_stream[frame.stream] = conn
                if headers.get("streamtype", headers.get("streamType")) == "error":
                    conn.error = frame.stream
                else:
                    conn.data = frame.stream
                    out.extend(_open(sim, info, conn))
            elif frame.control and frame.type == spdy.GOAWAY:
                return None
            elif not frame.control:
                conn = self.by_stream.get(frame.stream)
                if conn is None or frame.stream != conn.data or conn.done:
                    continue
                conn.received += frame.payload
                pod = rest_pod(sim, info)
                answer = app_response(sim, pod, bytes(conn.received), conn.port) if pod is not None else b""
                if answer:
                    self.through_door(conn.port, bytes(conn.received))
                if answer or frame.fin:
                    out.extend(_finish(conn, answer))
        return out


def rest_pod(sim: Simulation, info: RequestInfo) -> dict | None:
    return sim.store.get("Pod", info.namespace or "default", info.name or "")


def _open(sim: Simulation, info: RequestInfo, conn: _Connection) -> list[bytes]:
    pod = rest_pod(sim, info)
    if pod is not None and sim.network.answers_on(pod, conn.port):
        return []
    conn.done = True
    assert conn.data is not None
    out = [spdy.Session.data(conn.data, b"", fin=True)]
    if conn.error is not None:
        out.append(spdy.Session.data(conn.error, refused(pod or {"metadata": {"uid": ""}}, conn.port), fin=True))
    return out


def _finish(conn: _Connection, answer: bytes) -> list[bytes]:
    conn.done = True
    assert conn.data is not None
    out = [spdy.Session.data(conn.data, answer, fin=True)]
    if conn.error is not None:
        out.append(spdy.Session.data(conn.error, b"", fin=True))
    return out
