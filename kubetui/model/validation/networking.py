"""Validation of networking.k8s.io/v1: NetworkPolicy, Ingress, IngressClass."""

from __future__ import annotations

import ipaddress
import re

from .core import _port_num_or_name
from .field import Errors
from .meta import DNS1123_SUBDOMAIN_MSG, dns1035_label, dns1123_subdomain, validate_label_selector

PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")
_INVALID_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
_INVALID_PATH_SUFFIXES = ("/..", "/.")
_WILDCARD = re.compile(r"^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
WILDCARD_MSG = (
    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must "
    "consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character "
    "(e.g. '*.example.com', regex used for validation is "
    "'\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
_DOMAIN_PATH = re.compile(r"^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$")


def _network_policy(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    validate_label_selector(errs, "spec.podSelector", spec.get("podSelector") or {})
    for i, ptype in enumerate(spec.get("policyTypes") or ()):
        if ptype not in ("Ingress", "Egress"):
            errs.unsupported(f"spec.policyTypes[{i}]", ptype, ("Egress", "Ingress"))


def _host(errs: Errors, path: str, host: str) -> None:
    """A rule's or TLS entry's host: a DNS name (a leading `*.` wildcard allowed), never an IP."""
    if "*" in host:
        if len(host) > 253 or not _WILDCARD.match(host):
            errs.invalid(path, host, WILDCARD_MSG)
        return
    for msg in dns1123_subdomain(host):
        errs.invalid(path, host, msg)


def _backend(errs: Errors, path: str, backend: dict) -> None:
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        errs.invalid(path, "", "cannot set both resource and service backends")
    elif resource is not None:
        if not resource.get("kind"):
            errs.required(f"{path}.resource.kind")
        if not resource.get("name"):
            errs.required(f"{path}.resource.name")
    elif service is not None:
        name = service.get("name") or ""
        if not name:
            errs.required(f"{path}.service.name")
        for msg in dns1035_label(name) if name else ():
            errs.invalid(f"{path}.service.name", name, msg)
        port = service.get("port") or {}
        port_name, number = port.get("name") or "", port.get("number") or 0
        if port_name and number:
            errs.invalid(path, "", "cannot set both port name & port number")
        elif port_name:
            _port_num_or_name(errs, f"{path}.service.port.name", port_name)
        elif number:
            _port_num_or_name(errs, f"{path}.service.port.number", number)
        else:
            errs.required(path, "port name or number is required")
    else:
        errs.invalid(path, "", "resource or service backend is required")


def _http_path(errs: Errors, path: str, http_path: dict) -> None:
    ptype, value = http_path.get("pathType"), http_path.get("path") or ""
    if ptype is None:
        errs.required(f"{path}.pathType", "pathType must be specified")
        return
    if ptype in ("Exact", "Prefix"):
        if not value.startswith("/"):
            errs.invalid(f"{path}.path", value, "must be an absolute path")
        for seq in _INVALID_PATH_SEQUENCES if value else ():
            if seq in value:
                errs.invalid(f"{path}.path", value, f"must not contain '{seq}'")
        for suffix in _INVALID_PATH_SUFFIXES if value else ():
            if value.endswith(suffix):
                errs.invalid(f"{path}.path", value, f"cannot end with '{suffix}'")
    elif ptype == "ImplementationSpecific":
        if value and not value.startswith("/"):
            errs.invalid(f"{path}.path", value, "must be an absolute path")
    else:
        errs.unsupported(f"{path}.pathType", ptype, PATH_TYPES)
    _backend(errs, f"{path}.backend", http_path.get("backend") or {})


def _ingress(errs: Errors, obj: dict) -> None:
    """ValidateIngressSpec: rules or a default backend, well-formed hosts, paths, backends, TLS."""
    spec = obj.get("spec") or {}
    rules = spec.get("rules") or []
    if not rules and spec.get("defaultBackend") is None:
        errs.invalid("spec", None, "either `defaultBackend` or `rules` must be specified",
                     raw="[]networking.IngressRule(nil)")
    if spec.get("defaultBackend") is not None:
        _backend(errs, "spec.defaultBackend", spec["defaultBackend"])
    for i, rule in enumerate(rules):
        host = rule.get("host") or ""
        if host:
            try:
                ipaddress.ip_address(host)
                errs.invalid(f"spec.rules[{i}].host", host, "must be a DNS name, not an IP address")
            except ValueError:
                pass
            _host(errs, f"spec.rules[{i}].host", host)
        http = rule.get("http")
        if http is None:
            continue
        if not http.get("paths"):
            errs.required(f"spec.rules[{i}].http.paths")
        for j, http_path in enumerate(http.get("paths") or ()):
            _http_path(errs, f"spec.rules[{i}].http.paths[{j}]", http_path)
    for i, tls in enumerate(spec.get("tls") or ()):
        for j, host in enumerate(tls.get("hosts") or ()):
            _host(errs, f"spec.tls[{i}].hosts[{j}]", host)
        secret = tls.get("secretName") or ""
        for msg in dns1123_subdomain(secret) if secret else ():
            errs.invalid(f"spec.tls[{i}].secretName", secret, msg)
    name = spec.get("ingressClassName")
    if name is not None:
        for msg in dns1123_subdomain(name):
            errs.invalid("spec.ingressClassName", name, msg)


def _ingress_class(errs: Errors, obj: dict) -> None:
    controller = (obj.get("spec") or {}).get("controller") or ""
    if not controller:
        errs.required("spec.controller")
        return
    if len(controller) > 250:
        errs.invalid("spec.controller", controller, "must be no more than 250 bytes")
    host, slash, rest = controller.partition("/")
    if not slash or not rest:
        errs.invalid("spec.controller", controller, 'must be a domain-prefixed path (such as "acme.io/foo")')
        return
    if dns1123_subdomain(host):
        errs.invalid("spec.controller", host, DNS1123_SUBDOMAIN_MSG)
    if not _DOMAIN_PATH.match(rest):
        errs.invalid("spec.controller", rest, "Invalid path")


VALIDATORS = {"NetworkPolicy": _network_policy, "Ingress": _ingress, "IngressClass": _ingress_class}
