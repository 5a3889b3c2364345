"""A timeline command the cluster refuses is reported, never silent: `kubetui run` says
`file:line: timeline at tick T: COMMAND: error…` on stderr, the session tells the play screen."""

import shutil
from pathlib import Path

from scenario_fakes import GOOD

from kubetui.headless import run_headless
from kubetui.scenario import load_pack, load_scenario
from kubetui.session import Session

TIMELINE = """timeline:
  - at: 60
    run: sim add-node ''
  - at: 61
    run: kubectl runn shop
  - at: 62
    run: kubectl apply -f bad.yaml
  - at: 63
    run: sim fail-node node-2
"""

ADD_EMPTY = "sim add-node ''"

BAD = """apiVersion: apps/v1
kind: Deployment
metadata: {name: bad}
spec:
  replicas: -1
  selector: {matchLabels: {app: bad}}
  template:
    metadata: {labels: {app: bad}}
    spec: {containers: [{name: c, image: nginx}]}
"""


def _scenario(tmp_path: Path, timeline: str = TIMELINE) -> Path:
    folder = tmp_path / "s"
    shutil.copytree(GOOD.parent, folder)
    path = folder / "scenario.yaml"
    text = path.read_text()
    assert "timeline:\n  - at: 60\n    run: sim fail-node node-2\n" in text
    path.write_text(text.replace("timeline:\n  - at: 60\n    run: sim fail-node node-2\n", timeline))
    (folder / "bad.yaml").write_text(BAD)
    return path


def _line(path: Path, words: str) -> int:
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1) if t.strip() == f"run: {words}")


def test_kubetui_run_reports_each_refused_timeline_command(tmp_path, capsys):
    path = _scenario(tmp_path)
    run_headless(str(path), log=str(tmp_path / "run.jsonl"))
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3, err
    assert err[0].startswith(f"{path}:{_line(path, ADD_EMPTY)}: timeline at tick 60: sim add-node '': "
                             'The Node "" is invalid: metadata.name: Invalid value: ""')
    assert err[1] == (f"{path}:{_line(path, 'kubectl runn shop')}: timeline at tick 61: kubectl runn shop: "
                      'error: unknown command "runn" for "kubectl"')
    assert err[2].startswith(f"{path}:{_line(path, 'kubectl apply -f bad.yaml')}: timeline at tick 62: "
                             "kubectl apply -f bad.yaml: ")
    assert "spec.replicas: Invalid value: -1" in err[2]


def test_a_timeline_that_runs_says_nothing(tmp_path, capsys):
    path = _scenario(tmp_path, "timeline:\n  - at: 60\n    run: sim fail-node node-2\n")
    run_headless(str(path), log=str(tmp_path / "run.jsonl"))
    assert capsys.readouterr().err == ""


def test_the_session_tells_each_refusal_once_when_it_happens(tmp_path):
    path = _scenario(tmp_path)
    session = Session.begin(load_scenario(path))
    session.step_to(59)
    assert session.timeline_refusals() == []
    session.step_to(60)
    [first] = session.timeline_refusals()
    assert first.startswith(f"{path}:{_line(path, ADD_EMPTY)}: timeline at tick 60: sim add-node '': ")
    assert session.timeline_refusals() == []
    session.step_to(70)
    assert [m.split(": ")[2] for m in session.timeline_refusals()] == ["kubectl runn shop", "kubectl apply -f bad.yaml"]
    assert [r["line"] for r in session.sim.timeline_refused] == [
        "sim add-node ''", "kubectl runn shop", "kubectl apply -f bad.yaml"]
    session.close()


def test_the_same_command_twice_is_told_with_its_own_line(tmp_path):
    path = _scenario(tmp_path, "timeline:\n  - at: 40\n    run: sim fail-node node-9\n"
                               "  - at: 50\n    run: sim fail-node node-9\n")
    session = Session.begin(load_scenario(path))
    session.step_to(55)
    lines = [i for i, t in enumerate(path.read_text().splitlines(), 1) if t.strip() == "run: sim fail-node node-9"]
    assert session.timeline_refusals() == [
        f'{path}:{lines[0]}: timeline at tick 40: sim fail-node node-9: error: nodes "node-9" not found',
        f'{path}:{lines[1]}: timeline at tick 50: sim fail-node node-9: error: nodes "node-9" not found',
    ]
    session.close()


def test_an_exercise_names_the_line_of_its_pack(tmp_path):
    pack = tmp_path / "scheduling.yaml"
    text = (Path(__file__).parents[2] / "exercises" / "scheduling.yaml").read_text()
    assert '- {at: 0, run: "kubectl cordon node-3"}' in text
    pack.write_text(text.replace('- {at: 0, run: "kubectl cordon node-3"}', '- {at: 0, run: "kubectl cordon node-9"}', 1))
    line = next(i for i, t in enumerate(pack.read_text().splitlines(), 1) if "kubectl cordon node-9" in t)
    exercise = next(e for e in load_pack(pack) if e.id == "node-uncordon")
    session = Session.begin(exercise)
    assert session.timeline_refusals() == [
        f'{pack}:{line}: timeline at tick 0: kubectl cordon node-9: Error from server (NotFound): nodes "node-9" not found']
    session.close()


def test_a_refusal_the_story_expects_is_not_reported(tmp_path, capsys):
    timeline = "timeline:\n  - at: 60\n    run: kubectl runn shop\n    mayFail: true\n  - at: 61\n    run: sim add-node ''\n"
    path = _scenario(tmp_path, timeline)
    run_headless(str(path), log=str(tmp_path / "run.jsonl"))
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "timeline at tick 61: sim add-node ''" in err[0], err


def test_shipped_scenarios_that_expect_refusals_report_nothing(capsys):
    for name in ("166-custom-certificates", "168-scaler-bot"):
        path = Path(__file__).parents[2] / "scenarios" / name / "scenario.yaml"
        run_headless(str(path))
        assert "timeline at tick" not in capsys.readouterr().err
