"""Scripts read as a shell reads them: variables (`NS=shop`, `export`), and unquoted here-documents
expanded at the door (`$NS`, `$(kubectl …)`, backslashes), quoted ones kept as written."""

import os
import subprocess
import sys

import pytest

from kubetui.pipeline import expand_here
from kubetui.replay.writer import EventLog
from kubetui.scenario import ScriptError, parse_script
from kubetui.session.driver import Session
from kubetui.shell import Simulation

HERE = "{.status.phase}"


def _played(script: str, sim: Simulation | None = None) -> Simulation:
    sim = sim or Simulation(seed=4, nodes=2)
    session = Session(sim)
    session.play(parse_script(script), base=".")
    for record in session.records:
        assert record.exitCode == 0, (record.line, record.stderr)
    return sim


def _data(sim: Simulation, name: str, namespace: str = "default") -> dict:
    return sim.store.get("ConfigMap", namespace, name)["data"]


def test_an_unquoted_here_document_expands_variables_and_kubectl_output():
    sim = _played(f"""\
kubectl run web --image=nginx:1.27
wait 10
NS=shop
kubectl create namespace $NS
export OWNER="team a"
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: facts
  namespace: $NS
data:
  phase: $(kubectl get pod web -o jsonpath='{HERE}')
  image: "$(kubectl get pod web -o jsonpath='{{.spec.containers[0].image}}' | cut -d: -f2)"
  owner: ${{OWNER}}
  unknown: "[$NOT_SET]"
  literal: '\\$NS costs \\\\ 1'
  sum: "$((2 + 3))"
EOF
""")
    assert _data(sim, "facts", "shop") == {"phase": "Running", "image": "1.27", "owner": "team a",
                                            "unknown": "[]", "literal": "$NS costs \\ 1", "sum": "5"}


@pytest.mark.parametrize("delimiter", ["'EOF'", '"EOF"', "\\EOF"])
def test_a_quoted_delimiter_keeps_the_text_as_written(delimiter):
    sim = _played(f"""\
NS=shop
kubectl apply -f - <<{delimiter}
apiVersion: v1
kind: ConfigMap
metadata: {{name: kept}}
data:
  text: "$NS $(kubectl version) \\\\$x"
EOF
""")
    assert _data(sim, "kept") == {"text": "$NS $(kubectl version) \\$x"}


def test_cat_into_kubectl_and_cat_into_a_file_as_published_solutions_write_them(tmp_path):
    sim = Simulation(seed=2)
    session = Session(sim)
    session.play(parse_script("""\
APP=shop
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Namespace
metadata: {name: $APP}
EOF
cat > cm.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata: {name: literal, namespace: shop}
data: {v: $APP}
EOF
kubectl apply -f cm.yaml
"""), base=tmp_path)
    assert [r.exitCode for r in session.records] == [0, 0, 0, 0]
    assert sim.store.get("Namespace", "", "shop") is not None
    assert (tmp_path / "cm.yaml").read_text().endswith("data: {v: $APP}\n")
    assert _data(sim, "literal", "shop") == {"v": "$APP"}
    assert sim.run("cat /etc/passwd").exit_code == 1


def test_dash_strips_leading_tabs_and_still_expands():
    sim = _played("NAME=tabs\nkubectl apply -f - <<-END\n\tapiVersion: v1\n\tkind: ConfigMap\n"
                  "\tmetadata: {name: $NAME}\n\tdata: {k: v}\n\tEND\n")
    assert _data(sim, "tabs") == {"k": "v"}


def test_variables_reach_later_lines_split_unquoted_and_kept_whole_in_quotes():
    sim = _played("""\
export do="--dry-run=client -o yaml"
kubectl run probe --image=busybox:1.36 $do
POD=$(kubectl get namespaces -o name | head -1)
kubectl create configmap seen --from-literal=pod="$POD" --from-literal=first=${POD#namespace/}
unset do
kubectl create configmap after --from-literal=do="[$do]"
""")
    assert sim.store.get("Pod", "default", "probe") is None
    assert _data(sim, "seen") == {"pod": "namespace/default", "first": "default"}
    assert _data(sim, "after") == {"do": "[]"}
    assert sim.variables == {"POD": "namespace/default"}


