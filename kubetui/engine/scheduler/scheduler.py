"""kube-scheduler: binds each pending pod to the best node that passes every filter.

It pops pods from the scheduling queue (queue.py), runs the framework's Filter plugins on the
nodes and scores the feasible ones with its Score plugins (framework.py); VolumeBinding's
PreFilter and PreBind steps read and annotate the pod's claims (volumebinding.py). Like
kube-scheduler it looks at a share of the nodes in large clusters (percentageOfNodesToScore)
starting where the last search stopped, and it keeps per-node requested totals up to date from
the change feed instead of summing pods. A pod that fits nowhere may preempt (preemption.py);
pods nominated to a node hold their room there against pods of lower priority until they bind.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, cast

import numpy as np

from kubetui.engine.scheduler import interpodaffinity, podtopologyspread, volumebinding
from kubetui.engine.scheduler.framework import (
    NodeInfo,
    explain,
    filter_node,
    node_resources_score,
    pod_requests,
    score_node,
    volume_binding,
)
from kubetui.engine.scheduler.nodecolumns import BIG, NodeColumns, fits_columns
from kubetui.engine.scheduler.podindex import PodIndex
from kubetui.engine.scheduler.preemption import DefaultPreemption, Nomination
from kubetui.engine.scheduler.queue import SchedulingQueue
from kubetui.model.clock import timestamp
from kubetui.model.labels import from_label_selector
from kubetui.model.quantity import cpu_millis, memory_bytes

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

MIN_FEASIBLE_NODES = 100
_NONE = np.zeros(0, dtype=np.int64)
_UNDECIDED = object()
_NO_STATUS: dict = {}
"""A pod without a status reads as this (never written into)."""
_FINISHED = ("Succeeded", "Failed")

_bound_statuses: dict[tuple, dict] = {}
_last_bound: tuple[dict, str, dict] | None = None
"""(status, time, the bound status) of the last `_bound_status` of a status of texts (held: its id stays its own)."""


def _bound_status(status: dict, now: str) -> dict:
    """The status a binding writes: PodScheduled True at `now`. One dict for every pod whose
    status read alike (texts only, no conditions: every pod the controllers made, bound in one
    tick), as the store's objects are never changed in place; the kubelet's first status write
    to each then works out the same managedFields delta (`Ledger._status_delta`)."""
    global _last_bound
    last = _last_bound
    if last is not None and last[0] is status and last[1] is now:
        return last[2]  # the pod before's very status (the pods a controller stamped share it)
    if "conditions" in status or not all(type(v) is str for v in status.values()):
        conds = [c for c in status.get("conditions", ()) if c["type"] != "PodScheduled"]
        conds.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None, "lastTransitionTime": now})
        return {**status, "conditions": conds}
    key = (now, *status.items())
    found = _bound_statuses.get(key)
    if found is None:
        if len(_bound_statuses) >= 4096:
            _bound_statuses.clear()
        found = _bound_statuses[key] = {**status, "conditions": [
            {"type": "PodScheduled", "status": "True", "lastProbeTime": None, "lastTransitionTime": now}]}
    _last_bound = (status, now, found)
    return found


class Placement:
    """PodTopologySpread and InterPodAffinity for one pod: their PreFilter states, run in the
    scheduler's order (after resources and volumes), and their weighted, normalized scores."""

    def __init__(self, spread: podtopologyspread.State | None, affinity: interpodaffinity.State | None):
        self.spread = spread
        self.affinity = affinity

    def filter(self, labels: dict) -> str | None:
        return (self.spread and self.spread.filter(labels)) or (self.affinity and self.affinity.filter(labels)) or None

    @staticmethod
    def unresolvable(reason: str) -> bool:
        return reason in podtopologyspread.UNRESOLVABLE or reason in interpodaffinity.UNRESOLVABLE

    def scores(self, feasible: list[NodeInfo]) -> list[int] | None:
        out = None
        if self.spread is not None and self.spread.soft:
            out = [podtopologyspread.WEIGHT * s for s in self.spread.scores(feasible)]
        if self.affinity is not None and self.affinity.scores:
            norm = interpodaffinity.normalize([self.affinity.raw_score(info.labels) for info in feasible])
            weighted = [interpodaffinity.WEIGHT * s for s in norm]
            out = weighted if out is None else [a + b for a, b in zip(out, weighted)]
        return out


