"""UI benchmark: `python -m kubetui.bench_ui [--nodes 1000] [--pods 30000] [--speed 10] [--seconds 5] [--profile F]`.

Builds a cluster of N worker nodes running M pods, opens the play screen on it (headless
Textual, 160×48) with the clock running at the given speed while Deployments scale up and
down, and prints JSON: time to first frame, refreshes and ticks per real second, key-press
latency (median, p95, max: a key posted until the table's cursor moved), `/filter` latency
(Enter posted in the command bar until the table holds the filtered list; the first filter
may find row text not yet prepared: `filter_complete_ms` is until the list has every match)
and the clock's step and refresh cost. Figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time

import yaml


def build(nodes: int, pods: int, per_deployment: int = 100, seed: int = 1):
    from kubetui.shell import Simulation

    sim = Simulation(seed=seed, nodes=[{"name": f"node-{i}", "cpu": "16", "memory": "64Gi", "pods": 250}
                                       for i in range(1, nodes + 1)])
    items, left, i = [], pods, 0
    while left > 0:
        n = min(per_deployment, left)
        items.append({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": f"app-{i}"},
                      "spec": {"replicas": n, "selector": {"matchLabels": {"app": f"app-{i}"}},
                               "template": {"metadata": {"labels": {"app": f"app-{i}"}},
                                            "spec": {"containers": [{"name": "app", "image": "nginx:1.25",
                                                                     "resources": {"requests": {"cpu": "100m",
                                                                                                "memory": "128Mi"}}}]}}}})
        left -= n
        i += 1
    r = sim.run("kubectl apply -f -", stdin=yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": items}))
    if r.exit_code:
        raise SystemExit(r.stderr)
    sim.step(30)
    return sim, i


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def measure(sim, deployments: int, speed: int, seconds: float) -> dict:
    import kubetui.session  # noqa: F401  (the game imports these before it builds its cluster)
    import kubetui.ui.game  # noqa: F401
    from kubetui.ui.app import SPEEDS, KubetuiApp
    from kubetui.ui.widgets.objects import ObjectTable

    t0, c0 = time.perf_counter(), time.process_time()
    app = KubetuiApp(sim=sim, lesson=False, lang="en", paused=True, record=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        first_frame = time.perf_counter() - t0
        first_frame_cpu = time.process_time() - c0
        screen = app.play_screen
        screen.query_one(ObjectTable).focus()
        app.speed_index = SPEEDS.index(speed) if speed in SPEEDS else 3
        refreshes0 = screen.refreshes
        ticks0 = sim.tick
        app.paused = False
        app._last_fire = time.monotonic()
        latencies, latencies_cpu = [], []
        start = time.perf_counter()
        n = 0
        while time.perf_counter() - start < seconds:
            if n % 10 == 0:
                d = (n // 10) % deployments
                replicas = 150 if (n // 10) % 2 == 0 else 100
                screen.run_command(f"kubectl scale deployment/app-{d} --replicas={replicas}")
            table = screen.query_one(ObjectTable)
            before = table.cursor_row
            k, kc = time.perf_counter(), time.process_time()
            app.simulate_key("down" if n % 2 == 0 else "up")
            while table.cursor_row == before and time.perf_counter() - k < 2.0:
                await asyncio.sleep(0.001)
            latencies.append((time.perf_counter() - k) * 1000)
            latencies_cpu.append((time.process_time() - kc) * 1000)
            n += 1
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - start
        stats = dict(app.stats)
        filters, filters_cpu, complete = await measure_filters(app, screen)
        output = await measure_output(app, screen)
        out = {
            "nodes": len(sim.scheduler.nodes),
            "pods": sim.store.count("Pod"),
            "speed": app.speed,
            "seconds": round(elapsed, 2),
            "time_to_first_frame_s": round(first_frame, 3),
            "time_to_first_frame_cpu_s": round(first_frame_cpu, 3),
            "refreshes_per_second": round((screen.refreshes - refreshes0) / elapsed, 1),
            "ticks_per_second": round((sim.tick - ticks0) / elapsed, 1),
            "keypress_latency_ms": {"median": round(statistics.median(latencies), 1),
                                    "p95": round(_pct(latencies, 0.95), 1), "max": round(max(latencies), 1)},
            "keypress_latency_cpu_ms": {"median": round(statistics.median(latencies_cpu), 1),
                                        "p95": round(_pct(latencies_cpu, 0.95), 1),
                                        "max": round(max(latencies_cpu), 1)},
            "clock": {"fires": stats["fires"],
                      "mean_step_ms": round(1000 * stats["step_seconds"] / max(1, stats["fires"]), 1),
                      "mean_refresh_ms": round(1000 * stats["refresh_seconds"] / max(1, stats["fires"]), 1),
                      "max_fire_ms": round(1000 * stats["max_fire_seconds"], 1)},
            "filter_latency_ms": {"first": round(filters[0], 1), "median": round(statistics.median(filters), 1),
                                  "max": round(max(filters), 1),
                                  "p95": round(_pct(filters, 0.95), 1),
                                  "each": [[f"/{f}", round(ms, 1)] for f, ms in zip(FILTERS, filters)]},
            "filter_complete_ms": {"median": round(statistics.median(complete), 1),
                                   "max": round(max(complete), 1)},
            "filter_latency_cpu_ms": {"median": round(statistics.median(filters_cpu), 1),
                                      "p95": round(_pct(filters_cpu, 0.95), 1), "max": round(max(filters_cpu), 1)},
            "output_1000_lines_cpu_ms": {"min": round(min(output), 1), "median": round(statistics.median(output), 1),
                                         "max": round(max(output), 1)},
        }
        app.paused = True
    return out


FILTERS = ("app-1", "app-12", "app-123", "", "running", "node-7", "", "app-2", "")


async def measure_filters(app, screen) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds (wall, CPU) from Enter on `/text` in the command bar until the table holds the
    list, and (wall) until the list has every match."""
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.objects import ObjectTable

    table = screen.query_one(ObjectTable)
    bar = screen.query_one(CommandBar)
    out, cpu, complete = [], [], []
    for needle in FILTERS:
        bar.focus()
        bar.value = "/" + needle
        await asyncio.sleep(0.05)
        k, kc = time.perf_counter(), time.process_time()
        app.simulate_key("enter")
        while table.filter_text != needle and time.perf_counter() - k < 10.0:
            await asyncio.sleep(0.001)
        out.append((time.perf_counter() - k) * 1000)
        cpu.append((time.process_time() - kc) * 1000)
        while not getattr(table, "filter_complete", True) and time.perf_counter() - k < 30.0:
            await asyncio.sleep(0.01)
        complete.append((time.perf_counter() - k) * 1000)
        await asyncio.sleep(0.2)
    return out, cpu, complete


