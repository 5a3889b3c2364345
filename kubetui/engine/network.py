"""The cluster network: Service addresses, DNS, NetworkPolicy and the traffic Services serve.

- Admission gives each Service a ClusterIP from 10.96.0.0/12 and each NodePort port a number
  from 30000-32767, as the API server's allocators do (random but from the seeded generator).
- DNS answers `<svc>.<ns>.svc.cluster.local` the way CoreDNS does (search path of the
  asking pod's namespace; headless Services answer with their ready pods).
- NetworkPolicy: everything may talk to everything until a policy selects a pod; then only
  what one of its rules allows gets through (ingress, and egress when policyTypes says so).
- Traffic: `sim load svc/web 300` offers requests per second to a Service. Every tick, and
  only for Services with load, kube-proxy spreads them evenly over the ready endpoints; each
  pod serves up to its image's capacity (less when its CPU limit throttles it) and the rest
  fail. The per-pod share is what drives CPU and memory use in `metrics`.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.model import errors
from kubetui.model.labels import from_label_selector
from kubetui.model.quantity import cpu_millis

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
KUBERNETES_SERVICE_IP = "10.96.0.1"
DNS_SERVICE_IP = "10.96.0.10"
"""kubeadm keeps this address for kube-dns; pods' /etc/resolv.conf points at it."""
NODE_PORT_RANGE = (30000, 32767)
CLUSTER_DOMAIN = "cluster.local"
EXTERNAL_CLIENT_IP = "203.0.113.10"
"""Where `sim load` traffic comes from when it is not sent from a namespace (outside the cluster)."""
SAMPLE_PERIOD = 15
"""metrics-server's scrape interval: pod load is sampled on these ticks."""
BASE_LATENCY_MS = 20.0
TIMEOUT_MS = 1000.0
"""What a failed request costs the client (it waits for a timeout or an error)."""

REFUSED = "connection refused"
TIMED_OUT = "timed out"


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


@dataclass
class ServiceStats:
    """What one Service did with its load, this tick and since it first had any."""

    offered: float = 0.0
    served: float = 0.0
    failed: float = 0.0
    latency_ms: float = 0.0
    requests: float = 0.0
    failures: float = 0.0
    endpoints: int = 0

    def figures(self) -> dict:
        return {
            "offeredRps": round(self.offered, 3),
            "servedRps": round(self.served, 3),
            "failedRps": round(self.failed, 3),
            "successRate": round(self.served / self.offered, 4) if self.offered > 0 else 1.0,
            "latencyMs": round(self.latency_ms, 1),
            "requests": int(self.requests),
            "failures": int(self.failures),
            "endpoints": self.endpoints,
        }


