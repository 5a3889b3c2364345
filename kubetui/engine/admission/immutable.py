"""Update validation: the fields Kubernetes refuses to change once an object exists.

A learner meets these the first time they edit a running pod's command or a Deployment's
selector; the messages are the API server's.
"""

from __future__ import annotations

import copy

from kubetui.model.kinds import KINDS
from kubetui.model.validation import FieldInvalid, go_selector
from kubetui.model.validation.rbac import go_role_ref

POD_UPDATE_FORBIDDEN = (
    "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
    "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
    "(allow it to be set to 1 if it was previously negative)")

SELECTOR_IMMUTABLE = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")
STATEFULSET_MUTABLE = ("replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
                       "persistentVolumeClaimRetentionPolicy", "minReadySeconds")
STATEFULSET_UPDATE_FORBIDDEN = (
    "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
    "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' "
    "are forbidden")


def check_update(op: str, obj: dict, old: dict | None) -> dict:
    if op != "UPDATE" or old is None:
        return obj
    kind = obj["kind"]
    name = obj["metadata"]["name"]
    causes: list[tuple[str, str]] = []
    new_spec, old_spec = obj.get("spec") or {}, old.get("spec") or {}
    if kind in SELECTOR_IMMUTABLE and new_spec.get("selector") != old_spec.get("selector"):
        causes.append(("spec.selector", f"Invalid value: {go_selector(new_spec.get('selector') or {})}: field is immutable"))
    elif kind == "StatefulSet" and _without(new_spec, STATEFULSET_MUTABLE) != _without(old_spec, STATEFULSET_MUTABLE):
        causes.append(("spec", STATEFULSET_UPDATE_FORBIDDEN))
    elif kind == "Job":
        if new_spec.get("selector") != old_spec.get("selector"):
            causes.append(("spec.selector", f"Invalid value: {go_selector(new_spec.get('selector') or {})}: field is immutable"))
        if new_spec.get("template") != old_spec.get("template"):
            causes.append(("spec.template", "Invalid value: core.PodTemplateSpec{...}: field is immutable"))
    elif kind == "Pod" and _pod_mutable_part(new_spec, old_spec):
        causes.append(("spec", POD_UPDATE_FORBIDDEN))
    elif kind == "IngressClass" and new_spec.get("controller") != old_spec.get("controller"):
        causes.append(("spec.controller", f'Invalid value: "{new_spec.get("controller", "")}": field is immutable'))
    elif kind in ("ConfigMap", "Secret") and old.get("immutable"):
        for field in ("data", "binaryData", "stringData"):
            if obj.get(field) != old.get(field):
                causes.append((field, "Forbidden: field is immutable when `immutable` is set"))
        if not obj.get("immutable"):
            causes.append(("immutable", "Forbidden: field is immutable when `immutable` is set"))
    elif kind in ("RoleBinding", "ClusterRoleBinding") and obj.get("roleRef") != old.get("roleRef"):
        causes.append(("roleRef", f"Invalid value: {go_role_ref(obj.get('roleRef') or {})}: cannot change roleRef"))
    if old["metadata"].get("deletionTimestamp"):
        added = sorted(set(obj["metadata"].get("finalizers") or ()) - set(old["metadata"].get("finalizers") or ()))
        if added:
            found = ", ".join(f'"{f}"' for f in added)
            causes.append(("metadata.finalizers", "Forbidden: no new finalizers can be added if the object is being "
                                                  f"deleted, found new finalizers []string{{{found}}}"))
    if causes:
        raise FieldInvalid(KINDS[kind], name, causes)
    return obj


def _pod_mutable_part(new: dict, old: dict) -> bool:
    """True when a pod update touches more than images, deadlines and added tolerations."""
    a, b = copy.deepcopy(new), copy.deepcopy(old)
    for spec in (a, b):
        for key in ("containers", "initContainers"):
            for c in spec.get(key) or ():
                c.pop("image", None)
        spec.pop("activeDeadlineSeconds", None)
        spec.pop("terminationGracePeriodSeconds", None)
    old_tols, new_tols = b.pop("tolerations", None) or [], a.pop("tolerations", None) or []
    if any(t not in new_tols for t in old_tols):
        return True
    if "nodeName" not in a and "nodeName" in b:
        a["nodeName"] = b["nodeName"]
    return a != b


def _without(spec: dict, fields: tuple[str, ...]) -> dict:
    return {k: v for k, v in spec.items() if k not in fields}
