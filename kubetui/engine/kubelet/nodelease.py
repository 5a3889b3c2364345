"""The node's Lease (`kube-node-lease/<node>`): the heartbeat the kubelet renews every 10 s
while it runs, which the node lifecycle controller watches."""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache
from typing import TYPE_CHECKING

from kubetui.model.clock import timestamp

if TYPE_CHECKING:
    from kubetui.engine.store import Store

LEASE_NAMESPACE = "kube-node-lease"
LEASE_SECONDS = 40
RENEW_SECONDS = 10


@lru_cache(maxsize=256)
def micro_time(tick: int) -> str:
    """A MicroTime, as Leases carry them (`2026-01-01T00:00:10.000000Z`)."""
    return timestamp(tick)[:-1] + ".000000Z"


def renew(store: Store, node: str, tick: int) -> None:
    """Create the node's Lease (owned by its Node) or move its renewTime to `tick`."""
    lease = store.get("Lease", LEASE_NAMESPACE, node)
    if lease is None:
        node_obj = store.get("Node", None, node)
        meta: dict = {"name": node, "namespace": LEASE_NAMESPACE}
        if node_obj is not None:
            meta["ownerReferences"] = [{"apiVersion": "v1", "kind": "Node", "name": node,
                                        "uid": node_obj["metadata"]["uid"]}]
        uid = str(uuid.UUID(bytes=hashlib.sha256(f"lease/{node}/{tick}".encode()).digest()[:16], version=4))
        store.create({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": meta,
                      "spec": {"holderIdentity": node, "leaseDurationSeconds": LEASE_SECONDS,
                               "renewTime": micro_time(tick)}}, admit=False, uid=uid)
    else:
        store.renew(lease, {**lease["spec"], "renewTime": micro_time(tick)})
