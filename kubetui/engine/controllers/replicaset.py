"""ReplicaSet and ReplicationController: keep `replicas` pods matching the selector.

The seed: "detect a dead Pod and bring it back, or adjust (scale) the number of Pods". Pods are
found through the owner index; matching orphans are adopted; scale-down deletes the least
valuable pods first (unscheduled, pending, not ready, then the newest), as Kubernetes does.
"""

from __future__ import annotations

from kubetui.engine.admission.podtemplates import copy_json
from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.store import controller_of, controller_ref, delete
from kubetui.model.clock import tick_of, timestamp
from kubetui.model.errors import ApiError
from kubetui.model.labels import Selector, from_label_selector, from_map

BURST_REPLICAS = 500


def is_active(pod: dict) -> bool:
    """Counted by controllers: not terminating and not finished."""
    return not pod["metadata"].get("deletionTimestamp") and \
        pod.get("status", {}).get("phase") not in ("Succeeded", "Failed")


def pod_ready_since(pod: dict) -> int | None:
    for c in pod.get("status", {}).get("conditions", ()):
        if c["type"] == "Ready":
            return tick_of(c.get("lastTransitionTime")) if c["status"] == "True" else None
    return None


def _status_only(old: dict | None, new: dict | None) -> bool:
    """A status write: the same metadata and spec objects on both sides (stored objects are
    never changed in place, so these are unchanged)."""
    return old is not None and new is not None and old["metadata"] is new["metadata"] and old["spec"] is new["spec"]


def _counted_change(old: dict, new: dict) -> bool:
    """The write changes what a ReplicaSet's reconcile reads of a pod: its phase (active or
    finished) or its readiness (readyReplicas, availableReplicas)."""
    was, now = old.get("status") or {}, new.get("status") or {}
    if was.get("phase") != now.get("phase"):
        return True
    return was.get("conditions") is not now.get("conditions") and pod_ready_since(old) != pod_ready_since(new)


def _fully_labeled(pods: list[dict], template_labels: dict) -> int:
    """How many of `pods` carry every label of the template (fullyLabeledReplicas); a labels
    object the pod before held is not read again (the pods of one template share theirs)."""
    count, last, labeled = 0, None, False
    for pod in pods:
        labels = pod["metadata"].get("labels") or _NO_LABELS
        if labels is not last:
            last, labeled = labels, all(labels.get(k) == v for k, v in template_labels.items())
        count += labeled
    return count


_NO_LABELS: dict = {}


def is_available(pod: dict, min_ready: int, now: int) -> bool:
    since = pod_ready_since(pod)
    return since is not None and (min_ready == 0 or since + min_ready <= now)


def new_pod(sim, owner: dict, template: dict, shared_spec: bool = False, shared: tuple[dict, dict] | None = None) -> dict:
    """A pod from a template, named `<owner>-<5 random chars>` and owned by `owner`.

    `shared_spec`: the pod holds the template's own spec, not a copy, for a caller that changes
    nothing in it: admission validates it into a new object before any plugin writes into the
    pod, and the stored template is never changed in place.

    `shared`: what the pods made in one go from `template` share (`pod_parts`): their labels,
    annotations, finalizers, ownerReferences and status are those very objects (admission
    then knows the next pod of a template by them, `podtemplates._alike`).

    Only labels, annotations and finalizers come from the template's metadata (Kubernetes'
    GetPodFromTemplate); anything else a template carries is not the pod's."""
    base, status = shared or pod_parts(owner, template)
    meta = dict(base)
    meta["name"] = meta["generateName"] + sim.random_suffix()
    spec = template.get("spec") or {}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec if shared_spec else copy_json(spec),
            "status": status}


def pod_parts(owner: dict, template: dict) -> tuple[dict, dict]:
    """The metadata (but the name) and the status of a pod `new_pod` makes from `template`."""
    source = template.get("metadata") or {}
    meta = copy_json({k: source[k] for k in ("labels", "annotations", "finalizers") if source.get(k)})
    meta["generateName"] = owner["metadata"]["name"] + "-"
    meta["name"] = ""
    meta["namespace"] = owner["metadata"]["namespace"]
    meta["ownerReferences"] = [controller_ref(owner)]
    return meta, {"phase": "Pending", "qosClass": None}


