"""DaemonSet: one pod on every node that may run it.

The seed: "keeps exactly one Pod on each node; some modules must be run this way". A node is
eligible when it matches the template's nodeSelector and required node affinity and every
NoSchedule/NoExecute taint is tolerated. Each pod is pinned to its node by a required node
affinity on `metadata.name` and then placed by the scheduler, as in current Kubernetes. Pods
tolerate the taints a sick or cordoned node gets, so node agents keep running where they are
needed most. Template versions are kept as ControllerRevisions; a RollingUpdate replaces pods
node by node, at most `maxUnavailable` at a time.
"""

from __future__ import annotations

import copy
import math

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.controllers.deployment import template_hash
from kubetui.engine.controllers.replicaset import is_available, new_pod, pod_ready_since
from kubetui.engine.scheduler import tolerates
from kubetui.engine.store import controller_of, controller_ref, delete
from kubetui.model.clock import tick_of
from kubetui.model.errors import ApiError
from kubetui.model.nodeaffinity import required_node_affinity_matches

HASH_LABEL = "controller-revision-hash"
GENERATION_LABEL = "pod-template-generation"

DAEMON_TOLERATIONS = (
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
)
NETWORK_UNAVAILABLE = {"key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"}


def daemon_tolerations(pod_spec: dict) -> list[dict]:
    """The template's tolerations plus those every daemon pod gets (without duplicates)."""
    out = [dict(t) for t in pod_spec.get("tolerations") or ()]
    extra = list(DAEMON_TOLERATIONS) + ([NETWORK_UNAVAILABLE] if pod_spec.get("hostNetwork") else [])
    for t in extra:
        if not any(o.get("key") == t["key"] and o.get("effect") == t["effect"] for o in out):
            out.append(dict(t))
    return out


def pin_to_node(affinity: dict | None, node: str) -> dict:
    """Replace the matchFields of every required node affinity term with `metadata.name In [node]`."""
    affinity = copy.deepcopy(affinity or {})
    node_affinity = affinity.setdefault("nodeAffinity", {})
    required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    field = [{"key": "metadata.name", "operator": "In", "values": [node]}]
    if not required or not required.get("nodeSelectorTerms"):
        node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [{"matchFields": field}]}
        return affinity
    for term in required["nodeSelectorTerms"]:
        term["matchFields"] = copy.deepcopy(field)
    return affinity


