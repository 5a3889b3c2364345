"""autoscaling/v1 HorizontalPodAutoscaler: the older version the API server still serves,
converted to and from the stored autoscaling/v2 object (model/conversion.py). Only for decoding
a v1 write strictly, so its unknown fields and wrong types are named in v1 terms."""

from pydantic import Field

from .meta import K8sModel, ObjectMeta, Time


class CrossVersionObjectReference(K8sModel):
    kind: str | None = None
    name: str | None = None
    api_version: str | None = None


class HorizontalPodAutoscalerSpec(K8sModel):
    scale_target_ref: CrossVersionObjectReference | None = None
    min_replicas: int | None = None
    max_replicas: int | None = None
    target_cpu_utilization_percentage: int | None = Field(None, alias="targetCPUUtilizationPercentage")


class HorizontalPodAutoscalerStatus(K8sModel):
    go_types = {"observedGeneration": "int64"}

    observed_generation: int | None = None
    last_scale_time: Time | None = None
    current_replicas: int | None = None
    desired_replicas: int | None = None
    current_cpu_utilization_percentage: int | None = Field(None, alias="currentCPUUtilizationPercentage")


class HorizontalPodAutoscaler(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: HorizontalPodAutoscalerSpec | None = None
    status: HorizontalPodAutoscalerStatus | None = None
