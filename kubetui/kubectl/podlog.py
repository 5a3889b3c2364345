"""GET pods/NAME/log: what the kubelet kept of a container's output, with kubectl's options
(container, previous, tailLines, sinceSeconds, timestamps, follow). One reading of the log for every
door: the API server's log and attach streams and `kubectl get --raw .../log`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine import rest
from kubetui.kubectl.commands._pods import container_status, waiting_error
from kubetui.model.clock import TimeParseError, datetime_of, tick_of
from kubetui.model.errors import ApiError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kubetui.engine.simulation import Simulation


class LogRequest:
    def __init__(self, sim: Simulation, info: rest.RequestInfo, query: Mapping[str, str]):
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
        self.since_time = _time(query.get("sinceTime"))
        self.sent = 0

    def _all(self) -> list[tuple[str, int]]:
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
        return self._timed(self.previous)

    def _timed(self, previous: bool) -> list[tuple[str, int]]:
        """(line, tick it was printed at) of what the container wrote so far."""
        meta = self.pod["metadata"]
        kubelet = self.sim.kubelet
        lines = kubelet.logs(meta["namespace"], meta["name"], self.container, previous) or []
        ticks = kubelet.log_times(meta["namespace"], meta["name"], self.container, previous) or []
        ticks = [*ticks[:len(lines)], *[self.sim.tick] * (len(lines) - len(ticks))]
        return list(zip(lines, ticks))

    def _format(self, timed: list[tuple[str, int]]) -> list[str]:
        if self.timestamps:
            return [f"{datetime_of(tick):%Y-%m-%dT%H:%M:%S}.000000000Z {line}\n" for line, tick in timed]
        return [f"{line}\n" for line, _ in timed]

    def lines(self) -> list[str]:
        timed = self._all()
        self.sent = len(timed)
        if self.since is not None:
            timed = [(line, tick) for line, tick in timed if tick >= self.sim.tick - self.since] \
                if self.since > 0 else []
        elif self.since_time is not None:
            timed = [(line, tick) for line, tick in timed if tick >= self.since_time]
        if self.tail is not None:
            timed = timed[len(timed) - self.tail:] if self.tail > 0 else []
        return self._format(timed)

    def more(self) -> list[str]:
        timed = self._timed(False)
        new = timed[self.sent:]
        self.sent = len(timed)
        return self._format(new)

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


def _time(text: str | None) -> int | None:
    try:
        return tick_of(text) if text else None
    except TimeParseError as exc:
        raise ApiError("BadRequest", f'invalid value "{text}": {exc}') from None
