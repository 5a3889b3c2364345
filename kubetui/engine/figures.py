"""Figures the engine keeps beside the API objects: what the cluster costs, how Services
serve their traffic, what data apps kept. Objectives, the UI and `--json` read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.sharedvalues import keep
from kubetui.model.clock import tick_of

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation


def collect(sim: Simulation) -> dict:
    return {
        "tick": sim.tick,
        "nodes": sim.store.count("Node"),
        "pods": sim.store.count("Pod"),
        "pending": sim.scheduler.pending(),
        "data": sim.kubelet.volumes.figures(),
        "breaches": sim.kubelet.breaches.figures(),
        "evictions": len(sim.kubelet.eviction.evicted),
        "cost": sim.meter.cost(),
        "boot": sim.meter.boot(),
        "services": sim.network.figures(),
        "ingresses": sim.network.ingress_figures(),
    }


_unready: dict[int, object] = {}
"""id -> a conditions list read without Ready=True (held, so the id stays its): the kubelet hands
one list to every pod whose conditions read alike, and stored lists are never changed in place."""

_ready: dict[int, tuple] = {}
"""id -> (a conditions list with Ready=True, the tick its Ready condition names, whether it has a
PodScheduled condition, the tick that names): the pods that turned Ready in one tick share one."""

_EMPTY: dict = {}

DEFAULT_PRICE_PER_HOUR = 0.10
"""What one machine costs an hour when its pool names no price (the seed's "maintenance cost")."""


class Meter:
    """The running counters behind `figures()`: machine-seconds and their price (the cluster's
    cost), VM boot times and pod start times. Updated when machines and pods come and go,
    never per node per tick: the integral of the machine count is kept as count × seconds."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.machines: dict[str, dict] = {}
        """name -> {pool, since, until, price}: every machine that ever ran, booting ones too."""
        self._count = 0
        self._rate = 0.0
        """Machines running now, and their summed price per second."""
        self._since = sim.tick
        self._seconds = 0.0
        self._price = 0.0
        self.boot_seconds: list[int] = []
        """How long each VM took from its creation until its Node registered."""
        self._started: dict[str, None] = {}
        self._container_start = [0, 0]
        self._pod_ready = [0, 0]
        """[sum of seconds, count]: scheduled -> Ready (containers), created -> Ready (pods)."""
        sim.store.watch("Pod", self._on_pod, unbound=False)

    def _settle(self) -> None:
        now = self.sim.tick
        self._seconds += self._count * (now - self._since)
        self._price += self._rate * (now - self._since)
        self._since = now

    def machine_up(self, name: str, spec: dict, boot_seconds: int = 0) -> None:
        """A machine starts costing money: a VM from the moment it is created, booting or not."""
        pool = spec.get("pool")
        price = spec.get("pricePerHour")
        if price is None and pool in self.sim.node_pools:
            price = self.sim.node_pools[pool].get("pricePerHour")
        price = DEFAULT_PRICE_PER_HOUR if price is None else float(price)
        self._settle()
        self.machines[name] = {"pool": pool, "since": self.sim.tick, "until": None, "price": price,
                               "boot": boot_seconds}
        self._count += 1
        self._rate += price / 3600
        if boot_seconds > 0:
            self.boot_seconds.append(boot_seconds)

    def machine_down(self, name: str) -> None:
        machine = self.machines.get(name)
        if machine is None or machine["until"] is not None:
            return
        self._settle()
        machine["until"] = self.sim.tick
        self._count -= 1
        self._rate -= machine["price"] / 3600

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            self._started.pop(old["metadata"]["uid"], None)
            return
        listed = (new.get("status") or _EMPTY).get("conditions") or ()
        if _unready.get(id(listed)) is listed:  # first: most writes are of pods not Ready yet
            return
        meta = new["metadata"]
        uid = meta["uid"]
        if uid in self._started or "kubernetes.io/config.source" in (meta.get("annotations") or _EMPTY):
            return
        found = _ready.get(id(listed))
        if found is None or found[0] is not listed:
            conds = {c["type"]: c for c in listed}
            ready = conds.get("Ready")
            if ready is None or ready.get("status") != "True":
                keep(_unready, id(listed), listed, 4096)
                return
            scheduled = conds.get("PodScheduled")
            found = keep(_ready, id(listed), (listed, tick_of(ready.get("lastTransitionTime")), scheduled is not None,
                                              None if scheduled is None else tick_of(scheduled.get("lastTransitionTime"))),
                         4096)
        self._started[uid] = None
        at = found[1] or self.sim.tick
        if found[2]:
            self._container_start[0] += at - (found[3] or at)
            self._container_start[1] += 1
        self._pod_ready[0] += at - (tick_of(meta.get("creationTimestamp")) or at)
        self._pod_ready[1] += 1

    def cost(self) -> dict:
        self._settle()
        now = self.sim.tick
        nodes: dict[str, float] = {}
        pools: dict[str, float] = {}
        for name in sorted(self.machines):
            m = self.machines[name]
            seconds = float((m["until"] if m["until"] is not None else now) - m["since"])
            nodes[name] = seconds
            if m["pool"]:
                pools[m["pool"]] = pools.get(m["pool"], 0.0) + seconds
        return {"nodeSeconds": float(self._seconds), "price": round(self._price, 6), "nodes": nodes,
                "pools": pools, "running": self._count}

    def boot(self) -> dict:
        def mean(pair):
            return round(pair[0] / pair[1], 2) if pair[1] else 0.0

        return {
            "vmBootSeconds": round(sum(self.boot_seconds) / len(self.boot_seconds), 2) if self.boot_seconds else 0.0,
            "vmsBooted": len(self.boot_seconds),
            "containerStartSeconds": mean(self._container_start),
            "podReadySeconds": mean(self._pod_ready),
            "podsStarted": self._pod_ready[1],
        }
