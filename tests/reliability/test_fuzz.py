"""Fuzzing everything a player can type, load or corrupt (issue 18): kubectl lines, manifests,
scenario and pack files, scripts, event logs and the progress file.

Each input must end in an answer or a clear error: no exception escapes, no internal error is
masked as a message (the suite runs with KUBETUI_DEBUG=1, so the last-resort handler re-raises),
and none runs past its time budget. The default run spends a few seconds per target
(`fuzz_kit.FAST`); `pytest -m slow` is the deep run (`fuzz_kit.DEEP`).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import time
from pathlib import Path

import pytest
from fuzz_kit import FAST, Hang, assert_not_masked, deep, fuzz, time_budget, writes_only_under
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from kubetui import Simulation
from kubetui.kubectl.flags import COMMANDS, GLOBAL_FLAGS
from kubetui.progress import Progress
from kubetui.replay.reader import LogError, read_log
from kubetui.replay.replayer import Replay, verify
from kubetui.replay.writer import EventLog
from kubetui.scenario.errors import ScenarioError
from kubetui.scenario.loader import validate_paths
from kubetui.scenario.script import parse_script

ROOT = Path(__file__).parents[2]
SCENARIO = ROOT / "scenarios" / "10-first-pod" / "scenario.yaml"
PACK = sorted((ROOT / "exercises").glob("*.yaml"))[0]
FILE_LINE = re.compile(r"^\S.*?:\d+(:\d+)?: |^\S.*?: (no such file|no scenario files)")

TARGETS = ("kubectl", "manifests", "scenarios", "scripts", "logs", "progress")
DEEP_EXAMPLES = {"kubectl": 30_000, "manifests": 25_000, "scenarios": 15_000, "scripts": 20_000, "logs": 2_000,
                 "progress": 10_000}
"""The deep run: 102,000 inputs (the logs replay a run per input, so they get fewer)."""

# -- generic text mutation ----------------------------------------------------------------

WEIRD = ["", " ", "\t", "\n", "-", "--", ":", ": ", "{", "}", "[", "]", "&a", "*a", "!!binary", "!!python/name:os.system",
         "<<: *a", "'", '"', "#", "|", ">", "\x00", "\x1b", "\u2028", "\ufeff", "\ud800", "é", "ﾟ", "%", "@", "~",
         "null", "true", "1e100", "99999999999", "-1", "0x1F", "2147483648", "9" * 30, ".inf", "NaN", "---", "...",
         "a" * 300, "[" * 200, "{a: " * 50]


def mutated(text: str) -> SearchStrategy:
    """`text` with a few edits: lines dropped, doubled, swapped, or pieces replaced."""
    lines = text.splitlines(keepends=True) or [""]

    def apply(edits) -> str:
        out = list(lines)
        for kind, i, j, piece in edits:
            if not out:
                out = [""]
            i %= len(out)
            j %= len(out)
            if kind == "drop":
                del out[i]
            elif kind == "dup":
                out.insert(i, out[i])
            elif kind == "swap":
                out[i], out[j] = out[j], out[i]
            elif kind == "insert":
                pos = j % (len(out[i]) + 1)
                out[i] = out[i][:pos] + piece + out[i][pos:]
            elif kind == "replace":
                words = re.split(r"(\s+)", out[i])
                k = j % len(words)
                words[k] = piece
                out[i] = "".join(words)
            elif kind == "truncate":
                out = out[:i]
                out.append(out[-1][:j % (len(out[-1]) + 1)] if out else "")
        return "".join(out)

    edit = st.tuples(st.sampled_from(["drop", "dup", "swap", "insert", "replace", "replace", "insert", "truncate"]),
                     st.integers(0, 10_000), st.integers(0, 10_000),
                     st.one_of(st.sampled_from(WEIRD), st.text(max_size=8)))
    return st.lists(edit, min_size=1, max_size=4).map(apply)


def checked(messages: list[str]) -> None:
    for m in messages:
        assert FILE_LINE.match(m), f"not file:line: message: {m!r}"
        assert_not_masked(m)


# -- kubectl lines ------------------------------------------------------------------------

RESOURCES = ["pods", "po", "deploy", "deployment/web", "deploy/web", "svc", "nodes", "node/node-1", "rs", "jobs",
             "cronjobs", "cm", "secret", "ns", "pvc", "all", "events", "hpa", "pdb", "ds", "sts", "quota", ",",
             "pods,", "x", "", "pod/", "/web", "deployment.apps/web", "deploy web"]
VALUES = ["web", "nginx:1.25", "1", "0", "-1", "abc", "99999999999", "2147483648", "9" * 25, "", "=", "a=b", "a=b,c",
          "app=web", "json", "yaml", "wide", "name", "jsonpath={.items[*].metadata.name}", "jsonpath={", "go-template",
          "custom-columns=N:.metadata.name", "custom-columns=", "10s", "1h", "-5s", "1e9", "cpu=100m", "memory=1Gi",
          "cpu=-1", "80", "80:8080", "70000", "client", "server", "none", "all", "Always", "x" * 300, "'", "node-1",
          "condition=Ready", "delete", "--", "0x10", "1_000", "¹", "٣"]
COMMAND_PATHS = sorted(COMMANDS)
SIM_LINES = ["sim fail-node node-1", "sim recover-node node-1", "sim add-node n9", "sim add-node ''",
             "sim add-node x --pods 99999999999", "sim add-node y --boot -3", "sim load web 100", "sim load web -1",
             "sim load web 99999999999", "sim stop scheduler", "sim start scheduler", "sim", "sim x",
             "sim add-node 'Bad Name'", "sim add-node z --label =", "sim load", "sim load , 1"]


@st.composite
def kubectl_lines(draw) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.sampled_from(SIM_LINES), st.text(max_size=20)))
    path = draw(st.sampled_from(COMMAND_PATHS))
    spec = COMMANDS[path]
    words = path.split()
    for _ in range(draw(st.integers(0, 3))):
        words.append(draw(st.one_of(st.sampled_from(RESOURCES), st.sampled_from(VALUES))))
    own, common = sorted(spec.flags) or ["namespace"], sorted(GLOBAL_FLAGS)
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(own if draw(st.integers(0, 4)) else common))
        if name in ("watch", "watch-only", "follow", "stdin", "tty", "interactive"):
            continue
        value = draw(st.sampled_from(VALUES))
        words.append(f"--{name}={value}" if draw(st.booleans()) else f"--{name}")
    return " ".join(shlex.quote(w) for w in words)


_base_sim: Simulation | None = None


def cluster() -> Simulation:
    global _base_sim
    if _base_sim is None:
        _base_sim = Simulation(seed=9)
        _base_sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        _base_sim.run("kubectl expose deployment web --port=80")
        _base_sim.run("kubectl create job once --image=busybox:1.36 -- true")
        _base_sim.run("kubectl create configmap cfg --from-literal=a=b")
        _base_sim.step(10)
    return _base_sim.fork()


def run_line(line: str, stdin: str | None = None) -> None:
    sim = cluster()
    with time_budget(), writes_only_under():
        invocation = sim.start(line, stdin=stdin)
        for _ in range(60):
            if invocation.done:
                break
            sim.step(1)
        if not invocation.done:
            invocation = sim.cancel(invocation.seq) or invocation
        assert_not_masked(getattr(invocation, "stderr", "") or "")
        sim.step(3)


# -- manifests ----------------------------------------------------------------------------

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web2
  labels: {app: web2}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web2}
  template:
    metadata:
      labels: {app: web2}
    spec:
      containers:
      - name: app
        image: nginx:1.25
        ports: [{containerPort: 80}]
        resources: {requests: {cpu: 100m, memory: 64Mi}}
        envFrom: [{configMapRef: {name: cfg}}]
---
apiVersion: v1
kind: Service
metadata: {name: web2}
spec:
  selector: {app: web2}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/1 * * * *"
  startingDeadlineSeconds: 100
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: a, image: "busybox:1.36", command: [sh, -c, "echo hi"]}]
"""
MANIFEST_JSON = json.dumps({"apiVersion": "v1", "kind": "List", "items": [
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "data": {"a": "b"}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
     "spec": {"containers": [{"name": "a", "image": "nginx:1.25"}]}}]}, indent=1)

