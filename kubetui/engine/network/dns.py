"""Cluster DNS, as CoreDNS answers it: `<svc>.<ns>.svc.cluster.local` for a Service's
ClusterIP (its ready pods for a headless Service, a CNAME for an ExternalName one),
`<hostname>.<svc>.<ns>.svc.cluster.local` for a pod of a headless Service,
`<a-b-c-d>.<ns>.pod.cluster.local` for a pod IP; names are tried along the asking pod's search
path.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from kubetui.engine.network import internet
from kubetui.engine.network.addresses import DNS_SERVICE_IP, ip_sort_key

if TYPE_CHECKING:
    from kubetui.engine.store import Store

CLUSTER_DOMAIN = "cluster.local"
TIMED_OUT = ";; connection timed out; no servers could be reached\n\n"
"""busybox nslookup's answer when no server replies (it prints no Server: header then)."""


class DNS:
    """kube-dns (`sim.network.dns`): what a pod's resolver gets back."""

    def __init__(self, store: Store):
        self.store = store
        self.served_by_pods = False
        """With the CoreDNS add-on, answers come from its pods: none while the kube-dns Service
        has no ready endpoint (coredns scaled to 0, its pods not Ready)."""

    def reachable(self) -> bool:
        """Whether a pod's query to 10.96.0.10 gets an answer."""
        if not self.served_by_pods:
            return True
        svc = self.store.get("Service", "kube-system", "kube-dns")
        if svc is None or (svc.get("spec") or {}).get("clusterIP") != DNS_SERVICE_IP:
            return False
        ep = self.store.get("Endpoints", "kube-system", "kube-dns")
        return any(subset.get("addresses") for subset in (ep or {}).get("subsets") or ())

    def resolve(self, name: str, namespace: str = "default",
                search: list[str] | None = None) -> tuple[str, list[str]] | None:
        """CoreDNS's answer for `name` asked from a pod in `namespace`: (FQDN, addresses).

        Tries the pod's search path (`<ns>.svc.cluster.local`, `svc.cluster.local`,
        `cluster.local`, or the `search` domains of the pod's resolv.conf) unless the name ends
        with a dot. None means NXDOMAIN, or no answer at all when no CoreDNS pod serves.
        """
        name = name.strip().lower()
        if not name or not self.reachable():
            return None
        if name.endswith("."):
            candidates = [name.rstrip(".")]
        else:
            if search is None:
                search = [f"{namespace}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}", CLUSTER_DOMAIN]
            candidates = [f"{name}.{s}" for s in search]
            if name.count(".") >= 1:
                candidates.append(name)
        for fqdn in candidates:
            answer = self._answer(fqdn)
            if answer:
                return fqdn, answer
        return None

    def _answer(self, fqdn: str) -> list[str]:
        suffix = "." + CLUSTER_DOMAIN
        if not fqdn.endswith(suffix):
            address = internet.address_of(fqdn)
            return [address] if address else []
        parts = fqdn[: -len(suffix)].split(".")
        if len(parts) == 3 and parts[2] == "pod":
            ip = parts[0].replace("-", ".")
            try:
                ipaddress.ip_address(ip)
            except ValueError:
                return []
            return [ip]
        if len(parts) not in (3, 4) or parts[-1] != "svc":
            return []
        if len(parts) == 4:
            hostname, svc_name, ns = parts[0], parts[1], parts[2]
        else:
            hostname, svc_name, ns = None, parts[0], parts[1]
        svc = self.store.get("Service", ns, svc_name)
        if svc is None:
            return []
        spec = svc.get("spec") or {}
        if spec.get("type") == "ExternalName":
            return [spec.get("externalName", "")] if hostname is None else []
        if spec.get("clusterIP") not in (None, "", "None") and hostname is None:
            return [spec["clusterIP"]]
        ep = self.store.get("Endpoints", ns, svc_name)
        out = []
        for subset in (ep or {}).get("subsets") or ():
            for a in subset.get("addresses") or ():
                if hostname is None or a.get("hostname") == hostname:
                    out.append(a["ip"])
        return sorted(set(out), key=ip_sort_key)

    def nslookup(self, name: str, namespace: str = "default") -> tuple[int, str]:
        """What `nslookup NAME` prints inside a pod (busybox's wording): (exit code, output)."""
        if not self.reachable():
            return 1, TIMED_OUT
        head = f"Server:\t\t{DNS_SERVICE_IP}\nAddress:\t{DNS_SERVICE_IP}:53\n\n"
        found = self.resolve(name, namespace)
        if found is None:
            shown = name if "." in name.rstrip(".") or name.endswith(".") else f"{name}.{namespace}.svc.{CLUSTER_DOMAIN}"
            return 1, head + f"** server can't find {shown.rstrip('.')}: NXDOMAIN\n\n"
        fqdn, addresses = found
        svc = self._service_of(fqdn)
        if svc is not None and svc["spec"].get("type") == "ExternalName":
            return 0, head + f"{fqdn}\tcanonical name = {addresses[0]}\n\n"
        lines = "".join(f"Name:\t{fqdn}\nAddress: {ip}\n" for ip in addresses)
        if not fqdn.endswith("." + CLUSTER_DOMAIN):
            lines = "Non-authoritative answer:\n" + lines
        return 0, head + lines + "\n"

    def _service_of(self, fqdn: str) -> dict | None:
        parts = fqdn[: -len(CLUSTER_DOMAIN) - 1].split(".")
        if len(parts) == 3 and parts[2] == "svc":
            return self.store.get("Service", parts[1], parts[0])
        return None
