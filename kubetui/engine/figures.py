"""Figures the engine keeps beside the API objects: what the cluster costs, how Services
serve their traffic, what data apps kept. Objectives, the UI and `--json` read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation


def collect(sim: Simulation) -> dict:
    return {
        "tick": sim.tick,
        "nodes": sim.store.count("Node"),
        "pods": sim.store.count("Pod"),
        "pending": sim.scheduler.pending(),
        "data": sim.kubelet.volumes.figures(),
    }
