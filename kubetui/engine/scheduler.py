"""kube-scheduler: binds each pending pod to the best node that passes every filter.

Filters follow the default plugins (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
NodeResourcesFit); scoring is least-allocated plus balanced allocation (and preferred node
affinity). Like kube-scheduler it looks at a share of the nodes in large clusters
(percentageOfNodesToScore) starting where the last search stopped, and it keeps per-node
requested totals up to date from the change feed instead of summing pods.

The queue pops the highest priority first. A pod that fits nowhere may preempt (the
DefaultPreemption PostFilter): on nodes where only resources were short, the scheduler looks for
the fewest, least important lower-priority pods whose removal lets it fit, sparing pods whose
PodDisruptionBudget has no disruption left where it can, picks one node by Kubernetes' criteria,
nominates the pod there and deletes the victims gracefully. Pods nominated to a node hold their
room there against pods of lower priority until they bind.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.model.clock import timestamp
from kubetui.model.nodeaffinity import required_node_affinity_matches, term_matches
from kubetui.model.quantity import cpu_millis, memory_bytes

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

DEFAULT_CPU_REQUEST = 100
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024
"""What scoring assumes for a container without requests (the scheduler's non-zero defaults)."""
MIN_CANDIDATE_NODES_PERCENTAGE = 10
MIN_CANDIDATE_NODES_ABSOLUTE = 100
"""DefaultPreemption's arguments: how many nodes a preemption dry run looks for before choosing."""
NO_VICTIMS = "No preemption victims found for incoming pod"
NOT_HELPFUL = "Preemption is not helpful for scheduling"
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


def _start_time(pod: dict) -> str:
    """GetPodStartTime, falling back to creation: RFC 3339 text, which sorts as time does."""
    return (pod.get("status") or {}).get("startTime") or pod["metadata"].get("creationTimestamp") or ""


class _Budgets:
    """The PodDisruptionBudgets of one preemption attempt, read once (filterPodsWithPDBViolation)."""

    def __init__(self, store):
        self.store = store
        self._by_ns: dict[str, list[dict]] = {}

    def split(self, pods: list[dict]) -> tuple[list[dict], list[dict]]:
        """(pods whose removal would break a budget, the others), each in the order given."""
        from kubetui.model.labels import selector_matches

        allowed: dict[str, int] = {}
        violating, sparing = [], []
        for pod in pods:
            ns = pod["metadata"]["namespace"]
            if ns not in self._by_ns:
                self._by_ns[ns] = self.store.list("PodDisruptionBudget", ns)
            breaks = False
            for pdb in self._by_ns[ns]:
                selector = (pdb.get("spec") or {}).get("selector") or {}
                if not (selector.get("matchLabels") or selector.get("matchExpressions")) \
                        or not selector_matches(selector, pod["metadata"].get("labels") or {}):
                    continue
                status = pdb.get("status") or {}
                if pod["metadata"]["name"] in (status.get("disruptedPods") or {}):
                    continue
                name = pdb["metadata"]["name"]
                allowed[name] = allowed.get(name, status.get("disruptionsAllowed", 0)) - 1
                if allowed[name] < 0:
                    breaks = True
            (violating if breaks else sparing).append(pod)
        return violating, sparing


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
        self._counted: dict[tuple[str, str], tuple[str, int, int, int, int, int]] = {}
        """Pods holding room on a node: key -> (node, cpu, memory, non-zero cpu, non-zero memory, priority)."""
        self._priorities: dict[int, int] = {}
        """priority -> how many counted pods have it: whether any pod could be a victim at all."""
        self._nominated: dict[str, dict[tuple[str, str], tuple[int, int, int]]] = {}
        """node -> {pod key: (priority, cpu, memory)} of pending pods nominated to it."""
        self._nominated_at: dict[tuple[str, str], str] = {}
        self._nomination: tuple[str, list[tuple[str, str]]] | None = None
        self._nomination_clear = False
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
        self._track_nomination(key, new)
        if new is None:
            self._queued.pop(key, None)
            self._unschedulable.pop(key, None)
            return
        if not new["spec"].get("nodeName") and not new["metadata"].get("deletionTimestamp") \
                and new["spec"].get("schedulerName", self.name) == self.name \
                and key not in self._queued and key not in self._unschedulable:
            self._enqueue(key, new)

    def _track_nomination(self, key, pod: dict | None) -> None:
        """Keep the nominated pods' room per node (the scheduler's nominator)."""
        node = None
        if pod is not None and not pod["spec"].get("nodeName") and not pod["metadata"].get("deletionTimestamp"):
            node = (pod.get("status") or {}).get("nominatedNodeName")
        was = self._nominated_at.get(key)
        if was == node:
            return
        if was is not None:
            del self._nominated_at[key]
            bucket = self._nominated[was]
            del bucket[key]
            if not bucket:
                del self._nominated[was]
        if node:
            cpu, mem, _, _ = pod_requests(pod["spec"])
            self._nominated_at[key] = node
            self._nominated.setdefault(node, {})[key] = (pod["spec"].get("priority") or 0, cpu, mem)

    def _count(self, key, pod) -> None:
        cpu, mem, nz_cpu, nz_mem = pod_requests(pod["spec"])
        node = pod["spec"]["nodeName"]
        info = self.nodes.get(node)
        priority = pod["spec"].get("priority") or 0
        self._counted[key] = (node, cpu, mem, nz_cpu, nz_mem, priority)
        self._priorities[priority] = self._priorities.get(priority, 0) + 1
        if info is not None:
            info.requested_cpu += cpu
            info.requested_memory += mem
            info.nonzero_cpu += nz_cpu
            info.nonzero_memory += nz_mem
            info.pod_count += 1

    def _uncount(self, key) -> None:
        node, cpu, mem, nz_cpu, nz_mem, priority = self._counted.pop(key)
        left = self._priorities[priority] - 1
        if left:
            self._priorities[priority] = left
        else:
            del self._priorities[priority]
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
            self._nomination, self._nomination_clear = None, False
            node, message = self.schedule_one(pod)
            if node is None:
                self._unschedulable[key] = tick
                nominated = (pod.get("status") or {}).get("nominatedNodeName")
                if self._nomination is not None:
                    nominated = self._nomination[0]
                    self._preempt(pod, *self._nomination)
                elif self._nomination_clear:
                    nominated = None
                self._fail(pod, message, nominated)
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
            if spec.get("preemptionPolicy") == "Never":
                return None, (f"0/{n} nodes are available: {blocked}. "
                              "preemption: not eligible due to preemptionPolicy=Never.")
            return None, (f"0/{n} nodes are available: {blocked}. preemption: 0/{n} nodes are available: "
                          f"{n} Preemption is not helpful for scheduling.")
        want = self._num_feasible_to_find(n)
        feasible: list[str] = []
        reasons: Counter[str] = Counter()
        resolvable: list[str] = []
        start = self._next_start % n
        checked = 0
        priority = spec.get("priority") or 0
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
        nominated = self._nominated
        mine = self._nominated_at.get(key)
        if mine in self.nodes and not volume_terms \
                and not self._filter(spec, req, self.nodes[mine], self._nominated_room(mine, priority, key)):
            return mine, ""
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
                    and info.requested_cpu + cpu <= info.cpu and info.requested_memory + mem <= info.memory \
                    and name not in nominated:
                feasible.append(name)
                if len(feasible) >= want:
                    break
                continue
            why = self._filter(spec, req, info, self._nominated_room(name, priority, key) if name in nominated else None)
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
                if any(r.startswith("Insufficient") or r == "Too many pods" for r in why):
                    resolvable.append(name)
        self._next_start = (start + checked) % n
        if not feasible:
            summary = ", ".join(sorted(f"{c} {r}" for r, c in reasons.items()))
            post = self._post_filter(pod, req, resolvable, n)
            return None, f"0/{n} nodes are available: {summary}." + (f" preemption: {post}" if post else "")
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

    # -- preemption (DefaultPreemption) ------------------------------------------------------------
    def _post_filter(self, pod: dict, req: tuple[int, int, int, int], resolvable: list[str], n: int) -> str:
        """Look for a node where preempting lower-priority pods makes room; the `preemption:` text
        for FailedScheduling ("" once a node is chosen, left in `self._nomination`)."""
        spec = pod["spec"]
        priority = spec.get("priority") or 0
        if spec.get("preemptionPolicy") == "Never":
            return "not eligible due to preemptionPolicy=Never."
        mine = (pod.get("status") or {}).get("nominatedNodeName")
        if mine and self._terminating_victim_on(mine, priority):
            return "not eligible due to a terminating pod on the nominated node."
        statuses: Counter[str] = Counter({NOT_HELPFUL: n - len(resolvable)} if n > len(resolvable) else {})
        candidates: list[tuple[tuple, str, list]] = []
        if resolvable and min(self._priorities, default=priority) < priority:
            key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
            want = min(len(resolvable), max(len(self._order) * MIN_CANDIDATE_NODES_PERCENTAGE // 100,
                                            MIN_CANDIDATE_NODES_ABSOLUTE))
            budgets = _Budgets(self.store)
            for name in resolvable:
                victims, violations, why = self._select_victims(spec, req, priority, name, key, budgets)
                if why:
                    for r in why:
                        statuses[r] += 1
                    continue
                candidates.append((self._rank(victims, violations), name, victims))
                if len(candidates) >= want and any(c[0][0] == 0 for c in candidates):
                    break
        else:
            statuses[NO_VICTIMS] += len(resolvable)
        if not candidates:
            self._nomination_clear = True
            text = ", ".join(sorted(f"{c} {r}" for r, c in statuses.items()))
            return f"0/{n} nodes are available: {text}."
        _, node, victims = min(candidates, key=lambda c: c[0])
        self._nomination = (node, [(v["metadata"]["namespace"], v["metadata"]["name"]) for v in victims])
        return ""

    def _select_victims(self, spec: dict, req, priority: int, node: str, key, budgets: _Budgets):
        """SelectVictimsOnNode: (victims most important first, PDB violations, why not) for one node."""
        info = self.nodes[node]
        lower = []
        for pk in self.store.pods_by_node.get(node, ()):
            counted = self._counted.get(pk)
            if counted is not None and counted[5] < priority:
                lower.append((pk, counted))
        if not lower:
            return [], 0, [NO_VICTIMS]
        held = self._nominated_room(node, priority, key) or (0, 0, 0)
        pods = info.pod_count + held[0] - len(lower)
        cpu = info.requested_cpu + held[1] - sum(c[1] for _, c in lower)
        mem = info.requested_memory + held[2] - sum(c[2] for _, c in lower)
        why = []
        if pods + 1 > info.pods:
            why.append("Too many pods")
        if req[0] and cpu + req[0] > info.cpu:
            why.append("Insufficient cpu")
        if req[1] and mem + req[1] > info.memory:
            why.append("Insufficient memory")
        if why:
            return [], 0, why
        objs = [(self.store.get("Pod", *pk), c) for pk, c in lower]
        objs.sort(key=lambda oc: (-oc[1][5], _start_time(oc[0]), oc[0]["metadata"]["namespace"],
                                  oc[0]["metadata"]["name"]))
        violating, sparing = budgets.split([o for o, _ in objs])
        victims, violations = [], 0
        by_key = {(o["metadata"]["namespace"], o["metadata"]["name"]): c for o, c in objs}
        for group, counts in ((violating, True), (sparing, False)):
            for victim in group:
                c = by_key[(victim["metadata"]["namespace"], victim["metadata"]["name"])]
                if pods + 2 <= info.pods and (not req[0] or cpu + c[1] + req[0] <= info.cpu) \
                        and (not req[1] or mem + c[2] + req[1] <= info.memory):
                    pods, cpu, mem = pods + 1, cpu + c[1], mem + c[2]
                    continue
                victims.append(victim)
                violations += counts
        victims.sort(key=lambda v: (-(v["spec"].get("priority") or 0), _start_time(v)))
        return victims, violations, []

    @staticmethod
    def _rank(victims: list[dict], violations: int) -> tuple:
        """pickOneNodeForPreemption's order: fewest PDB violations, lowest highest victim priority,
        smallest priority sum, fewest victims, latest start of the highest-priority victims."""
        prios = [v["spec"].get("priority") or 0 for v in victims]
        top = prios[0]
        earliest = min(_start_time(v) for v, p in zip(victims, prios) if p == top)
        latest_first = tuple(-ord(ch) for ch in earliest)
        return violations, top, sum(p + 2**31 for p in prios), len(victims), latest_first

    def _terminating_victim_on(self, node: str, priority: int) -> bool:
        for pk in self.store.pods_by_node.get(node, ()):
            counted = self._counted.get(pk)
            if counted is None or counted[5] >= priority:
                continue
            other = self.store.get("Pod", *pk)
            if other and other["metadata"].get("deletionTimestamp") and any(
                    c["type"] == "DisruptionTarget" and c.get("reason") == "PreemptionByScheduler"
                    for c in (other.get("status") or {}).get("conditions") or ()):
                return True
        return False

    def _preempt(self, pod: dict, node: str, victims: list[tuple[str, str]]) -> None:
        """prepareCandidate: mark and delete each victim, and drop lower-priority nominations there."""
        from kubetui.engine.store import delete

        now = timestamp(self.sim.tick)
        for ns, name in victims:
            victim = self.store.get("Pod", ns, name)
            if victim is None:
                continue
            status = victim.get("status") or {}
            terminating = victim["metadata"].get("deletionTimestamp")
            if not terminating:
                conds = [c for c in status.get("conditions") or () if c["type"] != "DisruptionTarget"]
                conds.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                              "lastTransitionTime": now, "reason": "PreemptionByScheduler",
                              "message": f"{self.name}: preempting to accommodate a higher priority pod"})
                victim = self.store.update_status({**victim, "status": {**status, "conditions": conds}})
            self.sim.recorder.record(victim, "Normal", "Preempted",
                                     f"Preempted by pod {pod['metadata']['uid']} on node {node}", self.name)
            if not terminating:
                delete(self.store, "Pod", ns, name)
        priority = pod["spec"].get("priority") or 0
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
        for other, (p, _, _) in list(self._nominated.get(node, {}).items()):
            if other != key and p < priority:
                lower = self.store.get("Pod", *other)
                if lower is not None:
                    status = {k: v for k, v in (lower.get("status") or {}).items() if k != "nominatedNodeName"}
                    self.store.update_status({**lower, "status": status})

    @staticmethod
    def _num_feasible_to_find(n: int) -> int:
        if n <= MIN_FEASIBLE_NODES:
            return n
        pct = max(5, 50 - n // 125)
        return max(MIN_FEASIBLE_NODES, n * pct // 100)

    def _filter(self, spec: dict, req: tuple[int, int, int, int], info: NodeInfo,
                held: tuple[int, int, int] | None = None) -> list[str]:
        """The reasons a node cannot take the pod, in the words of the scheduler's plugins;
        `held` is (pods, cpu, memory) that nominated pods of at least its priority keep there."""
        tolerations = spec.get("tolerations") or []
        if info.unschedulable and not tolerates(tolerations, {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}):
            return ["node(s) were unschedulable"]
        if spec.get("nodeName") and spec["nodeName"] != info.name:
            return ["node(s) didn't match the requested node name"]
        for taint in info.taints:
            if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(tolerations, taint):
                return [f"node(s) had untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"]
        if (spec.get("nodeSelector") or spec.get("affinity")) and not required_node_affinity_matches(spec, info.labels, info.name):
            return ["node(s) didn't match Pod's node affinity/selector"]
        pods, cpu, mem = held or (0, 0, 0)
        out = []
        if info.pod_count + pods + 1 > info.pods:
            out.append("Too many pods")
        if req[0] and info.requested_cpu + cpu + req[0] > info.cpu:
            out.append("Insufficient cpu")
        if req[1] and info.requested_memory + mem + req[1] > info.memory:
            out.append("Insufficient memory")
        return out

    def _nominated_room(self, node: str, priority: int, key) -> tuple[int, int, int] | None:
        """(pods, cpu, memory) held on `node` by other nominated pods of at least `priority`."""
        pods = cpu = mem = 0
        for other, (p, c, m) in self._nominated.get(node, {}).items():
            if other != key and p >= priority:
                pods, cpu, mem = pods + 1, cpu + c, mem + m
        return (pods, cpu, mem) if pods else None

    def _score(self, spec: dict, req: tuple[int, int, int, int], info: NodeInfo) -> float:
        """Least allocated plus balanced allocation (each 0–100), plus preferences."""
        score = _resource_score(info, req[2], req[3])
        if spec.get("affinity"):
            preferred = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                         .get("preferredDuringSchedulingIgnoredDuringExecution")) or ()
            if preferred:
                total = sum(p.get("weight", 0) for p in preferred) or 1
                got = sum(p.get("weight", 0) for p in preferred
                          if term_matches(p.get("preference") or {}, info.labels, info.name))
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

    def _fail(self, pod: dict, message: str, nominated: str | None = None) -> None:
        status = pod.get("status", {})
        conds = [c for c in status.get("conditions", ()) if c["type"] != "PodScheduled"]
        old = next((c for c in status.get("conditions", ()) if c["type"] == "PodScheduled"), None)
        since = old["lastTransitionTime"] if old and old["status"] == "False" else timestamp(self.sim.tick)
        conds.append({"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                      "lastTransitionTime": since, "reason": "Unschedulable", "message": message})
        status = {k: v for k, v in status.items() if k != "nominatedNodeName"}
        if nominated:
            status["nominatedNodeName"] = nominated
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
