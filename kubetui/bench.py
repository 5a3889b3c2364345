"""Engine benchmark: `python -m kubetui.bench --nodes N --pods M`.

Creates Deployments totalling M pods on N worker nodes, steps until every pod runs, then
100 steady ticks, and prints JSON: pods scheduled per second (cold start), mean, median and p95
steady tick in ms (the mean counts the first of them, where the cluster may still finish work
its last pods started), peak memory. Each phase is timed in CPU seconds as well as wall seconds: on a
shared machine the CPU figure is the one that load does not distort. `--profile FILE` writes
a cProfile of the run (`python -m pstats FILE`). Figures only; nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc


class _Phase:
    """Wall and CPU seconds of one phase."""

    def __enter__(self) -> _Phase:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


class _CollectorClock:
    """CPU seconds and runs of Python's cycle collector (gc.callbacks)."""

    def __init__(self) -> None:
        self.seconds, self.runs, self._began = 0.0, 0, 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._began = time.process_time()
        else:
            self.seconds += time.process_time() - self._began
            self.runs += 1


def run(nodes: int, pods: int, per_deployment: int = 100, seed: int = 1, trace_memory: bool = False) -> dict:
    import gc

    from kubetui.shell import Simulation

    collector = _CollectorClock()
    gc.callbacks.append(collector)

    if trace_memory:
        tracemalloc.start()
    boot_phase = _Phase().__enter__()
    t0 = time.perf_counter()
    sim = Simulation(seed=seed, nodes=[{"name": f"node-{i}", "cpu": "16", "memory": "64Gi", "pods": 250}
                                       for i in range(1, nodes + 1)])
    boot = time.perf_counter() - t0
    boot_phase.__exit__()
    create_phase = _Phase().__enter__()
    t0 = time.perf_counter()
    left, i = pods, 0
    while left > 0:
        n = min(per_deployment, left)
        sim.store.create({"apiVersion": "apps/v1", "kind": "Deployment",
                          "metadata": {"name": f"app-{i}", "namespace": "default"},
                          "spec": {"replicas": n, "selector": {"matchLabels": {"app": f"app-{i}"}},
                                   "template": {"metadata": {"labels": {"app": f"app-{i}"}},
                                                "spec": {"containers": [{
                                                    "name": "app", "image": "nginx:1.25",
                                                    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}})
        left -= n
        i += 1
    create = time.perf_counter() - t0
    create_phase.__exit__()
    with _Phase() as first:
        sim.step(1)  # controllers create every pod, the scheduler binds them
    scheduled_in = first.wall
    bound = sum(1 for p in sim.store.iter("Pod", "default") if p["spec"].get("nodeName"))
    settle = _Phase().__enter__()
    ticks = 1
    while ticks < 600:
        sim.step(1)
        ticks += 1
        if sim.store.get("Deployment", "default", f"app-{i - 1}")["status"].get("availableReplicas", 0) == \
                min(per_deployment, pods - per_deployment * (i - 1)):
            running = sum(1 for p in sim.store.iter("Pod", "default") if p.get("status", {}).get("phase") == "Running")
            if running == pods:
                break
    settle.__exit__()
    to_running = settle.wall
    steady, steady_ticks = [], []
    steady_cpu = time.process_time()
    for _ in range(100):
        t, c = time.perf_counter(), time.process_time()
        sim.step(1)
        steady.append((time.perf_counter() - t) * 1000)
        steady_ticks.append((time.process_time() - c) * 1000)
    steady_cpu = time.process_time() - steady_cpu
    steady.sort()
    out = {
        "nodes": nodes, "pods": pods, "deployments": i,
        "bootSeconds": round(boot, 3),
        "bootCpuSeconds": round(boot_phase.cpu, 3),
        "createDeploymentsSeconds": round(create, 3),
        "createDeploymentsCpuSeconds": round(create_phase.cpu, 3),
        "firstTickSeconds": round(scheduled_in, 3),
        "firstTickCpuSeconds": round(first.cpu, 3),
        "podsBoundInFirstTick": bound,
        "podsScheduledPerSecond": round(bound / scheduled_in, 1) if scheduled_in else None,
        "podsScheduledPerCpuSecond": round(bound / first.cpu, 1) if first.cpu else None,
        "cpuMicrosecondsPerPod": round(first.cpu * 1e6 / bound, 1) if bound else None,
        "ticksUntilAllRunning": ticks,
        "secondsUntilAllRunning": round(to_running, 3),
        "cpuSecondsUntilAllRunning": round(settle.cpu, 3),
        "podsRunningPerCpuSecond": round(pods / (first.cpu + settle.cpu), 1) if first.cpu + settle.cpu else None,
        "steadyTickMeanMs": round(statistics.mean(steady), 3),
        "steadyTickP95Ms": round(steady[int(len(steady) * 0.95) - 1], 3),
        "steadyTickCpuMeanMs": round(steady_cpu * 10, 3),
        "steadyTickCpuMedianMs": round(statistics.median(steady_ticks), 3),
        "cycleCollectorCpuSeconds": round(collector.seconds, 3),
        "cycleCollectorRuns": collector.runs,
        "checksum": sim.checksum(),
    }
    gc.callbacks.remove(collector)
    if trace_memory:
        out["peakMemoryMiB"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    else:
        import resource

        out["peakRssMiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m kubetui.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100)
    ap.add_argument("--pods", type=int, default=3000)
    ap.add_argument("--per-deployment", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", metavar="FILE", help="write a cProfile of the run to FILE")
    args = ap.parse_args(argv)
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        out = profiler.runcall(run, args.nodes, args.pods, args.per_deployment, args.seed)
        profiler.dump_stats(args.profile)
    else:
        out = run(args.nodes, args.pods, args.per_deployment, args.seed)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
