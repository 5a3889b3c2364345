"""`discover` keeps what it read while a folder's files stay as they were (the home screen, the
practice and exam screens read the shipped content on every visit), and reads again as soon as
anything in the folder changes: a file edited, added or removed, even within the same mtime tick
and at the same size."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scenario_fakes import GOOD

from kubetui.content import exercises_root, scenarios_root
from kubetui.scenario import ScenarioError, discover, loader


def _copy_good(dst: Path, id_: str = "web-survives-node-failure") -> Path:
    shutil.copytree(GOOD.parent, dst)
    p = dst / "scenario.yaml"
    p.write_text(p.read_text().replace("id: web-survives-node-failure", f"id: {id_}"))
    return p


def _cold(root: Path) -> list:
    return loader._discover(root)


def _same(a, b) -> bool:
    return (a.model_dump() == b.model_dump() and a.path == b.path and a.sha256 == b.sha256
            and a.pack == b.pack and a._solution_line == b._solution_line)


def test_a_folder_read_again_unchanged_gives_the_same_objects_in_a_new_list(tmp_path):
    _copy_good(tmp_path / "a")
    first = discover(tmp_path)
    again = discover(tmp_path)
    assert again is not first and again == first
    assert all(x is y for x, y in zip(first, again))
    again.clear()
    assert [s.id for s in discover(tmp_path)] == ["web-survives-node-failure"]


def test_an_edit_of_the_same_size_at_once_is_read(tmp_path):
    p = _copy_good(tmp_path / "a")
    assert discover(tmp_path)[0].title.en == "A node dies"
    text = p.read_text()
    p.write_text(text.replace("en: A node dies", "en: A node died"))
    assert p.stat().st_size == len(text.encode())
    (found,) = discover(tmp_path)
    assert found.title.en == "A node died"
    assert _same(found, _cold(tmp_path)[0])


def test_a_new_a_removed_and_a_broken_scenario_are_seen(tmp_path):
    _copy_good(tmp_path / "a", "first")
    assert [s.id for s in discover(tmp_path)] == ["first"]
    _copy_good(tmp_path / "b", "second")
    assert [s.id for s in discover(tmp_path)] == ["first", "second"]
    shutil.rmtree(tmp_path / "a")
    assert [s.id for s in discover(tmp_path)] == ["second"]
    (tmp_path / "b" / "scenario.yaml").write_text("mode: scenario\nid: [\n")
    with pytest.raises(ScenarioError):
        discover(tmp_path)


def test_a_change_to_a_file_the_scenario_names_is_seen(tmp_path):
    """The cross-checks read the manifests and the solution: they are part of the folder."""
    _copy_good(tmp_path / "a")
    discover(tmp_path)
    (tmp_path / "a" / "manifests" / "web.yaml").unlink()
    with pytest.raises(ScenarioError, match="manifest file 'manifests/web.yaml' not found"):
        discover(tmp_path)
    shutil.copy(GOOD.parent / "manifests" / "web.yaml", tmp_path / "a" / "manifests" / "web.yaml")
    discover(tmp_path)
    (tmp_path / "a" / "solution.txt").write_text("kubectl get pods\nwait x\n")
    with pytest.raises(ScenarioError, match="`wait` takes a number of ticks"):
        discover(tmp_path)


def test_the_same_folder_from_another_working_folder_is_read_there(tmp_path, monkeypatch):
    for where in ("one", "two"):
        _copy_good(tmp_path / where / "scenarios" / "a", where)
    monkeypatch.chdir(tmp_path / "one")
    assert [s.id for s in discover("scenarios")] == ["one"]
    monkeypatch.chdir(tmp_path / "two")
    assert [s.id for s in discover("scenarios")] == ["two"]


@pytest.mark.slow  # reads every shipped scenario and pack cold (~1 CPU-s)
@pytest.mark.parametrize("root", [scenarios_root(), exercises_root()], ids=["scenarios", "exercises"])
def test_the_shipped_content_kept_is_what_a_cold_read_gives(root):
    kept, cold = discover(root), _cold(root)
    assert len(kept) == len(cold) > 30
    assert all(_same(a, b) for a, b in zip(kept, cold))


def test_what_is_kept_is_bounded(tmp_path):
    for i in range(loader._DISCOVERED_MAX + 3):
        (tmp_path / str(i)).mkdir()
        discover(tmp_path / str(i))
    assert len(loader._DISCOVERED) <= loader._DISCOVERED_MAX
