"""Pipes and redirections at the door (kubetui.pipeline): what learners type from published solutions."""

import os
import subprocess
import sys

import pytest

from kubetui.engine.simulation import Result
from kubetui.pipeline import Pipeline, parse
from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation


@pytest.fixture(scope="module")
def sim():
    sim = Simulation(seed=3)
    for line in ("kubectl create secret generic s --from-literal=password=hunter2",
                 "kubectl run web --image=nginx", "kubectl run cache --image=redis:7"):
        assert sim.run(line).exit_code == 0
    sim.step(20)
    return sim


TABLE = [
    ("kubectl get secret s -o jsonpath='{.data.password}' | base64 -d", "hunter2", "", 0),
    ("kubectl get pods -A | grep etcd",
     "kube-system   etcd-control-plane                      1/1     Running   0          20s\n", "", 0),
    ("kubectl get pods -o name | head -1", "pod/cache\n", "", 0),
    ("kubectl get pods -o name | sort -r | head -1", "pod/web\n", "", 0),
    ("kubectl get pods --no-headers | wc -l", "2\n", "", 0),
    ("kubectl get pods | tail -n +2 | cut -d' ' -f1", "cache\nweb\n", "", 0),
    ("kubectl get pods | grep -c web", "1\n", "", 0),
    ("kubectl get pods | grep nothing-like-this", "", "", 1),
    ("kubectl get pods -o name | tr a-z A-Z | sed 's#POD/##'", "CACHE\nWEB\n", "", 0),
    ("kubectl get pods -o jsonpath='{.items[*].metadata.name}'", "cache web", "", 0),
    ("kubectl get pods -o jsonpath={.items[*].metadata.name}", "cache web", "", 0),
    ("""kubectl get pods -o go-template='{{range .items}}{{.metadata.name | printf "%s\\n"}}{{end}}'""",
     "cache\nweb\n", "", 0),
    ("kubectl get pod $(kubectl get pods -o name | tail -1 | cut -d/ -f2) -o name", "pod/web\n", "", 0),
    # sh semantics: the last stage's code, no pipefail; 2> goes to the command's stderr
    ("kubectl get nope | wc -l", "0\n", 'error: the server doesn\'t have a resource type "nope"\n', 0),
    ("kubectl get nope 2>/dev/null | wc -l", "0\n", "", 0),
    ("kubectl get nope 2>&1 | cut -c1-6", "error:\n", "", 0),
    ("kubectl get nope 2>/dev/null", "", "", 1),
    ("kubectl get pods -o name > /dev/null", "", "", 0),
    ("sim help | head -1", "Simulation commands:\n", "", 0),
    ("echo hi | base64", "", "kubetui: echo: command not found (a line begins with kubectl, k, sim, curl)\n", 127),
    # what is not a shell here is said, not handed to kubectl
    ("kubectl get pods | xargs kubectl delete", "", "kubetui: xargs: only a filter or a last kubectl can follow a pipe here\n", 127),
    ("kubectl get pods | python -c 'print(1)'", "",
     "kubetui: python: only a filter or a last kubectl can follow a pipe here\n", 127),
    # `&&`, `||` and `;` run as sh lists in scripts: tests/test_heredoc_and_variables.py
    ("kubectl get pods &", "", "kubetui: `&` is not supported: type one command at a time\n", 2),
    ("kubectl get pods `echo x`", "",
     "kubetui: command substitution with backquotes is not supported: use $(kubectl …)\n", 2),
    ("kubectl apply -f - < pod.yaml", "",
     "kubetui: input redirection `<` is not supported: give the file with `-f FILE`\n", 2),
    ("kubectl get pods |", "", "kubetui: syntax error near unexpected token `|'\n", 2),
    ("kubectl get pods >", "", "kubetui: syntax error near unexpected token `newline'\n", 2),
    ("kubectl get pods 3> x", "",
     "kubetui: the redirection `3>x` is not supported: use `> FILE`, `2>/dev/null` or `2>&1`\n", 2),
    ("kubectl get pods | grep 'open", "", "error: No closing quotation\n", 1),
]