def test_the_door_refuses_what_sh_refuses():
    sim = Simulation(seed=1)
    result = sim.run("kubectl apply -f -", stdin="x: ${MISSING?set it first}\n", expand=True)
    assert (result.exit_code, result.stderr) == (2, "kubetui: MISSING: set it first\n")
    assert sim.run("export 1x=2").stderr == "kubetui: export: `1x=2': not a valid identifier\n"
    assert sim.run("NS=a B=b").exit_code == 0 and sim.variables == {"NS": "a", "B": "b"}
    assert sim.run("export -p").stdout == "export B=b\nexport NS=a\n"


def test_expansion_is_sh_s_own():
    text = "a=$A ${B:-none} $(echo hi | tr a-z A-Z) \\$X \\d\nnext \\\nline\n"
    assert expand_here(text, {"A": "1"}).stdout == "a=1 none HI $X \\d\nnext line\n"


def test_script_lines_a_shell_would_take():
    steps = parse_script("NS=shop\nexport A=1 B\nunset A\nkubectl get pods -n $NS\n")
    assert [s.command for s in steps] == ["NS=shop", "export A=1 B", "unset A", "kubectl get pods -n $NS"]
    with pytest.raises(ScriptError, match="unknown command 'echo'"):
        parse_script("echo $NS\n")


@pytest.mark.slow
def test_recorded_once_and_replayed_to_the_same_checksum(tmp_path):
    log_path = tmp_path / "run.jsonl"
    sim = Simulation(seed=7, nodes=2)
    log = EventLog(log_path, {"seed": 7, "nodes": 2}).attach(sim)
    _played("""\
kubectl run api --image=nginx:1.27
wait 8
NS=team
kubectl create namespace $NS
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata: {name: seen, namespace: $NS}
data:
  node: $(kubectl get pod api -o jsonpath='{.spec.nodeName}')
  ip: "$(kubectl get pod api -o jsonpath='{.status.podIP}')"
EOF
wait 5
""", sim)
    data = _data(sim, "seen", "team")
    assert data["node"].startswith("node-") and data["ip"].count(".") == 3
    expanded = [r for r in sim.command_log if r.get("expand")]
    assert len(expanded) == 1 and "$(kubectl get pod api" in expanded[0]["stdin"]
    log.end({"passed": True})
    env = {**os.environ, "PYTHONHASHSEED": "99"}
    check = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", str(log_path), "--verify"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "replay matches" in check.stdout


def test_lists_run_as_sh_runs_them_in_scripts():
    sim = _played("""\
kubectl create namespace a && kubectl config set-context --current --namespace=a
kubectl get namespace missing || kubectl create namespace b
kubectl get namespace a && kubectl create namespace also
kubectl delete namespace nothing-here || true
NS=c; kubectl create namespace $NS
kubectl create namespace d && kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata: {name: into-d, namespace: d}
EOF
""")
    names = {ns["metadata"]["name"] for ns in sim.store.iter("Namespace")}
    assert {"a", "b", "c", "d", "also"} <= names
    assert sim.kubeconfig.contexts[sim.kubeconfig.current_context].get("namespace") == "a"
    assert sim.store.get("ConfigMap", "d", "into-d") is not None
    result = sim.run("kubectl get namespace nope && kubectl create namespace skipped")
    assert result.exit_code == 1 and sim.store.get("Namespace", "", "skipped") is None


def test_the_command_bar_still_types_one_command_at_a_time():
    sim = Simulation(seed=1)
    started = sim.start("kubectl get pods && kubectl get nodes")
    assert started.stderr == "kubetui: `&&` is not supported: type one command at a time\n"
    assert sim.run("kubectl get pods ;; kubectl get nodes").exit_code == 2


def test_for_loops_over_words_and_kubectl_output():
    sim = _played("""\
for n in node-1 node-2; do
  kubectl label node $n disk=hdd
done
for ns in team-a team-b
do
  kubectl create namespace $ns
  kubectl label namespace $ns owner=${ns#team-}
done
for ns in $(kubectl get namespaces -l owner -o name); do kubectl annotate $ns seen=yes; done
""")
    disks = {n["metadata"]["name"]: n["metadata"]["labels"].get("disk") for n in sim.store.iter("Node")}
    assert disks["node-1"] == disks["node-2"] == "hdd"
    for name, owner in (("team-a", "a"), ("team-b", "b")):
        ns = sim.store.get("Namespace", "", name)
        assert ns["metadata"]["labels"]["owner"] == owner and ns["metadata"]["annotations"]["seen"] == "yes"
    assert sim.variables["ns"] == "namespace/team-b"
    assert sim.run("for x in; do kubectl create namespace never; done").exit_code == 0
    assert sim.store.get("Namespace", "", "never") is None
