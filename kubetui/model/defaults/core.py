"""Defaults of the core group (v1): pods and pod templates, Service, Namespace, Secret,
PersistentVolume(Claim), Node, Endpoints, LimitRange, ReplicationController."""

from __future__ import annotations


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


VOLUME_SOURCES = (
    "hostPath", "emptyDir", "secret", "nfs", "persistentVolumeClaim", "downwardAPI",
    "configMap", "projected", "csi", "ephemeral",
)


def _default_volume(v: dict) -> None:
    if not any(k in v for k in VOLUME_SOURCES):
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
    for c in (*spec.get("initContainers", ()), *spec.get("containers", ()), *spec.get("ephemeralContainers", ())):
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


def default_template(spec: dict | None, *, optional: bool = False) -> None:
    """Template pod defaults. In Go the template is a struct value (an absent one is empty and
    still defaulted), except ReplicationController's, which is a pointer (`optional`)."""
    if spec is None or (optional and not isinstance(spec.get("template"), dict)):
        return
    default_pod_spec(spec.setdefault("template", {}).setdefault("spec", {}))


def default_pvc_spec(spec: dict) -> None:
    spec.setdefault("volumeMode", "Filesystem")


def _pod(obj: dict) -> None:
    default_pod_spec(obj.setdefault("spec", {}), pod=True)


def _replication_controller(obj: dict) -> None:
    meta = obj["metadata"]
    spec = obj.setdefault("spec", {})
    labels = (spec.get("template") or {}).get("metadata", {}).get("labels")
    if labels is not None:
        if not spec.get("selector"):
            spec["selector"] = dict(labels)
        if not meta.get("labels"):
            meta["labels"] = dict(labels)
    spec.setdefault("replicas", 1)
    default_template(spec, optional=True)


def _service(obj: dict) -> None:
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


def _namespace(obj: dict) -> None:
    meta = obj["metadata"]
    if meta.get("name"):
        meta.setdefault("labels", {})["kubernetes.io/metadata.name"] = meta["name"]
    obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
    obj.setdefault("status", {}).setdefault("phase", "Active")


def _secret(obj: dict) -> None:
    obj.setdefault("type", "Opaque")


def _persistent_volume_claim(obj: dict) -> None:
    default_pvc_spec(obj.setdefault("spec", {}))
    obj.setdefault("status", {}).setdefault("phase", "Pending")


def _persistent_volume(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
    spec.setdefault("volumeMode", "Filesystem")
    if "hostPath" in spec:
        spec["hostPath"].setdefault("type", "")
    obj.setdefault("status", {}).setdefault("phase", "Pending")


def _node(obj: dict) -> None:
    status = obj.get("status")
    if status and "capacity" in status and "allocatable" not in status:
        status["allocatable"] = dict(status["capacity"])


def _endpoints(obj: dict) -> None:
    for subset in obj.get("subsets", ()):
        for port in subset.get("ports", ()):
            port.setdefault("protocol", "TCP")


def _limit_range(obj: dict) -> None:
    for item in (obj.get("spec") or {}).get("limits", ()):
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


DEFAULTS = {
    "Pod": _pod,
    "ReplicationController": _replication_controller,
    "Service": _service,
    "Namespace": _namespace,
    "Secret": _secret,
    "PersistentVolumeClaim": _persistent_volume_claim,
    "PersistentVolume": _persistent_volume,
    "Node": _node,
    "Endpoints": _endpoints,
    "LimitRange": _limit_range,
}
