"""StatefulSet: pods with a stable name, network identity and storage, created and removed in order.

The seed: "some workloads keep state; their pods are not interchangeable". Pod `<set>-<ordinal>`
always comes back under the same name, with hostname/subdomain from `serviceName` (so a headless
Service gives it the DNS name `web-0.nginx.default.svc.cluster.local`) and the claims made from
`volumeClaimTemplates` (`<template>-<set>-<ordinal>`), created before the pod and kept when it
is re-created. With `podManagementPolicy: OrderedReady` (the default) pod N is created only once
pods 0..N-1 are Running and Ready, and scale-down removes the highest ordinal first, one at a
time; `Parallel` lifts both orders. Template versions are ControllerRevisions; a RollingUpdate
replaces pods from the highest ordinal down, one at a time, waiting for each to be Ready, and
leaves ordinals below `partition` alone; OnDelete waits for the user to delete pods. The
`persistentVolumeClaimRetentionPolicy` works as Kubernetes does it: through ownerReferences on
the claims, which the garbage collector follows.

Events are worded as the controller words them (`create Pod web-0 in StatefulSet web successful`).
"""

from __future__ import annotations

import copy
import re

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.controllers.deployment import template_hash
from kubetui.engine.controllers.replicaset import is_available, pod_ready_since
from kubetui.engine.store import controller_of, controller_ref, delete
from kubetui.model.errors import ApiError
from kubetui.model.labels import from_label_selector

REVISION_LABEL = "controller-revision-hash"
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
REVISION_HASH_LABEL = "controller.kubernetes.io/hash"
"""What ControllerRevisions carry (the history package's label), beside the template's labels."""
RETRY_FIRST, RETRY_MAX = 1, 300
"""A refused create is retried after 1 s, doubling to 5 minutes (the work queue's back-off)."""
_ORDINAL = re.compile(r"^(.*)-([0-9]+)$")


def parent_and_ordinal(name: str) -> tuple[str, int]:
    """(StatefulSet name, ordinal) read from a pod or claim name; ordinal -1 when there is none."""
    m = _ORDINAL.match(name)
    if not m:
        return "", -1
    return m.group(1), int(m.group(2))


def start_ordinal(sts: dict) -> int:
    return ((sts["spec"].get("ordinals") or {}).get("start") or 0)


def claim_name(template: dict, sts: dict, ordinal: int) -> str:
    return f"{template['metadata']['name']}-{sts['metadata']['name']}-{ordinal}"


def _phase(pod: dict) -> str | None:
    return (pod.get("status") or {}).get("phase")


def _terminating(pod: dict) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp"))


def running_and_ready(pod: dict) -> bool:
    return _phase(pod) == "Running" and pod_ready_since(pod) is not None


def _available(pod: dict | None, min_ready: int, now: int) -> bool:
    return pod is not None and not _terminating(pod) and _phase(pod) == "Running" and is_available(pod, min_ready, now)


def _revision_of(pod: dict) -> str:
    return (pod["metadata"].get("labels") or {}).get(REVISION_LABEL, "")


def _template_of(revision: dict) -> dict:
    template = copy.deepcopy(((revision.get("data") or {}).get("spec") or {}).get("template") or {})
    template.pop("$patch", None)
    return template


