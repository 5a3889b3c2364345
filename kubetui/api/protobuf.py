"""Request bodies in Kubernetes' protobuf encoding, turned into the JSON the door records.

kubectl's typed clients (`create deployment`, `create configmap`, `drain`'s evictions, …) send
`application/vnd.kubernetes.protobuf` and cannot fall back to JSON, so the server must read it.
The body is the magic `k8s\\0` and a `runtime.Unknown` (typeMeta, raw) whose `raw` is the
object's message. The field numbers of the messages those clients send are data below
(Kubernetes' generated.proto); a message not listed is refused with 415, never guessed.
Responses are always JSON (kubectl accepts it).
"""

from __future__ import annotations

import base64
import datetime
import json

MAGIC = b"k8s\x00"
PROTOBUF = "application/vnd.kubernetes.protobuf"


class Unsupported(Exception):
    """A message this server cannot read (a kind whose fields are not listed)."""


S, I, B, BYTES = "string", "int", "bool", "bytes"  # noqa: E741 (field type tags, one letter as in a .proto table)
OPAQUE = "opaque"
"""A field kubetui does not read: accepted when empty, refused (Unsupported) otherwise."""
TIME, QTY, INTSTR, RAW, FIELDS = "Time", "Quantity", "IntOrString", "RawExtension", "FieldsV1"
INLINE = ""
"""The JSON name of an embedded struct whose fields JSON shows on its parent (IngressRule's value)."""

