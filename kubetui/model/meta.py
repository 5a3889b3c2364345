"""Shared building blocks: the strict base model, ObjectMeta, LabelSelector, Conditions.

Every field is optional at decode time, as in Go: JSON decoding only checks shapes and types;
"Required value" belongs to validation, which speaks Kubernetes' own words.
"""

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PlainValidator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from .clock import TimeParseError, parse_rfc3339
from .quantity import canonical_quantity


class K8sModel(BaseModel):
    """Strict like the API server's decoder: unknown fields and wrong JSON types are errors."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, strict=True, alias_generator=to_camel
    )
    go_package: ClassVar[str] = "v1"
    """Go package of the struct, for `of type v1.PodSpec` in decode errors."""
    go_types: ClassVar[dict[str, str]] = {}
    """Go types of integer fields that are not int32 (`int64`), keyed by JSON name."""


def _int_or_string(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        raise PydanticCustomError("go_type", "intstr.IntOrString")
    return v


def _quantity(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise PydanticCustomError("go_type", "resource.Quantity")
    try:
        return canonical_quantity(v)
    except ValueError as e:
        raise PydanticCustomError("quantity", str(e)) from None


def _any_json(v: Any) -> Any:
    return v


IntOrString = Annotated[Any, PlainValidator(_int_or_string)]
"""`80` or `"http"` / `"25%"`: kept as written."""

Quantity = Annotated[Any, PlainValidator(_quantity)]
"""`"500m"`, `1`, `"1Gi"`: checked, and stored in canonical form (`2000m` -> `2`), as the API
server decodes it into a Go `resource.Quantity`."""

ResourceList = dict[str, Quantity]
Json = Annotated[Any, PlainValidator(_any_json)]
"""Free-form JSON (RawExtension, managedFields)."""

def _time(v: Any) -> Any:
    if not isinstance(v, str):
        raise PydanticCustomError("go_time", f"json: cannot unmarshal {json_kind(v)} into Go value of type string")
    try:
        parse_rfc3339(v)
    except TimeParseError as e:
        raise PydanticCustomError("go_time", str(e)) from None
    return v


def json_kind(value: Any) -> str:
    """The JSON type of a decoded value, as Go's decoder names it in "cannot unmarshal X into …"."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "null" if value is None else "object"


Time = Annotated[str, PlainValidator(_time)]
"""RFC 3339 timestamp as a string, as JSON carries metav1.Time; decoded as Go's time.Parse does."""


class OwnerReference(K8sModel):
    api_version: str | None = Field(None, alias="apiVersion")
    kind: str | None = None
    name: str | None = None
    uid: str | None = None
    controller: bool | None = None
    block_owner_deletion: bool | None = Field(None, alias="blockOwnerDeletion")


class ManagedFieldsEntry(K8sModel):
    manager: str | None = None
    operation: str | None = None
    api_version: str | None = Field(None, alias="apiVersion")
    time: Time | None = None
    fields_type: str | None = Field(None, alias="fieldsType")
    fields_v1: Json = Field(None, alias="fieldsV1")
    subresource: str | None = None


class ObjectMeta(K8sModel):
    go_types = {"generation": "int64", "deletionGracePeriodSeconds": "int64"}

    name: str | None = None
    generate_name: str | None = Field(None, alias="generateName")
    namespace: str | None = None
    self_link: str | None = Field(None, alias="selfLink")
    uid: str | None = None
    resource_version: str | None = Field(None, alias="resourceVersion")
    generation: int | None = None
    creation_timestamp: Time | None = Field(None, alias="creationTimestamp")
    deletion_timestamp: Time | None = Field(None, alias="deletionTimestamp")
    deletion_grace_period_seconds: int | None = Field(None, alias="deletionGracePeriodSeconds")
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None
    owner_references: list[OwnerReference] | None = Field(None, alias="ownerReferences")
    finalizers: list[str] | None = None
    managed_fields: list[ManagedFieldsEntry] | None = Field(None, alias="managedFields")


class LabelSelectorRequirement(K8sModel):
    key: str | None = None
    operator: str | None = None
    values: list[str] | None = None


class LabelSelector(K8sModel):
    match_labels: dict[str, str] | None = Field(None, alias="matchLabels")
    match_expressions: list[LabelSelectorRequirement] | None = Field(None, alias="matchExpressions")


class Condition(K8sModel):
    """metav1.Condition (used by newer status blocks, e.g. Job's successCriteria)."""

    go_types = {"observedGeneration": "int64"}

    type: str | None = None
    status: str | None = None
    observed_generation: int | None = Field(None, alias="observedGeneration")
    last_transition_time: Time | None = Field(None, alias="lastTransitionTime")
    reason: str | None = None
    message: str | None = None


class ListMeta(K8sModel):
    resource_version: str | None = Field(None, alias="resourceVersion")
    continue_: str | None = Field(None, alias="continue")
    remaining_item_count: int | None = Field(None, alias="remainingItemCount")
    self_link: str | None = Field(None, alias="selfLink")


class TypeMeta(K8sModel):
    """apiVersion and kind; every top-level kind starts with these."""

    api_version: str | None = Field(None, alias="apiVersion")
    kind: str | None = None
    metadata: ObjectMeta | None = None
