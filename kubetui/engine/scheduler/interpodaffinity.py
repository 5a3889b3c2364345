"""InterPodAffinity: place a pod by the labels of the pods already in a topology domain.

PreFilter counts, per (topologyKey, value) pair, the bound pods the incoming pod's required
affinity and anti-affinity terms select, and the pairs where an existing pod's required
anti-affinity selects the incoming pod (the symmetric rule); Filter then reads one count per
term for each node. The first pod of a group whose required affinity selects itself may go
anywhere while no pod matches yet. Score adds the preferred terms' weights both ways (and 1
for each existing pod's required affinity to the incoming pod), normalized to 0–100.
`matchLabelKeys`/`mismatchLabelKeys` join the selector as `In`/`NotIn` the owner's values.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable

from kubetui.engine.scheduler.podindex import PodIndex
from kubetui.model.labels import Requirement, Selector, from_label_selector

AFFINITY_RULES = "node(s) didn't match pod affinity rules"
ANTI_AFFINITY_RULES = "node(s) didn't match pod anti-affinity rules"
EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
UNRESOLVABLE = (AFFINITY_RULES,)
"""The refusals preemption cannot help (UnschedulableAndUnresolvable)."""
HARD_POD_AFFINITY_WEIGHT = 1
WEIGHT = 2
"""The plugin's weight in the default profile."""

Pair = tuple[str, str]
Namespaces = Callable[[dict, str], "frozenset[str] | None"]


@dataclass(frozen=True)
class Term:
    selector: Selector
    namespaces: frozenset[str] | None
    """None: every namespace (an empty namespaceSelector)."""
    topology_key: str
    weight: int = 1

    def selects(self, namespace: str, labels: dict) -> bool:
        return (self.namespaces is None or namespace in self.namespaces) and self.selector.matches(labels)


def has_pod_affinity(spec: dict) -> bool:
    affinity = spec.get("affinity")
    return bool(affinity and (affinity.get("podAffinity") or affinity.get("podAntiAffinity")))


def _selector(term: dict, owner_labels: dict) -> Selector:
    selector = from_label_selector(term.get("labelSelector"))
    if selector.nothing:
        return selector
    extra = [Requirement(k, "In", (owner_labels[k],)) for k in term.get("matchLabelKeys") or () if k in owner_labels]
    extra += [Requirement(k, "NotIn", (owner_labels[k],)) for k in term.get("mismatchLabelKeys") or ()
              if k in owner_labels]
    return Selector(selector.requirements + tuple(extra)) if extra else selector


def terms(affinity: dict | None, kind: str, required: bool, namespace: str, labels: dict,
          namespaces: Namespaces) -> list[Term]:
    """The `kind` (podAffinity / podAntiAffinity) terms of an affinity, required or preferred."""
    section = (affinity or {}).get(kind) or {}
    field = "requiredDuringSchedulingIgnoredDuringExecution" if required \
        else "preferredDuringSchedulingIgnoredDuringExecution"
    out = []
    for entry in section.get(field) or ():
        term = entry if required else (entry.get("podAffinityTerm") or {})
        out.append(Term(_selector(term, labels), namespaces(term, namespace), term.get("topologyKey") or "",
                        1 if required else int(entry.get("weight") or 0)))
    return out


