"""Event logs of runs, and their replay: writer, reader, re-simulation and verification,
seeking, ghost comparison of two runs, and real clusters' Events on the same timeline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kubetui.replay.writer import EventLog

if TYPE_CHECKING:
    from kubetui.shell import Simulation

__all__ = ["EventLog", "open_writer", "header_for"]


def header_for(sim: Simulation, *, scenario=None, seed: int | None = None, lang: str = "en",
               nodes: int | None = None, timeline: str | None = None) -> dict:
    """The header describing how `sim` was built (a scenario object, or a sandbox of `nodes`)."""
    header: dict = {"seed": sim.seed if seed is None else seed, "lang": lang}
    if scenario is None:
        workers = nodes if nodes is not None else sum(
            1 for name in sim.kubelet.agents if name != "control-plane")
        header.update({"scenario": None, "scenarioPath": None, "scenarioSha256": None, "nodes": workers})
        if getattr(sim, "addons", ()):
            header["addons"] = list(sim.addons)
        if getattr(sim, "members", None):
            header["clusters"] = 1 + len(sim.members)
        return header
    path = getattr(scenario, "path", None)
    header.update({"scenario": scenario.id, "scenarioPath": str(path) if path else None,
                   "scenarioSha256": getattr(scenario, "sha256", None), "nodes": None,
                   "timeline": timeline or _timeline_mode(sim, scenario)})
    return header


def open_writer(sim: Simulation, path: str | Path | None = None, *, scenario=None, seed: int | None = None,
                lang: str = "en", nodes: int | None = None, timeline: str | None = None) -> EventLog:
    """An EventLog attached to `sim`, at `path` or the default place (`logs/<scenario>-<seed>-<n>.jsonl`)."""
    from kubetui.replay.paths import default_log_path

    header = header_for(sim, scenario=scenario, seed=seed, lang=lang, nodes=nodes, timeline=timeline)
    if path is None:
        path = default_log_path(header.get("scenario"), header["seed"])
    return EventLog(path, header).attach(sim)


def _timeline_mode(sim: Simulation, scenario) -> str:
    """"scheduled" when the door runs the scenario's timeline itself (`simulation_for`),
    "logged" when whoever plays it issues the timeline's commands (the headless runner)."""
    lines = {e.run for e in getattr(scenario, "timeline", ())}
    if not lines:
        return "logged"
    if any(source == "timeline" for _, _, _, source in sim.scheduled()):
        return "scheduled"
    if any(c.get("source") == "timeline" and c.get("line") in lines for c in sim.command_log):
        return "scheduled"
    return "logged"
