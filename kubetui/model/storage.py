"""storage.k8s.io/v1 StorageClass."""

from .meta import K8sModel, ObjectMeta


class TopologySelectorLabelRequirement(K8sModel):
    key: str | None = None
    values: list[str] | None = None


class TopologySelectorTerm(K8sModel):
    match_label_expressions: list[TopologySelectorLabelRequirement] | None = None


class StorageClass(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    provisioner: str | None = None
    parameters: dict[str, str] | None = None
    reclaim_policy: str | None = None
    mount_options: list[str] | None = None
    allow_volume_expansion: bool | None = None
    volume_binding_mode: str | None = None
    allowed_topologies: list[TopologySelectorTerm] | None = None

