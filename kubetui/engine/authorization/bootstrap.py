"""The RBAC objects a new cluster starts with (bootstrap-policy.yaml), created as the API server does."""

from __future__ import annotations

import uuid
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

API_VERSION = "rbac.authorization.k8s.io/v1"
GROUP = "rbac.authorization.k8s.io"
BOOTSTRAPPING = {"kubernetes.io/bootstrapping": "rbac-defaults"}
AUTOUPDATE = {"rbac.authorization.kubernetes.io/autoupdate": "true"}

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the same data, read ~8× faster (package data, no limits needed)."""


@cache
def _policy() -> dict:
    return yaml.load(files("kubetui.engine.authorization").joinpath("bootstrap-policy.yaml").read_text(), Loader=_LOADER)


def objects() -> list[dict]:
    """The bootstrap ClusterRoles, then the ClusterRoleBindings, as fresh dicts."""
    out: list[dict] = []
    for role in _policy()["clusterRoles"]:
        obj: dict = {"apiVersion": API_VERSION, "kind": "ClusterRole",
                     "metadata": {"name": role["name"], "labels": {**BOOTSTRAPPING, **role.get("labels", {})},
                                  "annotations": dict(AUTOUPDATE)}}
        if "aggregateTo" in role:
            obj["aggregationRule"] = {"clusterRoleSelectors": [
                {"matchLabels": {f"{GROUP}/aggregate-to-{role['aggregateTo']}": "true"}}]}
        obj["rules"] = [dict(r) for r in role.get("rules", [])]
        out.append(obj)
    for binding in _policy()["clusterRoleBindings"]:
        out.append({"apiVersion": API_VERSION, "kind": "ClusterRoleBinding",
                    "metadata": {"name": binding["name"], "labels": dict(BOOTSTRAPPING),
                                 "annotations": dict(AUTOUPDATE)},
                    "roleRef": {"apiGroup": GROUP, "kind": "ClusterRole", "name": binding["role"]},
                    "subjects": [{"apiGroup": GROUP, "kind": "Group", "name": g} for g in binding["groups"]]})
    return out


def _aggregate(objs: list[dict]) -> None:
    """Fill the aggregated roles (admin, edit, view) as the aggregation controller would, so a
    cluster is never seen with them empty and starts with nothing left for the controller to do."""
    from kubetui.engine.controllers.clusterroleaggregation import aggregated_rules

    roles = [o for o in objs if o["kind"] == "ClusterRole"]
    changed = True
    while changed:
        changed = False
        for role in roles:
            if role.get("aggregationRule") is not None:
                rules = aggregated_rules(role, roles)
                if rules != role["rules"]:
                    role["rules"], changed = rules, True


def bootstrap(sim: Simulation) -> None:
    """Create the bootstrap policy (the aggregated roles already filled)."""
    objs = objects()
    _aggregate(objs)
    for obj in objs:
        sim.store.create(obj, admit=False, uid=str(uuid.uuid5(uuid.NAMESPACE_OID, f"{obj['kind']}/"
                                                                                  f"{obj['metadata']['name']}")))
    sim.controllers.clusterrole_aggregation.process()
