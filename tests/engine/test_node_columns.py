"""The scheduler's array path picks the node, and leaves the search where, the plugin loop would."""

import random

from kubetui.engine.scheduler import NodeInfo
from kubetui.engine.scheduler.scheduler import Scheduler


class _Sim:
    tick = 0

    class store:  # noqa: N801 - a stand-in with the one method the scheduler's constructor calls
        @staticmethod
        def watch(kind, fn):
            pass


def _cluster(rng: random.Random, n: int) -> Scheduler:
    s = Scheduler(_Sim())  # type: ignore[arg-type]
    for i in range(n):
        name = f"n{i}"
        info = NodeInfo(name, cpu=rng.choice([0, 1000, 2000, 4000]), memory=rng.choice([0, 2**30, 2**32]),
                        pods=rng.choice([3, 10, 110]))
        info.requested_cpu = rng.randrange(0, 4500, 50)
        info.requested_memory = rng.randrange(0, 2**32, 2**26)
        info.nonzero_cpu = info.requested_cpu + rng.choice([0, 100])
        info.nonzero_memory = info.requested_memory
        info.pod_count = rng.randrange(0, 12)
        if rng.random() < 0.05:
            info.taints = [{"key": "k", "value": "v", "effect": rng.choice(["NoSchedule", "PreferNoSchedule"])}]
        info.unschedulable = rng.random() < 0.03
        s.nodes[name] = info
        s._order.append(name)
    return s


def test_array_path_matches_the_plugin_loop_on_random_clusters():
    rng = random.Random(17)
    compared = 0
    for trial in range(60):
        n = rng.choice([5, 80, 150, 400, 1200])
        cpu, mem = rng.choice([0, 100, 500]), rng.choice([0, 2**27])
        pod = {"metadata": {"namespace": "default", "name": f"p{trial}"},
               "spec": {"containers": [{"name": "c", "resources": {"requests": {
                   **({"cpu": f"{cpu}m"} if cpu else {}), **({"memory": str(mem)} if mem else {})}}}]}}
        start = rng.randrange(n)
        fast, slow = _cluster(random.Random(trial), n), _cluster(random.Random(trial), n)
        fast._next_start = slow._next_start = start
        slow._schedule_plain = lambda *a: None  # type: ignore[method-assign]
        assert fast.schedule_one(pod) == slow.schedule_one(pod), trial
        assert fast._next_start == slow._next_start, trial
        compared += 1
    assert compared == 60


def test_amounts_too_large_for_the_columns_are_judged_by_the_plugins():
    from kubetui import Simulation

    sim = Simulation(seed=1)
    for name, cpu in (("huge", "1Ei"), ("small", "100m")):
        sim.store.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
                          "spec": {"containers": [{"name": "app", "image": "nginx:1.25",
                                                   "resources": {"requests": {"cpu": cpu}}}]}})
    sim.step(2)
    huge, small = sim.get("Pod", "huge"), sim.get("Pod", "small")
    assert not huge["spec"].get("nodeName") and "Insufficient cpu" in huge["status"]["conditions"][-1]["message"]
    assert small["spec"].get("nodeName")
