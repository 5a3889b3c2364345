"""Addresses in the cluster, and their allocators.

- The Service network (10.96.0.0/12): admission gives each Service a ClusterIP and each
  NodePort port a number from 30000-32767, as the API server's allocators do (random, from the
  seeded generator; kept across updates; a taken one refused). 10.96.0.1 is the `kubernetes`
  Service's, 10.96.0.10 kube-dns's.
- The pod network: each node's podCIDR (10.244.N.0/24) and the pod IPs its kubelet hands out.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from kubetui.model import errors

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
KUBERNETES_SERVICE_IP = "10.96.0.1"
DNS_SERVICE_IP = "10.96.0.10"
"""kubeadm keeps this address for kube-dns; pods' /etc/resolv.conf points at it."""
NODE_PORT_RANGE = (30000, 32767)


def pod_cidr(index: int) -> str:
    """The pod range of the node registered `index`-th."""
    return f"10.244.{index}.0/24"


def pod_ip(index: int, host: int) -> str:
    """Address `host` in range 10.244.`index`.0/24."""
    return f"10.244.{index}.{host}"


def ip_sort_key(ip: str) -> tuple:
    """Addresses in numeric order (10.244.1.9 before 10.244.1.10), anything else after them."""
    try:
        return (0, int(ipaddress.ip_address(ip)))
    except ValueError:
        return (1, ip)


class ServiceAllocators:
    """The API server's ClusterIP and NodePort allocators (`sim.network.allocators`)."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.cluster_ips: dict[str, tuple[str, str]] = {DNS_SERVICE_IP: ("kube-system", "kube-dns")}
        """Allocated ClusterIPs -> the Service (namespace, name) holding each."""
        self.node_ports: dict[int, tuple[str, str]] = {}
        sim.store.watch("Service", self._on_service)

    def _on_service(self, event: str, old: dict | None, new: dict | None) -> None:
        for obj, add in ((old, False), (new, True)):
            if obj is None:
                continue
            key = (obj["metadata"].get("namespace", "default"), obj["metadata"]["name"])
            spec = obj.get("spec") or {}
            for ip in spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []):
                if ip and ip != "None":
                    if add:
                        self.cluster_ips[ip] = key
                    elif self.cluster_ips.get(ip) == key:
                        del self.cluster_ips[ip]
            for port in spec.get("ports") or ():
                number = port.get("nodePort")
                if number:
                    if add:
                        self.node_ports[number] = key
                    elif self.node_ports.get(number) == key:
                        del self.node_ports[number]

    def admit(self, op: str, obj: dict, old: dict | None) -> dict:
        """The Service REST storage's allocators: ClusterIP and NodePorts, kept across updates."""
        spec = obj.setdefault("spec", {})
        meta = obj["metadata"]
        key = (meta.get("namespace") or "default", meta["name"])
        name = meta["name"]
        stype = spec.get("type", "ClusterIP")
        old_spec = (old or {}).get("spec") or {}
        if stype == "ExternalName":
            spec.pop("clusterIP", None)
            spec.pop("clusterIPs", None)
        else:
            if op == "UPDATE" and not spec.get("clusterIP") and old_spec.get("clusterIP"):
                spec["clusterIP"] = old_spec["clusterIP"]
                spec["clusterIPs"] = list(old_spec.get("clusterIPs") or [old_spec["clusterIP"]])
            if op == "UPDATE" and old_spec.get("clusterIP") and spec.get("clusterIP") != old_spec["clusterIP"]:
                raise _invalid(name, "spec.clusterIPs[0]", f'Invalid value: []string{{"{spec["clusterIP"]}"}}: '
                               "may not change once set")
            ip = spec.get("clusterIP")
            if not ip:
                ip = self._allocate_ip()
            elif ip != "None" and (op == "CREATE" or ip != old_spec.get("clusterIP")):
                self._check_ip(name, ip, key)
            spec["clusterIP"] = ip
            spec["clusterIPs"] = [ip]
        ports = spec.get("ports") or []
        if stype in ("NodePort", "LoadBalancer"):
            previous = {(p.get("port"), p.get("protocol", "TCP")): p.get("nodePort") for p in old_spec.get("ports") or ()}
            taken_here: set[int] = set()
            for i, port in enumerate(ports):
                number = port.get("nodePort")
                if not number:
                    number = previous.get((port.get("port"), port.get("protocol", "TCP")))
                    if not number or number in taken_here:
                        number = self._allocate_port(taken_here)
                elif self.node_ports.get(number, key) != key or number in taken_here:
                    raise _invalid(name, f"spec.ports[{i}].nodePort",
                                   f"Invalid value: {number}: provided port is already allocated")
                port["nodePort"] = number
                taken_here.add(number)
        else:
            for port in ports:
                port.pop("nodePort", None)
        return obj

    def _allocate_ip(self) -> str:
        """A random free address above the low band the API server keeps for fixed ones."""
        base = int(SERVICE_CIDR.network_address)
        size = SERVICE_CIDR.num_addresses
        lower = min(max(16, size // 16), 256)
        for _ in range(64):
            ip = str(ipaddress.ip_address(base + self.sim.rng.randrange(lower, size - 1)))
            if ip not in self.cluster_ips:
                return ip
        for offset in range(lower, size - 1):
            ip = str(ipaddress.ip_address(base + offset))
            if ip not in self.cluster_ips:
                return ip
        raise errors.ApiError("InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full", 500)

    def _check_ip(self, name: str, ip: str, key: tuple[str, str]) -> None:
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            raise _invalid(name, "spec.clusterIPs[0]", f'Invalid value: "{ip}": must be a valid IP address, '
                                                       '(e.g. 10.9.8.7 or 2001:db8::ffff)') from None
        if addr not in SERVICE_CIDR or addr in (SERVICE_CIDR.network_address, SERVICE_CIDR.broadcast_address):
            raise _invalid(name, "spec.clusterIPs", f'Invalid value: []string{{"{ip}"}}: failed to allocate IP {ip}: '
                                                    f"the provided IP ({ip}) is not in the valid range. "
                                                    f"The range of valid IPs is {SERVICE_CIDR}")
        holder = self.cluster_ips.get(ip)
        if holder is not None and holder != key:
            raise _invalid(name, "spec.clusterIPs", f'Invalid value: []string{{"{ip}"}}: failed to allocate IP {ip}: '
                                                    "provided IP is already allocated")

    def _allocate_port(self, taken_here: set[int]) -> int:
        low, high = NODE_PORT_RANGE
        for _ in range(64):
            number = self.sim.rng.randint(low, high)
            if number not in self.node_ports and number not in taken_here:
                return number
        for number in range(low, high + 1):
            if number not in self.node_ports and number not in taken_here:
                return number
        raise errors.ApiError("InternalError", "Internal error occurred: failed to allocate a nodePort: range is full", 500)


def _invalid(name: str, path: str, body: str) -> errors.ObjectInvalid:
    from kubetui.model.kinds import KINDS
    from kubetui.model.validation import FieldInvalid

    return FieldInvalid(KINDS["Service"], name, [(path, body)])
