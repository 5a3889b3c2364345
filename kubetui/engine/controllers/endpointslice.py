"""The EndpointSlice controller: each Service with a selector gets EndpointSlices listing the
pods it selects, at most 100 endpoints a slice, one set of slices per distinct port list.

Unlike Endpoints, a slice keeps terminating pods, with conditions that say what they are:
`ready` (may get new traffic), `serving` (passes readiness, even while terminating) and
`terminating`. Slices are owned by their Service, so the garbage collector removes them with
it; a Service with no endpoints keeps one empty placeholder slice. `default/kubernetes` gets
the slice the API server keeps, named `kubernetes`. Slice names
are the Service's name and a suffix derived from its uid (no draw on the simulation's random
generator, so adding slices changes no other name).
"""

from __future__ import annotations

import hashlib

from kubetui.engine.controllers.base import Key
from kubetui.engine.controllers.endpoints import (
    APISERVER_PORT,
    TRIGGER_TIME,
    ServiceEndpointsController,
    _ready,
    apiserver_ip,
    pod_ports,
)
from kubetui.engine.network.addresses import ip_sort_key
from kubetui.engine.simulation import SUFFIX_ALPHABET
from kubetui.engine.store import controller_ref
from kubetui.model.clock import timestamp
from kubetui.model.labels import from_map

SERVICE_NAME = "kubernetes.io/service-name"
MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
CONTROLLER = "endpointslice-controller.k8s.io"
MAX_ENDPOINTS = 100
"""maxEndpointsPerSlice's default."""


def slice_name(service: str, uid: str, n: int) -> str:
    digest = hashlib.sha256(f"{uid}/{n}".encode()).digest()
    return f"{service[:57]}-" + "".join(SUFFIX_ALPHABET[b % len(SUFFIX_ALPHABET)] for b in digest[:5])


class EndpointSliceController(ServiceEndpointsController):
    name = "endpointslice-controller"

    def reconcile(self, key: Key) -> None:
        ns, name = key
        svc = self.store.get("Service", ns, name)
        if svc is None:
            return  # its slices go with it (ownerReferences)
        spec = svc.get("spec") or {}
        if ns == "default" and name == "kubernetes":
            self._apiserver_slice()
            return
        if not spec.get("selector") or spec.get("type") == "ExternalName":
            return
        groups = self._groups(svc)
        labels = {k: v for k, v in (svc["metadata"].get("labels") or {}).items() if k != SERVICE_NAME}
        labels.update({MANAGED_BY: CONTROLLER, SERVICE_NAME: name})
        if spec.get("clusterIP") == "None":
            labels["service.kubernetes.io/headless"] = ""
        desired: list[tuple[list | None, list | None]] = []
        for group in sorted(groups, key=repr):
            members = groups[group]
            for start in range(0, max(len(members), 1), MAX_ENDPOINTS):
                desired.append((list(group), members[start:start + MAX_ENDPOINTS]))
        owned = [s for s in self.store.iter("EndpointSlice", ns)
                 if (s["metadata"].get("labels") or {}).get(SERVICE_NAME) == name
                 and (s["metadata"].get("labels") or {}).get(MANAGED_BY) == CONTROLLER]
        owned.sort(key=lambda s: s["metadata"]["name"])
        taken = {s["metadata"]["name"] for s in owned}
        owner = controller_ref(svc)
        n = 0
        for i, (ports, endpoints) in enumerate(desired or [(None, None)]):
            body = {"addressType": "IPv4", "endpoints": endpoints,
                    "ports": None if ports is None else [_port(p) for p in ports]}
            if i < len(owned):
                current = owned[i]
                same = all(current.get(k) == v for k, v in body.items()) \
                    and (current["metadata"].get("labels") or {}) == labels
                if not same:
                    meta = {**current["metadata"], "labels": labels,
                            "annotations": {**(current["metadata"].get("annotations") or {}),
                                            TRIGGER_TIME: timestamp(self.sim.tick)}}
                    self.store.update({**current, **body, "metadata": meta}, admit=False)
                continue
            new_name = slice_name(name, svc["metadata"]["uid"], n)
            while new_name in taken:
                n += 1
                new_name = slice_name(name, svc["metadata"]["uid"], n)
            taken.add(new_name)
            meta = {"name": new_name, "namespace": ns, "labels": labels, "ownerReferences": [owner],
                    "annotations": {TRIGGER_TIME: timestamp(self.sim.tick)}, "generateName": f"{name}-"}
            self.store.create({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": meta,
                               **body}, admit=False)
        for extra in owned[max(len(desired), 1):]:
            self.store.remove("EndpointSlice", ns, extra["metadata"]["name"])

    def _groups(self, svc: dict) -> dict[tuple, list[dict]]:
        """Endpoints by the port list their pod resolves the Service's ports to."""
        spec = svc["spec"]
        ns = svc["metadata"]["namespace"]
        publish_not_ready = bool(spec.get("publishNotReadyAddresses"))
        groups: dict[tuple, list[dict]] = {}
        for pod in self.store.list("Pod", ns, from_map(spec["selector"])):
            status = pod.get("status") or {}
            if not status.get("podIP") or status.get("phase") in ("Succeeded", "Failed"):
                continue
            served = pod_ports(pod, spec)
            if served is None:
                continue
            ports = tuple((p.get("name", ""), p["port"], p["protocol"], p.get("appProtocol")) for p in served)
            terminating = bool(pod["metadata"].get("deletionTimestamp"))
            serving = publish_not_ready or _ready(pod)
            endpoint: dict = {"addresses": [status["podIP"]],
                              "conditions": {"ready": serving and not terminating, "serving": serving,
                                             "terminating": terminating}}
            if pod["spec"].get("hostname") and pod["spec"].get("subdomain") == svc["metadata"]["name"]:
                endpoint["hostname"] = pod["spec"]["hostname"]
            if pod["spec"].get("nodeName"):
                endpoint["nodeName"] = pod["spec"]["nodeName"]
            endpoint["targetRef"] = {"kind": "Pod", "name": pod["metadata"]["name"], "namespace": ns,
                                     "uid": pod["metadata"]["uid"]}
            groups.setdefault(ports, []).append(endpoint)
        for endpoints in groups.values():
            endpoints.sort(key=lambda e: (ip_sort_key(e["addresses"][0]), e["targetRef"]["uid"]))
        return groups

    def _apiserver_slice(self) -> None:
        ip = apiserver_ip(self.store)
        body = {"addressType": "IPv4",
                "endpoints": [{"addresses": [ip], "conditions": {"ready": True}}] if ip else [],
                "ports": [{"name": "https", "port": APISERVER_PORT, "protocol": "TCP"}]}
        current = self.store.get("EndpointSlice", "default", "kubernetes")
        if current is None:
            meta = {"name": "kubernetes", "namespace": "default", "labels": {SERVICE_NAME: "kubernetes"}}
            self.store.create({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": meta,
                               **body}, admit=False)
        elif any(current.get(k) != v for k, v in body.items()):
            self.store.update({**current, **body}, admit=False)


def _port(p: tuple) -> dict:
    name, number, protocol, app = p
    out = {"name": name, "port": number, "protocol": protocol}
    if app:
        out["appProtocol"] = app
    return out
