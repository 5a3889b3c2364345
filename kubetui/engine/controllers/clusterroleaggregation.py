"""ClusterRole aggregation: a ClusterRole with an aggregationRule holds the union of the rules of
every ClusterRole its selectors match (how `view`, `edit` and `admin` grow when a ClusterRole
labelled `rbac.authorization.k8s.io/aggregate-to-view: "true"` appears).
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.model.labels import from_label_selector


class ClusterRoleAggregationController(Controller):
    name = "clusterrole-aggregation-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("ClusterRole", self._on_cluster_role)

    def resync(self) -> None:
        for obj in self.store.iter("ClusterRole"):
            if obj.get("aggregationRule") is not None:
                self.enqueue_obj(obj)

    def _on_cluster_role(self, event: str, old: dict | None, new: dict | None) -> None:
        """Any ClusterRole's change may change what an aggregated one should hold."""
        self.resync()

    def reconcile(self, key: Key) -> None:
        role = self.store.get("ClusterRole", None, key[1])
        if role is None or role.get("aggregationRule") is None:
            return
        rules = aggregated_rules(role, list(self.store.iter("ClusterRole")))
        if rules != (role.get("rules") or []):
            self.store.update({**role, "rules": rules})


def aggregated_rules(role: dict, cluster_roles: list[dict]) -> list[dict]:
    """The rules an aggregated ClusterRole should hold: those of every other ClusterRole one of
    its selectors matches, taken in name order, each rule once."""
    selectors = [from_label_selector(s) for s in role["aggregationRule"].get("clusterRoleSelectors") or []]
    rules: list[dict] = []
    for source in sorted(cluster_roles, key=lambda r: r["metadata"]["name"]):
        if source["metadata"]["name"] == role["metadata"]["name"]:
            continue
        labels = source["metadata"].get("labels") or {}
        if any(s.matches(labels) for s in selectors):
            rules.extend(r for r in source.get("rules") or () if r not in rules)
    return rules
