"""The scheduling framework's plugins, as public functions anyone may call on a NodeInfo.

Filter plugins say why a node cannot take a pod, in the scheduler's own words, or None:
NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit, VolumeBinding.
Score plugins rate a feasible node: NodeResourcesFit's least-allocated strategy plus
NodeResourcesBalancedAllocation (each 0–100), preferred node affinity, and PreferNoSchedule
taints. The scheduler runs them; so do the cluster autoscaler (on template nodes) and the
"why is this pod Pending" view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kubetui.model.nodeaffinity import node_selector_matches, required_node_affinity_matches, term_matches
from kubetui.model.podresources import pod_totals
from kubetui.model.quantity import cpu_millis, memory_bytes

DEFAULT_CPU_REQUEST = 100
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024
"""What scoring assumes for a container without requests (the scheduler's non-zero defaults)."""
PREFER_NO_SCHEDULE_PENALTY = 3 * 10
"""What each PreferNoSchedule taint the pod does not tolerate takes off a node's score."""


@dataclass
class NodeInfo:
    name: str
    cpu: int = 0
    memory: int = 0
    pods: int = 110
    labels: dict = field(default_factory=dict)
    taints: list = field(default_factory=list)
    unschedulable: bool = False
    requested_cpu: int = 0
    requested_memory: int = 0
    nonzero_cpu: int = 0
    nonzero_memory: int = 0
    pod_count: int = 0


_REQUESTS_MEMO_CAPACITY = 4096
_requests_memo: dict[tuple, tuple[int, int, int, int]] = {}


def _requests_key(spec: dict) -> tuple | None:
    """What `pod_requests` reads of a spec, as a hashable key, or None when a value is not a
    plain string (then it is worked out every time)."""
    parts: list = []
    for field_name in ("containers", "initContainers"):
        containers = spec.get(field_name)
        if containers is None:
            parts.append(None)
            continue
        if type(containers) is not list:
            return None
        for c in containers:
            if type(c) is not dict:
                return None
            resources = c.get("resources")
            req = resources.get("requests") if type(resources) is dict else resources
            if req:
                if type(req) is not dict:
                    return None
                items = tuple(req.items())
                for _, value in items:
                    if type(value) is not str:
                        return None
            else:
                items = ()
            parts.append((c.get("restartPolicy"), items) if field_name == "initContainers" else items)
        parts.append(len(containers))
    return tuple(parts)


def pod_requests(spec: dict) -> tuple[int, int, int, int]:
    """(cpu millis, memory bytes, non-zero cpu, non-zero memory) a pod asks of its node.

    Remembered by the requests themselves: a Deployment's pods all ask the same, and the
    scheduler asks this of every pod when it binds and again whenever its status is written."""
    key = _requests_key(spec)
    if key is None:
        return _pod_requests(spec)
    try:
        found = _requests_memo.get(key)
    except TypeError:  # an unhashable restartPolicy: invalid, and worked out as it is
        return _pod_requests(spec)
    if found is None:
        found = _pod_requests(spec)
        if len(_requests_memo) >= _REQUESTS_MEMO_CAPACITY:
            _requests_memo.clear()
        _requests_memo[key] = found
    return found


def _pod_requests(spec: dict) -> tuple[int, int, int, int]:
    cpu = mem = nz_cpu = nz_mem = 0
    for c in spec.get("containers", ()):
        req = (c.get("resources") or {}).get("requests") or {}
        c_cpu = cpu_millis(req["cpu"]) if "cpu" in req else 0
        c_mem = memory_bytes(req["memory"]) if "memory" in req else 0
        cpu += c_cpu
        mem += c_mem
        nz_cpu += c_cpu if "cpu" in req else DEFAULT_CPU_REQUEST
        nz_mem += c_mem if "memory" in req else DEFAULT_MEMORY_REQUEST
    totals = pod_totals(spec, "requests")
    cpu, mem = cpu_millis(totals.get("cpu", 0)), memory_bytes(totals.get("memory", 0))
    for c in spec.get("initContainers", ()):
        if c.get("restartPolicy") == "Always":
            req = (c.get("resources") or {}).get("requests") or {}
            nz_cpu += cpu_millis(req["cpu"]) if "cpu" in req else DEFAULT_CPU_REQUEST
            nz_mem += memory_bytes(req["memory"]) if "memory" in req else DEFAULT_MEMORY_REQUEST
    return cpu, mem, nz_cpu, nz_mem


def tolerates(tolerations: list[dict], taint: dict) -> bool:
    for t in tolerations or ():
        if t.get("effect") and t["effect"] != taint.get("effect"):
            continue
        op = t.get("operator", "Equal")
        if not t.get("key") and op == "Exists":
            return True
        if t.get("key") != taint.get("key"):
            continue
        if op == "Exists" or t.get("value", "") == taint.get("value", ""):
            return True
    return False


# -- Filter plugins ------------------------------------------------------------------------------

def node_unschedulable(spec: dict, info: NodeInfo) -> str | None:
    if info.unschedulable and not tolerates(spec.get("tolerations") or [],
                                            {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}):
        return "node(s) were unschedulable"
    return None


def node_name(spec: dict, info: NodeInfo) -> str | None:
    if spec.get("nodeName") and spec["nodeName"] != info.name:
        return "node(s) didn't match the requested node name"
    return None


def taint_toleration(spec: dict, info: NodeInfo) -> str | None:
    tolerations = spec.get("tolerations") or []
    for taint in info.taints:
        if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(tolerations, taint):
            return f"node(s) had untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"
    return None


def node_affinity(spec: dict, info: NodeInfo) -> str | None:
    if (spec.get("nodeSelector") or spec.get("affinity")) and not required_node_affinity_matches(spec, info.labels, info.name):
        return "node(s) didn't match Pod's node affinity/selector"
    return None


def node_resources_fit(req: tuple[int, int, int, int], info: NodeInfo,
                       held: tuple[int, int, int] | None = None) -> list[str]:
    """What the node lacks for requests `req`; `held` is (pods, cpu, memory) that nominated pods
    of at least the pod's priority keep there."""
    pods, cpu, mem = held or (0, 0, 0)
    out = []
    if info.pod_count + pods + 1 > info.pods:
        out.append("Too many pods")
    if req[0] and info.requested_cpu + cpu + req[0] > info.cpu:
        out.append("Insufficient cpu")
    if req[1] and info.requested_memory + mem + req[1] > info.memory:
        out.append("Insufficient memory")
    return out


def volume_binding(terms: list[dict], info: NodeInfo) -> str | None:
    """`terms`: the node affinity (NodeSelectors) of the bound volumes the pod uses."""
    if not all(node_selector_matches(required, info.labels, info.name) for required in terms):
        return "node(s) had volume node affinity conflict"
    return None


FILTERS = (node_unschedulable, node_name, taint_toleration, node_affinity)
"""The filters that stop at the first refusal, in the scheduler's order, before NodeResourcesFit."""


def filter_node(spec: dict, req: tuple[int, int, int, int], info: NodeInfo,
                held: tuple[int, int, int] | None = None) -> list[str]:
    """The reasons a node cannot take the pod (empty when it fits), volumes aside."""
    for plugin in FILTERS:
        why = plugin(spec, info)
        if why:
            return [why]
    return node_resources_fit(req, info, held)


# -- Score plugins -------------------------------------------------------------------------------

def least_allocated(cpu_fraction: float, memory_fraction: float) -> float:
    return (2 - cpu_fraction - memory_fraction) * 50


def balanced_allocation(cpu_fraction: float, memory_fraction: float) -> float:
    return (1 - abs(cpu_fraction - memory_fraction) / 2) * 100


def node_resources_score(info: NodeInfo, nz_cpu: int, nz_mem: int) -> float:
    """Least allocated plus balanced allocation, each 0–100, for a pod asking (nz_cpu, nz_mem)."""
    c = min(1.0, (info.nonzero_cpu + nz_cpu) / info.cpu) if info.cpu else 1.0
    m = min(1.0, (info.nonzero_memory + nz_mem) / info.memory) if info.memory else 1.0
    return least_allocated(c, m) + balanced_allocation(c, m)


def node_affinity_score(spec: dict, info: NodeInfo) -> float:
    """Preferred node affinity: up to 200 for a node matching every preferred term's weight."""
    preferred = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                 .get("preferredDuringSchedulingIgnoredDuringExecution")) or ()
    if not preferred:
        return 0.0
    total = sum(p.get("weight", 0) for p in preferred) or 1
    got = sum(p.get("weight", 0) for p in preferred
              if term_matches(p.get("preference") or {}, info.labels, info.name))
    return 2 * 100 * got / total


def taint_toleration_score(spec: dict, info: NodeInfo) -> int:
    """How many PreferNoSchedule taints of the node the pod does not tolerate (fewer is better)."""
    tolerations = spec.get("tolerations") or []
    return sum(1 for taint in info.taints
               if taint.get("effect") == "PreferNoSchedule" and not tolerates(tolerations, taint))


def score_node(spec: dict, req: tuple[int, int, int, int], info: NodeInfo) -> float:
    """The plugins' scores summed: resources, then preferences."""
    score = node_resources_score(info, req[2], req[3])
    if spec.get("affinity"):
        score += node_affinity_score(spec, info)
    if info.taints:
        for _ in range(taint_toleration_score(spec, info)):
            score -= PREFER_NO_SCHEDULE_PENALTY
    return score


def explain(pod: dict, nodes: dict[str, NodeInfo]) -> list[dict]:
    """Per node: the filter that rejected the pod, or the score it got (for a Pending pod)."""
    req = pod_requests(pod["spec"])
    out = []
    for name in sorted(nodes):
        info = nodes[name]
        why = filter_node(pod["spec"], req, info)
        out.append({"node": name, "fits": not why, "reasons": why,
                    "score": None if why else round(score_node(pod["spec"], req, info), 1)})
    return out