@pytest.mark.parametrize(("line", "stdout", "stderr", "code"), TABLE, ids=[row[0] for row in TABLE])
def test_a_piped_line(sim, line, stdout, stderr, code):
    first = sim.run("kubectl get pods -o name").stdout
    result = sim.run(line)
    if stderr.endswith("only a filter or a last kubectl can follow a pipe here\n"):
        assert result.stderr.startswith(stderr[:-len(" here\n")] + " in kubetui (awk, base64, cat, cut")
    else:
        assert result.stderr == stderr
    assert (result.stdout, result.exit_code) == (stdout, code)
    assert sim.run("kubectl get pods -o name").stdout == first  # nothing of it reached kubectl as a name


def test_a_bar_inside_quotes_braces_or_a_substitution_is_no_pipe():
    for line in ("kubectl get pods -l 'run in (x|y)'", "kubectl get pods -o go-template={{.a|len}}",
                 'kubectl annotate pod web "note=a|b;c && d > e"', "kubectl get pod $(kubectl get pods | head -1)"):
        assert parse(line) == Pipeline(line)


def test_output_goes_to_a_file_in_the_working_folder_and_apply_reads_it(tmp_path):
    sim = Simulation(seed=1)
    cwd = str(tmp_path)
    made = sim.run("kubectl run x --image=nginx --dry-run=client -o yaml > pod.yaml", cwd=cwd)
    assert (made.exit_code, made.stdout, made.stderr) == (0, "", "")
    assert (tmp_path / "pod.yaml").read_text().startswith("apiVersion: v1\nkind: Pod\n")
    assert sim.run("kubectl apply -f pod.yaml", cwd=cwd).stdout == "pod/x created\n"
    sim.run("kubectl get pods -o name >> names.txt", cwd=cwd)
    sim.run("kubectl get pods -o name | sed s/pod/po/ >> names.txt", cwd=cwd)
    assert (tmp_path / "names.txt").read_text() == "pod/x\npo/x\n"
    sim.run("kubectl get nope 2> err.txt", cwd=cwd)
    assert (tmp_path / "err.txt").read_text() == 'error: the server doesn\'t have a resource type "nope"\n'


def test_cat_reads_files_of_the_working_folder_only(tmp_path):
    """`cat pod.yaml` (and `cat pod.yaml | grep image`) after writing it: cat's own words for a
    missing file or a folder; a file outside the folder is not read."""
    sim = Simulation(seed=1)
    (tmp_path / "inner").mkdir()
    cwd = str(tmp_path / "inner")
    (tmp_path / "secret.txt").write_text("outside\n")
    sim.run("kubectl run x --image=nginx:1.25 --dry-run=client -o yaml > pod.yaml", cwd=cwd)
    assert sim.run("cat pod.yaml", cwd=cwd).stdout == (tmp_path / "inner" / "pod.yaml").read_text()
    assert sim.run("cat pod.yaml | grep image:", cwd=cwd).stdout == "  - image: nginx:1.25\n"
    assert sim.run("cat pod.yaml -", stdin="more\n", cwd=cwd).stdout.endswith("\nmore\n")
    for name, why in (("nope.yaml", "No such file or directory"), (".", "Is a directory"),
                      ("../secret.txt", "Permission denied"), (str(tmp_path / "secret.txt"), "Permission denied")):
        result = sim.run(f"cat {name}", cwd=cwd)
        assert result.exit_code == 1 and result.stdout == "" and result.stderr.startswith(f"cat: {name}: {why}")
    both = sim.run("cat nope.yaml pod.yaml", cwd=cwd)
    assert both.exit_code == 1 and both.stdout.startswith("apiVersion: v1\n") and "nope.yaml" in both.stderr


@pytest.mark.parametrize(("target", "why"), [("/etc/pod.yaml", "Permission denied"), ("../pod.yaml", "Permission denied"),
                                             ("missing/pod.yaml", "No such file or directory"),
                                             (".", "Is a directory")])
