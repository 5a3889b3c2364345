import json
import sys
from pathlib import Path

from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation

FIXTURES = Path(__file__).parent / "fixtures"
SCENARIO = FIXTURES / "scenario" / "scenario.yaml"
SOLUTION = FIXTURES / "scenario" / "solution.txt"


def record_sandbox_run(path: Path, *, seed: int = 5) -> Simulation:
    """A sandbox run with commands typed between ticks, a scheduled one, a node failure and a scale."""
    sim = Simulation(seed=seed, nodes=3)
    log = EventLog(path, {"seed": seed, "nodes": 3}).attach(sim)
    sim.step(5)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4").exit_code == 0
    sim.step(20)
    sim.run("sim fail-node node-2")
    sim.schedule(100, "sim recover-node node-2", source="script")
    sim.step(120)
    sim.run("kubectl scale deployment web --replicas=2")
    sim.step(30)
    log.end({"passed": True})
    return sim


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def write_records(path: Path, recs: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))


PYTHON = sys.executable
