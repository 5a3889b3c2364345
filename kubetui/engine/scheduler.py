"""kube-scheduler: binds each pending pod to the best node that passes every filter.

Filters follow the default plugins (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
NodeResourcesFit); scoring is least-allocated plus balanced allocation (and preferred node
affinity). Like kube-scheduler it looks at a share of the nodes in large clusters
(percentageOfNodesToScore) starting where the last search stopped, and it keeps per-node
requested totals up to date from the change feed instead of summing pods.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.engine.labels import Requirement
from kubetui.model.clock import timestamp
from kubetui.model.quantity import cpu_millis, memory_bytes

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

DEFAULT_CPU_REQUEST = 100
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024
"""What scoring assumes for a container without requests (the scheduler's non-zero defaults)."""
UNSCHEDULABLE_FLUSH = 300
"""Unschedulable pods are retried at least this often (podMaxInUnschedulablePodsDuration)."""
MIN_FEASIBLE_NODES = 100


@dataclass
class NodeInfo:
    name: str
    cpu: int = 0
    memory: int = 0
    pods: int = 110
    labels: dict = field(default_factory=dict)
    taints: list = field(default_factory=list)
    unschedulable: bool = False
    requested_cpu: int = 0
    requested_memory: int = 0
    nonzero_cpu: int = 0
    nonzero_memory: int = 0
    pod_count: int = 0


def pod_requests(spec: dict) -> tuple[int, int, int, int]:
    """(cpu millis, memory bytes, non-zero cpu, non-zero memory) a pod asks of its node."""
    cpu = mem = nz_cpu = nz_mem = 0
    for c in spec.get("containers", ()):
        req = (c.get("resources") or {}).get("requests") or {}
        c_cpu = cpu_millis(req["cpu"]) if "cpu" in req else 0
        c_mem = memory_bytes(req["memory"]) if "memory" in req else 0
        cpu += c_cpu
        mem += c_mem
        nz_cpu += c_cpu if "cpu" in req else DEFAULT_CPU_REQUEST
        nz_mem += c_mem if "memory" in req else DEFAULT_MEMORY_REQUEST
    for c in spec.get("initContainers", ()):
        req = (c.get("resources") or {}).get("requests") or {}
        cpu = max(cpu, cpu_millis(req["cpu"]) if "cpu" in req else 0)
        mem = max(mem, memory_bytes(req["memory"]) if "memory" in req else 0)
    return cpu, mem, nz_cpu, nz_mem


def tolerates(tolerations: list[dict], taint: dict) -> bool:
    for t in tolerations or ():
        if t.get("effect") and t["effect"] != taint.get("effect"):
            continue
        op = t.get("operator", "Equal")
        if not t.get("key") and op == "Exists":
            return True
        if t.get("key") != taint.get("key"):
            continue
        if op == "Exists" or t.get("value", "") == taint.get("value", ""):
            return True
    return False


def _match_term(term: dict, labels: dict, name: str) -> bool:
    for expr in term.get("matchExpressions") or ():
        if not Requirement(expr["key"], expr["operator"], tuple(expr.get("values") or ())).matches(labels):
            return False
    for expr in term.get("matchFields") or ():
        if not Requirement(expr["key"], expr["operator"], tuple(expr.get("values") or ())).matches({"metadata.name": name}):
            return False
    return bool(term.get("matchExpressions") or term.get("matchFields"))


def matches_node_affinity(spec: dict, labels: dict, name: str) -> bool:
    for k, v in (spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False
    required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution"))
    if required:
        return any(_match_term(t, labels, name) for t in required.get("nodeSelectorTerms") or ())
    return True


def _resource_score(info: NodeInfo, nz_cpu: int, nz_mem: int) -> float:
    """Least allocated plus balanced allocation, each 0–100, for a pod asking (nz_cpu, nz_mem)."""
    c = min(1.0, (info.nonzero_cpu + nz_cpu) / info.cpu) if info.cpu else 1.0
    m = min(1.0, (info.nonzero_memory + nz_mem) / info.memory) if info.memory else 1.0
    return (2 - c - m) * 50 + (1 - abs(c - m) / 2) * 100


class Scheduler:
    name = "default-scheduler"

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.store = sim.store
        self.nodes: dict[str, NodeInfo] = {}
        self._order: list[str] = []
        self._next_start = 0
        self._active: list[tuple[int, int, tuple[str, str]]] = []
        self._queued: dict[tuple[str, str], None] = {}
        self._unschedulable: dict[tuple[str, str], int] = {}
        self._seq = 0
        self._counted: dict[tuple[str, str], tuple[str, int, int, int, int]] = {}
        self._moved = False
        self.store.watch("Pod", self._on_pod)
        self.store.watch("Node", self._on_node)
        self.store.watch("PersistentVolumeClaim", self._on_claim)

    # -- the change feed -----------------------------------------------------------------------
    def _on_node(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            name = old["metadata"]["name"]
            self.nodes.pop(name, None)
            self._order = [n for n in self._order if n != name]
            return
        name = new["metadata"]["name"]
        info = self.nodes.get(name)
        if info is None:
            info = self.nodes[name] = NodeInfo(name)
            self._order.append(name)
        alloc = new["status"].get("allocatable", {})
        info.cpu = cpu_millis(alloc.get("cpu", "0"))
        info.memory = memory_bytes(alloc.get("memory", "0"))
        info.pods = int(alloc.get("pods", 110))
        info.labels = new["metadata"].get("labels") or {}
        info.taints = new["spec"].get("taints") or []
        info.unschedulable = bool(new["spec"].get("unschedulable"))
        if old is None or old["spec"] != new["spec"] or old["metadata"].get("labels") != new["metadata"].get("labels") \
                or old["status"].get("allocatable") != alloc:
            self._moved = True

    def _on_claim(self, event: str, old: dict | None, new: dict | None) -> None:
        """A claim appearing or getting bound may let a waiting pod schedule."""
        if new is not None and (old is None or old.get("status", {}).get("phase") != new.get("status", {}).get("phase")):
            self._moved = True

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        obj = new or old
        key = (obj["metadata"]["namespace"], obj["metadata"]["name"])
        counted = new is not None and new["spec"].get("nodeName") and \
            new.get("status", {}).get("phase") not in ("Succeeded", "Failed")
        was = self._counted.get(key)
        if was is not None and (not counted or was[0] != new["spec"]["nodeName"] or new["metadata"]["uid"] != old["metadata"]["uid"]):
            self._uncount(key)
            self._moved = True
        if counted and key not in self._counted:
            self._count(key, new)
        if new is None:
            self._queued.pop(key, None)
            self._unschedulable.pop(key, None)
            return
        if not new["spec"].get("nodeName") and not new["metadata"].get("deletionTimestamp") \
                and new["spec"].get("schedulerName", self.name) == self.name \
                and key not in self._queued and key not in self._unschedulable:
            self._enqueue(key, new)

    def _count(self, key, pod) -> None:
        cpu, mem, nz_cpu, nz_mem = pod_requests(pod["spec"])
        node = pod["spec"]["nodeName"]
        info = self.nodes.get(node)
        self._counted[key] = (node, cpu, mem, nz_cpu, nz_mem)
        if info is not None:
            info.requested_cpu += cpu
            info.requested_memory += mem
            info.nonzero_cpu += nz_cpu
            info.nonzero_memory += nz_mem
            info.pod_count += 1

    def _uncount(self, key) -> None:
        node, cpu, mem, nz_cpu, nz_mem = self._counted.pop(key)
        info = self.nodes.get(node)
        if info is not None:
            info.requested_cpu -= cpu
            info.requested_memory -= mem
            info.nonzero_cpu -= nz_cpu
            info.nonzero_memory -= nz_mem
            info.pod_count -= 1

    def _enqueue(self, key, pod) -> None:
        self._seq += 1
        priority = pod["spec"].get("priority", 0) or 0
        heapq.heappush(self._active, (-priority, self._seq, key))
        self._queued[key] = None

    # -- scheduling ----------------------------------------------------------------------------
    def run(self) -> int:
        """One scheduling pass over the active queue; returns how many pods were bound."""
        tick = self.sim.tick
        if self._moved or (self._unschedulable and tick % UNSCHEDULABLE_FLUSH == 0):
            self._moved = False
            for key in list(self._unschedulable):
                pod = self.store.get("Pod", *key)
                del self._unschedulable[key]
                if pod is not None:
                    self._enqueue(key, pod)
        bound = 0
        while self._active:
            _, _, key = heapq.heappop(self._active)
            if key not in self._queued:
                continue
            del self._queued[key]
            pod = self.store.get("Pod", *key)
            if pod is None or pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp"):
                continue
            node, message = self.schedule_one(pod)
            if node is None:
                self._unschedulable[key] = tick
                self._fail(pod, message)
            else:
                self._bind(pod, node)
                bound += 1
        return bound

    def schedule_one(self, pod: dict) -> tuple[str | None, str]:
        spec = pod["spec"]
        req = pod_requests(spec)
        n = len(self._order)
        if n == 0:
            return None, "no nodes available to schedule pods"
        blocked, volume_terms = self.sim.kubelet.volumes.prefilter(pod) if spec.get("volumes") else (None, [])
        if blocked:
            return None, (f"0/{n} nodes are available: {blocked}. preemption: 0/{n} nodes are available: "
                          f"{n} Preemption is not helpful for scheduling.")
        want = self._num_feasible_to_find(n)
        feasible: list[str] = []
        reasons: Counter[str] = Counter()
        preempt: Counter[str] = Counter()
        start = self._next_start % n
        checked = 0
        # A pod with no placement constraints on an untainted, schedulable node needs only the
        # resource arithmetic: check that inline (most pods, most nodes) and keep the plugins'
        # words for the rest.
        plain = not (spec.get("nodeSelector") or spec.get("affinity") or spec.get("nodeName") or volume_terms)
        cpu, mem = req[0], req[1]
        order, nodes = self._order, self.nodes
        for i in range(n):
            name = order[(start + i) % n]
            checked += 1
            info = nodes[name]
            if plain and not info.taints and not info.unschedulable and info.pod_count < info.pods \
                    and info.requested_cpu + cpu <= info.cpu and info.requested_memory + mem <= info.memory:
                feasible.append(name)
                if len(feasible) >= want:
                    break
                continue
            why = self._filter(spec, req, info)
            if not why and volume_terms and not self.sim.kubelet.volumes.node_fits(
                    volume_terms, self.nodes[name].labels, name):
                why = ["node(s) had volume node affinity conflict"]
            if not why:
                feasible.append(name)
                if len(feasible) >= want:
                    break
            else:
                for r in why:
                    reasons[r] += 1
                resource = any(r.startswith("Insufficient") or r == "Too many pods" for r in why)
                preempt["No preemption victims found for incoming pod" if resource
                        else "Preemption is not helpful for scheduling"] += 1
        self._next_start = (start + checked) % n
        if not feasible:
            summary = ", ".join(sorted(f"{c} {r}" for r, c in reasons.items()))
            pre = ", ".join(sorted(f"{c} {r}" for r, c in preempt.items()))
            return None, f"0/{n} nodes are available: {summary}. preemption: 0/{n} nodes are available: {pre}."
        best, best_score = None, -1.0
        if plain:
            nz_cpu, nz_mem = req[2], req[3]
            for name in feasible:
                info = nodes[name]
                score = self._score(spec, req, info) if info.taints else _resource_score(info, nz_cpu, nz_mem)
                if score > best_score:
                    best, best_score = name, score
            return best, ""
        for name in feasible:
            score = self._score(spec, req, nodes[name])
            if score > best_score:
                best, best_score = name, score
        return best, ""

    @staticmethod
    def _num_feasible_to_find(n: int) -> int:
        if n <= MIN_FEASIBLE_NODES:
            return n
        pct = max(5, 50 - n // 125)
        return max(MIN_FEASIBLE_NODES, n * pct // 100)

    def _filter(self, spec: dict, req: tuple[int, int, int, int], info: NodeInfo) -> list[str]:
        """The reasons a node cannot take the pod, in the words of the scheduler's plugins."""
        tolerations = spec.get("tolerations") or []
        if info.unschedulable and not tolerates(tolerations, {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}):
            return ["node(s) were unschedulable"]
        if spec.get("nodeName") and spec["nodeName"] != info.name:
            return ["node(s) didn't match the requested node name"]
        for taint in info.taints:
            if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(tolerations, taint):
                return [f"node(s) had untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"]
        if (spec.get("nodeSelector") or spec.get("affinity")) and not matches_node_affinity(spec, info.labels, info.name):
            return ["node(s) didn't match Pod's node affinity/selector"]
        out = []
        if info.pod_count + 1 > info.pods:
            out.append("Too many pods")
        if req[0] and info.requested_cpu + req[0] > info.cpu:
            out.append("Insufficient cpu")
        if req[1] and info.requested_memory + req[1] > info.memory:
            out.append("Insufficient memory")
        return out

    def _score(self, spec: dict, req: tuple[int, int, int, int], info: NodeInfo) -> float:
        """Least allocated plus balanced allocation (each 0–100), plus preferences."""
        score = _resource_score(info, req[2], req[3])
        if spec.get("affinity"):
            preferred = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                         .get("preferredDuringSchedulingIgnoredDuringExecution")) or ()
            if preferred:
                total = sum(p.get("weight", 0) for p in preferred) or 1
                got = sum(p.get("weight", 0) for p in preferred
                          if _match_term(p.get("preference") or {}, info.labels, info.name))
                score += 2 * 100 * got / total
        if info.taints:
            for taint in info.taints:
                if taint.get("effect") == "PreferNoSchedule" and not tolerates(spec.get("tolerations") or [], taint):
                    score -= 3 * 10
        return score

    def _bind(self, pod: dict, node: str) -> None:
        if pod["spec"].get("volumes"):
            self.sim.kubelet.volumes.bound(pod, node)
        now = timestamp(self.sim.tick)
        conds = [c for c in pod.get("status", {}).get("conditions", ()) if c["type"] != "PodScheduled"]
        conds.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None, "lastTransitionTime": now})
        bound = {**pod, "spec": {**pod["spec"], "nodeName": node},
                 "status": {**pod.get("status", {}), "conditions": conds}}
        bound = self.store.update(bound, admit=False)
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        self.sim.recorder.record(bound, "Normal", "Scheduled", f"Successfully assigned {ns}/{name} to {node}", self.name)

    def _fail(self, pod: dict, message: str) -> None:
        status = pod.get("status", {})
        conds = [c for c in status.get("conditions", ()) if c["type"] != "PodScheduled"]
        old = next((c for c in status.get("conditions", ()) if c["type"] == "PodScheduled"), None)
        since = old["lastTransitionTime"] if old and old["status"] == "False" else timestamp(self.sim.tick)
        conds.append({"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                      "lastTransitionTime": since, "reason": "Unschedulable", "message": message})
        new = {**pod, "status": {**status, "phase": "Pending", "conditions": conds}}
        self.store.update_status(new)
        self.sim.recorder.record(pod, "Warning", "FailedScheduling", message, self.name)

    # -- for the UI ------------------------------------------------------------------------------
    def explain(self, pod: dict) -> list[dict]:
        """Per node: the filter that rejected the pod, or the score it got (for a Pending pod)."""
        req = pod_requests(pod["spec"])
        out = []
        for name in sorted(self.nodes):
            info = self.nodes[name]
            why = self._filter(pod["spec"], req, info)
            out.append({"node": name, "fits": not why, "reasons": why,
                        "score": None if why else round(self._score(pod["spec"], req, info), 1)})
        return out

    def pending(self) -> int:
        return len(self._queued) + len(self._unschedulable)
