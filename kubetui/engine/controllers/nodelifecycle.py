"""What happens when a node dies.

Kubelets post status every 10 s. After node-monitor-grace-period (50 s) without one, the node's
conditions go `Unknown`, it is tainted `node.kubernetes.io/unreachable` (NoSchedule and
NoExecute) and its pods are marked not ready. The taint manager then evicts each pod when its
toleration for the taint runs out (300 s, added by admission), and the workload controllers
replace them elsewhere. When the kubelet posts again, the taints come off.
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.scheduler import tolerates
from kubetui.engine.store import delete
from kubetui.model.clock import tick_of, timestamp

GRACE_PERIOD = 50
"""node-monitor-grace-period in current releases."""
UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"


class NodeLifecycleController(Controller):
    name = "node-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("Node", self.enqueue_change)

    def resync(self) -> None:
        for node in self.store.iter("Node"):
            self.enqueue_obj(node)

    def kubelet_stopped(self, node: str) -> None:
        """Look at the node once its grace period has run out."""
        hb = self.sim.kubelet.last_heartbeat(node)
        self.enqueue_after(("", node), hb + GRACE_PERIOD + 1 - self.sim.tick)

    def reconcile(self, key: Key) -> None:
        node = self.store.get("Node", None, key[1])
        if node is None or key[1] not in self.sim.kubelet.agents:
            return
        name = node["metadata"]["name"]
        now = self.sim.tick
        alive = self.sim.kubelet.alive(name)
        ready = _condition(node, "Ready")
        taints = node["spec"].get("taints") or []
        has_unreachable = any(t["key"] == UNREACHABLE for t in taints)
        if not alive:
            silent_for = now - self.sim.kubelet.last_heartbeat(name)
            if silent_for <= GRACE_PERIOD:
                self.enqueue_after(key, GRACE_PERIOD + 1 - silent_for)
                return
            if ready is None or ready["status"] != "Unknown":
                node = self._mark_unknown(node)
            if not has_unreachable:
                node = self._set_taints(node, taints + [
                    {"key": UNREACHABLE, "effect": "NoSchedule"},
                    {"key": UNREACHABLE, "effect": "NoExecute", "timeAdded": timestamp(now)}])
            self._schedule_evictions(node)
            return
        if has_unreachable and ready is not None and ready["status"] == "True":
            self._set_taints(node, [t for t in taints if t["key"] != UNREACHABLE])

    def _mark_unknown(self, node: dict) -> dict:
        ts = timestamp(self.sim.tick)
        conds = []
        for c in node["status"]["conditions"]:
            conds.append({**c, "status": "Unknown", "reason": "NodeStatusUnknown",
                          "message": "Kubelet stopped posting node status.", "lastTransitionTime": ts})
        node = self.store.update_status({**node, "status": {**node["status"], "conditions": conds}})
        name = node["metadata"]["name"]
        self.event(node, "Normal", "NodeNotReady", f"Node {name} status is now: NodeNotReady")
        for pod in self.store.pods_on(name):
            self._mark_pod_not_ready(pod)
        return node

    def _mark_pod_not_ready(self, pod: dict) -> None:
        status = pod.get("status", {})
        if status.get("phase") in ("Succeeded", "Failed"):
            return
        ts = timestamp(self.sim.tick)
        changed = False
        conds = []
        for c in status.get("conditions", ()):
            if c["type"] == "Ready" and c["status"] != "False":
                c = {**c, "status": "False", "lastTransitionTime": ts}
                changed = True
            conds.append(c)
        if changed:
            self.store.update_status({**pod, "status": {**status, "conditions": conds}})
            self.sim.recorder.emit(pod, "Warning", "NodeNotReady", "Node is not ready", self.name)

    def _set_taints(self, node: dict, taints: list[dict]) -> dict:
        spec = {**node["spec"], "taints": taints}
        if not taints:
            del spec["taints"]
        return self.store.update({**node, "spec": spec}, admit=False)

    def _schedule_evictions(self, node: dict) -> None:
        """The taint manager: evict each pod when its toleration of NoExecute taints runs out."""
        noexec = [t for t in node["spec"].get("taints") or () if t.get("effect") == "NoExecute"]
        if not noexec:
            return
        now = self.sim.tick
        for pod in self.store.pods_on(node["metadata"]["name"]):
            if pod["metadata"].get("deletionTimestamp"):
                continue
            wait: int | None = 0
            for taint in noexec:
                tols = [t for t in pod["spec"].get("tolerations") or () if tolerates([t], taint)]
                if not tols:
                    wait = 0
                    break
                secs = [t.get("tolerationSeconds") for t in tols]
                if any(s is None for s in secs):
                    wait = None
                    break
                added = tick_of(taint.get("timeAdded")) or now
                wait = max(wait, added + min(secs) - now)
            if wait is None:
                continue
            if wait <= 0:
                self._evict(pod)
            else:
                self.sim.after(wait, self._evict_key, pod["metadata"]["namespace"], pod["metadata"]["name"],
                               pod["metadata"]["uid"])

    def _evict_key(self, namespace: str, name: str, uid: str) -> None:
        if not self.sim.components["kube-controller-manager"]:
            self.sim.after(1, self._evict_key, namespace, name, uid)
            return
        pod = self.store.get("Pod", namespace, name)
        if pod is None or pod["metadata"]["uid"] != uid or pod["metadata"].get("deletionTimestamp"):
            return
        node = self.store.get("Node", None, pod["spec"].get("nodeName", ""))
        if node is None or not any(t.get("effect") == "NoExecute" for t in node["spec"].get("taints") or ()):
            return
        self._evict(pod)

    def _evict(self, pod: dict) -> None:
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        self.sim.recorder.emit(pod, "Normal", "TaintManagerEviction", f"Marking for deletion Pod {ns}/{name}",
                                 "taint-eviction-controller")
        if (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
            conds = [c for c in (pod.get("status") or {}).get("conditions") or () if c["type"] != "DisruptionTarget"]
            conds.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                          "lastTransitionTime": timestamp(self.sim.tick), "reason": "DeletionByTaintManager",
                          "message": "Taint manager: deleting due to NoExecute taint"})
            self.store.update_status({**pod, "status": {**(pod.get("status") or {}), "conditions": conds}})
        delete(self.store, "Pod", ns, name)


def _condition(obj: dict, type_: str) -> dict | None:
    for c in obj.get("status", {}).get("conditions", ()):
        if c["type"] == type_:
            return c
    return None
