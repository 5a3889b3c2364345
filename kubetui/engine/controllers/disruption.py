"""The disruption controller: keeps each PodDisruptionBudget's status current.

From the pods its selector matches it counts the healthy ones (Ready, not terminating, not
just evicted), works out how many must stay healthy (`minAvailable`, or the expected pods less
`maxUnavailable`), and publishes `disruptionsAllowed`, which the Eviction API spends. With a
percentage or `maxUnavailable` the expected pods are the scale of the pods' controllers
(a Deployment's `spec.replicas` for pods of any of its ReplicaSets), as in Kubernetes.

The controller keeps, per budget, the names of the pods its selector matches, updated from the
pod watch; a pod change queues only the budgets that select it, and a reconcile reads only
those pods. Like Kubernetes' it watches pods and budgets only: a workload scaled without any
pod changing is seen at the next pod change.
"""

from __future__ import annotations

import math

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.store import controller_of
from kubetui.model.clock import tick_of, timestamp
from kubetui.model.kinds import KINDS
from kubetui.model.labels import selector_matches

DELETION_TIMEOUT = 120
"""Seconds an evicted pod stays out of the healthy count while its deletion is expected."""

_SCALABLE = ("ReplicationController", "ReplicaSet", "Deployment", "StatefulSet")


class ExpectedCountError(Exception):
    """The expected pods cannot be worked out (a controller without a scale)."""


def pod_ready(pod: dict) -> bool:
    for cond in (pod.get("status") or {}).get("conditions") or ():
        if cond.get("type") == "Ready":
            return cond.get("status") == "True"
    return False


def scaled_value(value, total: int) -> int:
    """intstr.GetScaledValueFromIntOrPercent, rounding up."""
    if isinstance(value, int):
        return value
    return math.ceil(int(str(value).rstrip("%")) * total / 100)


def allowed_condition(status: dict, now: str) -> list[dict]:
    """Conditions with DisruptionAllowed set from `disruptionsAllowed` (pdbhelper's rule)."""
    ok = status.get("disruptionsAllowed", 0) > 0
    return set_condition(status.get("conditions") or [], {
        "type": "DisruptionAllowed", "status": "True" if ok else "False",
        "reason": "SufficientPods" if ok else "InsufficientPods", "message": "",
        "observedGeneration": status.get("observedGeneration", 0)}, now)


def set_condition(conditions: list[dict], cond: dict, now: str) -> list[dict]:
    """meta.SetStatusCondition: lastTransitionTime moves only when the status does."""
    out, found = [], False
    for c in conditions:
        if c.get("type") == cond["type"]:
            found = True
            moved = c.get("status") != cond["status"]
            c = {**c, **cond, "lastTransitionTime": now if moved else c.get("lastTransitionTime", now)}
        out.append(c)
    if not found:
        out.append({**cond, "lastTransitionTime": now})
    return out


