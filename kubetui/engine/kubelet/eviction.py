"""The kubelet's eviction manager: node memory pressure and the pods evicted to relieve it.

A node's memory in use is the sum of its running containers' use (the image's idle memory
plus its growth since start). When less than the eviction threshold (100Mi) of allocatable
memory is left, the kubelet reports MemoryPressure=True (the node is tainted
`node.kubernetes.io/memory-pressure:NoSchedule`) and evicts one pod at a time: BestEffort pods
first, then Burstable pods using more than they requested (most over first), as FIDELITY.md
asks; Guaranteed pods last. Evaluation follows the timers that change memory — a container
starting or stopping, or the tick a growing container would cross the threshold — never a scan
of every pod every tick. The pressure is lifted after the 5-minute transition period.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kubetui.engine.kubelet.status import update_readiness
from kubetui.model.clock import timestamp
from kubetui.model.quantity import memory_bytes

if TYPE_CHECKING:
    from kubetui.engine.kubelet.agent import Kubelet
    from kubetui.engine.kubelet.containers import PodRuntime

MiB = 1024 * 1024
THRESHOLD = 100 * MiB
THRESHOLD_TEXT = "100Mi"
PRESSURE_TRANSITION = 300
TAINT = {"key": "node.kubernetes.io/memory-pressure", "effect": "NoSchedule"}


def container_memory(c, now: int) -> int:
    """Bytes a running container uses at `now`."""
    b = c.behavior
    if b is None or c.state != "running":
        return 0
    return int((b.memory + b.memoryGrowth * max(0, now - (c.started_at or now))) * MiB)


def _requests(pod: dict, name: str) -> int:
    for c in pod["spec"].get("containers") or ():
        if c["name"] == name:
            return memory_bytes(((c.get("resources") or {}).get("requests") or {}).get("memory", 0))
    return 0


class EvictionManager:
    def __init__(self, kubelet: Kubelet):
        self.kubelet = kubelet
        self.sim = kubelet.sim
        self.epoch: dict[str, int] = {}
        self.pressure_since: dict[str, int] = {}
        """node -> tick memory pressure was last observed (nodes under pressure)."""
        self.evicted: list[dict] = []
        """{tick, node, namespace, pod, qosClass}: every eviction, for figures and the UI."""
        self.measuring: set[tuple[str, str]] = set()
        """Pods whose emptyDirs the next synchronize measures against their sizeLimit."""

    def changed(self, node: str) -> None:
        """Memory on `node` changed: look again at the next tick (once, however many changes)."""
        epoch = self.epoch[node] = self.epoch.get(node, 0) + 1
        self.sim.after(1, self.evaluate, node, epoch)

    def usage(self, node: str) -> tuple[int, float]:
        """(bytes in use by pods, MiB/s of growth) on a node."""
        now, used, growth = self.sim.tick, 0, 0.0
        for rt in self.kubelet.runtimes_on(node):
            if rt.killing:
                continue
            for c in rt.containers:
                if c.state == "running":
                    used += container_memory(c, now)
                    growth += c.behavior.memoryGrowth if c.behavior else 0.0
        return used, growth

    def evaluate(self, node: str, epoch: int) -> None:
        if self.epoch.get(node) != epoch or not self.kubelet.alive(node):
            return
        node_obj = self.sim.store.get("Node", None, node)
        if node_obj is None:
            return
        allocatable = memory_bytes(node_obj["status"].get("allocatable", {}).get("memory", "0"))
        used, growth = self.usage(node)
        available = allocatable - used
        if available < THRESHOLD:
            self.pressure_since[node] = self.sim.tick
            self._set_pressure(node_obj, True)
            if self._evict_one(node, available):
                self.changed(node)
            return
        if growth > 0:
            seconds = math.ceil((available - THRESHOLD) / (growth * MiB)) + 1
            self.sim.after(seconds, self.evaluate, node, epoch)
        since = self.pressure_since.get(node)
        if since is not None:
            if self.sim.tick - since >= PRESSURE_TRANSITION:
                del self.pressure_since[node]
                self._set_pressure(node_obj, False)
            else:
                self.sim.at(since + PRESSURE_TRANSITION, self.evaluate, node, epoch)

    def _set_pressure(self, node_obj: dict, on: bool) -> None:
        status = "True" if on else "False"
        conds = node_obj["status"].get("conditions") or []
        current = next((c for c in conds if c["type"] == "MemoryPressure"), None)
        taints = [t for t in node_obj["spec"].get("taints") or () if t.get("key") != TAINT["key"]]
        if on:
            taints.append(dict(TAINT))
        if current is not None and current["status"] == status:
            return
        now = timestamp(self.sim.tick)
        reason = "KubeletHasInsufficientMemory" if on else "KubeletHasSufficientMemory"
        cond = {"type": "MemoryPressure", "status": status, "lastHeartbeatTime": now, "lastTransitionTime": now,
                "reason": reason,
                "message": f"kubelet has {'insufficient' if on else 'sufficient'} memory available"}
        new_conds = [cond if c["type"] == "MemoryPressure" else c for c in conds]
        spec = {**node_obj["spec"], "taints": taints}
        if not taints:
            del spec["taints"]
        node_obj = self.sim.store.update({**node_obj, "spec": spec}, admit=False)
        node_obj = self.sim.store.update_status({**node_obj, "status": {**node_obj["status"], "conditions": new_conds}})
        name = node_obj["metadata"]["name"]
        word = "NodeHasInsufficientMemory" if on else "NodeHasSufficientMemory"
        self.sim.recorder.emit(node_obj, "Normal", word, f"Node {name} status is now: {word}", "kubelet", name)

    def _rank(self, rt: PodRuntime, pod: dict) -> tuple:
        now = self.sim.tick
        over = 0
        for c in rt.containers:
            if not c.init:
                over += container_memory(c, now) - _requests(pod, c.name)
        qos = (pod.get("status") or {}).get("qosClass") or ""
        rank = {"BestEffort": 0, "Burstable": 1 if over > 0 else 2}.get(qos, 2)
        return rank, pod["spec"].get("priority", 0) or 0, -over, pod["metadata"]["name"]

    def _evict_one(self, node: str, available: int) -> bool:
        candidates = []
        for rt in self.kubelet.runtimes_on(node):
            if rt.killing or rt.static or rt.phase in ("Succeeded", "Failed"):
                continue
            pod = self.sim.store.get("Pod", rt.namespace, rt.name)
            if pod is None or pod["metadata"].get("deletionTimestamp"):
                continue
            if not any(c.state == "running" for c in rt.containers):
                continue
            candidates.append((self._rank(rt, pod), rt, pod))
        if not candidates:
            return False
        _, rt, pod = min(candidates, key=lambda t: t[0])
        now = self.sim.tick
        message = (f"The node was low on resource: memory. Threshold quantity: {THRESHOLD_TEXT}, "
                   f"available: {max(0, available) // 1024}Ki. ")
        for c in rt.containers:
            use, req = container_memory(c, now), _requests(pod, c.name)
            if not c.init and use > req:
                message += (f"Container {c.name} was using {use // 1024}Ki, request is "
                            f"{_quantity(req)}, has larger consumption of memory. ")
        self.kubelet.evict(rt, pod, message)
        rt.killing = True
        rt.phase = "Failed"
        pod = self.sim.store.get("Pod", rt.namespace, rt.name)
        assert pod is not None, "evict() only wrote its status"
        conds = [c for c in pod["status"].get("conditions") or () if c["type"] != "DisruptionTarget"]
        conds.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                      "lastTransitionTime": timestamp(now), "reason": "TerminationByKubelet",
                      "message": "The node was low on resource: memory. "})
        status = {**pod["status"], "phase": "Failed", "reason": "Evicted", "message": message, "conditions": conds}
        self.sim.store.update_status({**pod, "status": status})
        self.evicted.append({"tick": now, "node": node, "namespace": rt.namespace, "pod": rt.name,
                             "qosClass": pod["status"].get("qosClass")})
        return True

    def volumes_written(self, rt: PodRuntime, pod: dict | None) -> None:
        """A container of `rt` wrote files: an emptyDir now past its sizeLimit is found at the
        eviction manager's next synchronize (every 10 s), which evicts the pod."""
        if pod is None or rt.killing or (rt.namespace, rt.name) in self.measuring:
            return
        for name, limit in _size_limits(pod):
            vol = rt.volumes.get(name)
            if vol is not None and vol.used() > memory_bytes(limit):
                self.measuring.add((rt.namespace, rt.name))
                tick = (self.sim.tick // MONITORING_PERIOD + 1) * MONITORING_PERIOD
                self.sim.at(tick, self.local_storage, (rt.namespace, rt.name), rt.uid)
                return

    def local_storage(self, key: tuple[str, str], uid: str) -> None:
        """The synchronize loop's local storage check: an emptyDir using more than its sizeLimit
        gets its pod evicted at once (grace period 0)."""
        self.measuring.discard(key)
        rt = self.kubelet.pods.get(key)
        pod = self.sim.store.get("Pod", *key)
        if rt is None or rt.uid != uid or rt.killing or pod is None or pod["metadata"]["uid"] != uid:
            return
        if rt.phase in ("Succeeded", "Failed") or not self.kubelet.alive(rt.node):
            return
        for name, limit in _size_limits(pod):
            vol = rt.volumes.get(name)
            if vol is None or vol.used() <= memory_bytes(limit):
                continue
            message = f'Usage of EmptyDir volume "{name}" exceeds the limit "{limit}". '
            self.kubelet.evict(rt, pod, message)
            rt.killing = True
            rt.phase = "Failed"
            update_readiness(rt, self.sim.tick)
            self.kubelet.publish(rt)
            pod = self.sim.store.get("Pod", *key)
            assert pod is not None, "evict() only wrote its status"
            status = {**pod["status"], "phase": "Failed", "reason": "Evicted", "message": message}
            self.sim.store.update_status({**pod, "status": status})
            self.evicted.append({"tick": self.sim.tick, "node": rt.node, "namespace": rt.namespace, "pod": rt.name,
                                 "qosClass": pod["status"].get("qosClass")})
            return


def _quantity(nbytes: int) -> str:
    from kubetui.engine.admission.resourcequota import canonical

    return canonical(nbytes, binary=True)



MONITORING_PERIOD = 10
"""Seconds between the eviction manager's synchronize loops (the kubelet's housekeeping)."""


def _size_limits(pod: dict) -> list[tuple[str, str]]:
    """(volume name, sizeLimit) of the pod's emptyDirs that have one."""
    out = []
    for v in pod["spec"].get("volumes") or ():
        limit = (v.get("emptyDir") or {}).get("sizeLimit")
        if limit not in (None, "", 0, "0"):
            out.append((v["name"], str(limit)))
    return out
