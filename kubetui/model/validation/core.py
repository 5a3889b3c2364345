"""Validation of the core group (v1): Pod and pod templates, Service, ConfigMap, Secret,
PersistentVolume(Claim), ResourceQuota, LimitRange, ReplicationController."""

from __future__ import annotations

import re
from typing import Any

from ..defaults.core import VOLUME_SOURCES
from ..labels import from_map
from ..quantity import parse_quantity, quantity_text
from .affinity import validate_affinity, validate_topology_spread
from .field import Errors, spec_non_negative
from .meta import (
    dns1123_label,
    dns1123_subdomain,
    label_value,
    qualified_name,
    validate_annotations,
    validate_labels,
)

_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
_IANA_SVC_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")

CONFIG_KEY_MSG = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
)


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


PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
"""A handler's types in the order the API server checks them: the first one set counts, each
later one is refused."""


def _handler(errs: Errors, path: str, handler: dict, types: tuple[str, ...]) -> None:
    """A probe's or lifecycle hook's handler names exactly one type."""
    given = [h for h in types if handler.get(h) is not None]
    for extra in given[1:]:
        errs.forbidden(f"{path}.{extra}", "may not specify more than 1 handler type")
    if not given:
        errs.required(path, "must specify a handler type")
        return
    first = given[0]
    if first == "httpGet":
        _port_num_or_name(errs, f"{path}.httpGet.port", handler["httpGet"].get("port"))
        if handler["httpGet"].get("scheme") not in (None, "HTTP", "HTTPS"):
            errs.unsupported(f"{path}.httpGet.scheme", handler["httpGet"]["scheme"], ("HTTP", "HTTPS"))
    elif first == "tcpSocket":
        _port_num_or_name(errs, f"{path}.tcpSocket.port", handler["tcpSocket"].get("port"))
    elif first == "exec" and not handler["exec"].get("command"):
        errs.required(f"{path}.exec.command")


def _lifecycle(errs: Errors, path: str, lifecycle: dict | None) -> None:
    for hook in ("postStart", "preStop"):
        handler = (lifecycle or {}).get(hook)
        if handler is not None:
            _handler(errs, f"{path}.{hook}", handler, LIFECYCLE_HANDLERS)


def _probe(errs: Errors, path: str, probe: dict | None, *, must_be_one: bool) -> None:
    if probe is None:
        return
    _handler(errs, path, probe, PROBE_HANDLERS)
    for field in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                  "successThreshold", "failureThreshold"):
        errs.non_negative(f"{path}.{field}", probe.get(field))
    if must_be_one and probe.get("successThreshold", 1) != 1:
        errs.invalid(f"{path}.successThreshold", probe["successThreshold"], "must be 1")


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