class DisruptionController(Controller):
    name = "controllermanager"
    """Kubernetes' disruption controller records its Events under this component."""

    def __init__(self, sim):
        super().__init__(sim)
        self.members: dict[Key, dict[str, None]] = {}
        """PodDisruptionBudget key -> names of the pods its selector matches (insertion-ordered)."""
        self.store.watch("PodDisruptionBudget", self._on_budget)
        self.store.watch("Pod", self._on_pod)

    # -- watches ---------------------------------------------------------------------------
    def _on_budget(self, event: str, old: dict | None, new: dict | None) -> None:
        obj = new or old
        assert obj is not None
        key = (obj["metadata"]["namespace"], obj["metadata"]["name"])
        if new is None:
            self.members.pop(key, None)
            return
        if old is None or (old.get("spec") or {}).get("selector") != (new.get("spec") or {}).get("selector"):
            selector = (new.get("spec") or {}).get("selector")
            self.members[key] = {p["metadata"]["name"]: None for p in self.store.iter("Pod", key[0])
                                 if selector_matches(selector, p["metadata"].get("labels"))}
        if old is None or old.get("spec") != new.get("spec") or \
                old["metadata"].get("generation") != new["metadata"].get("generation"):
            self.enqueue(key)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        if not self.members:  # no budget anywhere (each has its entry from its creation on)
            return
        pod = new or old
        assert pod is not None
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        if not self.store.exists("PodDisruptionBudget", ns):
            return
        budgets = list(self.store.iter("PodDisruptionBudget", ns))
        if not budgets or old is not None and new is not None and not _matters(old, new):
            return
        labels = new["metadata"].get("labels") if new is not None else None
        for budget in budgets:
            key = (ns, budget["metadata"]["name"])
            members = self.members.setdefault(key, {})
            selected = new is not None and selector_matches((budget.get("spec") or {}).get("selector"), labels)
            if selected or name in members:
                self.enqueue(key)
            if selected:
                members[name] = None
            else:
                members.pop(name, None)

    def resync(self) -> None:
        for budget in self.store.iter("PodDisruptionBudget"):
            self.enqueue_obj(budget)

    # -- reconcile -------------------------------------------------------------------------
    def reconcile(self, key: Key) -> None:
        ns, name = key
        pdb = self.store.get("PodDisruptionBudget", ns, name)
        if pdb is None:
            return
        pods = [p for p in (self.store.get("Pod", ns, n) for n in sorted(self.members.get(key, ()))) if p is not None]
        if not pods:
            self.event(pdb, "Normal", "NoPods", "No matching pods found")
        try:
            expected, desired, unmanaged = self._expected(pdb, pods)
        except ExpectedCountError as exc:
            self.event(pdb, "Warning", "CalculateExpectedPodCountFailed",
                       f"Failed to calculate the number of expected pods: {exc}")
            self._fail_safe(pdb, str(exc))
            return
        if unmanaged:
            self.event(pdb, "Warning", "UnmanagedPods",
                       f"Pods selected by this PodDisruptionBudget (selector: {_go_selector(pdb)}) were found "
                       "to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which "
                       "may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" "
                       "field of the PDB to an integer value.")
        now = self.sim.tick
        disrupted, recheck = self._disrupted(pdb, pods, now)
        healthy = 0
        for pod in pods:
            if pod["metadata"].get("deletionTimestamp") or pod["metadata"]["name"] in disrupted:
                continue
            if pod_ready(pod):
                healthy += 1
        allowed = healthy - desired
        if expected <= 0 or allowed <= 0:
            allowed = 0
        current = pdb.get("status") or {}
        status: dict = {"observedGeneration": pdb["metadata"].get("generation", 1)}
        if disrupted:
            status["disruptedPods"] = disrupted
        status.update({"disruptionsAllowed": allowed, "currentHealthy": healthy, "desiredHealthy": desired,
                       "expectedPods": expected, "conditions": current.get("conditions") or []})
        status["conditions"] = allowed_condition(status, timestamp(now))
        if status != current:
            self.store.update_status({**pdb, "status": status})
        if recheck is not None:
            self.enqueue_after(key, recheck - now)

    def _fail_safe(self, pdb: dict, message: str) -> None:
        current = pdb.get("status") or {}
        status = {**current, "disruptionsAllowed": 0}
        status["conditions"] = set_condition(current.get("conditions") or [], {
            "type": "DisruptionAllowed", "status": "False", "reason": "SyncFailed", "message": message,
            "observedGeneration": current.get("observedGeneration", 0)}, timestamp(self.sim.tick))
        if status != current:
            self.store.update_status({**pdb, "status": status})

    def _disrupted(self, pdb: dict, pods: list[dict], now: int) -> tuple[dict[str, str], int | None]:
        """buildDisruptedPodMap: evictions still expected to end in a deletion, and when to look again."""
        listed = (pdb.get("status") or {}).get("disruptedPods") or {}
        kept: dict[str, str] = {}
        recheck = None
        if not listed:
            return kept, None
        for pod in pods:
            meta = pod["metadata"]
            if meta.get("deletionTimestamp") or meta["name"] not in listed:
                continue
            when = tick_of(listed[meta["name"]]) or 0
            expected_deletion = when + DELETION_TIMEOUT
            if expected_deletion < now:
                self.sim.recorder.emit(pod, "Warning", "NotDeleted",
                                         f"Pod was expected by PDB {pdb['metadata']['namespace']}/"
                                         f"{pdb['metadata']['namespace']} to be deleted but it wasn't", self.name)
                continue
            kept[meta["name"]] = listed[meta["name"]]
            recheck = expected_deletion if recheck is None else min(recheck, expected_deletion)
        return kept, recheck

    def _expected(self, pdb: dict, pods: list[dict]) -> tuple[int, int, list[str]]:
        """(expectedPods, desiredHealthy, unmanaged pod names): getExpectedPodCount."""
        spec = pdb.get("spec") or {}
        max_unavailable, min_available = spec.get("maxUnavailable"), spec.get("minAvailable")
        if max_unavailable is not None:
            expected, unmanaged = self._expected_scale(pods)
            return expected, max(0, expected - scaled_value(max_unavailable, expected)), unmanaged
        if isinstance(min_available, int):
            return len(pods), min_available, []
        if min_available is not None:
            expected, unmanaged = self._expected_scale(pods)
            return expected, scaled_value(min_available, expected), unmanaged
        return 0, 0, []

    def _expected_scale(self, pods: list[dict]) -> tuple[int, list[str]]:
        """The sum of the scales of the pods' controllers, each counted once."""
        scales: dict[str, int] = {}
        unmanaged: list[str] = []
        for pod in pods:
            ref = controller_of(pod)
            if ref is None:
                unmanaged.append(pod["metadata"]["name"])
                continue
            if ref.get("uid") in scales:
                continue
            found = self._scale_of(ref, pod["metadata"]["namespace"])
            if found is None:
                raise ExpectedCountError(f'found no controllers for pod "{pod["metadata"]["name"]}"')
            uid, scale = found
            scales[uid] = scale
        return sum(scales.values()), unmanaged

    def _scale_of(self, ref: dict, ns: str) -> tuple[str, int] | None:
        """(uid, replicas) of the workload a controllerRef leads to; a Deployment for its ReplicaSets."""
        kind = ref.get("kind")
        if kind not in _SCALABLE:
            known = KINDS.get(kind or "")
            if known is not None:
                raise ExpectedCountError(f"{known.resource} does not implement the scale subresource")
            return None
        obj = self.store.get(kind, ns, ref.get("name", ""))
        if obj is None or obj["metadata"]["uid"] != ref.get("uid"):
            return None
        if kind == "ReplicaSet":
            owner = controller_of(obj)
            if owner is not None and owner.get("kind") == "Deployment":
                return self._scale_of(owner, ns)
        return obj["metadata"]["uid"], int((obj.get("spec") or {}).get("replicas", 1))


