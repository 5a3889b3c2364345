"""The pods bound to nodes, by label: what InterPodAffinity and PodTopologySpread count.

Kept up to date from the scheduler's change feed once a pod first needs it (built from the
counted pods then), so a cluster whose pods never mention other pods pays nothing. A selector
reads only the pods holding the label one of its `In`/`Exists` requirements names, so a term
costs what its matching pods cost, not every pod of the cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kubetui.model.labels import Selector

Key = tuple[str, str]


class PodIndex:
    def __init__(self) -> None:
        self.pods: dict[Key, tuple[str, dict, str, bool]] = {}
        """pod key -> (namespace, labels, node, terminating)."""
        self._by_pair: dict[tuple[str, str], dict[Key, None]] = {}
        self._by_key: dict[str, dict[Key, None]] = {}

    def add(self, key: Key, labels: dict, node: str, terminating: bool) -> None:
        if key in self.pods:
            self.remove(key)
        self.pods[key] = (key[0], labels, node, terminating)
        for k, v in labels.items():
            self._by_pair.setdefault((k, v), {})[key] = None
            self._by_key.setdefault(k, {})[key] = None

    def remove(self, key: Key) -> None:
        found = self.pods.pop(key, None)
        if found is None:
            return
        for k, v in found[1].items():
            for table, index in ((self._by_pair, (k, v)), (self._by_key, k)):
                bucket = table[index]  # type: ignore[index]
                del bucket[key]
                if not bucket:
                    del table[index]  # type: ignore[arg-type]

    def _candidates(self, selector: Selector) -> Iterable[Key]:
        """The pods of the fewest the selector's `In`/`Exists` requirements name (all without one)."""
        best: list[dict[Key, None]] | None = None
        size = len(self.pods) + 1
        for r in selector.requirements:
            if r.operator == "In":
                buckets = [self._by_pair.get((r.key, v), {}) for v in r.values]
                n = sum(len(b) for b in buckets)
            elif r.operator == "Exists":
                buckets = [self._by_key.get(r.key, {})]
                n = len(buckets[0])
            else:
                continue
            if n < size:
                best, size = buckets, n
        if best is None:
            return self.pods
        if len(best) == 1:
            return best[0]
        seen: dict[Key, None] = {}
        for b in best:
            seen.update(b)
        return seen

    def matching_keys(self, selector: Selector, namespaces: frozenset[str] | None,
                      skip_terminating: bool = False) -> Iterator[Key]:
        """Each bound pod the selector picks in `namespaces` (None: all)."""
        if selector.nothing:
            return
        pods = self.pods
        for key in self._candidates(selector):
            ns, labels, _, terminating = pods[key]
            if (namespaces is None or ns in namespaces) and not (skip_terminating and terminating) \
                    and selector.matches(labels):
                yield key

    def matching(self, selector: Selector, namespaces: frozenset[str] | None,
                 skip_terminating: bool = False) -> Iterator[str]:
        """The node of each bound pod the selector picks in `namespaces` (None: all)."""
        pods = self.pods
        for key in self.matching_keys(selector, namespaces, skip_terminating):
            yield pods[key][2]
