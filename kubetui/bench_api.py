"""API server benchmark: `python -m kubetui.bench_api [--nodes N] [--pods M] [--requests K] [--watchers W]`.

Builds a cluster of N nodes and M running pods, serves it (clock paused) and, from a client in
another process (aiohttp, one keep-alive connection, one request at a time, as kubectl sends
them), measures requests a second for get (one pod), list (all M pods), create and patch (a
ConfigMap), and the latency from a create to its ADDED event reaching each of W watchers. Each
figure stands beside the same work through kubetui's built-in kubectl in-process (the ratio is
API/built-in). Three runs; min/median/max printed as JSON. Figures only; no test asserts them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import ssl
import statistics
import time

CM = "/api/v1/namespaces/default/configmaps"
PODS = "/api/v1/namespaces/default/pods"
CONFIGMAP = {"apiVersion": "v1", "kind": "ConfigMap"}


def build(nodes: int, pods: int, seed: int = 1):
    """A session of `nodes` nodes and `pods` running pods (Deployments of 100)."""
    from kubetui.session import Session
    from kubetui.shell import Simulation

    sim = Simulation(seed=seed, nodes=[{"name": f"node-{i}", "cpu": "64", "memory": "256Gi", "pods": 250}
                                       for i in range(1, nodes + 1)])
    left, i = pods, 0
    while left > 0:
        n = min(100, left)
        sim.store.create({"apiVersion": "apps/v1", "kind": "Deployment",
                          "metadata": {"name": f"app-{i}", "namespace": "default"},
                          "spec": {"replicas": n, "selector": {"matchLabels": {"app": f"app-{i}"}},
                                   "template": {"metadata": {"labels": {"app": f"app-{i}"}},
                                                "spec": {"containers": [{"name": "app", "image": "nginx:1.25"}]}}}})
        left -= n
        i += 1
    for _ in range(120):
        sim.step(1)
        if sum(1 for p in sim.store.iter("Pod", "default") if p["status"].get("phase") == "Running") >= pods:
            break
    return Session(sim)


# -- the client (another process) -------------------------------------------------------------------

async def _client(url: str, token: str, ca: str, requests: int, watchers: int, events: int, pod: str,
                  run: int) -> dict:
    import aiohttp

    ctx = ssl.create_default_context(cadata=ca)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    out: dict = {}
    conn = aiohttp.TCPConnector(ssl=ctx, limit=watchers + 10)
    async with aiohttp.ClientSession(url, headers=headers, connector=conn) as http:
        async def timed(name: str, n: int, send) -> None:
            t0 = time.perf_counter()
            for i in range(n):
                async with send(i) as resp:
                    await resp.read()
                    assert resp.status < 300, (name, resp.status, await resp.text())
            out[name] = n / (time.perf_counter() - t0)

        await timed("get", requests, lambda i: http.get(f"{PODS}/{pod}"))
        await timed("list", max(5, requests // 20), lambda i: http.get(PODS))
        await timed("create", requests, lambda i: http.post(CM, data=json.dumps(
            {**CONFIGMAP, "metadata": {"name": f"r{run}-{i}"}, "data": {"a": "b"}})))
        await timed("patch", requests, lambda i: http.patch(
            f"{CM}/r{run}-{i}", data=json.dumps({"data": {"a": str(i)}}),
            headers={"Content-Type": "application/merge-patch+json"}))
        async with http.get(CM, params={"limit": "1"}) as resp:
            rv = (await resp.json())["metadata"]["resourceVersion"]
        seen: dict[str, list[float]] = {}
        ready = asyncio.Event()
        opened = 0

        async def watch() -> None:
            nonlocal opened
            async with http.get(CM, params={"watch": "true", "resourceVersion": rv,
                                            "fieldSelector": "metadata.namespace=default"},
                                timeout=aiohttp.ClientTimeout(total=None)) as resp:
                opened += 1
                if opened == watchers:
                    ready.set()
                async for line in resp.content:
                    ev = json.loads(line)
                    name = ev["object"]["metadata"]["name"]
                    if ev["type"] == "ADDED" and name.startswith(f"w{run}-"):
                        seen.setdefault(name, []).append(time.perf_counter())
                        if name == f"w{run}-{events - 1}":
                            return

        tasks = [asyncio.create_task(watch()) for _ in range(watchers)]
        await asyncio.wait_for(ready.wait(), 60)
        await asyncio.sleep(0.2)
        sent: dict[str, float] = {}
        for i in range(events):
            name = f"w{run}-{i}"
            sent[name] = time.perf_counter()
            async with http.post(CM, data=json.dumps({**CONFIGMAP, "metadata": {"name": name}})) as resp:
                await resp.read()
            while len(seen.get(name, ())) < watchers:
                await asyncio.sleep(0.001)
        await asyncio.wait_for(asyncio.gather(*tasks), 60)
        lat = [(t - sent[n]) * 1000 for n, times in seen.items() for t in times]
        out["watch_latency_ms_median"] = statistics.median(lat)
        out["watch_latency_ms_max"] = max(lat)
        out["watch_events_per_s"] = len(lat) / ((max(t for ts in seen.values() for t in ts) - min(sent.values())))
    return out


def _client_main(args: tuple, queue) -> None:
    try:
        queue.put(asyncio.run(_client(*args)))
    except BaseException as exc:
        queue.put({"error": f"{type(exc).__name__}: {exc}"})
        raise


# -- the same work through the built-in kubectl ------------------------------------------------------

def builtin(sim, requests: int, pod: str, run: int) -> dict:
    out = {}

    def timed(name: str, n: int, line) -> None:
        t0 = time.perf_counter()
        for i in range(n):
            r = sim.run(line(i), source="bench")
            assert r.exit_code == 0, (name, r.stderr)
        out[name] = n / (time.perf_counter() - t0)

    timed("get", requests, lambda i: f"kubectl get pod {pod} -o json")
    timed("list", max(5, requests // 20), lambda i: "kubectl get pods -o json")
    timed("create", requests, lambda i: f"kubectl create configmap b{run}-{i} --from-literal=a=b")
    timed("patch", requests, lambda i: f"kubectl patch configmap b{run}-{i} --type=merge -p "
                                       f"'{{\"data\":{{\"a\":\"{i}\"}}}}'")
    return out


def one_run(session, running, requests: int, watchers: int, events: int, run: int) -> dict:
    server = running.server
    pod = next(p["metadata"]["name"] for p in session.sim.store.iter("Pod", "default"))
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_client_main, args=((server.url, server.token, server.certificate.cert_pem.decode(),
                                                   requests, watchers, events, pod, run), queue))
    proc.start()
    api = queue.get(timeout=1800)
    proc.join(timeout=60)
    if "error" in api:
        raise SystemExit(f"the client failed: {api['error']}")
    mine = running.call(builtin, session.sim, requests, pod, run)
    return {"api": api, "builtin": mine}


def main(argv: list[str] | None = None) -> None:
    from kubetui.api.server import ApiServer, run_in_thread

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=10)
    ap.add_argument("--pods", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=200, help="Requests per measurement (list: a twentieth).")
    ap.add_argument("--watchers", type=int, default=100)
    ap.add_argument("--events", type=int, default=20, help="Creates each watcher must see.")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    session = build(args.nodes, args.pods)
    built = time.perf_counter() - t0
    running = run_in_thread(ApiServer(session, paused=True))
    runs = []
    try:
        for run in range(args.runs):
            runs.append(one_run(session, running, args.requests, args.watchers, args.events, run))
    finally:
        running.stop()
    report: dict = {"nodes": args.nodes, "pods": args.pods, "requests": args.requests, "watchers": args.watchers,
                    "build_seconds": round(built, 1)}
    for key in ("get", "list", "create", "patch"):
        api = [r["api"][key] for r in runs]
        mine = [r["builtin"][key] for r in runs]
        report[f"{key}_per_s"] = _spread(api)
        report[f"{key}_builtin_per_s"] = _spread(mine)
        report[f"{key}_ratio"] = _spread([a / b for a, b in zip(api, mine)], 2)
    for key in ("watch_latency_ms_median", "watch_latency_ms_max", "watch_events_per_s"):
        report[key] = _spread([r["api"][key] for r in runs])
    print("{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in report.items()) + "\n}")


def _spread(values: list[float], digits: int = 1) -> list[float]:
    """[min, median, max]."""
    return [round(min(values), digits), round(statistics.median(values), digits), round(max(values), digits)]


if __name__ == "__main__":
    main()
