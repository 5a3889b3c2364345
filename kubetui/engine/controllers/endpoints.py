"""The endpoints controller: keeps each Service's Endpoints listing the pods it selects.

Ready pods go in `addresses`, the others (still starting, failing readiness, on a node that
went silent) in `notReadyAddresses`; terminating and finished pods are left out. A named
`targetPort` is resolved per pod from its container ports, so pods that name the port
differently land in different subsets, as in Kubernetes. Services without a selector keep
whatever Endpoints their owner wrote; `default/kubernetes` lists the API server.
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.network.addresses import ip_sort_key
from kubetui.model.clock import timestamp
from kubetui.model.labels import from_map

TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time"
APISERVER_PORT = 6443


class ServiceEndpointsController(Controller):
    """What the Endpoints and EndpointSlice controllers share: a Service's key is queued when it
    changes or when a pod it selects (before or after the change) moves in or out of service."""

    def __init__(self, sim):
        super().__init__(sim)
        self.selecting: dict[str, list[tuple[dict, dict]]] = {}
        """namespace -> its Services that have a selector, with it (read on every pod write;
        forgotten on any Service write)."""
        self.store.watch("Service", self._on_service)
        self.store.watch("Pod", self._on_pod)

    def _on_service(self, event: str, old: dict | None, new: dict | None) -> None:
        self.selecting.clear()
        self.enqueue_change(event, old, new)

    def resync(self) -> None:
        for svc in self.store.iter("Service"):
            self.enqueue_obj(svc)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        pod = new or old
        assert pod is not None
        ns = pod["metadata"]["namespace"]
        selecting = self.selecting.get(ns)
        if selecting is None:
            selecting = self.selecting[ns] = [(svc, selector) for svc in self.store.iter("Service", ns)
                                              if (selector := (svc.get("spec") or {}).get("selector"))]
        if not selecting or old is not None and new is not None and not _matters(old, new):
            return
        labels = [o["metadata"].get("labels") or {} for o in (old, new) if o is not None]
        for svc, selector in selecting:
            if any(from_map(selector).matches(lab) for lab in labels):
                self.enqueue_obj(svc)


class EndpointsController(ServiceEndpointsController):
    name = "endpoint-controller"

    def reconcile(self, key: Key) -> None:
        ns, name = key
        svc = self.store.get("Service", ns, name)
        current = self.store.get("Endpoints", ns, name)
        if svc is None:
            if current is not None and TRIGGER_TIME in (current["metadata"].get("annotations") or {}):
                self.store.remove("Endpoints", ns, name)
            return
        spec = svc.get("spec") or {}
        if ns == "default" and name == "kubernetes":
            subsets = self._apiserver_subsets()
        elif not spec.get("selector") or spec.get("type") == "ExternalName":
            return
        else:
            subsets = self._subsets(svc)
        labels = dict(svc["metadata"].get("labels") or {})
        if spec.get("clusterIP") == "None":
            labels["service.kubernetes.io/headless"] = ""
        if current is not None and current.get("subsets") == subsets and \
                (current["metadata"].get("labels") or {}) == labels:
            return
        meta: dict = {"name": name, "namespace": ns}
        if labels:
            meta["labels"] = labels
        if not (ns == "default" and name == "kubernetes"):
            meta["annotations"] = {TRIGGER_TIME: timestamp(self.sim.tick)}
        ep: dict = {"apiVersion": "v1", "kind": "Endpoints", "metadata": meta}
        if subsets:
            ep["subsets"] = subsets
        if current is None:
            self.store.create(ep, admit=False)
        else:
            ep["metadata"] = {**current["metadata"], **meta}
            if not labels:
                ep["metadata"].pop("labels", None)
            self.store.update(ep, admit=False)

    def _subsets(self, svc: dict) -> list[dict]:
        spec = svc["spec"]
        ns = svc["metadata"]["namespace"]
        publish_not_ready = bool(spec.get("publishNotReadyAddresses"))
        groups: dict[tuple, dict] = {}
        for pod in self.store.list("Pod", ns, from_map(spec["selector"])):
            status = pod.get("status") or {}
            if not status.get("podIP") or pod["metadata"].get("deletionTimestamp") \
                    or status.get("phase") in ("Succeeded", "Failed"):
                continue
            ports = pod_ports(pod, spec)
            if ports is None:
                continue
            address = {"ip": status["podIP"]}
            if pod["spec"].get("hostname") and pod["spec"].get("subdomain") == svc["metadata"]["name"]:
                address["hostname"] = pod["spec"]["hostname"]
            if pod["spec"].get("nodeName"):
                address["nodeName"] = pod["spec"]["nodeName"]
            address["targetRef"] = {"kind": "Pod", "name": pod["metadata"]["name"], "namespace": ns,
                                    "uid": pod["metadata"]["uid"]}
            key = tuple(sorted((e.get("name", ""), e["port"], e["protocol"]) for e in ports))
            group = groups.setdefault(key, {"addresses": [], "notReadyAddresses": [], "ports": ports})
            group["addresses" if publish_not_ready or _ready(pod) else "notReadyAddresses"].append(address)
        subsets = []
        for key in sorted(groups):
            group = groups[key]
            subset: dict = {}
            for field in ("addresses", "notReadyAddresses"):
                if group[field]:
                    subset[field] = sorted(group[field], key=lambda a: (ip_sort_key(a["ip"]), a["targetRef"]["uid"]))
            if group["ports"]:
                subset["ports"] = group["ports"]
            subsets.append(subset)
        return subsets

    def _apiserver_subsets(self) -> list[dict]:
        ip = apiserver_ip(self.store)
        if ip is None:
            return []
        return [{"addresses": [{"ip": ip}],
                 "ports": [{"name": "https", "port": APISERVER_PORT, "protocol": "TCP"}]}]


def apiserver_ip(store) -> str | None:
    """The address `default/kubernetes` points at: the control-plane node's InternalIP."""
    from kubetui.engine.nodes import CONTROL_PLANE

    node = store.get("Node", None, CONTROL_PLANE)
    ips = [a["address"] for a in (node or {}).get("status", {}).get("addresses", ()) if a["type"] == "InternalIP"]
    return ips[0] if ips else None


