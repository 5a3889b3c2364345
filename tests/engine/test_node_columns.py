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


def test_kept_score_columns_follow_every_change_bit_for_bit():
    """The score and fit columns kept per request class are updated row by row in Python; after
    any mix of binds, unbinds and allocatable changes it equals the columns worked out afresh
    and `node_resources_score`, to the last bit."""
    import numpy as np

    from kubetui.engine.scheduler.framework import node_resources_score
    from kubetui.engine.scheduler.nodecolumns import NodeColumns

    rng = random.Random(5)
    for _ in range(20):
        nodes = {f"n{i}": NodeInfo(f"n{i}", cpu=rng.choice([0, 1000, 16000, rng.randrange(1, 10**6)]),
                                   memory=rng.choice([0, 64 * 2**30, rng.randrange(1, 2**40)]), pods=250)
                 for i in range(40)}
        order = list(nodes)
        cols = NodeColumns(order, nodes)
        classes = [(100, 128 * 2**20), (rng.randrange(0, 5000), rng.randrange(0, 2**33)), (0, 0), (7, 3)]
        rows = np.arange(len(order))
        for c in classes:
            cols.resources_score(rows, *c)
            cols.fits(*c)
        for _step in range(150):
            name = rng.choice(order)
            info = nodes[name]
            if rng.random() < 0.1:
                info.cpu = rng.randrange(0, 20000)
                cols.set_node(info)
            else:
                cpu, mem, sign = rng.randrange(0, 3000), rng.randrange(0, 2**31), rng.choice([1, 1, -1])
                info.nonzero_cpu += sign * cpu
                info.nonzero_memory += sign * mem
                cols.add(name, sign * cpu, sign * mem, sign * cpu, sign * mem, sign)
            if rng.random() < 0.05:
                info.taints = [] if info.taints else [{"key": "k", "effect": "NoSchedule"}]
                cols.set_node(info)
            assert cols.specials == int(cols.special.sum())
            assert cols.special_rows() == np.flatnonzero(cols.special).tolist()
            for c in classes:
                assert np.array_equal(cols.fits(*c), cols._fit(*c)), "the kept fit column"
                assert cols.all_fit(*c) == bool(cols._fit(*c).all()), "the kept count of rows without room"
                kept = cols.resources_score(rows, *c)
                assert np.array_equal(kept, cols._score(slice(None), *c))
                for i, n in enumerate(order):
                    if nodes[n].cpu and nodes[n].memory:
                        assert kept[i] == node_resources_score(nodes[n], *c)


def test_all_fit_follows_rows_filling_up_and_emptying():
    from kubetui.engine.scheduler.nodecolumns import NodeColumns

    nodes = {f"n{i}": NodeInfo(f"n{i}", cpu=1000, memory=2**30, pods=2) for i in range(4)}
    cols = NodeColumns(list(nodes), nodes)
    assert cols.all_fit(100, 2**20)
    cols.add("n1", 100, 2**20, 100, 2**20, 1)
    assert cols.all_fit(100, 2**20)
    cols.add("n1", 100, 2**20, 100, 2**20, 1)  # n1 holds its 2 pods
    assert not cols.all_fit(100, 2**20)
    cols.add("n2", 950, 0, 950, 0, 0)  # and n2 no longer has 100m of CPU
    assert not cols.all_fit(100, 2**20)
    cols.add("n1", -100, -2**20, -100, -2**20, -1)
    assert not cols.all_fit(100, 2**20)
    cols.add("n2", -950, 0, -950, 0, 0)
    assert cols.all_fit(100, 2**20)
    assert not cols.all_fit(2000, 0)  # a class first asked for after the changes


def test_window_scores_are_the_rows_from_start_around_the_end():
    """`window_scores` (the all-fit search's slices of a kept column) gives the scores of the
    `count` rows from `start`, past the last row back to the first, as a new array: for a kept
    class and for one not kept yet, and writing into it leaves the kept column alone."""
    import numpy as np

    from kubetui.engine.scheduler.nodecolumns import NodeColumns

    rng = random.Random(3)
    nodes = {f"n{i}": NodeInfo(f"n{i}", cpu=rng.randrange(1, 20000), memory=rng.randrange(1, 2**36), pods=110)
             for i in range(30)}
    for info in nodes.values():
        info.nonzero_cpu, info.nonzero_memory = rng.randrange(0, 8000), rng.randrange(0, 2**34)
    cols = NodeColumns(list(nodes), nodes)
    n = len(nodes)
    for start, count in [(0, 30), (5, 10), (25, 5), (25, 6), (29, 30), (12, 29)]:
        for cls in [(100, 2**27), (rng.randrange(1, 999), rng.randrange(1, 2**30))]:
            want = cols.resources_score((np.arange(start, start + count) % n), *cls)
            got = cols.window_scores(start, count, *cls)
            assert np.array_equal(got, want), (start, count, cls)
            got[:] = -1.0
            assert np.array_equal(cols.resources_score(np.arange(n), *cls)[start:start + 1], want[:1])
