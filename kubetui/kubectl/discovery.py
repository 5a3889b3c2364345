"""Discovery: what the cluster serves, as `/version`, `/api`, `/apis`, each group-version's
resource list, and the aggregated discovery documents (apidiscovery.k8s.io/v2) kubectl asks
for first. Built from the kind registry (`kubetui.model.kinds`), so a new kind is served and
discovered without touching this file. The one source of these documents for both the HTTP API
(`kubetui.api.server`) and kubetui's own `kubectl get --raw /apis`.
"""

from __future__ import annotations

from kubetui.engine.rest import subresources_of
from kubetui.kubectl.commands._base import ALL_CATEGORY
from kubetui.model.kinds import KINDS, CustomKind, Kind, KindRegistry
from kubetui.model.version import KUBERNETES_VERSION, minor

SERVER_ADDRESS = "127.0.0.1:6443"
"""The API server's address as discovery advertises it (serverAddressByClientCIDRs)."""

VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
SUBRESOURCE_VERBS = {"status": ["get", "patch", "update"], "scale": ["get", "patch", "update"],
                     "eviction": ["create"], "binding": ["create"], "log": ["get"], "exec": ["create", "get"],
                     "attach": ["create", "get"], "portforward": ["create", "get"], "token": ["create"],
                     "finalize": ["update"], "ephemeralcontainers": ["get", "patch", "update"],
                     "approval": ["get", "patch", "update"]}
SUBRESOURCE_KINDS = {"scale": ("autoscaling", "v1", "Scale"), "eviction": ("policy", "v1", "Eviction"),
                     "binding": ("", "v1", "Binding"), "log": ("", "v1", "Pod"), "exec": ("", "v1", "PodExecOptions"),
                     "attach": ("", "v1", "PodAttachOptions"), "portforward": ("", "v1", "PodPortForwardOptions"),
                     "token": ("authentication.k8s.io", "v1", "TokenRequest")}

METRICS_GROUP = "metrics.k8s.io"
METRICS_VERSION = "v1beta1"
METRICS_RESOURCES = [("nodes", "NodeMetrics", False), ("pods", "PodMetrics", True)]

REVIEWS = {"authentication.k8s.io/v1": [("selfsubjectreviews", "SelfSubjectReview")],
           "authorization.k8s.io/v1": [("selfsubjectaccessreviews", "SelfSubjectAccessReview"),
                                       ("selfsubjectrulesreviews", "SelfSubjectRulesReview")]}
"""The review APIs the server answers (create only, cluster-scoped, nothing stored): where
`kubectl auth can-i` and `auth whoami` send their questions."""

SERVER_VERSION = {"major": "1", "minor": minor(KUBERNETES_VERSION), "emulationMajor": "1",
                  "emulationMinor": minor(KUBERNETES_VERSION), "minCompatibilityMajor": "1",
                  "minCompatibilityMinor": str(int(minor(KUBERNETES_VERSION)) - 1), "gitVersion": KUBERNETES_VERSION,
                  "gitCommit": "kubetui", "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z",
                  "goVersion": "go1.25.0", "compiler": "gc", "platform": "linux/amd64"}
"""GET /version. kubectl warns on stderr when client and server minor versions differ by more
than one: v1.36 keeps kubectl 1.35, 1.36 and 1.37 (the tests' reference) quiet; 1.32-1.34 print
the warning and work (docs/fidelity.md, "The version the API server reports")."""

AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


GROUP_PRIORITY = {"": 18000, "apiregistration.k8s.io": 17800, "apps": 17800, "events.k8s.io": 17750,
                  "authentication.k8s.io": 17700, "authorization.k8s.io": 17600, "autoscaling": 17500,
                  "batch": 17400, "certificates.k8s.io": 17300, "networking.k8s.io": 17200, "policy": 17100,
                  "rbac.authorization.k8s.io": 17000, "storage.k8s.io": 16800, "admissionregistration.k8s.io": 16700,
                  "apiextensions.k8s.io": 16700, "scheduling.k8s.io": 16600, "coordination.k8s.io": 16500,
                  "node.k8s.io": 16300, "discovery.k8s.io": 16200, "flowcontrol.apiserver.k8s.io": 16100,
                  "resource.k8s.io": 15900}
"""The kube-aggregator's group priorities: discovery lists groups by priority, then by name
(custom resources' groups at 1000, an APIService like metrics-server's at 100). Within a
version, resources come in the order of their paths (the installer sorts them), so `kubectl get
all` shows daemonsets, deployments, replicasets, statefulsets; cronjobs before jobs."""