class Network:
    """Allocators, DNS, policies and traffic for one simulation (`sim.network`)."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.store = sim.store
        self.cluster_ips: dict[str, tuple[str, str]] = {DNS_SERVICE_IP: ("kube-system", "kube-dns")}
        """Allocated ClusterIPs -> the Service (namespace, name) holding each."""
        self.node_ports: dict[int, tuple[str, str]] = {}
        self.loads: dict[tuple[str, str], tuple[float, Source]] = {}
        """Service (namespace, name) -> (requests per second offered, where they come from)."""
        self.stats: dict[tuple[str, str], ServiceStats] = {}
        self.pod_rps: dict[tuple[str, str], float] = {}
        """Requests per second each pod served in the last traffic tick (only pods with load)."""
        self.sampled_rps: dict[tuple[str, str], float] = {}
        self.sampled_at = -1
        """The pod load metrics-server saw at its last scrape, and the tick of that scrape."""
        self._running = False
        self._round_robin: dict[tuple[str, str], int] = {}
        self.store.watch("Service", self._on_service)

    def state_digest(self) -> str:
        """Traffic state kept outside API objects, folded into the simulation's checksum."""
        return repr((sorted(self.loads.items()), sorted((k, repr(v)) for k, v in self.stats.items()),
                     sorted(self.pod_rps.items()), sorted(self.sampled_rps.items()), self.sampled_at,
                     sorted(self._round_robin.items()), sorted(self.node_ports.items())))

    # -- address allocation (admission) --------------------------------------------------------
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

    def admit_service(self, op: str, obj: dict, old: dict | None) -> dict:
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

    # -- DNS -----------------------------------------------------------------------------------
    def resolve(self, name: str, namespace: str = "default") -> tuple[str, list[str]] | None:
        """CoreDNS's answer for `name` asked from a pod in `namespace`: (FQDN, addresses).

        Tries the pod's search path (`<ns>.svc.cluster.local`, `svc.cluster.local`,
        `cluster.local`) unless the name ends with a dot. None means NXDOMAIN.
        """
        name = name.strip().lower()
        if not name:
            return None
        if name.endswith("."):
            candidates = [name.rstrip(".")]
        else:
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
            return []
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
        return 0, head + lines + "\n"

    def _service_of(self, fqdn: str) -> dict | None:
        parts = fqdn[: -len(CLUSTER_DOMAIN) - 1].split(".")
        if len(parts) == 3 and parts[2] == "svc":
            return self.store.get("Service", parts[1], parts[0])
        return None

    # -- NetworkPolicy -------------------------------------------------------------------------
    def source_of(self, pod: dict | None) -> Source:
        if pod is None:
            return Source()
        meta = pod["metadata"]
        return Source(meta.get("namespace", "default"), dict(meta.get("labels") or {}),
                      (pod.get("status") or {}).get("podIP") or "", meta["name"])

    def policy_allows(self, src: Source, dst: dict, port: int, protocol: str = "TCP") -> tuple[bool, str]:
        """Whether NetworkPolicies let `src` open `port` on pod `dst` (egress, then ingress)."""
        dst_ns = dst["metadata"].get("namespace", "default")
        dst_labels = dst["metadata"].get("labels") or {}
        dst_ip = (dst.get("status") or {}).get("podIP") or ""
        if src.namespace is not None:
            selecting = self._selecting(src.namespace, src.labels, "Egress")
            if selecting and not any(
                    self._rule_allows(rule.get("to"), rule.get("ports"), pol_ns, dst_ns, dst_labels, dst_ip, port, protocol, dst)
                    for pol_ns, pol in selecting for rule in pol["spec"].get("egress") or ()):
                return False, f"egress from {src.describe()} denied by NetworkPolicy {_names(selecting)}"
        selecting = self._selecting(dst_ns, dst_labels, "Ingress")
        if selecting and not any(
                self._peer_rule_allows(rule, pol_ns, src, port, protocol, dst)
                for pol_ns, pol in selecting for rule in pol["spec"].get("ingress") or ()):
            return False, f"ingress to {dst_ns}/{dst['metadata']['name']} denied by NetworkPolicy {_names(selecting)}"
        return True, ""

    def _selecting(self, namespace: str, labels: dict, direction: str) -> list[tuple[str, dict]]:
        out = []
        for pol in self.store.list("NetworkPolicy", namespace):
            spec = pol.get("spec") or {}
            types = spec.get("policyTypes") or (["Ingress"] + (["Egress"] if spec.get("egress") else []))
            if direction in types and from_label_selector(spec.get("podSelector") or {}).matches(labels):
                out.append((namespace, pol))
        return out

    def _peer_rule_allows(self, rule: dict, pol_ns: str, src: Source, port: int, protocol: str, dst: dict) -> bool:
        if not _port_allowed(rule.get("ports"), port, protocol, dst):
            return False
        peers = rule.get("from")
        if not peers:
            return True
        return any(self._peer_matches(peer, pol_ns, src.namespace, src.labels, src.ip) for peer in peers)

    def _rule_allows(self, peers, ports, pol_ns, dst_ns, dst_labels, dst_ip, port, protocol, dst) -> bool:
        if not _port_allowed(ports, port, protocol, dst):
            return False
        if not peers:
            return True
        return any(self._peer_matches(peer, pol_ns, dst_ns, dst_labels, dst_ip) for peer in peers)

    def _peer_matches(self, peer: dict, pol_ns: str, ns: str | None, labels: dict, ip: str) -> bool:
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
            namespace = self.store.get("Namespace", None, ns)
            ns_labels = (namespace or {}).get("metadata", {}).get("labels") or {}
            if not from_label_selector(peer["namespaceSelector"]).matches(ns_labels):
                return False
        elif ns != pol_ns:
            return False
        if "podSelector" in peer and peer["podSelector"] is not None:
            return from_label_selector(peer["podSelector"]).matches(labels)
        return True

    # -- reachability (kubectl exec ... wget / curl / nc) ----------------------------------------
    def reachable(self, src_pod: dict | None, dst: dict, port: int | str | None = None) -> tuple[bool, str]:
        """Can `src_pod` (None: a client outside the cluster) open a connection to `dst`?

        `dst` is a Pod or a Service; `port` a number (the Service's port, or the pod's) or a
        port name; None means the Service's first port or the pod's first container port (80
        when it declares none). Returns (True, "<ip>:<port>") for the endpoint reached, or
        (False, reason) where reason starts with "connection refused" (nothing listens, no
        endpoints) or "timed out" (a NetworkPolicy drops the packets, the node is down).
        """
        src = self.source_of(src_pod)
        if dst["kind"] == "Service":
            return self._reach_service(src, dst, port)
        return self._reach_pod(src, dst, port)

    def _reach_service(self, src: Source, svc: dict, port: int | str | None) -> tuple[bool, str]:
        spec = svc.get("spec") or {}
        ns, name = svc["metadata"].get("namespace", "default"), svc["metadata"]["name"]
        ports = spec.get("ports") or []
        if port is None and ports:
            entry = ports[0]
        else:
            entry = next((p for p in ports if p.get("port") == port or (p.get("name") and p.get("name") == port)), None)
        if entry is None and ports:
            return False, f"{TIMED_OUT}: service {ns}/{name} has no port {port}"
        endpoints = self.ready_endpoints(ns, name)
        if not endpoints:
            return False, f"{REFUSED}: service {ns}/{name} has no endpoints"
        count = self._round_robin.get((ns, name), 0)
        self._round_robin[(ns, name)] = count + 1
        pod = endpoints[count % len(endpoints)]
        target = entry.get("targetPort", entry.get("port")) if entry else port
        return self._reach_pod(src, pod, target)

    def _reach_pod(self, src: Source, pod: dict, port: int | str | None) -> tuple[bool, str]:
        ip = (pod.get("status") or {}).get("podIP")
        name = f"{pod['metadata'].get('namespace', 'default')}/{pod['metadata']['name']}"
        if not ip:
            return False, f"{TIMED_OUT}: pod {name} has no IP"
        number = _container_port(pod, port)
        if number is None:
            return False, f"{REFUSED}: pod {name} has no port named {port}"
        node = pod["spec"].get("nodeName") or ""
        if not self.sim.kubelet.alive(node):
            return False, f"{TIMED_OUT}: node {node} does not answer"
        ok, why = self.policy_allows(src, pod, number)
        if not ok:
            return False, f"{TIMED_OUT}: {why}"
        if not self._listening(pod, number):
            return False, f"{REFUSED}: nothing listens on {ip}:{number}"
        return True, f"{ip}:{number}"

    def _listening(self, pod: dict, port: int) -> bool:
        rt = self.sim.kubelet.runtime(pod["metadata"].get("namespace", "default"), pod["metadata"]["name"])
        if rt is None or rt.uid != pod["metadata"]["uid"]:
            return False
        for c in rt.containers:
            if c.init or not _answering(c, self.sim.tick):
                continue
            declared = [p.get("containerPort") for p in c.spec.get("ports") or ()]
            if not declared or port in declared:
                return True
        return False

    def ready_endpoints(self, namespace: str, name: str) -> list[dict]:
        """The ready pods behind a Service, as its Endpoints list them (kube-proxy's view)."""
        ep = self.store.get("Endpoints", namespace, name)
        out = []
        for subset in (ep or {}).get("subsets") or ():
            for a in subset.get("addresses") or ():
                ref = a.get("targetRef") or {}
                if ref.get("kind") != "Pod":
                    continue
                pod = self.store.get("Pod", ref.get("namespace", namespace), ref["name"])
                if pod is not None and pod["metadata"]["uid"] == ref.get("uid", pod["metadata"]["uid"]):
                    out.append(pod)
        return out

    # -- traffic -------------------------------------------------------------------------------
    def set_load(self, namespace: str, name: str, rps: float, source: Source | None = None) -> None:
        """Offer `rps` requests per second to a Service from now on (0 stops the load)."""
        key = (namespace, name)
        if rps <= 0:
            self.loads.pop(key, None)
        else:
            self.loads[key] = (float(rps), source or Source())
            self.stats.setdefault(key, ServiceStats())
        if not self._running:
            self._running = True
            self.sim.after(1, self._traffic_tick)

    def load_command(self, args: list[str]) -> str:
        """`sim load svc/NAME RPS [-n NAMESPACE] [--from NAMESPACE[/LABEL=VALUE,...]]`.

        Without `--from` the requests come from outside the cluster; with it, from a pod of
        that namespace carrying those labels (so NetworkPolicies apply as to that pod).
        Raises ValueError with the message to show.
        """
        namespace, source, positional = "default", Source(), []
        rest = list(args)
        while rest:
            arg = rest.pop(0)
            flag, eq, value = arg.partition("=")
            if flag in ("-n", "--namespace", "--from"):
                if not eq:
                    if not rest:
                        raise ValueError(f"flag needs an argument: {flag}")
                    value = rest.pop(0)
                if flag == "--from":
                    source = self._parse_source(value)
                else:
                    namespace = value
            elif arg.startswith("-"):
                raise ValueError(f"unknown flag: {arg}")
            else:
                positional.append(arg)
        if len(positional) != 2:
            raise ValueError("sim load takes svc/NAME and requests per second, e.g. sim load svc/web 300")
        target, rps_text = positional
        kind, _, name = target.rpartition("/")
        if kind not in ("", "svc", "service", "services") or not name:
            raise ValueError(f'sim load needs a Service (svc/NAME), not "{target}"')
        try:
            rps = float(rps_text)
        except ValueError:
            rps = -1.0
        if not math.isfinite(rps) or rps < 0:
            raise ValueError(f'invalid requests per second "{rps_text}": give a number >= 0')
        if self.store.get("Service", namespace, name) is None:
            raise ValueError(f'services "{name}" not found')
        self.set_load(namespace, name, rps, source)
        if rps == 0:
            return f"service/{name}: load stopped\n"
        return f"service/{name}: {rps:g} requests/s offered from {source.describe()}\n"

    def _parse_source(self, text: str) -> Source:
        from kubetui.model.labels import SelectorError, parse

        ns, _, selector = text.partition("/")
        if not ns:
            raise ValueError(f'--from needs a namespace, e.g. --from {text or "shop"}/app=web')
        if self.store.get("Namespace", None, ns) is None:
            raise ValueError(f'namespaces "{ns}" not found')
        labels = {}
        try:
            for req in parse(selector).requirements:
                if req.operator != "In" or len(req.values) != 1:
                    raise ValueError(f"--from takes plain labels (key=value), not {selector!r}")
                labels[req.key] = req.values[0]
        except SelectorError as exc:
            raise ValueError(str(exc)) from None
        return Source(ns, labels, "10.244.0.250", None)

    def _traffic_tick(self) -> None:
        tick = self.sim.tick
        pod_rps: dict[tuple[str, str], float] = {}
        for key in list(self.stats):
            stats = self.stats[key]
            if key not in self.loads:
                stats.offered = stats.served = stats.failed = stats.latency_ms = 0.0
                continue
            rps, source = self.loads[key]
            self._serve(key, rps, source, stats, pod_rps)
        self.pod_rps = pod_rps
        if tick % SAMPLE_PERIOD == 0:
            self.sampled_rps = dict(pod_rps)
            self.sampled_at = tick
        self.sim.kubelet.oom_under_load(pod_rps)
        if self.loads:
            self.sim.after(1, self._traffic_tick)
        else:
            self._running = False

    def _serve(self, key, rps: float, source: Source, stats: ServiceStats, pod_rps: dict) -> None:
        ns, name = key
        svc = self.store.get("Service", ns, name)
        endpoints = self.ready_endpoints(ns, name) if svc is not None else []
        stats.offered = rps
        stats.endpoints = len(endpoints)
        served = 0.0
        weighted_latency: list[tuple[float, float]] = []
        if endpoints:
            share = rps / len(endpoints)
            target = ((svc.get("spec") or {}).get("ports") or [{}])[0]
            target_port = target.get("targetPort", target.get("port"))
            for pod in endpoints:
                capacity = self._capacity(pod, source, target_port)
                got = min(share, capacity)
                if got <= 0:
                    continue
                pkey = (pod["metadata"]["namespace"], pod["metadata"]["name"])
                pod_rps[pkey] = pod_rps.get(pkey, 0.0) + got
                served += got
                busy = min(0.95, got / capacity) if capacity > 0 else 0.95
                weighted_latency.append((BASE_LATENCY_MS / (1 - busy), got))
        failed = max(0.0, rps - served)
        if failed > 0:
            weighted_latency.append((TIMEOUT_MS, failed))
        stats.served, stats.failed = served, failed
        stats.latency_ms = _percentile(weighted_latency, 0.95)
        stats.requests += rps
        stats.failures += failed

    def _capacity(self, pod: dict, source: Source, target_port) -> float:
        """Requests per second this pod can serve now: 0 when unreachable or not answering."""
        rt = self.sim.kubelet.runtime(pod["metadata"]["namespace"], pod["metadata"]["name"])
        if rt is None or rt.uid != pod["metadata"]["uid"] or not self.sim.kubelet.alive(rt.node):
            return 0.0
        c = serving_container(rt, target_port)
        if c is None or not _answering(c, self.sim.tick) or c.behavior is None:
            return 0.0
        port = _container_port(pod, target_port)
        if port is not None and not self.policy_allows(source, pod, port)[0]:
            return 0.0
        b = c.behavior
        capacity = float(b.capacityRps)
        limit = ((c.spec.get("resources") or {}).get("limits") or {}).get("cpu")
        if limit is not None and b.cpuPerRps > 0:
            capacity = min(capacity, max(0.0, (cpu_millis(limit) - b.cpu) / b.cpuPerRps))
        return capacity

    def load_at_scrape(self, tick: int) -> tuple[int, dict[tuple[str, str], float]]:
        """(scrape tick, pod -> rps) as metrics-server saw them at its last scrape up to `tick`."""
        latest = tick - tick % SAMPLE_PERIOD
        if self.sampled_at == latest:
            return latest, self.sampled_rps
        if self._running and self.sampled_at == latest - SAMPLE_PERIOD:
            return self.sampled_at, self.sampled_rps
        return latest, {}

    def figures(self) -> dict:
        """Per Service: its traffic figures, and under `sources` the same figures by the
        namespace the current load comes from (`external` for clients outside the cluster)."""
        out = {}
        for ns, name in sorted(self.stats):
            fig = self.stats[(ns, name)].figures()
            load = self.loads.get((ns, name))
            if load is not None:
                source = load[1].namespace or "external"
                fig["sources"] = {source: {k: fig[k] for k in ("offeredRps", "servedRps", "failedRps", "successRate")}}
            out[f"{ns}/{name}"] = fig
        return out


