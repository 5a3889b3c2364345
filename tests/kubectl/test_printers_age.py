import pytest

from kubetui.kubectl.printers import age, human_duration


@pytest.mark.parametrize("seconds, text", [
    (-5, "<invalid>"), (-1, "0s"), (0, "0s"), (45, "45s"), (119, "119s"), (120, "2m"), (192, "3m12s"),
    (599, "9m59s"), (600, "10m"), (720, "12m"), (10799, "179m"), (10800, "3h"), (12600, "3h30m"),
    (28799, "7h59m"), (28800, "8h"), (18000, "5h"), (47 * 3600 + 3599, "47h"), (48 * 3600, "2d"),
    (2 * 86400 + 3 * 3600, "2d3h"), (8 * 86400 - 1, "7d23h"), (8 * 86400, "8d"), (729 * 86400, "729d"),
    (730 * 86400, "2y"), (730 * 86400 + 45 * 86400, "2y45d"), (8 * 365 * 86400, "8y"), (10 * 365 * 86400, "10y"),
])
def test_human_duration_breakpoints(seconds, text):
    assert human_duration(seconds) == text


def test_age_from_timestamps():
    assert age("2026-01-01T00:00:00Z", 3600) == "60m"
    assert age("2026-01-01T00:05:00Z", 3600) == "55m"
    assert age(None, 100) == "<unknown>"
    assert age("", 100) == "<unknown>"
    assert age("2026-01-01T00:10:00Z", 0) == "<invalid>"
