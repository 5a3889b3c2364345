"""discovery.k8s.io/v1 EndpointSlice: a Service's endpoints in slices of at most 100, with
per-endpoint conditions (ready, serving, terminating) that Endpoints cannot express."""

from pydantic import Field

from .core import ObjectReference
from .meta import K8sModel, ObjectMeta


class EndpointConditions(K8sModel):
    """EndpointConditions represents the current condition of an endpoint."""

    ready: bool | None = Field(None, description="Whether the endpoint may receive traffic (never true while it\n"
                                                 "is terminating).")
    serving: bool | None = Field(None, description="Whether the endpoint passes its readiness checks, terminating\n"
                                                   "or not.")
    terminating: bool | None = Field(None, description="Whether the endpoint is being deleted.")


class EndpointHints(K8sModel):
    for_zones: list[dict] | None = None
    for_nodes: list[dict] | None = None


class Endpoint(K8sModel):
    """Endpoint represents a single logical "backend" implementing a service."""

    addresses: list[str] | None = Field(None, description="The endpoint's addresses (1 to 100, of the slice's\n"
                                                          "addressType).")
    conditions: EndpointConditions | None = Field(None, description="The current condition of the endpoint.")
    hostname: str | None = Field(None, description="The endpoint's hostname (a pod's, with its subdomain).")
    target_ref: ObjectReference | None = Field(None, description="The object behind the endpoint, usually a Pod.")
    node_name: str | None = Field(None, description="The Node hosting the endpoint.")
    zone: str | None = Field(None, description="The zone the endpoint is in.")
    hints: EndpointHints | None = None
    deprecated_topology: dict[str, str] | None = None


class EndpointPort(K8sModel):
    """EndpointPort represents a Port used by an EndpointSlice."""

    name: str | None = Field(None, description="The port's name, as in the Service (may be empty).")
    protocol: str | None = Field(None, description="TCP, UDP or SCTP (default TCP).")
    port: int | None = Field(None, description="The port number of the endpoint.")
    app_protocol: str | None = Field(None, description="The application protocol for this port.")


class EndpointSlice(K8sModel):
    """EndpointSlice represents a set of service endpoints. The EndpointSlice controller keeps
the slices of every Service with a selector; find them by their kubernetes.io/service-name
label."""

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    address_type: str | None = Field(None, description="IPv4, IPv6 or FQDN; immutable.")
    endpoints: list[Endpoint] | None = Field(None, description="The endpoints in this slice (at most 1000).")
    ports: list[EndpointPort] | None = Field(None, description="The ports every endpoint of this slice exposes.")