class StatefulSetController(Controller):
    name = "statefulset-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.backoff: dict[Key, int] = {}
        """Sets whose last create was refused -> seconds until the next try (doubling)."""
        self.retrying: dict[Key, None] = {}
        """Sets with a retry already waiting on the clock."""
        self.store.watch("StatefulSet", self.enqueue_change)
        self.store.watch("Pod", self._on_pod, owners=("StatefulSet", None))

    def resync(self) -> None:
        for obj in self.store.iter("StatefulSet"):
            self.enqueue_obj(obj)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        pod = new or old
        assert pod is not None
        ns = pod["metadata"]["namespace"]
        ref = controller_of(pod)
        if ref is not None:
            if ref.get("kind") == "StatefulSet":
                self.enqueue((ns, ref["name"]))
            return
        if new is not None and not _terminating(new):
            parent, ordinal = parent_and_ordinal(new["metadata"]["name"])
            if ordinal >= 0 and self.store.get("StatefulSet", ns, parent) is not None:
                self.enqueue((ns, parent))

    # -- reconcile ---------------------------------------------------------------------------------
    def reconcile(self, key: Key) -> None:
        sts = self.store.get("StatefulSet", *key)
        if sts is None:
            return
        spec = sts["spec"]
        pods = self._pods(sts)
        current, update, collisions = self._revisions(sts)
        if not sts["metadata"].get("deletionTimestamp"):
            self._sync(sts, pods, current, update)
        self._update_status(key, current, update, collisions)
        self._truncate_history(key, current, update)
        min_ready = spec.get("minReadySeconds", 0)
        if min_ready and any(running_and_ready(p) and not is_available(p, min_ready, self.sim.tick)
                             for p in self._pods(sts)):
            self.enqueue_after(key, 1)

    def _pods(self, sts: dict) -> list[dict]:
        """The pods this set controls, after adopting orphans that carry one of its names."""
        uid, name = sts["metadata"]["uid"], sts["metadata"]["name"]
        pods = [p for p in self.store.owned(uid, "Pod") if (controller_of(p) or {}).get("uid") == uid]
        if sts["metadata"].get("deletionTimestamp"):
            return pods
        selector = from_label_selector(sts["spec"].get("selector"))
        start = start_ordinal(sts)
        ns = sts["metadata"]["namespace"]
        for ordinal in range(start, start + sts["spec"].get("replicas", 1)):
            pod = self.store.get("Pod", ns, f"{name}-{ordinal}")
            if pod is not None and controller_of(pod) is None and not _terminating(pod) \
                    and selector.matches(pod["metadata"].get("labels")):
                refs = list(pod["metadata"].get("ownerReferences") or ()) + [controller_ref(sts)]
                pods.append(self.store.update({**pod, "metadata": {**pod["metadata"], "ownerReferences": refs}},
                                              admit=False))
        return pods

    def _sync(self, sts: dict, pods: list[dict], current: dict, update: dict) -> None:
        """One pass of the controller's loop: replicas in order, then condemned pods, then the update."""
        spec = sts["spec"]
        name = sts["metadata"]["name"]
        now = self.sim.tick
        min_ready = spec.get("minReadySeconds", 0)
        start, count = start_ordinal(sts), spec.get("replicas", 1)
        replicas: list[dict | None] = [None] * count
        condemned: list[dict] = []
        pod: dict | None
        for pod in pods:
            parent, ordinal = parent_and_ordinal(pod["metadata"]["name"])
            if parent != name or ordinal < 0:
                continue
            if start <= ordinal < start + count:
                replicas[ordinal - start] = pod
            else:
                condemned.append(pod)
        condemned.sort(key=lambda p: -parent_and_ordinal(p["metadata"]["name"])[1])
        monotonic = spec.get("podManagementPolicy", "OrderedReady") != "Parallel"
        first_unhealthy = next((p for p in replicas if not _available(p, min_ready, now)), None)
        if first_unhealthy is None:
            first_unhealthy = next((p for p in reversed(condemned) if not _available(p, min_ready, now)), None)

        for i in range(count):
            ordinal = start + i
            pod = replicas[i]
            if pod is not None and _phase(pod) in ("Failed", "Succeeded"):
                if not _terminating(pod):
                    self._delete_pod(sts, pod)
                if monotonic:
                    return
                continue
            if pod is None:
                pod = self._create_pod(sts, ordinal, current, update)
                if pod is None:
                    return
                replicas[i] = pod
                if monotonic:
                    return
                continue
            if _phase(pod) == "Pending" and self._create_claims(sts, pod) is not None:
                return
            if monotonic and (_terminating(pod) or not running_and_ready(pod)
                              or not is_available(pod, min_ready, now)):
                return
            self._keep_identity(sts, pod)
            self._retain_claims(sts, pod, scaled_down=False)

        for pod in condemned:
            self._retain_claims(sts, pod, scaled_down=True)
        for pod in condemned:
            if _terminating(pod):
                if monotonic:
                    return
                continue
            if monotonic and pod is not first_unhealthy and not _available(pod, min_ready, now):
                return
            self._delete_pod(sts, pod)
            if monotonic:
                return

        strategy = spec.get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") == "OnDelete":
            return
        partition = (strategy.get("rollingUpdate") or {}).get("partition") or 0
        target = update["metadata"]["name"]
        for i in range(count - 1, partition - 1, -1):
            pod = replicas[i]
            if pod is None:
                return
            if _revision_of(pod) != target and not _terminating(pod):
                self._delete_pod(sts, pod)
                return
            if not _available(pod, min_ready, now):
                return

    # -- pods and claims ---------------------------------------------------------------------------
    def _create_pod(self, sts: dict, ordinal: int, current: dict, update: dict) -> dict | None:
        """Claims first, then the pod at the revision its ordinal belongs to; None when refused."""
        strategy = sts["spec"].get("updateStrategy") or {}
        rolling = strategy.get("type", "RollingUpdate") == "RollingUpdate"
        partition = (strategy.get("rollingUpdate") or {}).get("partition")
        start = start_ordinal(sts)
        if rolling and partition is not None and ordinal < start + partition:
            revision = current
        elif rolling and partition is None and ordinal < start + (sts.get("status") or {}).get("currentReplicas", 0):
            revision = current
        else:
            revision = update
        pod = self._new_pod(sts, ordinal, _template_of(revision), revision["metadata"]["name"])
        pod_name = pod["metadata"]["name"]
        error = self._create_claims(sts, pod)
        if error is None:
            try:
                pod = self.store.create(pod)
            except ApiError as err:
                if err.reason == "AlreadyExists":
                    self._retry(sts)
                    return None
                error = err.message
        if error is not None:
            self.event(sts, "Warning", "FailedCreate",
                       f"create Pod {pod_name} in StatefulSet {sts['metadata']['name']} failed error: {error}")
            self._retry(sts)
            return None
        self.backoff.pop(self._key(sts), None)
        self._retain_claims(sts, pod, scaled_down=False)
        self.event(sts, "Normal", "SuccessfulCreate",
                   f"create Pod {pod_name} in StatefulSet {sts['metadata']['name']} successful")
        return pod

    def _new_pod(self, sts: dict, ordinal: int, template: dict, revision: str) -> dict:
        name = f"{sts['metadata']['name']}-{ordinal}"
        meta = copy.deepcopy(template.get("metadata") or {})
        for field in ("name", "generateName", "namespace", "creationTimestamp"):
            meta.pop(field, None)
        meta["name"] = name
        meta["namespace"] = sts["metadata"]["namespace"]
        meta["labels"] = {**(meta.get("labels") or {}), REVISION_LABEL: revision, POD_NAME_LABEL: name,
                          POD_INDEX_LABEL: str(ordinal)}
        meta["ownerReferences"] = [controller_ref(sts)]
        spec = copy.deepcopy(template.get("spec") or {})
        spec["hostname"] = name
        if sts["spec"].get("serviceName"):
            spec["subdomain"] = sts["spec"]["serviceName"]
        claims = [{"name": t["metadata"]["name"],
                   "persistentVolumeClaim": {"claimName": claim_name(t, sts, ordinal)}}
                  for t in sts["spec"].get("volumeClaimTemplates") or ()]
        taken = {v["name"] for v in claims}
        spec["volumes"] = claims + [v for v in spec.get("volumes") or () if v["name"] not in taken]
        if not spec["volumes"]:
            del spec["volumes"]
        return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec,
                "status": {"phase": "Pending", "qosClass": None}}

    def _create_claims(self, sts: dict, pod: dict) -> str | None:
        """Create the pod's missing claims; the error that stopped it, or None."""
        ns = sts["metadata"]["namespace"]
        _, ordinal = parent_and_ordinal(pod["metadata"]["name"])
        match_labels = (sts["spec"].get("selector") or {}).get("matchLabels") or {}
        for template in sts["spec"].get("volumeClaimTemplates") or ():
            name = claim_name(template, sts, ordinal)
            existing = self.store.get("PersistentVolumeClaim", ns, name)
            if existing is not None:
                if existing["metadata"].get("deletionTimestamp"):
                    return f"pvc {name} is being deleted"
                continue
            meta = {"name": name, "namespace": ns,
                    "labels": {**(template["metadata"].get("labels") or {}), **match_labels}}
            if template["metadata"].get("annotations"):
                meta["annotations"] = dict(template["metadata"]["annotations"])
            claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta,
                     "spec": copy.deepcopy(template.get("spec") or {})}
            try:
                self.store.create(claim)
            except ApiError as err:
                if err.reason == "AlreadyExists":
                    continue
                self.event(sts, "Warning", "FailedCreate",
                           f"create Claim {name} for Pod {pod['metadata']['name']} in StatefulSet "
                           f"{sts['metadata']['name']} failed error: {err.message}")
                return f"failed to create PVC {name}: {err.message}"
            self.event(sts, "Normal", "SuccessfulCreate",
                       f"create Claim {name} Pod {pod['metadata']['name']} in StatefulSet "
                       f"{sts['metadata']['name']} success")
        return None

    def _retain_claims(self, sts: dict, pod: dict, *, scaled_down: bool) -> None:
        """Give the pod's claims the ownerReferences the retention policy asks for: the set's when
        they go with the set (whenDeleted: Delete), the pod's once it is scaled down (whenScaled:
        Delete); none when both say Retain."""
        policy = sts["spec"].get("persistentVolumeClaimRetentionPolicy") or {}
        when_deleted, when_scaled = policy.get("whenDeleted", "Retain"), policy.get("whenScaled", "Retain")
        ns = sts["metadata"]["namespace"]
        _, ordinal = parent_and_ordinal(pod["metadata"]["name"])
        ours = {sts["metadata"]["uid"], pod["metadata"]["uid"]}
        wanted = []
        if when_deleted == "Delete" and not (scaled_down and when_scaled == "Delete"):
            wanted.append(controller_ref(sts))
        if when_scaled == "Delete" and scaled_down:
            wanted.append(controller_ref(pod))
        for template in sts["spec"].get("volumeClaimTemplates") or ():
            claim = self.store.get("PersistentVolumeClaim", ns, claim_name(template, sts, ordinal))
            if claim is None or claim["metadata"].get("deletionTimestamp"):
                continue
            refs = list(claim["metadata"].get("ownerReferences") or ())
            if any(r.get("controller") and r["uid"] not in ours for r in refs):
                continue
            new_refs = [r for r in refs if r["uid"] not in ours] + wanted
            if new_refs == refs:
                continue
            meta = {**claim["metadata"], "ownerReferences": new_refs}
            if not new_refs:
                del meta["ownerReferences"]
            self.store.update({**claim, "metadata": meta}, admit=False)

    def _keep_identity(self, sts: dict, pod: dict) -> None:
        """Put back the identity labels if someone took them off."""
        labels = pod["metadata"].get("labels") or {}
        name = pod["metadata"]["name"]
        _, ordinal = parent_and_ordinal(name)
        if labels.get(POD_NAME_LABEL) == name and labels.get(POD_INDEX_LABEL) == str(ordinal):
            return
        meta = {**pod["metadata"], "labels": {**labels, POD_NAME_LABEL: name, POD_INDEX_LABEL: str(ordinal)}}
        try:
            self.store.update({**pod, "metadata": meta})
            error = None
        except ApiError as err:
            error = err.message
        if error is None:
            self.event(sts, "Normal", "SuccessfulUpdate",
                       f"update Pod {name} in StatefulSet {sts['metadata']['name']} successful")
        else:
            self.event(sts, "Warning", "FailedUpdate",
                       f"update Pod {name} in StatefulSet {sts['metadata']['name']} failed error: {error}")

    def _delete_pod(self, sts: dict, pod: dict) -> None:
        name = pod["metadata"]["name"]
        try:
            delete(self.store, "Pod", pod["metadata"]["namespace"], name)
        except ApiError as err:
            self.event(sts, "Warning", "FailedDelete",
                       f"delete Pod {name} in StatefulSet {sts['metadata']['name']} failed error: {err.message}")
            return
        self.event(sts, "Normal", "SuccessfulDelete",
                   f"delete Pod {name} in StatefulSet {sts['metadata']['name']} successful")

    # -- revisions -----------------------------------------------------------------------------------
    def _owned_revisions(self, sts: dict) -> list[dict]:
        uid = sts["metadata"]["uid"]
        revs = [r for r in self.store.owned(uid, "ControllerRevision") if (controller_of(r) or {}).get("uid") == uid]
        return sorted(revs, key=lambda r: (r.get("revision", 0), r["metadata"]["name"]))

    def _revisions(self, sts: dict) -> tuple[dict, dict, int]:
        """(current revision, update revision, collisionCount): the update revision is the
        template now in the spec, created, found at the top, or (a rollback) renumbered to the top;
        an orphaned revision of the same template (left by `--cascade=orphan`) is adopted."""
        revisions = self._owned_revisions(sts)
        template = copy.deepcopy(sts["spec"].get("template") or {})
        data = {"spec": {"template": {**template, "$patch": "replace"}}}
        collisions = (sts.get("status") or {}).get("collisionCount", 0) or 0
        top = revisions[-1].get("revision", 0) if revisions else 0
        equal = [r for r in revisions if r.get("data") == data]
        if equal and equal[-1] is revisions[-1]:
            update = revisions[-1]
        elif equal:
            update = self.store.update({**equal[-1], "revision": top + 1}, admit=False)
        else:
            while True:
                name = f"{sts['metadata']['name']}-{template_hash(data, collisions)}"
                clash = self.store.get("ControllerRevision", sts["metadata"]["namespace"], name)
                if clash is None:
                    break
                if controller_of(clash) is None and clash.get("data") == data:
                    refs = list(clash["metadata"].get("ownerReferences") or ()) + [controller_ref(sts)]
                    update = self.store.update({**clash, "metadata": {**clash["metadata"], "ownerReferences": refs},
                                                "revision": top + 1}, admit=False)
                    return self._current(sts, revisions, update), update, collisions
                collisions += 1
            labels = {**((template.get("metadata") or {}).get("labels") or {}),
                      REVISION_HASH_LABEL: name.rsplit("-", 1)[1]}
            meta = {"name": name, "namespace": sts["metadata"]["namespace"], "labels": labels,
                    "ownerReferences": [controller_ref(sts)]}
            if sts["metadata"].get("annotations"):
                meta["annotations"] = dict(sts["metadata"]["annotations"])
            update = self.store.create({"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": meta,
                                        "data": data, "revision": top + 1}, admit=False)
        return self._current(sts, revisions, update), update, collisions

    @staticmethod
    def _current(sts: dict, revisions: list[dict], update: dict) -> dict:
        """The revision `status.currentRevision` names; the update revision for a new set."""
        wanted = (sts.get("status") or {}).get("currentRevision")
        return next((r for r in revisions if r["metadata"]["name"] == wanted), None) or update

    def _truncate_history(self, key: Key, current: dict, update: dict) -> None:
        """Delete the oldest revisions no pod uses beyond `revisionHistoryLimit`."""
        sts = self.store.get("StatefulSet", *key)
        assert sts is not None
        limit = sts["spec"].get("revisionHistoryLimit", 10)
        live = {current["metadata"]["name"], update["metadata"]["name"]}
        live.update(_revision_of(p) for p in self.store.owned(sts["metadata"]["uid"], "Pod"))
        history = [r for r in self._owned_revisions(sts) if r["metadata"]["name"] not in live]
        for r in history[:max(0, len(history) - limit)]:
            delete(self.store, "ControllerRevision", r["metadata"]["namespace"], r["metadata"]["name"])

    # -- status --------------------------------------------------------------------------------------
    def _update_status(self, key: Key, current: dict, update: dict, collisions: int) -> None:
        sts = self.store.get("StatefulSet", *key)
        assert sts is not None
        spec = sts["spec"]
        uid, now = sts["metadata"]["uid"], self.sim.tick
        min_ready = spec.get("minReadySeconds", 0)
        cur_name, upd_name = current["metadata"]["name"], update["metadata"]["name"]
        replicas = ready = available = current_count = updated = 0
        for pod in self.store.owned(uid, "Pod"):
            if (controller_of(pod) or {}).get("uid") != uid:
                continue
            replicas += 1
            if running_and_ready(pod):
                ready += 1
                if is_available(pod, min_ready, now):
                    available += 1
            if not _terminating(pod):
                current_count += _revision_of(pod) == cur_name
                updated += _revision_of(pod) == upd_name
        want = spec.get("replicas", 1)
        if (spec.get("updateStrategy") or {}).get("type", "RollingUpdate") == "RollingUpdate" \
                and updated == want and ready == want and replicas == want:
            current_count, cur_name = updated, upd_name
        status = {"observedGeneration": sts["metadata"].get("generation", 1), "replicas": replicas,
                  "readyReplicas": ready, "currentReplicas": current_count, "updatedReplicas": updated,
                  "currentRevision": cur_name, "updateRevision": upd_name, "collisionCount": collisions,
                  "availableReplicas": available}
        for field in ("readyReplicas", "currentReplicas", "updatedReplicas"):
            if status[field] == 0:
                del status[field]
        self.store.update_status({**sts, "status": status})

    def _key(self, sts: dict) -> Key:
        return sts["metadata"]["namespace"], sts["metadata"]["name"]

    def _retry(self, sts: dict) -> None:
        """Look again after the back-off; one retry waits at a time, whatever else wakes the set."""
        key = self._key(sts)
        if key in self.retrying:
            return
        delay = self.backoff.get(key, RETRY_FIRST)
        self.backoff[key] = min(delay * 2, RETRY_MAX)
        self.retrying[key] = None
        self.sim.after(delay, self._retry_due, key)

    def _retry_due(self, key: Key) -> None:
        self.retrying.pop(key, None)
        self.enqueue(key)