M: dict[str, dict[int, tuple[str, str]]] = {
    "Unknown": {1: ("typeMeta", "TypeMeta"), 2: ("raw", BYTES), 3: ("contentEncoding", S), 4: ("contentType", S)},
    "TypeMeta": {1: ("apiVersion", S), 2: ("kind", S)},
    "ObjectMeta": {1: ("name", S), 2: ("generateName", S), 3: ("namespace", S), 4: ("selfLink", S), 5: ("uid", S),
                   6: ("resourceVersion", S), 7: ("generation", I), 8: ("creationTimestamp", TIME),
                   9: ("deletionTimestamp", TIME), 10: ("deletionGracePeriodSeconds", I), 11: ("labels", "map:string"),
                   12: ("annotations", "map:string"), 13: ("ownerReferences", "[]OwnerReference"),
                   14: ("finalizers", "[]string"), 17: ("managedFields", "[]ManagedFieldsEntry")},
    "ManagedFieldsEntry": {1: ("manager", S), 2: ("operation", S), 3: ("apiVersion", S), 4: ("time", TIME),
                           6: ("fieldsType", S), 7: ("fieldsV1", FIELDS), 8: ("subresource", S)},
    "OwnerReference": {1: ("kind", S), 3: ("name", S), 4: ("uid", S), 5: ("apiVersion", S), 6: ("controller", B),
                       7: ("blockOwnerDeletion", B)},
    "LabelSelector": {1: ("matchLabels", "map:string"), 2: ("matchExpressions", "[]LabelSelectorRequirement")},
    "LabelSelectorRequirement": {1: ("key", S), 2: ("operator", S), 3: ("values", "[]string")},
    "DeleteOptions": {1: ("gracePeriodSeconds", I), 2: ("preconditions", "Preconditions"),
                      3: ("orphanDependents", B), 4: ("propagationPolicy", S), 5: ("dryRun", "[]string")},
    "Preconditions": {1: ("uid", S), 2: ("resourceVersion", S)},
    # core/v1
    "Namespace": {1: ("metadata", "ObjectMeta"), 2: ("spec", "NamespaceSpec"), 3: ("status", "Empty")},
    "NamespaceSpec": {1: ("finalizers", "[]string")},
    "ConfigMap": {1: ("metadata", "ObjectMeta"), 2: ("data", "map:string"), 3: ("binaryData", "map:bytes"),
                  4: ("immutable", B)},
    "Secret": {1: ("metadata", "ObjectMeta"), 2: ("data", "map:bytes"), 3: ("type", S), 4: ("stringData", "map:string"),
               5: ("immutable", B)},
    "ServiceAccount": {1: ("metadata", "ObjectMeta"), 2: ("secrets", "[]ObjectReference"),
                       3: ("imagePullSecrets", "[]LocalObjectReference"), 4: ("automountServiceAccountToken", B)},
    "ObjectReference": {1: ("kind", S), 2: ("namespace", S), 3: ("name", S), 4: ("uid", S), 5: ("apiVersion", S),
                        6: ("resourceVersion", S), 7: ("fieldPath", S)},
    "LocalObjectReference": {1: ("name", S)},
    "Pod": {1: ("metadata", "ObjectMeta"), 2: ("spec", "PodSpec"), 3: ("status", "Empty")},
    "PodTemplateSpec": {1: ("metadata", "ObjectMeta"), 2: ("spec", "PodSpec")},
    "PodSpec": {1: ("volumes", "[]Volume"), 2: ("containers", "[]Container"), 3: ("restartPolicy", S),
                4: ("terminationGracePeriodSeconds", I), 5: ("activeDeadlineSeconds", I), 6: ("dnsPolicy", S),
                7: ("nodeSelector", "map:string"), 8: ("serviceAccountName", S), 9: ("serviceAccount", S),
                10: ("nodeName", S), 11: ("hostNetwork", B), 12: ("hostPID", B), 13: ("hostIPC", B),
                14: ("securityContext", OPAQUE), 15: ("imagePullSecrets", "[]LocalObjectReference"),
                16: ("hostname", S), 17: ("subdomain", S), 19: ("schedulerName", S),
                20: ("initContainers", "[]Container"), 22: ("tolerations", "[]Toleration"),
                24: ("priorityClassName", S), 25: ("priority", I), 27: ("shareProcessNamespace", B),
                30: ("enableServiceLinks", B), 31: ("preemptionPolicy", S)},
    "Container": {1: ("name", S), 2: ("image", S), 3: ("command", "[]string"), 4: ("args", "[]string"),
                  5: ("workingDir", S), 6: ("ports", "[]ContainerPort"), 7: ("env", "[]EnvVar"),
                  8: ("resources", "ResourceRequirements"), 9: ("volumeMounts", "[]VolumeMount"),
                  10: ("livenessProbe", "Probe"), 11: ("readinessProbe", "Probe"), 12: ("lifecycle", "Lifecycle"),
                  13: ("terminationMessagePath", S), 14: ("imagePullPolicy", S),
                  15: ("securityContext", "SecurityContext"), 16: ("stdin", B),
                  17: ("stdinOnce", B), 18: ("tty", B), 19: ("envFrom", "[]EnvFromSource"),
                  20: ("terminationMessagePolicy", S), 22: ("startupProbe", "Probe"), 24: ("restartPolicy", S)},
    "Probe": {1: (INLINE, "ProbeHandler"), 2: ("initialDelaySeconds", I), 3: ("timeoutSeconds", I),
              4: ("periodSeconds", I), 5: ("successThreshold", I), 6: ("failureThreshold", I),
              7: ("terminationGracePeriodSeconds", I)},
    "ProbeHandler": {1: ("exec", "ExecAction"), 2: ("httpGet", "HTTPGetAction"), 3: ("tcpSocket", "TCPSocketAction"),
                     4: ("grpc", "GRPCAction")},
    "ExecAction": {1: ("command", "[]string")},
    "HTTPGetAction": {1: ("path", S), 2: ("port", INTSTR), 3: ("host", S), 4: ("scheme", S),
                      5: ("httpHeaders", "[]HTTPHeader")},
    "HTTPHeader": {1: ("name", S), 2: ("value", S)},
    "TCPSocketAction": {1: ("port", INTSTR), 2: ("host", S)},
    "GRPCAction": {1: ("port", I), 2: ("service", S)},
    "Lifecycle": {1: ("postStart", "LifecycleHandler"), 2: ("preStop", "LifecycleHandler"), 3: ("stopSignal", S)},
    "LifecycleHandler": {1: ("exec", "ExecAction"), 2: ("httpGet", "HTTPGetAction"),
                         3: ("tcpSocket", "TCPSocketAction"), 4: ("sleep", "SleepAction")},
    "SleepAction": {1: ("seconds", I)},
    "EnvFromSource": {1: ("prefix", S), 2: ("configMapRef", "EnvSourceRef"), 3: ("secretRef", "EnvSourceRef")},
    "EnvSourceRef": {1: (INLINE, "LocalObjectReference"), 2: ("optional", B)},
    "ContainerPort": {1: ("name", S), 2: ("hostPort", I), 3: ("containerPort", I), 4: ("protocol", S),
                      5: ("hostIP", S)},
    "EnvVar": {1: ("name", S), 2: ("value", S), 3: ("valueFrom", "EnvVarSource")},
    "EnvVarSource": {1: ("fieldRef", "ObjectFieldSelector"), 2: ("resourceFieldRef", "ResourceFieldSelector"),
                     3: ("configMapKeyRef", "KeySelector"), 4: ("secretKeyRef", "KeySelector")},
    "ResourceFieldSelector": {1: ("containerName", S), 2: ("resource", S), 3: ("divisor", QTY)},
    "KeySelector": {1: (INLINE, "LocalObjectReference"), 2: ("key", S), 3: ("optional", B)},
    "ResourceRequirements": {1: ("limits", "map:Quantity"), 2: ("requests", "map:Quantity")},
    "VolumeMount": {1: ("name", S), 2: ("readOnly", B), 3: ("mountPath", S), 4: ("subPath", S)},
    "Volume": {1: ("name", S), 2: (INLINE, "VolumeSource")},
    "VolumeSource": {1: ("hostPath", "HostPathVolumeSource"), 2: ("emptyDir", "EmptyDirVolumeSource"),
                     6: ("secret", "SecretVolumeSource"), 10: ("persistentVolumeClaim", "PVCVolumeSource"),
                     16: ("downwardAPI", "DownwardAPIVolumeSource"), 19: ("configMap", "ConfigMapVolumeSource"),
                     26: ("projected", "ProjectedVolumeSource")},
    "SecretVolumeSource": {1: ("secretName", S), 2: ("items", "[]KeyToPath"), 3: ("defaultMode", I), 4: ("optional", B)},
    "ConfigMapVolumeSource": {1: (INLINE, "LocalObjectReference"), 2: ("items", "[]KeyToPath"), 3: ("defaultMode", I),
                              4: ("optional", B)},
    "PVCVolumeSource": {1: ("claimName", S), 2: ("readOnly", B)},
    "KeyToPath": {1: ("key", S), 2: ("path", S), 3: ("mode", I)},
    "DownwardAPIVolumeSource": {1: ("items", "[]DownwardAPIVolumeFile"), 2: ("defaultMode", I)},
    "DownwardAPIVolumeFile": {1: ("path", S), 2: ("fieldRef", "ObjectFieldSelector"), 4: ("mode", I)},
    "ObjectFieldSelector": {1: ("apiVersion", S), 2: ("fieldPath", S)},
    "ProjectedVolumeSource": {1: ("sources", "[]VolumeProjection"), 2: ("defaultMode", I)},
    "VolumeProjection": {1: ("secret", "KeyProjection"), 2: ("downwardAPI", "DownwardAPIProjection"),
                         3: ("configMap", "KeyProjection"), 4: ("serviceAccountToken", "ServiceAccountTokenProjection")},
    "KeyProjection": {1: (INLINE, "LocalObjectReference"), 2: ("items", "[]KeyToPath"), 4: ("optional", B)},
    "DownwardAPIProjection": {1: ("items", "[]DownwardAPIVolumeFile")},
    "ServiceAccountTokenProjection": {1: ("audience", S), 2: ("expirationSeconds", I), 3: ("path", S)},
    "HostPathVolumeSource": {1: ("path", S), 2: ("type", S)},
    "EmptyDirVolumeSource": {1: ("medium", S), 2: ("sizeLimit", QTY)},
    "SecurityContext": {1: ("capabilities", "Capabilities"), 2: ("privileged", B), 4: ("runAsUser", I),
                        5: ("runAsNonRoot", B), 6: ("readOnlyRootFilesystem", B), 7: ("allowPrivilegeEscalation", B),
                        8: ("runAsGroup", I), 9: ("procMount", S), 11: ("seccompProfile", "SeccompProfile")},
    "SeccompProfile": {1: ("type", S), 2: ("localhostProfile", S)},
    "Capabilities": {1: ("add", "[]string"), 2: ("drop", "[]string")},
    "Toleration": {1: ("key", S), 2: ("operator", S), 3: ("value", S), 4: ("effect", S),
                   5: ("tolerationSeconds", I)},
    "Service": {1: ("metadata", "ObjectMeta"), 2: ("spec", "ServiceSpec"), 3: ("status", "Empty")},
    "ServiceSpec": {1: ("ports", "[]ServicePort"), 2: ("selector", "map:string"), 3: ("clusterIP", S), 4: ("type", S),
                    5: ("externalIPs", "[]string"), 7: ("sessionAffinity", S), 8: ("loadBalancerIP", S),
                    9: ("loadBalancerSourceRanges", "[]string"), 10: ("externalName", S),
                    11: ("externalTrafficPolicy", S), 12: ("healthCheckNodePort", I),
                    13: ("publishNotReadyAddresses", B), 18: ("clusterIPs", "[]string")},
    "ServicePort": {1: ("name", S), 2: ("protocol", S), 3: ("port", I), 4: ("targetPort", INTSTR),
                    5: ("nodePort", I), 6: ("appProtocol", S)},
    "ResourceQuota": {1: ("metadata", "ObjectMeta"), 2: ("spec", "ResourceQuotaSpec"), 3: ("status", "Empty")},
    "ResourceQuotaSpec": {1: ("hard", "map:Quantity"), 2: ("scopes", "[]string")},
    # apps/v1
    "Deployment": {1: ("metadata", "ObjectMeta"), 2: ("spec", "DeploymentSpec"), 3: ("status", "Empty")},
    "DeploymentSpec": {1: ("replicas", I), 2: ("selector", "LabelSelector"), 3: ("template", "PodTemplateSpec"),
                       4: ("strategy", "DeploymentStrategy"), 5: ("minReadySeconds", I),
                       6: ("revisionHistoryLimit", I), 7: ("paused", B), 9: ("progressDeadlineSeconds", I)},
    "DeploymentStrategy": {1: ("type", S)},
    # batch/v1
    "Job": {1: ("metadata", "ObjectMeta"), 2: ("spec", "JobSpec"), 3: ("status", "Empty")},
    "JobSpec": {1: ("parallelism", I), 2: ("completions", I), 3: ("activeDeadlineSeconds", I),
                4: ("selector", "LabelSelector"), 5: ("manualSelector", B), 6: ("template", "PodTemplateSpec"),
                7: ("backoffLimit", I), 8: ("ttlSecondsAfterFinished", I), 9: ("completionMode", S),
                10: ("suspend", B)},
    "CronJob": {1: ("metadata", "ObjectMeta"), 2: ("spec", "CronJobSpec"), 3: ("status", "Empty")},
    "CronJobSpec": {1: ("schedule", S), 2: ("startingDeadlineSeconds", I), 3: ("concurrencyPolicy", S),
                    4: ("suspend", B), 5: ("jobTemplate", "JobTemplateSpec"), 6: ("successfulJobsHistoryLimit", I),
                    7: ("failedJobsHistoryLimit", I), 8: ("timeZone", S)},
    "JobTemplateSpec": {1: ("metadata", "ObjectMeta"), 2: ("spec", "JobSpec")},
    # policy/v1, scheduling/v1, autoscaling/v1
    "Eviction": {1: ("metadata", "ObjectMeta"), 2: ("deleteOptions", "DeleteOptions")},
    "PodDisruptionBudget": {1: ("metadata", "ObjectMeta"), 2: ("spec", "PodDisruptionBudgetSpec"),
                            3: ("status", "Empty")},
    "PodDisruptionBudgetSpec": {1: ("minAvailable", INTSTR), 2: ("selector", "LabelSelector"),
                                3: ("maxUnavailable", INTSTR), 4: ("unhealthyPodEvictionPolicy", S)},
    "PriorityClass": {1: ("metadata", "ObjectMeta"), 2: ("value", I), 3: ("globalDefault", B), 4: ("description", S),
                      5: ("preemptionPolicy", S)},
    "Scale": {1: ("metadata", "ObjectMeta"), 2: ("spec", "ScaleSpec"), 3: ("status", "Empty")},
    "ScaleSpec": {1: ("replicas", I)},
    # autoscaling/v2 (kubectl autoscale's typed client), and autoscaling/v1's own messages (suffix V1)
    "HorizontalPodAutoscaler": {1: ("metadata", "ObjectMeta"), 2: ("spec", "HorizontalPodAutoscalerSpec"),
                                3: ("status", "Empty")},
    "HorizontalPodAutoscalerSpec": {1: ("scaleTargetRef", "CrossVersionObjectReference"), 2: ("minReplicas", I),
                                    3: ("maxReplicas", I), 4: ("metrics", "[]MetricSpec"),
                                    5: ("behavior", "HorizontalPodAutoscalerBehavior")},
    "CrossVersionObjectReference": {1: ("kind", S), 2: ("name", S), 3: ("apiVersion", S)},
    "MetricSpec": {1: ("type", S), 2: ("object", "ObjectMetricSource"), 3: ("pods", "PodsMetricSource"),
                   4: ("resource", "ResourceMetricSource"), 5: ("external", "ExternalMetricSource"),
                   7: ("containerResource", "ContainerResourceMetricSource")},
    "MetricTarget": {1: ("type", S), 2: ("value", QTY), 3: ("averageValue", QTY), 4: ("averageUtilization", I)},
    "MetricIdentifier": {1: ("name", S), 2: ("selector", "LabelSelector")},
    "ResourceMetricSource": {1: ("name", S), 2: ("target", "MetricTarget")},
    "ContainerResourceMetricSource": {1: ("name", S), 2: ("target", "MetricTarget"), 3: ("container", S)},
    "PodsMetricSource": {1: ("metric", "MetricIdentifier"), 2: ("target", "MetricTarget")},
    "ObjectMetricSource": {1: ("describedObject", "CrossVersionObjectReference"), 2: ("target", "MetricTarget"),
                           3: ("metric", "MetricIdentifier")},
    "ExternalMetricSource": {1: ("metric", "MetricIdentifier"), 2: ("target", "MetricTarget")},
    "HorizontalPodAutoscalerBehavior": {1: ("scaleUp", "HPAScalingRules"), 2: ("scaleDown", "HPAScalingRules")},
    "HPAScalingRules": {1: ("selectPolicy", S), 2: ("policies", "[]HPAScalingPolicy"),
                        3: ("stabilizationWindowSeconds", I), 4: ("tolerance", QTY)},
    "HPAScalingPolicy": {1: ("type", S), 2: ("value", I), 3: ("periodSeconds", I)},
    "HorizontalPodAutoscalerV1": {1: ("metadata", "ObjectMeta"), 2: ("spec", "HorizontalPodAutoscalerSpecV1"),
                                  3: ("status", "Empty")},
    "HorizontalPodAutoscalerSpecV1": {1: ("scaleTargetRef", "CrossVersionObjectReference"), 2: ("minReplicas", I),
                                      3: ("maxReplicas", I), 4: ("targetCPUUtilizationPercentage", I)},
    # rbac.authorization.k8s.io/v1
    "PolicyRule": {1: ("verbs", "[]string"), 2: ("apiGroups", "[]string"), 3: ("resources", "[]string"),
                   4: ("resourceNames", "[]string"), 5: ("nonResourceURLs", "[]string")},
    "AggregationRule": {1: ("clusterRoleSelectors", "[]LabelSelector")},
    "Role": {1: ("metadata", "ObjectMeta"), 2: ("rules", "[]PolicyRule")},
    "ClusterRole": {1: ("metadata", "ObjectMeta"), 2: ("rules", "[]PolicyRule"), 3: ("aggregationRule", "AggregationRule")},
    "Subject": {1: ("kind", S), 2: ("apiGroup", S), 3: ("name", S), 4: ("namespace", S)},
    "RoleRef": {1: ("apiGroup", S), 2: ("kind", S), 3: ("name", S)},
    "RoleBinding": {1: ("metadata", "ObjectMeta"), 2: ("subjects", "[]Subject"), 3: ("roleRef", "RoleRef")},
    "ClusterRoleBinding": {1: ("metadata", "ObjectMeta"), 2: ("subjects", "[]Subject"), 3: ("roleRef", "RoleRef")},
    # authorization.k8s.io/v1, authentication.k8s.io/v1: the reviews `kubectl auth` sends
    "SelfSubjectAccessReview": {1: ("metadata", "ObjectMeta"), 2: ("spec", "SelfSubjectAccessReviewSpec"),
                                3: ("status", "Empty")},
    "SelfSubjectAccessReviewSpec": {1: ("resourceAttributes", "ResourceAttributes"),
                                    2: ("nonResourceAttributes", "NonResourceAttributes")},
    "ResourceAttributes": {1: ("namespace", S), 2: ("verb", S), 3: ("group", S), 4: ("version", S),
                           5: ("resource", S), 6: ("subresource", S), 7: ("name", S)},
    "NonResourceAttributes": {1: ("path", S), 2: ("verb", S)},
    "SelfSubjectRulesReview": {1: ("metadata", "ObjectMeta"), 2: ("spec", "SelfSubjectRulesReviewSpec"),
                               3: ("status", "Empty")},
    "SelfSubjectRulesReviewSpec": {1: ("namespace", S)},
    "SelfSubjectReview": {1: ("metadata", "ObjectMeta"), 2: ("status", "Empty")},
    # authentication.k8s.io/v1
    "TokenRequest": {1: ("metadata", "ObjectMeta"), 2: ("spec", "TokenRequestSpec"), 3: ("status", "Empty")},
    "TokenRequestSpec": {1: ("audiences", "[]string"), 3: ("boundObjectRef", "BoundObjectReference"),
                         4: ("expirationSeconds", I)},
    "BoundObjectReference": {1: ("kind", S), 2: ("apiVersion", S), 3: ("name", S), 4: ("uid", S)},
    # certificates/v1
    "CertificateSigningRequest": {1: ("metadata", "ObjectMeta"), 2: ("spec", "CertificateSigningRequestSpec"),
                                  3: ("status", "CertificateSigningRequestStatus")},
    "CertificateSigningRequestSpec": {1: ("request", BYTES), 2: ("username", S), 3: ("uid", S),
                                      4: ("groups", "[]string"), 5: ("usages", "[]string"), 6: ("extra", OPAQUE),
                                      7: ("signerName", S), 8: ("expirationSeconds", I)},
    "CertificateSigningRequestStatus": {1: ("conditions", "[]CertificateSigningRequestCondition"),
                                        2: ("certificate", BYTES)},
    "CertificateSigningRequestCondition": {1: ("type", S), 2: ("reason", S), 3: ("message", S),
                                           4: ("lastUpdateTime", TIME), 5: ("lastTransitionTime", TIME),
                                           6: ("status", S)},
    # networking.k8s.io/v1
    "Ingress": {1: ("metadata", "ObjectMeta"), 2: ("spec", "IngressSpec"), 3: ("status", "Empty")},
    "IngressSpec": {1: ("defaultBackend", "IngressBackend"), 2: ("tls", "[]IngressTLS"),
                    3: ("rules", "[]IngressRule"), 4: ("ingressClassName", S)},
    "IngressBackend": {3: ("resource", "TypedLocalObjectReference"), 4: ("service", "IngressServiceBackend")},
    "TypedLocalObjectReference": {1: ("apiGroup", S), 2: ("kind", S), 3: ("name", S)},
    "IngressServiceBackend": {1: ("name", S), 2: ("port", "ServiceBackendPort")},
    "ServiceBackendPort": {1: ("name", S), 2: ("number", I)},
    "IngressTLS": {1: ("hosts", "[]string"), 2: ("secretName", S)},
    "IngressRule": {1: ("host", S), 2: (INLINE, "IngressRuleValue")},
    "IngressRuleValue": {1: ("http", "HTTPIngressRuleValue")},
    "HTTPIngressRuleValue": {1: ("paths", "[]HTTPIngressPath")},
    "HTTPIngressPath": {1: ("path", S), 2: ("backend", "IngressBackend"), 3: ("pathType", S)},
    "Empty": {},
}
"""Message -> field number -> (JSON name, type). Types: a message, `[]T` repeated, `map:T` a
string-keyed map, or string/int/bool/bytes and the special Time, Quantity, IntOrString."""

