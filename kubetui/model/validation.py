"""The API server's front door: decode strictly, fill defaults, validate, in Kubernetes' words.

`validate(obj)` returns a new plain dict (camelCase, no None) ready for the store, or raises:
- `NoKindMatch`    kubectl cannot map apiVersion/kind (client side, before any request);
- `DecodeError`    400 BadRequest: unknown fields, wrong JSON types, malformed quantities;
- `FieldInvalid`   422 Invalid: the object decodes but breaks a validation rule.
Defaults follow Kubernetes' defaults.go (and the few the registry adds on create), so a
manifest read back with `kubectl get -o yaml` looks as on a real cluster.
"""

from __future__ import annotations

import json
import re
import types
import typing
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ValidationError
from pydantic.functional_validators import PlainValidator

from . import apps, autoscaling, batch, coordination, core, discovery, networking, policy, scheduling, storage
from .errors import ObjectInvalid
from .kinds import KINDS, Kind
from .labels import LABEL_SELECTOR_OPERATORS, from_map, selector_matches
from .meta import _int_or_string, _quantity
from .quantity import parse_quantity, quantity_text

MODELS: dict[str, type[BaseModel]] = {
    "Namespace": core.Namespace,
    "Node": core.Node,
    "Pod": core.Pod,
    "Service": core.Service,
    "Endpoints": core.Endpoints,
    "ConfigMap": core.ConfigMap,
    "Secret": core.Secret,
    "ServiceAccount": core.ServiceAccount,
    "Event": core.Event,
    "ResourceQuota": core.ResourceQuota,
    "LimitRange": core.LimitRange,
    "PersistentVolume": core.PersistentVolume,
    "PersistentVolumeClaim": core.PersistentVolumeClaim,
    "ReplicationController": core.ReplicationController,
    "ReplicaSet": apps.ReplicaSet,
    "Deployment": apps.Deployment,
    "DaemonSet": apps.DaemonSet,
    "StatefulSet": apps.StatefulSet,
    "ControllerRevision": apps.ControllerRevision,
    "Job": batch.Job,
    "CronJob": batch.CronJob,
    "HorizontalPodAutoscaler": autoscaling.HorizontalPodAutoscaler,
    "NetworkPolicy": networking.NetworkPolicy,
    "PodDisruptionBudget": policy.PodDisruptionBudget,
    "PriorityClass": scheduling.PriorityClass,
    "StorageClass": storage.StorageClass,
    "Lease": coordination.Lease,
    "EndpointSlice": discovery.EndpointSlice,
}


# --- errors ------------------------------------------------------------------------------------

class NoKindMatch(ObjectInvalid):
    """kubectl found no resource for apiVersion/kind; printed as `error: resource mapping ...`."""

    def __init__(self, kind: str, api_version: str, name: str = "", namespace: str = "",
                 source: str = "STDIN"):
        self.kind, self.api_version, self.name, self.namespace = kind, api_version, name, namespace
        self.source = source
        super().__init__(self._text(source), reason="NotFound", raw=True)

    def _text(self, source: str) -> str:
        return (
            f'error: resource mapping not found for name: "{self.name}" namespace: '
            f'"{self.namespace}" from "{source}": no matches for kind "{self.kind}" in version '
            f'"{self.api_version}"\nensure CRDs are installed first'
        )

    def in_file(self, source: str, verb: str = "creating") -> str:
        return self._text(source)


class UndecodableObject(ObjectInvalid):
    """A document kubectl cannot even turn into an object (no kind, no apiVersion)."""

    def __init__(self, detail: str, source: str = "STDIN"):
        self.detail = detail
        super().__init__(f'error: unable to decode "{source}": {detail}', reason="BadRequest",
                         raw=True)

    def in_file(self, source: str, verb: str = "creating") -> str:
        return f'error: unable to decode "{source}": {self.detail}'


class DecodeError(ObjectInvalid):
    """400 BadRequest: `Deployment in version "v1" cannot be handled as a Deployment: ...`.

    `message` is the server's text; kubectl prefixes `error when creating "<file>": `, which
    `in_file()` adds. `paths` are the offending fields (`spec.replica`) for file:line hints.
    """

    def __init__(self, kind: str, version: str, detail: str, paths: list[str]):
        self.kind, self.version, self.detail, self.paths = kind, version, detail, paths
        super().__init__(
            f'{kind} in version "{version}" cannot be handled as a {kind}: {detail}',
            reason="BadRequest",
        )

    def in_file(self, source: str, verb: str = "creating") -> str:
        return f'Error from server (BadRequest): error when {verb} "{source}": {self.message}'


class FieldInvalid(ObjectInvalid):
    """422 Invalid. `str()` is what kubectl prints (`The Deployment "web" is invalid: ...`).

    `causes` are (field, message) pairs as in the Status details; `server_message` is the
    Status message (`Deployment.apps "web" is invalid: [a, b]`), which kubectl shows when it
    reports several failed objects together.
    """

    def __init__(self, kind: Kind, name: str, causes: list[tuple[str, str]]):
        self.kind, self.name, self.causes = kind, name, causes
        qualified = f"{kind.kind}.{kind.group}" if kind.group else kind.kind
        lines = [f"{f}: {m}" if f else m for f, m in causes]
        body = lines[0] if len(lines) == 1 else "[" + ", ".join(lines) + "]"
        self.server_message = f'{qualified} "{name}" is invalid: {body}'
        head = f'The {kind.kind} "{name}" is invalid: '
        if len(lines) == 1:
            text = head + lines[0]
        else:
            text = head + "\n" + "\n".join(f"* {line}" for line in lines)
        super().__init__(text, reason="Invalid", raw=True)

    @property
    def paths(self) -> list[str]:
        return [f for f, _ in self.causes]

    def in_file(self, source: str, verb: str = "creating") -> str:
        return self.message


# --- decoding: pydantic errors -> Go's JSON decoder messages -----------------------------------

_SPECIAL = {_int_or_string: "intstr.IntOrString", _quantity: "resource.Quantity"}


def _unwrap(ann: Any) -> tuple[Any, str | None]:
    """Strip Optional/Annotated; also report a custom Go type (IntOrString, Quantity)."""
    special = None
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            for meta in ann.__metadata__:
                if isinstance(meta, PlainValidator) and meta.func in _SPECIAL:
                    special = _SPECIAL[meta.func]
                elif isinstance(meta, PlainValidator):
                    special = "interface {}"
            ann = typing.get_args(ann)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            ann = args[0] if len(args) == 1 else ann
            if len(args) == 1:
                continue
        return ann, special


def _field(cls: type[BaseModel], name: str):
    for py, info in cls.model_fields.items():
        if (info.alias or py) == name or py == name:
            ann = info.annotation
            special = None
            for meta in info.metadata:
                if isinstance(meta, PlainValidator):
                    special = _SPECIAL.get(meta.func, "interface {}")
            return info.alias or py, ann, special
    return None


def _go_type(ann: Any, special: str | None, int_type: str) -> str:
    if special:
        return special
    ann, special = _unwrap(ann)
    if special:
        return special
    origin = typing.get_origin(ann)
    if origin is list:
        return "[]" + _go_type(typing.get_args(ann)[0], None, int_type)
    if origin is dict:
        return "map[string]" + _go_type(typing.get_args(ann)[1], None, int_type)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return f"{getattr(ann, 'go_package', 'v1')}.{ann.__name__}"
    return {str: "string", bool: "bool", int: int_type, float: "float64"}.get(ann, "interface {}")


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _type_error(root: type[BaseModel], loc: tuple, value: Any) -> str:
    """`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type
    int32`: the innermost struct, the JSON path without indices or map keys, the Go type."""
    struct = root.__name__
    names: list[str] = []
    ann: Any = root
    special: str | None = None
    int_type = "int32"
    for part in loc:
        base, _ = _unwrap(ann)
        origin = typing.get_origin(base)
        if origin is list and isinstance(part, int):
            ann, special = typing.get_args(base)[0], None
            continue
        if origin is dict:
            ann, special = typing.get_args(base)[1], None
            continue
        if isinstance(base, type) and issubclass(base, BaseModel):
            found = _field(base, str(part))
            if found is None:
                break
            name, ann, special = found
            struct = base.__name__
            int_type = getattr(base, "go_types", {}).get(name, "int32")
            names.append(name)
            continue
        break
    go = _go_type(ann, special, int_type)
    kind = _json_kind(value)
    if isinstance(value, float) and not isinstance(value, bool) and go.startswith("int"):
        kind = f"number {quantity_text(value)}"
    return f"json: cannot unmarshal {kind} into Go struct field {struct}.{'.'.join(names)} of type {go}"


