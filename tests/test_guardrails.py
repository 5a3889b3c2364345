"""The guardrails, run as part of the suite so that the README's test command and CI both enforce
them: the layering (import-linter), lint (ruff) and types (mypy), configured in pyproject.toml."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True)


def _assert_clean(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def test_imports_follow_the_layers():
    # import-linter has no `python -m` entry; this is what its `lint-imports` script runs.
    _assert_clean(_run("-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"))


def test_ruff_finds_nothing():
    _assert_clean(_run("-m", "ruff", "check", "kubetui", "tests"))


@pytest.mark.slow
def test_model_and_engine_type_check():
    _assert_clean(_run("-m", "mypy"))


def test_the_engine_runs_without_kubectl_scenarios_or_a_terminal():
    """Every engine module imported and a cluster stepped: nothing above the engine is loaded,
    not even through an import the linter cannot see (importlib, a name built at run time)."""
    code = textwrap.dedent("""
        import importlib, pkgutil, sys
        import kubetui.engine
        for info in pkgutil.walk_packages(kubetui.engine.__path__, "kubetui.engine."):
            importlib.import_module(info.name)
        from kubetui.engine.simulation import Simulation
        sim = Simulation(seed=1)
        for _ in range(30):
            sim.step()
        above = ("kubetui.kubectl", "kubetui.scenario", "kubetui.ui", "textual")
        print(",".join(sorted(m for m in sys.modules if m in above or m.startswith(tuple(a + "." for a in above)))))
    """)
    result = _run("-c", code)
    _assert_clean(result)
    assert result.stdout.strip() == ""
