"""autoscaling/v2 HorizontalPodAutoscaler."""

from typing import ClassVar

from .meta import K8sModel, LabelSelector, ObjectMeta, Quantity, Time


class V2Model(K8sModel):
    go_package: ClassVar[str] = "v2"


class CrossVersionObjectReference(V2Model):
    kind: str | None = None
    name: str | None = None
    api_version: str | None = None


class MetricTarget(V2Model):
    type: str | None = None
    value: Quantity = None
    average_value: Quantity = None
    average_utilization: int | None = None


class MetricIdentifier(V2Model):
    name: str | None = None
    selector: LabelSelector | None = None


class ResourceMetricSource(V2Model):
    name: str | None = None
    target: MetricTarget | None = None


class ContainerResourceMetricSource(ResourceMetricSource):
    container: str | None = None


class PodsMetricSource(V2Model):
    metric: MetricIdentifier | None = None
    target: MetricTarget | None = None


class ObjectMetricSource(V2Model):
    described_object: CrossVersionObjectReference | None = None
    target: MetricTarget | None = None
    metric: MetricIdentifier | None = None


class ExternalMetricSource(PodsMetricSource):
    pass


class MetricSpec(V2Model):
    type: str | None = None
    object: ObjectMetricSource | None = None
    pods: PodsMetricSource | None = None
    resource: ResourceMetricSource | None = None
    container_resource: ContainerResourceMetricSource | None = None
    external: ExternalMetricSource | None = None


class HPAScalingPolicy(V2Model):
    type: str | None = None
    value: int | None = None
    period_seconds: int | None = None


class HPAScalingRules(V2Model):
    stabilization_window_seconds: int | None = None
    select_policy: str | None = None
    policies: list[HPAScalingPolicy] | None = None
    tolerance: Quantity = None


class HorizontalPodAutoscalerBehavior(V2Model):
    scale_up: HPAScalingRules | None = None
    scale_down: HPAScalingRules | None = None


class HorizontalPodAutoscalerSpec(V2Model):
    scale_target_ref: CrossVersionObjectReference | None = None
    min_replicas: int | None = None
    max_replicas: int | None = None
    metrics: list[MetricSpec] | None = None
    behavior: HorizontalPodAutoscalerBehavior | None = None


class MetricValueStatus(V2Model):
    value: Quantity = None
    average_value: Quantity = None
    average_utilization: int | None = None


class ResourceMetricStatus(V2Model):
    name: str | None = None
    current: MetricValueStatus | None = None


class ContainerResourceMetricStatus(ResourceMetricStatus):
    container: str | None = None


class PodsMetricStatus(V2Model):
    metric: MetricIdentifier | None = None
    current: MetricValueStatus | None = None


class ObjectMetricStatus(V2Model):
    metric: MetricIdentifier | None = None
    current: MetricValueStatus | None = None
    described_object: CrossVersionObjectReference | None = None


class ExternalMetricStatus(PodsMetricStatus):
    pass


class MetricStatus(V2Model):
    type: str | None = None
    object: ObjectMetricStatus | None = None
    pods: PodsMetricStatus | None = None
    resource: ResourceMetricStatus | None = None
    container_resource: ContainerResourceMetricStatus | None = None
    external: ExternalMetricStatus | None = None


class HorizontalPodAutoscalerCondition(V2Model):
    type: str | None = None
    status: str | None = None
    last_transition_time: Time | None = None
    reason: str | None = None
    message: str | None = None


class HorizontalPodAutoscalerStatus(V2Model):
    go_types = {"observedGeneration": "int64"}

    observed_generation: int | None = None
    last_scale_time: Time | None = None
    current_replicas: int | None = None
    desired_replicas: int | None = None
    current_metrics: list[MetricStatus] | None = None
    conditions: list[HorizontalPodAutoscalerCondition] | None = None


class HorizontalPodAutoscaler(V2Model):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: HorizontalPodAutoscalerSpec | None = None
    status: HorizontalPodAutoscalerStatus | None = None
