"""The API of the game being played (`kubetui play --api`, `kubetui sandbox --api`).

The server runs on the Textual app's own asyncio loop, so its handlers run between the app's
clock fires: the cluster the player sees is the one kubectl changes. The game keeps its clock;
`kubectl sim pause|resume|speed|step` move that clock, as the game's keys do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kubetui.api import kubeconfig
from kubetui.api.members import member_servers
from kubetui.api.server import ApiServer


class GameApp(Protocol):
    """What of the app the API needs: its pause switch, speed and a way to step and redraw."""

    paused: bool
    speed: int

    def advance(self, ticks: int) -> int: ...

    def set_speed(self, speed: float) -> None: ...

    def toggle_pause(self) -> None: ...

    def refresh_play(self) -> None: ...


class GameClock:
    """The app's clock as the server drives it (the server's own Clock stays unused)."""

    def __init__(self, app: GameApp):
        self.app = app

    @property
    def paused(self) -> bool:
        return self.app.paused

    @property
    def speed(self) -> float:
        return self.app.speed

    def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    def set(self, *, paused: bool | None = None, speed: float | None = None) -> None:
        if paused is not None and paused != self.app.paused:
            self.app.toggle_pause()
        if speed is not None:
            self.app.set_speed(speed)

    def step(self, n: int) -> int:
        return self.app.advance(n)


class GameApi:
    """One game's server and the kubeconfig that reaches it."""

    def __init__(self, app: GameApp, session, config: str | Path | None = None):
        self.server = ApiServer(session, clock=GameClock(app))
        self.server.on_change = app.refresh_play
        self.members = member_servers(self.server)
        """A scenario's other clusters, each served under its own context."""
        for _, member in self.members:
            member.on_change = app.refresh_play
        self.config = Path(config) if config else kubeconfig.default_path()
        self.error: str | None = None
        self.running = False

    async def start(self) -> None:
        started: list[ApiServer] = []
        try:
            for server in (self.server, *(m for _, m in self.members)):
                await server.start()
                started.append(server)
        except OSError as exc:
            for server in started:
                await server.stop()
            self.error = f"the API cannot listen: {exc.strerror or exc}"
            return
        kubeconfig.write(self.config, [(name, s.url, s.token, s.certificate.cert_pem)
                                       for name, s in ((kubeconfig.CONTEXT, self.server), *self.members)])
        self.running = True

    async def stop(self) -> None:
        if self.running:
            self.running = False
            for _, member in self.members:
                await member.stop()
            await self.server.stop()

    @property
    def label(self) -> str | None:
        """What the header shows while it serves: `API :PORT`."""
        return f"API :{self.server.port}" if self.running else None