def serving_container(rt, target_port):
    """The container that answers a Service's target port (the first app container otherwise)."""
    apps = [c for c in rt.containers if not c.init]
    for c in apps:
        for p in c.spec.get("ports") or ():
            if target_port in (p.get("containerPort"), p.get("name")):
                return c
    return apps[0] if apps else None


def _answering(c, tick: int) -> bool:
    return c.state == "running" and c.answering_at is not None and tick >= c.answering_at


def _container_port(pod: dict, port: int | str | None) -> int | None:
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
            if _container_port(dst, want) == port:
                return True
            continue
        low = int(want)
        high = p.get("endPort") or low
        if low <= port <= high:
            return True
    return False


def _names(selecting: list[tuple[str, dict]]) -> str:
    return ", ".join(f"{ns}/{pol['metadata']['name']}" for ns, pol in selecting)


def _percentile(weighted: list[tuple[float, float]], q: float) -> float:
    total = sum(w for _, w in weighted)
    if total <= 0:
        return 0.0
    seen = 0.0
    for value, weight in sorted(weighted):
        seen += weight
        if seen >= q * total - 1e-9:
            return value
    return weighted[-1][0]


def ip_sort_key(ip: str) -> tuple:
    """Addresses in numeric order (10.244.1.9 before 10.244.1.10), anything else after them."""
    try:
        return (0, int(ipaddress.ip_address(ip)))
    except ValueError:
        return (1, ip)


def _invalid(name: str, path: str, body: str) -> errors.ObjectInvalid:
    from kubetui.model.kinds import KINDS
    from kubetui.model.validation import FieldInvalid

    return FieldInvalid(KINDS["Service"], name, [(path, body)])


