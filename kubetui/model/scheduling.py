"""scheduling.k8s.io/v1 PriorityClass: a name for a pod priority, and whether it may preempt."""

from pydantic import Field

from .meta import K8sModel, ObjectMeta


class PriorityClass(K8sModel):
    """A PriorityClass names a pod priority: pods that name the class get its value, and the
scheduler may preempt lower-priority pods to place them."""

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    value: int | None = Field(
        None, description="The integer value of this priority class; pods that name it get this priority.")
    global_default: bool | None = Field(
        None, description="Whether pods that name no priority class get this one's value. Only one\n"
                          "PriorityClass may be marked as default.")
    description: str | None = None
    preemption_policy: str | None = Field(
        None, description="Never, or PreemptLowerPriority (the default): whether its pods may preempt\n"
                          "lower-priority pods.")