def _deletion_rank(pod: dict, now: int) -> tuple:
    """Lower sorts first = deleted first (Kubernetes' ActivePods ordering)."""
    status = pod.get("status", {})
    phase = {"Pending": 0, "Unknown": 1, "Running": 2}.get(status.get("phase"), 0)
    ready_since = pod_ready_since(pod)
    restarts = sum(c.get("restartCount", 0) for c in status.get("containerStatuses", ()))
    created = tick_of(pod["metadata"].get("creationTimestamp")) or 0
    return (1 if pod["spec"].get("nodeName") else 0, phase, 1 if ready_since is not None else 0,
            -(ready_since or 0), -restarts, -created, pod["metadata"]["name"])


class ReplicaSetController(Controller):
    kind = "ReplicaSet"
    name = "replicaset-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.orphans: dict[str, dict[str, None]] = {}
        """namespace -> names of active pods no controller owns (candidates for adoption)."""
        self.settled: dict[Key, None] = {}
        """Owners whose last reconcile found every replica there and set no timer: a status write
        of one of their pods that changes neither its phase nor its readiness gives their next
        reconcile nothing to write. (An orphan to adopt comes with a write of its own, which
        queues its owners as usual.)"""
        self.store.watch(self.kind, self._on_owner)
        self.store.watch("Pod", self._on_pod, controlled_by=(self.kind, None))

    def resync(self) -> None:
        for obj in self.store.iter(self.kind):
            self.enqueue_obj(obj)

    def selector(self, obj: dict) -> Selector:
        return from_label_selector(obj["spec"].get("selector"))

    def _plain_selector(self, obj: dict) -> dict | None:
        """The labels `selector` asks for, when it asks for nothing else (no expressions)."""
        sel = obj["spec"].get("selector")
        return None if sel is None or sel.get("matchExpressions") else sel.get("matchLabels")

    def _on_owner(self, event: str, old: dict | None, new: dict | None) -> None:
        """Its own status write (the reconcile that wrote it would write nothing more) queues a
        settled owner as idle; any other write, as a change."""
        obj = new or old
        assert obj is not None
        key = (obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
        if key in self.settled and _status_only(old, new):
            self.enqueue_idle(key)
        else:
            self.enqueue(key)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        pod = new or old
        assert pod is not None
        ref = controller_of(pod)
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        if ref is None and new is not None and is_active(new):
            self.orphans.setdefault(ns, {})[name] = None
        else:
            orphans = self.orphans.get(ns)
            if orphans:
                orphans.pop(name, None)
        if ref is not None:
            if ref["kind"] == self.kind:
                key = (ns, ref["name"])
                if key in self.settled and old is not None and new is not None and _status_only(old, new) \
                        and not _counted_change(old, new):
                    self.enqueue_idle(key)
                else:
                    self.enqueue(key)
            return
        if new is None or new["metadata"].get("deletionTimestamp"):
            return
        labels = new["metadata"].get("labels")
        for owner in self.store.iter(self.kind, new["metadata"]["namespace"]):
            if self.selector(owner).matches(labels):
                self.enqueue_obj(owner)

    def reconcile(self, key: Key) -> None:
        rs = self.store.get(self.kind, *key)
        if rs is None:
            self.settled.pop(key, None)
            return
        if rs["metadata"].get("deletionTimestamp"):
            self.settled.pop(key, None)
            self._update_status(key, None)
            return
        selector = self.selector(rs)
        uid = rs["metadata"]["uid"]
        pods = []
        revision = self.store.revision
        pod: dict | None
        for pod in self.store.owned(uid, "Pod"):
            if (controller_of(pod) or {}).get("uid") != uid:
                continue
            if selector.matches(pod["metadata"].get("labels")):
                pods.append(pod)
            elif is_active(pod):
                self._release(pod, uid)
        for name in list(self.orphans.get(key[0], ())):
            pod = self.store.get("Pod", key[0], name)
            if pod is not None and controller_of(pod) is None and is_active(pod) \
                    and selector.matches(pod["metadata"].get("labels")):
                pods.append(self._adopt(pod, rs))
        active = [p for p in pods if is_active(p)]
        want = rs["spec"].get("replicas", 1)
        diff = len(active) - want
        failure = None
        if diff == 0:
            self.settled[key] = None
        else:
            self.settled.pop(key, None)
        if diff < 0:
            failure = self._create(rs, min(-diff, BURST_REPLICAS))
        elif diff > 0:
            now = self.sim.tick
            for pod in sorted(active, key=lambda p: _deletion_rank(p, now))[:diff]:
                delete(self.store, "Pod", pod["metadata"]["namespace"], pod["metadata"]["name"])
                self.event(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}")
        self._update_status(key, failure, active if diff == 0 and self.store.revision == revision else None)

    def _create(self, rs: dict, n: int) -> str | None:
        """Create up to n pods in slow-start batches (1, 2, 4, ...); stop at the first refusal."""
        template = rs["spec"].get("template") or {}
        shared = pod_parts(rs, template)
        created, batch = 0, 1
        while created < n:
            for _ in range(min(batch, n - created)):
                pod = new_pod(self.sim, rs, template, shared_spec=True, shared=shared)
                try:
                    pod = self.store.create(pod)
                except ApiError as err:
                    self.event(rs, "Warning", "FailedCreate", f"Error creating: {err.message}")
                    return err.message
                created += 1
                self.event(rs, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")
            batch *= 2
        return None

    def _adopt(self, pod: dict, rs: dict) -> dict:
        refs = list(pod["metadata"].get("ownerReferences", ())) + [controller_ref(rs)]
        return self.store.update({**pod, "metadata": {**pod["metadata"], "ownerReferences": refs}}, admit=False)

    def _release(self, pod: dict, uid: str) -> None:
        refs = [r for r in pod["metadata"].get("ownerReferences", ()) if r["uid"] != uid]
        meta = {**pod["metadata"], "ownerReferences": refs}
        if not refs:
            del meta["ownerReferences"]
        self.store.update({**pod, "metadata": meta}, admit=False)

    def _update_status(self, key: Key, failure: str | None, active: list[dict] | None = None) -> None:
        """`active`: the reconcile's active pods, when it wrote nothing since it read them (they
        are then the active pods the ReplicaSet controls)."""
        rs = self.store.get(self.kind, *key)
        assert rs is not None
        uid = rs["metadata"]["uid"]
        min_ready = rs["spec"].get("minReadySeconds", 0)
        now = self.sim.tick
        pods = active if active is not None else [
            p for p in self.store.owned(uid, "Pod") if is_active(p) and (controller_of(p) or {}).get("uid") == uid]
        template_labels = ((rs["spec"].get("template") or {}).get("metadata") or {}).get("labels") or {}
        if active is not None and template_labels and self._plain_selector(rs) == template_labels \
                and all(type(v) is str for v in template_labels.values()):
            labeled = len(pods)  # the selector matched each of them: it asks for the template's labels alone
        else:
            labeled = _fully_labeled(pods, template_labels)
        since = [s for s in map(pod_ready_since, pods) if s is not None]
        ready = len(since)
        available = ready if min_ready == 0 else sum(1 for s in since if s + min_ready <= now)
        if min_ready and ready > available:
            self.settled.pop(key, None)
            self.enqueue_after(key, 1)
        status = {"replicas": len(pods), "fullyLabeledReplicas": labeled, "readyReplicas": ready, "availableReplicas": available,
                  "observedGeneration": rs["metadata"].get("generation", 1)}
        old_conds = rs.get("status", {}).get("conditions", [])
        if failure:
            status["conditions"] = [{"type": "ReplicaFailure", "status": "True", "reason": "FailedCreate",
                                     "message": failure, "lastTransitionTime": timestamp(now)}]
        elif old_conds and len(pods) < rs["spec"].get("replicas", 1):
            status["conditions"] = old_conds  # ReplicaFailure stays until the pods are all there
        for field in ("fullyLabeledReplicas", "readyReplicas", "availableReplicas"):
            if status[field] == 0:
                del status[field]
        self.store.update_status({**rs, "status": status})
        if failure:
            self.enqueue_after(key, 10)


class ReplicationControllerController(ReplicaSetController):
    kind = "ReplicationController"
    name = "replication-controller"

    def selector(self, obj: dict) -> Selector:
        return from_map(obj["spec"].get("selector"))

    def _plain_selector(self, obj: dict) -> dict | None:
        return obj["spec"].get("selector") or None