def pod_ports(pod: dict, spec: dict) -> list[dict] | None:
    """The Service's ports as this pod serves them (named targetPorts looked up in its containers);
    None when the Service has ports and the pod serves none of them."""
    ports = []
    for p in spec.get("ports") or ():
        number = _resolve(pod, p.get("targetPort", p.get("port")))
        if number is None:
            continue
        entry = {"port": number, "protocol": p.get("protocol", "TCP")}
        if p.get("name"):
            entry = {"name": p["name"], **entry}
        if p.get("appProtocol"):
            entry["appProtocol"] = p["appProtocol"]
        ports.append(entry)
    if spec.get("ports") and not ports:
        return None
    return ports


def _ready(pod: dict) -> bool:
    for cond in (pod.get("status") or {}).get("conditions") or ():
        if cond.get("type") == "Ready":
            return cond.get("status") == "True"
    return False


def _resolve(pod: dict, target) -> int | None:
    """A Service's targetPort as a number for this pod (a name is looked up in its containers)."""
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    for c in pod["spec"].get("containers") or ():
        for p in c.get("ports") or ():
            if p.get("name") == target:
                return p.get("containerPort")
    return None


def _matters(old: dict, new: dict) -> bool:
    """Whether a pod change can move it in or out of some Service's Endpoints."""
    o, n = old.get("status") or {}, new.get("status") or {}
    return (old["metadata"].get("labels") != new["metadata"].get("labels")
            or old["metadata"].get("deletionTimestamp") != new["metadata"].get("deletionTimestamp")
            or o.get("podIP") != n.get("podIP") or o.get("phase") != n.get("phase")
            or _ready(old) != _ready(new) or old["spec"].get("nodeName") != new["spec"].get("nodeName"))