def target_node(pod: dict) -> str | None:
    """The node a daemon pod belongs to: where it is bound, else where its affinity pins it."""
    if pod["spec"].get("nodeName"):
        return pod["spec"]["nodeName"]
    required = (((pod["spec"].get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution")) or {}
    for term in required.get("nodeSelectorTerms") or ():
        for expr in term.get("matchFields") or ():
            if expr.get("key") == "metadata.name" and expr.get("operator") == "In" and len(expr.get("values") or ()) == 1:
                return expr["values"][0]
    return None


def node_should_run(pod_spec: dict, node: dict) -> tuple[bool, bool]:
    """(should run a new daemon pod here, may keep one already running here)."""
    labels = node["metadata"].get("labels") or {}
    spec = {k: v for k, v in pod_spec.items() if k in ("nodeSelector", "affinity")}
    if not required_node_affinity_matches(spec, labels, node["metadata"]["name"]):
        return False, False
    tolerations = daemon_tolerations(pod_spec)
    run = keep = True
    for taint in node["spec"].get("taints") or ():
        if taint.get("effect") not in ("NoSchedule", "NoExecute") or tolerates(tolerations, taint):
            continue
        run = False
        if taint["effect"] == "NoExecute":
            keep = False
    return run, keep


class DaemonSetController(Controller):
    name = "daemonset-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("DaemonSet", self.enqueue_change)
        self.store.watch("Pod", self._on_pod, owners=("DaemonSet",))
        self.store.watch("Node", self._on_node)

    def resync(self) -> None:
        for obj in self.store.iter("DaemonSet"):
            self.enqueue_obj(obj)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        pod = new or old
        assert pod is not None
        ref = controller_of(pod)
        if ref is not None and ref.get("kind") == "DaemonSet":
            self.enqueue((pod["metadata"]["namespace"], ref["name"]))

    def _on_node(self, event: str, old: dict | None, new: dict | None) -> None:
        """Nodes coming, going, or changing labels, taints or schedulability wake every DaemonSet."""
        if old is not None and new is not None:
            if old["metadata"].get("labels") == new["metadata"].get("labels") and old["spec"] == new["spec"]:
                return
        for ds in self.store.iter("DaemonSet"):
            self.enqueue_obj(ds)

    # -- reconcile ---------------------------------------------------------------------------------
    def reconcile(self, key: Key) -> None:
        ds = self.store.get("DaemonSet", *key)
        if ds is None or ds["metadata"].get("deletionTimestamp"):
            return
        uid = ds["metadata"]["uid"]
        current = self._revisions(ds)
        pod_spec = (ds["spec"].get("template") or {}).get("spec") or {}
        nodes = {n["metadata"]["name"]: n for n in self.store.list("Node")}
        by_node: dict[str, list[dict]] = {}
        for pod in self.store.owned(uid, "Pod"):
            if (controller_of(pod) or {}).get("uid") != uid:
                continue
            by_node.setdefault(target_node(pod) or "", []).append(pod)

        to_create: list[str] = []
        for name in sorted(set(nodes) | set(by_node)):
            pods = sorted(by_node.get(name, []), key=lambda p: (p["metadata"]["creationTimestamp"], p["metadata"]["name"]))
            if name not in nodes:
                for pod in pods:
                    self._delete(ds, pod, grace=0)
                continue
            run, keep = node_should_run(pod_spec, nodes[name])
            live = [p for p in pods if not p["metadata"].get("deletionTimestamp")]
            if keep:
                failed = [p for p in live if (p.get("status") or {}).get("phase") == "Failed"]
                for pod in failed:
                    self.event(ds, "Warning", "FailedDaemonPod",
                               f"Found failed daemon pod {pod['metadata']['namespace']}/{pod['metadata']['name']} "
                               f"on node {name}, will try to kill it")
                    self._delete(ds, pod)
                live = [p for p in live if p not in failed]
                if run and not pods:
                    to_create.append(name)
                for pod in live[1:]:
                    self._delete(ds, pod)
            else:
                for pod in live:
                    self._delete(ds, pod)
        if (ds["spec"].get("updateStrategy") or {}).get("type", "RollingUpdate") == "RollingUpdate":
            self._rolling_update(ds, current, nodes, pod_spec)
        for name in to_create:
            if not self._create(ds, name, current):
                break
        self._update_status(key, current)

    def _revisions(self, ds: dict) -> str:
        """The current template's hash; its ControllerRevision is created or given the top number."""
        uid = ds["metadata"]["uid"]
        template = ds["spec"].get("template") or {}
        h = template_hash(template, ds.get("status", {}).get("collisionCount", 0))
        revisions = [r for r in self.store.owned(uid, "ControllerRevision") if (controller_of(r) or {}).get("uid") == uid]
        top = max([r.get("revision", 0) for r in revisions] + [0])
        name = f"{ds['metadata']['name']}-{h}"
        mine = next((r for r in revisions if r["metadata"]["name"] == name), None)
        if mine is None:
            labels = {**((template.get("metadata") or {}).get("labels") or {}), HASH_LABEL: h}
            data_template = {**copy.deepcopy(template), "$patch": "replace"}
            try:
                self.store.create({
                    "apiVersion": "apps/v1", "kind": "ControllerRevision",
                    "metadata": {"name": name, "namespace": ds["metadata"]["namespace"], "labels": labels,
                                 "annotations": {**(ds["metadata"].get("annotations") or {}),
                                                 "deprecated.daemonset.template.generation":
                                                 str(ds["metadata"].get("generation", 1))},
                                 "ownerReferences": [controller_ref(ds)]},
                    "data": {"spec": {"template": data_template}}, "revision": top + 1}, admit=False)
            except ApiError:
                pass
        elif mine.get("revision", 0) < top:
            self.store.update({**mine, "revision": top + 1}, admit=False)
        self._truncate_history(ds, revisions, name, h)
        return h

    def _truncate_history(self, ds: dict, revisions: list[dict], current: str, h: str) -> None:
        limit = ds["spec"].get("revisionHistoryLimit", 10)
        used = {(p["metadata"].get("labels") or {}).get(HASH_LABEL) for p in self.store.owned(ds["metadata"]["uid"], "Pod")}
        old = [r for r in revisions if r["metadata"]["name"] != current
               and (r["metadata"].get("labels") or {}).get(HASH_LABEL) not in used]
        old.sort(key=lambda r: r.get("revision", 0))
        for r in old[:max(0, len(old) - limit)]:
            delete(self.store, "ControllerRevision", r["metadata"]["namespace"], r["metadata"]["name"])

    def _rolling_update(self, ds: dict, current: str, nodes: dict[str, dict], pod_spec: dict) -> None:
        """Delete old pods node by node while no more than maxUnavailable nodes lack an available pod."""
        uid, now = ds["metadata"]["uid"], self.sim.tick
        min_ready = ds["spec"].get("minReadySeconds", 0)
        max_unavailable = _max_unavailable(ds, sum(1 for n in nodes.values() if node_should_run(pod_spec, n)[0]))
        by_node: dict[str | None, list[dict]] = {}
        for pod in self.store.owned(uid, "Pod"):
            if (controller_of(pod) or {}).get("uid") == uid and target_node(pod) in nodes:
                by_node.setdefault(target_node(pod), []).append(pod)
        unavailable, candidates = 0, []
        for name in sorted(nodes):
            run, _ = node_should_run(pod_spec, nodes[name])
            if not run:
                continue
            pods = by_node.get(name, [])
            live = [p for p in pods if not p["metadata"].get("deletionTimestamp")]
            new = [p for p in live if (p["metadata"].get("labels") or {}).get(HASH_LABEL) == current]
            old = [p for p in live if p not in new]
            if not any(is_available(p, min_ready, now) for p in live):
                unavailable += 1
            if old and not new:
                candidates.append(old[0])
        for pod in candidates:
            if not is_available(pod, min_ready, now):
                self._delete(ds, pod)
            elif unavailable < max_unavailable:
                self._delete(ds, pod)
                unavailable += 1
        if min_ready:
            waiting = [p for ps in by_node.values() for p in ps
                       if pod_ready_since(p) is not None and not is_available(p, min_ready, now)]
            if waiting:
                self.enqueue_after((ds["metadata"]["namespace"], ds["metadata"]["name"]), 1)

    def _create(self, ds: dict, node: str, current: str) -> bool:
        template = ds["spec"].get("template") or {}
        pod = new_pod(self.sim, ds, template)
        labels = dict(pod["metadata"].get("labels") or {})
        labels[HASH_LABEL] = current
        labels[GENERATION_LABEL] = str(ds["metadata"].get("generation", 1))
        pod["metadata"]["labels"] = labels
        pod["spec"]["affinity"] = pin_to_node(pod["spec"].get("affinity"), node)
        pod["spec"]["tolerations"] = daemon_tolerations(pod["spec"])
        try:
            pod = self.store.create(pod)
        except ApiError as err:
            self.event(ds, "Warning", "FailedCreate", f"Error creating: {err.message}")
            self.enqueue_after((ds["metadata"]["namespace"], ds["metadata"]["name"]), 10)
            return False
        self.event(ds, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")
        return True

    def _delete(self, ds: dict, pod: dict, grace: int | None = None) -> None:
        try:
            delete(self.store, "Pod", pod["metadata"]["namespace"], pod["metadata"]["name"], grace=grace)
        except ApiError:
            return
        self.event(ds, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}")

    def _update_status(self, key: Key, current: str) -> None:
        ds = self.store.get("DaemonSet", *key)
        assert ds is not None
        uid, now = ds["metadata"]["uid"], self.sim.tick
        pod_spec = (ds["spec"].get("template") or {}).get("spec") or {}
        min_ready = ds["spec"].get("minReadySeconds", 0)
        by_node: dict[str, list[dict]] = {}
        for pod in self.store.owned(uid, "Pod"):
            if (controller_of(pod) or {}).get("uid") == uid and not pod["metadata"].get("deletionTimestamp"):
                by_node.setdefault(target_node(pod) or "", []).append(pod)
        desired = scheduled = ready = available = updated = misscheduled = 0
        for node in self.store.iter("Node"):
            name = node["metadata"]["name"]
            run, _ = node_should_run(pod_spec, node)
            pods = by_node.get(name, [])
            if run:
                desired += 1
                if pods:
                    scheduled += 1
                    pod = max(pods, key=lambda p: (tick_of(p["metadata"]["creationTimestamp"]) or 0, p["metadata"]["name"]))
                    if pod_ready_since(pod) is not None:
                        ready += 1
                        if is_available(pod, min_ready, now):
                            available += 1
                    if (pod["metadata"].get("labels") or {}).get(HASH_LABEL) == current:
                        updated += 1
            elif pods:
                misscheduled += 1
        status = {"currentNumberScheduled": scheduled, "numberMisscheduled": misscheduled,
                  "desiredNumberScheduled": desired, "numberReady": ready,
                  "observedGeneration": ds["metadata"].get("generation", 1),
                  "updatedNumberScheduled": updated, "numberAvailable": available,
                  "numberUnavailable": desired - available}
        for field in ("updatedNumberScheduled", "numberAvailable", "numberUnavailable"):
            if status[field] <= 0:
                del status[field]
        if "collisionCount" in ds.get("status", {}):
            status["collisionCount"] = ds["status"]["collisionCount"]
        self.store.update_status({**ds, "status": status})


def _max_unavailable(ds: dict, desired: int) -> int:
    ru = ((ds["spec"].get("updateStrategy") or {}).get("rollingUpdate") or {})
    value = ru.get("maxUnavailable", 1)
    if isinstance(value, str) and value.endswith("%"):
        n = math.ceil(int(value[:-1]) * desired / 100)
    else:
        n = int(value)
    return max(1, n) if desired else 0
