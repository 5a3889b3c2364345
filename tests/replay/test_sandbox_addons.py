"""A sandbox with kubeadm's add-ons (as the game's free sandbox runs) replays exactly: the log's
header names the add-ons and the replay builds them again."""

import json

import pytest

from kubetui import Simulation
from kubetui.replay import header_for
from kubetui.replay.reader import LogError, read_log
from kubetui.replay.replayer import Replay, verify
from kubetui.replay.writer import EventLog


def test_a_sandbox_with_addons_replays_exactly(tmp_path):
    path = tmp_path / "sandbox-3-1.jsonl"
    sim = Simulation(seed=3, nodes=2, addons=["coredns", "kube-proxy"])
    log = EventLog(path, header_for(sim)).attach(sim)
    sim.step(5)
    assert sim.run("kubectl -n kube-system scale deployment coredns --replicas=0").exit_code == 0
    sim.step(30)
    log.end({"passed": None})
    header = json.loads(path.read_text().splitlines()[0])
    assert header["addons"] == ["coredns", "kube-proxy"]
    report = verify(Replay(read_log(path)))
    assert report.ok, report.divergence


def test_a_header_with_an_unknown_addon_is_refused(tmp_path):
    path = tmp_path / "bad.jsonl"
    sim = Simulation(seed=3, nodes=1)
    header = {**header_for(sim), "addons": ["kube-dns"]}
    EventLog(path, header).attach(sim).end({"passed": None})
    with pytest.raises(LogError, match="the header's addons must be a list of coredns, kube-proxy"):
        read_log(path)
