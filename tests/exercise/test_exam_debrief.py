"""Each exam task's debrief tells what happened in it, from what its run recorded: the
commands, the context each one reached, and every check with its reason."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from shipped import catalog

from kubetui.cli import main
from kubetui.exercise.debrief import command_contexts, command_places, task_story
from kubetui.exercise.exam import draw, exam_context, grade_exam, start_context
from kubetui.scenario.debrief import RunPath

CATALOG = catalog(Path(__file__).resolve().parents[2] / "exercises")
SEED = 7


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBETUI_DATA_DIR", str(tmp_path / "data"))


def _solution(ex) -> str:
    return ex.solution if ex.solution_is_inline else (ex.folder / ex.solution).read_text()


@pytest.fixture
def answered(tmp_path):
    """The first task answered right after a look around the start context, the second in the
    start context only, the third with a command kubectl refuses; the rest unanswered."""
    tasks = draw(CATALOG, 120, SEED)
    first, second, third = tasks[:3]
    (tmp_path / f"{first.id}.txt").write_text(
        f"kubectl get pods\nkubectl config use-context {exam_context(first)}\n{_solution(first)}")
    (tmp_path / f"{second.id}.txt").write_text(_solution(second))
    (tmp_path / f"{third.id}.txt").write_text(
        f"kubectl config use-context {exam_context(third)}\nkubectl get nosuchkind")
    return tasks, tmp_path


def test_commands_are_told_with_the_context_they_reached():
    path = RunPath()
    for tick, source, line in [(0, "timeline", "kubectl config use-context k8s-c1"),
                               (3, "player", "kubectl get pods"),
                               (4, "player", "kubectl get pods --context=k8s-c2"),
                               (5, "player", "kubectl config use-context k8s-c2"),
                               (6, "player", "kubectl apply -f web.yaml"),
                               (7, "timeline", "sim load svc/web 10")]:
        path.add_command({"tick": tick, "source": source, "line": line})
    got = [(c["line"], ctx) for c, ctx in command_contexts(path)]
    assert got == [("kubectl get pods", "k8s-c1"), ("kubectl get pods --context=k8s-c2", "k8s-c2"),
                   ("kubectl config use-context k8s-c2", "k8s-c1"), ("kubectl apply -f web.yaml", "k8s-c2")]
    assert [ctx for _, ctx in command_contexts(RunPath(commands=path.commands[1:2]), "k8s-c9")] == ["k8s-c9"]


def _path(lines) -> RunPath:
    path = RunPath()
    for tick, source, line in lines:
        path.add_command({"tick": tick, "source": source, "line": line})
    return path


def test_changes_are_told_with_the_namespace_they_landed_in():
    path = _path([(0, "timeline", "kubectl config set-context k8s-c1 --cluster=kubetui --namespace=default"),
                  (0, "timeline", "kubectl config use-context k8s-c1"),
                  (3, "player", "kubectl create deployment web --image=nginx:1.27"),
                  (4, "player", "kubectl config set-context --current --namespace=shop"),
                  (5, "player", "kubectl scale deployment web --replicas=3"),
                  (6, "player", "kubectl get pods -n prod"),
                  (7, "player", "kubectl create namespace prod"),
                  (8, "player", "kubectl apply -f web.yaml"),
                  (9, "player", "kubectl set image deploy/web nginx=nginx:1.27 --namespace=prod")])
    assert [ns for _, _, ns in command_places(path)] == ["default", None, "shop", None, None, None, "prod"]
    story = task_story(path, None, "k8s-c1", namespaces={"prod"})
    assert "  2 changed objects in namespace default, shop, but this task is checked in prod." in story
    assert [line for line in story if line.endswith("(namespace shop)")] == [
        "    tick 5 (0:05)  [k8s-c1] kubectl scale deployment web --replicas=3  (namespace shop)"]
    assert not [line for line in story if "set image" in line and "(namespace" in line]
    ko = task_story(path, None, "k8s-c1", "ko", namespaces={"prod"})
    assert "  2개는 네임스페이스 default, shop의 오브젝트를 바꿨지만, 이 과제는 prod에서 확인합니다." in ko
    everywhere = task_story(path, None, "k8s-c1", namespaces={"default", "shop", "prod"})
    assert not [line for line in everywhere if "changed objects" in line or line.endswith(")")]


@pytest.mark.slow
def test_each_task_says_what_happened_in_it(answered):
    tasks, folder = answered
    report = grade_exam(tasks, folder, seed=SEED, minutes=120)
    first, second, third, unanswered = report.items[:4]
    start, graded = start_context(first.exercise), exam_context(first.exercise)
    story = "\n".join(first.story("en"))
    assert f"1 ran in another context ({start}), where nothing is graded" in story
    assert f"[{start}] kubectl get pods" in story and f"reached context {graded}" in story
    assert f"Checks: {len(first.report.parts)} of {len(first.report.parts)} passed." in story

    story = "\n".join(second.story("en"))
    assert second.fraction == 0 and f"0 reached context {exam_context(second.exercise)}" in story
    failed = next(p for p in second.report.parts if not p.passed)
    assert f"✗ {failed.description.en}: {failed.reason.en}" in story

    assert "kubectl get nosuchkind  (exit 1)" in "\n".join(third.story("en"))
    assert unanswered.story("en")[1:2] == ["  No commands were run in this task."]
    assert "이 과제에서 일어난 일" in report.markdown("ko") and "What happened in this task" in report.markdown("en")
    rows = report.to_json()["exercises"]
    assert rows[0]["whatHappened"] == "\n".join(first.story("en"))


@pytest.mark.slow
def test_the_scripted_exam_prints_each_tasks_story(answered):
    tasks, folder = answered
    result = CliRunner().invoke(main, ["exam", "--seed", str(SEED), "--script-dir", str(folder)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith(f"{tasks[1].id}  [{exam_context(tasks[1])}]"))
    assert f"0 reached context {exam_context(tasks[1])}" in lines[at + 1]
    assert "No commands were run in this task." in result.output


def test_one_command_is_counted_in_the_singular():
    """'You ran 1 command(s)' read as a form; the Korean counter (명령 1개) has no plural."""
    one = _path([(0, "timeline", "kubectl config use-context k8s-c1"), (3, "player", "kubectl get pods")])
    assert "  You ran 1 command; 1 reached context k8s-c1, where the task is graded." in task_story(one, None, "k8s-c1")
    assert "  명령 1개를 실행했고, 그중 1개가 채점되는 컨텍스트 k8s-c1에 닿았습니다." in task_story(one, None, "k8s-c1", "ko")
    assert "  You ran 1 command." in task_story(one, None, None)
    two = _path([(3, "player", "kubectl get pods"), (4, "player", "kubectl get nodes")])
    assert "  You ran 2 commands." in task_story(two, None, None)
    many = _path([(t, "player", f"kubectl get pod p{t}") for t in range(14)])
    assert "    … and 2 more commands" in task_story(many, None, None)
    many.commands.pop()
    assert "    … and 1 more command" in task_story(many, None, None)
