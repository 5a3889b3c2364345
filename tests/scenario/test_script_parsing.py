"""Scripts: ticks, waits, comments, here-documents, continuation lines and their errors."""

import pytest

from kubetui.scenario import ScriptError, load_script, parse_script
from kubetui.scenario.script import Step, schedule

SCRIPT = """\
# scale before the node dies
@120 kubectl scale deploy/web --replicas=5   # five is enough
wait 30
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: site   # a comment inside the manifest stays
EOF

kubectl create configmap x --from-literal=k='a # b' \\
    -n shop
@200
sim fail-node node-2
kubectl apply -f manifests/web.yaml
"""


def test_steps_and_their_lines():
    steps = parse_script(SCRIPT, "s.txt")
    assert steps == [
        Step(line=2, at=120, command="kubectl scale deploy/web --replicas=5"),
        Step(line=3, wait=30),
        Step(line=4, command="kubectl apply -f -",
             stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: site   # a comment inside the manifest stays\n", expand=True),
        Step(line=11, command="kubectl create configmap x --from-literal=k='a # b' -n shop"),
        Step(line=13, at=200),
        Step(line=14, command="sim fail-node node-2"),
        Step(line=15, command="kubectl apply -f manifests/web.yaml"),
    ]


def test_schedule_follows_at_and_wait():
    ticks = [(t, s.command.split()[1]) for t, s in schedule(parse_script(SCRIPT))]
    assert ticks == [(120, "scale"), (150, "apply"), (150, "create"), (200, "fail-node"), (200, "apply")]
    assert [t for t, _ in schedule(parse_script("wait 5\nkubectl get pods\n"), start=10)] == [15]


def test_quoted_and_dash_heredocs():
    steps = parse_script("kubectl apply -f - <<'END'\nkind: A\nEND\nkubectl apply -f - <<-X\n\tkind: B\n\tX\n")
    assert [s.stdin for s in steps] == ["kind: A\n", "kind: B\n"]


def test_an_unquoted_heredoc_is_kept_as_written_for_the_door_to_expand():
    text = "kubectl apply -f - <<EOF\nhost=\\$HOSTNAME \\\\d $MODE \\n\nEOF\nkubectl apply -f - <<'EOF'\nhost=\\$HOSTNAME\nEOF\n"
    unquoted, quoted = parse_script(text)
    assert (unquoted.stdin, unquoted.expand) == ("host=\\$HOSTNAME \\\\d $MODE \\n\n", True)
    assert (quoted.stdin, quoted.expand) == ("host=\\$HOSTNAME\n", False)


@pytest.mark.parametrize("text, message", [
    ("kubeclt get pods\n", "s.txt:1: unknown command 'kubeclt'"),
    ("\n@soon kubectl get pods\n", "s.txt:2: `@soon` must be `@` and a tick number"),
    ("wait\n", "s.txt:1: `wait` takes a number of ticks"),
    ("wait -3\n", "s.txt:1: `wait` takes a number of ticks"),
    ("@50 kubectl get pods\n@20 kubectl get pods\n", "s.txt:2: tick 20 is earlier than the script's time at this line (tick 50)"),
    ("# x\nkubectl apply -f - <<EOF\nkind: A\n", "s.txt:2: the here-document is never closed: no line `EOF` after it"),
    ("kubectl get pods -l 'app=web\n", "s.txt:1: a quote is never closed"),
])
def test_errors_name_the_line(text, message):
    with pytest.raises(ScriptError) as err:
        parse_script(text, "s.txt")
    assert err.value.messages[0].startswith(message)


def test_all_errors_are_reported_at_once():
    with pytest.raises(ScriptError) as err:
        parse_script("kubeclt a\nwait x\nkubectl get pods\nfoo\n", "s.txt")
    assert [m.split(": ")[0] for m in err.value.messages] == ["s.txt:1", "s.txt:2", "s.txt:4"]


def test_load_script_keeps_the_text_and_returns_its_folder(tmp_path):
    p = tmp_path / "sub" / "moves.txt"
    p.parent.mkdir()
    p.write_text("kubectl apply -f web.yaml\n")
    script = load_script(p)
    assert script.steps[0].command == "kubectl apply -f web.yaml"
    assert script.base == p.parent.resolve()
    with pytest.raises(ScriptError, match=r"missing.txt:1: cannot read the script"):
        load_script(tmp_path / "missing.txt")
