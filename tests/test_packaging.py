"""The wheel carries every package and the shipped content."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kubetui").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"
    assert {"kubetui.bundled.scenarios", "kubetui.bundled.exercises"} <= listed


def test_content_is_found_from_a_checkout():
    from kubetui.content import exercises_root, scenarios_root

    assert (scenarios_root() / "10-first-pod" / "scenario.yaml").is_file()
    assert (exercises_root() / "core.yaml").is_file()
