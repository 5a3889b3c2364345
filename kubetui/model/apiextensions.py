"""apiextensions.k8s.io/v1 CustomResourceDefinition: the API a cluster's users add to it.

The schema itself (`openAPIV3Schema`, a JSONSchemaProps tree) stays a plain mapping here;
`model/validation/apiextensions.py` checks that it is structural and `model/validation/customresource.py`
applies it to custom objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from .meta import K8sModel, ObjectMeta, Time

if TYPE_CHECKING:
    from .kinds import CustomKind


class CustomResourceDefinitionNames(K8sModel):
    plural: str | None = None
    singular: str | None = None
    short_names: list[str] | None = None
    kind: str | None = None
    list_kind: str | None = None
    categories: list[str] | None = None


class CustomResourceValidation(K8sModel):
    open_api_v3_schema: dict[str, Any] | None = Field(None, alias="openAPIV3Schema")


class CustomResourceColumnDefinition(K8sModel):
    name: str | None = None
    type: str | None = None
    format: str | None = None
    description: str | None = None
    priority: int | None = None
    json_path: str | None = None


class CustomResourceSubresourceScale(K8sModel):
    spec_replicas_path: str | None = None
    status_replicas_path: str | None = None
    label_selector_path: str | None = None


class CustomResourceSubresources(K8sModel):
    status: dict[str, Any] | None = None
    scale: CustomResourceSubresourceScale | None = None


class CustomResourceDefinitionVersion(K8sModel):
    name: str | None = None
    served: bool | None = None
    storage: bool | None = None
    deprecated: bool | None = None
    deprecation_warning: str | None = None
    schema_: CustomResourceValidation | None = Field(None, alias="schema")
    subresources: CustomResourceSubresources | None = None
    additional_printer_columns: list[CustomResourceColumnDefinition] | None = None
    selectable_fields: list[dict[str, Any]] | None = None


class CustomResourceConversion(K8sModel):
    strategy: str | None = None
    webhook: dict[str, Any] | None = None


class CustomResourceDefinitionSpec(K8sModel):
    group: str | None = None
    names: CustomResourceDefinitionNames | None = None
    scope: str | None = None
    versions: list[CustomResourceDefinitionVersion] | None = None
    conversion: CustomResourceConversion | None = None
    preserve_unknown_fields: bool | None = None


class CustomResourceDefinitionCondition(K8sModel):
    type: str | None = None
    status: str | None = None
    last_transition_time: Time | None = None
    reason: str | None = None
    message: str | None = None


class CustomResourceDefinitionStatus(K8sModel):
    conditions: list[CustomResourceDefinitionCondition] | None = None
    accepted_names: CustomResourceDefinitionNames | None = None
    stored_versions: list[str] | None = None


class CustomResourceDefinition(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: CustomResourceDefinitionSpec | None = None
    status: CustomResourceDefinitionStatus | None = None


def served_kind(crd: dict) -> CustomKind:
    """The kind a (validated) CRD serves, from its storage version."""
    from .kinds import CustomKind

    spec = crd.get("spec") or {}
    names = spec.get("names") or {}
    versions = spec.get("versions") or []
    storage = next((v for v in versions if v.get("storage")), versions[0] if versions else {})
    group = spec.get("group") or ""
    return CustomKind(
        kind=names.get("kind") or "", api_version=f"{group}/{storage.get('name') or ''}", plural=names.get("plural") or "",
        short_names=tuple(names.get("shortNames") or ()), namespaced=spec.get("scope") != "Cluster",
        categories=tuple(names.get("categories") or ()), crd=(crd.get("metadata") or {}).get("name") or "",
        versions=tuple(v["name"] for v in versions if v.get("served") and v.get("name")),
        schema=((storage.get("schema") or {}).get("openAPIV3Schema")) or {},
        columns=tuple(storage.get("additionalPrinterColumns") or ()),
        subresources=storage.get("subresources") or {}, list_kind=names.get("listKind") or "",
        singular_name=names.get("singular") or "")
