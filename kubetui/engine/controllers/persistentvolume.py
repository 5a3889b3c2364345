"""The PersistentVolume controller: binds claims to volumes, provisions volumes for claims
through their StorageClass, releases and reclaims volumes whose claim is gone, and lifts the
`kubernetes.io/pvc-protection` finalizer once no pod uses a deleted claim.

The cluster ships kind's default StorageClass: `standard`, provisioner `rancher.io/local-path`,
reclaimPolicy Delete, volumeBindingMode WaitForFirstConsumer — a claim waits for the first pod
that uses it, the scheduler picks that pod's node, and the volume is created on that node (so
the pod's later replacements are pinned to the same node, where the data is).
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.store import delete
from kubetui.model.labels import from_label_selector
from kubetui.model.nodeaffinity import node_selector_matches
from kubetui.model.quantity import parse_quantity

PROVISION_SECONDS = 2
SELECTED_NODE = "volume.kubernetes.io/selected-node"
"""Set on a WaitForFirstConsumer claim by the scheduler: the node its first pod runs on."""
NO_PROVISIONER = "kubernetes.io/no-provisioner"
"""A class for static volumes only: claims wait for an administrator's PersistentVolume."""
PVC_PROTECTION = "kubernetes.io/pvc-protection"
PV_PROTECTION = "kubernetes.io/pv-protection"
DEFAULT_CLASS = {
    "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
    "metadata": {"name": "standard",
                 "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
    "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
    "volumeBindingMode": "WaitForFirstConsumer",
}


def _request(pvc: dict):
    return parse_quantity(((pvc.get("spec") or {}).get("resources") or {}).get("requests", {}).get("storage", 0))


def _phase(obj: dict) -> str | None:
    return (obj.get("status") or {}).get("phase")


class PersistentVolumeController(Controller):
    name = "persistentvolume-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.provisioning: dict[str, None] = {}
        """uids of claims whose volume is being created."""
        self.store.watch("PersistentVolumeClaim", self._on_claim)
        self.store.watch("PersistentVolume", self._on_volume)
        self.store.watch("Pod", self._on_pod, unbound=False)
        if self.store.get("StorageClass", None, "standard") is None:
            self.store.create({**DEFAULT_CLASS, "metadata": {**DEFAULT_CLASS["metadata"]}}, admit=False)

    # -- change feed ----------------------------------------------------------------------------
    def _on_claim(self, event: str, old: dict | None, new: dict | None) -> None:
        obj = new or old
        assert obj is not None
        self.enqueue_obj(obj)
        volume = (obj.get("spec") or {}).get("volumeName")
        if new is None and volume:
            self.enqueue(("", volume))

    def _on_volume(self, event: str, old: dict | None, new: dict | None) -> None:
        obj = new or old
        assert obj is not None
        self.enqueue(("", obj["metadata"]["name"]))
        if new is not None and _phase(new) in ("Available", "Pending"):
            for pvc in self.store.iter("PersistentVolumeClaim"):
                if _phase(pvc) == "Pending":
                    self.enqueue_obj(pvc)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is not None and _phase(new) not in ("Succeeded", "Failed"):
            return  # not done yet: its claims stay in use
        pod = new or old
        assert pod is not None
        if not pod["spec"].get("volumes"):
            return
        ns = pod["metadata"]["namespace"]
        for v in pod["spec"]["volumes"]:
            if "persistentVolumeClaim" in v:
                self.enqueue((ns, v["persistentVolumeClaim"]["claimName"]))

    def resync(self) -> None:
        for kind in ("PersistentVolumeClaim", "PersistentVolume"):
            for obj in self.store.iter(kind):
                self.enqueue_obj(obj)

    # -- reconcile ------------------------------------------------------------------------------
    def reconcile(self, key: Key) -> None:
        if key[0] == "":
            self._sync_volume(key[1])
        else:
            self._sync_claim(key)

    def _sync_claim(self, key: Key) -> None:
        pvc = self.store.get("PersistentVolumeClaim", *key)
        if pvc is None:
            return
        if pvc["metadata"].get("deletionTimestamp"):
            if not self._in_use(pvc):
                self._finalize(pvc, PVC_PROTECTION)
            return
        if _phase(pvc) == "Bound":
            return
        spec = pvc["spec"]
        class_name = spec.get("storageClassName") or ""
        sc = self.store.get("StorageClass", None, class_name) if class_name else None
        node = (pvc["metadata"].get("annotations") or {}).get(SELECTED_NODE)
        if sc is not None and sc.get("volumeBindingMode") == "WaitForFirstConsumer" and not node:
            self.event(pvc, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding")
            return
        pv = self._find(pvc, node)
        if pv is not None:
            self._bind(pvc, pv)
            return
        if not class_name:
            self.event(pvc, "Normal", "FailedBinding",
                       "no persistent volumes available for this claim and no storage class is set")
            return
        if sc is None:
            self.event(pvc, "Warning", "ProvisioningFailed", f'storageclass.storage.k8s.io "{class_name}" not found')
            return
        if sc.get("provisioner") == NO_PROVISIONER:
            self.event(pvc, "Normal", "FailedBinding", "no persistent volumes available for this claim")
            return
        uid = pvc["metadata"]["uid"]
        if uid in self.provisioning:
            return
        self.provisioning[uid] = None
        provisioner = sc.get("provisioner", "")
        self.event(pvc, "Normal", "ExternalProvisioning",
                   f"Waiting for a volume to be created either by the external provisioner '{provisioner}' or "
                   "manually by the system administrator. If volume creation is delayed, please verify that the "
                   "provisioner is running and correctly registered.")
        self.sim.recorder.emit(pvc, "Normal", "Provisioning",
                                 f'External provisioner is provisioning volume for claim "{key[0]}/{key[1]}"',
                                 provisioner)
        self.sim.after(PROVISION_SECONDS, self._provisioned, key, uid)

    def _provisioned(self, key: Key, uid: str) -> None:
        self.provisioning.pop(uid, None)
        pvc = self.store.get("PersistentVolumeClaim", *key)
        if pvc is None or pvc["metadata"]["uid"] != uid or _phase(pvc) == "Bound":
            return
        sc = self.store.get("StorageClass", None, pvc["spec"].get("storageClassName") or "")
        if sc is None:
            self.enqueue(key)
            return
        name = f"pvc-{uid}"
        node = (pvc["metadata"].get("annotations") or {}).get(SELECTED_NODE)
        spec = {"accessModes": list(pvc["spec"].get("accessModes") or ["ReadWriteOnce"]),
                "capacity": {"storage": pvc["spec"]["resources"]["requests"]["storage"]},
                "hostPath": {"path": f"/var/local-path-provisioner/{name}_{key[0]}_{key[1]}", "type": "DirectoryOrCreate"},
                "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy", "Delete"),
                "storageClassName": sc["metadata"]["name"], "volumeMode": pvc["spec"].get("volumeMode", "Filesystem"),
                "claimRef": self._claim_ref(pvc)}
        if node:
            spec["nodeAffinity"] = {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}}
        pv = {"apiVersion": "v1", "kind": "PersistentVolume",
              "metadata": {"name": name, "annotations": {"pv.kubernetes.io/provisioned-by": sc.get("provisioner", "")},
                           "finalizers": [PV_PROTECTION]},
              "spec": spec, "status": {"phase": "Pending"}}
        pv = self.store.create(pv, admit=False)
        self.sim.recorder.emit(pvc, "Normal", "ProvisioningSucceeded", f"Successfully provisioned volume {name}",
                                 sc.get("provisioner", ""))
        claim = self.store.get("PersistentVolumeClaim", *key)
        assert claim is not None
        self._bind(claim, pv)

    def _find(self, pvc: dict, node: str | None) -> dict | None:
        """The smallest Available volume that satisfies the claim (or the one it names)."""
        spec = pvc["spec"]
        want = _request(pvc)
        modes = set(spec.get("accessModes") or ())
        class_name = spec.get("storageClassName") or ""
        selector = from_label_selector(spec["selector"]) if spec.get("selector") else None
        named = spec.get("volumeName")
        best = None
        candidates = [self.store.get("PersistentVolume", None, named)] if named else self.store.iter("PersistentVolume")
        for pv in candidates:
            if pv is None or pv["metadata"].get("deletionTimestamp"):
                continue
            ps = pv["spec"]
            ref = ps.get("claimRef")
            if ref and not (ref.get("namespace") == pvc["metadata"]["namespace"] and ref.get("name") == pvc["metadata"]["name"]
                            and ref.get("uid") in (None, pvc["metadata"]["uid"])):
                continue
            if _phase(pv) not in ("Available", "Pending") and not ref:
                continue
            if (ps.get("storageClassName") or "") != class_name or not modes <= set(ps.get("accessModes") or ()):
                continue
            if parse_quantity((ps.get("capacity") or {}).get("storage", 0)) < want:
                continue
            if ps.get("volumeMode", "Filesystem") != spec.get("volumeMode", "Filesystem"):
                continue
            if selector is not None and not selector.matches(pv["metadata"].get("labels")):
                continue
            if node and (ps.get("nodeAffinity") or {}).get("required"):
                node_obj = self.store.get("Node", None, node)
                if node_obj is None or not node_selector_matches(ps["nodeAffinity"]["required"],
                                                                 node_obj["metadata"].get("labels") or {}, node):
                    continue
            size = parse_quantity(ps["capacity"]["storage"])
            if best is None or (size, pv["metadata"]["name"]) < best[0]:
                best = ((size, pv["metadata"]["name"]), pv)
        return best[1] if best else None

    @staticmethod
    def _claim_ref(pvc: dict) -> dict:
        return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": pvc["metadata"]["namespace"],
                "name": pvc["metadata"]["name"], "uid": pvc["metadata"]["uid"],
                "resourceVersion": pvc["metadata"].get("resourceVersion", "")}

    def _bind(self, pvc: dict, pv: dict) -> None:
        by_controller = not pvc["spec"].get("volumeName")
        pv_spec = {**pv["spec"], "claimRef": self._claim_ref(pvc)}
        annotations = dict(pv["metadata"].get("annotations") or {})
        if by_controller:
            annotations["pv.kubernetes.io/bound-by-controller"] = "yes"
        pv = self.store.update({**pv, "metadata": {**pv["metadata"], "annotations": annotations}, "spec": pv_spec},
                               admit=False)
        self.store.update_status({**pv, "status": {"phase": "Bound"}})
        annotations = dict(pvc["metadata"].get("annotations") or {})
        annotations["pv.kubernetes.io/bind-completed"] = "yes"
        if by_controller:
            annotations["pv.kubernetes.io/bound-by-controller"] = "yes"
        pvc = self.store.update({**pvc, "metadata": {**pvc["metadata"], "annotations": annotations},
                                 "spec": {**pvc["spec"], "volumeName": pv["metadata"]["name"]}}, admit=False)
        self.store.update_status({**pvc, "status": {"phase": "Bound", "accessModes": list(pv_spec.get("accessModes") or ()),
                                                    "capacity": dict(pv_spec.get("capacity") or {})}})

    def _sync_volume(self, name: str) -> None:
        pv = self.store.get("PersistentVolume", None, name)
        if pv is None:
            return
        ref = pv["spec"].get("claimRef")
        phase = _phase(pv)
        if pv["metadata"].get("deletionTimestamp"):
            if phase != "Bound":
                self._finalize(pv, PV_PROTECTION)
            return
        if not ref:
            if phase != "Available":
                self.store.update_status({**pv, "status": {"phase": "Available"}})
            return
        claim = self.store.get("PersistentVolumeClaim", ref.get("namespace"), ref.get("name", ""))
        if claim is not None and ref.get("uid") in (None, claim["metadata"]["uid"]):
            if phase == "Pending":
                self.store.update_status({**pv, "status": {"phase": "Available"}})
            return
        if phase == "Bound":
            pv = self.store.update_status({**pv, "status": {"phase": "Released"}})
        if pv["spec"].get("persistentVolumeReclaimPolicy") == "Delete" and _phase(pv) == "Released":
            delete(self.store, "PersistentVolume", None, name)
            self._sync_volume(name)

    def _in_use(self, pvc: dict) -> bool:
        ns, name = pvc["metadata"]["namespace"], pvc["metadata"]["name"]
        for pod in self.store.iter("Pod", ns):
            if _phase(pod) in ("Succeeded", "Failed"):
                continue
            for v in pod["spec"].get("volumes") or ():
                if (v.get("persistentVolumeClaim") or {}).get("claimName") == name:
                    return True
        return False

    def _finalize(self, obj: dict, finalizer: str) -> None:
        """Lift our finalizer; with none left, the API server completes the deletion."""
        finalizers = [f for f in obj["metadata"].get("finalizers") or () if f != finalizer]
        if finalizers:
            meta = {**obj["metadata"], "finalizers": finalizers}
            self.store.update({**obj, "metadata": meta}, admit=False)
            return
        self.store.remove(obj["kind"], obj["metadata"].get("namespace"), obj["metadata"]["name"])
