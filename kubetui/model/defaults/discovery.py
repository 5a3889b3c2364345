"""Defaults of discovery.k8s.io/v1: EndpointSlice."""

from __future__ import annotations


def _endpoint_slice(obj: dict) -> None:
    for port in obj.get("ports") or ():
        port.setdefault("name", "")
        port.setdefault("protocol", "TCP")


DEFAULTS = {"EndpointSlice": _endpoint_slice}
