"""The cluster autoscaler: grows node pools for pods that fit nowhere, shrinks idle ones.

Every 10 s (scan-interval) it looks at the pods the scheduler could not place. A pod that a
node still booting will take waits for it; otherwise the autoscaler checks, with the
scheduler's own filters on a template node of each pool, which pool's new node would fit it,
packs the pending pods onto as few new nodes as it can and orders the VMs. They need their
boot time before their Nodes register: the seed's "a VM is slower than a container".

A pool node whose pods request under half of it for 10 minutes (scale-down-unneeded-time),
whose pods can all move to other nodes (PodDisruptionBudgets permitting), and whose pool is
above its minimum is drained (tainted, its pods evicted) and then deleted. No scale-down for
10 minutes after a scale-up.
While a node is unneeded it carries the soft taint `DeletionCandidateOfClusterAutoscaler`
(PreferNoSchedule), so the scheduler fills other nodes first and the player can see it coming.
"""

from __future__ import annotations

import copy
from collections import Counter

from kubetui.engine import nodes as node_setup
from kubetui.engine.controllers.base import Controller
from kubetui.engine.controllers.disruption import pod_ready
from kubetui.engine.eviction import budgets_for, evict
from kubetui.engine.scheduler.framework import NodeInfo, filter_node, pod_requests
from kubetui.engine.store import controller_of
from kubetui.model.errors import ApiError
from kubetui.model.quantity import cpu_millis, memory_bytes

SCAN_INTERVAL = 10
UNNEEDED_TIME = 600
SCALE_DOWN_DELAY_AFTER_ADD = 600
UTILIZATION_THRESHOLD = 0.5
MAX_GRACEFUL_TERMINATION = 600
DEFAULT_BOOT_SECONDS = 90
POOL_LABEL = "kubetui.io/node-pool"
TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler"
DELETION_CANDIDATE_TAINT = "DeletionCandidateOfClusterAutoscaler"
SCALE_DOWN_DISABLED = "cluster-autoscaler.kubernetes.io/scale-down-disabled"
SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict"
_EPOCH_UNIX = 1767225600