async def measure_output(app, screen, runs: int = 9) -> list[float]:
    """CPU milliseconds to put a 1,000-line command output in the Output pane and draw the frame
    (CPU time, so a busy machine does not inflate it)."""
    from kubetui.ui.widgets.output import OutputPane

    pane = screen.query_one(OutputPane)
    lines = "\n".join(f"app-{i:05d}-7d9c8f   1/1   Running   0   {i}s   10.244.{i // 250}.{i % 250}   node-{i % 100}"
                      for i in range(1000))
    out = []
    for _ in range(runs):
        k = time.process_time()
        pane.command("kubectl get pods -o wide", lines)
        await app.animator.wait_for_idle()
        screen.refresh()
        await asyncio.sleep(0)
        out.append((time.process_time() - k) * 1000)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kubetui.bench_ui")
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--pods", type=int, default=30000)
    parser.add_argument("--speed", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the UI part (not the build) to FILE")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    sim, deployments = build(args.nodes, args.pods)
    built = time.perf_counter() - t0
    if args.profile:
        import cProfile

        with cProfile.Profile() as profile:
            result = asyncio.run(measure(sim, deployments, args.speed, args.seconds))
        profile.dump_stats(args.profile)
    else:
        result = asyncio.run(measure(sim, deployments, args.speed, args.seconds))
    result["cluster_build_s"] = round(built, 1)
    result["load_average_1m"] = {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2),
                                 "cores": os.cpu_count()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
