"""networking.k8s.io/v1: NetworkPolicy, Ingress, IngressClass."""

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


class ServiceBackendPort(K8sModel):
    name: str | None = None
    number: int | None = None


class IngressServiceBackend(K8sModel):
    name: str | None = None
    port: ServiceBackendPort | None = None


class TypedLocalObjectReference(K8sModel):
    api_group: str | None = None
    kind: str | None = None
    name: str | None = None


class IngressBackend(K8sModel):
    service: IngressServiceBackend | None = None
    resource: TypedLocalObjectReference | None = None


class HTTPIngressPath(K8sModel):
    """HTTPIngressPath associates a path with a backend: matching requests go to the backend."""

    path: str | None = Field(None, description="The path matched against the request's path; must begin with\n"
                                              "'/' for the Exact and Prefix path types.")
    path_type: str | None = Field(None, description="How `path` is matched (required):\n"
                                                   "- Exact: the request's path equals it, case-sensitively.\n"
                                                   "- Prefix: element-wise prefix match on '/'-split path\n"
                                                   "  elements (/foo matches /foo and /foo/bar, not /foobar).\n"
                                                   "- ImplementationSpecific: up to the IngressClass's controller.")
    backend: IngressBackend | None = Field(None, description="Where matching requests are sent.")


class HTTPIngressRuleValue(K8sModel):
    paths: list[HTTPIngressPath] | None = None


class IngressRule(K8sModel):
    host: str | None = Field(None, description="A DNS name (not an IP), optionally with a leading '*.' wildcard\n"
                                              "covering one label; empty means every host.")
    http: HTTPIngressRuleValue | None = None


class IngressTLS(K8sModel):
    hosts: list[str] | None = None
    secret_name: str | None = None


class IngressSpec(K8sModel):
    ingress_class_name: str | None = Field(None, description="The IngressClass whose controller implements this\n"
                                                            "Ingress; when omitted, the default IngressClass is set.")
    default_backend: IngressBackend | None = Field(None, description="Where requests that match no rule go.")
    tls: list[IngressTLS] | None = None
    rules: list[IngressRule] | None = None


class IngressPortStatus(K8sModel):
    port: int | None = None
    protocol: str | None = None
    error: str | None = None


class IngressLoadBalancerIngress(K8sModel):
    ip: str | None = None
    hostname: str | None = None
    ports: list[IngressPortStatus] | None = None


class IngressLoadBalancerStatus(K8sModel):
    ingress: list[IngressLoadBalancerIngress] | None = None


class IngressStatus(K8sModel):
    load_balancer: IngressLoadBalancerStatus | None = None


class Ingress(K8sModel):
    """A set of host/path rules that an ingress controller turns into HTTP routing."""

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: IngressSpec | None = None
    status: IngressStatus | None = None


class IngressClassParametersReference(K8sModel):
    api_group: str | None = None
    kind: str | None = None
    name: str | None = None
    namespace: str | None = None
    scope: str | None = None


class IngressClassSpec(K8sModel):
    controller: str | None = None
    parameters: IngressClassParametersReference | None = None


class IngressClass(K8sModel):
    """Which controller implements the Ingresses that name this class."""

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: IngressClassSpec | None = None