class Scheduler:
    name = "default-scheduler"

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.store = sim.store
        self.nodes: dict[str, NodeInfo] = {}
        self._order: list[str] = []
        self._next_start = 0
        self.queue = SchedulingQueue()
        self.preemption = DefaultPreemption(self)
        self.counted: dict[tuple[str, str], tuple[str, int, int, int, int, int]] = {}
        """Pods holding room on a node: key -> (node, cpu, memory, non-zero cpu, non-zero memory, priority)."""
        self.priorities: dict[int, int] = {}
        """priority -> how many counted pods have it: whether any pod could be a victim at all."""
        self.nominated: dict[str, dict[tuple[str, str], tuple[int, int, int]]] = {}
        """node -> {pod key: (priority, cpu, memory)} of pending pods nominated to it."""
        self._nominated_at: dict[tuple[str, str], str] = {}
        self._nomination: Nomination | None = None
        self._nomination_clear = False
        self._held_requests: tuple[tuple, tuple[int, int, int, int]] | None = None
        """(the containers' `resources` objects, requests) of the last pod `_requests` worked out."""
        self._searched: tuple[object, object, tuple[int, int, int, int]] | None = None
        """(containers, initContainers, requests) of the pod searched for last: binding it counts
        the same stored (never changed) containers, so its requests are not worked out again."""
        self._columns: NodeColumns | None = None
        """The NodeInfo tallies as arrays in search order (built when first needed, dropped when nodes come or go)."""
        self._pod_index: PodIndex | None = None
        """The counted pods by label (built when a pod first names other pods)."""
        self.with_affinity: dict[tuple[str, str], tuple[str, dict, str, dict]] = {}
        """Counted pods holding pod (anti-)affinity: key -> (namespace, labels, node, affinity)."""
        self._placement_waiting = False
        """Whether a pod with spread constraints or pod affinity waits: a pod binding may let it fit."""
        self.store.watch("Pod", self._on_pod)
        self.store.watch("Node", self._on_node)
        self.store.watch("PersistentVolumeClaim", self._on_claim)

    # -- the change feed -----------------------------------------------------------------------
    def _on_node(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            name = old["metadata"]["name"]
            self.nodes.pop(name, None)
            self._order = [n for n in self._order if n != name]
            self._columns = None
            return
        name = new["metadata"]["name"]
        info = self.nodes.get(name)
        if info is None:
            info = self.nodes[name] = NodeInfo(name)
            self._order.append(name)
            self._columns = None
        alloc = new["status"].get("allocatable", {})
        info.cpu = cpu_millis(alloc.get("cpu", "0"))
        info.memory = memory_bytes(alloc.get("memory", "0"))
        info.pods = int(alloc.get("pods", 110))
        info.labels = new["metadata"].get("labels") or {}
        info.taints = new["spec"].get("taints") or []
        info.unschedulable = bool(new["spec"].get("unschedulable"))
        if self._columns is not None:
            if fits_columns(info.cpu, info.memory, info.pods):
                self._columns.set_node(info)
            else:
                self._columns = None
        if old is None or old["spec"] != new["spec"] or old["metadata"].get("labels") != new["metadata"].get("labels") \
                or old["status"].get("allocatable") != alloc:
            self.queue.moved = True

    def _on_claim(self, event: str, old: dict | None, new: dict | None) -> None:
        """A claim appearing or getting bound may let a waiting pod schedule."""
        if new is not None and (old is None or old.get("status", {}).get("phase") != new.get("status", {}).get("phase")):
            self.queue.moved = True

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        if old is not None and new is not None and old["metadata"] is new["metadata"] and old["spec"] is new["spec"] \
                and not self._nominated_at and new["spec"].get("nodeName"):
            was, now = old.get("status") or _NO_STATUS, new.get("status") or _NO_STATUS
            if (was.get("phase") in _FINISHED) == (now.get("phase") in _FINISHED) and not now.get("nominatedNodeName"):
                return  # a bound pod's status report that leaves it counted as it was, nominating nothing
        obj = new or old
        assert obj is not None
        key = (obj["metadata"]["namespace"], obj["metadata"]["name"])
        counted = new is not None and new["spec"].get("nodeName") and \
            new.get("status", _NO_STATUS).get("phase") not in ("Succeeded", "Failed")
        was = self.counted.get(key)
        if was is not None and (not counted or new is None or old is None or was[0] != new["spec"]["nodeName"]
                                or new["metadata"]["uid"] != old["metadata"]["uid"]):
            self._uncount(key)
            self.queue.moved = True
        if counted and key not in self.counted:
            self._count(key, new)
        elif new is not None and counted and old is not None \
                and (self._pod_index is not None or key in self.with_affinity) \
                and (old["metadata"].get("labels") != new["metadata"].get("labels")
                     or bool(old["metadata"].get("deletionTimestamp")) != bool(new["metadata"].get("deletionTimestamp"))):
            self._index_pod(key, new)
            self.queue.moved = True
        if self._nominated_at or (new is not None and (new.get("status") or _NO_STATUS).get("nominatedNodeName")):
            self._track_nomination(key, new)  # else no pod is nominated, this one included
        if new is None:
            self.queue.forget(key)
            return
        if not new["spec"].get("nodeName") and not new["metadata"].get("deletionTimestamp") \
                and new["spec"].get("schedulerName", self.name) == self.name \
                and key not in self.queue:
            self.queue.add(key, new)

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
            bucket = self.nominated[was]
            del bucket[key]
            if not bucket:
                del self.nominated[was]
        if node:
            assert pod is not None
            cpu, mem, _, _ = pod_requests(pod["spec"])
            self._nominated_at[key] = node
            self.nominated.setdefault(node, {})[key] = (pod["spec"].get("priority") or 0, cpu, mem)

    def _count(self, key, pod) -> None:
        spec, searched = pod["spec"], self._searched
        if searched is not None and spec.get("containers") is searched[0] and searched[0] is not None \
                and spec.get("initContainers") is searched[1]:
            cpu, mem, nz_cpu, nz_mem = searched[2]
        else:
            cpu, mem, nz_cpu, nz_mem = self._requests(spec)
        node = pod["spec"]["nodeName"]
        info = self.nodes.get(node)
        priority = pod["spec"].get("priority") or 0
        self.counted[key] = (node, cpu, mem, nz_cpu, nz_mem, priority)
        self.priorities[priority] = self.priorities.get(priority, 0) + 1
        if self._pod_index is not None or spec.get("affinity"):
            self._index_pod(key, pod)
        if self._placement_waiting:
            self.queue.moved = True
        if info is not None:
            info.requested_cpu += cpu
            info.requested_memory += mem
            info.nonzero_cpu += nz_cpu
            info.nonzero_memory += nz_mem
            info.pod_count += 1
            if self._columns is not None:
                if -BIG < info.requested_cpu < BIG and -BIG < info.requested_memory < BIG \
                        and -BIG < info.nonzero_cpu < BIG and -BIG < info.nonzero_memory < BIG:  # fits_columns, inline
                    self._columns.add(node, cpu, mem, nz_cpu, nz_mem, 1)
                else:
                    self._columns = None

    def _uncount(self, key) -> None:
        node, cpu, mem, nz_cpu, nz_mem, priority = self.counted.pop(key)
        if self._pod_index is not None:
            self._pod_index.remove(key)
        if self.with_affinity:
            self.with_affinity.pop(key, None)
        left = self.priorities[priority] - 1
        if left:
            self.priorities[priority] = left
        else:
            del self.priorities[priority]
        info = self.nodes.get(node)
        if info is not None:
            info.requested_cpu -= cpu
            info.requested_memory -= mem
            info.nonzero_cpu -= nz_cpu
            info.nonzero_memory -= nz_mem
            info.pod_count -= 1
            if self._columns is not None:
                if fits_columns(info.requested_cpu, info.requested_memory, info.nonzero_cpu, info.nonzero_memory) \
                        and fits_columns(cpu, mem, nz_cpu, nz_mem):
                    self._columns.add(node, -cpu, -mem, -nz_cpu, -nz_mem, -1)
                else:
                    self._columns = None

    def _index_pod(self, key, pod: dict) -> None:
        meta, spec = pod["metadata"], pod["spec"]
        labels = meta.get("labels") or {}
        if self._pod_index is not None:
            self._pod_index.add(key, labels, spec["nodeName"], bool(meta.get("deletionTimestamp")))
        if interpodaffinity.has_pod_affinity(spec):
            self.with_affinity[key] = (key[0], labels, spec["nodeName"], spec["affinity"])
        else:
            self.with_affinity.pop(key, None)

    def pod_index(self) -> PodIndex:
        """The counted pods by label, built from the store on first use and kept up to date."""
        if self._pod_index is None:
            index = PodIndex()
            for key, counted in self.counted.items():
                pod = self.store.get("Pod", *key)
                if pod is not None:
                    index.add(key, pod["metadata"].get("labels") or {}, counted[0],
                              bool(pod["metadata"].get("deletionTimestamp")))
            self._pod_index = index
        return self._pod_index

    def term_namespaces(self, term: dict, namespace: str) -> frozenset[str] | None:
        """The namespaces a pod affinity term looks in: its list and its namespaceSelector's
        matches, the pod's own when it has neither; None (all) for an empty selector."""
        names = frozenset(term.get("namespaces") or ())
        raw = term.get("namespaceSelector")
        if raw is None:
            return names or frozenset((namespace,))
        selector = from_label_selector(raw)
        if selector.empty:
            return None
        return names | {ns["metadata"]["name"] for ns in self.store.list("Namespace")
                        if selector.matches(ns["metadata"].get("labels"))}

    def placement(self, pod: dict) -> Placement | None:
        """PreFilter of PodTopologySpread and InterPodAffinity, None when neither concerns the pod."""
        spec, meta = pod["spec"], pod["metadata"]
        ns, labels = meta["namespace"], meta.get("labels") or {}
        spread = podtopologyspread.prefilter(ns, labels, spec, self.pod_index(), self.nodes) \
            if spec.get("topologySpreadConstraints") else None
        affinity = None
        if self.with_affinity or interpodaffinity.has_pod_affinity(spec):
            nodes = self.nodes

            def node_labels(name: str) -> dict | None:
                info = nodes.get(name)
                return info.labels if info is not None else None

            affinity = interpodaffinity.prefilter(ns, labels, spec, self.pod_index, self.with_affinity,
                                                  node_labels, self.term_namespaces)
        return Placement(spread, affinity) if spread is not None or affinity is not None else None

    # -- scheduling ----------------------------------------------------------------------------
    def run(self) -> int:
        """One scheduling pass over the active queue; returns how many pods were bound."""
        tick = self.sim.tick
        if self.queue.moved:
            self._placement_waiting = False
        self.queue.flush(tick, lambda key: self.store.get("Pod", *key))
        bound = 0
        while (key := self.queue.pop()) is not None:
            pod = self.store.get("Pod", *key)
            if pod is None or pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp"):
                continue
            self._nomination, self._nomination_clear = None, False
            node, message = self.schedule_one(pod)
            if node is None:
                self.queue.unschedulable(key, tick)
                nominated = (pod.get("status") or {}).get("nominatedNodeName")
                if self._nomination is not None:
                    nominated = self._nomination[0]
                    self.preemption.prepare_candidate(pod, *self._nomination)
                elif self._nomination_clear:
                    nominated = None
                self._fail(pod, message, nominated)
            else:
                self._bind(pod, node)
                bound += 1
        return bound

    def _requests(self, spec: dict) -> tuple[int, int, int, int]:
        """`pod_requests(spec)` of a stored pod; for a spec without init containers whose
        containers hold the very `resources` objects the last one's held (the pods of one template
        share them, and stored objects are never changed in place), the last answer again."""
        containers = spec.get("containers")
        if "initContainers" in spec or type(containers) is not list:
            return pod_requests(spec)
        held = self._held_requests
        if held is not None and len(held[0]) == len(containers):
            for container, resources in zip(containers, held[0]):
                if type(container) is not dict or container.get("resources") is not resources:
                    break
            else:
                return held[1]
        req = pod_requests(spec)
        if all(type(c) is dict for c in containers):
            self._held_requests = (tuple(c.get("resources") for c in containers), req)
        return req

    def schedule_one(self, pod: dict) -> tuple[str | None, str]:
        spec = pod["spec"]
        req = self._requests(spec)
        self._searched = (spec.get("containers"), spec.get("initContainers"), req)
        n = len(self._order)
        if n == 0:
            return None, "no nodes available to schedule pods"
        blocked, volume_terms = volumebinding.prefilter(self.store, pod) if spec.get("volumes") else (None, [])
        if blocked:
            if spec.get("preemptionPolicy") == "Never":
                return None, (f"0/{n} nodes are available: {blocked}. "
                              "preemption: not eligible due to preemptionPolicy=Never.")
            return None, (f"0/{n} nodes are available: {blocked}. preemption: 0/{n} nodes are available: "
                          f"{n} Preemption is not helpful for scheduling.")
        placement = self.placement(pod) if self.with_affinity or spec.get("affinity") \
            or spec.get("topologySpreadConstraints") else None
        want = self._num_feasible_to_find(n)
        start = self._next_start % n
        priority = spec.get("priority") or 0
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
        nominated = self.nominated
        mine = self._nominated_at.get(key)
        if mine in self.nodes and not volume_terms \
                and not filter_node(spec, req, self.nodes[mine], self.nominated_room(mine, priority, key)) \
                and (placement is None or not placement.filter(self.nodes[mine].labels)):
            return mine, ""
        # A pod with no placement constraints on an untainted, schedulable node needs only the
        # resource arithmetic: check that inline (most pods, most nodes) and keep the plugins'
        # words for the rest.
        plain = not (spec.get("nodeSelector") or spec.get("affinity") or spec.get("nodeName") or volume_terms
                     or placement)
        if plain:
            found = self._schedule_plain(spec, req, key, priority, start, n, want)
            if found is not None:
                return found, ""
        feasible: list[str] = []
        reasons: Counter[str] = Counter()
        resolvable: list[str] = []
        no_victims = 0
        checked = 0
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
            why = filter_node(spec, req, info, self.nominated_room(name, priority, key) if name in nominated else None)
            if not why and volume_terms:
                conflict = volume_binding(volume_terms, info)
                why = [conflict] if conflict else why
            if not why and placement is not None:
                refused = placement.filter(info.labels)
                if refused:
                    why = [refused]
                    no_victims += not placement.unresolvable(refused)
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
            if placement is not None:
                self._placement_waiting = True
            summary = ", ".join(sorted(f"{c} {r}" for r, c in reasons.items()))
            post, self._nomination, self._nomination_clear = self.preemption.post_filter(pod, req, resolvable, n,
                                                                                          no_victims)
            return None, f"0/{n} nodes are available: {summary}." + (f" preemption: {post}" if post else "")
        best, best_score = None, -1.0
        if plain:
            nz_cpu, nz_mem = req[2], req[3]
            for name in feasible:
                info = nodes[name]
                score = score_node(spec, req, info) if info.taints else node_resources_score(info, nz_cpu, nz_mem)
                if score > best_score:
                    best, best_score = name, score
            return best, ""
        extra = placement.scores([nodes[name] for name in feasible]) if placement is not None else None
        for i, name in enumerate(feasible):
            score = score_node(spec, req, nodes[name])
            if extra is not None:
                score += extra[i]
            if score > best_score:
                best, best_score = name, score
        return best, ""

    def _schedule_plain(self, spec: dict, req: tuple[int, int, int, int], key, priority: int,
                        start: int, n: int, want: int) -> str | None:
        """The search of `schedule_one` for a pod without placement constraints, over the node
        columns: the first `want` feasible nodes from `start` in search order, the best-scoring of
        them (the first on a tie). Nodes with taints, cordoned or holding nominated pods are judged
        by the plugins one by one, as in the loop. None when no node fits: the loop then runs to
        tell why."""
        if not fits_columns(*req):
            return None
        cols = self._columns
        if cols is None:
            try:
                cols = self._columns = NodeColumns(self._order, self.nodes)
            except OverflowError:
                return None
        order, nodes, nominated = self._order, self.nodes, self.nominated
        if not nominated and 0 < want <= n and cols.all_fit(req[0], req[1]):  # the common case
            found = self._schedule_all_fit(spec, req, cols, start, n, want)
            if found is not _UNDECIDED:
                return cast("str | None", found)
        ok = cols.fits(req[0], req[1])
        if cols.specials or nominated:
            special = np.flatnonzero(cols.special)
            if nominated:
                held = [cols.position[name] for name in nominated if name in cols.position]
                special = np.union1d(special, np.asarray(held, dtype=np.int64))
            ok = ok.copy()
            ok[special] = False
        else:
            special = _NONE
        rot = np.concatenate((ok[start:], ok[:start])) if start else ok
        hits = rot.nonzero()[0]
        if len(special):
            limit = int(hits[want - 1]) + 1 if len(hits) >= want else n
            judged = False
            for r in np.sort((special - start) % n).tolist():
                if r >= limit:
                    break
                name = order[(start + r) % n]
                why = filter_node(spec, req, nodes[name],
                                  self.nominated_room(name, priority, key) if name in nominated else None)
                if not why:
                    rot[r] = judged = True
            if judged:
                hits = rot.nonzero()[0]
        if not len(hits):
            return None
        if len(hits) >= want:
            hits = hits[:want]
            checked = int(hits[-1]) + 1
        else:
            checked = n
        self._next_start = (start + checked) % n
        rows = (hits + start) % n
        scores = cols.resources_score(rows, req[2], req[3])
        for j in np.flatnonzero(cols.special[rows]).tolist() if cols.specials else ():
            info = nodes[order[rows[j]]]
            if info.taints:
                scores[j] = score_node(spec, req, info)
        j = int(scores.argmax())
        return order[rows[j]] if scores[j] > -1.0 else None

    def _schedule_all_fit(self, spec: dict, req: tuple[int, int, int, int], cols: NodeColumns,
                          start: int, n: int, want: int) -> str | None | object:
        """`_schedule_plain`'s search when every row has room for the request and no pod is
        nominated: the window is the next rows from `start` (slices of the kept score column),
        skipping the special rows (taints, cordons) the plugins refuse, judged one by one as in
        the general search. `_UNDECIDED` when too few rows are left for that shortcut."""
        failed: list[int] = []
        passed: list[int] = []
        if cols.specials:
            last = want - 1  # rotated position of the want-th ordinary row
            specials = sorted((r - start) % n for r in cols.special_rows())
            for r in specials:
                if r <= last:
                    last += 1
            if last >= n:
                return _UNDECIDED
            order, nodes = self._order, self.nodes
            for r in specials:
                if r > last:
                    break
                (failed if filter_node(spec, req, nodes[order[(start + r) % n]], None) else passed).append(r)
        checked = want
        for r in failed:  # the want-th row that is not a refused special one
            if r < checked:
                checked += 1
        self._next_start = (start + checked) % n
        # The window's scores in place; a refused row scores -inf, below every row the search
        # keeps, so the first best of the kept rows wins as if the refused ones were left out.
        scores = cols.window_scores(start, checked, req[2], req[3])
        for r in failed:
            if r < checked:
                scores[r] = -np.inf
        for r in passed:
            if r < checked:
                info = self.nodes[self._order[(start + r) % n]]
                if info.taints:
                    scores[r] = score_node(spec, req, info)
        j = int(scores.argmax())
        return self._order[(start + j) % n] if scores.item(j) > -1.0 else None

    @staticmethod
    def _num_feasible_to_find(n: int) -> int:
        if n <= MIN_FEASIBLE_NODES:
            return n
        pct = max(5, 50 - n // 125)
        return max(MIN_FEASIBLE_NODES, n * pct // 100)

    def nominated_room(self, node: str, priority: int, key) -> tuple[int, int, int] | None:
        """(pods, cpu, memory) held on `node` by other nominated pods of at least `priority`."""
        pods = cpu = mem = 0
        for other, (p, c, m) in self.nominated.get(node, {}).items():
            if other != key and p >= priority:
                pods, cpu, mem = pods + 1, cpu + c, mem + m
        return (pods, cpu, mem) if pods else None

    def bind(self, pod: dict, node: str) -> None:
        """Assign `pod` to `node` (the binding subresource: what this scheduler, or another
        scheduler through the API, does once it chose a node)."""
        self._bind(pod, node)

    def _bind(self, pod: dict, node: str) -> None:
        if pod["spec"].get("volumes"):
            volumebinding.prebind(self.store, pod, node)
        now = timestamp(self.sim.tick)
        bound = {**pod, "spec": {**pod["spec"], "nodeName": node}, "status": _bound_status(pod.get("status", {}), now)}
        store = self.store
        if store.writer is None:  # a binding changes no managedFields
            bound = store.bind(pod, bound)
        else:
            writer, store.writer = store.writer, None
            try:
                bound = store.bind(pod, bound)
            finally:
                store.writer = writer
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        self.sim.recorder.emit(bound, "Normal", "Scheduled", f"Successfully assigned {ns}/{name} to {node}", self.name)

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
        self.sim.recorder.emit(pod, "Warning", "FailedScheduling", message, self.name)

    # -- for the UI ------------------------------------------------------------------------------
    def explain(self, pod: dict) -> list[dict]:
        """Per node: the filter that rejected the pod, or the score it got (for a Pending pod)."""
        out = explain(pod, self.nodes)
        placement = self.placement(pod)
        if placement is not None:
            for entry in out:
                refused = placement.filter(self.nodes[entry["node"]].labels) if entry["fits"] else None
                if refused:
                    entry.update(fits=False, reasons=[refused], score=None)
        return out

    def pending(self) -> int:
        return len(self.queue)
