"""metrics.k8s.io/v1beta1: NodeMetrics and PodMetrics from the engine's metrics-server, so
`kubectl top` works."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from kubetui.engine import metrics, rest
from kubetui.model.clock import timestamp
from kubetui.model.errors import ApiError, not_found
from kubetui.model.labels import SelectorError
from kubetui.model.labels import parse as parse_selector

if TYPE_CHECKING:
    from kubetui.shell import Simulation

API_VERSION = "metrics.k8s.io/v1beta1"
WINDOW = "15s"
KiB = 1024


def _memory(value: int) -> str:
    return f"{value // KiB}Ki"


def node_metrics(sim: Simulation, node: dict) -> dict | None:
    usage = metrics.node_usage(sim, node["metadata"]["name"])
    if usage is None:
        return None
    return {"kind": "NodeMetrics", "apiVersion": API_VERSION,
            "metadata": {"name": usage.name, "labels": node["metadata"].get("labels") or {},
                         "creationTimestamp": timestamp(sim.tick)},
            "timestamp": timestamp(usage.timestamp), "window": WINDOW,
            "usage": {"cpu": f"{usage.cpu * 1_000_000}n", "memory": _memory(usage.memory)}}


def pod_metrics(sim: Simulation, pod: dict) -> dict | None:
    meta = pod["metadata"]
    usage = metrics.pod_usage(sim, meta["namespace"], meta["name"])
    if usage is None:
        return None
    return {"kind": "PodMetrics", "apiVersion": API_VERSION,
            "metadata": {"name": usage.name, "namespace": usage.namespace, "labels": meta.get("labels") or {},
                         "creationTimestamp": timestamp(sim.tick)},
            "timestamp": timestamp(usage.timestamp), "window": WINDOW,
            "containers": [{"name": c.name, "usage": {"cpu": f"{c.cpu * 1_000_000}n", "memory": _memory(c.memory)}}
                           for c in usage.containers]}


def metrics_response(sim: Simulation, parts: list[str], query: str) -> tuple[int, dict]:
    """GET /apis/metrics.k8s.io/v1beta1/[namespaces/NS/]nodes|pods[/NAME]."""
    try:
        rest_parts = parts[3:]
        namespace = None
        if len(rest_parts) >= 3 and rest_parts[0] == "namespaces":
            namespace, rest_parts = rest_parts[1], rest_parts[2:]
        if parts[2] != "v1beta1" or not rest_parts or rest_parts[0] not in ("nodes", "pods") or len(rest_parts) > 2:
            raise rest.not_found_path()
        resource = rest_parts[0]
        name = rest_parts[1] if len(rest_parts) == 2 else None
        params = parse_qs(query)
        text = (params.get("labelSelector") or [""])[0]
        try:
            selector = parse_selector(text) if text else None
        except SelectorError as exc:
            raise rest.bad_request(str(exc)) from None
        if resource == "nodes":
            objs = [sim.store.get("Node", None, name)] if name else sim.store.list("Node", None, selector)
            if name and objs[0] is None:
                raise not_found("nodes.metrics.k8s.io", name)
            items = [m for m in (node_metrics(sim, o) for o in objs if o) if m]
            kind = "NodeMetrics"
        else:
            if name:
                objs = [sim.store.get("Pod", namespace or "default", name)]
                if objs[0] is None:
                    raise not_found("pods.metrics.k8s.io", name)
            else:
                objs = sim.store.list("Pod", namespace, selector)
            items = [m for m in (pod_metrics(sim, o) for o in objs if o) if m]
            kind = "PodMetrics"
        if name:
            if not items:
                raise not_found(f"{resource}.metrics.k8s.io", name)
            return 200, items[0]
        return 200, {"kind": f"{kind}List", "apiVersion": API_VERSION, "metadata": {}, "items": items}
    except ApiError as exc:
        return exc.code, rest.error_status(exc)
