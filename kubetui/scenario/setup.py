"""Building a Simulation from a scenario: its cluster, images and initial manifests.

The scenario layer builds the cluster; the engine never imports the scenario layer.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kubetui.scenario.schema import Scenario


def build_simulation(scenario: Scenario, seed: int = 0):
    """A Simulation at tick 0 with the scenario's nodes, node pools, images and manifests,
    but no timeline (`simulation_for` adds it)."""
    from kubetui.shell import Simulation

    cluster = scenario.cluster
    sim = Simulation(
        seed=seed,
        nodes=[n.model_dump(exclude_none=True) for n in cluster.worker_nodes()],
        control_plane=cluster.controlPlane,
        node_pools=[p.model_dump(exclude_none=True) for p in cluster.nodePools],
        images=dict(scenario.images),
        addons=list(cluster.addons),
    )
    sim.cwd = str(scenario.folder)
    from kubetui.engine.simulation import Simulation as Cluster

    for i, other in enumerate(scenario.clusters, start=1):
        sim.add_cluster(other.name, Cluster(
            seed=seed * 1000 + i, nodes=[n.model_dump(exclude_none=True) for n in other.worker_nodes()],
            control_plane=other.controlPlane, node_pools=[p.model_dump(exclude_none=True) for p in other.nodePools],
            images=dict(scenario.images), addons=list(other.addons)))
        for obj in other.manifests:
            result = sim.run(f"kubectl --context={other.name} apply -f -", stdin=yaml.safe_dump(obj, sort_keys=False),
                             source="timeline")
            if result.exit_code != 0:
                raise RuntimeError(f"{scenario.path}: a manifest of cluster {other.name} was refused: "
                                   f"{result.stderr.strip()}")
    for obj in scenario.manifest_objects():
        result = sim.run("kubectl apply -f -", stdin=yaml.safe_dump(obj, sort_keys=False), source="timeline")
        if result.exit_code != 0:
            raise RuntimeError(f"{scenario.path}: a manifest was refused: {result.stderr.strip()}")
    return sim


def simulation_for(path: str | Path | Scenario, seed: int = 0):
    """A Simulation ready to play: `build_simulation` plus the timeline scheduled in the door."""
    from kubetui.scenario.loader import load_scenario

    scenario = path if isinstance(path, Scenario) else load_scenario(path)
    sim = build_simulation(scenario, seed)
    for entry, at in zip(scenario.timeline, scenario.timeline_ticks(seed), strict=True):
        if at <= sim.tick:
            sim.run(entry.run, stdin=entry.stdin, source="timeline")
        else:
            sim.schedule(at, entry.run, stdin=entry.stdin, source="timeline")
    return sim