KINDS = {"Namespace", "ConfigMap", "Secret", "ServiceAccount", "Pod", "Service", "ResourceQuota", "Deployment",
         "Job", "CronJob", "Eviction", "PodDisruptionBudget", "PriorityClass", "Scale", "DeleteOptions",
         "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "SelfSubjectAccessReview",
         "SelfSubjectRulesReview", "SelfSubjectReview", "TokenRequest",
         "CertificateSigningRequest", "Ingress", "HorizontalPodAutoscaler"}

MESSAGE_OF = {("autoscaling/v1", "HorizontalPodAutoscaler"): "HorizontalPodAutoscalerV1"}
"""(apiVersion, kind) -> message, where versions of a kind differ in their messages."""


KEEPS_STATUS = {"CertificateSigningRequest", "Ingress"}
"""Kinds whose status a client sends (a CSR's approval conditions, through `/approval`)."""

ALWAYS_KEEP = {"replicas", "minReplicas", "stabilizationWindowSeconds", "value", "minAvailable", "maxUnavailable",
               "port", "containerPort", "shareProcessNamespace",
               "enableServiceLinks", "privileged", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
               "allowPrivilegeEscalation"}
"""Fields whose zero value means something (`--replicas=0`); other zero values were left unset."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 70:
            raise ValueError("varint too long")


def _fields(data: bytes):
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 2:
            length, pos = _varint(data, pos)
            if pos + length > len(data):
                raise ValueError("truncated field")
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        yield number, wire, value


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _scalar(kind: str, wire: int, value):
    if kind == S:
        return bytes(value).decode("utf-8")
    if kind == BYTES:
        return base64.b64encode(bytes(value)).decode()
    if kind == I:
        return _signed(value)
    if kind == B:
        return bool(value)
    if kind == OPAQUE:
        if value:
            raise Unsupported("a field kubetui does not read")
        return None
    if kind == TIME:
        seconds = dict((n, v) for n, _, v in _fields(value)).get(1, 0)
        if not seconds:
            return None
        return datetime.datetime.fromtimestamp(_signed(seconds), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind == QTY:
        return bytes(dict((n, v) for n, _, v in _fields(value)).get(1, b"")).decode()
    if kind == FIELDS:
        return json.loads(bytes(dict((n, v) for n, _, v in _fields(value)).get(1, b"{}")))
    if kind == INTSTR:
        f = {n: v for n, _, v in _fields(value)}
        return bytes(f.get(3, b"")).decode() if f.get(1, 0) == 1 else _signed(f.get(2, 0))
    return decode_message(kind, value)


def _map_entry(value_kind: str, data: bytes) -> tuple[str, object]:
    key, val = "", None
    for n, wire, v in _fields(data):
        if n == 1:
            key = bytes(v).decode()
        elif n == 2:
            val = _scalar(value_kind, wire, v)
    if val is None:
        val = "" if value_kind in (S, BYTES) else None
    return key, val


def decode_message(name: str, data: bytes) -> dict:
    schema = M.get(name)
    if schema is None:
        raise Unsupported(name)
    out: dict = {}
    for number, wire, value in _fields(data):
        entry = schema.get(number)
        if entry is None:
            if name in ("Container", "PodSpec", "ServiceSpec", "ObjectMeta", "Volume", "VolumeSource",
                        "SecurityContext", "VolumeProjection", "DownwardAPIVolumeFile", "EnvVar", "EnvVarSource",
                        "Probe", "ProbeHandler", "Lifecycle", "LifecycleHandler"):
                raise Unsupported(f"{name} field {number}")
            continue
        field, kind = entry
        if kind.startswith("[]"):
            out.setdefault(field, []).append(_scalar(kind[2:], wire, value))
        elif kind.startswith("map:"):
            k, v = _map_entry(kind[4:], value)
            out.setdefault(field, {})[k] = v
        elif field == INLINE:
            out.update(_scalar(kind, wire, value))
        else:
            out[field] = _scalar(kind, wire, value)
    return _prune(out)


def _prune(obj: dict) -> dict:
    """Go's protobuf encoding writes every non-pointer field, zero or not; JSON leaves them out."""
    return {k: v for k, v in obj.items() if v is not None and (
            k in ALWAYS_KEEP and v != "" or not (v == "" or v is False or v == 0 or v == {} or v == [])
            or k in ("metadata", "spec", "data") and v == {})}


def to_json(body: bytes) -> dict:
    """The object a protobuf request body holds; raises Unsupported or ValueError."""
    if not body.startswith(MAGIC):
        raise ValueError("the body does not start with the protobuf magic number")
    unknown = decode_message("Unknown", body[len(MAGIC):])
    type_meta = unknown.get("typeMeta") or {}
    kind = type_meta.get("kind", "")
    if kind not in KINDS:
        raise Unsupported(kind or "an object without a kind")
    message = MESSAGE_OF.get((type_meta.get("apiVersion", ""), kind), kind)
    obj = decode_message(message, base64.b64decode(unknown.get("raw", "")))
    if kind not in KEEPS_STATUS:
        obj.pop("status", None)
    out = {"apiVersion": type_meta.get("apiVersion", ""), "kind": kind, **obj}
    if not out["apiVersion"]:
        out.pop("apiVersion")
    return out
