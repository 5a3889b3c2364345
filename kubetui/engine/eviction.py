"""The Eviction API (`POST pods/NAME/eviction`): a delete that respects PodDisruptionBudgets.

`kubectl drain` (and anything else that disrupts pods on purpose) evicts rather than deletes.
A pod that is Pending, finished or already terminating is deleted outright. Otherwise the
budget whose selector matches it must allow a disruption: the eviction spends one
(`disruptionsAllowed` goes down and the pod is listed in `disruptedPods`, so the disruption
controller stops counting it as healthy) and the pod is deleted; with none left the API answers
429 TooManyRequests and the caller retries. A pod that is not Ready may go without spending
the budget when the application is already at its healthy count, or always under
`unhealthyPodEvictionPolicy: AlwaysAllow`. More than one matching budget is an error.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from kubetui.engine.controllers.disruption import allowed_condition, pod_ready
from kubetui.engine.store import delete
from kubetui.model.clock import timestamp
from kubetui.model.errors import ApiError, not_found
from kubetui.model.labels import selector_matches

if TYPE_CHECKING:
    from kubetui.engine.store import Store

VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget."
MORE_THAN_ONE = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."


def too_many_requests() -> ApiError:
    return ApiError("TooManyRequests", VIOLATES_BUDGET, 429)


def budgets_for(store: Store, pod: dict) -> list[dict]:
    """The budgets in the pod's namespace whose selector matches it (a nil or empty selector matches none)."""
    labels = pod["metadata"].get("labels")
    out = []
    for pdb in store.list("PodDisruptionBudget", pod["metadata"]["namespace"]):
        selector = (pdb.get("spec") or {}).get("selector")
        if not selector or not (selector.get("matchLabels") or selector.get("matchExpressions")):
            continue
        if selector_matches(selector, labels):
            out.append(pdb)
    return out


def evict(store: Store, namespace: str, name: str, *, grace: int | None = None, dry_run: bool = False) -> dict:
    """Evict a pod; returns it as it was. Raises ApiError: NotFound, TooManyRequests (429) when
    a budget forbids it, InternalError (500) when several budgets cover it."""
    pod = store.get("Pod", namespace, name)
    if pod is None:
        raise not_found("pods", name)
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed", "Pending") or pod["metadata"].get("deletionTimestamp"):
        return pod if dry_run else _delete(store, pod, grace)
    budgets = budgets_for(store, pod)
    if len(budgets) > 1:
        raise ApiError("InternalError", MORE_THAN_ONE, 500)
    if budgets:
        pdb = budgets[0]
        status = pdb.get("status") or {}
        if not pod_ready(pod) and ((pdb.get("spec") or {}).get("unhealthyPodEvictionPolicy") == "AlwaysAllow"
                                   or 0 < status.get("desiredHealthy", 0) <= status.get("currentHealthy", 0)):
            return pod if dry_run else _delete(store, pod, grace)
        _check_and_decrement(store, pdb, name, dry_run)
    return pod if dry_run else _delete(store, pod, grace)


def _check_and_decrement(store: Store, pdb: dict, pod_name: str, dry_run: bool) -> None:
    status = pdb.get("status") or {}
    if status.get("observedGeneration", 0) < pdb["metadata"].get("generation", 1):
        raise too_many_requests()
    if status.get("disruptionsAllowed", 0) <= 0:
        raise too_many_requests()
    if dry_run:
        return
    now = timestamp(store.sim.tick)
    new = copy.deepcopy(status)
    new["disruptionsAllowed"] -= 1
    if new["disruptionsAllowed"] == 0:
        new["conditions"] = allowed_condition(new, now)
    new["disruptedPods"] = {**(status.get("disruptedPods") or {}), pod_name: now}
    store.update_status({**pdb, "status": new})


def _delete(store: Store, pod: dict, grace: int | None) -> dict:
    """Mark the pod as a disruption target, then delete it (gracefully)."""
    meta = pod["metadata"]
    if not meta.get("deletionTimestamp") and (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
        conds = [c for c in pod["status"].get("conditions") or () if c["type"] != "DisruptionTarget"]
        conds.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                      "lastTransitionTime": timestamp(store.sim.tick), "reason": "EvictionByEvictionAPI",
                      "message": "Eviction API: evicting"})
        store.update_status({**pod, "status": {**pod["status"], "conditions": conds}})
    return delete(store, "Pod", meta["namespace"], meta["name"], grace=grace)