class ClusterAutoscaler(Controller):
    name = "cluster-autoscaler"

    def __init__(self, sim):
        super().__init__(sim)
        self.unschedulable: dict[tuple[str, str], None] = {}
        """Pods the scheduler marked Unschedulable, in the order it gave up on them."""
        self.unneeded: dict[str, int] = {}
        """Pool node -> tick since which it has been under the utilization threshold."""
        self.draining: dict[str, int] = {}
        """Nodes being given back -> tick the drain began."""
        self.marked: dict[str, None] = {}
        """Nodes carrying the DeletionCandidate soft taint (in the order they got it)."""
        self.last_scale_up = -SCALE_DOWN_DELAY_AFTER_ADD
        self._next_scan = SCAN_INTERVAL
        self.store.watch("Pod", self._on_pod, unbound_creates=False)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        if not self.unschedulable and new is not None and new["spec"].get("nodeName"):
            return  # a bound pod, and no pod waiting: nothing to forget
        pod = new or old
        assert pod is not None
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
        if new is not None and not new["spec"].get("nodeName") and not new["metadata"].get("deletionTimestamp") \
                and _unschedulable(new):
            self.unschedulable[key] = None
        else:
            self.unschedulable.pop(key, None)

    def process(self) -> int:
        """Scan every 10 s when the cluster has node pools; finish drains in between."""
        done = super().process()
        if self.draining:
            self._finish_drains()
        if not self.sim.node_pools or self.sim.tick < self._next_scan:
            return done
        self._next_scan = self.sim.tick + SCAN_INTERVAL
        self.scan()
        return done + 1

    def reconcile(self, key) -> None:
        pass

    # -- pools -----------------------------------------------------------------------------------
    def _template(self, pool: dict, name: str) -> NodeInfo:
        node = node_setup.node_object(self.sim, {**pool, "name": name, "pool": pool["name"]}, 0)
        alloc = node["status"]["allocatable"]
        return NodeInfo(name, cpu=cpu_millis(alloc["cpu"]), memory=memory_bytes(alloc["memory"]),
                        pods=int(alloc["pods"]), labels=node["metadata"]["labels"],
                        taints=node["spec"].get("taints") or [])

    def _members(self, pool: str) -> tuple[list[str], list[str]]:
        """(registered nodes, VMs still booting) of a pool, by name."""
        registered = sorted(n for n, info in self.sim.scheduler.nodes.items() if info.labels.get(POOL_LABEL) == pool)
        booting = sorted(n for n, b in self.sim.booting.items() if b["spec"].get("pool") == pool)
        return registered, booting

    def _new_name(self, pool: str, taken: set[str]) -> str:
        i = 1
        while True:
            name = f"{pool}-{i}"
            if name not in self.sim.kubelet.agents and name not in self.sim.booting and name not in taken \
                    and self.store.get("Node", None, name) is None:
                return name
            i += 1

    # -- one scan --------------------------------------------------------------------------------
    def scan(self) -> None:
        self._scale_up()
        if self.sim.tick - self.last_scale_up >= SCALE_DOWN_DELAY_AFTER_ADD:
            self._scale_down()
        else:
            self.unneeded.clear()
        self._mark_candidates()

    def _mark_candidates(self) -> None:
        """Unneeded nodes carry a PreferNoSchedule taint, so new pods go elsewhere and the node can empty."""
        for name in [n for n in self.marked if n not in self.unneeded]:
            del self.marked[name]
            self._set_candidate_taint(name, False)
        for name in sorted(self.unneeded):
            if name not in self.marked:
                self.marked[name] = None
                self._set_candidate_taint(name, True)

    def _set_candidate_taint(self, name: str, on: bool) -> None:
        node = self.store.get("Node", None, name)
        if node is None:
            return
        taints = [t for t in node["spec"].get("taints") or () if t.get("key") != DELETION_CANDIDATE_TAINT]
        if on:
            taints.append({"key": DELETION_CANDIDATE_TAINT, "value": str(_EPOCH_UNIX + self.sim.tick),
                           "effect": "PreferNoSchedule"})
        spec = {k: v for k, v in node["spec"].items() if k != "taints"}
        if taints:
            spec["taints"] = taints
        self.store.update({**node, "spec": spec}, admit=False)

    def _scale_up(self) -> None:
        pods = []
        for key in list(self.unschedulable):
            pod = self.store.get("Pod", *key)
            if pod is None or pod["spec"].get("nodeName") or not _unschedulable(pod):
                self.unschedulable.pop(key, None)
                continue
            pods.append(pod)
        if not pods:
            return
        scheduler = self.sim.scheduler
        pools = [self.sim.node_pools[p] for p in sorted(self.sim.node_pools)]
        # Existing nodes first (the scheduler may not have retried a pod yet), then booting VMs.
        upcoming = [copy.copy(scheduler.nodes[n]) for n in sorted(scheduler.nodes) if self.sim.kubelet.alive(n)]
        sizes: dict[str, int] = {}
        for pool in pools:
            registered, booting = self._members(pool["name"])
            sizes[pool["name"]] = len(registered) + len(booting)
            upcoming += [self._template(pool, name) for name in booting]
        planned: dict[str, list[NodeInfo]] = {p["name"]: [] for p in pools}
        triggered: dict[str, list[dict]] = {p["name"]: [] for p in pools}
        taken: set[str] = set()
        for pod in pods:
            req = pod_requests(pod["spec"])
            if _place(pod, req, upcoming):
                continue
            joined = next((p["name"] for p in pools if _place(pod, req, planned[p["name"]])), None)
            if joined is not None:
                triggered[joined].append(pod)
                continue
            reasons: Counter[str] = Counter()
            options = []
            for pool in pools:
                name = pool["name"]
                template = self._template(pool, f"template-node-for-{name}")
                why = filter_node(pod["spec"], req, template)
                if why:
                    for r in why:
                        reasons[r] += 1
                    continue
                if sizes[name] + len(planned[name]) >= int(pool.get("max", 0)):
                    reasons["max node group size reached"] += 1
                    continue
                options.append(pool)
            if not options:
                summary = ", ".join(f"{c} {r}" for r, c in sorted(reasons.items()))
                self.sim.recorder.emit(pod, "Normal", "NotTriggerScaleUp",
                                         f"pod didn't trigger scale-up: {summary}", self.name)
                continue
            best = min(options, key=lambda p: (float(p.get("pricePerHour", 0.10)), p["name"]))
            name = self._new_name(best["name"], taken)
            taken.add(name)
            node = self._template(best, name)
            planned[best["name"]].append(node)
            _place(pod, req, [node])
            triggered[best["name"]].append(pod)
        for pool in pools:
            new_nodes = planned[pool["name"]]
            if not new_nodes:
                continue
            before = sizes[pool["name"]]
            after = before + len(new_nodes)
            boot = int(pool.get("bootSeconds", DEFAULT_BOOT_SECONDS))
            for node in new_nodes:
                node_setup.add_node(self.sim, {**pool, "name": node.name, "pool": pool["name"]}, boot_seconds=boot)
            self.last_scale_up = self.sim.tick
            message = f"pod triggered scale-up: [{{{pool['name']} {before}->{after} (max: {pool.get('max', 0)})}}]"
            for pod in triggered[pool["name"]]:
                self.sim.recorder.emit(pod, "Normal", "TriggeredScaleUp", message, self.name)

    def _scale_down(self) -> None:
        scheduler = self.sim.scheduler
        now = self.sim.tick
        candidates = []
        for name in sorted(scheduler.nodes):
            info = scheduler.nodes[name]
            pool = self.sim.node_pools.get(info.labels.get(POOL_LABEL, ""))
            node = self.store.get("Node", None, name)
            if pool is None or node is None or name in self.draining or not self.sim.kubelet.alive(name) \
                    or (node["metadata"].get("annotations") or {}).get(SCALE_DOWN_DISABLED) == "true":
                self.unneeded.pop(name, None)
                continue
            cpu = info.requested_cpu / info.cpu if info.cpu else 1.0
            memory = info.requested_memory / info.memory if info.memory else 1.0
            if max(cpu, memory) >= UTILIZATION_THRESHOLD:
                self.unneeded.pop(name, None)
                continue
            since = self.unneeded.setdefault(name, now)
            if now - since >= UNNEEDED_TIME:
                candidates.append((name, pool))
        for name, pool in candidates:
            registered, booting = self._members(pool["name"])
            size = len([n for n in registered if n not in self.draining]) + len(booting)
            if size <= int(pool.get("min", 0)):
                continue
            movable = self._movable(name)
            if movable is None:
                continue
            self._drain(name, movable)
            return

    def _movable(self, name: str) -> list[dict] | None:
        """The pods to evict if every one of them fits on another node; None if one cannot move."""
        scheduler = self.sim.scheduler
        others = [copy.copy(scheduler.nodes[n]) for n in sorted(scheduler.nodes)
                  if n != name and n not in self.draining and self.sim.kubelet.alive(n)]
        to_move = []
        for pod in self.store.pods_on(name):
            meta = pod["metadata"]
            if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed") or meta.get("deletionTimestamp"):
                continue
            owner = controller_of(pod)
            if owner is not None and owner.get("kind") in ("DaemonSet", "Node"):
                continue
            annotations = meta.get("annotations") or {}
            if annotations.get(SAFE_TO_EVICT) == "false":
                return None
            if owner is None and annotations.get(SAFE_TO_EVICT) != "true":
                return None
            if meta["namespace"] == "kube-system" and annotations.get(SAFE_TO_EVICT) != "true":
                return None
            unbound = {**pod, "spec": {k: v for k, v in pod["spec"].items() if k != "nodeName"}}
            if not _place(unbound, pod_requests(pod["spec"]), others):
                return None
            to_move.append(pod)
        return to_move if self._budgets_allow(to_move) else None

    def _budgets_allow(self, pods: list[dict]) -> bool:
        """Whether every PodDisruptionBudget covering these pods can spend one disruption per
        Ready pod (the autoscaler's NotEnoughPdb rule)."""
        spend: dict[tuple[str, str], int] = {}
        allowed: dict[tuple[str, str], int] = {}
        for pod in pods:
            if not pod_ready(pod):
                continue
            for pdb in budgets_for(self.store, pod):
                key = (pdb["metadata"]["namespace"], pdb["metadata"]["name"])
                spend[key] = spend.get(key, 0) + 1
                allowed[key] = (pdb.get("status") or {}).get("disruptionsAllowed", 0)
        return all(spend[k] <= allowed[k] for k in spend)

    def _drain(self, name: str, pods: list[dict]) -> None:
        node = self.store.get("Node", None, name)
        assert node is not None
        taints = list(node["spec"].get("taints") or [])
        taints.append({"key": TO_BE_DELETED_TAINT, "value": str(_EPOCH_UNIX + self.sim.tick), "effect": "NoSchedule"})
        node = self.store.update({**node, "spec": {**node["spec"], "taints": taints}}, admit=False)
        self.sim.recorder.emit(node, "Normal", "ScaleDown", "marked the node as toBeDeleted/unschedulable", self.name)
        self.draining[name] = self.sim.tick
        self.unneeded.pop(name, None)
        for pod in pods:
            self.sim.recorder.emit(pod, "Normal", "ScaleDown", "deleting pod for node scale down", self.name)
            try:
                evict(self.store, pod["metadata"]["namespace"], pod["metadata"]["name"])
            except ApiError:
                pass

    def _finish_drains(self) -> None:
        for name in sorted(self.draining):
            began = self.draining[name]
            waiting = [p for p in self.store.pods_on(name)
                       if (controller_of(p) or {}).get("kind") not in ("DaemonSet", "Node")
                       and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
            if waiting and self.sim.tick - began < MAX_GRACEFUL_TERMINATION:
                continue
            node = self.store.get("Node", None, name)
            if node is not None:
                self.sim.recorder.emit(node, "Normal", "RemovingNode",
                                         f"Node {name} event: Removing Node {name} from Controller", "node-controller")
            del self.draining[name]
            node_setup.remove_node(self.sim, name)


def _unschedulable(pod: dict) -> bool:
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == "PodScheduled":
            return c.get("status") == "False" and c.get("reason") == "Unschedulable"
    return False


def _place(pod: dict, req: tuple, infos: list[NodeInfo]) -> bool:
    """First fit of a pod on simulated nodes, booking its requests on the one that takes it."""
    for info in infos:
        if not filter_node(pod["spec"], req, info):
            info.requested_cpu += req[0]
            info.requested_memory += req[1]
            info.nonzero_cpu += req[2]
            info.nonzero_memory += req[3]
            info.pod_count += 1
            return True
    return False