def _sort_key(loc: tuple) -> tuple:
    """Go marshals maps with sorted keys, so the decoder meets fields in that order."""
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in loc)


def decode(kind: str, version: str, model: type[BaseModel], obj: dict) -> BaseModel:
    """Strict decode like the API server: a type error wins; else all unknown fields at once."""
    try:
        return model.model_validate(obj)
    except ValidationError as e:
        errors = sorted(e.errors(include_url=False, include_context=False),
                        key=lambda err: _sort_key(err["loc"]))
    unknown = [err for err in errors if err["type"] == "extra_forbidden"]
    fatal = [err for err in errors if err["type"] != "extra_forbidden"]
    if fatal:
        err = fatal[0]
        if err["type"] in ("quantity", "base64"):
            detail = err["msg"]
        else:
            detail = _type_error(model, tuple(err["loc"]), err["input"])
        raise DecodeError(kind, version, detail, [_dotted(err["loc"])])
    paths = [_dotted(err["loc"]) for err in unknown]
    detail = "strict decoding error: " + ", ".join(f'unknown field "{p}"' for p in paths)
    raise DecodeError(kind, version, detail, paths)


# --- defaults (pkg/apis/*/v1/defaults.go, plus what the registry sets on create) ---------------

def _image_pull_policy(image: str) -> str:
    """`Always` for `:latest` or an untagged image without digest, else `IfNotPresent`."""
    if "@" in image:
        return "IfNotPresent"
    last = image.rsplit("/", 1)[-1]
    tag = last.rsplit(":", 1)[1] if ":" in last else "latest"
    return "Always" if tag == "latest" else "IfNotPresent"


def _default_http_get(action: dict | None) -> None:
    if action is not None:
        action.setdefault("path", "/")
        action.setdefault("scheme", "HTTP")


def _default_probe(probe: dict | None) -> None:
    if probe is None:
        return
    probe.setdefault("timeoutSeconds", 1)
    probe.setdefault("periodSeconds", 10)
    probe.setdefault("successThreshold", 1)
    probe.setdefault("failureThreshold", 3)
    _default_http_get(probe.get("httpGet"))


def _default_field_refs(source: dict | None) -> None:
    if not source:
        return
    if source.get("fieldRef") is not None:
        source["fieldRef"].setdefault("apiVersion", "v1")
    if source.get("resourceFieldRef") is not None:
        source["resourceFieldRef"].setdefault("divisor", "0")


def _default_container(c: dict) -> None:
    c.setdefault("imagePullPolicy", _image_pull_policy(c.get("image", "")))
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    c.setdefault("resources", {})
    for port in c.get("ports", ()):
        port.setdefault("protocol", "TCP")
    for env in c.get("env", ()):
        _default_field_refs(env.get("valueFrom"))
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        _default_probe(c.get(probe))
    for hook in (c.get("lifecycle") or {}).values():
        if isinstance(hook, dict):
            _default_http_get(hook.get("httpGet"))


_VOLUME_SOURCES = (
    "hostPath", "emptyDir", "secret", "nfs", "persistentVolumeClaim", "downwardAPI",
    "configMap", "projected", "csi", "ephemeral",
)


def _default_volume(v: dict) -> None:
    if not any(k in v for k in _VOLUME_SOURCES):
        v["emptyDir"] = {}
    if "hostPath" in v:
        v["hostPath"].setdefault("type", "")
    for key in ("configMap", "secret", "downwardAPI", "projected"):
        if key in v:
            v[key].setdefault("defaultMode", 420)
    for item in v.get("downwardAPI", {}).get("items", ()):
        _default_field_refs(item)
    for source in v.get("projected", {}).get("sources", ()):
        for item in source.get("downwardAPI", {}).get("items", ()):
            _default_field_refs(item)
        if "serviceAccountToken" in source:
            source["serviceAccountToken"].setdefault("expirationSeconds", 3600)
    template = v.get("ephemeral", {}).get("volumeClaimTemplate")
    if template and "spec" in template:
        template["spec"].setdefault("volumeMode", "Filesystem")


def default_pod_spec(spec: dict, *, pod: bool = False) -> None:
    """Pod spec defaults; `pod` adds those that only a Pod (not a template) receives."""
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    for c in (*spec.get("initContainers", ()), *spec.get("containers", ())):
        _default_container(c)
    for v in spec.get("volumes", ()):
        _default_volume(v)
    if not pod:
        return
    spec.setdefault("enableServiceLinks", True)
    for c in (*spec.get("initContainers", ()), *spec.get("containers", ())):
        resources = c["resources"]
        limits = resources.get("limits")
        if limits:
            requests = resources.setdefault("requests", {})
            for name, value in limits.items():
                requests.setdefault(name, value)
        if spec.get("hostNetwork"):
            for port in c.get("ports", ()):
                port.setdefault("hostPort", port.get("containerPort"))


def _default_template(spec: dict | None, *, optional: bool = False) -> None:
    """Template pod defaults. In Go the template is a struct value (an absent one is empty and
    still defaulted), except ReplicationController's, which is a pointer (`optional`)."""
    if spec is None or (optional and not isinstance(spec.get("template"), dict)):
        return
    default_pod_spec(spec.setdefault("template", {}).setdefault("spec", {}))


def _default_pvc_spec(spec: dict) -> None:
    spec.setdefault("volumeMode", "Filesystem")


def _default_job_spec(spec: dict) -> None:
    if "completions" not in spec and "parallelism" not in spec:
        spec["completions"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", 2147483647 if "backoffLimitPerIndex" in spec else 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    spec.setdefault(
        "podReplacementPolicy", "Failed" if "podFailurePolicy" in spec else "TerminatingOrFailed"
    )
    for rule in spec.get("podFailurePolicy", {}).get("rules", ()):
        for pattern in rule.get("onPodConditions", ()):
            pattern.setdefault("status", "True")


_HPA_SCALE_UP = {
    "stabilizationWindowSeconds": 0,
    "selectPolicy": "Max",
    "policies": [
        {"type": "Pods", "value": 4, "periodSeconds": 15},
        {"type": "Percent", "value": 100, "periodSeconds": 15},
    ],
}
_HPA_SCALE_DOWN = {
    "stabilizationWindowSeconds": 300,
    "selectPolicy": "Max",
    "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}],
}


def _default_scaling_rules(rules: dict | None, defaults: dict) -> dict:
    if rules is None:
        return json.loads(json.dumps(defaults))
    for key, value in defaults.items():
        if key not in rules:
            rules[key] = json.loads(json.dumps(value))
    return rules


