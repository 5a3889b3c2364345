"""DefaultPreemption, the PostFilter: when a pod fits nowhere, make room for it.

On nodes where only resources were short, it looks for the fewest, least important
lower-priority pods whose removal lets the pod fit, sparing pods whose PodDisruptionBudget has
no disruption left where it can, picks one node by Kubernetes' criteria, nominates the pod
there and deletes the victims gracefully.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from kubetui.model.clock import timestamp
from kubetui.model.labels import selector_matches

if TYPE_CHECKING:
    from kubetui.engine.scheduler.scheduler import Scheduler

MIN_CANDIDATE_NODES_PERCENTAGE = 10
MIN_CANDIDATE_NODES_ABSOLUTE = 100
"""DefaultPreemption's arguments: how many nodes a preemption dry run looks for before choosing."""
NO_VICTIMS = "No preemption victims found for incoming pod"
NOT_HELPFUL = "Preemption is not helpful for scheduling"

Nomination = tuple[str, list[tuple[str, str]]]
"""(node, victims as (namespace, name)) chosen for a preempting pod."""


def _start_time(pod: dict) -> str:
    """GetPodStartTime, falling back to creation: RFC 3339 text, which sorts as time does."""
    return (pod.get("status") or {}).get("startTime") or pod["metadata"].get("creationTimestamp") or ""


class Budgets:
    """The PodDisruptionBudgets of one preemption attempt, read once (filterPodsWithPDBViolation)."""

    def __init__(self, store):
        self.store = store
        self._by_ns: dict[str, list[dict]] = {}

    def split(self, pods: list[dict]) -> tuple[list[dict], list[dict]]:
        """(pods whose removal would break a budget, the others), each in the order given."""
        allowed: dict[str, int] = {}
        violating: list[dict] = []
        sparing: list[dict] = []
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


def rank(victims: list[dict], violations: int) -> tuple:
    """pickOneNodeForPreemption's order: fewest PDB violations, lowest highest victim priority,
    smallest priority sum, fewest victims, latest start of the highest-priority victims."""
    prios = [v["spec"].get("priority") or 0 for v in victims]
    top = prios[0]
    earliest = min(_start_time(v) for v, p in zip(victims, prios) if p == top)
    latest_first = tuple(-ord(ch) for ch in earliest)
    return violations, top, sum(p + 2**31 for p in prios), len(victims), latest_first


class DefaultPreemption:
    def __init__(self, scheduler: Scheduler):
        self.scheduler = scheduler
        self.store = scheduler.store

    def post_filter(self, pod: dict, req: tuple[int, int, int, int], resolvable: list[str],
                    n: int, no_victims: int = 0) -> tuple[str, Nomination | None, bool]:
        """Look for a node where preempting lower-priority pods makes room: the `preemption:` text
        for FailedScheduling ("" once a node is chosen), the (node, victims) chosen, and whether
        the pod's old nomination is to be cleared. `no_victims`: nodes refused by spread or
        anti-affinity rules, where removing pods is not simulated (no victims found there)."""
        spec = pod["spec"]
        priority = spec.get("priority") or 0
        if spec.get("preemptionPolicy") == "Never":
            return "not eligible due to preemptionPolicy=Never.", None, False
        mine = (pod.get("status") or {}).get("nominatedNodeName")
        if mine and self.terminating_victim_on(mine, priority):
            return "not eligible due to a terminating pod on the nominated node.", None, False
        helpless = n - len(resolvable) - no_victims
        statuses: Counter[str] = Counter({NOT_HELPFUL: helpless} if helpless > 0 else {})
        if no_victims:
            statuses[NO_VICTIMS] += no_victims
        candidates: list[tuple[tuple, str, list]] = []
        if resolvable and min(self.scheduler.priorities, default=priority) < priority:
            key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
            want = min(len(resolvable), max(len(self.scheduler.nodes) * MIN_CANDIDATE_NODES_PERCENTAGE // 100,
                                            MIN_CANDIDATE_NODES_ABSOLUTE))
            budgets = Budgets(self.store)
            for name in resolvable:
                victims, violations, why = self.select_victims(spec, req, priority, name, key, budgets)
                if why:
                    for r in why:
                        statuses[r] += 1
                    continue
                candidates.append((rank(victims, violations), name, victims))
                if len(candidates) >= want and any(c[0][0] == 0 for c in candidates):
                    break
        elif resolvable:
            statuses[NO_VICTIMS] += len(resolvable)
        if not candidates:
            text = ", ".join(sorted(f"{c} {r}" for r, c in statuses.items()))
            return f"0/{n} nodes are available: {text}.", None, True
        _, node, victims = min(candidates, key=lambda c: c[0])
        return "", (node, [(v["metadata"]["namespace"], v["metadata"]["name"]) for v in victims]), False

    def select_victims(self, spec: dict, req, priority: int, node: str, key, budgets: Budgets):
        """SelectVictimsOnNode: (victims most important first, PDB violations, why not) for one node."""
        info = self.scheduler.nodes[node]
        lower = []
        for pk in self.store.pods_by_node.get(node, ()):
            counted = self.scheduler.counted.get(pk)
            if counted is not None and counted[5] < priority:
                lower.append((pk, counted))
        if not lower:
            return [], 0, [NO_VICTIMS]
        held = self.scheduler.nominated_room(node, priority, key) or (0, 0, 0)
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
        objs = []
        for pk, c in lower:
            pod = self.store.get("Pod", *pk)
            assert pod is not None
            objs.append((pod, c))
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

    def terminating_victim_on(self, node: str, priority: int) -> bool:
        for pk in self.store.pods_by_node.get(node, ()):
            counted = self.scheduler.counted.get(pk)
            if counted is None or counted[5] >= priority:
                continue
            other = self.store.get("Pod", *pk)
            if other and other["metadata"].get("deletionTimestamp") and any(
                    c["type"] == "DisruptionTarget" and c.get("reason") == "PreemptionByScheduler"
                    for c in (other.get("status") or {}).get("conditions") or ()):
                return True
        return False

    def prepare_candidate(self, pod: dict, node: str, victims: list[tuple[str, str]]) -> None:
        """prepareCandidate: mark and delete each victim, and drop lower-priority nominations there."""
        from kubetui.engine.store import delete

        sim = self.scheduler.sim
        now = timestamp(sim.tick)
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
                              "message": f"{self.scheduler.name}: preempting to accommodate a higher priority pod"})
                victim = self.store.update_status({**victim, "status": {**status, "conditions": conds}})
            sim.recorder.emit(victim, "Normal", "Preempted",
                                f"Preempted by pod {pod['metadata']['uid']} on node {node}", self.scheduler.name)
            if not terminating:
                delete(self.store, "Pod", ns, name)
        priority = pod["spec"].get("priority") or 0
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
        for other, (p, _, _) in list(self.scheduler.nominated.get(node, {}).items()):
            if other != key and p < priority:
                lower = self.store.get("Pod", *other)
                if lower is not None:
                    status = {k: v for k, v in (lower.get("status") or {}).items() if k != "nominatedNodeName"}
                    self.store.update_status({**lower, "status": status})
