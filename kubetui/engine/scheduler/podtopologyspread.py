"""PodTopologySpread: keep the pods a selector picks evenly spread over topology domains.

PreFilter counts, per constraint, the matching pods of the pod's namespace in each domain
(a topologyKey value) of the eligible nodes: nodes holding every constraint's key, which pass
the pod's nodeSelector/required node affinity (nodeAffinityPolicy Honor, the default) and, with
nodeTaintsPolicy Honor, whose taints the pod tolerates (Ignore by default). A DoNotSchedule
constraint refuses a node whose domain would then exceed the least-crowded domain by more
than maxSkew (the least counting as 0 while fewer than minDomains domains exist);
ScheduleAnyway constraints only score, favouring the emptier domains. `matchLabelKeys` join
the selector as the pod's own values. Cluster-level default constraints are not modelled:
kubetui has no scheduler configuration.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from kubetui.engine.scheduler.framework import NodeInfo, tolerates
from kubetui.engine.scheduler.podindex import PodIndex
from kubetui.model.labels import Requirement, Selector, from_label_selector
from kubetui.model.nodeaffinity import required_node_affinity_matches

CONSTRAINTS = "node(s) didn't match pod topology spread constraints"
MISSING_LABEL = CONSTRAINTS + " (missing required label)"
UNRESOLVABLE = (MISSING_LABEL,)
"""The refusals preemption cannot help (UnschedulableAndUnresolvable)."""
WEIGHT = 2
"""The plugin's weight in the default profile."""
HOSTNAME = "kubernetes.io/hostname"


@dataclass
class Constraint:
    max_skew: int
    topology_key: str
    hard: bool
    selector: Selector
    min_domains: int
    honor_affinity: bool
    honor_taints: bool
    self_match: bool
    counts: Counter[str] = field(default_factory=Counter)
    """Domain value -> matching pods, every eligible domain present."""
    least: int = 0


def _selector(c: dict, labels: dict) -> Selector:
    selector = from_label_selector(c.get("labelSelector"))
    extra = tuple(Requirement(k, "In", (labels[k],)) for k in c.get("matchLabelKeys") or () if k in labels)
    if extra and not selector.nothing:
        return Selector(selector.requirements + extra)
    return selector


def constraints(spec: dict, labels: dict) -> list[Constraint]:
    out = []
    for c in spec.get("topologySpreadConstraints") or ():
        selector = _selector(c, labels)
        out.append(Constraint(
            max_skew=int(c.get("maxSkew") or 1), topology_key=c.get("topologyKey") or "",
            hard=c.get("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule", selector=selector,
            min_domains=int(c.get("minDomains") or 1),
            honor_affinity=c.get("nodeAffinityPolicy", "Honor") == "Honor",
            honor_taints=c.get("nodeTaintsPolicy", "Ignore") == "Honor",
            self_match=selector.matches(labels)))
    return out


def _eligible(c: Constraint, spec: dict, info: NodeInfo, keys: tuple[str, ...]) -> bool:
    labels = info.labels
    if not all(k in labels for k in keys):
        return False
    if c.honor_affinity and (spec.get("nodeSelector") or spec.get("affinity")) \
            and not required_node_affinity_matches(spec, labels, info.name):
        return False
    if c.honor_taints:
        tolerations = spec.get("tolerations") or []
        if any(t.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(tolerations, t) for t in info.taints):
            return False
    return True


class State:
    def __init__(self, hard: list[Constraint], soft: list[Constraint]):
        self.hard = hard
        self.soft = soft

    def filter(self, labels: dict) -> str | None:
        for c in self.hard:
            value = labels.get(c.topology_key)
            if value is None:
                return MISSING_LABEL
            if c.counts.get(value, 0) + c.self_match - c.least > c.max_skew:
                return CONSTRAINTS
        return None

    def scores(self, feasible: list[NodeInfo]) -> list[int]:
        """Score plus NormalizeScore for the ScheduleAnyway constraints: fewer matching pods in
        the node's domains scores higher (0–100); nodes missing a key score 0."""
        keys = tuple(c.topology_key for c in self.soft)
        counted = [info for info in feasible if all(k in info.labels for k in keys)]
        weights = []
        for c in self.soft:
            size = len({info.labels[c.topology_key] for info in counted})
            weights.append(math.log(size + 2))
        raw: dict[str, int] = {}
        for info in counted:
            s = 0.0
            for c, w in zip(self.soft, weights):
                s += c.counts.get(info.labels[c.topology_key], 0) * w + (c.max_skew - 1)
            raw[info.name] = round(s)
        if not raw:
            return [0] * len(feasible)
        low, high = min(raw.values()), max(raw.values())
        out = []
        for info in feasible:
            own = raw.get(info.name)
            if own is None:
                out.append(0)
            elif high == 0:
                out.append(100)
            else:
                out.append(int(100 * (high + low - own) / high))
        return out


def prefilter(namespace: str, labels: dict, spec: dict, index: PodIndex, nodes: dict[str, NodeInfo]) -> State | None:
    """The pod's constraints with their domains' counts, or None when it has none."""
    found = constraints(spec, labels)
    if not found:
        return None
    hard = [c for c in found if c.hard]
    soft = [c for c in found if not c.hard]
    only = frozenset((namespace,))
    for group in (hard, soft):
        keys = tuple(c.topology_key for c in group)
        for c in group:
            eligible = set()
            for name, info in nodes.items():
                if _eligible(c, spec, info, keys):
                    eligible.add(name)
                    c.counts.setdefault(info.labels[c.topology_key], 0)
            for node in index.matching(c.selector, only, skip_terminating=True):
                if node in eligible:
                    c.counts[nodes[node].labels[c.topology_key]] += 1
            if c.hard:
                c.least = 0 if len(c.counts) < c.min_domains or not c.counts else min(c.counts.values())
    return State(hard, soft)