def _defaults(kind: str, obj: dict) -> None:
    spec = obj.get("spec")
    meta = obj.setdefault("metadata", {})
    if kind == "Pod":
        default_pod_spec(obj.setdefault("spec", {}), pod=True)
    elif kind == "Deployment":
        spec = obj.setdefault("spec", {})
        spec.setdefault("replicas", 1)
        strategy = spec.setdefault("strategy", {})
        strategy.setdefault("type", "RollingUpdate")
        if strategy["type"] == "RollingUpdate":
            ru = strategy.setdefault("rollingUpdate", {})
            ru.setdefault("maxUnavailable", "25%")
            ru.setdefault("maxSurge", "25%")
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("progressDeadlineSeconds", 600)
        _default_template(spec)
    elif kind == "ReplicaSet":
        spec = obj.setdefault("spec", {})
        spec.setdefault("replicas", 1)
        _default_template(spec)
    elif kind == "ReplicationController":
        spec = obj.setdefault("spec", {})
        labels = (spec.get("template") or {}).get("metadata", {}).get("labels")
        if labels is not None:
            if not spec.get("selector"):
                spec["selector"] = dict(labels)
            if not meta.get("labels"):
                meta["labels"] = dict(labels)
        spec.setdefault("replicas", 1)
        _default_template(spec, optional=True)
    elif kind == "DaemonSet":
        spec = obj.setdefault("spec", {})
        strategy = spec.setdefault("updateStrategy", {})
        strategy.setdefault("type", "RollingUpdate")
        if strategy["type"] == "RollingUpdate":
            ru = strategy.setdefault("rollingUpdate", {})
            ru.setdefault("maxUnavailable", 1)
            ru.setdefault("maxSurge", 0)
        spec.setdefault("revisionHistoryLimit", 10)
        _default_template(spec)
    elif kind == "StatefulSet":
        spec = obj.setdefault("spec", {})
        spec.setdefault("podManagementPolicy", "OrderedReady")
        strategy = spec.setdefault("updateStrategy", {})
        if "type" not in strategy:
            strategy["type"] = "RollingUpdate"
            strategy.setdefault("rollingUpdate", {})
        if strategy["type"] == "RollingUpdate" and "rollingUpdate" in strategy:
            strategy["rollingUpdate"].setdefault("partition", 0)
        policy = spec.setdefault("persistentVolumeClaimRetentionPolicy", {})
        policy.setdefault("whenDeleted", "Retain")
        policy.setdefault("whenScaled", "Retain")
        spec.setdefault("replicas", 1)
        spec.setdefault("revisionHistoryLimit", 10)
        for claim in spec.get("volumeClaimTemplates", ()):
            _default_pvc_spec(claim.setdefault("spec", {}))
            claim.setdefault("status", {}).setdefault("phase", "Pending")
        _default_template(spec)
    elif kind == "Job":
        spec = obj.setdefault("spec", {})
        _default_job_spec(spec)
        labels = (spec.get("template") or {}).get("metadata", {}).get("labels")
        if labels and not meta.get("labels"):
            meta["labels"] = dict(labels)
        _default_template(spec)
    elif kind == "CronJob":
        spec = obj.setdefault("spec", {})
        spec.setdefault("concurrencyPolicy", "Allow")
        spec.setdefault("suspend", False)
        spec.setdefault("successfulJobsHistoryLimit", 3)
        spec.setdefault("failedJobsHistoryLimit", 1)
        _default_template(spec.get("jobTemplate", {}).get("spec"))
    elif kind == "Service":
        spec = obj.setdefault("spec", {})
        spec.setdefault("sessionAffinity", "None")
        if spec["sessionAffinity"] == "None":
            spec.pop("sessionAffinityConfig", None)
        elif spec["sessionAffinity"] == "ClientIP":
            cfg = spec.setdefault("sessionAffinityConfig", {}).setdefault("clientIP", {})
            cfg.setdefault("timeoutSeconds", 10800)
        spec.setdefault("type", "ClusterIP")
        for port in spec.get("ports", ()):
            port.setdefault("protocol", "TCP")
            if port.get("targetPort") in (None, 0, ""):
                if "port" in port:
                    port["targetPort"] = port["port"]
        kind_of = spec["type"]
        if kind_of in ("NodePort", "LoadBalancer"):
            spec.setdefault("externalTrafficPolicy", "Cluster")
        if kind_of in ("NodePort", "LoadBalancer", "ClusterIP"):
            spec.setdefault("internalTrafficPolicy", "Cluster")
        if kind_of == "LoadBalancer":
            spec.setdefault("allocateLoadBalancerNodePorts", True)
        if kind_of != "ExternalName":
            if spec.get("clusterIP") and "clusterIPs" not in spec:
                spec["clusterIPs"] = [spec["clusterIP"]]
            spec.setdefault("ipFamilyPolicy", "SingleStack")
            spec.setdefault("ipFamilies", ["IPv4"])
        obj.setdefault("status", {}).setdefault("loadBalancer", {})
    elif kind == "Namespace":
        if meta.get("name"):
            meta.setdefault("labels", {})["kubernetes.io/metadata.name"] = meta["name"]
        obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
        obj.setdefault("status", {}).setdefault("phase", "Active")
    elif kind == "Secret":
        obj.setdefault("type", "Opaque")
    elif kind == "PersistentVolumeClaim":
        _default_pvc_spec(obj.setdefault("spec", {}))
        obj.setdefault("status", {}).setdefault("phase", "Pending")
    elif kind == "PersistentVolume":
        spec = obj.setdefault("spec", {})
        spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
        spec.setdefault("volumeMode", "Filesystem")
        if "hostPath" in spec:
            spec["hostPath"].setdefault("type", "")
        obj.setdefault("status", {}).setdefault("phase", "Pending")
    elif kind == "Node":
        status = obj.get("status")
        if status and "capacity" in status and "allocatable" not in status:
            status["allocatable"] = dict(status["capacity"])
    elif kind == "Endpoints":
        for subset in obj.get("subsets", ()):
            for port in subset.get("ports", ()):
                port.setdefault("protocol", "TCP")
    elif kind == "EndpointSlice":
        for port in obj.get("ports") or ():
            port.setdefault("name", "")
            port.setdefault("protocol", "TCP")
    elif kind == "LimitRange":
        for item in (spec or {}).get("limits", ()):
            if item.get("type") != "Container":
                continue
            default = item.setdefault("default", {})
            request = item.setdefault("defaultRequest", {})
            for name, value in item.get("max", {}).items():
                default.setdefault(name, value)
            for name, value in default.items():
                request.setdefault(name, value)
            for name, value in item.get("min", {}).items():
                request.setdefault(name, value)
            for key in ("default", "defaultRequest"):
                if not item[key]:
                    del item[key]
    elif kind == "NetworkPolicy":
        spec = obj.setdefault("spec", {})
        for rule in (*spec.get("ingress", ()), *spec.get("egress", ())):
            for port in rule.get("ports", ()):
                port.setdefault("protocol", "TCP")
        if not spec.get("policyTypes"):
            spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])
    elif kind == "PodDisruptionBudget":
        obj.setdefault("spec", {})
        obj.setdefault("status", {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                                  "expectedPods": 0})
    elif kind == "PriorityClass":
        obj.setdefault("value", 0)
        obj.setdefault("preemptionPolicy", "PreemptLowerPriority")
    elif kind == "StorageClass":
        obj.setdefault("reclaimPolicy", "Delete")
        obj.setdefault("volumeBindingMode", "Immediate")
    elif kind == "HorizontalPodAutoscaler":
        spec = obj.setdefault("spec", {})
        spec.setdefault("minReplicas", 1)
        if not spec.get("metrics"):
            spec["metrics"] = [{
                "type": "Resource",
                "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                       "averageUtilization": 80}},
            }]
        if "behavior" in spec:
            behavior = spec["behavior"]
            behavior["scaleUp"] = _default_scaling_rules(behavior.get("scaleUp"), _HPA_SCALE_UP)
            behavior["scaleDown"] = _default_scaling_rules(
                behavior.get("scaleDown"), _HPA_SCALE_DOWN)


# --- field validation (pkg/apis/*/validation) ---------------------------------------------------

def go_value(value: Any) -> str:
    """How a Go field.Error prints a bad value: strings quoted, maps as `map[string]string{...}`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return quantity_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(k)}:{json.dumps(v)}" for k, v in sorted(value.items()))
        return "map[string]string{" + inner + "}"
    return repr(value)


def _supported(values: Iterable[str]) -> str:
    return "supported values: " + ", ".join(f'"{v}"' for v in values)


class Errors:
    """A field.ErrorList: each entry is (path, body) as Kubernetes' Error() would print it."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def required(self, path: str, detail: str = "") -> None:
        self.items.append((path, "Required value" + (f": {detail}" if detail else "")))

    def invalid(self, path: str, value: Any, detail: str, raw: str | None = None) -> None:
        shown = raw if raw is not None else go_value(value)
        self.items.append((path, f"Invalid value: {shown}: {detail}"))

    def unsupported(self, path: str, value: Any, supported: Iterable[str]) -> None:
        self.items.append((path, f"Unsupported value: {go_value(value)}: {_supported(supported)}"))

    def duplicate(self, path: str, value: Any) -> None:
        self.items.append((path, f"Duplicate value: {go_value(value)}"))

    def forbidden(self, path: str, detail: str) -> None:
        self.items.append((path, f"Forbidden: {detail}"))

    def not_found(self, path: str, value: Any) -> None:
        self.items.append((path, f"Not found: {go_value(value)}"))

    def non_negative(self, path: str, value: Any) -> None:
        if isinstance(value, int) and value < 0:
            self.invalid(path, value, "must be greater than or equal to 0")


_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS1123_SUBDOMAIN = re.compile(
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_NAME_PART = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
_PERCENT = re.compile(r"^[0-9]+%$")
_IANA_SVC_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")

DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
    "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
NAME_PART_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
    "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
CONFIG_KEY_MSG = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
)


def dns1123_label(value: str) -> list[str]:
    out = []
    if len(value) > 63:
        out.append("must be no more than 63 characters")
    if not _DNS1123_LABEL.match(value):
        out.append(DNS1123_LABEL_MSG)
    return out


