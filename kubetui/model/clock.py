"""Simulated time: tick = one second after the epoch 2026-01-01T00:00:00Z.

Timestamps are derived from the tick, never from the wall clock, so that runs replay exactly.
"""

from datetime import datetime, timedelta, timezone
from functools import lru_cache

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


@lru_cache(maxsize=8192)
def timestamp(tick: int) -> str:
    """RFC 3339 time of `tick`, as Kubernetes writes it (`2026-01-01T00:05:00Z`)."""
    return (EPOCH + timedelta(seconds=tick)).strftime("%Y-%m-%dT%H:%M:%SZ")


def tick_of(ts: str | None) -> int | None:
    """The tick a Kubernetes timestamp stands for (None stays None)."""
    if not ts:
        return None
    dt = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int((dt - EPOCH).total_seconds())


def datetime_of(tick: int) -> datetime:
    return EPOCH + timedelta(seconds=tick)
