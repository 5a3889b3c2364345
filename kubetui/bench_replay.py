"""Replay speed on a big run: 100 nodes, 3,000 pods, 10,000 ticks (`python -m kubetui.bench_replay`).

Records the run with its event log, then times a plain replay, a verifying replay and seeks,
and prints the figures as JSON. Benchmarks print figures; tests never assert wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path


def record(path: Path, *, nodes: int, deployments: int, replicas: int, ticks: int, seed: int) -> dict:
    from kubetui.engine.simulation import Simulation
    from kubetui.replay.writer import EventLog

    began = time.perf_counter()
    sim = Simulation(seed=seed, nodes=nodes)
    log = EventLog(path, {"seed": seed, "nodes": nodes}).attach(sim)
    for i in range(deployments):
        sim.run(f"kubectl create deployment app-{i} --image=nginx:1.25 --replicas={replicas}")
    plan = {
        ticks * 2 // 10: ["sim fail-node node-5"],
        ticks * 4 // 10: ["sim recover-node node-5"],
        ticks * 6 // 10: [f"kubectl scale deployment app-{i} --replicas={replicas + 10}" for i in range(3)],
        ticks * 8 // 10: ["kubectl set image deployment/app-0 nginx=nginx:1.27"],
    }
    for at in sorted(plan):
        sim.step(at - sim.tick)
        for line in plan[at]:
            sim.run(line)
    sim.step(ticks - sim.tick)
    pods = sim.store.count("Pod")
    log.end({"passed": True})
    return {"seconds": time.perf_counter() - began, "pods": pods}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--deployments", type=int, default=30)
    parser.add_argument("--replicas", type=int, default=100)
    parser.add_argument("--ticks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeks", type=int, default=20)
    args = parser.parse_args(argv)

    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify
    from kubetui.replay.seeker import Seeker

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        recorded = record(path, nodes=args.nodes, deployments=args.deployments, replicas=args.replicas,
                          ticks=args.ticks, seed=args.seed)
        size = path.stat().st_size

        began = time.perf_counter()
        log = read_log(path)
        read_seconds = time.perf_counter() - began

        replay = Replay(log)
        began = time.perf_counter()
        sim = replay.base()
        replay.advance(sim, 0, replay.end_tick)
        plain = time.perf_counter() - began

        began = time.perf_counter()
        report = verify(Replay(log))
        verifying = time.perf_counter() - began

        seeker = Seeker(Replay(log))
        began = time.perf_counter()
        seeker.prepare()
        prepare = time.perf_counter() - began
        rng = random.Random(args.seed)
        seeks = []
        for _ in range(args.seeks):
            t = rng.randint(0, replay.end_tick)
            began = time.perf_counter()
            seeker.seek(t)
            seeks.append(time.perf_counter() - began)
        backs = []
        for _ in range(5):
            began = time.perf_counter()
            seeker.step(-1)
            backs.append(time.perf_counter() - began)

    ticks = replay.end_tick
    figures = {
        "nodes": args.nodes, "pods": recorded["pods"], "ticks": ticks,
        "logBytes": size, "logLines": log.lines, "checkpoints": len(log.checkpoints), "events": len(log.events),
        "recordTicksPerSecond": round(ticks / recorded["seconds"], 1),
        "readSeconds": round(read_seconds, 3),
        "replayTicksPerSecond": round(ticks / plain, 1),
        "verifyTicksPerSecond": round(ticks / verifying, 1),
        "verified": report.ok,
        "prepareSeconds": round(prepare, 2),
        "keyframes": len(seeker.keyframes),
        "keyframeBytes": sum(len(k.blob or b"") for k in seeker.keyframes),
        "seekSecondsMax": round(max(seeks), 3),
        "seekSecondsMean": round(sum(seeks) / len(seeks), 3),
        "stepBackSecondsMax": round(max(backs), 3),
    }
    json.dump(figures, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
