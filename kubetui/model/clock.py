"""Simulated time: tick = one second after the epoch 2026-01-01T00:00:00Z.

Timestamps are derived from the tick, never from the wall clock, so that runs replay exactly.
"""

import json
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)
MAX_TICK = 1_000_000
"""The last tick a script, a log or a replay may name (about 11.5 simulated days): a number
past it is a typo or damage, never a run that steps for hours."""


@lru_cache(maxsize=8192)
def timestamp(tick: int) -> str:
    """RFC 3339 time of `tick`, as Kubernetes writes it (`2026-01-01T00:05:00Z`); cached, so the
    thousands of objects written in one tick share one string (and its formatting: a cold
    start asks for the tick's time about six times a pod). A new tick (every tick of a replay)
    costs its time of day formatted onto its day's date."""
    days, seconds = divmod(tick, 86400)
    return f"{_date(days)}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}Z"


@lru_cache(maxsize=1024)
def _date(days: int) -> str:
    return (EPOCH + timedelta(days=days)).strftime("%Y-%m-%d")


@lru_cache(maxsize=65536)
def tick_of(ts: str | None) -> int | None:
    """The tick a Kubernetes timestamp stands for (None stays None); cached, as the engine
    reads the same few timestamps back many times a tick."""
    if not ts:
        return None
    return parse_rfc3339(ts) - EPOCH_SECONDS


RFC3339 = "2006-01-02T15:04:05Z07:00"
EPOCH_SECONDS = 20454 * 86400
"""Seconds from 1970-01-01 to the epoch (2026-01-01)."""


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year, even 0)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _go_quote(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


class TimeParseError(ValueError):
    """time.Parse(time.RFC3339, s) failed; `str()` is Go's own message."""


def parse_rfc3339(value: str) -> int:
    """Whole seconds since 1970 of an RFC 3339 time, parsed as Go's time.Parse(RFC3339) does
    (metav1.Time's decoder), so a bad value fails with Go's words and any value it accepts
    (year 0000, offsets up to 24:60) has a tick."""
    rest = value

    def bad(elem: str) -> TimeParseError:
        return TimeParseError(f"parsing time {_go_quote(value)} as {_go_quote(RFC3339)}: cannot parse "
                              f"{_go_quote(rest)} as {_go_quote(elem)}")

    def out_of_range(what: str) -> TimeParseError:
        return TimeParseError(f"parsing time {_go_quote(value)}: {what} out of range")

    def num(elem: str, width: int, fixed: bool = True) -> int:
        nonlocal rest
        digits = 0
        while digits < width and digits < len(rest) and "0" <= rest[digits] <= "9":
            digits += 1
        if digits == 0 or (fixed and digits < width):
            raise bad(elem)
        n, rest = int(rest[:digits]), rest[digits:]
        return n

    def lit(text: str) -> None:
        nonlocal rest
        if not rest.startswith(text):
            raise bad(text)
        rest = rest[len(text):]

    year = num("2006", 4)
    lit("-")
    month = num("01", 2)
    if not 1 <= month <= 12:
        raise out_of_range("month")
    lit("-")
    day = num("02", 2)
    lit("T")
    hour = num("15", 2, fixed=False)
    if hour >= 24:
        raise out_of_range("hour")
    lit(":")
    minute = num("04", 2)
    if minute >= 60:
        raise out_of_range("minute")
    lit(":")
    second = num("05", 2)
    if second >= 60:
        raise out_of_range("second")
    if len(rest) >= 2 and rest[0] in ".," and "0" <= rest[1] <= "9":
        i = 1
        while i < len(rest) and "0" <= rest[i] <= "9":
            i += 1
        rest = rest[i:]
    offset = 0
    if rest.startswith("Z"):
        rest = rest[1:]
    else:
        m = re.match(r"[+-][0-9]{2}:[0-9]{2}", rest)
        if not m:
            raise bad("Z07:00")
        hh, mm = int(rest[1:3]), int(rest[4:6])
        if hh > 24:
            raise out_of_range("time zone offset hour")
        if mm > 60:
            raise out_of_range("time zone offset minute")
        offset = (hh * 3600 + mm * 60) * (1 if rest[0] == "+" else -1)
        rest = rest[6:]
    if rest:
        raise TimeParseError(f"parsing time {_go_quote(value)}: extra text: {_go_quote(rest)}")
    if day < 1 or day > _days_in(month, year):
        raise out_of_range("day")
    return _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset


def datetime_of(tick: int) -> datetime:
    return EPOCH + timedelta(seconds=tick)
