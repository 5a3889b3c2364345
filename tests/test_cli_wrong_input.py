"""Wrong input on the command line: a usage error or a one-line message, never a traceback."""

from pathlib import Path

from click.testing import CliRunner

from kubetui.cli import main

MANIFESTS = Path(__file__).parents[1] / "scenarios" / "20-namespaces" / "manifests"


def invoke(args):
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    return result


def test_run_refuses_negative_ticks_and_no_nodes():
    r = invoke(["run", "scenarios/10-first-pod", "--ticks", "-5"])
    assert r.exit_code == 2 and "Invalid value for '--ticks'" in r.output
    r = invoke(["run", str(MANIFESTS), "--nodes", "0", "--ticks", "1"])
    assert r.exit_code == 2 and "Invalid value for '--nodes'" in r.output


def test_exercise_check_names_a_folder_given_as_the_script(tmp_path):
    r = invoke(["exercise", "check", "core-run-pod", "--script", str(tmp_path)])
    assert r.exit_code == 1 and f"{tmp_path}: is a directory, not a script" in r.output
