"""Go struct field order: how kubectl prints an object it built itself.

`kubectl create deployment … --dry-run=client -o json` (and `run`, `expose`, every generator)
encodes a typed Go object, so its keys come in the order the API types declare their fields
(`kind` before `apiVersion`, `name` first in metadata), not sorted; maps (labels, data,
resources' limits) stay sorted. The same order is in `--save-config`'s last-applied annotation.
Objects read from the server print through unstructured maps, sorted: this is for generators.

STRUCTS lists, per API type, its JSON field names in declaration order. A dict takes the order
of the smallest struct that has all its keys; a dict no struct covers is a map (sorted).
"""

from __future__ import annotations

STRUCTS: dict[str, tuple[str, ...]] = {
    "Object": ("kind", "apiVersion", "metadata", "spec", "status"),
    "ConfigMap": ("kind", "apiVersion", "metadata", "immutable", "data", "binaryData"),
    "Secret": ("kind", "apiVersion", "metadata", "immutable", "data", "stringData", "type"),
    "ServiceAccount": ("kind", "apiVersion", "metadata", "secrets", "imagePullSecrets",
                       "automountServiceAccountToken"),
    "PriorityClass": ("kind", "apiVersion", "metadata", "value", "globalDefault", "description",
                      "preemptionPolicy"),
    "List": ("kind", "apiVersion", "metadata", "items"),
    "ObjectMeta": ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
                   "generation", "creationTimestamp", "deletionTimestamp",
                   "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences",
                   "finalizers", "managedFields"),
    "ListMeta": ("selfLink", "resourceVersion", "continue", "remainingItemCount"),
    "OwnerReference": ("apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"),
    "NamespaceSpec": ("finalizers",),
    "DeploymentSpec": ("replicas", "selector", "template", "strategy", "minReadySeconds",
                       "revisionHistoryLimit", "paused", "progressDeadlineSeconds"),
    "LabelSelector": ("matchLabels", "matchExpressions"),
    "LabelSelectorRequirement": ("key", "operator", "values"),
    "PodTemplateSpec": ("metadata", "spec"),
    "PodSpec": ("volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
                "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy",
                "nodeSelector", "serviceAccountName", "serviceAccount",
                "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID", "hostIPC",
                "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname",
                "subdomain", "affinity", "schedulerName", "tolerations", "hostAliases",
                "priorityClassName", "priority", "dnsConfig", "readinessGates", "runtimeClassName",
                "enableServiceLinks", "preemptionPolicy", "overhead", "topologySpreadConstraints",
                "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates", "resourceClaims",
                "resources", "hostnameOverride"),
    "Container": ("name", "image", "command", "args", "workingDir", "ports", "envFrom", "env",
                  "resources", "resizePolicy", "restartPolicy", "restartPolicyRules",
                  "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe",
                  "startupProbe", "lifecycle", "terminationMessagePath",
                  "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin",
                  "stdinOnce", "tty", "targetContainerName"),
    "ContainerPort": ("name", "hostPort", "containerPort", "protocol", "hostIP"),
    "EnvVar": ("name", "value", "valueFrom"),
    "ResourceRequirements": ("limits", "requests", "claims"),
    "SecurityContext": ("capabilities", "privileged", "seLinuxOptions", "windowsOptions",
                        "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
                        "allowPrivilegeEscalation", "procMount", "seccompProfile",
                        "appArmorProfile"),
    "VolumeMount": ("name", "readOnly", "recursiveReadOnly", "mountPath", "subPath",
                    "mountPropagation", "subPathExpr"),
    "JobSpec": ("parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy",
                "successPolicy", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes",
                "selector", "manualSelector", "template", "ttlSecondsAfterFinished",
                "completionMode", "suspend", "podReplacementPolicy", "managedBy"),
    "CronJobSpec": ("schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy",
                    "suspend", "jobTemplate", "successfulJobsHistoryLimit",
                    "failedJobsHistoryLimit"),
    "ServiceSpec": ("ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs",
                    "sessionAffinity", "loadBalancerIP", "loadBalancerSourceRanges",
                    "externalName", "externalTrafficPolicy", "healthCheckNodePort",
                    "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies",
                    "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass",
                    "internalTrafficPolicy", "trafficDistribution"),
    "ServicePort": ("name", "protocol", "appProtocol", "port", "targetPort", "nodePort"),
    "ServiceStatus": ("loadBalancer", "conditions"),
    "ResourceQuotaSpec": ("hard", "scopes", "scopeSelector"),
    "PodDisruptionBudgetSpec": ("minAvailable", "selector", "maxUnavailable",
                                "unhealthyPodEvictionPolicy"),
    "PodDisruptionBudgetStatus": ("observedGeneration", "disruptedPods", "disruptionsAllowed",
                                  "currentHealthy", "desiredHealthy", "expectedPods",
                                  "conditions"),
    "HorizontalPodAutoscalerSpec": ("scaleTargetRef", "minReplicas", "maxReplicas", "metrics",
                                    "behavior"),
    "CrossVersionObjectReference": ("kind", "name", "apiVersion"),
    "MetricSpec": ("type", "object", "pods", "resource", "containerResource", "external"),
    "ResourceMetricSource": ("name", "target"),
    "MetricTarget": ("type", "value", "averageValue", "averageUtilization"),
    "HorizontalPodAutoscalerStatus": ("observedGeneration", "lastScaleTime", "currentReplicas",
                                      "desiredReplicas", "currentMetrics", "conditions"),
}


MAPS = ("labels", "annotations", "data", "binaryData", "stringData", "matchLabels",
        "nodeSelector", "limits", "requests", "hard", "overhead")
"""Fields that are Go maps whatever their keys look like (their keys print sorted)."""


_FIELD_SETS = [(set(fields), fields) for fields in STRUCTS.values()]


def _order_for(keys: set[str]) -> tuple[str, ...] | None:
    """The smallest struct with every key (a CrossVersionObjectReference, not an OwnerReference)."""
    covering = [fields for names, fields in _FIELD_SETS if keys <= names]
    return min(covering, key=len) if covering else None


def go_ordered(value, *, is_map: bool = False):
    """A copy of `value` whose dicts iterate in Go struct order (maps sorted)."""
    if isinstance(value, list):
        return [go_ordered(v) for v in value]
    if not isinstance(value, dict):
        return value
    fields = None if is_map else _order_for(set(value))
    keys = [f for f in fields if f in value] if fields else sorted(value)
    return {k: go_ordered(value[k], is_map=k in MAPS) for k in keys}
