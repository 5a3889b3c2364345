"""TTL after finished: a finished Job with `ttlSecondsAfterFinished` is deleted, pods and all,
that many seconds after its Complete or Failed condition appeared.
"""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.controllers.job import condition, finished
from kubetui.engine.store import delete
from kubetui.model.clock import tick_of


class TTLAfterFinishedController(Controller):
    name = "ttl-after-finished-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch("Job", self._on_job)

    def resync(self) -> None:
        for obj in self.store.iter("Job"):
            self._on_job("MODIFIED", None, obj)

    def _on_job(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is not None and new["spec"].get("ttlSecondsAfterFinished") is not None and finished(new):
            self.enqueue_obj(new)

    def reconcile(self, key: Key) -> None:
        job = self.store.get("Job", *key)
        if job is None or job["metadata"].get("deletionTimestamp"):
            return
        ttl = job["spec"].get("ttlSecondsAfterFinished")
        state = finished(job)
        if ttl is None or state is None:
            return
        expires = (tick_of((condition(job, state) or {}).get("lastTransitionTime")) or 0) + ttl
        if expires > self.sim.tick:
            self.enqueue_after(key, expires - self.sim.tick)
            return
        delete(self.store, "Job", key[0], key[1], propagation="Foreground")
