"""`kubetui serve`: a cluster (a scenario's, or a sandbox) and its Kubernetes API, until Ctrl-C.

The run is recorded like any other (`--log FILE`, or the player's data folder), API requests
included, so `kubetui replay --verify` re-simulates what the real kubectl did.
"""

from __future__ import annotations

import asyncio
import shlex
import signal
import sys
import sysconfig
from pathlib import Path
from typing import TextIO

from kubetui.api import kubeconfig
from kubetui.api.server import ApiServer

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServeError(Exception):
    """Bad input for `kubetui serve` (printed as `error: …`)."""


def build_session(scenario: str | None, *, seed: int = 0, nodes: int = 3, log: str | None = None):
    """The session to serve: a scenario's (set up and settled) or a sandbox's, with its event log."""
    from kubetui.replay.paths import log_path
    from kubetui.replay.writer import EventLog
    from kubetui.session import Session

    if scenario is None:
        from kubetui.shell import Simulation

        sim = Simulation(seed=seed, nodes=nodes)
        writer = EventLog(log_path(log, None, seed), {"scenario": None, "seed": seed, "nodes": nodes})
        writer.attach(sim)
        return Session(sim, log=writer)
    from kubetui.headless import resolve_target, scenario_file
    from kubetui.scenario.errors import ScenarioError
    from kubetui.scenario.loader import load_scenario

    path = resolve_target(scenario)
    found = scenario_file(path) if path is not None else None
    if found is None:
        raise ServeError(f"{scenario}: no such scenario file, and no shipped scenario has that name")
    try:
        sc = load_scenario(found)
    except ScenarioError as exc:
        raise ServeError("\n".join(exc.messages)) from None
    header = {"scenario": sc.id, "scenarioPath": str(found), "scenarioSha256": sc.sha256, "seed": seed,
              "nodes": None, "timeline": "scheduled"}

    def open_log(sim):
        return EventLog(log_path(log, sc.id, seed), header).attach(sim)

    return Session.begin(sc, seed, log=open_log)


def plugin_path_line() -> str | None:
    """`kubectl sim …` is the kubectl-sim plugin, installed beside kubetui. Installed in a virtual
    environment, it is on PATH only where that environment is active: another terminal's kubectl
    says `unknown command "sim"`. Then the line to paste there too."""
    folder = Path(sysconfig.get_path("scripts"))
    if sys.prefix == sys.base_prefix or not (folder / "kubectl-sim").exists():
        return None
    return f'export PATH={shlex.quote(str(folder))}:"$PATH"   # `kubectl sim …` is the kubectl-sim plugin there'


def context_name(i: int) -> str:
    """The kubeconfig context of the i-th cluster served: `kubetui`, then `kubetui-2`, …"""
    return kubeconfig.CONTEXT if i == 0 else f"{kubeconfig.CONTEXT}-{i + 1}"


def with_members(servers: list[ApiServer]) -> list[tuple[str, ApiServer]]:
    """(context, server) of every cluster served: each session's own, then its scenario's other
    clusters under their own names (suffixed when several sessions are served)."""
    from kubetui.api.members import member_servers

    out: list[tuple[str, ApiServer]] = []
    for i, server in enumerate(servers):
        out.append((context_name(i), server))
        for name, member in member_servers(server, host=server.host, paused=server.paused, speed=server.speed):
            out.append((name if len(servers) == 1 else f"{name}-{i + 1}", member))
    return out


async def serve_forever(servers: ApiServer | list[ApiServer] | list[tuple[str, ApiServer]], config: Path,
                        out: TextIO, stop: asyncio.Event | None = None) -> None:
    servers = servers if isinstance(servers, list) else [servers]
    named = [s if isinstance(s, tuple) else (context_name(i), s) for i, s in enumerate(servers)]
    servers = [s for _, s in named]
    started: list[ApiServer] = []
    try:
        for server in servers:
            await server.start()
            started.append(server)
    except BaseException:
        for server in started:
            await server.stop()
        raise
    kubeconfig.write(config, [(name, s.url, s.token, s.certificate.cert_pem) for name, s in named])
    for name, server in named:
        clock = "paused (kubectl sim step N advances it)" if server.paused else f"{server.speed:g} tick(s)/s"
        context = f" as context {name}" if len(servers) > 1 else ""
        out.write(f"kubetui API serving at {server.url}{context} (clock {clock}); Ctrl-C stops it.\n")
    out.write(f"export KUBECONFIG={shlex.quote(str(config))}\n")
    hint = plugin_path_line()
    if hint:
        out.write(hint + "\n")
    out.flush()
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    try:
        await stop.wait()
    finally:
        for server in servers:
            await server.stop()


def run_serve(scenario: str | None, *, seed: int = 0, port: int = 0, config: str | None = None,
              speed: float = 1.0, paused: bool = False, log: str | None = None, host: str = "127.0.0.1",
              nodes: int = 3, out: TextIO | None = None, clusters: int = 1) -> int:
    out = out or sys.stdout
    if host not in LOOPBACK:
        sys.stderr.write(f"warning: serving on {host}: anyone who can reach it and has the token can change the "
                         "cluster\n")
    sessions = [build_session(scenario, seed=seed, nodes=nodes, log=log)]
    first = sessions[0].log.path if sessions[0].log is not None else None
    for i in range(1, clusters):
        nth = first.with_name(f"{first.stem}-cluster{i + 1}{first.suffix}") if first is not None else None
        sessions.append(build_session(scenario, seed=seed, nodes=nodes, log=str(nth) if nth else None))
    servers = [ApiServer(s, host=host, port=port + i if port else 0, speed=speed, paused=paused)
               for i, s in enumerate(sessions)]
    path = Path(config) if config else kubeconfig.default_path()
    try:
        asyncio.run(serve_forever(with_members(servers), path, out))
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    finally:
        for session in sessions:
            log_file = session.log.path if session.log is not None else None
            session.close({"passed": None, "score": None})
            out.write(f"stopped at tick {session.sim.tick}; event log: {log_file}\n")
    return 0
