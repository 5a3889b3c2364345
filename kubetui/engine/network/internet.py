"""The simulated internet: a few well-known hosts (internet.yaml) a pod reaches through the
cluster DNS's upstream and the node's default route, so an init container that downloads a
page works; every other external name is NXDOMAIN (busybox: `bad address`)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from kubetui.engine.network.http import Reply, _reply


@cache
def hosts() -> dict[str, dict]:
    return yaml.safe_load(resources.files("kubetui.engine.network").joinpath("internet.yaml").read_text())


def address_of(name: str) -> str | None:
    """The public address of a well-known host, or None."""
    host = hosts().get(name.rstrip(".").lower())
    return host["address"] if host else None


def is_external(address: str) -> bool:
    return any(h["address"] == address for h in hosts().values())


def reply(address: str, host: str, path: str, tick: int) -> Reply:
    """The page the host at `address` sends for `path` (the one named by `Host`, else the first at that address)."""
    by_name = hosts().get(host.split(":")[0].lower())
    entry = by_name if by_name and by_name["address"] == address else next(
        h for h in hosts().values() if h["address"] == address)
    pages = entry["pages"]
    page = pages.get("/" + path.split("?", 1)[0].lstrip("/"), pages["*"])
    kind = "application/json" if page["body"].lstrip().startswith("{") else "text/html"
    return _reply(page["status"], page["body"], entry["server"], kind, tick)
