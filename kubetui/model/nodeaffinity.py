"""Node-selector terms: a pod's nodeSelector and required node affinity, a PersistentVolume's
nodeAffinity (component-helpers' nodeaffinity package).

Terms are ORed; within a term every matchExpressions (on the node's labels, with Gt/Lt) and
matchFields (on `metadata.name`) requirement must hold. A term with neither matches no node, so
a NodeSelector with no terms matches no node either.
"""

from __future__ import annotations

from .labels import requirement


def term_matches(term: dict, labels: dict, name: str) -> bool:
    """Whether one nodeSelectorTerm (or a preferred term's `preference`) picks the node."""
    expressions, fields = term.get("matchExpressions") or (), term.get("matchFields") or ()
    if not expressions and not fields:
        return False
    return all(requirement(e).matches(labels) for e in expressions) \
        and all(requirement(f).matches({"metadata.name": name}) for f in fields)


def node_selector_matches(selector: dict, labels: dict, name: str) -> bool:
    """Whether a NodeSelector (`nodeSelectorTerms`, ORed) picks the node."""
    return any(term_matches(t, labels, name) for t in selector.get("nodeSelectorTerms") or ())


def required_node_affinity_matches(spec: dict, labels: dict, name: str) -> bool:
    """A pod spec's `nodeSelector` and requiredDuringSchedulingIgnoredDuringExecution both hold."""
    for k, v in (spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False
    required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution"))
    if required is not None:
        return node_selector_matches(required, labels, name)
    return True