def dns1123_subdomain(value: str) -> list[str]:
    out = []
    if len(value) > 253:
        out.append("must be no more than 253 characters")
    if not _DNS1123_SUBDOMAIN.match(value):
        out.append(DNS1123_SUBDOMAIN_MSG)
    return out


def dns1035_label(value: str) -> list[str]:
    out = []
    if len(value) > 63:
        out.append("must be no more than 63 characters")
    if not _DNS1035_LABEL.match(value):
        out.append(DNS1035_LABEL_MSG)
    return out


def qualified_name(value: str) -> list[str]:
    """A label or annotation key: optional DNS subdomain prefix, then a 63-char name part."""
    prefix, _, name = value.rpartition("/")
    out = []
    if prefix or value.startswith("/"):
        if not prefix:
            out.append("prefix part must be non-empty")
        else:
            out += ["prefix part " + m for m in dns1123_subdomain(prefix)]
    if not name:
        out.append("name part must be non-empty")
    elif len(name) > 63:
        out.append("name part must be no more than 63 characters")
    elif not _NAME_PART.match(name):
        out.append(NAME_PART_MSG)
    return out


def label_value(value: str) -> list[str]:
    out = []
    if len(value) > 63:
        out.append("must be no more than 63 characters")
    if not _LABEL_VALUE.match(value):
        out.append(LABEL_VALUE_MSG)
    return out


def _labels(errs: Errors, path: str, labels: dict | None) -> None:
    for key, value in (labels or {}).items():
        for msg in qualified_name(key):
            errs.invalid(path, key, msg)
        for msg in label_value(value):
            errs.invalid(path, value, msg)


def _annotations(errs: Errors, path: str, annotations: dict | None) -> None:
    for key in annotations or {}:
        for msg in qualified_name(key.lower()):
            errs.invalid(path, key, msg)


_NAME_RULES: dict[str, Callable[[str], list[str]]] = {
    "Namespace": dns1123_label,
    "Service": dns1035_label,
}


def _object_meta(errs: Errors, kind: str, meta: dict) -> None:
    name = meta.get("name")
    if not name and not meta.get("generateName"):
        errs.required("metadata.name", "name or generateName is required")
    elif name:
        for msg in _NAME_RULES.get(kind, dns1123_subdomain)(name):
            errs.invalid("metadata.name", name, msg)
        if kind == "CronJob" and len(name) > 52:
            errs.invalid("metadata.name", name, "must be no more than 52 characters")
    _labels(errs, "metadata.labels", meta.get("labels"))
    _annotations(errs, "metadata.annotations", meta.get("annotations"))


# selectors ---------------------------------------------------------------------------------------

def _template_selected(selector: dict | None, labels: dict | None) -> bool:
    """Whether the selector picks the template's labels, leaving out the expressions whose operator
    is already reported invalid (one mistake, one message)."""
    if selector is not None and selector.get("matchExpressions"):
        exprs = [e for e in selector["matchExpressions"] if e.get("operator") in LABEL_SELECTOR_OPERATORS]
        selector = {**selector, "matchExpressions": exprs}
    return selector_matches(selector, labels)


def _label_selector(errs: Errors, path: str, selector: dict) -> None:
    _labels(errs, f"{path}.matchLabels", selector.get("matchLabels"))
    for i, req in enumerate(selector.get("matchExpressions") or ()):
        p = f"{path}.matchExpressions[{i}]"
        op = req.get("operator")
        if op in ("In", "NotIn"):
            if not req.get("values"):
                errs.required(f"{p}.values", "must be specified when `operator` is 'In' or 'NotIn'")
        elif op in ("Exists", "DoesNotExist"):
            if req.get("values"):
                errs.forbidden(f"{p}.values",
                               "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
        else:
            errs.invalid(f"{p}.operator", op or "", "not a valid selector operator")
        for msg in qualified_name(req.get("key") or ""):
            errs.invalid(f"{p}.key", req.get("key") or "", msg)


def _empty_selector(selector: dict) -> bool:
    return not selector.get("matchLabels") and not selector.get("matchExpressions")


def _go_selector(selector: dict) -> str:
    ml = selector.get("matchLabels")
    labels = "map[string]string(nil)" if ml is None else go_value(ml)
    me = selector.get("matchExpressions")
    exprs = "[]v1.LabelSelectorRequirement(nil)" if me is None else "[]v1.LabelSelectorRequirement{}"
    return f"v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprs}}}"


def _workload_selector(errs: Errors, spec: dict, noun: str, template_path: str = "spec.template") -> None:
    """Selector required, non-empty, and matching the template's labels."""
    selector = spec.get("selector")
    if selector is None:
        errs.required("spec.selector")
    elif _empty_selector(selector):
        errs.invalid("spec.selector", None, f"empty selector is invalid for {noun}",
                     raw=_go_selector(selector))
    else:
        _label_selector(errs, "spec.selector", selector)
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if selector is None or not _empty_selector(selector):
        if not _template_selected(selector, labels):
            shown = "map[string]string(nil)" if labels is None else go_value(labels)
            errs.invalid(f"{template_path}.metadata.labels", labels,
                         "`selector` does not match template `labels`", raw=shown)


# pods ------------------------------------------------------------------------------------------

_PULL_POLICIES = ("Always", "IfNotPresent", "Never")
_PROTOCOLS = ("SCTP", "TCP", "UDP")
_RESTART_POLICIES = ("Always", "OnFailure", "Never")
_DNS_POLICIES = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")


def _port_number(errs: Errors, path: str, port: Any) -> None:
    if isinstance(port, int) and not 1 <= port <= 65535:
        errs.invalid(path, port, "must be between 1 and 65535, inclusive")


def _port_num_or_name(errs: Errors, path: str, port: Any) -> None:
    if isinstance(port, int):
        _port_number(errs, path, port)
    elif isinstance(port, str):
        if len(port) > 15:
            errs.invalid(path, port, "must be no more than 15 characters")
        if not _IANA_SVC_NAME.match(port):
            errs.invalid(path, port, "must contain only alpha-numeric characters (a-z, 0-9), "
                                     "and hyphens (-)")
        elif not re.search("[a-z]", port):
            errs.invalid(path, port, "must contain at least one letter (a-z)")


def _probe(errs: Errors, path: str, probe: dict | None, *, must_be_one: bool) -> None:
    if probe is None:
        return
    handlers = [h for h in ("exec", "httpGet", "tcpSocket", "grpc") if h in probe]
    if not handlers:
        errs.required(path, "must specify a handler type")
    elif len(handlers) > 1:
        errs.forbidden(f"{path}.{handlers[1]}", "may not specify more than 1 handler type")
    for field in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                  "successThreshold", "failureThreshold"):
        errs.non_negative(f"{path}.{field}", probe.get(field))
    if must_be_one and probe.get("successThreshold", 1) != 1:
        errs.invalid(f"{path}.successThreshold", probe["successThreshold"], "must be 1")
    if "httpGet" in probe:
        _port_num_or_name(errs, f"{path}.httpGet.port", probe["httpGet"].get("port"))
        if probe["httpGet"].get("scheme") not in (None, "HTTP", "HTTPS"):
            errs.unsupported(f"{path}.httpGet.scheme", probe["httpGet"]["scheme"], ("HTTP", "HTTPS"))
    if "tcpSocket" in probe:
        _port_num_or_name(errs, f"{path}.tcpSocket.port", probe["tcpSocket"].get("port"))
    if "exec" in probe and not probe["exec"].get("command"):
        errs.required(f"{path}.exec.command")


def _resources(errs: Errors, path: str, resources: dict | None) -> None:
    resources = resources or {}
    limits = resources.get("limits") or {}
    requests = resources.get("requests") or {}
    for key, values in (("limits", limits), ("requests", requests)):
        for name, value in values.items():
            if parse_quantity(value) < 0:
                errs.invalid(f"{path}.{key}[{name}]", quantity_text(value),
                             "must be greater than or equal to 0")
    for name in sorted(requests):
        if name in limits and parse_quantity(requests[name]) > parse_quantity(limits[name]):
            errs.invalid(f"{path}.requests", quantity_text(requests[name]),
                         f"must be less than or equal to {name} limit of "
                         f"{quantity_text(limits[name])}")


