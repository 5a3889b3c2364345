"""Deployment: rolls pods from one ReplicaSet to the next, and back.

The seed: "after deploying, upgrades the Pods to a new version; if a problem occurs during the
upgrade, helps to roll back". RollingUpdate keeps pods ≤ replicas + maxSurge and available ≥
replicas − maxUnavailable; Recreate stops the old pods first. ReplicaSets are named
`<deployment>-<pod-template-hash>` and carry `deployment.kubernetes.io/revision`; a rollback
(`kubectl rollout undo`) puts an old template back, and the old ReplicaSet becomes new again
with the next revision number.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.store import controller_of, controller_ref, delete
from kubetui.model.clock import tick_of, timestamp
from kubetui.model.labels import from_label_selector

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
CHANGE_CAUSE = "kubernetes.io/change-cause"
HASH_LABEL = "pod-template-hash"
_SAFE = "bcdfghjklmnpqrstvwxz2456789"


def template_hash(template: dict, collisions: int = 0) -> str:
    """The `pod-template-hash` label's value: a 32-bit hash of the template, written in
    decimal and each digit mapped through Kubernetes' safe alphabet (`7d8f9c6b5`-style)."""
    blob = json.dumps(template, sort_keys=True, separators=(",", ":")) + (str(collisions) if collisions else "")
    value = int.from_bytes(hashlib.blake2b(blob.encode(), digest_size=4).digest(), "big")
    return "".join(_SAFE[ord(ch) % len(_SAFE)] for ch in str(value))


def strip_hash(template: dict) -> dict:
    """The template without its pod-template-hash label, for comparing (shares the rest)."""
    meta = template.get("metadata") or {}
    labels = meta.get("labels")
    if not labels or HASH_LABEL not in labels:
        return template
    return {**template, "metadata": {**meta, "labels": {k: v for k, v in labels.items() if k != HASH_LABEL}}}


