"""The pods/ephemeralcontainers subresource: the one way to add a container to a running pod.

Only `spec.ephemeralContainers` is taken from the request (the rest of the pod is kept as it
is stored); existing ephemeral containers may be neither removed nor changed, and the new ones
are validated with the pod (no ports, resources, probes or lifecycle; a target among the pod's
containers). The pod's kubelet then starts them.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from kubetui.model.kinds import KINDS
from kubetui.model.validation import FieldInvalid, validate

if TYPE_CHECKING:
    from kubetui.engine.store import Store

PATH = "spec.ephemeralContainers"


def update(store: Store, live: dict, ephemeral: list[dict], *, dry_run: bool = False) -> dict:
    """Store `live` with `ephemeral` as its ephemeral containers (ValidatePodEphemeralContainersUpdate)."""
    name = live["metadata"]["name"]
    if "kubernetes.io/config.mirror" in (live["metadata"].get("annotations") or {}) or \
            (live["metadata"].get("annotations") or {}).get("kubernetes.io/config.source") == "file":
        raise FieldInvalid(KINDS["Pod"], name, [("", "Forbidden: static pods do not support ephemeral containers")])
    new = copy.deepcopy(live)
    new["spec"]["ephemeralContainers"] = copy.deepcopy(ephemeral)
    if not ephemeral:
        new["spec"].pop("ephemeralContainers")
    checked = validate(new, kinds=store.kinds)
    by_name = {c.get("name"): c for c in checked["spec"].get("ephemeralContainers") or []}
    causes = []
    for old in live["spec"].get("ephemeralContainers") or []:
        now = by_name.get(old["name"])
        if now is None:
            causes.append((PATH, f'Forbidden: existing ephemeral containers "{old["name"]}" may not be removed'))
        elif now != old:
            causes.append((PATH, f'Forbidden: existing ephemeral containers "{old["name"]}" may not be changed'))
    if causes:
        raise FieldInvalid(KINDS["Pod"], name, causes)
    new["spec"] = checked["spec"]
    new["status"] = live.get("status") or {}
    if dry_run:
        return new
    return store.update(new, admit=False)