def _containers(errs: Errors, path: str, containers: list, volumes: set[str], seen: set[str],
                *, init: bool) -> None:
    for i, c in enumerate(containers):
        p = f"{path}[{i}]"
        name = c.get("name")
        if not name:
            errs.required(f"{p}.name")
        else:
            for msg in dns1123_label(name):
                errs.invalid(f"{p}.name", name, msg)
            if name in seen:
                errs.duplicate(f"{p}.name", name)
            seen.add(name)
        if not c.get("image"):
            errs.required(f"{p}.image")
        policy = c.get("imagePullPolicy")
        if policy not in _PULL_POLICIES:
            errs.unsupported(f"{p}.imagePullPolicy", policy, _PULL_POLICIES)
        port_names: set[str] = set()
        for j, port in enumerate(c.get("ports") or ()):
            pp = f"{p}.ports[{j}]"
            if port.get("name"):
                if port["name"] in port_names:
                    errs.duplicate(f"{pp}.name", port["name"])
                port_names.add(port["name"])
            if not port.get("containerPort"):
                errs.required(f"{pp}.containerPort")
            else:
                _port_number(errs, f"{pp}.containerPort", port["containerPort"])
            if port.get("hostPort"):
                _port_number(errs, f"{pp}.hostPort", port["hostPort"])
            if port.get("protocol") not in _PROTOCOLS:
                errs.unsupported(f"{pp}.protocol", port.get("protocol"), _PROTOCOLS)
        for j, env in enumerate(c.get("env") or ()):
            if not env.get("name"):
                errs.required(f"{p}.env[{j}].name")
            if env.get("value") and env.get("valueFrom"):
                errs.invalid(f"{p}.env[{j}].valueFrom", "",
                             "may not be specified when `value` is not empty")
        for j, mount in enumerate(c.get("volumeMounts") or ()):
            mp = f"{p}.volumeMounts[{j}]"
            if not mount.get("name"):
                errs.required(f"{mp}.name")
            elif mount["name"] not in volumes:
                errs.not_found(f"{mp}.name", mount["name"])
            if not mount.get("mountPath"):
                errs.required(f"{mp}.mountPath")
        _resources(errs, f"{p}.resources", c.get("resources"))
        if init:
            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                if c.get(probe) is not None and c.get("restartPolicy") != "Always":
                    errs.forbidden(f"{p}.{probe}", "may not be set for init containers "
                                   "without restartPolicy=Always")
        else:
            _probe(errs, f"{p}.livenessProbe", c.get("livenessProbe"), must_be_one=True)
            _probe(errs, f"{p}.readinessProbe", c.get("readinessProbe"), must_be_one=False)
            _probe(errs, f"{p}.startupProbe", c.get("startupProbe"), must_be_one=True)


def _volumes(errs: Errors, path: str, volumes: list) -> set[str]:
    names: set[str] = set()
    for i, v in enumerate(volumes):
        p = f"{path}[{i}]"
        name = v.get("name")
        if not name:
            errs.required(f"{p}.name")
        else:
            for msg in dns1123_label(name):
                errs.invalid(f"{p}.name", name, msg)
            if name in names:
                errs.duplicate(f"{p}.name", name)
            names.add(name)
        sources = [k for k in _VOLUME_SOURCES if k in v]
        if len(sources) > 1:
            errs.forbidden(f"{p}.{sources[1]}", "may not specify more than 1 volume type")
        if "hostPath" in v and not v["hostPath"].get("path"):
            errs.required(f"{p}.hostPath.path")
        if "configMap" in v and not v["configMap"].get("name"):
            errs.required(f"{p}.configMap.name")
        if "secret" in v and not v["secret"].get("secretName"):
            errs.required(f"{p}.secret.secretName")
        if "persistentVolumeClaim" in v and not v["persistentVolumeClaim"].get("claimName"):
            errs.required(f"{p}.persistentVolumeClaim.claimName")
    return names


_TOLERATION_OPS = ("Equal", "Exists")
_TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def validate_pod_spec(errs: Errors, path: str, spec: dict,
                      restart_policies: tuple[str, ...] = _RESTART_POLICIES) -> None:
    """ValidatePodSpec's learner-relevant rules, paths prefixed with `path`."""
    volumes = _volumes(errs, f"{path}.volumes", spec.get("volumes") or [])
    seen: set[str] = set()
    _containers(errs, f"{path}.initContainers", spec.get("initContainers") or [], volumes, seen,
                init=True)
    if not spec.get("containers"):
        errs.required(f"{path}.containers")
    _containers(errs, f"{path}.containers", spec.get("containers") or [], volumes, seen,
                init=False)
    policy = spec.get("restartPolicy")
    if policy not in restart_policies:
        errs.unsupported(f"{path}.restartPolicy", policy, restart_policies)
    if spec.get("dnsPolicy") not in _DNS_POLICIES:
        errs.unsupported(f"{path}.dnsPolicy", spec.get("dnsPolicy"), _DNS_POLICIES)
    _labels(errs, f"{path}.nodeSelector", spec.get("nodeSelector"))
    grace = spec.get("terminationGracePeriodSeconds")
    if isinstance(grace, int) and grace < 0:
        errs.invalid(f"{path}.terminationGracePeriodSeconds", grace,
                     "must be greater than or equal to 0")
    deadline = spec.get("activeDeadlineSeconds")
    if isinstance(deadline, int) and deadline < 1:
        errs.invalid(f"{path}.activeDeadlineSeconds", deadline,
                     "must be between 1 and 2147483647, inclusive")
    if spec.get("serviceAccountName"):
        for msg in dns1123_subdomain(spec["serviceAccountName"]):
            errs.invalid(f"{path}.serviceAccountName", spec["serviceAccountName"], msg)
    if spec.get("hostname"):
        for msg in dns1123_label(spec["hostname"]):
            errs.invalid(f"{path}.hostname", spec["hostname"], msg)
    if spec.get("subdomain"):
        for msg in dns1123_label(spec["subdomain"]):
            errs.invalid(f"{path}.subdomain", spec["subdomain"], msg)
    for i, t in enumerate(spec.get("tolerations") or ()):
        p = f"{path}.tolerations[{i}]"
        op = t.get("operator")
        if op not in (None, *_TOLERATION_OPS):
            errs.unsupported(f"{p}.operator", op, _TOLERATION_OPS)
        if op == "Exists" and t.get("value"):
            errs.invalid(f"{p}.operator", t["value"],
                         "value must be empty when `operator` is 'Exists'")
        if not t.get("key") and op != "Exists":
            errs.invalid(f"{p}.operator", op or "",
                         "operator must be Exists when `key` is empty, which means \"match all "
                         "values and all keys\"")
        effect = t.get("effect")
        if effect not in (None, "", *_TAINT_EFFECTS):
            errs.unsupported(f"{p}.effect", effect, _TAINT_EFFECTS)
        if t.get("tolerationSeconds") is not None and effect != "NoExecute":
            errs.invalid(f"{p}.effect", effect or "",
                         "effect must be 'NoExecute' when `tolerationSeconds` is set")


def _template(errs: Errors, path: str, template: dict | None,
              restart_policies: tuple[str, ...] = ("Always",)) -> None:
    if template is None:
        errs.required(path)
        return
    meta = template.get("metadata") or {}
    _labels(errs, f"{path}.metadata.labels", meta.get("labels"))
    _annotations(errs, f"{path}.metadata.annotations", meta.get("annotations"))
    validate_pod_spec(errs, f"{path}.spec", template.get("spec") or {}, restart_policies)


def _replicas(errs: Errors, spec: dict, *fields: str) -> None:
    for field in fields:
        errs.non_negative(f"spec.{field}", spec.get(field))


def _percent_or_int(errs: Errors, path: str, value: Any) -> int | None:
    """IntOrString as Deployment strategies use it; returns the percent for range checks."""
    if isinstance(value, int):
        errs.non_negative(path, value)
        return None
    if isinstance(value, str):
        if not _PERCENT.match(value):
            errs.invalid(path, value,
                         "a valid percent string must be a numeric string followed by an ending "
                         "'%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")
            return None
        return int(value[:-1])
    return None


def _is_zero(value: Any) -> bool:
    return value == 0 or value == "0%"


def _go_intstr(value: Any) -> str:
    if isinstance(value, int):
        return f'intstr.IntOrString{{Type:0, IntVal:{value}, StrVal:""}}'
    return f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{json.dumps(value)}}}"


def _rolling_update(errs: Errors, path: str, ru: dict) -> None:
    unavailable, surge = ru.get("maxUnavailable"), ru.get("maxSurge")
    pct = _percent_or_int(errs, f"{path}.maxUnavailable", unavailable)
    if pct is not None and pct > 100:
        errs.invalid(f"{path}.maxUnavailable", unavailable, "must not be greater than 100%")
    _percent_or_int(errs, f"{path}.maxSurge", surge)
    if _is_zero(unavailable) and _is_zero(surge):
        errs.invalid(f"{path}.maxUnavailable", unavailable, "may not be 0 when `maxSurge` is 0",
                     raw=_go_intstr(unavailable))


