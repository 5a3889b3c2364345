"""A stopped container's termination message: what the kubelet reads from the file at
`terminationMessagePath` (its last 4096 bytes), or, under `FallbackToLogsOnError`, when that file
is empty and the container failed, the tail of its log (the last 80 lines, at most 2048 bytes).
It becomes the `message` of the container's `terminated` state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.kubelet.shell.fs import FsError

if TYPE_CHECKING:
    from kubetui.engine.kubelet.containers import Container

MESSAGE_BYTES = 4096
LOG_LINES = 80
LOG_BYTES = 2048


def termination_message(c: Container) -> str:
    path = c.spec.get("terminationMessagePath") or "/dev/termination-log"
    data = b""
    if c.fs is not None:
        try:
            data = c.fs.read(path).encode()[-MESSAGE_BYTES:]
        except FsError:
            data = b""
    if not data and c.exit_code != 0 and c.spec.get("terminationMessagePolicy") == "FallbackToLogsOnError":
        lines = list(c.logs[-LOG_LINES:])
        data = "".join(line + "\n" for line in lines).encode()[-LOG_BYTES:]
    return data.decode(errors="replace")
