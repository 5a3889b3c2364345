"""GET pods/NAME/log: what the kubelet kept of a container's output, with kubectl's options
(container, previous, tailLines, sinceSeconds, timestamps, follow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine import rest
from kubetui.kubectl.commands._pods import container_status, waiting_error
from kubetui.model.clock import timestamp
from kubetui.model.errors import ApiError

if TYPE_CHECKING:
    from multidict import MultiMapping

    from kubetui.shell import Simulation


class LogRequest:
    def __init__(self, sim: Simulation, info: rest.RequestInfo, query: MultiMapping[str]):
        self.sim = sim
        self.pod = rest.get_object(sim, info)
        spec = self.pod["spec"]
        names = [c["name"] for c in all_containers(spec)]
        self.container = query.get("container") or spec["containers"][0]["name"]
        if self.container not in names:
            raise ApiError("BadRequest", f"container {self.container} is not valid for pod "
                                         f"{self.pod['metadata']['name']}")
        if not query.get("container") and len(spec["containers"]) > 1:
            raise ApiError("BadRequest", f"a container name must be specified for pod {self.pod['metadata']['name']},"
                                         f" choose one of: [{' '.join(c['name'] for c in spec['containers'])}]")
        self.previous = query.get("previous") == "true"
        self.follow = query.get("follow") == "true" and not self.previous
        self.timestamps = query.get("timestamps") == "true"
        self.tail = _int(query.get("tailLines"))
        self.since = _int(query.get("sinceSeconds"))
        self.sent = 0

    def _all(self) -> list[str]:
        meta = self.pod["metadata"]
        if self.previous:
            cs = container_status(self.pod, self.container)
            if not cs or not (cs.get("lastState") or {}).get("terminated"):
                raise ApiError("BadRequest", f'previous terminated container "{self.container}" in pod '
                                             f'"{meta["name"]}" not found')
        else:
            err = waiting_error(self.pod, self.container)
            if err is not None:
                raise err
        return list(self.sim.kubelet.logs(meta["namespace"], meta["name"], self.container, self.previous) or [])

    def _format(self, lines: list[str]) -> list[str]:
        stamp = timestamp(self.sim.tick).replace("Z", ".000000000Z") + " " if self.timestamps else ""
        return [f"{stamp}{line}\n" for line in lines]

    def lines(self) -> list[str]:
        lines = self._all()
        self.sent = len(lines)
        if self.since is not None and self.since <= 0:
            lines = []
        if self.tail is not None:
            lines = lines[len(lines) - self.tail:] if self.tail > 0 else []
        return self._format(lines)

    def more(self) -> list[str]:
        meta = self.pod["metadata"]
        lines = self.sim.kubelet.logs(meta["namespace"], meta["name"], self.container, False) or []
        new = lines[self.sent:]
        self.sent = len(lines)
        return self._format(list(new))

    def running(self) -> bool:
        meta = self.pod["metadata"]
        live = self.sim.store.get("Pod", meta["namespace"], meta["name"])
        if live is None or live["metadata"]["uid"] != meta["uid"]:
            return False
        cs = container_status(live, self.container)
        return bool(cs and ("running" in (cs.get("state") or {}) or "waiting" in (cs.get("state") or {})))


def all_containers(spec: dict) -> list[dict]:
    """The pod's init, app and ephemeral containers: the ones logs and attach may name (the API
    server's check visits all three)."""
    return [*(spec.get("initContainers") or []), *spec["containers"], *(spec.get("ephemeralContainers") or [])]


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        raise ApiError("BadRequest", f'invalid value "{text}": must be an integer') from None