class State:
    """PreFilter's counts for one pod (and PreScore's topology scores)."""

    def __init__(self) -> None:
        self.affinity: list[Term] = []
        self.anti: list[Term] = []
        self.affinity_counts: Counter[Pair] = Counter()
        self.anti_counts: Counter[Pair] = Counter()
        self.existing_anti: Counter[Pair] = Counter()
        self.self_match = False
        self.scores: dict[str, Counter[str]] = {}
        """topologyKey -> value -> summed weights."""

    def filter(self, labels: dict) -> str | None:
        if self.affinity:
            exist = True
            for t in self.affinity:
                value = labels.get(t.topology_key)
                if value is None:
                    return AFFINITY_RULES
                if self.affinity_counts[(t.topology_key, value)] <= 0:
                    exist = False
            if not exist and not (not self.affinity_counts and self.self_match):
                return AFFINITY_RULES
        for t in self.anti:
            value = labels.get(t.topology_key)
            if value is not None and self.anti_counts[(t.topology_key, value)] > 0:
                return ANTI_AFFINITY_RULES
        if self.existing_anti:
            for key, value in labels.items():
                if self.existing_anti[(key, value)] > 0:
                    return EXISTING_ANTI_AFFINITY
        return None

    def raw_score(self, labels: dict) -> int:
        total = 0
        for key, by_value in self.scores.items():
            value = labels.get(key)
            if value is not None:
                total += by_value.get(value, 0)
        return total


def prefilter(namespace: str, labels: dict, spec: dict, index: Callable[[], PodIndex],
              with_affinity: dict, node_labels: Callable[[str], dict | None],
              namespaces: Namespaces) -> State | None:
    """The counts the incoming pod needs, or None when no pod's terms concern it.

    `with_affinity`: bound pods holding pod (anti-)affinity, key -> (namespace, labels, node,
    affinity). `index` builds the pod index on first use."""
    state = State()
    affinity = spec.get("affinity") if has_pod_affinity(spec) else None
    add_score = state.scores.setdefault

    def bump(term: Term, node: str, counter: Counter[Pair] | None, weight: int = 0) -> None:
        nl = node_labels(node)
        value = nl.get(term.topology_key) if nl else None
        if value is None:
            return
        if counter is not None:
            counter[(term.topology_key, value)] += 1
        if weight:
            add_score(term.topology_key, Counter())[value] += weight

    for ns, other_labels, node, other_affinity in with_affinity.values():
        for t in terms(other_affinity, "podAntiAffinity", True, ns, other_labels, namespaces):
            if t.selects(namespace, labels):
                bump(t, node, state.existing_anti)
        for t in terms(other_affinity, "podAffinity", True, ns, other_labels, namespaces):
            if t.selects(namespace, labels):
                bump(t, node, None, HARD_POD_AFFINITY_WEIGHT)
        for kind, sign in (("podAffinity", 1), ("podAntiAffinity", -1)):
            for t in terms(other_affinity, kind, False, ns, other_labels, namespaces):
                if t.weight and t.selects(namespace, labels):
                    bump(t, node, None, sign * t.weight)
    if affinity is not None:
        state.affinity = terms(affinity, "podAffinity", True, namespace, labels, namespaces)
        state.anti = terms(affinity, "podAntiAffinity", True, namespace, labels, namespaces)
        pods = index()
        if state.affinity:
            first, rest = state.affinity[0], state.affinity[1:]
            state.self_match = all(t.selects(namespace, labels) for t in state.affinity)
            for key in pods.matching_keys(first.selector, first.namespaces):
                ns, other_labels, node, _ = pods.pods[key]
                if all(t.selects(ns, other_labels) for t in rest):
                    for t in state.affinity:
                        bump(t, node, state.affinity_counts)
        for t in state.anti:
            for node in pods.matching(t.selector, t.namespaces):
                bump(t, node, state.anti_counts)
        for kind, sign in (("podAffinity", 1), ("podAntiAffinity", -1)):
            for t in terms(affinity, kind, False, namespace, labels, namespaces):
                if t.weight:
                    for node in pods.matching(t.selector, t.namespaces):
                        bump(t, node, None, sign * t.weight)
    state.scores = {k: v for k, v in state.scores.items() if any(v.values())}
    if not (state.affinity or state.anti or state.existing_anti or state.scores):
        return None
    return state


def normalize(raw: list[int]) -> list[int]:
    """NormalizeScore: each node's raw score scaled to 0–100 between the lowest and highest."""
    if not raw:
        return raw
    low, high = min(raw), max(raw)
    if high == low:
        return [0] * len(raw)
    return [int(100 * ((s - low) / (high - low))) for s in raw]
