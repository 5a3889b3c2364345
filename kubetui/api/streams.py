"""The channels of a streaming request (exec, attach, port-forward), over either connection kubectl
opens for them.

- WebSocket (kubectl 1.30+ for exec and attach, `v5.channel.k8s.io` or `v4.channel.k8s.io`):
  every binary message starts with its channel's number (0 stdin, 1 stdout, 2 stderr, 3 error,
  4 resize; v5's 255 closes a channel, the next byte naming it).
- A plain SPDY/3.1 connection (kubectl 1.29 and older, or `KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false`
  / `KUBECTL_PORT_FORWARD_WEBSOCKETS=false`): the client upgrades the HTTP connection (`Upgrade:
  SPDY/3.1`, the protocols it speaks in `X-Stream-Protocol-Version`) and opens one SPDY stream per
  channel, named by its `streamtype` header. The server answers every stream, waits until the
  ones the request asked for are open, and ends by closing its own (FIN). A half-closed stdin
  stream reads as v5's close of channel 0. Port-forward runs its SPDY session straight on the
  connection rather than inside WebSocket messages.
"""

from __future__ import annotations

import asyncio
import json
import zlib

from aiohttp import WSMsgType, web

from kubetui.api import spdy

STDIN, STDOUT, STDERR, ERROR, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
STREAM_TYPES = {"stdin": STDIN, "stdout": STDOUT, "stderr": STDERR, "error": ERROR, "resize": RESIZE}
WEBSOCKET_PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
SPDY_PROTOCOLS = ("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io")
"""remotecommand's versions over SPDY, newest first (v5 is WebSocket's alone)."""
PORT_FORWARD_PROTOCOL = "portforward.k8s.io"
STREAM_WAIT = 30.0
"""Seconds the server waits for the client to open the streams it asked for (the kubelet's
stream creation timeout)."""


def wants_websocket(request: web.Request) -> bool:
    return request.headers.get("Upgrade", "").lower() == "websocket"


def wants_spdy(request: web.Request) -> bool:
    return request.headers.get("Upgrade", "").lower().startswith("spdy/3.1")


def spdy_protocol(request: web.Request, offered: tuple[str, ...]) -> str | None:
    """The newest of `offered` the client asks for in X-Stream-Protocol-Version (None: none)."""
    asked = [v.strip() for header in request.headers.getall("X-Stream-Protocol-Version", [])
             for v in header.split(",")]
    return next((p for p in offered if p in asked), None)


def size_of(payload: bytes) -> tuple[int, int] | None:
    """(columns, rows) of a resize message (`{"Width":80,"Height":24}`), None if it is not one."""
    try:
        size = json.loads(payload)
        width, height = int(size["Width"]), int(size["Height"])
    except (ValueError, TypeError, KeyError):
        return None
    return (width, height) if width > 0 and height > 0 else None


class WebSocketChannels:
    def __init__(self, ws: web.WebSocketResponse):
        self.ws = ws
        self.v5 = ws.ws_protocol == WEBSOCKET_PROTOCOLS[0]

    @classmethod
    async def open(cls, request: web.Request) -> WebSocketChannels:
        ws = web.WebSocketResponse(protocols=WEBSOCKET_PROTOCOLS, autoping=True)
        await ws.prepare(request)
        return cls(ws)

    @property
    def response(self) -> web.StreamResponse:
        return self.ws

    async def send(self, channel: int, data: bytes) -> None:
        await self.ws.send_bytes(bytes([channel]) + data)

    async def receive(self, timeout: float | None = None) -> tuple[int, bytes] | None:
        """The next (channel, bytes) from the client; None once it closed. Raises
        asyncio.TimeoutError after `timeout` seconds without one."""
        while True:
            msg = await self.ws.receive(timeout=timeout)
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                return None
            if msg.type == WSMsgType.BINARY and msg.data:
                return msg.data[0], msg.data[1:]

    async def close(self) -> None:
        await self.ws.close()


