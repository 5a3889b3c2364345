"""`kubetui list`: the campaign in order, then the exercise packs, with the player's progress."""

import json

import pytest
from click.testing import CliRunner

from kubetui.cli import main


@pytest.mark.slow  # a fresh process: the full suite runs it
def test_list_shows_the_campaign_then_the_exercises():
    r = CliRunner().invoke(main, ["list", "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    scenarios = [x for x in rows if x["mode"] == "scenario"]
    exercises = [x for x in rows if x["mode"] == "exercise"]
    assert len(scenarios) >= 15 and [x["order"] for x in scenarios] == sorted(x["order"] for x in scenarios)
    assert scenarios[0]["id"] == "first-pod" and scenarios[0]["stars"] == 0
    assert len(exercises) >= 60 and all(not x["solved"] for x in exercises)
    text = CliRunner().invoke(main, ["list"]).output
    assert " 10  ...  scenario  first-pod" in text and "exercise  troubleshooting" in text
