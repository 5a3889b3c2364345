"""Every scenario's Korean text follows docs/style-ko.md (the rules of
kubetui/scenario/korean_style.py, the same ones the exercises are held to)."""

from pathlib import Path

import pytest
from shipped import scenario_files

from kubetui.scenario.korean_style import item_problems, particle

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = scenario_files(ROOT / "scenarios")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario_korean_follows_the_style_guide(scenario):
    assert item_problems(scenario) == []


def test_particles_follow_the_sound_of_the_word():
    assert particle("Pod", "을") == "를"  # 파드를
    assert particle("Pod", "이") == "가"
    assert particle("Secret", "을") == "을"  # 시크릿을
    assert particle("ConfigMap", "이") == "이"  # 컨피그맵이
    assert particle("Deployment", "은") == "는"  # 디플로이먼트는
    assert particle("Job", "으로") == "으로"  # 잡으로
    assert particle("Role", "으로") == "로"  # 롤로