def test_a_file_outside_the_working_folder_is_refused_before_the_command_runs(tmp_path, target, why):
    sim = Simulation(seed=1)
    (tmp_path / "inner").mkdir()
    result = sim.run(f"kubectl run x --image=nginx > {target}", cwd=str(tmp_path / "inner"))
    assert result.exit_code == 1 and result.stderr.startswith(f"kubetui: {target}: {why}")
    assert sim.run("kubectl get pods -o name").stdout == ""
    assert not (tmp_path / "pod.yaml").exists()


AWK = [
    # outputs checked against busybox 1.35 awk over the same kubectl output
    ("kubectl get pods --no-headers | awk '{print $1}'", "cache\nweb\n"),
    ("kubectl get nodes | awk 'NR>1 {print $1, $2}'",
     "control-plane Ready\nnode-1 Ready\nnode-2 Ready\nnode-3 Ready\n"),
    ("kubectl top pods | awk '$3 > 100'",  # "10Mi" is no number: compared as strings, like awk does
     "NAME    CPU(cores)   MEMORY(bytes)   \ncache   5m           10Mi            \nweb     5m           20Mi            \n"),
    ("kubectl top pods -A | awk 'NR>1 && $3+0 >= 100 {print $2, $3}'",
     "kube-apiserver-control-plane 125m\nkube-controller-manager-control-plane 100m\n"),
    ("kubectl get pods -A | awk '$4 != \"Running\"'",
     "NAMESPACE     NAME                                    READY   STATUS    RESTARTS   AGE\n"),
    ("kubectl get pods -A --no-headers | awk '{s+=$5} END {print s}'", "0\n"),
    ("kubectl get pods -A --no-headers | awk '{c[$1]++} END {for (ns in c) print ns, c[ns]}' | sort",
     "default 2\nkube-system 4\n"),
    ("kubectl get pods -o name | awk -F/ '{print $2}'", "cache\nweb\n"),
    ("kubectl get nodes --no-headers | awk '{printf \"%-15s|%s\\n\", $1, $5}'",
     "control-plane  |v1.36.0\nnode-1         |v1.36.0\nnode-2         |v1.36.0\nnode-3         |v1.36.0\n"),
    ("kubectl get pods | awk 'NR>1' | wc -l", "2\n"),
]


@pytest.mark.parametrize(("line", "stdout"), AWK, ids=[row[0] for row in AWK])
def test_awk_after_the_pipe(sim, line, stdout):
    assert sim.run(line) == Result(0, stdout, "")


def test_an_awk_error_is_busybox_awk_s_and_an_endless_loop_ends():
    sim = Simulation(seed=1)
    assert sim.run("kubectl get nodes | awk '{print $1'") == Result(1, "", "awk: cmd. line:1: Unexpected token\n")
    looped = sim.run("kubectl get nodes | awk 'BEGIN {while (1) n++}'")
    assert looped.exit_code == 137 and looped.stdout == ""


def test_a_watch_through_awk_prints_as_it_goes_unless_awk_waits_for_its_end():
    sim = Simulation(seed=2)
    sim.run("kubectl run web --image=nginx")
    sim.step(10)
    names = sim.start("kubectl get pods -w | awk '{print $1}'")
    total = sim.start("kubectl get pods -w | awk '{n++} END {print n}'")
    assert names.stdout.startswith("NAME\nweb\n") and total.stdout == ""
    assert sim.cancel(total.seq).stdout == "2\n"
    sim.cancel(names.seq)


def test_a_watch_through_a_streaming_filter_prints_as_it_goes_and_ends_on_ctrl_c():
    sim = Simulation(seed=2)
    sim.run("kubectl run web --image=nginx")
    sim.step(10)
    watch = sim.start("kubectl get pods -w | grep -v cache")
    assert not watch.done and watch.stdout.startswith("NAME ")
    sim.run("kubectl run cache --image=redis:7")
    sim.run("kubectl delete pod web --wait=false")
    sim.step(3)
    shown = watch.stdout
    assert "web" in shown.split("\n", 2)[1] and "cache" not in shown
    ended = sim.cancel(watch.seq)
    assert ended.exit_code == 130 and ended.stdout.startswith(shown) and "cache" not in ended.stdout


