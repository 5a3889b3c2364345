"""The packs and scenarios kubetui ships are read with libyaml (`ShippedLoader`, most of `kubetui
exam`'s start was the pure-Python parser): to the same data and lines as the bounded `Loader`
reads them, which still reads every file given from elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubetui.content import exercises_root, scenarios_root
from kubetui.scenario import loader
from kubetui.scenario.errors import ScenarioError

SHIPPED = sorted(exercises_root().glob("*.yaml")) + sorted(scenarios_root().glob("*/scenario.yaml"))

pytestmark = pytest.mark.skipif(loader.CParser is None, reason="PyYAML without libyaml")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name + "/" + p.name)
def test_a_shipped_file_reads_the_same_with_libyaml(path: Path):
    text = path.read_text(encoding="utf-8")
    assert loader.shipped(path)
    assert loader.read_yaml(text, str(path), trusted=True) == loader.read_yaml(text, str(path))


def test_a_file_from_elsewhere_keeps_the_bounded_loader(tmp_path):
    given = tmp_path / "pack.yaml"
    given.write_text("a: [" * 150 + "]" * 150 + "\n")
    assert not loader.shipped(given)
    with pytest.raises(ScenarioError, match="nesting deeper than 100 levels"):
        loader.read_yaml(given.read_text(), str(given))


def test_values_stay_jsons_with_libyaml():
    """No timestamps, no Python tags: the constructors are Loader's."""
    data = loader.read_yaml("when: 2024-01-02\nn: 3\n", "x", trusted=True)[0][0]
    assert data == {"when": "2024-01-02", "n": 3}
    with pytest.raises(ScenarioError, match="is not allowed"):
        loader.read_yaml("x: !!python/object:os.system ls\n", "x", trusted=True)
