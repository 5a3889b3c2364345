"""The network as a whole (`sim.network`), and the traffic it carries.

`Network` owns the Service allocators (addresses.py) and cluster DNS (dns.py), and carries
connections and load the way kube-proxy does, NetworkPolicy (networkpolicy.py) deciding what
gets through:

- Connections (`kubectl exec ... wget / curl / nc`): a Service's ready endpoints in turn,
  refused when nothing listens, timed out when a policy drops the packets or the node is down.
- Load: `sim load svc/web 300` offers requests per second to a Service. Every tick, and only
  for Services with load, the requests are spread evenly over the ready endpoints; each pod
  serves up to its image's capacity (less when its CPU limit throttles it) and the rest fail.
  The per-pod share is what drives CPU and memory use in `metrics`.
- Load through an Ingress: `sim load ingress/web shop.example.com/api 300` sends requests for
  that host and path to ingress-nginx, which routes them (ingress.py): no rule answers 404, a
  backend without ready endpoints (or out of capacity) 503, the rest reach the backend's pods
  (from the controller's namespace, so NetworkPolicies see them as ingress-nginx traffic) and
  answer 200. Pods serve these after the load offered to Services directly, with what
  capacity that leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.engine.kubelet.containers import answering
from kubetui.engine.metrics import SCRAPE_SECONDS
from kubetui.engine.network.addresses import ServiceAllocators
from kubetui.engine.network.dns import DNS
from kubetui.engine.network.ingress import (
    CONTROLLER_LABELS,
    CONTROLLER_NAMESPACE,
    Route,
    route,
    served_ingresses,
    service_port,
)
from kubetui.engine.network.networkpolicy import Source, container_port, policy_allows, source_of
from kubetui.model.quantity import cpu_millis

if TYPE_CHECKING:
    from kubetui.engine.kubelet.containers import Container, PodRuntime
    from kubetui.engine.simulation import Simulation

BASE_LATENCY_MS = 20.0
TIMEOUT_MS = 1000.0
"""What a failed request costs the client (it waits for a timeout or an error)."""

REFUSED = "connection refused"
TIMED_OUT = "timed out"


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


INGRESS_SOURCE = Source(CONTROLLER_NAMESPACE, dict(CONTROLLER_LABELS), "10.244.0.100", None)
"""Requests routed by ingress-nginx come from its controller pod."""

IngressLoadKey = tuple[str, str, str, str]
"""(namespace, Ingress name, host, path) of a load sent through an Ingress."""


@dataclass
class IngressStats:
    """What the requests sent through one Ingress got back, this tick and since the load began."""

    offered: float = 0.0
    rps: dict[int, float] = field(default_factory=dict)
    """HTTP status -> requests per second answered with it this tick."""
    responses: dict[int, float] = field(default_factory=dict)
    """HTTP status -> requests answered with it so far."""
    backend: str = ""
    """`namespace/service` the requests were routed to ("" when no rule matched)."""

    def figures(self) -> dict:
        ok = self.rps.get(200, 0.0)
        return {
            "offeredRps": round(self.offered, 3),
            "statusRps": {str(code): round(v, 3) for code, v in sorted(self.rps.items())},
            "successRate": round(ok / self.offered, 4) if self.offered > 0 else 1.0,
            "responses": {str(code): int(v) for code, v in sorted(self.responses.items())},
            "backend": self.backend,
        }


class Network:
    """The cluster network (`sim.network`): allocators, DNS, and the traffic Services serve."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.store = sim.store
        self.allocators = ServiceAllocators(sim)
        """ClusterIPs and NodePorts, as the API server allocates them (admission)."""
        self.dns = DNS(sim.store)
        """kube-dns."""
        self.loads: dict[tuple[str, str], tuple[float, Source]] = {}
        """Service (namespace, name) -> (requests per second offered, where they come from)."""
        self.stats: dict[tuple[str, str], ServiceStats] = {}
        self.pod_rps: dict[tuple[str, str], float] = {}
        """Requests per second each pod served in the last traffic tick (only pods with load)."""
        self.sampled_rps: dict[tuple[str, str], float] = {}
        self.sampled_at = -1
        """The pod load metrics-server saw at its last scrape, and the tick of that scrape
        (pod load is sampled on metrics-server's scrape ticks)."""
        self._running = False
        self._round_robin: dict[tuple[str, str], int] = {}
        self.ingress_loads: dict[IngressLoadKey, float] = {}
        """Requests per second sent through an Ingress, by (namespace, name, host, path)."""
        self.ingress_stats: dict[IngressLoadKey, IngressStats] = {}

    def state_digest(self) -> str:
        """Traffic state kept outside API objects, folded into the simulation's checksum."""
        digest = repr((sorted(self.loads.items()), sorted((k, repr(v)) for k, v in self.stats.items()),
                       sorted(self.pod_rps.items()), sorted(self.sampled_rps.items()), self.sampled_at,
                       sorted(self._round_robin.items()), sorted(self.allocators.node_ports.items())))
        if self.ingress_stats:
            digest += repr((sorted(self.ingress_loads.items()),
                            sorted((k, repr(v)) for k, v in self.ingress_stats.items())))
        return digest

    # -- reachability (kubectl exec ... wget / curl / nc) ----------------------------------------
    def reachable(self, src_pod: dict | None, dst: dict, port: int | str | None = None) -> tuple[bool, str]:
        """Can `src_pod` (None: a client outside the cluster) open a connection to `dst`?

        `dst` is a Pod or a Service; `port` a number (the Service's port, or the pod's) or a
        port name; None means the Service's first port or the pod's first container port (80
        when it declares none). Returns (True, "<ip>:<port>") for the endpoint reached, or
        (False, reason) where reason starts with "connection refused" (nothing listens, no
        endpoints) or "timed out" (a NetworkPolicy drops the packets, the node is down).
        """
        ok, where, _ = self.connect(src_pod, dst, port)
        return ok, where

    def connect(self, src_pod: dict | None, dst: dict, port: int | str | None = None) -> tuple[bool, str, dict | None]:
        """`reachable`, with the pod the connection reached (None when it failed)."""
        src = source_of(src_pod)
        if dst["kind"] == "Service":
            return self._reach_service(src, dst, port)
        return self._reach_pod(src, dst, port)

    def _reach_service(self, src: Source, svc: dict, port: int | str | None) -> tuple[bool, str, dict | None]:
        spec = svc.get("spec") or {}
        ns, name = svc["metadata"].get("namespace", "default"), svc["metadata"]["name"]
        ports = spec.get("ports") or []
        if port is None and ports:
            entry = ports[0]
        else:
            entry = next((p for p in ports if p.get("port") == port or (p.get("name") and p.get("name") == port)), None)
        if entry is None and ports:
            return False, f"{TIMED_OUT}: service {ns}/{name} has no port {port}", None
        endpoints = self.ready_endpoints(ns, name)
        if not endpoints:
            return False, f"{REFUSED}: service {ns}/{name} has no endpoints", None
        count = self._round_robin.get((ns, name), 0)
        self._round_robin[(ns, name)] = count + 1
        pod = endpoints[count % len(endpoints)]
        target = entry.get("targetPort", entry.get("port")) if entry else port
        return self._reach_pod(src, pod, target)

    def _reach_pod(self, src: Source, pod: dict, port: int | str | None) -> tuple[bool, str, dict | None]:
        ip = (pod.get("status") or {}).get("podIP")
        name = f"{pod['metadata'].get('namespace', 'default')}/{pod['metadata']['name']}"
        if not ip:
            return False, f"{TIMED_OUT}: pod {name} has no IP", None
        number = container_port(pod, port)
        if number is None:
            return False, f"{REFUSED}: pod {name} has no port named {port}", None
        node = pod["spec"].get("nodeName") or ""
        if not self.sim.kubelet.alive(node):
            return False, f"{TIMED_OUT}: node {node} does not answer", None
        ok, why = policy_allows(self.store, src, pod, number)
        if not ok:
            return False, f"{TIMED_OUT}: {why}", None
        if not self._listening(pod, number):
            return False, f"{REFUSED}: nothing listens on {ip}:{number}", None
        return True, f"{ip}:{number}", pod

    def answers_on(self, pod: dict, port: int) -> bool:
        """Does something in the pod listen on `port`, seen from inside it (what port-forward
        reaches through the kubelet: the pod's own localhost, past any NetworkPolicy)?"""
        return self.sim.kubelet.alive(pod["spec"].get("nodeName") or "") and self._listening(pod, port)

    def _listening(self, pod: dict, port: int) -> bool:
        from kubetui.engine.network.client import listens

        rt = self.sim.kubelet.runtime(pod["metadata"].get("namespace", "default"), pod["metadata"]["name"])
        return rt is not None and rt.uid == pod["metadata"]["uid"] and listens(self.sim, pod, port)

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
        self._start()

    def set_ingress_load(self, namespace: str, name: str, host: str, path: str, rps: float) -> None:
        """Send `rps` requests per second for `host` + `path` to the Ingress (0 stops them)."""
        key = (namespace, name, host, path)
        if rps <= 0:
            self.ingress_loads.pop(key, None)
        else:
            self.ingress_loads[key] = float(rps)
            self.ingress_stats.setdefault(key, IngressStats())
        self._start()

    def _start(self) -> None:
        if not self._running:
            self._running = True
            self.sim.after(1, self._traffic_tick)

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
        nginx = served_ingresses(self.store) if self.ingress_loads else []
        for ikey in list(self.ingress_stats):
            istats = self.ingress_stats[ikey]
            if ikey not in self.ingress_loads:
                istats.offered, istats.rps = 0.0, {}
                continue
            self._serve_ingress(ikey, self.ingress_loads[ikey], istats, pod_rps, nginx)
        self.pod_rps = pod_rps
        if tick % SCRAPE_SECONDS == 0:
            self.sampled_rps = dict(pod_rps)
            self.sampled_at = tick
        self.sim.kubelet.oom_under_load(pod_rps)
        if self.loads or self.ingress_loads:
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
            assert svc is not None
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

    def _serve_ingress(self, key: IngressLoadKey, rps: float, stats: IngressStats, pod_rps: dict,
                       nginx: list[dict]) -> None:
        """One tick of requests through ingress-nginx: routed, then served by the backend's pods
        with the capacity the Services' own load left them."""
        _, _, host, path = key
        found = route(self.store, host, path, nginx)
        stats.offered = rps
        stats.backend = "/".join(found.service) if found.service else ""
        served = 0.0
        if found.status == 200:
            endpoints, target_port = self._ingress_backend(found)
            share = rps / len(endpoints) if endpoints else 0.0
            for pod in endpoints:
                pkey = (pod["metadata"]["namespace"], pod["metadata"]["name"])
                room = self._ingress_capacity(pod, target_port) - pod_rps.get(pkey, 0.0)
                got = min(share, max(0.0, room))
                if got > 0:
                    pod_rps[pkey] = pod_rps.get(pkey, 0.0) + got
                    served += got
        failed = rps - served
        answered = {200: served, 404: failed if found.status == 404 else 0.0,
                    503: failed if found.status != 404 else 0.0}
        stats.rps = {code: v for code, v in answered.items() if v > 0}
        for code, v in stats.rps.items():
            stats.responses[code] = stats.responses.get(code, 0.0) + v

    def _ingress_backend(self, found: Route) -> tuple[list[dict], int | str | None]:
        """The ready pods behind a routed request's Service, and the port it forwards to."""
        assert found.service is not None and found.port is not None
        svc = self.store.get("Service", *found.service)
        entry = service_port(svc, found.port) if svc is not None else None
        if entry is None:
            return [], None
        return self.ready_endpoints(*found.service), entry.get("targetPort", entry.get("port"))

    def _ingress_capacity(self, pod: dict, target_port) -> float:
        """What a pod serves of nginx's requests: nothing when its app does not listen on the
        port the Service forwards to (nginx then answers 503), else its capacity."""
        rt = self.sim.kubelet.runtime(pod["metadata"]["namespace"], pod["metadata"]["name"])
        number = container_port(pod, target_port)
        c = serving_container(rt, target_port) if rt is not None else None
        if c is None or number is None or (c.behavior is not None and c.behavior.ports
                                           and number not in c.behavior.ports):
            return 0.0
        return self._capacity(pod, INGRESS_SOURCE, target_port)

    def http_via_ingress(self, host: str, path: str) -> tuple[int, str, str]:
        """What one request for `host` + `path` through ingress-nginx gets now: (HTTP status,
        `namespace/service` it was routed to or "", why it failed or "")."""
        found = route(self.store, host.lower(), path or "/")
        backend = "/".join(found.service) if found.service else ""
        if found.status != 200:
            return found.status, backend, found.reason
        endpoints, target_port = self._ingress_backend(found)
        if not endpoints:
            return 503, backend, f"service {backend} has no ready endpoints"
        if not any(self._ingress_capacity(pod, target_port) > 0 for pod in endpoints):
            return 503, backend, f"no pod of service {backend} answers on port {target_port}"
        return 200, backend, ""

    def _capacity(self, pod: dict, source: Source, target_port) -> float:
        """Requests per second this pod can serve now: 0 when unreachable or not answering."""
        rt = self.sim.kubelet.runtime(pod["metadata"]["namespace"], pod["metadata"]["name"])
        if rt is None or rt.uid != pod["metadata"]["uid"] or not self.sim.kubelet.alive(rt.node):
            return 0.0
        c = serving_container(rt, target_port)
        if c is None or not answering(c, self.sim.tick) or c.behavior is None:
            return 0.0
        port = container_port(pod, target_port)
        if port is not None and not policy_allows(self.store, source, pod, port)[0]:
            return 0.0
        b = c.behavior
        capacity = float(b.capacityRps)
        limit = ((c.spec.get("resources") or {}).get("limits") or {}).get("cpu")
        if limit is not None and b.cpuPerRps > 0:
            capacity = min(capacity, max(0.0, (cpu_millis(limit) - b.cpu) / b.cpuPerRps))
        return capacity

    def load_at_scrape(self, tick: int) -> tuple[int, dict[tuple[str, str], float]]:
        """(scrape tick, pod -> rps) as metrics-server saw them at its last scrape up to `tick`."""
        latest = tick - tick % SCRAPE_SECONDS
        if self.sampled_at == latest:
            return latest, self.sampled_rps
        if self._running and self.sampled_at == latest - SCRAPE_SECONDS:
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

    def ingress_figures(self) -> dict:
        """Per load sent through an Ingress (`namespace/name host/path`): HTTP statuses answered."""
        return {f"{ns}/{name} {host}{path}": self.ingress_stats[(ns, name, host, path)].figures()
                for ns, name, host, path in sorted(self.ingress_stats)}


def serving_container(rt: PodRuntime, target_port) -> Container | None:
    """The container that answers a Service's target port (the first app container otherwise)."""
    apps = [c for c in rt.containers if not c.init]
    for c in apps:
        for p in c.spec.get("ports") or ():
            if target_port in (p.get("containerPort"), p.get("name")):
                return c
    return apps[0] if apps else None


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
