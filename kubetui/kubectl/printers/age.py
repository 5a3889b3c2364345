"""Ages as kubectl prints them (`45s`, `3m12s`, `5h`, `2d3h`, `2y45d`).

The rules are apimachinery's `duration.HumanDuration`: about two or three significant
figures, so a glance at a table tells the order of magnitude.
"""

from kubetui.model.clock import tick_of


def human_duration(seconds: int) -> str:
    """kubectl's HumanDuration; up to 1 s in the future still reads `0s`."""
    seconds = int(seconds)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60 * 2:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = seconds // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def age(ts: str | None, now_tick: int) -> str:
    """Time since `ts` at `now_tick`: `<unknown>` without a timestamp, `<invalid>` in the future."""
    then = tick_of(ts)
    if then is None:
        return "<unknown>"
    return human_duration(now_tick - then)


def between(start: str | None, end: str | None) -> str:
    """HumanDuration of end - start (a Job's DURATION once it completed)."""
    a, b = tick_of(start), tick_of(end)
    if a is None or b is None:
        return "<unknown>"
    return human_duration(b - a)