def _matters(old: dict, new: dict) -> bool:
    """Whether a pod change can move a budget's counts (labels, readiness, deletion, owner)."""
    om, nm = old["metadata"], new["metadata"]
    return (om.get("labels") != nm.get("labels") or om.get("deletionTimestamp") != nm.get("deletionTimestamp")
            or om.get("ownerReferences") != nm.get("ownerReferences") or pod_ready(old) != pod_ready(new)
            or (old.get("status") or {}).get("phase") != (new.get("status") or {}).get("phase"))


def _go_selector(pdb: dict) -> str:
    """`%v` of the budget's *metav1.LabelSelector, as the UnmanagedPods Event prints it."""
    selector = (pdb.get("spec") or {}).get("selector")
    if selector is None:
        return "nil"
    labels = "".join(f"{k}: {v}," for k, v in sorted((selector.get("matchLabels") or {}).items()))
    exprs = "".join(
        f"LabelSelectorRequirement{{Key:{e.get('key', '')},Operator:{e.get('operator', '')},"
        f"Values:[{' '.join(e.get('values') or [])}],}}," for e in selector.get("matchExpressions") or ())
    return (f"&LabelSelector{{MatchLabels:map[string]string{{{labels}}},"
            f"MatchExpressions:[]LabelSelectorRequirement{{{exprs}}},}}")
