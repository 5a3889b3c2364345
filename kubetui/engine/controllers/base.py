"""What every controller shares: a work queue of keys fed by the store's change feed, and
`reconcile(key)`, which compares desired with actual state and writes the difference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

Key = tuple[str, str]
"""(namespace, name); namespace "" for cluster-scoped objects."""


class Controller:
    name = "controller"
    """The component name Events are recorded under (`replicaset-controller`)."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.store = sim.store
        self.queue: dict[Key, None] = {}
        """Keys waiting to be reconciled, deduplicated, in arrival order."""
        self.idle: dict[Key, None] = {}
        """Queued keys whose reconcile is known to have nothing to do (`enqueue_idle`)."""

    def enqueue(self, key: Key) -> None:
        self.queue[key] = None
        if self.idle:
            self.idle.pop(key, None)

    def enqueue_idle(self, key: Key) -> None:
        """Queue `key` for a change its reconcile would find nothing to do about: it takes its
        place in the queue, as any change would, and `process` passes it over unless something
        else queues it meanwhile. The other keys' reconciles then run in the same order as if it
        had been reconciled, so the writes and their resourceVersions are the same."""
        if key not in self.queue:
            self.queue[key] = None
            self.idle[key] = None

    def enqueue_after(self, key: Key, seconds: int) -> None:
        """Look at `key` again later (a deadline, a back-off, minReadySeconds)."""
        self.sim.after(max(1, seconds), self.enqueue, key)

    def enqueue_obj(self, obj: dict | None) -> None:
        if obj is not None:
            self.enqueue((obj["metadata"].get("namespace", ""), obj["metadata"]["name"]))

    def enqueue_change(self, event: str, old: dict | None, new: dict | None) -> None:
        """A store watcher queueing the changed object's key (a bound method, so that a copied
        simulation's store feeds the copied controller)."""
        self.enqueue_obj(new or old)

    def process(self) -> int:
        """Reconcile every key queued before this call; keys added meanwhile wait a tick."""
        keys = list(self.queue)
        self.queue.clear()
        idle = self.idle
        for key in keys:
            if idle and idle.pop(key, 0) is None:
                continue
            self.reconcile(key)
        return len(keys)

    def resync(self) -> None:
        """Queue every object this controller owns (after the controller-manager restarts)."""

    def reconcile(self, key: Key) -> None:
        raise NotImplementedError

    def event(self, obj: dict, type_: str, reason: str, message: str) -> None:
        self.sim.recorder.emit(obj, type_, reason, message, self.name)


class NamespaceController(Controller):
    """A controller that keeps something in every namespace, keyed `("", namespace)`: it answers
    a namespace's creation at once (a tick is a whole second, and a pod may follow in the same
    one), and queues the namespace on any later change."""

    def __init__(self, sim: Simulation):
        super().__init__(sim)
        self.store.watch("Namespace", self._on_namespace)

    def _on_namespace(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            return
        key = ("", new["metadata"]["name"])
        if event == "ADDED" and self.sim.components["kube-controller-manager"]:
            self.reconcile(key)
        else:
            self.enqueue(key)

    def resync(self) -> None:
        for ns in self.store.list("Namespace"):
            self.enqueue(("", ns["metadata"]["name"]))


def derived_uid(sim: Simulation, kind: str, namespace: str, name: str) -> str:
    """A uid for an object a controller makes in every namespace (a `default` ServiceAccount, a
    `kube-root-ca.crt`), derived from the store's revision rather than drawn from the
    simulation's random stream: adding such objects leaves every generated name as it was."""
    import hashlib
    import uuid

    digest = hashlib.sha256(f"{sim.seed}/{kind}/{namespace}/{name}/{sim.store.revision}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))