manifests = st.one_of(mutated(MANIFEST), mutated(MANIFEST_JSON))


def apply_manifest(text: str) -> None:
    for verb in ("apply", "create"):
        run_line(f"kubectl {verb} -f -", stdin=text)


# -- scenario and pack files, scripts -----------------------------------------------------

def validate_text(tmp: Path, name: str, text: str) -> None:
    f = tmp / name
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    with time_budget(), writes_only_under():
        checked(validate_paths([f]))


SCRIPT = (SCENARIO.parent / "solution.txt").read_text() + "@30 kubectl get pods\nwait 5\nkubectl apply -f - <<EOF\n" \
         "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\nEOF\n"


def parse_any_script(text: str) -> None:
    with time_budget(), writes_only_under():
        try:
            steps = parse_script(text, "s.txt")
        except ScenarioError as e:
            checked(e.messages)
            return
    assert all(s.line >= 1 for s in steps)


# -- logs and the progress file -----------------------------------------------------------

_log_text: str | None = None


def short_log(tmp: Path) -> str:
    global _log_text
    if _log_text is None:
        path = tmp / "short.jsonl"
        sim = Simulation(seed=4, nodes=2)
        log = EventLog(path, {"seed": 4, "nodes": 2, "checkpointEvery": 5}).attach(sim)
        sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        sim.step(8)
        sim.run("kubectl scale deployment web --replicas=1")
        sim.step(6)
        log.end({"passed": True})
        _log_text = path.read_text()
    return _log_text