ALSO_SERVED = {"autoscaling/v1": ["HorizontalPodAutoscaler"]}
"""Older versions a kind is also served at, converted from its stored version (after it in
discovery: the stored version is the preferred one)."""


def group_versions(kinds: KindRegistry | None = None) -> dict[str, list[Kind]]:
    """Group-version ("v1", "apps/v1") -> its kinds, in the API server's order (groups by
    priority, a group's preferred version first, resources by name); with a cluster's `kinds`,
    each served version of its custom kinds too."""
    out: dict[str, list[Kind]] = {}
    for k in KINDS.values():
        out.setdefault(k.api_version, []).append(k)
    for gv, names in ALSO_SERVED.items():
        out.setdefault(gv, []).extend(KINDS[n] for n in names)
    for c in (kinds.custom.values() if kinds is not None else ()):
        for version in c.versions:
            out.setdefault(f"{c.group}/{version}", []).append(c)
    order = {gv: i for i, gv in enumerate(out)}
    ranked = sorted(out, key=lambda gv: (-GROUP_PRIORITY.get(gv.rpartition("/")[0], 1000), gv.rpartition("/")[0],
                                          order[gv]))
    return {gv: sorted(out[gv], key=lambda k: k.plural) for gv in ranked}


def _groups(kinds: KindRegistry | None = None) -> list[str]:
    """The groups' versions in the API server's order, the review groups among them."""
    served = [gv for gv in group_versions(kinds) if "/" in gv]
    return sorted(served + list(REVIEWS), key=lambda gv: (-GROUP_PRIORITY.get(gv.rpartition("/")[0], 1000),
                                                          gv.rpartition("/")[0], served.index(gv) if gv in served else 0))


def _review_resource(name: str, kind: str) -> dict:
    return {"name": name, "singularName": "", "namespaced": False, "kind": kind, "verbs": ["create"]}


def _categories(k: Kind) -> list[str]:
    if isinstance(k, CustomKind):
        return list(k.categories)
    return ["all"] if k.kind in ALL_CATEGORY else list(k.categories)


def api_versions() -> dict:
    """GET /api."""
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": SERVER_ADDRESS}]}


def api_groups(kinds: KindRegistry | None = None) -> dict:
    """GET /apis."""
    groups: list[dict] = []
    for gv in [*_groups(kinds), f"{METRICS_GROUP}/{METRICS_VERSION}"]:
        group, _, version = gv.partition("/")
        entry = {"groupVersion": gv, "version": version}
        if groups and groups[-1]["name"] == group:
            groups[-1]["versions"].append(entry)
        else:
            groups.append({"name": group, "versions": [entry], "preferredVersion": entry})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def api_group(group: str, kinds: KindRegistry | None = None) -> dict | None:
    """GET /apis/GROUP."""
    for g in api_groups(kinds)["groups"]:
        if g["name"] == group:
            return {"kind": "APIGroup", "apiVersion": "v1", **g}
    return None


def _short(k: Kind) -> list[str]:
    return list(k.short_names)


def resource_list(group_version: str, kinds: KindRegistry | None = None) -> dict | None:
    """GET /api/v1, /apis/GROUP/VERSION: the legacy per group-version resource list."""
    if group_version == f"{METRICS_GROUP}/{METRICS_VERSION}":
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
                "resources": [{"name": name, "singularName": "", "namespaced": namespaced, "kind": kind,
                               "verbs": ["get", "list"]} for name, kind, namespaced in METRICS_RESOURCES]}
    if group_version in REVIEWS:
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
                "resources": [_review_resource(name, kind) for name, kind in REVIEWS[group_version]]}
    served = group_versions(kinds).get(group_version)
    if served is None:
        return None
    resources = []
    for k in served:
        entry = {"name": k.plural, "singularName": k.singular, "namespaced": k.namespaced, "kind": k.kind,
                 "verbs": VERBS}
        if k.short_names:
            entry["shortNames"] = _short(k)
        if _categories(k):
            entry["categories"] = _categories(k)
        resources.append(entry)
        for sub in sorted(subresources_of(k)):
            group, version, kind = SUBRESOURCE_KINDS.get(sub, (k.group, group_version.rpartition("/")[2], k.kind))
            sub_entry = {"name": f"{k.plural}/{sub}", "singularName": "", "namespaced": k.namespaced, "kind": kind,
                         "verbs": SUBRESOURCE_VERBS[sub]}
            if group != k.group:
                sub_entry["group"], sub_entry["version"] = group, version
            resources.append(sub_entry)
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources}


