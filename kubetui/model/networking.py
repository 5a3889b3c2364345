"""networking.k8s.io/v1 NetworkPolicy."""

from pydantic import Field

from .meta import IntOrString, K8sModel, LabelSelector, ObjectMeta


class NetworkPolicyPort(K8sModel):
    protocol: str | None = None
    port: IntOrString = None
    end_port: int | None = None


class IPBlock(K8sModel):
    cidr: str | None = None
    except_: list[str] | None = Field(None, alias="except")


class NetworkPolicyPeer(K8sModel):
    pod_selector: LabelSelector | None = None
    namespace_selector: LabelSelector | None = None
    ip_block: IPBlock | None = None


class NetworkPolicyIngressRule(K8sModel):
    ports: list[NetworkPolicyPort] | None = None
    from_: list[NetworkPolicyPeer] | None = Field(None, alias="from")


class NetworkPolicyEgressRule(K8sModel):
    ports: list[NetworkPolicyPort] | None = None
    to: list[NetworkPolicyPeer] | None = None


class NetworkPolicySpec(K8sModel):
    pod_selector: LabelSelector | None = None
    ingress: list[NetworkPolicyIngressRule] | None = None
    egress: list[NetworkPolicyEgressRule] | None = None
    policy_types: list[str] | None = None


class NetworkPolicy(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: NetworkPolicySpec | None = None