def test_a_blocking_command_through_a_counting_filter_prints_at_its_end():
    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx --replicas=2")
    status = sim.start("kubectl rollout status deploy/web | tail -1")
    assert not status.done and status.stdout == ""
    for _ in range(60):
        if status.done:
            break
        sim.step(1)
    assert status.done and status.stdout == 'deployment "web" successfully rolled out\n'
    assert status.result.exit_code == 0


@pytest.mark.slow
def test_a_replay_of_piped_lines_in_a_fresh_process_gives_the_same_checksums(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    log_path = tmp_path / "run.jsonl"
    sim = Simulation(seed=7, nodes=2)
    log = EventLog(log_path, {"seed": 7, "nodes": 2}).attach(sim)
    cwd = str(work)
    lines = ["kubectl create secret generic db --from-literal=password=s3cret",
             "kubectl run api --image=nginx:1.27 --labels=tier=api --dry-run=client -o yaml > pod.yaml",
             "kubectl apply -f pod.yaml",
             "kubectl get secret db -o jsonpath='{.data.password}' | base64 -d",
             "kubectl label pod api owner=$(kubectl get secret db -o jsonpath='{.data.password}' | base64 -d)",
             "kubectl get pods -o name | head -1 > first.txt",
             "kubectl get events | tail -3"]
    for line in lines:
        sim.step(3)
        assert sim.run(line, cwd=cwd).exit_code == 0, line
    sim.step(10)
    assert sim.run("kubectl get pod api -o jsonpath='{.metadata.labels.owner}'").stdout == "s3cret"
    log.end({"passed": True})
    (work / "pod.yaml").unlink()
    env = {**os.environ, "PYTHONHASHSEED": "99"}
    check = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", str(log_path), "--verify"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "replay matches" in check.stdout
    assert (work / "pod.yaml").read_text().startswith("apiVersion: v1\nkind: Pod\n")
    assert (work / "first.txt").read_text() == "pod/api\n"


def test_a_last_kubectl_reads_what_the_line_before_it_printed(sim):
    """`kubectl create … --dry-run=client -o yaml | kubectl apply -f -`, with filters between: the
    line before the last `|` runs to its end, its output is the last kubectl's stdin; one record."""
    logged = len(sim.command_log)
    r = sim.run("kubectl create deployment web --image=nginx:1.27 --dry-run=client -o yaml "
                "| sed 's/replicas: 1/replicas: 3/' | kubectl apply -f -")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "deployment.apps/web created\n", "")
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 3
    assert len(sim.command_log) == logged + 1
    r = sim.run("k get deploy web -o yaml | k set image --local -f - nginx=nginx:1.28 -o jsonpath='{..image}'")
    assert (r.exit_code, r.stdout) == (0, "nginx:1.28")


def test_a_failing_first_command_feeds_nothing(sim):
    r = sim.run("kubectl get deploy nope -o yaml | kubectl apply -f -")
    assert r.exit_code == 1
    assert r.stderr.startswith('Error from server (NotFound): deployments.apps "nope" not found\n')
    assert "no objects passed to apply" in r.stderr


def test_kustomize_into_apply_and_the_output_to_a_file(sim, tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    (base / "kustomization.yaml").write_text("namePrefix: dev-\nresources: [cm.yaml]\n")
    (base / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: '1'}\n")
    r = sim.run("kubectl kustomize base | kubectl apply -f - > out.txt", cwd=str(tmp_path))
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    assert (tmp_path / "out.txt").read_text() == "configmap/dev-settings created\n"
    assert sim.get("ConfigMap", "dev-settings")["data"] == {"a": "1"}


def test_a_list_with_an_unclosed_quote_runs_none_of_it():
    """sh reads the whole line before it runs any of it: `a; b "x` is a syntax error, so `a` does
    not run either."""
    sim = Simulation(seed=1)
    result = sim.run('kubectl create namespace first; kubectl get namespace "second')
    assert result.exit_code != 0 and result.stdout == "" and result.stderr.startswith(("error: ", "kubetui: "))
    assert sim.store.get("Namespace", None, "first") is None
    done = sim.run("kubectl create namespace first && kubectl get namespace first -o name")
    assert (done.exit_code, done.stdout) == (0, "namespace/first created\nnamespace/first\n")