def _aggregated_resource(k: Kind, version: str | None = None) -> dict:
    group, _, stored = k.api_version.rpartition("/")
    version = version or stored
    entry: dict = {"resource": k.plural, "responseKind": {"group": group, "version": version, "kind": k.kind},
                   "scope": "Namespaced" if k.namespaced else "Cluster", "singularResource": k.singular,
                   "verbs": VERBS}
    if k.short_names:
        entry["shortNames"] = _short(k)
    if _categories(k):
        entry["categories"] = _categories(k)
    subs = []
    for sub in sorted(subresources_of(k)):
        g, v, kind = SUBRESOURCE_KINDS.get(sub, (group, version, k.kind))
        subs.append({"subresource": sub, "responseKind": {"group": g, "version": v, "kind": kind},
                     "verbs": SUBRESOURCE_VERBS[sub]})
    if subs:
        entry["subresources"] = subs
    return entry


def aggregated(legacy_core: bool, kinds: KindRegistry | None = None, as_version: str = "v2") -> dict:
    """The aggregated discovery document of /api (legacy_core) or /apis, as apidiscovery.k8s.io
    `as_version` (v2beta1, which kubectl before 1.30 asks for, has the same shape)."""
    items = []
    if legacy_core:
        kinds = group_versions()["v1"]
        items.append({"metadata": {"creationTimestamp": None},
                      "versions": [{"version": "v1", "resources": [_aggregated_resource(k) for k in kinds],
                                    "freshness": "Current"}]})
    else:
        served = group_versions(kinds)
        for gv in _groups(kinds):
            group, _, version = gv.partition("/")
            entry = {"version": version, "freshness": "Current",
                     "resources": [_aggregated_resource(k, version) for k in served[gv]] if gv in served else [
                         {"resource": name, "responseKind": {"group": group, "version": version, "kind": kind},
                          "scope": "Cluster", "singularResource": "", "verbs": ["create"]}
                         for name, kind in REVIEWS[gv]]}
            if items and items[-1]["metadata"]["name"] == group:
                items[-1]["versions"].append(entry)
            else:
                items.append({"metadata": {"name": group, "creationTimestamp": None}, "versions": [entry]})
        items.append({"metadata": {"name": METRICS_GROUP, "creationTimestamp": None},
                      "versions": [{"version": METRICS_VERSION, "freshness": "Current", "resources": [
                          {"resource": name, "responseKind": {"group": METRICS_GROUP, "version": METRICS_VERSION,
                                                              "kind": kind},
                           "scope": "Namespaced" if namespaced else "Cluster", "singularResource": "",
                           "verbs": ["get", "list"]} for name, kind, namespaced in METRICS_RESOURCES]}]})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": f"apidiscovery.k8s.io/{as_version}", "metadata": {},
            "items": items}


def document(path: str, kinds: KindRegistry | None = None) -> dict | None:
    """The legacy (unaggregated) discovery document a GET of `path` answers: /version, /api,
    /apis, /apis/GROUP, /api/v1 or /apis/GROUP/VERSION; None for any other path."""
    if path == "/version":
        return SERVER_VERSION
    if path == "/api":
        return api_versions()
    if path == "/apis":
        return api_groups(kinds)
    parts = path.strip("/").split("/")
    if parts[0] == "apis" and len(parts) == 2:
        return api_group(parts[1], kinds)
    if (parts[0] == "api" and len(parts) == 2) or (parts[0] == "apis" and len(parts) == 3):
        return resource_list("/".join(parts[1:]), kinds)
    return None


def is_discovery(path: str) -> bool:
    """Whether `path` is one of discovery's (rather than a resource's)."""
    parts = path.strip("/").split("/")
    return path in ("/version", "/api", "/apis") or (parts[0] == "api" and len(parts) == 2) or (
        parts[0] == "apis" and len(parts) in (2, 3))


def aggregated_content_type(version: str) -> str:
    return AGGREGATED.replace("v=v2;", f"v={version};")


def wants_aggregated(accept: str) -> str | None:
    """The apidiscovery.k8s.io version kubectl asks for first (v2 since 1.30, v2beta1 before),
    None for the legacy documents it falls back to. Answering v2 to a client that asked only for
    v2beta1 would read as an empty legacy list to it (so `kubectl top` found no metrics API)."""
    for part in accept.split(","):
        params = {p.split("=", 1)[0].strip(): p.split("=", 1)[-1].strip() for p in part.split(";")[1:]}
        if params.get("g") == "apidiscovery.k8s.io" and params.get("v") in ("v2", "v2beta1") \
                and params.get("as") == "APIGroupDiscoveryList":
            return params["v"]
    return None
