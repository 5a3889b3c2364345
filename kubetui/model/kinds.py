"""The kind registry: every API kind kubetui knows, with kubectl's plural and short names.

`KINDS` holds the built-in kinds. A cluster serves those plus the custom kinds its
CustomResourceDefinitions define: `KindRegistry` (one per store) holds both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .conversion import SERVED


@dataclass(frozen=True)
class Kind:
    kind: str
    api_version: str
    plural: str
    short_names: tuple[str, ...] = ()
    namespaced: bool = True
    categories: tuple[str, ...] = ()

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
    Kind("CustomResourceDefinition", "apiextensions.k8s.io/v1", "customresourcedefinitions", ("crd", "crds"),
         namespaced=False, categories=("api-extensions",)),
]

KINDS: dict[str, Kind] = {k.kind: k for k in _ALL}
"""Kind name (`Deployment`) -> Kind, in the order `kubectl api-resources` groups them."""

_NAMES: dict[str, Kind] = {}
for _k in _ALL:
    for _n in (_k.kind.lower(), _k.plural, *_k.short_names, _k.resource, _k.ref):
        _NAMES.setdefault(_n, _k)


def served_as(kind: Kind, api_version: str) -> Kind:
    """The kind as an older version the API server also serves presents it (its objects
    converted, model/conversion.py): what `hpa.v1.autoscaling` or an autoscaling/v1 manifest names."""
    return kind if kind.api_version == api_version else replace(kind, api_version=api_version)


for _k in _ALL:
    for _gv in (_k.api_version, *sorted(gv for name, gv in SERVED if name == _k.kind)):
        for _n in (_k.plural, _k.singular, *_k.short_names):
            # `pods.v1.`, `deployments.v1.apps`; kubectl expands a short name to its group's
            # preferred version, so `hpa.v1.autoscaling` still reads autoscaling/v2
            _v = served_as(_k, _gv) if _n in (_k.plural, _k.singular) else _k
            _NAMES.setdefault(f"{_n}.{_gv.rpartition('/')[2]}.{_k.group}", _v)


def resolve(name: str) -> Kind | None:
    """The kind a kubectl resource word names: `po`, `pods`, `pod`, `deployments.apps`, `Pod`."""
    return _NAMES.get(name.lower())


@dataclass(frozen=True)
class CustomKind(Kind):
    """A kind a CustomResourceDefinition serves: its names, storage version and the parts of
    the CRD that the API server and kubectl read (schema, printer columns, subresources)."""

    crd: str = ""
    """The CRD's name (`crontabs.stable.example.com`)."""
    versions: tuple[str, ...] = ()
    """Served versions (`v1`, `v1beta1`); `api_version` holds the storage version."""
    schema: dict = field(default_factory=dict, compare=False, hash=False)
    columns: tuple[dict, ...] = field(default=(), compare=False, hash=False)
    """additionalPrinterColumns of the storage version."""
    subresources: dict = field(default_factory=dict, compare=False, hash=False)
    list_kind: str = ""
    singular_name: str = ""

    @property
    def singular(self) -> str:
        return self.singular_name or self.kind.lower()


class KindRegistry:
    """The kinds one cluster serves: the built-in ones and, while their CRD exists, custom ones.

    Lives in the store, so snapshots, forks and replays carry the custom kinds along; custom
    kinds come and go in the order their CRDs do (deterministic)."""

    def __init__(self) -> None:
        self.custom: dict[str, CustomKind] = {}
        self._names: dict[str, Kind] = dict(_NAMES)

    def __getitem__(self, name: str) -> Kind:
        found = KINDS.get(name) or self.custom.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def get(self, name: str, default: Kind | None = None) -> Kind | None:
        return KINDS.get(name) or self.custom.get(name) or default

    def __contains__(self, name: object) -> bool:
        return name in KINDS or name in self.custom

    def __iter__(self) -> Iterator[str]:
        yield from KINDS
        yield from self.custom

    def values(self) -> list[Kind]:
        return [*KINDS.values(), *self.custom.values()]

    def resolve(self, word: str) -> Kind | None:
        """As `resolve`, also knowing the custom kinds (`ct`, `crontabs`, `crontabs.stable.example.com`)."""
        return self._names.get(word) or self._names.get(word.lower())

    def category(self, name: str) -> list[Kind]:
        """Custom kinds in a category (`kubectl get all` lists those in `all`), by name."""
        return [k for _, k in sorted(self.custom.items()) if name in k.categories]

    def register(self, kind: CustomKind) -> None:
        self.custom[kind.kind] = kind
        self._rebuild()

    def unregister(self, kind_name: str) -> None:
        if self.custom.pop(kind_name, None) is not None:
            self._rebuild()

    def _rebuild(self) -> None:
        names = dict(_NAMES)
        for k in sorted(self.custom.values(), key=lambda c: c.crd):
            for n in (k.plural, k.singular, k.kind.lower(), *k.short_names, k.resource, k.ref):
                names.setdefault(n, k)
        self._names = names
