"""The simulated cloud's load balancers: the addresses Services of type LoadBalancer get.

A real cloud provisions a load balancer for each such Service and the cloud-controller-manager
writes its address to `status.loadBalancer.ingress`; until then `kubectl get svc` shows
`<pending>`. Here addresses come from a fixed pool, lowest free first, so a run is
deterministic. The first address belongs to ingress-nginx's own Service: Ingresses it
serves publish that address.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubetui.engine.store import Store

POOL_START = ipaddress.ip_address("172.18.255.200")
POOL_SIZE = 51
INGRESS_NGINX_IP = str(POOL_START)
PROVISION_SECONDS = 3
"""How long the cloud takes to provision a load balancer."""


def allocate(store: Store, key: tuple[str, str]) -> str | None:
    """The lowest pool address no other Service holds (None when the pool is exhausted)."""
    taken = {INGRESS_NGINX_IP}
    for svc in store.iter("Service"):
        if (svc["metadata"]["namespace"], svc["metadata"]["name"]) == key:
            continue
        for entry in ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ():
            if entry.get("ip"):
                taken.add(entry["ip"])
    for offset in range(POOL_SIZE):
        ip = str(POOL_START + offset)
        if ip not in taken:
            return ip
    return None
