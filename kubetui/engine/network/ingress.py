"""HTTP routing as ingress-nginx does it: which Service answers a request for host/path.

The simulated controller (controllers/ingress.py) serves the Ingresses of its IngressClass
(`nginx`, controller `k8s.io/ingress-nginx`). A request is routed as nginx routes it:

- the server: the rules whose host equals the request's host, else a wildcard rule
  (`*.example.com` matches exactly one more label), else the rules without a host;
- the location: the longest matching path; for the same path `Exact` beats `Prefix`;
  `Prefix` matches whole path elements (`/foo` matches `/foo` and `/foo/bar`, not `/foobar`),
  `ImplementationSpecific` is nginx's plain string prefix; on a tie the oldest Ingress wins;
- no path matches: the default backend of the Ingress that owns that host (or, on the
  catch-all server, of the oldest Ingress that has one), else the controller's own: 404;
- a backend Service that is missing, has no such port, or no ready endpoints: 503.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubetui.engine.store import Store

CONTROLLER = "k8s.io/ingress-nginx"
CLASS_NAME = "nginx"
CONTROLLER_NAMESPACE = "ingress-nginx"
CONTROLLER_LABELS = {"app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx",
                     "app.kubernetes.io/name": "ingress-nginx"}
"""Where the controller's pods run and how they are labelled (NetworkPolicies see this)."""
LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


def ingress_class() -> dict:
    """The IngressClass ingress-nginx installs, marked as the cluster's default."""
    return {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
            "metadata": {"name": CLASS_NAME,
                         "labels": {"app.kubernetes.io/component": "controller",
                                    "app.kubernetes.io/instance": "ingress-nginx",
                                    "app.kubernetes.io/name": "ingress-nginx"},
                         "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
            "spec": {"controller": CONTROLLER}}


def handled(store: Store, ing: dict) -> bool:
    """Whether ingress-nginx serves this Ingress: its class names an IngressClass of
    controller k8s.io/ingress-nginx (or the legacy annotation says `nginx`)."""
    name = (ing.get("spec") or {}).get("ingressClassName")
    if name:
        ic = store.get("IngressClass", None, name)
        return ic is not None and (ic.get("spec") or {}).get("controller") == CONTROLLER
    return (ing["metadata"].get("annotations") or {}).get(LEGACY_CLASS_ANNOTATION) == CLASS_NAME


def path_matches(path_type: str, rule_path: str, request_path: str) -> bool:
    if path_type == "Exact":
        return request_path == rule_path
    if path_type == "Prefix":
        want = [p for p in rule_path.split("/") if p]
        got = [p for p in request_path.split("/") if p]
        return got[:len(want)] == want
    return request_path.startswith(rule_path or "/")


def host_matches(rule_host: str, host: str) -> bool:
    """A wildcard host covers exactly one label in front of its suffix."""
    if rule_host.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == rule_host[2:]
    return rule_host == host


@dataclass
class Route:
    """Where one request went: the HTTP status nginx answers and, for a backend, the Service."""

    status: int
    ingress: tuple[str, str] | None = None
    service: tuple[str, str] | None = None
    port: dict | None = None
    """The backend's `service.port` ({number} or {name})."""
    reason: str = ""


def served_ingresses(store: Store) -> list[dict]:
    """The Ingresses nginx has loaded, oldest first (its configuration; ties broken by name)."""
    found = [i for i in store.iter("Ingress") if handled(store, i)]
    return sorted(found, key=lambda i: (i["metadata"].get("creationTimestamp", ""), i["metadata"]["namespace"],
                                        i["metadata"]["name"]))


def route(store: Store, host: str, path: str, ingresses: list[dict] | None = None) -> Route:
    """The route of a request for `host` + `path` through ingress-nginx (see the module doc);
    `ingresses` is `served_ingresses(store)` when the caller routes many requests at once."""
    host = host.lower().partition(":")[0]
    path = path or "/"
    if ingresses is None:
        ingresses = served_ingresses(store)
    rules = [(ing, rule) for ing in ingresses for rule in (ing.get("spec") or {}).get("rules") or ()]
    server = [(ing, r) for ing, r in rules if r.get("host") and r["host"] == host]
    if not server:
        server = [(ing, r) for ing, r in rules if (r.get("host") or "").startswith("*.")
                  and host_matches(r["host"], host)]
    catch_all = not server
    if catch_all:
        server = [(ing, r) for ing, r in rules if not r.get("host")]
    best = None
    for order, (ing, rule) in enumerate(server):
        for p in (rule.get("http") or {}).get("paths") or ():
            ptype, rule_path = p.get("pathType", "ImplementationSpecific"), p.get("path") or "/"
            if path_matches(ptype, rule_path, path):
                rank = (len(rule_path), ptype == "Exact", -order)
                if best is None or rank > best[0]:
                    best = (rank, ing, p.get("backend") or {})
    if best is not None:
        return _backend(store, best[1], best[2])
    owners = [ing for ing, _ in server] if not catch_all else ingresses
    for ing in owners:
        default = (ing.get("spec") or {}).get("defaultBackend")
        if default:
            return _backend(store, ing, default)
    return Route(404, reason=f"no rule for {host or '*'}{path}")


def _backend(store: Store, ing: dict, backend: dict) -> Route:
    key = (ing["metadata"]["namespace"], ing["metadata"]["name"])
    service = backend.get("service")
    if service is None:
        return Route(503, key, reason="the backend is not a Service")
    ns, name = key[0], service.get("name", "")
    port = service.get("port") or {}
    svc = store.get("Service", ns, name)
    if svc is None:
        return Route(503, key, (ns, name), port, f'service "{ns}/{name}" not found')
    if service_port(svc, port) is None:
        shown = port.get("number") or port.get("name")
        return Route(503, key, (ns, name), port, f'service "{ns}/{name}" does not have port {shown}')
    return Route(200, key, (ns, name), port)


def service_port(svc: dict, port: dict) -> dict | None:
    """The Service port an Ingress backend names (by number or by name)."""
    for sp in (svc.get("spec") or {}).get("ports") or ():
        if (port.get("number") and sp.get("port") == port["number"]) or \
                (port.get("name") and sp.get("name") == port["name"]):
            return sp
    return None
