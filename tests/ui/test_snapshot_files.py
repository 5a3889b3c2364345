"""Every stored screen snapshot belongs to a test that still exists. Run alone, syrupy fails a run
that leaves a snapshot unused; under pytest-xdist (`-n auto`, the README's command) it cannot tell,
so this test keeps a renamed or deleted test from leaving its snapshot behind."""

import ast
import re
from pathlib import Path

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "__snapshots__"


def test_every_snapshot_names_an_existing_test():
    files = sorted(SNAPSHOTS.glob("*/*.svg"))
    assert files
    for svg in files:
        module = HERE / f"{svg.parent.name}.py"
        assert module.is_file(), f"{svg}: no test module {module.name}"
        tests = {n.name for n in ast.walk(ast.parse(module.read_text())) if isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef)}
        name = re.sub(r"\[.*\]$", "", svg.stem)
        assert name in tests, f"{svg}: {module.name} has no test {name}"
        assert "snap_compare" in module.read_text(), f"{svg}: {module.name} takes no snapshots"


def test_a_stray_snapshot_is_caught(tmp_path, monkeypatch):
    stray = tmp_path / "__snapshots__" / "test_snapshots"
    stray.mkdir(parents=True)
    (stray / "test_gone[size0].svg").write_text("<svg/>")
    (tmp_path / "test_snapshots.py").write_text("def test_home_screen(snap_compare):\n    pass\n")
    monkeypatch.setattr(f"{__name__}.HERE", tmp_path)
    monkeypatch.setattr(f"{__name__}.SNAPSHOTS", tmp_path / "__snapshots__")
    try:
        test_every_snapshot_names_an_existing_test()
    except AssertionError as e:
        assert "has no test test_gone" in str(e)
    else:
        raise AssertionError("a snapshot of a test that is gone was not caught")