def replay_text(tmp: Path, text: str) -> None:
    f = tmp / "fuzzed.jsonl"
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    with time_budget(), writes_only_under():
        try:
            log = read_log(f)
        except LogError as e:
            checked([str(e)])
            return
        try:
            report = verify(Replay(log))
        except LogError as e:
            checked([str(e)])
            return
        checked(report.warnings)
        assert_not_masked(report.text())


def load_progress(tmp: Path, data: bytes) -> None:
    p = tmp / "progress.json"
    for f in tmp.iterdir():
        f.unlink()
    p.write_bytes(data)
    with time_budget(), writes_only_under(tmp):
        progress = Progress.load(p)
        progress.record("first-pod", stars=3, passed=True, points=100)
        progress.record_exercise("e", solved=True, points=1, max_points=2, seconds=1.5, hints=1)
        progress.record_exam(seed=1, minutes=2, score=0.5, passed=False)
        progress.save()
        again = Progress.load(p)
    assert again.notice is None and again.stars("first-pod") == 3
    assert {f.name for f in tmp.iterdir() if not f.name.startswith("progress.json.corrupt-")} == {"progress.json"}


GOOD_PROGRESS = json.dumps({"version": 1, "lessonSeen": True, "lang": "en",
                            "scenarios": {"first-pod": {"stars": 2, "completed": True, "bestPoints": 80, "plays": 1}},
                            "exercises": {"e": {"solved": False, "bestPoints": 0, "maxPoints": 2, "attempts": 1,
                                                "bestSeconds": None, "hintsUsed": 0}},
                            "exams": [{"seed": 1, "minutes": 30, "score": 50.0, "passed": False}]}, indent=2)
progress_files = st.one_of(mutated(GOOD_PROGRESS).map(lambda t: t.encode("utf-8", "surrogatepass")),
                           st.binary(max_size=64))


# -- the targets --------------------------------------------------------------------------

def target(name: str, tmp: Path) -> tuple[SearchStrategy, object]:
    if name == "kubectl":
        return kubectl_lines(), run_line
    if name == "manifests":
        return manifests, apply_manifest
    if name == "scenarios":
        return st.one_of(mutated(SCENARIO.read_text()).map(lambda t: ("scenario.yaml", t)),
                         mutated(PACK.read_text()).map(lambda t: ("pack.yaml", t))), \
            lambda nt: validate_text(_folder(tmp), *nt)
    if name == "scripts":
        return mutated(SCRIPT), parse_any_script
    if name == "logs":
        return mutated(short_log(tmp)), lambda t: replay_text(tmp, t)
    if name == "progress":
        folder = tmp / "data"
        folder.mkdir(exist_ok=True)
        return progress_files, lambda b: load_progress(folder, b)
    raise KeyError(name)


def _folder(tmp: Path) -> Path:
    """A scenario folder beside the shipped solution, so `solution: solution.txt` resolves."""
    folder = tmp / "scenario"
    if not folder.exists():
        folder.mkdir()
        (folder / "solution.txt").write_text((SCENARIO.parent / "solution.txt").read_text())
    return folder


FAST_EXAMPLES = {"kubectl": 750, "manifests": 300, "scenarios": 200, "scripts": 750, "logs": 75, "progress": 400}
"""The default run: 2,475 inputs, a few seconds per target; the deep run (DEEP_EXAMPLES) keeps its 102,000."""


@pytest.mark.slow  # seconds a target: the quick loop leaves it to the full run
@pytest.mark.parametrize("name", TARGETS)
def test_fuzz(name, tmp_path):
    strategy, check = target(name, tmp_path)
    fuzz(strategy, settings(FAST, max_examples=FAST_EXAMPLES[name]), check)


@pytest.mark.slow
@pytest.mark.deep
@pytest.mark.parametrize("name", TARGETS)
def test_fuzz_deep(name, tmp_path):
    strategy, check = target(name, tmp_path)
    fuzz(strategy, deep(DEEP_EXAMPLES[name]), check)


def test_the_write_guard_sees_writes_outside_the_data_folder(tmp_path):
    inside = tmp_path / "data"
    inside.mkdir()
    with writes_only_under(inside):
        (inside / "a").write_text("x")
        os.replace(inside / "a", inside / "b")
    for write in (lambda: (tmp_path / "out").write_text("x"),
                  lambda: os.close(os.open(tmp_path / "out2", os.O_WRONLY | os.O_CREAT)),
                  lambda: os.replace(inside / "b", tmp_path / "moved"),
                  lambda: os.mkdir(tmp_path / "d")):
        with pytest.raises(AssertionError, match="written outside the data folder"):
            with writes_only_under(inside):
                write()


def test_the_time_budget_counts_cpu_time_and_catches_a_blocked_input():
    """A loaded machine slows an input without making it a hang; a loop or a blocked read is one."""
    with pytest.raises(Hang, match="CPU time"):
        with time_budget(0.1, wall=600):
            while True:
                pass
    with pytest.raises(Hang, match="blocked"):
        with time_budget(10, wall=0.2):
            time.sleep(30)
    with time_budget(0.5, wall=600):
        time.sleep(0.3)