class _Feed:
    """What aiohttp hands an upgraded connection's bytes to (in place of its HTTP parser)."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[bytes] = asyncio.Queue()

    def feed_data(self, data: bytes) -> tuple[bool, bytes]:
        self.queue.put_nowait(bytes(data))
        return False, b""

    def feed_eof(self) -> None:
        self.queue.put_nowait(b"")


class SpdyConnection:
    """An HTTP connection upgraded to SPDY/3.1: bytes in (`read`), bytes out (`write`)."""

    def __init__(self, request: web.Request, response: web.StreamResponse, feed: _Feed):
        self.request, self.response, self._feed = request, response, feed
        self.session = spdy.Session()
        self.closed = False

    @classmethod
    async def upgrade(cls, request: web.Request, protocol: str) -> SpdyConnection:
        response = web.StreamResponse(status=101, headers={
            "Connection": "Upgrade", "Upgrade": "SPDY/3.1", "X-Stream-Protocol-Version": protocol})
        response.force_close()
        await response.prepare(request)
        feed = _Feed()
        request.protocol.set_parser(feed)  # type: ignore[arg-type]
        request.protocol.keep_alive(False)
        return cls(request, response, feed)

    async def read(self, timeout: float | None = None) -> bytes:
        """The next bytes from the client; b"" once it closed."""
        if self.closed:
            return b""
        data = await asyncio.wait_for(self._feed.queue.get(), timeout)
        if not data:
            self.closed = True
        return data

    def write(self, data: bytes) -> None:
        transport = self.request.transport
        if transport is None or transport.is_closing():
            raise ConnectionResetError("the client is gone")
        transport.write(data)

    def close(self) -> None:
        transport = self.request.transport
        if transport is not None and not transport.is_closing():
            transport.close()


class SpdyChannels:
    """remotecommand's channels as the streams of a plain SPDY connection."""

    v5 = False

    def __init__(self, conn: SpdyConnection):
        self.conn = conn
        self.streams: dict[int, int] = {}
        """channel -> the client's stream carrying it."""
        self.channel_of: dict[int, int] = {}
        self.pending: list[tuple[int, bytes]] = []

    @property
    def response(self) -> web.StreamResponse:
        return self.conn.response

    @classmethod
    async def open(cls, request: web.Request, protocol: str, expected: set[int]) -> SpdyChannels:
        """Upgrade, then wait until the client has opened the streams of `expected` channels."""
        channels = cls(await SpdyConnection.upgrade(request, protocol))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STREAM_WAIT
        while not expected <= set(channels.streams):
            left = deadline - loop.time()
            if left <= 0 or not await channels._pump(left):
                break
        return channels

    async def _pump(self, timeout: float | None) -> bool:
        """Read and handle what the client sent next; False once it is gone."""
        try:
            data = await self.conn.read(timeout)
        except asyncio.TimeoutError:
            return True
        if not data:
            return False
        try:
            frames = self.conn.session.feed(data)
        except (ValueError, UnicodeDecodeError, zlib.error):
            return False
        for frame in frames:
            if frame.control and frame.type == spdy.SYN_STREAM:
                kind = (frame.headers or {}).get("streamtype", "")
                self.conn.write(self.conn.session.reply(frame.stream))
                if kind in STREAM_TYPES:
                    self.streams[STREAM_TYPES[kind]] = frame.stream
                    self.channel_of[frame.stream] = STREAM_TYPES[kind]
            elif frame.control and frame.type == spdy.PING:
                self.conn.write(self.conn.session.ping(frame.payload[:4]))
            elif frame.control and frame.type in (spdy.GOAWAY,):
                return False
            elif not frame.control:
                channel = self.channel_of.get(frame.stream)
                if channel is None:
                    continue
                if frame.payload:
                    self.pending.append((channel, frame.payload))
                if frame.fin:
                    self.pending.append((CLOSE, bytes([channel])))
        return True

    async def send(self, channel: int, data: bytes) -> None:
        stream = self.streams.get(channel)
        if stream is not None:
            self.conn.write(spdy.Session.data(stream, data))

    async def receive(self, timeout: float | None = None) -> tuple[int, bytes] | None:
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not self.pending:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                raise asyncio.TimeoutError
            if not await self._pump(left):
                return None
        return self.pending.pop(0)

    async def close(self) -> None:
        try:
            for channel in (STDOUT, STDERR, ERROR):
                if channel in self.streams:
                    self.conn.write(spdy.Session.data(self.streams[channel], b"", fin=True))
            last = max(self.streams.values(), default=0)
            self.conn.write(spdy.Session.goaway(last))
        except ConnectionResetError:
            pass
        self.conn.close()


async def open_channels(request: web.Request) -> WebSocketChannels | SpdyChannels | web.Response:
    """The channels of an exec or attach request, over what the client asked for; a Status
    response when it asked for neither or for no version this server speaks."""
    from kubetui.api.server import status_response

    if wants_websocket(request):
        return await WebSocketChannels.open(request)
    if not wants_spdy(request):
        return status_response(400, "BadRequest", "Upgrade request required")
    protocol = spdy_protocol(request, SPDY_PROTOCOLS)
    if protocol is None:
        return status_response(403, "Forbidden", "unable to upgrade: unable to negotiate protocol: client supports "
                               f"{request.headers.getall('X-Stream-Protocol-Version', [])}, server supports "
                               f"{list(SPDY_PROTOCOLS)}")
    query = request.query
    tty = query.get("tty") in ("true", "1")
    expected = {ERROR}
    for name, channel in (("stdin", STDIN), ("stdout", STDOUT), ("stderr", STDERR)):
        if query.get(name) in ("true", "1") and not (channel == STDERR and tty):
            expected.add(channel)
    if tty and protocol in SPDY_PROTOCOLS[:2]:
        expected.add(RESIZE)
    return await SpdyChannels.open(request, protocol, expected)