def _env_from_source(errs: Errors, path: str, source: dict) -> None:
    """Exactly one of configMapRef and secretRef, each naming its object."""
    refs = [k for k in ("configMapRef", "secretRef") if source.get(k) is not None]
    for ref in refs:
        name = source[ref].get("name")
        if not name:
            errs.required(f"{path}.{ref}.name")
        else:
            for msg in dns1123_subdomain(name):
                errs.invalid(f"{path}.{ref}.name", name, msg)
    if not refs:
        errs.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`")
    elif len(refs) > 1:
        errs.invalid(path, "", "may not have more than one field specified at a time")


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
        for j, source in enumerate(c.get("envFrom") or ()):
            _env_from_source(errs, f"{p}.envFrom[{j}]", source)
        for j, mount in enumerate(c.get("volumeMounts") or ()):
            mp = f"{p}.volumeMounts[{j}]"
            if not mount.get("name"):
                errs.required(f"{mp}.name")
            elif mount["name"] not in volumes:
                errs.not_found(f"{mp}.name", mount["name"])
            if not mount.get("mountPath"):
                errs.required(f"{mp}.mountPath")
        _resources(errs, f"{p}.resources", c.get("resources"))
        restart = c.get("restartPolicy")
        if not init and restart is not None:
            errs.forbidden(f"{p}.restartPolicy", "may not be set for non-init containers")
        if init and restart is not None and restart != "Always":
            errs.unsupported(f"{p}.restartPolicy", restart, ("Always",))
        if init and restart != "Always":
            for probe in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
                if c.get(probe) is not None:
                    errs.forbidden(f"{p}.{probe}", "may not be set for init containers "
                                   "without restartPolicy=Always")
        else:
            _lifecycle(errs, f"{p}.lifecycle", c.get("lifecycle"))
            _probe(errs, f"{p}.livenessProbe", c.get("livenessProbe"), must_be_one=True)
            _probe(errs, f"{p}.readinessProbe", c.get("readinessProbe"), must_be_one=False)
            _probe(errs, f"{p}.startupProbe", c.get("startupProbe"), must_be_one=True)


EPHEMERAL_FORBIDDEN = ("ports", "resources", "resizePolicy", "restartPolicy", "livenessProbe", "readinessProbe",
                      "startupProbe", "lifecycle")
"""Container fields an ephemeral container may not set (in Go struct order): it must not become
part of what the pod serves or needs."""


def _ephemeral_containers(errs: Errors, path: str, spec: dict, volumes: set[str], seen: set[str]) -> None:
    """validateEphemeralContainers: a container's rules, names unique across the pod, a target
    among the pod's other containers, and no ports, resources, probes or lifecycle."""
    ephemeral = spec.get("ephemeralContainers") or []
    if not ephemeral:
        return
    others = {c.get("name") for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])}
    common = [{k: v for k, v in c.items() if k not in EPHEMERAL_FORBIDDEN} for c in ephemeral]
    _containers(errs, path, common, volumes, seen, init=False)
    for i, c in enumerate(ephemeral):
        p = f"{path}[{i}]"
        target = c.get("targetContainerName")
        if target and target not in others:
            errs.not_found(f"{p}.targetContainerName", target)
        for field in EPHEMERAL_FORBIDDEN:
            if c.get(field):
                errs.forbidden(f"{p}.{field}", "cannot be set for an Ephemeral Container")
        for j, mount in enumerate(c.get("volumeMounts") or ()):
            for field in ("subPath", "subPathExpr"):
                if mount.get(field):
                    errs.forbidden(f"{p}.volumeMounts[{j}].{field}", "cannot be set for an Ephemeral Container")


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
        sources = [k for k in VOLUME_SOURCES if k in v]
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
        for kind in ("configMap", "secret", "downwardAPI"):
            if isinstance(v.get(kind), dict):
                _file_modes(errs, f"{p}.{kind}", v[kind])
        if isinstance(v.get("projected"), dict):
            _projected(errs, f"{p}.projected", v["projected"])
        if isinstance(v.get("downwardAPI"), dict):
            for j, item in enumerate(v["downwardAPI"].get("items") or ()):
                _downward_file(errs, f"{p}.downwardAPI.items[{j}]", item)
    return names


FILE_MODE_MSG = "must be a number between 0 and 0777 (octal), both inclusive"
DOWNWARD_VOLUME_FIELDS = ("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
                          "metadata.uid")


def _file_modes(errs: Errors, path: str, source: dict) -> None:
    """A file mode above 0777 is refused (`defaultMode: 755` meant in octal is 01363)."""
    mode = source.get("defaultMode")
    if isinstance(mode, int) and not 0 <= mode <= 0o777:
        errs.invalid(f"{path}.defaultMode", mode, FILE_MODE_MSG)
    for i, item in enumerate(source.get("items") or ()):
        mode = (item or {}).get("mode")
        if isinstance(mode, int) and not 0 <= mode <= 0o777:
            errs.invalid(f"{path}.items[{i}].mode", mode, FILE_MODE_MSG)


def _projected(errs: Errors, path: str, projected: dict) -> None:
    """validateProjectedVolumeSource: one projection per source, no two files at one path."""
    mode = projected.get("defaultMode")
    if isinstance(mode, int) and not 0 <= mode <= 0o777:
        errs.invalid(f"{path}.defaultMode", mode, FILE_MODE_MSG)
    paths: set[str] = set()

    def claim(file_path: str, shown) -> None:
        if file_path in paths:
            errs.invalid(path, shown, "conflicting duplicate paths")
        paths.add(file_path)

    for i, source in enumerate(projected.get("sources") or ()):
        sp = f"{path}.sources[{i}]"
        kinds = [k for k in ("secret", "downwardAPI", "configMap", "serviceAccountToken", "clusterTrustBundle")
                 if (source or {}).get(k) is not None]
        for kind in ("secret", "configMap"):
            ref = (source or {}).get(kind)
            if not isinstance(ref, dict):
                continue
            if not ref.get("name"):
                errs.required(f"{sp}.{kind}.name")
            for j, item in enumerate(ref.get("items") or ()):
                ip = f"{sp}.{kind}.items[{j}]"
                if not item.get("key"):
                    errs.required(f"{ip}.key")
                if not item.get("path"):
                    errs.required(f"{ip}.path")
                else:
                    _local_path(errs, f"{ip}.path", item["path"])
                    claim(item["path"], ref.get("name", ""))
        if isinstance((source or {}).get("downwardAPI"), dict):
            for item in source["downwardAPI"].get("items") or ():
                _downward_file(errs, f"{sp}.downwardAPI", item)
                if item.get("path"):
                    claim(item["path"], item["path"])
        token = (source or {}).get("serviceAccountToken")
        if isinstance(token, dict):
            tp = f"{sp}.serviceAccountToken"
            seconds = token.get("expirationSeconds", 3600)
            if isinstance(seconds, int) and seconds < 600:
                errs.invalid(f"{tp}.expirationSeconds", seconds, "may not specify a duration less than 10 minutes")
            elif isinstance(seconds, int) and seconds > 1 << 32:
                errs.invalid(f"{tp}.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds")
            if not token.get("path"):
                errs.required(f"{path}.path")
            else:
                _local_path(errs, f"{path}.path", token["path"])
                claim(token["path"], token["path"])
        if len(kinds) > 1:
            errs.forbidden(sp, "may not specify more than 1 volume type per source")


def _downward_file(errs: Errors, path: str, item: dict) -> None:
    if not item.get("path"):
        errs.required(f"{path}.path")
    else:
        _local_path(errs, f"{path}.path", item["path"])
    ref = item.get("fieldRef")
    if isinstance(ref, dict):
        field = ref.get("fieldPath", "")
        base = field.split("[", 1)[0] if "[" in field else field
        if base not in DOWNWARD_VOLUME_FIELDS:
            errs.unsupported(f"{path}.fieldRef.fieldPath", field, DOWNWARD_VOLUME_FIELDS)
    elif "resourceFieldRef" not in item:
        errs.required(path, "one of fieldRef and resourceFieldRef is required")


def _local_path(errs: Errors, path: str, value: str) -> None:
    """ValidateLocalNonReservedPath: relative, without `..`, not starting with `..`."""
    if value.startswith("/"):
        errs.invalid(path, value, "must be a relative path")
    if ".." in value.split("/"):
        errs.invalid(path, value, "must not contain '..'")
    elif value.startswith(".."):
        errs.invalid(path, value, "must not start with '..'")


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
    _ephemeral_containers(errs, f"{path}.ephemeralContainers", spec, volumes, seen)
    policy = spec.get("restartPolicy")
    if policy not in restart_policies:
        errs.unsupported(f"{path}.restartPolicy", policy, restart_policies)
    if spec.get("dnsPolicy") not in _DNS_POLICIES:
        errs.unsupported(f"{path}.dnsPolicy", spec.get("dnsPolicy"), _DNS_POLICIES)
    validate_labels(errs, f"{path}.nodeSelector", spec.get("nodeSelector"))
    validate_affinity(errs, f"{path}.affinity", spec.get("affinity"))
    validate_topology_spread(errs, f"{path}.topologySpreadConstraints", spec.get("topologySpreadConstraints"))
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
        if t.get("key"):
            for msg in qualified_name(str(t["key"])):
                errs.invalid(f"{p}.key", t["key"], msg)
        if not t.get("key") and op != "Exists":
            errs.invalid(f"{p}.operator", op or "",
                         "operator must be Exists when `key` is empty, which means \"match all "
                         "values and all keys\"")
        effect = t.get("effect")
        if t.get("tolerationSeconds") is not None and effect != "NoExecute":
            errs.invalid(f"{p}.effect", effect or "",
                         "effect must be 'NoExecute' when `tolerationSeconds` is set")
        if op in (None, "", "Equal"):
            if label_value(str(t.get("value") or "")):
                errs.invalid(f"{p}.operator", t["value"], ";".join(label_value(str(t["value"]))))
        elif op == "Exists":
            if t.get("value"):
                errs.invalid(f"{p}.operator", t["value"], "value must be empty when `operator` is 'Exists'")
        else:
            errs.unsupported(f"{p}.operator", op, _TOLERATION_OPS)
        if effect not in (None, "", *_TAINT_EFFECTS):
            errs.unsupported(f"{p}.effect", effect, _TAINT_EFFECTS)


def pod_template(errs: Errors, path: str, template: dict | None,
              restart_policies: tuple[str, ...] = ("Always",)) -> None:
    if template is None:
        errs.required(path)
        return
    meta = template.get("metadata") or {}
    validate_labels(errs, f"{path}.metadata.labels", meta.get("labels"))
    validate_annotations(errs, f"{path}.metadata.annotations", meta.get("annotations"))
    validate_pod_spec(errs, f"{path}.spec", template.get("spec") or {}, restart_policies)


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


def _service_spec(errs: Errors, spec: dict) -> None:
    stype = spec.get("type")
    if stype not in _SERVICE_TYPES:
        errs.unsupported("spec.type", stype, _SERVICE_TYPES)
    headless = spec.get("clusterIP") == "None"
    ports = spec.get("ports") or []
    if stype == "ExternalName":
        cname = (spec.get("externalName") or "").removesuffix(".")
        if not cname:
            errs.required("spec.externalName")
        for msg in dns1123_subdomain(cname) if cname else ():
            errs.invalid("spec.externalName", cname, msg)
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
    validate_labels(errs, "spec.selector", spec.get("selector"))
    for field in ("externalTrafficPolicy", "internalTrafficPolicy"):
        if spec.get(field) not in (None, "Cluster", "Local"):
            errs.unsupported(f"spec.{field}", spec[field], ("Cluster", "Local"))


def _pod(errs: Errors, obj: dict) -> None:
    validate_pod_spec(errs, "spec", obj.get("spec") or {})


def _replication_controller(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    spec_non_negative(errs, spec, "replicas", "minReadySeconds")
    selector = spec.get("selector") or {}
    if not selector:
        errs.required("spec.selector")
    validate_labels(errs, "spec.selector", selector)
    template = spec.get("template")
    labels = ((template or {}).get("metadata") or {}).get("labels") or {}
    if selector and template is not None and not from_map(selector).matches(labels):
        errs.invalid("spec.template.metadata.labels", labels,
                     "`selector` does not match template `labels`")
    pod_template(errs, "spec.template", template)


def _service(errs: Errors, obj: dict) -> None:
    _service_spec(errs, obj.get("spec") or {})


def _config_keys(errs: Errors, obj: dict) -> None:
    """ConfigMap and Secret: every key must be a valid config key."""
    for field in ("data", "binaryData", "stringData"):
        for key in obj.get(field) or {}:
            if not _CONFIG_KEY.match(key):
                errs.invalid(f"{field}[{key}]", key, CONFIG_KEY_MSG)


def _secret(errs: Errors, obj: dict) -> None:
    """Config keys; and a legacy token Secret names the ServiceAccount the token controller fills it for."""
    _config_keys(errs, obj)
    if obj.get("type") == "kubernetes.io/service-account-token" and \
            not (obj["metadata"].get("annotations") or {}).get("kubernetes.io/service-account.name"):
        errs.required("metadata.annotations[kubernetes.io/service-account.name]")


def _persistent_volume_claim(errs: Errors, obj: dict) -> None:
    _pvc_spec(errs, "spec", obj.get("spec") or {})


def _persistent_volume(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
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


def _resource_quota(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    for name, value in (spec.get("hard") or {}).items():
        if parse_quantity(value) < 0:
            errs.invalid(f"spec.hard[{name}]", quantity_text(value),
                         "must be greater than or equal to 0")
    _quota_scopes(errs, spec)


def _limit_range(errs: Errors, obj: dict) -> None:
    for i, item in enumerate((obj.get("spec") or {}).get("limits") or ()):
        ltype = item.get("type")
        if ltype not in ("Container", "Pod", "PersistentVolumeClaim"):
            errs.unsupported(f"spec.limits[{i}].type", ltype,
                             ("Container", "Pod", "PersistentVolumeClaim"))
        _limit_range_item(errs, f"spec.limits[{i}]", item)


def _go_quote(value: Any) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node(errs: Errors, obj: dict) -> None:
    """validateNodeTaints: each taint's key a qualified name, its value a label value, its effect
    one of three; unique by key and effect."""
    seen: set[tuple[str, str]] = set()
    for i, taint in enumerate((obj.get("spec") or {}).get("taints") or ()):
        p = f"spec.taints[{i}]"
        key, value, effect = str(taint.get("key") or ""), str(taint.get("value") or ""), taint.get("effect") or ""
        for msg in qualified_name(key):
            errs.invalid(f"{p}.key", key, msg)
        if label_value(value):
            errs.invalid(f"{p}.value", value, ";".join(label_value(value)))
        if not effect:
            errs.required(f"{p}.effect")
        elif effect not in _TAINT_EFFECTS:
            errs.unsupported(f"{p}.effect", effect, _TAINT_EFFECTS)
        if (key, effect) in seen:
            added = "(*v1.Time)(nil)" if taint.get("timeAdded") is None else "&v1.Time{…}"
            errs.items.append((p, f"Duplicate value: core.Taint{{Key:{_go_quote(key)}, Value:{_go_quote(value)}, "
                                  f"Effect:{_go_quote(effect)}, TimeAdded:{added}}}: taints must be unique by key "
                                  "and effect pair"))
            continue
        seen.add((key, effect))


VALIDATORS = {
    "Node": _node,
    "Pod": _pod,
    "ReplicationController": _replication_controller,
    "Service": _service,
    "ConfigMap": _config_keys,
    "Secret": _secret,
    "PersistentVolumeClaim": _persistent_volume_claim,
    "PersistentVolume": _persistent_volume,
    "ResourceQuota": _resource_quota,
    "LimitRange": _limit_range,
}
