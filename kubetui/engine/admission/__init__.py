"""The admission chain: what the API server checks and fills in before an object is stored.

Plugins run in Kubernetes' order: NamespaceLifecycle, validation and defaults, then the
mutating and validating plugins for pods (DefaultTolerationSeconds here; LimitRanger,
ResourceQuota and PodSecurity register themselves beside it).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from kubetui.model import errors
from kubetui.model.kinds import KINDS

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation
    from kubetui.engine.store import Store

DEFAULT_TOLERATION_SECONDS = 300


def install(sim: Simulation) -> None:
    store = sim.store
    store.admission.append(("*", partial(namespace_lifecycle, store)))
    store.admission.append(("*", validation))
    store.admission.append(("Pod", default_toleration_seconds))


def namespace_lifecycle(store: Store, op: str, obj: dict, old: dict | None) -> dict:
    """Bound to its store with `partial` (not a closure), so a copied simulation checks its own store."""
    kind = obj["kind"]
    if not KINDS[kind].namespaced or op != "CREATE":
        return obj
    ns_name = obj["metadata"].get("namespace") or "default"
    ns = store.get("Namespace", None, ns_name)
    if ns is None:
        raise errors.not_found("namespaces", ns_name)
    if ns["metadata"].get("deletionTimestamp"):
        raise errors.forbidden(KINDS[kind].resource, obj["metadata"]["name"],
                               f"unable to create new content in namespace {ns_name} because it is being terminated")
    return obj


def validation(op: str, obj: dict, old: dict | None) -> dict:
    from kubetui.model.validation import validate

    return validate(obj)


def default_toleration_seconds(op: str, obj: dict, old: dict | None) -> dict:
    if op != "CREATE":
        return obj
    tolerations = obj["spec"].setdefault("tolerations", [])
    for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
        if not any(t.get("key") == key and t.get("effect") in ("NoExecute", None, "")
                   or (not t.get("key") and t.get("operator") == "Exists") for t in tolerations):
            tolerations.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                                "tolerationSeconds": DEFAULT_TOLERATION_SECONDS})
    return obj
