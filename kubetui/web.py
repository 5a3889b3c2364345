"""`kubetui web`: the game in a web browser, one cluster per browser session.

textual-serve runs a command per browser connection and bridges its terminal to xterm.js, so each
learner gets their own `kubetui` process, hence their own cluster, event log and clock; nothing is
shared between sessions but the data folder (progress).
"""

from __future__ import annotations

import shlex
import socket
import sys
from typing import TextIO

from kubetui.api.serve import LOOPBACK


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def command(lang: str | None = None, args: tuple[str, ...] = ()) -> str:
    """The command each browser session runs: this Python's kubetui, with the server's language."""
    line = [sys.executable, "-m", "kubetui"]
    if lang:
        line += ["--lang", lang]
    return shlex.join([*line, *args])


def run_web(*, host: str = "127.0.0.1", port: int = 8000, public_url: str | None = None, lang: str | None = None,
            args: tuple[str, ...] = (), out: TextIO | None = None) -> None:
    from textual_serve.server import Server

    out = out or sys.stdout
    if host not in LOOPBACK:
        sys.stderr.write(f"warning: serving on {host}: anyone who can reach it can start games on this machine\n")
    if port == 0:
        port = free_port(host)
    server = Server(command(lang, args), host=host, port=port, title="kubetui", public_url=public_url)
    out.write(f"kubetui in the browser: {server.public_url}\n")
    out.flush()
    server.serve()
