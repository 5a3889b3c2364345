"""The API of a scenario's other clusters (`clusters:` beside the main one, as the exam's k8s-c1…c4):
each is served by a server of its own, under its own kubeconfig context, on the one clock.

A member cluster is an engine Simulation inside the door (kubetui.shell.Simulation.members), so
what the server reads it reads from the member, and what changes it goes through the door: a
request with `cluster=NAME` (recorded, replayed to the same cluster), a command with
`--context=NAME` (exec and attach run kubetui's `kubectl exec` there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubetui.shell import Simulation


def in_context(line: str, name: str) -> str:
    """A `kubectl …` line sent to the cluster of context `name`."""
    head, _, rest = line.partition(" ")
    return f"{head} --context={name} {rest}" if head == "kubectl" else line


class MemberView:
    """A member cluster as the API server sees it: reads from it, writes through the door."""

    def __init__(self, door: Simulation, name: str):
        self._door, self.name = door, name
        self._member = door.members[name]

    def __getattr__(self, attr: str):
        return getattr(self._member, attr)

    def request(self, *args, **kwargs):
        return self._door.request(*args, cluster=self.name, **kwargs)

    def run(self, line: str, *args, **kwargs):
        return self._door.run(in_context(line, self.name), *args, **kwargs)

    def start(self, line: str, *args, **kwargs):
        return self._door.start(in_context(line, self.name), *args, **kwargs)

    def send(self, *args, **kwargs):
        return self._door.send(*args, **kwargs)

    def cancel(self, *args, **kwargs):
        return self._door.cancel(*args, **kwargs)

    def resize(self, *args, **kwargs):
        return self._door.resize(*args, **kwargs)

    @property
    def command_log(self) -> list[dict]:
        return self._door.command_log


class FollowClock:
    """A member's server moves time with the main server's clock (one clock for every cluster)."""

    def __init__(self, main):
        self.main = main

    @property
    def paused(self) -> bool:
        return self.main.clock.paused

    @property
    def speed(self) -> float:
        return self.main.clock.speed

    def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    def set(self, **kwargs) -> None:
        self.main.clock.set(**kwargs)

    def step(self, n: int) -> int:
        return self.main.clock.step(n)


def member_servers(main, **kwargs) -> list[tuple[str, object]]:
    """(context name, server) for every other cluster of the main server's session, by name."""
    from kubetui.api.server import ApiServer

    door = main.session.sim
    return [(name, ApiServer(main.session, sim=MemberView(door, name), clock=FollowClock(main), **kwargs))
            for name in sorted(getattr(door, "members", {}) or {})]
