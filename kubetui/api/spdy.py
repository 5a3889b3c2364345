"""SPDY/3.1 framing, the part of it that `portforward.k8s.io` uses (streams opened by the client,
replies, data, pings, resets), over bytes that arrive in pieces.

kubectl 1.31+ tunnels port-forward's SPDY session through a WebSocket
(`SPDY/3.1+portforward.k8s.io`): each binary message carries a run of the session's bytes.
Name/value header blocks are zlib-compressed, one stream per direction for the whole session,
primed with the dictionary SPDY/3 defines (draft-mbelshe-httpbis-spdy-00, 2.6.10.1), which is
built here from its words as the draft lists them.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

_WORDS = (
    "options head post put delete trace accept accept-charset accept-encoding accept-language accept-ranges age allow "
    "authorization cache-control connection content-base content-encoding content-language content-length "
    "content-location content-md5 content-range content-type date etag expect expires from host if-match "
    "if-modified-since if-none-match if-range if-unmodified-since last-modified location max-forwards pragma "
    "proxy-authenticate proxy-authorization range referer retry-after server te trailer transfer-encoding upgrade "
    "user-agent vary via warning www-authenticate method get status"
).split() + ["200 OK", "version", "HTTP/1.1", "url", "public", "set-cookie", "keep-alive", "origin"]
_TAIL = (
    "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
    "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
    "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
    "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
    "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
    "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0."
)
DICTIONARY = b"".join(len(w).to_bytes(4, "big") + w.encode() for w in _WORDS) + _TAIL.encode()

SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE = 1, 2, 3, 4, 6, 7, 8, 9
FLAG_FIN = 0x01
VERSION = 3


@dataclass
class Frame:
    control: bool
    type: int  # a control frame's type; 0 for data
    flags: int
    stream: int
    payload: bytes
    headers: dict[str, str] | None = None

    @property
    def fin(self) -> bool:
        return bool(self.flags & FLAG_FIN)


class Session:
    """One side's view of a SPDY session: feed() bytes in, get frames out; build frames to send."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._inflate = zlib.decompressobj(zdict=DICTIONARY)
        self._deflate = zlib.compressobj(zdict=DICTIONARY)

    def feed(self, data: bytes) -> list[Frame]:
        self._buffer += data
        frames = []
        while len(self._buffer) >= 8:
            length = int.from_bytes(self._buffer[5:8], "big")
            if len(self._buffer) < 8 + length:
                break
            head, payload = bytes(self._buffer[:8]), bytes(self._buffer[8:8 + length])
            del self._buffer[:8 + length]
            frames.append(self._frame(head, payload))
        return frames

    def _frame(self, head: bytes, payload: bytes) -> Frame:
        flags = head[4]
        if not head[0] & 0x80:
            return Frame(False, 0, flags, int.from_bytes(head[:4], "big") & 0x7FFFFFFF, payload)
        kind = int.from_bytes(head[2:4], "big")
        stream = int.from_bytes(payload[:4], "big") & 0x7FFFFFFF if len(payload) >= 4 else 0
        frame = Frame(True, kind, flags, stream, payload)
        if kind == SYN_STREAM:
            frame.headers = self._headers(payload[10:])
        elif kind in (SYN_REPLY, HEADERS):
            frame.headers = self._headers(payload[4:])
        return frame

    def _headers(self, block: bytes) -> dict[str, str]:
        raw = self._inflate.decompress(block)
        count, pos, out = int.from_bytes(raw[:4], "big"), 4, {}
        for _ in range(count):
            n = int.from_bytes(raw[pos:pos + 4], "big")
            name = raw[pos + 4:pos + 4 + n].decode()
            pos += 4 + n
            n = int.from_bytes(raw[pos:pos + 4], "big")
            out[name] = raw[pos + 4:pos + 4 + n].decode()
            pos += 4 + n
        return out

    def _block(self, headers: dict[str, str]) -> bytes:
        raw = len(headers).to_bytes(4, "big") + b"".join(
            len(k).to_bytes(4, "big") + k.encode() + len(v).to_bytes(4, "big") + v.encode() for k, v in headers.items())
        return self._deflate.compress(raw) + self._deflate.flush(zlib.Z_SYNC_FLUSH)

    @staticmethod
    def control(kind: int, payload: bytes, flags: int = 0) -> bytes:
        return bytes([0x80, VERSION]) + kind.to_bytes(2, "big") + bytes([flags]) + len(payload).to_bytes(3, "big") \
            + payload

    def reply(self, stream: int, fin: bool = False) -> bytes:
        return self.control(SYN_REPLY, stream.to_bytes(4, "big") + self._block({}), FLAG_FIN if fin else 0)

    @staticmethod
    def data(stream: int, data: bytes, fin: bool = False) -> bytes:
        return stream.to_bytes(4, "big") + bytes([FLAG_FIN if fin else 0]) + len(data).to_bytes(3, "big") + data

    @classmethod
    def ping(cls, ident: bytes) -> bytes:
        return cls.control(PING, ident)

    @classmethod
    def goaway(cls, last: int) -> bytes:
        return cls.control(GOAWAY, last.to_bytes(4, "big") + (0).to_bytes(4, "big"))
