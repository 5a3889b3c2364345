"""The admission chain: what the API server checks and fills in before an object is stored.

Plugins run in Kubernetes' order: NamespaceLifecycle, validation and defaults, then the
mutating and validating plugins: Priority, LimitRanger, ServiceAccount, DefaultStorageClass,
DefaultIngressClass, DefaultTolerationSeconds, the pod's QoS class, PodSecurity, ResourceQuota (its ledger is `sim.quota`), and the Service
allocators last (`sim.network`). PodSecurity `warn` texts collect in `sim.store.warnings` for
kubectl to print and clear.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from kubetui.engine.admission import podtemplates
from kubetui.model import errors
from kubetui.model.kinds import CustomKind
from kubetui.model.qos import qos_class
from kubetui.model.validation import validate

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation
    from kubetui.engine.store import Admission, Store

DEFAULT_TOLERATION_SECONDS = 300


def chain(sim: Simulation) -> list[tuple[str, Admission]]:
    """The plugins in the order the API server runs them, as (kind or "*", plugin)."""
    from kubetui.engine import fieldmanager
    from kubetui.engine.admission.certificatesigningrequest import prepare as prepare_csr
    from kubetui.engine.admission.immutable import check_update
    from kubetui.engine.admission.limitranger import LimitRanger
    from kubetui.engine.admission.podsecurity import PodSecurity
    from kubetui.engine.admission.priority import Priority
    from kubetui.engine.admission.resourcequota import ResourceQuotaAdmission
    from kubetui.engine.admission.serviceaccount import admit as service_account

    store = sim.store
    priority = Priority(store).admit
    return [
        ("*", partial(namespace_lifecycle, store)),
        ("CertificateSigningRequest", partial(prepare_csr, store)),
        ("Service", drop_type_dependent_fields),
        ("*", partial(validation, store)),
        ("*", partial(fieldmanager.admit, store)),
        ("Pod", priority),
        ("PriorityClass", priority),
        ("*", check_update),
        ("Secret", secret_string_data),
        ("*", LimitRanger(sim).admit),
        ("Pod", partial(service_account, store)),
        ("PersistentVolumeClaim", partial(default_storage_class, store)),
        ("Ingress", partial(default_ingress_class, store)),
        ("*", storage_object_in_use_protection),
        ("Pod", default_toleration_seconds),
        ("Pod", pod_status_on_create),
        ("*", PodSecurity(sim).admit),
        ("*", ResourceQuotaAdmission(sim, sim.quota).admit),
        ("Service", sim.network.allocators.admit),
    ]


def namespace_lifecycle(store: Store, op: str, obj: dict, old: dict | None) -> dict:
    """Bound to its store with `partial` (not a closure), so a copied simulation checks its own store."""
    kind = obj["kind"]
    if not store.kinds[kind].namespaced or op != "CREATE":
        return obj
    ns_name = obj["metadata"].get("namespace") or "default"
    ns = store.get("Namespace", None, ns_name)
    if ns is None:
        raise errors.not_found("namespaces", ns_name)
    if ns["metadata"].get("deletionTimestamp"):
        raise errors.forbidden(store.kinds[kind].resource, obj["metadata"]["name"],
                               f"unable to create new content in namespace {ns_name} because it is being terminated")
    return obj


_NODE_PORT_TYPES = ("NodePort", "LoadBalancer")


def drop_type_dependent_fields(op: str, obj: dict, old: dict | None) -> dict:
    """The Service registry's dropTypeDependentFields: a Service leaving NodePort/LoadBalancer
    loses the node ports (and load-balancer fields) it still carries unchanged from before."""
    if op != "UPDATE" or old is None:
        return obj
    spec, old_spec = obj.get("spec") or {}, old.get("spec") or {}
    new_type, old_type = spec.get("type", "ClusterIP"), old_spec.get("type", "ClusterIP")
    if old_type in _NODE_PORT_TYPES and new_type not in _NODE_PORT_TYPES:
        old_ports = [p.get("nodePort") for p in old_spec.get("ports") or ()]
        if [p.get("nodePort") for p in spec.get("ports") or ()] == old_ports:
            for port in spec.get("ports") or ():
                port.pop("nodePort", None)
        if spec.get("externalTrafficPolicy") == old_spec.get("externalTrafficPolicy"):
            spec.pop("externalTrafficPolicy", None)
    if old_type == "LoadBalancer" and new_type != "LoadBalancer":
        for field in ("allocateLoadBalancerNodePorts", "loadBalancerClass"):
            if spec.get(field) == old_spec.get(field):
                spec.pop(field, None)
    return obj


def validation(store: Store, op: str, obj: dict, old: dict | None) -> dict:
    """Decode, default, validate; a custom object by its CRD's schema, its status left to the
    status subresource when the CRD has one."""
    kind = store.kinds.get(obj["kind"])
    if isinstance(kind, CustomKind) and "status" in kind.subresources:
        obj = {k: v for k, v in obj.items() if k != "status"}
        if old is not None and "status" in old:
            obj["status"] = old["status"]
    if op == "CREATE" and obj.get("kind") == "Pod":
        return podtemplates.validate_pod(obj, kinds=store.kinds, template=podtemplates.is_template_spec(store, obj))
    return validate(obj, kinds=store.kinds, old=old if op == "UPDATE" else None)


_DEFAULT_TOLERATIONS = {key: {"key": key, "operator": "Exists", "effect": "NoExecute",
                               "tolerationSeconds": DEFAULT_TOLERATION_SECONDS}
                        for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")}
"""One dict per default toleration, shared by every pod (stored objects are never changed in place)."""
_ONLY_DEFAULT_TOLERATIONS = list(_DEFAULT_TOLERATIONS.values())
"""The list of a pod that tolerates nothing itself, shared by every such pod."""


def default_toleration_seconds(op: str, obj: dict, old: dict | None) -> dict:
    if op != "CREATE":
        return obj
    if not obj["spec"].get("tolerations"):
        obj["spec"]["tolerations"] = _ONLY_DEFAULT_TOLERATIONS
        return obj
    tolerations = obj["spec"]["tolerations"]
    for key, toleration in _DEFAULT_TOLERATIONS.items():
        if not any(t.get("key") == key and t.get("effect") in ("NoExecute", None, "")
                   or (not t.get("key") and t.get("operator") == "Exists") for t in tolerations):
            tolerations.append(toleration)
    return obj



def secret_string_data(op: str, obj: dict, old: dict | None) -> dict:
    """`stringData` is write-only: the API server merges it into `data` (base64) and drops it."""
    import base64

    extra = obj.pop("stringData", None)
    if extra:
        data = obj.setdefault("data", {})
        for key, value in extra.items():
            data[key] = base64.b64encode(value.encode()).decode()
    return obj


def default_storage_class(store: Store, op: str, obj: dict, old: dict | None) -> dict:
    """DefaultStorageClass: a claim that names no class gets the one marked default."""
    if op != "CREATE" or "storageClassName" in obj.get("spec", {}):
        return obj
    for sc in store.list("StorageClass"):
        if (sc["metadata"].get("annotations") or {}).get("storageclass.kubernetes.io/is-default-class") == "true":
            obj["spec"]["storageClassName"] = sc["metadata"]["name"]
            break
    return obj


IS_DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class"
INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


def default_ingress_class(store: Store, op: str, obj: dict, old: dict | None) -> dict:
    """DefaultIngressClass: a new Ingress that names no class (neither the field nor the legacy
    annotation) gets the class marked default; the newest one when several are."""
    spec = obj.setdefault("spec", {})
    if op != "CREATE" or spec.get("ingressClassName") or INGRESS_CLASS_ANNOTATION in (
            obj["metadata"].get("annotations") or {}):
        return obj
    defaults = [ic for ic in store.list("IngressClass")
                if (ic["metadata"].get("annotations") or {}).get(IS_DEFAULT_INGRESS_CLASS) == "true"]
    if defaults:
        newest = max(defaults, key=lambda ic: (ic["metadata"].get("creationTimestamp", ""), ic["metadata"]["name"]))
        spec["ingressClassName"] = newest["metadata"]["name"]
    return obj


def pod_status_on_create(op: str, obj: dict, old: dict | None) -> dict:
    """The API server's pod strategy: a new pod starts `Pending`, with its QoS class
    (computed after LimitRanger's defaults)."""
    if op == "CREATE":
        obj["status"] = {"phase": "Pending", "qosClass": qos_class(obj["spec"])}
    return obj


def storage_object_in_use_protection(op: str, obj: dict, old: dict | None) -> dict:
    """Claims and volumes get a finalizer so that one in use is not removed under its pod."""
    finalizer = {"PersistentVolumeClaim": "kubernetes.io/pvc-protection",
                 "PersistentVolume": "kubernetes.io/pv-protection"}.get(obj["kind"])
    if op == "CREATE" and finalizer:
        finalizers = obj["metadata"].setdefault("finalizers", [])
        if finalizer not in finalizers:
            finalizers.append(finalizer)
    return obj
