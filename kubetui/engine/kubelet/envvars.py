"""The Service environment variables the kubelet gives every container (Docker-link style).

A container sees the `kubernetes` Service of the default namespace always, and with
`enableServiceLinks` (default true) every Service of its own namespace that existed when it
started; a headless or ExternalName Service (no cluster IP) gives none. Variables the container
defines itself win (the kubelet adds these after the container's own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.sharedvalues import keep

if TYPE_CHECKING:
    from kubetui.engine.store import Store

MASTER_NAMESPACE = "default"
MASTER_SERVICES = ("kubernetes",)


def _name(text: str) -> str:
    return text.upper().replace("-", "_")


def from_service(svc: dict) -> dict[str, str]:
    """The variables of one Service, in the kubelet's order (envvars.FromServices)."""
    spec = svc.get("spec") or {}
    ip, ports = spec.get("clusterIP", ""), spec.get("ports") or []
    prefix = _name(svc["metadata"]["name"])
    out = {f"{prefix}_SERVICE_HOST": ip}
    if ports:
        out[f"{prefix}_SERVICE_PORT"] = str(ports[0].get("port", ""))
    for p in ports:
        if p.get("name"):
            out[f"{prefix}_SERVICE_PORT_{_name(p['name'])}"] = str(p.get("port", ""))
    for i, p in enumerate(ports):
        proto = p.get("protocol") or "TCP"
        host = f"[{ip}]:{p.get('port')}" if ":" in ip else f"{ip}:{p.get('port')}"
        url = f"{proto.lower()}://{host}"
        if i == 0:
            out[f"{prefix}_PORT"] = url
        port_prefix = f"{prefix}_PORT_{p.get('port')}_{proto.upper()}"
        out[port_prefix] = url
        out[f"{port_prefix}_PROTO"] = proto.lower()
        out[f"{port_prefix}_PORT"] = str(p.get("port"))
        out[f"{port_prefix}_ADDR"] = ip
    return out


def service_env(store: Store, namespace: str, enable_service_links: bool) -> dict[str, str]:
    """The Service variables of a container in `namespace` (kubelet getServiceEnvVarMap)."""
    chosen: dict[str, dict] = {}
    for svc in store.list("Service", MASTER_NAMESPACE):
        if svc["metadata"]["name"] in MASTER_SERVICES:
            chosen.setdefault(svc["metadata"]["name"], svc)
    if enable_service_links:
        for svc in store.list("Service", namespace):
            chosen[svc["metadata"]["name"]] = svc
    key = tuple((name, chosen[name]["metadata"].get("uid"), chosen[name]["metadata"].get("resourceVersion"))
                for name in sorted(chosen))
    out = _BUILT.get(key)
    if out is None:
        out = {}
        for name in sorted(chosen):
            ip = (chosen[name].get("spec") or {}).get("clusterIP", "")
            if ip and ip != "None":
                out.update(from_service(chosen[name]))
        keep(_BUILT, key, out, 256)
    return out


_BUILT: dict[tuple, dict[str, str]] = {}
"""The variables of a set of Service versions, built once: every pod of a namespace started while
its Services stay the same gets the same strings (30,000 pods would otherwise hold 30,000 copies).
Callers only read the result."""
