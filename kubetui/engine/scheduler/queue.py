"""The scheduling queue: pods waiting for a node, the most important first.

Active pods sit in a queue per priority, in arrival order, the priorities in a heap (a
cold start queues thousands of pods of one priority: each pop is then a deque's, not a
30,000-entry heap's). A pod that fits nowhere moves to the
unschedulable pods, which go back to the heap when the cluster changes in a way that may let
them fit (a node or claim appears or changes, a pod leaves a node), or at the latest every
UNSCHEDULABLE_FLUSH seconds (podMaxInUnschedulablePodsDuration).
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import Callable

UNSCHEDULABLE_FLUSH = 300

Key = tuple[str, str]


class SchedulingQueue:
    def __init__(self) -> None:
        self._active: dict[int, deque[Key]] = {}
        """-priority -> the keys queued at that priority, first come first."""
        self._levels: list[int] = []
        """The keys of `_active`, a heap: the highest priority first."""
        self._queued: dict[Key, None] = {}
        self._unschedulable: dict[Key, int] = {}
        self.moved = False
        """Whether something changed that may let an unschedulable pod fit."""

    def __len__(self) -> int:
        return len(self._queued) + len(self._unschedulable)

    def __contains__(self, key: Key) -> bool:
        return key in self._queued or key in self._unschedulable

    def add(self, key: Key, pod: dict) -> None:
        level = -(pod["spec"].get("priority", 0) or 0)
        keys = self._active.get(level)
        if keys is None:
            keys = self._active[level] = deque()
            heapq.heappush(self._levels, level)
        keys.append(key)
        self._queued[key] = None

    def forget(self, key: Key) -> None:
        self._queued.pop(key, None)
        self._unschedulable.pop(key, None)

    def unschedulable(self, key: Key, tick: int) -> None:
        self._unschedulable[key] = tick

    def flush(self, tick: int, get: Callable[[Key], dict | None]) -> None:
        """Move the unschedulable pods back to the heap after a change (or the periodic flush)."""
        if self.moved or (self._unschedulable and tick % UNSCHEDULABLE_FLUSH == 0):
            self.moved = False
            for key in list(self._unschedulable):
                pod = get(key)
                del self._unschedulable[key]
                if pod is not None:
                    self.add(key, pod)

    def pop(self) -> Key | None:
        """The next pod to try, or None when no pod is waiting to be tried."""
        queued, levels = self._queued, self._levels
        while levels:
            keys = self._active[levels[0]]
            while keys:
                key = keys.popleft()
                if key in queued:
                    del queued[key]
                    return key
            del self._active[heapq.heappop(levels)]
        return None