def _validate_kind(errs: Errors, kind: str, obj: dict) -> None:
    spec = obj.get("spec") or {}
    if kind == "Pod":
        validate_pod_spec(errs, "spec", spec)
    elif kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"):
        _workload_selector(errs, spec, kind.lower())
        _template(errs, "spec.template", _with_claim_volumes(spec) if kind == "StatefulSet" else spec.get("template"))
        _replicas(errs, spec, "replicas", "minReadySeconds", "revisionHistoryLimit")
        if kind == "Deployment":
            strategy = spec.get("strategy") or {}
            stype = strategy.get("type")
            if stype not in ("Recreate", "RollingUpdate"):
                errs.unsupported("spec.strategy.type", stype, ("Recreate", "RollingUpdate"))
            elif stype == "Recreate" and strategy.get("rollingUpdate") is not None:
                errs.forbidden("spec.strategy.rollingUpdate",
                               "may not be specified when strategy `type` is 'Recreate'")
            elif stype == "RollingUpdate":
                _rolling_update(errs, "spec.strategy.rollingUpdate", strategy["rollingUpdate"])
            deadline = spec.get("progressDeadlineSeconds")
            errs.non_negative("spec.progressDeadlineSeconds", deadline)
            if isinstance(deadline, int) and deadline <= spec.get("minReadySeconds", 0):
                errs.invalid("spec.progressDeadlineSeconds", deadline,
                             "must be greater than minReadySeconds")
        elif kind == "DaemonSet":
            strategy = spec.get("updateStrategy") or {}
            stype = strategy.get("type")
            if stype not in ("OnDelete", "RollingUpdate"):
                errs.unsupported("spec.updateStrategy.type", stype, ("OnDelete", "RollingUpdate"))
            elif stype == "RollingUpdate":
                _rolling_update(errs, "spec.updateStrategy.rollingUpdate",
                                strategy.get("rollingUpdate") or {})
        elif kind == "StatefulSet":
            policy = spec.get("podManagementPolicy")
            if policy not in ("OrderedReady", "Parallel"):
                errs.unsupported("spec.podManagementPolicy", policy, ("OrderedReady", "Parallel"))
            _statefulset_spec(errs, spec)
    elif kind == "ReplicationController":
        _replicas(errs, spec, "replicas", "minReadySeconds")
        selector = spec.get("selector") or {}
        if not selector:
            errs.required("spec.selector")
        _labels(errs, "spec.selector", selector)
        template = spec.get("template")
        labels = ((template or {}).get("metadata") or {}).get("labels") or {}
        if selector and template is not None and not from_map(selector).matches(labels):
            errs.invalid("spec.template.metadata.labels", labels,
                         "`selector` does not match template `labels`")
        _template(errs, "spec.template", template)
    elif kind == "Job":
        _job_spec(errs, "spec", spec)
    elif kind == "CronJob":
        schedule = spec.get("schedule")
        if not schedule:
            errs.required("spec.schedule")
        elif not schedule.startswith("@"):
            fields = schedule.split()
            if fields and fields[0].startswith(("TZ=", "CRON_TZ=")):
                errs.invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, "
                             "use timeZone field instead")
            elif len(fields) != 5:
                errs.invalid("spec.schedule", schedule,
                             f"expected exactly 5 fields, found {len(fields)}: {schedule}")
        policy = spec.get("concurrencyPolicy")
        if policy not in ("Allow", "Forbid", "Replace"):
            errs.unsupported("spec.concurrencyPolicy", policy, ("Allow", "Forbid", "Replace"))
        _replicas(errs, spec, "startingDeadlineSeconds", "successfulJobsHistoryLimit",
                  "failedJobsHistoryLimit")
        job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
        _job_spec(errs, "spec.jobTemplate.spec", job_spec, selector_generated=True)
    elif kind == "Service":
        _service(errs, spec)
    elif kind in ("ConfigMap", "Secret"):
        for field in ("data", "binaryData", "stringData"):
            for key in obj.get(field) or {}:
                if not _CONFIG_KEY.match(key):
                    errs.invalid(f"{field}[{key}]", key, CONFIG_KEY_MSG)
    elif kind == "PersistentVolumeClaim":
        _pvc_spec(errs, "spec", spec)
    elif kind == "PersistentVolume":
        if not spec.get("capacity"):
            errs.required("spec.capacity")
        elif "storage" not in spec["capacity"]:
            errs.required("spec.capacity.storage")
        if not spec.get("accessModes"):
            errs.required("spec.accessModes")
        if not any(k in spec for k in ("hostPath", "nfs", "local", "csi")):
            errs.required("spec", "must specify a volume type")
        policy = spec.get("persistentVolumeReclaimPolicy")
        if policy not in ("Delete", "Recycle", "Retain"):
            errs.unsupported("spec.persistentVolumeReclaimPolicy", policy,
                             ("Delete", "Recycle", "Retain"))
    elif kind == "ResourceQuota":
        for name, value in (spec.get("hard") or {}).items():
            if parse_quantity(value) < 0:
                errs.invalid(f"spec.hard[{name}]", quantity_text(value),
                             "must be greater than or equal to 0")
        _quota_scopes(errs, spec)
    elif kind == "LimitRange":
        for i, item in enumerate(spec.get("limits") or ()):
            ltype = item.get("type")
            if ltype not in ("Container", "Pod", "PersistentVolumeClaim"):
                errs.unsupported(f"spec.limits[{i}].type", ltype,
                                 ("Container", "Pod", "PersistentVolumeClaim"))
            _limit_range_item(errs, f"spec.limits[{i}]", item)
    elif kind == "HorizontalPodAutoscaler":
        ref = spec.get("scaleTargetRef") or {}
        if not ref.get("kind"):
            errs.required("spec.scaleTargetRef.kind")
        if not ref.get("name"):
            errs.required("spec.scaleTargetRef.name")
        low, high = spec.get("minReplicas"), spec.get("maxReplicas")
        if isinstance(low, int) and low < 1:
            errs.invalid("spec.minReplicas", low, "must be greater than or equal to 1")
        if not isinstance(high, int) or high < 1:
            errs.invalid("spec.maxReplicas", high or 0, "must be greater than or equal to 1")
        elif isinstance(low, int) and high < low:
            errs.invalid("spec.maxReplicas", high, "must be greater than or equal to `minReplicas`")
        for i, metric in enumerate(spec.get("metrics") or ()):
            target = (metric.get("resource") or {}).get("target") or {}
            util = target.get("averageUtilization")
            if isinstance(util, int) and util <= 0:
                errs.invalid(f"spec.metrics[{i}].resource.target.averageUtilization", util,
                             "must be greater than 0")
    elif kind == "NetworkPolicy":
        _label_selector(errs, "spec.podSelector", spec.get("podSelector") or {})
        for i, ptype in enumerate(spec.get("policyTypes") or ()):
            if ptype not in ("Ingress", "Egress"):
                errs.unsupported(f"spec.policyTypes[{i}]", ptype, ("Egress", "Ingress"))
    elif kind == "PodDisruptionBudget":
        _disruption_budget(errs, obj)
    elif kind == "EndpointSlice":
        address_type = obj.get("addressType")
        if not address_type:
            errs.required("addressType")
        elif address_type not in ("FQDN", "IPv4", "IPv6"):
            errs.unsupported("addressType", address_type, ("FQDN", "IPv4", "IPv6"))
        for i, endpoint in enumerate(obj.get("endpoints") or ()):
            if not endpoint.get("addresses"):
                errs.required(f"endpoints[{i}].addresses", "must contain at least 1 address")
    elif kind == "PriorityClass":
        _priority_class(errs, obj)
    elif kind == "StorageClass":
        if not obj.get("provisioner"):
            errs.required("provisioner")
        if obj.get("reclaimPolicy") not in ("Delete", "Retain"):
            errs.unsupported("reclaimPolicy", obj.get("reclaimPolicy"), ("Delete", "Retain"))
        mode = obj.get("volumeBindingMode")
        if mode not in ("Immediate", "WaitForFirstConsumer"):
            errs.unsupported("volumeBindingMode", mode, ("Immediate", "WaitForFirstConsumer"))


HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000
SYSTEM_PRIORITY_CLASSES = {
    "system-node-critical": (2 * HIGHEST_USER_DEFINABLE_PRIORITY + 1000,
                             "Used for system critical pods that must not be moved from their current node."),
    "system-cluster-critical": (2 * HIGHEST_USER_DEFINABLE_PRIORITY,
                                "Used for system critical pods that must run in the cluster, but can be moved to "
                                "another node if necessary."),
}
"""The API server's built-in classes: name -> (value, description); neither is the global default."""


def _priority_class(errs: Errors, obj: dict) -> None:
    """ValidatePriorityClass: `system-` names are reserved, user values stop at one billion."""
    name = (obj.get("metadata") or {}).get("name") or ""
    value = obj.get("value", 0)
    if name.startswith("system-"):
        known = SYSTEM_PRIORITY_CLASSES.get(name)
        if known is None:
            why = f"{name} is not a known system priority class"
        elif known[0] != value:
            why = f"value of {name} PriorityClass must be {known[0]}"
        elif obj.get("globalDefault", False):
            why = f"globalDefault of {name} PriorityClass must be false"
        else:
            why = ""
        if why:
            errs.forbidden("metadata.name", "priority class names with 'system-' prefix are reserved for "
                                            f"system use only. error: {why}")
    elif value > HIGHEST_USER_DEFINABLE_PRIORITY:
        errs.forbidden("value", f"maximum allowed value of a user defined priority is {HIGHEST_USER_DEFINABLE_PRIORITY}")
    policy = obj.get("preemptionPolicy")
    if policy == "":
        errs.required("preemptionPolicy")
    elif policy not in ("PreemptLowerPriority", "Never"):
        errs.unsupported("preemptionPolicy", policy, ("PreemptLowerPriority", "Never"))


_UNHEALTHY_POD_EVICTION_POLICIES = ("AlwaysAllow", "IfHealthyBudget")


def _go_pointer(seed: str, offset: int) -> str:
    """A stable stand-in for the heap address Go prints for a pointer field (`0xc00a1b2c40`)."""
    import hashlib

    base = int.from_bytes(hashlib.blake2b(seed.encode(), digest_size=4).digest(), "big") & ~0x1F
    return f"0xc0{(base + offset) & 0xFFFFFFFF:08x}"


def _go_pdb_spec(name: str, spec: dict) -> str:
    """`%#v` of a policy.PodDisruptionBudgetSpec, as the both-set error prints it."""
    def ptr(field: str, go_type: str, offset: int) -> str:
        if spec.get(field) is None:
            return f"(*{go_type})(nil)"
        return f"(*{go_type})({_go_pointer(name, offset)})"

    return ("policy.PodDisruptionBudgetSpec{"
            f"MinAvailable:{ptr('minAvailable', 'intstr.IntOrString', 0x20)}, "
            f"Selector:{ptr('selector', 'v1.LabelSelector', 0x40)}, "
            f"MaxUnavailable:{ptr('maxUnavailable', 'intstr.IntOrString', 0)}, "
            f"UnhealthyPodEvictionPolicy:{ptr('unhealthyPodEvictionPolicy', 'policy.UnhealthyPodEvictionPolicyType', 0x60)}}}")


