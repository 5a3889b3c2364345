"""Several clusters in one scenario: kubectl reaches the one its context names, every cluster
moves with the one clock, and the whole set is state a fork, a checksum and a replay see."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kubetui import Simulation
from kubetui.engine.simulation import Simulation as Cluster
from kubetui.scenario.errors import ScenarioError
from kubetui.scenario.loader import load_scenario
from kubetui.scenario.setup import simulation_for

ROOT = Path(__file__).resolve().parents[2]
TWO = ROOT / "scenarios" / "147-two-clusters"


@pytest.fixture
def sim():
    s = Simulation(seed=2)
    s.add_cluster("east", Cluster(seed=2001, nodes=1))
    return s


def nodes(result) -> list[str]:
    return [line.split()[0] for line in result.stdout.splitlines()[1:]]


def test_commands_go_to_the_cluster_of_their_context(sim):
    assert nodes(sim.run("kubectl get nodes")) == ["control-plane", "node-1", "node-2", "node-3"]
    assert nodes(sim.run("kubectl get nodes --context=east")) == ["control-plane", "node-1"]
    # --cluster alone keeps the context's user, whose certificate the other cluster's CA did not
    # sign: with anonymous auth on (kubeadm's default) the request is system:anonymous's, and RBAC says no.
    other = sim.run("kubectl get nodes --cluster=east")
    assert other.exit_code == 1 and 'User "system:anonymous" cannot list resource "nodes"' in other.stderr
    assert sim.run("kubectl config use-context east").stdout == 'Switched to context "east".\n'
    sim.run("kubectl create deployment web --image=nginx:1.27")
    assert sim.members["east"].get("Deployment", "web") is not None
    assert sim.get("Deployment", "web") is None
    assert sim.run("kubectl get deploy --context=kubetui").stderr == "No resources found in default namespace.\n"


def test_every_cluster_moves_with_the_clock_and_its_own_controllers(sim):
    sim.run("kubectl create deployment web --image=nginx:1.27 --replicas=2 --context=east")
    sim.step(15)
    east = sim.members["east"]
    assert east.tick == sim.tick == 15
    assert east.get("Deployment", "web")["status"].get("availableReplicas") == 2
    assert sim.list("Pod", "default") == []


def test_the_other_clusters_are_in_the_checksum_and_the_copies(sim):
    single = Simulation(seed=2)
    assert single.checksum() == Simulation(seed=2).checksum()
    before = sim.checksum()
    sim.run("kubectl create namespace x --context=east")
    assert sim.checksum() != before
    copy = sim.fork()
    assert copy.checksum() == sim.checksum()
    copy.run("kubectl create namespace y --context=east")
    assert sim.members["east"].get("Namespace", "y", None) is None


def test_the_scenario_builds_each_cluster_with_its_objects():
    sim = simulation_for(TWO / "scenario.yaml")
    assert sorted(sim.kubeconfig.contexts) == ["kubetui", "prod"]
    assert sim.get("Deployment", "api", "shop")["spec"]["replicas"] == 2
    # built with 3 replicas; the colleague's scale with the wrong context (timeline, tick 0) left 0
    assert sim.cluster_named("prod").get("Deployment", "api", "shop")["spec"]["replicas"] == 0
    assert len(sim.cluster_named("prod").list("Node")) == 4


@pytest.mark.slow  # a fresh process: the full suite runs it
def test_a_run_replays_and_gives_the_same_checksum_in_another_process(tmp_path):
    script = tmp_path / "answer.txt"
    script.write_text("@25 kubectl scale deploy api -n shop --replicas=3 --context=prod\n"
                      "kubectl config use-context prod\nkubectl get pods -n shop\n")
    log = tmp_path / "run.jsonl"
    kubetui = [sys.executable, "-m", "kubetui.cli"]
    run = subprocess.run([*kubetui, "run", str(TWO), "--script", str(script), "--log", str(log)],
                         capture_output=True, text=True, cwd=ROOT)
    assert "staging-api" in run.stdout + run.stderr
    verify = subprocess.run([*kubetui, "replay", str(log), "--verify"], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_scenario_names_only_clusters_it_has(tmp_path):
    text = (TWO / "scenario.yaml").read_text().replace("    cluster: prod\n", "    cluster: qa\n")
    (tmp_path / "scenario.yaml").write_text(text)
    with pytest.raises(ScenarioError, match="no cluster 'qa'"):
        load_scenario(tmp_path / "scenario.yaml")
    (tmp_path / "scenario.yaml").write_text((TWO / "scenario.yaml").read_text().replace("- name: prod", "- name: kubetui"))
    with pytest.raises(ScenarioError, match="`kubetui` is the scenario's own cluster"):
        load_scenario(tmp_path / "scenario.yaml")
