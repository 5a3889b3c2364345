"""The VolumeBinding plugin's PreFilter and PreBind: a pod's claims must exist and not be
going away; an unbound claim of an Immediate class blocks scheduling; a bound volume pinned to
a node pins its pods there (the Filter half is `framework.volume_binding`); a claim waiting
for its first consumer learns the node the scheduler chose (`volume.kubernetes.io/selected-node`),
and the PersistentVolume controller provisions its volume there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.controllers.persistentvolume import SELECTED_NODE

if TYPE_CHECKING:
    from kubetui.engine.store import Store


def prefilter(store: Store, pod: dict) -> tuple[str | None, list[dict]]:
    """(message refusing the pod on every node, node-selector terms its volumes pin it to)."""
    ns = pod["metadata"]["namespace"]
    terms: list[dict] = []
    for v in pod["spec"].get("volumes") or ():
        if "persistentVolumeClaim" not in v:
            continue
        claim = v["persistentVolumeClaim"]["claimName"]
        pvc = store.get("PersistentVolumeClaim", ns, claim)
        if pvc is None:
            return f'persistentvolumeclaim "{claim}" not found', []
        if pvc["metadata"].get("deletionTimestamp"):
            return f'persistentvolumeclaim "{claim}" is being deleted', []
        if pvc.get("status", {}).get("phase") == "Bound":
            pv = store.get("PersistentVolume", None, pvc["spec"].get("volumeName", ""))
            required = (((pv or {}).get("spec") or {}).get("nodeAffinity") or {}).get("required")
            if required:
                terms.append(required)
            continue
        sc = store.get("StorageClass", None, pvc["spec"].get("storageClassName") or "")
        if sc is None or sc.get("volumeBindingMode") != "WaitForFirstConsumer":
            return "pod has unbound immediate PersistentVolumeClaims", []
    return None, terms


def prebind(store: Store, pod: dict, node: str) -> None:
    """The scheduler chose `node`: claims waiting for their first consumer learn where it runs."""
    ns = pod["metadata"]["namespace"]
    for v in pod["spec"].get("volumes") or ():
        if "persistentVolumeClaim" not in v:
            continue
        pvc = store.get("PersistentVolumeClaim", ns, v["persistentVolumeClaim"]["claimName"])
        if pvc is None or pvc.get("status", {}).get("phase") == "Bound":
            continue
        annotations = dict(pvc["metadata"].get("annotations") or {})
        if annotations.get(SELECTED_NODE) != node:
            annotations[SELECTED_NODE] = node
            store.update({**pvc, "metadata": {**pvc["metadata"], "annotations": annotations}}, admit=False)
