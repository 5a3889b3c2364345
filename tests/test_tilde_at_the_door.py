"""`~` typed at the command bar: the player's shell expands an unquoted `~` (and `~/x`) to the
home folder of their own machine before kubectl sees the line, so `kubectl exec POD -- mkdir -p
~/tmp` makes a folder named like the local home inside the container. The record keeps the line
as typed with the `home` used: a replay on another machine expands it the same way."""

import json

import pytest
from click.testing import CliRunner

from kubetui.cli import main
from kubetui.pipeline import expand_tilde
from kubetui.replay.writer import EventLog
from kubetui.session.driver import Session
from kubetui.shell import Simulation


@pytest.mark.parametrize(("typed", "expanded"), [
    ("kubectl exec p -- mkdir -p ~/tmp", "kubectl exec p -- mkdir -p /home/ada/tmp"),
    ("kubectl exec p -- ls ~ ~/", "kubectl exec p -- ls /home/ada /home/ada/"),
    ("kubectl get pods >~/pods.txt 2>~/err", "kubectl get pods >/home/ada/pods.txt 2>/home/ada/err"),
    ("kubectl exec p -- ls '~' \"~/x\" \\~/y", "kubectl exec p -- ls '~' \"~/x\" \\~/y"),
    ("kubectl exec p -- ls ~root ~x a~/b --kubeconfig=~/c", "kubectl exec p -- ls ~root ~x a~/b --kubeconfig=~/c"),
    ("kubectl get pod p -o jsonpath={~/x}", "kubectl get pod p -o jsonpath={~/x}"),
    ("kubectl exec p -- ls ~/a~/b|grep ~", "kubectl exec p -- ls /home/ada/a~/b|grep /home/ada"),
    ('kubectl exec p -- ls "~/x', 'kubectl exec p -- ls "~/x'),
])
def test_unquoted_leading_tildes_expand_and_quoted_ones_stay(typed, expanded):
    assert expand_tilde(typed, "/home/ada") == expanded
    assert expand_tilde(typed, "") == typed


def test_a_home_with_a_space_stays_one_word():
    assert expand_tilde("kubectl exec p -- mkdir ~/tmp", "/home/a b") == "kubectl exec p -- mkdir '/home/a b'/tmp"


@pytest.fixture(scope="module")
def bb():
    sim = Simulation(seed=4)
    assert sim.run("kubectl run bb --image=busybox:1.36 -- sleep 3600").exit_code == 0
    sim.step(10)
    return sim


def test_exec_mkdir_under_tilde_makes_the_local_home_in_the_container(bb):
    bb.start("kubectl exec bb -- mkdir -p ~/tmp", home="/home/ada")
    record = bb.command_log[-1]
    assert record["line"] == "kubectl exec bb -- mkdir -p ~/tmp" and record["home"] == "/home/ada"
    assert bb.run("kubectl exec bb -- ls -d /home/ada/tmp").stdout == "/home/ada/tmp\n"
    bb.run("kubectl exec bb -- mkdir -p '~/quoted'", home="/home/ada")
    assert "home" not in bb.command_log[-1]
    assert bb.run("kubectl exec bb -- ls /~").stdout == "quoted\n"
    bb.run("kubectl exec bb -- mkdir -p ~/typed-in-a-script")
    assert bb.run("kubectl exec bb -- ls /~").stdout == "quoted\ntyped-in-a-script\n"


def test_the_command_bar_expands_with_the_sessions_home(bb, monkeypatch):
    monkeypatch.setenv("HOME", "/home/grace")
    session = Session(bb)
    assert session.home == "/home/grace"
    session.start("kubectl exec bb -- mkdir -p ~/from-the-bar")
    assert bb.command_log[-1]["home"] == "/home/grace"
    assert bb.run("kubectl exec bb -- ls /home/grace").stdout == "from-the-bar\n"
    session.command("kubectl exec bb -- echo ~")  # a script's line: no shell expanded it
    assert session.records[-1].stdout == "~\n"


def test_a_replay_expands_with_the_recorded_home_not_its_own(tmp_path, monkeypatch):
    path = tmp_path / "run.jsonl"
    sim = Simulation(seed=5)
    log = EventLog(path, {"seed": 5, "nodes": 3})
    log.attach(sim)
    sim.start("kubectl run bb --image=busybox:1.36 -- sleep 3600")
    sim.step(10)
    sim.start("kubectl exec bb -- mkdir -p ~/tmp", home="/home/ada")
    sim.run("kubectl run ls --image=busybox:1.36 -- ls ~/tmp", home="/home/ada")
    sim.run("kubectl create configmap where --from-literal=home=~/x", home="/home/ada")
    sim.step(2)
    assert sim.store.get("Pod", "default", "ls")["spec"]["containers"][0]["args"] == ["ls", "/home/ada/tmp"]
    assert sim.store.get("ConfigMap", "default", "where")["data"] == {"home": "~/x"}
    log.end({"passed": True, "score": None})
    log.close()
    records = [json.loads(line) for line in path.read_text().splitlines()]
    typed = [r for r in records if r.get("record") == "command" and "~" in r["line"]]
    assert [(r["line"], r.get("home")) for r in typed] == [
        ("kubectl exec bb -- mkdir -p ~/tmp", "/home/ada"), ("kubectl run ls --image=busybox:1.36 -- ls ~/tmp", "/home/ada"),
        ("kubectl create configmap where --from-literal=home=~/x", None)]
    monkeypatch.setenv("HOME", "/somewhere/else")
    r = CliRunner().invoke(main, ["replay", str(path), "--verify"])
    assert r.exit_code == 0 and "replay matches" in r.output, r.output
