"""Validation of discovery.k8s.io/v1: EndpointSlice."""

from __future__ import annotations

from .field import Errors


def _endpoint_slice(errs: Errors, obj: dict) -> None:
    address_type = obj.get("addressType")
    if not address_type:
        errs.required("addressType")
    elif address_type not in ("FQDN", "IPv4", "IPv6"):
        errs.unsupported("addressType", address_type, ("FQDN", "IPv4", "IPv6"))
    for i, endpoint in enumerate(obj.get("endpoints") or ()):
        if not endpoint.get("addresses"):
            errs.required(f"endpoints[{i}].addresses", "must contain at least 1 address")


VALIDATORS = {"EndpointSlice": _endpoint_slice}
