"""metrics-server: CPU and memory use of containers, pods and nodes (`kubectl top`, the HPA).

Use comes from the image's behaviour: idle CPU plus `cpuPerRps` for each request per second
the pod serves (capped at the CPU limit: that cap is throttling), idle memory plus
`memoryPerRps` under load plus `memoryGrowth` for every second the container has run. Like
metrics-server the figures are scraped every 15 s; they are computed on demand from the last
scrape (the pod load network/traffic.py sampled then), never for every pod on every tick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.model.clock import timestamp
from kubetui.model.quantity import cpu_millis, memory_bytes

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

SCRAPE_SECONDS = 15
MiB = 1024 * 1024
NODE_SYSTEM_CPU = 60
NODE_SYSTEM_MEMORY = 450 * MiB
"""What the OS, kubelet and container runtime use on every node, beside the pods."""


@dataclass
class ContainerUsage:
    name: str
    cpu: int
    """Millicores."""
    memory: int
    """Bytes."""
    throttled: bool = False
    """The container wanted more CPU than its limit allows."""


@dataclass
class PodUsage:
    namespace: str
    name: str
    timestamp: int
    """The scrape tick these figures come from."""
    containers: list[ContainerUsage] = field(default_factory=list)

    @property
    def cpu(self) -> int:
        return sum(c.cpu for c in self.containers)

    @property
    def memory(self) -> int:
        return sum(c.memory for c in self.containers)


@dataclass
class NodeUsage:
    name: str
    timestamp: int
    cpu: int
    memory: int
    allocatable_cpu: int
    allocatable_memory: int

    @property
    def cpu_percent(self) -> int:
        return int(self.cpu * 100 / self.allocatable_cpu) if self.allocatable_cpu else 0

    @property
    def memory_percent(self) -> int:
        return int(self.memory * 100 / self.allocatable_memory) if self.allocatable_memory else 0


def scrape(sim: Simulation) -> tuple[int, dict[tuple[str, str], float]]:
    """The tick of metrics-server's last scrape and the requests per second each pod served then."""
    return sim.network.load_at_scrape(sim.tick)


def pod_usage(sim: Simulation, namespace: str, name: str) -> PodUsage | None:
    """A pod's use at the last scrape; None when metrics-server has none yet (not running then)."""
    at, loads = scrape(sim)
    return pod_usage_at(sim, namespace, name, at, loads)


def pod_usage_at(sim: Simulation, namespace: str, name: str, at: int, loads: dict) -> PodUsage | None:
    """A pod's use at scrape tick `at`, given the pod load of that scrape (see `scrape`)."""
    from kubetui.engine.network.traffic import serving_container

    rt = sim.kubelet.runtime(namespace, name)
    if rt is None or rt.killing or not sim.kubelet.alive(rt.node):
        return None
    running = [c for c in rt.containers if not c.init and c.state == "running"
               and c.started_at is not None and c.started_at <= at]
    if not running:
        return None
    rps = loads.get((namespace, name), 0.0)
    pod = sim.store.get("Pod", namespace, name)
    target = None
    if pod is not None and rps:
        target = serving_container(rt, _first_target_port(sim, pod))
    usage = PodUsage(namespace, name, at)
    for c in running:
        usage.containers.append(container_usage(c, at, rps if c is target else 0.0))
    return usage


def container_usage(c, at: int, rps: float) -> ContainerUsage:
    """One running container's CPU and memory at tick `at`, serving `rps` requests per second."""
    b = c.behavior
    if b is None:
        return ContainerUsage(c.name, 0, 0)
    limits = (c.spec.get("resources") or {}).get("limits") or {}
    cpu = b.cpu + b.cpuPerRps * rps
    throttled = False
    if "cpu" in limits and cpu >= cpu_millis(limits["cpu"]) and (rps > 0 or cpu > cpu_millis(limits["cpu"])):
        cpu, throttled = cpu_millis(limits["cpu"]), True
    ran = max(0, at - (c.started_at or at))
    memory = int((b.memory + b.memoryPerRps * rps + b.memoryGrowth * ran) * MiB)
    if "memory" in limits:
        memory = min(memory, memory_bytes(limits["memory"]))
    return ContainerUsage(c.name, int(round(cpu)), memory, throttled)


def _first_target_port(sim: Simulation, pod: dict):
    """The targetPort of a Service that selects this pod and has load (what it is serving)."""
    from kubetui.model.labels import from_map

    ns = pod["metadata"]["namespace"]
    labels = pod["metadata"].get("labels") or {}
    for (svc_ns, svc_name) in sorted(sim.network.loads):
        svc = sim.store.get("Service", svc_ns, svc_name) if svc_ns == ns else None
        if svc is None or not from_map(svc["spec"].get("selector")).matches(labels):
            continue
        ports = svc["spec"].get("ports") or []
        if ports:
            return ports[0].get("targetPort", ports[0].get("port"))
    return None


def node_usage(sim: Simulation, node: str) -> NodeUsage | None:
    """A node's use: its pods' plus the system's; None when its kubelet does not answer."""
    obj = sim.store.get("Node", None, node)
    if obj is None or not sim.kubelet.alive(node):
        return None
    at, loads = scrape(sim)
    cpu, memory = NODE_SYSTEM_CPU, NODE_SYSTEM_MEMORY
    for pod in sim.store.pods_on(node):
        usage = pod_usage_at(sim, pod["metadata"]["namespace"], pod["metadata"]["name"], at, loads)
        if usage is not None:
            cpu += usage.cpu
            memory += usage.memory
    alloc = obj["status"].get("allocatable") or {}
    return NodeUsage(node, at, cpu, memory, cpu_millis(alloc.get("cpu", "0")), memory_bytes(alloc.get("memory", "0")))


def pod_metrics(sim: Simulation, namespace: str | None = None) -> list[dict]:
    """PodMetrics (metrics.k8s.io/v1beta1) for the pods metrics-server has figures for."""
    at, loads = scrape(sim)
    out = []
    for pod in sim.store.list("Pod", namespace):
        meta = pod["metadata"]
        usage = pod_usage_at(sim, meta["namespace"], meta["name"], at, loads)
        if usage is None:
            continue
        out.append({
            "kind": "PodMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
            "metadata": {"name": meta["name"], "namespace": meta["namespace"],
                         "creationTimestamp": timestamp(sim.tick), "labels": dict(meta.get("labels") or {})},
            "timestamp": timestamp(at), "window": f"{SCRAPE_SECONDS}s",
            "containers": [{"name": c.name, "usage": {"cpu": f"{c.cpu * 1_000_000}n", "memory": f"{c.memory // 1024}Ki"}}
                           for c in usage.containers],
        })
    return out


def node_metrics(sim: Simulation) -> list[dict]:
    """NodeMetrics (metrics.k8s.io/v1beta1) for every node whose kubelet answers."""
    out = []
    for node in sim.store.list("Node"):
        usage = node_usage(sim, node["metadata"]["name"])
        if usage is None:
            continue
        out.append({
            "kind": "NodeMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
            "metadata": {"name": usage.name, "creationTimestamp": timestamp(sim.tick),
                         "labels": dict(node["metadata"].get("labels") or {})},
            "timestamp": timestamp(usage.timestamp), "window": f"{SCRAPE_SECONDS}s",
            "usage": {"cpu": f"{usage.cpu * 1_000_000}n", "memory": f"{usage.memory // 1024}Ki"},
        })
    return out
