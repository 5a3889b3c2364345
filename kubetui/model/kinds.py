"""The kind registry: every API kind kubetui knows, with kubectl's plural and short names."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    kind: str
    api_version: str
    plural: str
    short_names: tuple[str, ...] = ()
    namespaced: bool = True

    @property
    def group(self) -> str:
        """API group ("" for core), as in `deployments.apps`."""
        return self.api_version.rpartition("/")[0]

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def resource(self) -> str:
        """`deployments.apps` / `pods`: the name kubectl prints in messages."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def ref(self) -> str:
        """`deployment.apps` / `pod`: the prefix of `-o name` and of `created` messages."""
        return f"{self.singular}.{self.group}" if self.group else self.singular


_ALL = [
    Kind("Namespace", "v1", "namespaces", ("ns",), namespaced=False),
    Kind("Node", "v1", "nodes", ("no",), namespaced=False),
    Kind("Pod", "v1", "pods", ("po",)),
    Kind("Service", "v1", "services", ("svc",)),
    Kind("Endpoints", "v1", "endpoints", ("ep",)),
    Kind("ConfigMap", "v1", "configmaps", ("cm",)),
    Kind("Secret", "v1", "secrets"),
    Kind("ServiceAccount", "v1", "serviceaccounts", ("sa",)),
    Kind("Event", "v1", "events", ("ev",)),
    Kind("ResourceQuota", "v1", "resourcequotas", ("quota",)),
    Kind("LimitRange", "v1", "limitranges", ("limits",)),
    Kind("PersistentVolume", "v1", "persistentvolumes", ("pv",), namespaced=False),
    Kind("PersistentVolumeClaim", "v1", "persistentvolumeclaims", ("pvc",)),
    Kind("ReplicationController", "v1", "replicationcontrollers", ("rc",)),
    Kind("ReplicaSet", "apps/v1", "replicasets", ("rs",)),
    Kind("Deployment", "apps/v1", "deployments", ("deploy",)),
    Kind("DaemonSet", "apps/v1", "daemonsets", ("ds",)),
    Kind("StatefulSet", "apps/v1", "statefulsets", ("sts",)),
    Kind("ControllerRevision", "apps/v1", "controllerrevisions"),
    Kind("Job", "batch/v1", "jobs"),
    Kind("CronJob", "batch/v1", "cronjobs", ("cj",)),
    Kind("HorizontalPodAutoscaler", "autoscaling/v2", "horizontalpodautoscalers", ("hpa",)),
    Kind("EndpointSlice", "discovery.k8s.io/v1", "endpointslices"),
    Kind("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies", ("netpol",)),
    Kind("PodDisruptionBudget", "policy/v1", "poddisruptionbudgets", ("pdb",)),
    Kind("PriorityClass", "scheduling.k8s.io/v1", "priorityclasses", ("pc",), namespaced=False),
    Kind("StorageClass", "storage.k8s.io/v1", "storageclasses", ("sc",), namespaced=False),
    Kind("Lease", "coordination.k8s.io/v1", "leases"),
    Kind("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", "clusterrolebindings", namespaced=False),
    Kind("ClusterRole", "rbac.authorization.k8s.io/v1", "clusterroles", namespaced=False),
    Kind("RoleBinding", "rbac.authorization.k8s.io/v1", "rolebindings"),
    Kind("Role", "rbac.authorization.k8s.io/v1", "roles"),
    Kind("CertificateSigningRequest", "certificates.k8s.io/v1", "certificatesigningrequests", ("csr",),
         namespaced=False),
    Kind("Ingress", "networking.k8s.io/v1", "ingresses", ("ing",)),
    Kind("IngressClass", "networking.k8s.io/v1", "ingressclasses", namespaced=False),
]

KINDS: dict[str, Kind] = {k.kind: k for k in _ALL}
"""Kind name (`Deployment`) -> Kind, in the order `kubectl api-resources` groups them."""

_NAMES: dict[str, Kind] = {}
for _k in _ALL:
    for _n in (_k.kind.lower(), _k.plural, *_k.short_names, _k.resource, _k.ref):
        _NAMES.setdefault(_n, _k)


def resolve(name: str) -> Kind | None:
    """The kind a kubectl resource word names: `po`, `pods`, `pod`, `deployments.apps`, `Pod`."""
    return _NAMES.get(name.lower())