def _disruption_budget(errs: Errors, obj: dict) -> None:
    """ValidatePodDisruptionBudgetSpec."""
    spec = obj.get("spec") or {}
    if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
        errs.invalid("spec", None, "minAvailable and maxUnavailable cannot be both set",
                     raw=_go_pdb_spec((obj.get("metadata") or {}).get("name") or "", spec))
    for field in ("minAvailable", "maxUnavailable"):
        value = spec.get(field)
        if value is None:
            continue
        path = f"spec.{field}"
        if isinstance(value, int):
            errs.non_negative(path, value)
        elif not _PERCENT.match(value):
            errs.invalid(path, value, "a valid percent string must be a numeric string followed by an ending "
                         "'%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                         raw=_go_intstr(value))
        elif int(value[:-1]) > 100:
            errs.invalid(path, value, "must not be greater than 100%", raw=_go_intstr(value))
    if spec.get("selector") is not None:
        _label_selector(errs, "spec.selector", spec["selector"])
    policy = spec.get("unhealthyPodEvictionPolicy")
    if policy is not None and policy not in _UNHEALTHY_POD_EVICTION_POLICIES:
        errs.unsupported("spec.unhealthyPodEvictionPolicy", policy, _UNHEALTHY_POD_EVICTION_POLICIES)


def _with_claim_volumes(spec: dict) -> dict | None:
    """A StatefulSet's template as its pods will have it: a volume per claim template."""
    template = spec.get("template")
    claims = [(c.get("metadata") or {}).get("name") for c in spec.get("volumeClaimTemplates") or ()]
    if template is None or not claims:
        return template
    pod_spec = dict(template.get("spec") or {})
    pod_spec["volumes"] = [{"name": n, "persistentVolumeClaim": {"claimName": n}} for n in claims if n] + \
        [v for v in pod_spec.get("volumes") or () if v.get("name") not in claims]
    return {**template, "spec": pod_spec}


_RETENTION = ("Delete", "Retain")


def _statefulset_spec(errs: Errors, spec: dict) -> None:
    """ValidateStatefulSetSpec's update strategy, retention policy and ordinals."""
    strategy = spec.get("updateStrategy") or {}
    stype = strategy.get("type")
    if stype not in ("OnDelete", "RollingUpdate"):
        errs.unsupported("spec.updateStrategy.type", stype, ("OnDelete", "RollingUpdate"))
    else:
        errs.non_negative("spec.updateStrategy.rollingUpdate.partition",
                          (strategy.get("rollingUpdate") or {}).get("partition"))
    policy = spec.get("persistentVolumeClaimRetentionPolicy") or {}
    for field in ("whenDeleted", "whenScaled"):
        if policy.get(field) not in _RETENTION:
            errs.unsupported(f"spec.persistentVolumeClaimRetentionPolicy.{field}", policy.get(field), _RETENTION)
    errs.non_negative("spec.ordinals.start", (spec.get("ordinals") or {}).get("start"))
    for i, claim in enumerate(spec.get("volumeClaimTemplates") or ()):
        if not (claim.get("metadata") or {}).get("name"):
            errs.required(f"spec.volumeClaimTemplates[{i}].metadata.name")


def _job_spec(errs: Errors, path: str, spec: dict, selector_generated: bool = False) -> None:
    for field in ("parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished"):
        errs.non_negative(f"{path}.{field}", spec.get(field))
    deadline = spec.get("activeDeadlineSeconds")
    if isinstance(deadline, int) and deadline <= 0:
        errs.invalid(f"{path}.activeDeadlineSeconds", deadline, "must be greater than 0")
    mode = spec.get("completionMode")
    if mode not in (None, "NonIndexed", "Indexed"):
        errs.unsupported(f"{path}.completionMode", mode, ("NonIndexed", "Indexed"))
    if mode == "Indexed" and spec.get("completions") is None:
        errs.required(f"{path}.completions", "when completion mode is Indexed")
    selector = spec.get("selector")
    if selector is not None and not selector_generated:
        _label_selector(errs, f"{path}.selector", selector)
        labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
        if not _template_selected(selector, labels):
            errs.invalid(f"{path}.template.metadata.labels", labels,
                         "`selector` does not match template `labels`",
                         raw="map[string]string(nil)" if labels is None else None)
    _template(errs, f"{path}.template", spec.get("template"), ("OnFailure", "Never"))


def _pvc_spec(errs: Errors, path: str, spec: dict) -> None:
    modes = spec.get("accessModes") or []
    if not modes:
        errs.required(f"{path}.accessModes", "at least 1 access mode is required")
    supported = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
    for mode in modes:
        if mode not in supported:
            errs.unsupported(f"{path}.accessModes", mode, supported)
    requests = (spec.get("resources") or {}).get("requests") or {}
    if "storage" not in requests:
        errs.required(f"{path}.resources[storage]")
    elif parse_quantity(requests["storage"]) <= 0:
        errs.invalid(f"{path}.resources[storage]", quantity_text(requests["storage"]),
                     "must be greater than zero")
    if spec.get("volumeMode") not in (None, "Block", "Filesystem"):
        errs.unsupported(f"{path}.volumeMode", spec["volumeMode"], ("Block", "Filesystem"))


QUOTA_SCOPES = ("Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass",
                "CrossNamespacePodAffinity")
_STANDARD_QUOTA_RESOURCES = frozenset((
    "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.storage",
    "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods",
    "resourcequotas", "services", "replicationcontrollers", "secrets", "persistentvolumeclaims", "configmaps",
    "services.nodeports", "services.loadbalancers"))
_POD_QUOTA_RESOURCES = frozenset(("pods", "cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu",
                                  "requests.memory"))
_EXISTS_ONLY_SCOPES = ("Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "CrossNamespacePodAffinity")


def _scope_fits(scope: str, resource: str) -> bool:
    if resource not in _STANDARD_QUOTA_RESOURCES:
        return True
    if scope == "BestEffort":
        return resource == "pods"
    return scope not in QUOTA_SCOPES or resource in _POD_QUOTA_RESOURCES


def _conflicting(scopes: list) -> list[tuple[str, str]]:
    """The pairs of scopes that exclude each other and are both named."""
    return [pair for pair in (("BestEffort", "NotBestEffort"), ("Terminating", "NotTerminating"))
            if all(x in scopes for x in pair)]


def _quota_scopes(errs, spec: dict) -> None:
    """A scoped quota may only limit what its scopes can count, and never two scopes that exclude each other."""
    hard = sorted(spec.get("hard") or {})
    scopes = spec.get("scopes") or []
    shown = "[]core.ResourceQuotaScope{" + ", ".join(f'"{x}"' for x in scopes) + "}"
    for scope in scopes:
        if scope not in QUOTA_SCOPES:
            errs.invalid("spec.scopes", None, "unsupported scope", raw=shown)
        for resource in hard:
            if not _scope_fits(scope, resource):
                errs.invalid("spec.scopes", None, "unsupported scope applied to resource", raw=shown)
    for _ in _conflicting(scopes):
        errs.invalid("spec.scopes", None, "conflicting scopes", raw=shown)
    selector = spec.get("scopeSelector")
    if selector is None:
        return
    path = "spec.scopeSelector.matchExpressions"
    names = []
    for req in selector.get("matchExpressions") or ():
        name, op, values = req.get("scopeName"), req.get("operator"), req.get("values") or []
        if name not in QUOTA_SCOPES:
            errs.invalid(f"{path}.scopeName", name, "unsupported scope")
        for resource in hard:
            if not _scope_fits(name, resource):
                errs.invalid(path, None, "unsupported scope applied to resource", raw="&core.ScopeSelector{...}")
        if name in _EXISTS_ONLY_SCOPES and op != "Exists":
            errs.invalid(f"{path}.operator", op, "must be 'Exist' when scope is any of "
                         "ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, "
                         "ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity")
        if op in ("In", "NotIn"):
            if not values:
                errs.required(f"{path}.values",
                              "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector")
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.invalid(f"{path}.values", None,
                             "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
                             raw="[]string{" + ", ".join(f'"{v}"' for v in values) + "}")
        else:
            errs.invalid(f"{path}.operator", op, "not a valid selector operator")
        names.append(name)
    for _ in _conflicting(names):
        errs.invalid(path, None, "conflicting scopes", raw=shown)


def _limit_range_item(errs: Errors, path: str, item: dict) -> None:
    for key in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"):
        for name, value in (item.get(key) or {}).items():
            if parse_quantity(value) < 0:
                errs.invalid(f"{path}.{key}[{name}]", quantity_text(value),
                             "must be greater than or equal to 0")
    maxes, mins = item.get("max") or {}, item.get("min") or {}
    for name, value in (item.get("default") or {}).items():
        if name in maxes and parse_quantity(value) > parse_quantity(maxes[name]):
            errs.invalid(f"{path}.default[{name}]", quantity_text(value),
                         f"default value {quantity_text(value)} is greater than max value "
                         f"{quantity_text(maxes[name])}")
    for name, value in (item.get("min") or {}).items():
        if name in maxes and parse_quantity(value) > parse_quantity(maxes[name]):
            errs.invalid(f"{path}.min[{name}]", quantity_text(value),
                         f"min value {quantity_text(value)} is greater than max value "
                         f"{quantity_text(maxes[name])}")
    del mins


_SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")


def _service(errs: Errors, spec: dict) -> None:
    stype = spec.get("type")
    if stype not in _SERVICE_TYPES:
        errs.unsupported("spec.type", stype, _SERVICE_TYPES)
    headless = spec.get("clusterIP") == "None"
    ports = spec.get("ports") or []
    if stype == "ExternalName":
        if not spec.get("externalName"):
            errs.required("spec.externalName")
    elif not ports and not headless:
        errs.required("spec.ports")
    names: set[str] = set()
    for i, port in enumerate(ports):
        p = f"spec.ports[{i}]"
        name = port.get("name")
        if len(ports) > 1 and not name:
            errs.required(f"{p}.name")
        elif name:
            for msg in dns1123_label(name):
                errs.invalid(f"{p}.name", name, msg)
            if name in names:
                errs.duplicate(f"{p}.name", name)
            names.add(name)
        if "port" not in port:
            errs.required(f"{p}.port")
        else:
            _port_number(errs, f"{p}.port", port["port"])
        if port.get("protocol") not in _PROTOCOLS:
            errs.unsupported(f"{p}.protocol", port.get("protocol"), _PROTOCOLS)
        _port_num_or_name(errs, f"{p}.targetPort", port.get("targetPort"))
        node_port = port.get("nodePort")
        if node_port:
            if stype == "ClusterIP":
                errs.forbidden(f"{p}.nodePort", "may not be used when `type` is 'ClusterIP'")
            elif not 30000 <= node_port <= 32767:
                errs.invalid(f"{p}.nodePort", node_port,
                             "provided port is not in the valid range. The range of valid ports "
                             "is 30000-32767")
    affinity = spec.get("sessionAffinity")
    if affinity not in ("ClientIP", "None"):
        errs.unsupported("spec.sessionAffinity", affinity, ("ClientIP", "None"))
    _labels(errs, "spec.selector", spec.get("selector"))
    for field in ("externalTrafficPolicy", "internalTrafficPolicy"):
        if spec.get(field) not in (None, "Cluster", "Local"):
            errs.unsupported(f"spec.{field}", spec[field], ("Cluster", "Local"))


# --- entry points -----------------------------------------------------------------------------

def _strip_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value]
    return value


def lookup_kind(obj: dict, source: str = "STDIN") -> Kind:
    """The registry entry for a manifest, failing as kubectl does before any request."""
    if not isinstance(obj, dict):
        raise UndecodableObject(f"Object 'Kind' is missing in '{json.dumps(obj)}'", source)
    kind_name, api_version = obj.get("kind"), obj.get("apiVersion")
    compact = json.dumps(obj, separators=(",", ":"), sort_keys=True, default=str)
    if not kind_name:
        raise UndecodableObject(f"Object 'Kind' is missing in '{compact}'", source)
    if not api_version:
        raise UndecodableObject(f"Object 'apiVersion' is missing in '{compact}'", source)
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None or kind.api_version != api_version:
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        raise NoKindMatch(str(kind_name), str(api_version), str(meta.get("name") or ""),
                          str(meta.get("namespace") or ""), source)
    return kind


def validate(obj: dict, source: str = "STDIN") -> dict:
    """Decode, default and validate a manifest as the API server would; returns a new dict."""
    kind = lookup_kind(obj, source)
    model = MODELS[kind.kind]
    version = kind.api_version.rpartition("/")[2]
    decoded = decode(kind.kind, version, model, obj)
    out = _strip_none(decoded.model_dump(by_alias=True, exclude_none=True))
    _defaults(kind.kind, out)
    errs = Errors()
    _object_meta(errs, kind.kind, out.get("metadata") or {})
    _validate_kind(errs, kind.kind, out)
    if errs.items:
        raise FieldInvalid(kind, (out.get("metadata") or {}).get("name")
                           or (out.get("metadata") or {}).get("generateName") or "", errs.items)
    return out


def validate_template(owner_kind: str, template: dict) -> dict:
    """A pod template as a workload of `owner_kind` would hold it, defaulted and checked.

    For controllers and generators that build templates themselves; errors carry
    `spec.template...` paths like the owner's own validation.
    """
    decoded = decode(owner_kind, "v1", core.PodTemplateSpec, template)
    out = _strip_none(decoded.model_dump(by_alias=True, exclude_none=True))
    default_pod_spec(out.setdefault("spec", {}))
    errs = Errors()
    policies = ("OnFailure", "Never") if owner_kind in ("Job", "CronJob") else ("Always",)
    _template(errs, "spec.template", out, policies)
    if errs.items:
        raise FieldInvalid(KINDS[owner_kind], "", errs.items)
    return out
