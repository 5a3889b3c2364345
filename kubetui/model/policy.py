"""policy/v1 PodDisruptionBudget: how many pods of a set voluntary disruptions may take down."""

from pydantic import Field

from .meta import Condition, IntOrString, K8sModel, LabelSelector, ObjectMeta, Time


class PodDisruptionBudgetSpec(K8sModel):
    """PodDisruptionBudgetSpec is a description of a PodDisruptionBudget."""

    min_available: IntOrString = Field(
        None, description="An eviction is allowed if at least \"minAvailable\" pods selected by \"selector\" will\n"
                          "still be available after the eviction, i.e. even in the absence of the evicted pod.")
    selector: LabelSelector | None = Field(
        None, description="Label query over pods whose evictions are managed by the disruption budget. A null\n"
                          "selector selects no pods; an empty selector selects all pods in the namespace.")
    max_unavailable: IntOrString = Field(
        None, description="An eviction is allowed if at most \"maxUnavailable\" pods selected by \"selector\" are\n"
                          "unavailable after the eviction. Mutually exclusive with \"minAvailable\".")
    unhealthy_pod_eviction_policy: str | None = Field(
        None, description="When a not-ready pod may be evicted: IfHealthyBudget (the default) only while the\n"
                          "application is not disrupted; AlwaysAllow regardless of the budget.")


class PodDisruptionBudgetStatus(K8sModel):
    """PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget.
Status may trail the actual state of a system."""

    go_types = {"observedGeneration": "int64"}

    observed_generation: int | None = None
    disrupted_pods: dict[str, Time] | None = None
    disruptions_allowed: int | None = None
    current_healthy: int | None = None
    desired_healthy: int | None = None
    expected_pods: int | None = None
    conditions: list[Condition] | None = None


class PodDisruptionBudget(K8sModel):
    """A PodDisruptionBudget limits how many pods of a replicated application voluntary
    disruptions (drains, evictions) may take down at once."""

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: PodDisruptionBudgetSpec | None = None
    status: PodDisruptionBudgetStatus | None = None
