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


def test_each_exercise_pack_is_listed_by_its_name_and_title(monkeypatch, tmp_path):
    """`kubetui list | grep spread` finds the pack `scheduling-spread`, titled as its file says."""
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path))
    text = CliRunner().invoke(main, ["list"]).output
    rows = [line.split(None, 3) for line in text.splitlines() if "  exercise  " in line]
    assert ["0/1", "exercise", "scheduling-spread", "Spreading pods"] in rows
    assert ["0/2", "exercise", "file-permissions", "Files, owners and modes"] in rows
    assert "kubetui exercise list" not in text
    packs = [r[2] for r in rows]
    assert len(packs) == len(set(packs)) >= 30
