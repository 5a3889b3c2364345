"""The scheduling queue pops what a heap of (-priority, arrival) pops, stale entries included."""

import heapq
import random

from kubetui.engine.scheduler.queue import SchedulingQueue


class _HeapQueue:
    """The reference: one heap of (-priority, arrival, key), skipping keys no longer queued."""

    def __init__(self):
        self.heap, self.queued, self.seq = [], {}, 0

    def add(self, key, priority):
        self.seq += 1
        heapq.heappush(self.heap, (-priority, self.seq, key))
        self.queued[key] = None

    def forget(self, key):
        self.queued.pop(key, None)

    def pop(self):
        while self.heap:
            key = heapq.heappop(self.heap)[2]
            if key in self.queued:
                del self.queued[key]
                return key
        return None


def test_pops_in_priority_then_arrival_order_like_one_heap():
    rng = random.Random(7)
    for _ in range(30):
        queue, ref = SchedulingQueue(), _HeapQueue()
        popped, expected = [], []
        for _ in range(400):
            key = ("default", f"p{rng.randrange(60)}")
            roll = rng.random()
            if roll < 0.5:
                priority = rng.choice([0, 0, 0, 10, -5, 2000])
                if key not in queue:
                    queue.add(key, {"spec": {"priority": priority}})
                    ref.add(key, priority)
            elif roll < 0.65:
                queue.forget(key)
                ref.forget(key)
            else:
                popped.append(queue.pop())
                expected.append(ref.pop())
        while (key := ref.pop()) is not None:
            expected.append(key)
            popped.append(queue.pop())
        assert popped == expected
        assert queue.pop() is None and len(queue) == 0
