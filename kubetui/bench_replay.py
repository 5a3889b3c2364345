"""Replay speed on a big run: 100 nodes, 3,000 pods, 10,000 ticks (`python -m kubetui.bench_replay`).

Records the run with its event log, then times a plain replay, a verifying replay, seeks (random
ones, and the hard ones: the first ticks, and the tick before each keyframe, reached from past
it) and steps back (as the replay screen makes them, the seeker idle between two steps, and
without that), and prints the figures as JSON: wall-clock seconds, and CPU seconds of this process
(`time.process_time`), which a loaded machine distorts far less. Benchmarks print figures; tests never assert
wall-clock times.
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
    from kubetui.replay.writer import EventLog
    from kubetui.shell import Simulation

    began, cpu = time.perf_counter(), time.process_time()
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
    return {"seconds": time.perf_counter() - began, "cpuSeconds": time.process_time() - cpu, "pods": pods}


WARM_TICKS = 10
"""Ticks of a reused log replayed once before any clock starts (see `warm_up`)."""


def warm_up(replay) -> None:
    """What recording the log first does for the replay timed after it, done for a reused log
    (`--log`), which records nothing: the engine and kubectl imported, the image registry's
    data read, each code path's caches filled, and the interpreter's own objects frozen by the
    first big tick (`Simulation._settle_collector`). Without it a reused log's plain replay was
    charged 0.3-0.4 s of CPU (a seventh of it) that a replay made after recording, as the
    benchmark's own run is, never pays."""
    from kubetui.replay.seeker import take_apart

    sim = replay.base()
    replay.advance(sim, 0, min(replay.end_tick, WARM_TICKS))
    take_apart(sim)


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--deployments", type=int, default=30)
    parser.add_argument("--replicas", type=int, default=100)
    parser.add_argument("--ticks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeks", type=int, default=100, help="random seeks, besides the hard ones")
    parser.add_argument("--steps", type=int, default=50, help="steps back, five from each of random ticks")
    parser.add_argument("--log", type=Path, help="keep the recorded log here, or replay this one if it exists")
    args = parser.parse_args(argv)

    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify
    from kubetui.replay.seeker import Seeker

    with tempfile.TemporaryDirectory() as folder:
        path = args.log or Path(folder) / "bench.jsonl"
        recorded = None
        if not path.exists():
            recorded = record(path, nodes=args.nodes, deployments=args.deployments, replicas=args.replicas,
                              ticks=args.ticks, seed=args.seed)
        size = path.stat().st_size

        began = time.perf_counter()
        log = read_log(path)
        read_seconds = time.perf_counter() - began

        replay = Replay(log)
        if recorded is None:
            warm_up(replay)
        began, cpu = time.perf_counter(), time.process_time()
        sim = replay.base()
        replay.advance(sim, 0, replay.end_tick)
        plain, plain_cpu = time.perf_counter() - began, time.process_time() - cpu
        pods = sim.store.count("Pod")

        began, cpu = time.perf_counter(), time.process_time()
        report = verify(Replay(log))
        verifying, verifying_cpu = time.perf_counter() - began, time.process_time() - cpu

        seeker = Seeker(Replay(log))
        began, cpu = time.perf_counter(), time.process_time()
        seeker.prepare()
        prepare, prepare_cpu = time.perf_counter() - began, time.process_time() - cpu
        rng = random.Random(args.seed)
        end = replay.end_tick
        targets = [rng.randint(0, end) for _ in range(args.seeks)]
        targets += list(range(1, 11))
        for k in seeker.keyframes[1:]:
            targets += [min(end, k.tick + 1), k.tick - 1]
        rng.shuffle(targets)
        seeks, seeks_cpu = [], []
        for t in targets:
            began, cpu = time.perf_counter(), time.process_time()
            seeker.seek(t)
            seeks.append(time.perf_counter() - began)
            seeks_cpu.append(time.process_time() - cpu)
        backs, backs_cpu, cold, idle = [], [], [], []
        for _ in range(max(1, args.steps // 5)):
            seeker.seek(rng.randint(6, end))
            for _ in range(5):
                began = time.perf_counter()
                seeker.idle()
                idle.append(time.perf_counter() - began)
                began, cpu = time.perf_counter(), time.process_time()
                seeker.step(-1)
                backs.append(time.perf_counter() - began)
                backs_cpu.append(time.process_time() - cpu)
            seeker.seek(rng.randint(6, end))
            for _ in range(5):
                began = time.perf_counter()
                seeker.step(-1)
                cold.append(time.perf_counter() - began)

    ticks = replay.end_tick
    for figures in (seeks, seeks_cpu, backs, backs_cpu, cold, idle):
        figures.sort()
    figures = {
        "nodes": args.nodes, "pods": recorded["pods"] if recorded else pods, "ticks": ticks,
        "logBytes": size, "logLines": log.lines, "checkpoints": len(log.checkpoints), "events": len(log.events),
        "recordTicksPerSecond": round(ticks / recorded["seconds"], 1) if recorded else None,
        "recordTicksPerCpuSecond": round(ticks / recorded["cpuSeconds"], 1) if recorded else None,
        "readSeconds": round(read_seconds, 3),
        "replayTicksPerSecond": round(ticks / plain, 1),
        "verifyTicksPerSecond": round(ticks / verifying, 1),
        "replayTicksPerCpuSecond": round(ticks / plain_cpu, 1),
        "verifyTicksPerCpuSecond": round(ticks / verifying_cpu, 1),
        "verified": report.ok,
        "prepareSeconds": round(prepare, 2),
        "prepareCpuSeconds": round(prepare_cpu, 2),
        "keyframes": len(seeker.keyframes),
        "keyframeBytes": seeker.keyframe_bytes,
        "restoreSecondsMax": round(max(k.restore_seconds for k in seeker.keyframes), 3),
        "seeks": len(seeks),
        "seekSecondsMax": round(seeks[-1], 3),
        "seekSecondsMean": round(sum(seeks) / len(seeks), 3),
        "seekSecondsP95": round(_percentile(seeks, 0.95), 3),
        "seekCpuSecondsMax": round(seeks_cpu[-1], 3),
        "seekCpuSecondsMean": round(sum(seeks_cpu) / len(seeks_cpu), 3),
        "seekCpuSecondsP95": round(_percentile(seeks_cpu, 0.95), 3),
        "stepBackSecondsMax": round(backs[-1], 3),
        "stepBackSecondsMean": round(sum(backs) / len(backs), 3),
        "stepBackSecondsP95": round(_percentile(backs, 0.95), 3),
        "stepBackCpuSecondsP95": round(_percentile(backs_cpu, 0.95), 3),
        "idleSecondsMax": round(idle[-1], 3),
        "stepBackWithoutIdleSecondsMax": round(cold[-1], 3),
        "stepBackWithoutIdleSecondsMean": round(sum(cold) / len(cold), 3),
    }
    json.dump(figures, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
