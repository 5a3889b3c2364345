"""NetworkPolicy: everything may talk to everything until a policy selects a pod; then only
what one of its rules allows gets through (ingress, and egress when policyTypes says so).
Peers are pods (by namespace and pod selectors) or address blocks (`ipBlock`, with `except`).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.model.labels import from_label_selector

if TYPE_CHECKING:
    from kubetui.engine.store import Store

EXTERNAL_CLIENT_IP = "203.0.113.10"
"""Where traffic comes from when it is not sent from a pod (a client outside the cluster)."""


@dataclass
class Source:
    """Who sends traffic: a pod (namespace and labels) or a client outside the cluster."""

    namespace: str | None = None
    labels: dict = field(default_factory=dict)
    ip: str = EXTERNAL_CLIENT_IP
    pod: str | None = None

    def describe(self) -> str:
        if self.namespace is None:
            return "outside the cluster"
        if self.pod:
            return f"{self.namespace}/{self.pod}"
        sel = ",".join(f"{k}={v}" for k, v in sorted(self.labels.items()))
        return f"{self.namespace}/{sel}" if sel else self.namespace


def source_of(pod: dict | None) -> Source:
    """The pod as a sender of traffic (None: a client outside the cluster)."""
    if pod is None:
        return Source()
    meta = pod["metadata"]
    return Source(meta.get("namespace", "default"), dict(meta.get("labels") or {}),
                  (pod.get("status") or {}).get("podIP") or "", meta["name"])


def policy_allows(store: Store, src: Source, dst: dict, port: int, protocol: str = "TCP") -> tuple[bool, str]:
    """Whether NetworkPolicies let `src` open `port` on pod `dst` (egress, then ingress)."""
    dst_ns = dst["metadata"].get("namespace", "default")
    dst_labels = dst["metadata"].get("labels") or {}
    dst_ip = (dst.get("status") or {}).get("podIP") or ""
    if src.namespace is not None:
        selecting = _selecting(store, src.namespace, src.labels, "Egress")
        if selecting and not any(
                _rule_allows(store, rule.get("to"), rule.get("ports"), pol_ns, dst_ns, dst_labels, dst_ip, port, protocol,
                             dst)
                for pol_ns, pol in selecting for rule in pol["spec"].get("egress") or ()):
            return False, f"egress from {src.describe()} denied by NetworkPolicy {_names(selecting)}"
    selecting = _selecting(store, dst_ns, dst_labels, "Ingress")
    if selecting and not any(
            _peer_rule_allows(store, rule, pol_ns, src, port, protocol, dst)
            for pol_ns, pol in selecting for rule in pol["spec"].get("ingress") or ()):
        return False, f"ingress to {dst_ns}/{dst['metadata']['name']} denied by NetworkPolicy {_names(selecting)}"
    return True, ""


def egress_allows(store: Store, src: Source, ip: str, port: int, protocol: str = "TCP") -> bool:
    """Whether the egress policies selecting `src` let it reach `ip:port` outside the cluster
    (only an `ipBlock` peer, or a rule with no peers, matches an outside address)."""
    if src.namespace is None:
        return True
    selecting = _selecting(store, src.namespace, src.labels, "Egress")
    return not selecting or any(
        _rule_allows(store, rule.get("to"), rule.get("ports"), pol_ns, None, {}, ip, port, protocol, {"spec": {}})
        for pol_ns, pol in selecting for rule in pol["spec"].get("egress") or ())


def _selecting(store: Store, namespace: str, labels: dict, direction: str) -> list[tuple[str, dict]]:
    out = []
    for pol in store.list("NetworkPolicy", namespace):
        spec = pol.get("spec") or {}
        types = spec.get("policyTypes") or (["Ingress"] + (["Egress"] if spec.get("egress") else []))
        if direction in types and from_label_selector(spec.get("podSelector") or {}).matches(labels):
            out.append((namespace, pol))
    return out


def _peer_rule_allows(store: Store, rule: dict, pol_ns: str, src: Source, port: int, protocol: str, dst: dict) -> bool:
    if not _port_allowed(rule.get("ports"), port, protocol, dst):
        return False
    peers = rule.get("from")
    if not peers:
        return True
    return any(_peer_matches(store, peer, pol_ns, src.namespace, src.labels, src.ip) for peer in peers)


def _rule_allows(store: Store, peers, ports, pol_ns, dst_ns, dst_labels, dst_ip, port, protocol, dst) -> bool:
    if not _port_allowed(ports, port, protocol, dst):
        return False
    if not peers:
        return True
    return any(_peer_matches(store, peer, pol_ns, dst_ns, dst_labels, dst_ip) for peer in peers)


def _peer_matches(store: Store, peer: dict, pol_ns: str, ns: str | None, labels: dict, ip: str) -> bool:
    if "ipBlock" in peer:
        block = peer["ipBlock"] or {}
        try:
            addr = ipaddress.ip_address(ip)
            if addr not in ipaddress.ip_network(block.get("cidr", ""), strict=False):
                return False
            return not any(addr in ipaddress.ip_network(x, strict=False) for x in block.get("except") or ())
        except ValueError:
            return False
    if ns is None:
        return False
    if "namespaceSelector" in peer and peer["namespaceSelector"] is not None:
        namespace = store.get("Namespace", None, ns)
        # ingress-nginx's namespace is implied, not stored: it carries the label every namespace has
        ns_labels = (namespace["metadata"].get("labels") or {}) if namespace else {"kubernetes.io/metadata.name": ns}
        if not from_label_selector(peer["namespaceSelector"]).matches(ns_labels):
            return False
    elif ns != pol_ns:
        return False
    if "podSelector" in peer and peer["podSelector"] is not None:
        return from_label_selector(peer["podSelector"]).matches(labels)
    return True


def container_port(pod: dict, port: int | str | None) -> int | None:
    """A port of the pod by number or name (None: its first declared port, 80 when none is)."""
    if isinstance(port, int):
        return port
    if isinstance(port, str) and port.isdigit():
        return int(port)
    for c in pod["spec"].get("containers") or ():
        for p in c.get("ports") or ():
            if port is None or p.get("name") == port:
                return p.get("containerPort")
    return 80 if port is None else None


def _port_allowed(ports: list | None, port: int, protocol: str, dst: dict) -> bool:
    if not ports:
        return True
    for p in ports:
        if p.get("protocol", "TCP") != protocol:
            continue
        want = p.get("port")
        if want is None:
            return True
        if isinstance(want, str) and not want.isdigit():
            if container_port(dst, want) == port:
                return True
            continue
        low = int(want)
        high = p.get("endPort") or low
        if low <= port <= high:
            return True
    return False


def _names(selecting: list[tuple[str, dict]]) -> str:
    return ", ".join(f"{ns}/{pol['metadata']['name']}" for ns, pol in selecting)
