"""coordination.k8s.io/v1 Lease (node heartbeats live in kube-node-lease)."""

from .meta import K8sModel, ObjectMeta, Time


class LeaseSpec(K8sModel):
    holder_identity: str | None = None
    lease_duration_seconds: int | None = None
    acquire_time: Time | None = None
    renew_time: Time | None = None
    lease_transitions: int | None = None
    strategy: str | None = None
    preferred_holder: str | None = None


class Lease(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: LeaseSpec | None = None