def resolve_fenceposts(d: dict) -> tuple[int, int]:
    """(maxSurge, maxUnavailable) as pod counts: surge rounds up, unavailable down; never both 0."""
    replicas = d["spec"].get("replicas", 1)
    ru = (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}
    surge = _scaled(ru.get("maxSurge", "25%"), replicas, up=True)
    unavailable = _scaled(ru.get("maxUnavailable", "25%"), replicas, up=False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def _scaled(value, total: int, up: bool) -> int:
    if isinstance(value, str) and value.endswith("%"):
        frac = int(value[:-1]) * total / 100
        return math.ceil(frac) if up else math.floor(frac)
    return int(value)


def revision_of(rs: dict) -> int:
    try:
        return int(rs["metadata"].get("annotations", {}).get(REVISION, "0"))
    except ValueError:
        return 0


class DeploymentController(Controller):
    name = "deployment-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("Deployment", self._on_deployment)
        self.store.watch("ReplicaSet", self._on_rs)
        self.store.watch("Pod", self._on_pod, unbound=False, status_blind=True)
        self._pending_progress: tuple[str, str, str] | None = None
        """A Progressing condition the sync just decided on, for the status update to write."""
        self.orphans: dict[str, dict[str, None]] = {}
        """namespace -> names of ReplicaSets no controller owns (candidates for adoption)."""
        self.status_turn = StatusTurn(self)
        """Deployments whose ReplicaSets' status changed since this controller's turn."""
        self.unobserved: dict[Key, list[dict]] = {}
        """Deployments as they stood before a template change this controller has not synced yet
        (two changes within one tick). A real controller syncs within milliseconds of each
        write, so each such template is a revision of its own (`rollout history` shows both)."""

    def resync(self) -> None:
        for rs in self.store.iter("ReplicaSet"):
            self._on_rs("ADDED", None, rs)
        for obj in self.store.iter("Deployment"):
            self.enqueue_obj(obj)

    def _on_deployment(self, event, old, new) -> None:
        if new is None:
            self.unobserved.pop((old["metadata"]["namespace"], old["metadata"]["name"]), None)
        elif old is not None and self._unobserved_template(old, new):
            key = (new["metadata"]["namespace"], new["metadata"]["name"])
            self.unobserved.setdefault(key, []).append(copy.deepcopy(old))
        self.enqueue_obj(new or old)

    def _unobserved_template(self, old: dict, new: dict) -> bool:
        """`old`'s template changed before this (running) controller observed its generation."""
        observed = (old.get("status") or {}).get("observedGeneration", 0)
        return (self.sim.components["kube-controller-manager"] and not old["spec"].get("paused")
                and old["metadata"].get("generation", 1) > observed
                and strip_hash(old["spec"].get("template") or {}) != strip_hash(new["spec"].get("template") or {}))

    def _on_rs(self, event, old, new) -> None:
        rs = new or old
        ref = controller_of(rs)
        ns, name = rs["metadata"]["namespace"], rs["metadata"]["name"]
        if ref is None and new is not None and not new["metadata"].get("deletionTimestamp"):
            self.orphans.setdefault(ns, {})[name] = None
        elif name in self.orphans.get(ns, ()):
            del self.orphans[ns][name]
        if ref is not None and ref["kind"] == "Deployment":
            key = (rs["metadata"]["namespace"], ref["name"])
            self.enqueue(key)
            if old is not None and new is not None and old.get("status") != new.get("status"):
                self.status_turn.queue[key] = None

    def _on_pod(self, event, old, new) -> None:
        """Recreate waits for old pods to be gone: a pod's deletion wakes its Deployment."""
        if new is not None:
            return
        ref = controller_of(old)
        if ref is None or ref["kind"] != "ReplicaSet":
            return
        rs = self.store.get("ReplicaSet", old["metadata"]["namespace"], ref["name"])
        if rs is not None:
            self._on_rs("MODIFIED", None, rs)

    # -- reconcile -------------------------------------------------------------------------------
    def reconcile(self, key: Key) -> None:
        d = self.store.get("Deployment", *key)
        if d is None:
            return
        if d["metadata"].get("deletionTimestamp"):
            self._sync_status(key)
            return
        for seen in self.unobserved.pop(key, []):
            if seen["metadata"]["uid"] == d["metadata"]["uid"]:
                self._roll(seen, self._replica_sets(d), annotate=False)
        rss = self._replica_sets(d)
        new_rs = self._find_new(d, rss)
        old_rss = [rs for rs in rss if rs is not new_rs]
        if d["spec"].get("paused"):
            self._scale_only(d, new_rs, old_rss)
        elif self._is_scaling_event(d, new_rs, old_rss):
            self._scale_only(d, new_rs, old_rss)
        else:
            self._roll(d, rss, annotate=True)
        self._sync_status(key)

    def _roll(self, d: dict, rss: list[dict], annotate: bool) -> None:
        """Roll toward `d`'s template: its ReplicaSet (created or revived), then the strategy.
        `annotate` False for a template seen only in passing (the Deployment has moved on)."""
        new_rs = self._find_new(d, rss)
        old_rss = [rs for rs in rss if rs is not new_rs]
        strategy = (d["spec"].get("strategy") or {}).get("type", "RollingUpdate")
        if new_rs is None:
            new_rs = self._create_new(d, old_rss, zero=strategy == "Recreate" and any(
                rs["spec"].get("replicas", 0) for rs in old_rss))
        else:
            new_rs = self._sync_revision(d, new_rs, old_rss)
        if annotate:
            d = self._annotate_revision(d, new_rs)
        if strategy == "Recreate":
            self._recreate(d, new_rs, old_rss)
        else:
            self._rolling(d, new_rs, old_rss)
        ns = d["metadata"]["namespace"]
        self._cleanup(d, [rs for rs in old_rss if self.store.get("ReplicaSet", ns, rs["metadata"]["name"])])

    def _replica_sets(self, d: dict) -> list[dict]:
        """The ReplicaSets `d` controls, after adopting the orphans its selector matches (left by
        `delete --cascade=orphan` of an earlier Deployment of that name), as the controller-ref
        manager does: otherwise the new ReplicaSet's name would already be taken."""
        uid = d["metadata"]["uid"]
        rss = [rs for rs in self.store.owned(uid, "ReplicaSet") if (controller_of(rs) or {}).get("uid") == uid]
        ns = d["metadata"]["namespace"]
        candidates = list(self.orphans.get(ns, ()))
        wanted = from_label_selector(d["spec"].get("selector")) if candidates else None
        for name in candidates:
            orphan = self.store.get("ReplicaSet", ns, name)
            if wanted is not None and orphan is not None and controller_of(orphan) is None \
                    and wanted.matches(orphan["metadata"].get("labels")):
                refs = [*orphan["metadata"].get("ownerReferences", ()), controller_ref(d)]
                rss.append(self.store.update({**orphan, "metadata": {**orphan["metadata"], "ownerReferences": refs}},
                                             admit=False))
        rss.sort(key=lambda rs: (tick_of(rs["metadata"]["creationTimestamp"]), rs["metadata"]["name"]))
        return rss

    def _find_new(self, d: dict, rss: list[dict]) -> dict | None:
        want = strip_hash(d["spec"]["template"])
        for rs in sorted(rss, key=lambda r: tick_of(r["metadata"]["creationTimestamp"]) or 0):
            if strip_hash(rs["spec"]["template"]) == want:
                return rs
        return None

    def _is_scaling_event(self, d: dict, new_rs: dict | None, old_rss: list[dict]) -> bool:
        """Only the replica count changed: scale proportionally, don't roll."""
        active = [rs for rs in [new_rs, *old_rss] if rs is not None and rs["spec"].get("replicas", 0) > 0]
        if new_rs is None or not active:
            return False
        for rs in active:
            desired = rs["metadata"].get("annotations", {}).get(DESIRED)
            if desired is not None and int(desired) != d["spec"].get("replicas", 1):
                return True
        return False

    def _create_new(self, d: dict, old_rss: list[dict], zero: bool) -> dict:
        template = copy.deepcopy(d["spec"]["template"])
        h = template_hash(template, d.get("status", {}).get("collisionCount", 0))
        template.setdefault("metadata", {}).setdefault("labels", {})[HASH_LABEL] = h
        selector = copy.deepcopy(d["spec"]["selector"])
        selector.setdefault("matchLabels", {})[HASH_LABEL] = h
        revision = max([revision_of(rs) for rs in old_rss] + [0]) + 1
        surge, _ = resolve_fenceposts(d)
        replicas = d["spec"].get("replicas", 1)
        annotations = {REVISION: str(revision), DESIRED: str(replicas), MAX_REPLICAS: str(replicas + surge)}
        cause = d["metadata"].get("annotations", {}).get(CHANGE_CAUSE)
        if cause:
            annotations[CHANGE_CAUSE] = cause
        existing_total = sum(rs["spec"].get("replicas", 0) for rs in old_rss)
        if not old_rss or existing_total == 0:
            start = replicas
        elif zero:
            start = 0
        else:
            start = max(0, min(replicas + surge - existing_total, replicas))
        rs: dict = {
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": f"{d['metadata']['name']}-{h}", "namespace": d["metadata"]["namespace"],
                         "labels": dict(template["metadata"]["labels"]), "annotations": annotations,
                         "ownerReferences": [controller_ref(d)]},
            "spec": {"replicas": start, "minReadySeconds": d["spec"].get("minReadySeconds", 0),
                     "selector": selector, "template": template},
            "status": {"replicas": 0},
        }
        rs = self.store.create(rs, admit=False)
        if start:
            self.event(d, "Normal", "ScalingReplicaSet", f"Scaled up replica set {rs['metadata']['name']} from 0 to {start}")
        self._set_progressing(d, "True", "NewReplicaSetCreated", f'Created new replica set "{rs["metadata"]["name"]}"')
        return rs

    def _sync_revision(self, d: dict, rs: dict, old_rss: list[dict]) -> dict:
        """An old ReplicaSet that matches again (a rollback) takes the next revision number."""
        top = max([revision_of(o) for o in old_rss] + [0])
        ann = dict(rs["metadata"].get("annotations", {}))
        changed = False
        if revision_of(rs) <= top:
            old_rev = ann.get(REVISION)
            ann[REVISION] = str(top + 1)
            history = [h for h in ann.get(REVISION_HISTORY, "").split(",") if h]
            if old_rev:
                history.append(old_rev)
                ann[REVISION_HISTORY] = ",".join(history)
            changed = True
        cause = d["metadata"].get("annotations", {}).get(CHANGE_CAUSE)
        if cause and ann.get(CHANGE_CAUSE) != cause:
            ann[CHANGE_CAUSE] = cause
            changed = True
        if rs["spec"].get("minReadySeconds", 0) != d["spec"].get("minReadySeconds", 0):
            rs = {**rs, "spec": {**rs["spec"], "minReadySeconds": d["spec"].get("minReadySeconds", 0)}}
            changed = True
        if changed:
            rs = self.store.update({**rs, "metadata": {**rs["metadata"], "annotations": ann}}, admit=False)
        return rs

    def _annotate_revision(self, d: dict, new_rs: dict) -> dict:
        """The Deployment carries its current revision too (`deployment.kubernetes.io/revision`)."""
        revision = new_rs["metadata"].get("annotations", {}).get(REVISION)
        annotations = d["metadata"].get("annotations") or {}
        if revision is None or annotations.get(REVISION) == revision:
            return d
        meta = {**d["metadata"], "annotations": {**annotations, REVISION: revision}}
        return self.store.update({**d, "metadata": meta}, admit=False)

    def _scale(self, d: dict, rs: dict, replicas: int) -> dict:
        current = rs["spec"].get("replicas", 0)
        surge, _ = resolve_fenceposts(d)
        want = d["spec"].get("replicas", 1)
        ann = dict(rs["metadata"].get("annotations", {}))
        ann_changed = ann.get(DESIRED) != str(want) or ann.get(MAX_REPLICAS) != str(want + surge)
        if current == replicas and not ann_changed:
            return rs
        ann[DESIRED], ann[MAX_REPLICAS] = str(want), str(want + surge)
        new = {**rs, "metadata": {**rs["metadata"], "annotations": ann}, "spec": {**rs["spec"], "replicas": replicas}}
        new = self.store.update(new, admit=False)
        if current != replicas:
            verb = "up" if replicas > current else "down"
            self.event(d, "Normal", "ScalingReplicaSet",
                       f"Scaled {verb} replica set {rs['metadata']['name']} from {current} to {replicas}")
        return new

    def _rolling(self, d: dict, new_rs: dict, old_rss: list[dict]) -> None:
        replicas = d["spec"].get("replicas", 1)
        surge, max_unavailable = resolve_fenceposts(d)
        all_rss = [new_rs, *old_rss]
        # scale up the new ReplicaSet within maxSurge
        current_new = new_rs["spec"].get("replicas", 0)
        if current_new > replicas:
            new_rs = self._scale(d, new_rs, replicas)
        elif current_new < replicas:
            total = sum(rs["spec"].get("replicas", 0) for rs in all_rss)
            room = replicas + surge - total
            if room > 0:
                new_rs = self._scale(d, new_rs, current_new + min(room, replicas - current_new))
        # scale down old ReplicaSets within maxUnavailable
        old_total = sum(rs["spec"].get("replicas", 0) for rs in old_rss)
        if old_total == 0:
            return
        all_rss = [new_rs, *old_rss]
        all_total = sum(rs["spec"].get("replicas", 0) for rs in all_rss)
        min_available = replicas - max_unavailable
        new_unavailable = new_rs["spec"].get("replicas", 0) - new_rs.get("status", {}).get("availableReplicas", 0)
        max_scale_down = all_total - min_available - new_unavailable
        if max_scale_down <= 0:
            return
        # first, old pods that are not available at all cost nothing to remove
        cleaned = 0
        refreshed = []
        for rs in sorted(old_rss, key=lambda r: tick_of(r["metadata"]["creationTimestamp"]) or 0):
            if cleaned >= max_scale_down:
                refreshed.append(rs)
                continue
            unhealthy = rs["spec"].get("replicas", 0) - rs.get("status", {}).get("availableReplicas", 0)
            n = min(max_scale_down - cleaned, unhealthy)
            if n > 0:
                rs = self._scale(d, rs, rs["spec"]["replicas"] - n)
                cleaned += n
            refreshed.append(rs)
        old_rss = refreshed
        available = sum(rs.get("status", {}).get("availableReplicas", 0) for rs in [new_rs, *old_rss])
        total_down = available - min_available
        if total_down <= 0:
            return
        for rs in sorted(old_rss, key=lambda r: tick_of(r["metadata"]["creationTimestamp"]) or 0):
            if total_down <= 0:
                break
            cur = rs["spec"].get("replicas", 0)
            n = min(cur, total_down)
            if n > 0:
                self._scale(d, rs, cur - n)
                total_down -= n

    def _recreate(self, d: dict, new_rs: dict, old_rss: list[dict]) -> None:
        for rs in old_rss:
            if rs["spec"].get("replicas", 0):
                self._scale(d, rs, 0)
        for rs in old_rss:
            if any(True for _ in self.store.owned(rs["metadata"]["uid"], "Pod")):
                return
        if new_rs["spec"].get("replicas", 0) != d["spec"].get("replicas", 1):
            self._scale(d, new_rs, d["spec"].get("replicas", 1))

    def _scale_only(self, d: dict, new_rs: dict | None, old_rss: list[dict]) -> None:
        """Spread a replica change over the active ReplicaSets, biggest first (proportional)."""
        replicas = d["spec"].get("replicas", 1)
        active = [rs for rs in [new_rs, *old_rss] if rs is not None and rs["spec"].get("replicas", 0) > 0]
        if new_rs is not None and len(active) <= 1:
            target = active[0] if active else new_rs
            self._scale(d, target, replicas)
            return
        if not active:
            return
        surge, _ = resolve_fenceposts(d)
        allowed = replicas + surge
        current = sum(rs["spec"]["replicas"] for rs in active)
        delta = allowed - current
        if delta == 0:
            for rs in active:
                self._scale(d, rs, rs["spec"]["replicas"])
            return
        shares = []
        for rs in active:
            share = rs["spec"]["replicas"] * delta / current if current else 0
            shares.append(int(share))
        left = delta - sum(shares)
        order = sorted(range(len(active)), key=lambda i: (-active[i]["spec"]["replicas"], i))
        if left:
            shares[order[0]] += left
        for rs, share in zip(active, shares):
            self._scale(d, rs, max(0, rs["spec"]["replicas"] + share))

    def _cleanup(self, d: dict, old_rss: list[dict]) -> None:
        limit = d["spec"].get("revisionHistoryLimit", 10)
        idle = [rs for rs in old_rss if rs["spec"].get("replicas", 0) == 0
                and rs.get("status", {}).get("replicas", 0) == 0]
        idle.sort(key=lambda rs: revision_of(rs))
        for rs in idle[:max(0, len(idle) - limit)]:
            delete(self.store, "ReplicaSet", rs["metadata"]["namespace"], rs["metadata"]["name"])

    # -- status ----------------------------------------------------------------------------------
    def _set_progressing(self, d: dict, status: str, reason: str, message: str) -> None:
        self._pending_progress = (status, reason, message)

    def _sync_status(self, key: Key) -> None:
        d = self.store.get("Deployment", *key)
        assert d is not None
        rss = self._replica_sets(d)
        new_rs = self._find_new(d, rss)
        replicas = d["spec"].get("replicas", 1)
        _, max_unavailable = resolve_fenceposts(d)
        now = self.sim.tick
        total = sum(rs.get("status", {}).get("replicas", 0) for rs in rss)
        updated = new_rs.get("status", {}).get("replicas", 0) if new_rs else 0
        ready = sum(rs.get("status", {}).get("readyReplicas", 0) for rs in rss)
        available = sum(rs.get("status", {}).get("availableReplicas", 0) for rs in rss)
        old_status = d.get("status", {})
        conds = {c["type"]: c for c in old_status.get("conditions", ())}
        ts = timestamp(now)

        def put(type_, st, reason, message):
            old = conds.get(type_)
            if old and old["status"] == st and old["reason"] == reason and old["message"] == message:
                return
            conds[type_] = {"type": type_, "status": st, "lastUpdateTime": ts,
                            "lastTransitionTime": old["lastTransitionTime"] if old and old["status"] == st else ts,
                            "reason": reason, "message": message}

        if available >= replicas - max_unavailable:
            put("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
        else:
            put("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.")
        pending = self._pending_progress
        self._pending_progress = None
        name = new_rs["metadata"]["name"] if new_rs else ""
        complete = new_rs is not None and updated == replicas and available == replicas and total == replicas \
            and new_rs["spec"].get("replicas", 0) == replicas
        deadline = d["spec"].get("progressDeadlineSeconds", 600)
        prog = conds.get("Progressing")
        if d["spec"].get("paused"):
            put("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused")
        elif prog and prog["reason"] == "DeploymentPaused":
            put("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed")
        elif pending:
            put("Progressing", *pending)
        elif complete:
            put("Progressing", "True", "NewReplicaSetAvailable", f'ReplicaSet "{name}" has successfully progressed.')
        elif prog and prog["reason"] == "ProgressDeadlineExceeded":
            pass
        elif new_rs is not None:
            progressed = (prog is None or prog["reason"] in ("NewReplicaSetAvailable",)
                          or old_status.get("updatedReplicas") != updated
                          or old_status.get("availableReplicas", 0) < available
                          or old_status.get("readyReplicas", 0) < ready)
            if progressed:
                conds["Progressing"] = {"type": "Progressing", "status": "True", "lastUpdateTime": ts,
                                        "lastTransitionTime": prog["lastTransitionTime"] if prog and prog["status"] == "True" else ts,
                                        "reason": "ReplicaSetUpdated", "message": f'ReplicaSet "{name}" is progressing.'}
            elif prog is not None and tick_of(prog["lastUpdateTime"]) + deadline <= now:
                put("Progressing", "False", "ProgressDeadlineExceeded", f'ReplicaSet "{name}" has timed out progressing.')
                self.event(d, "Warning", "ProgressDeadlineExceeded",
                           f'Deployment "{d["metadata"]["name"]}" has timed out progressing.')
            else:
                last = tick_of((conds.get("Progressing") or {}).get("lastUpdateTime")) or now
                self.enqueue_after(key, max(1, last + deadline - now))
        status = {"observedGeneration": d["metadata"].get("generation", 1), "replicas": total,
                  "updatedReplicas": updated, "readyReplicas": ready, "availableReplicas": available,
                  "unavailableReplicas": max(0, replicas - available),
                  "conditions": [conds[t] for t in ("Available", "Progressing", "ReplicaFailure") if t in conds]}
        if "collisionCount" in old_status:
            status["collisionCount"] = old_status["collisionCount"]
        for f in ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"):
            if status[f] == 0:
                del status[f]
        self.store.update_status({**d, "status": status})


class StatusTurn:
    """The Deployment controller's second turn of a tick, after the ReplicaSet controller's: it
    writes the status of each Deployment whose ReplicaSets' status changed meanwhile (their pods
    became ready, were created, went away). The full sync (scaling the next step of a rollout)
    stays queued for the Deployment controller's next turn."""

    def __init__(self, controller: DeploymentController):
        self.controller = controller
        self.queue: dict[Key, None] = {}

    def process(self) -> int:
        keys = list(self.queue)
        self.queue.clear()
        store = self.controller.store
        for key in keys:
            if store.get("Deployment", *key) is not None:
                self.controller._sync_status(key)
        return len(keys)
