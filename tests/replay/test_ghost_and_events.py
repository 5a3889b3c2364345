"""Two runs side by side, and a real cluster's Events on the timeline."""

from replay_helpers import FIXTURES, records, write_records

from kubetui.replay.command import replay_main
from kubetui.replay.ghost import compare
from kubetui.replay.kubeevents import load_events
from kubetui.replay.reader import read_log
from kubetui.replay.replayer import Replay


def test_a_ghost_shows_where_two_runs_differ(sandbox_log, tmp_path, capsys):
    recs = records(sandbox_log)
    for r in recs:
        if r.get("line") == "kubectl scale deployment web --replicas=2":
            r["line"] = "kubectl scale deployment web --replicas=3"
    other = tmp_path / "other.jsonl"
    write_records(other, recs)
    report = compare(Replay(read_log(sandbox_log)), Replay(read_log(other)))
    web = [d for d in report.differences if d.what == "Deployment default/web"]
    assert [(d.first, d.last, d.this, d.other) for d in web][0] == (145, 145, "ready 4/2", "ready 4/3")
    assert web[-1].last == 175 and web[-1].this == "ready 2/2" and web[-1].other == "ready 3/3"
    assert all(d.first >= 145 for d in report.differences)
    assert replay_main(str(sandbox_log), against=str(other)) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["TICKS", "WHAT", "THIS", "RUN", "OTHER", "RUN"]
    assert "Deployment default/web" in out


def test_a_run_is_its_own_ghost(sandbox_log, capsys):
    assert replay_main(str(sandbox_log), against=str(sandbox_log)) == 0
    assert capsys.readouterr().out.startswith("the runs agree at every one of 176 tick(s)")


def test_a_ghost_refuses_runs_of_different_scenarios(sandbox_log, tmp_path, capsys):
    recs = records(sandbox_log)
    recs[0].update({"scenario": "replay-node-loss", "scenarioPath": str(FIXTURES / "scenario" / "scenario.yaml"),
                    "nodes": None})
    other = tmp_path / "scenario.jsonl"
    write_records(other, recs)
    assert replay_main(str(sandbox_log), against=str(other)) == 2
    assert capsys.readouterr().err == (f"{other}:1: a run of scenario 'replay-node-loss', but {sandbox_log} is a run "
                                       "of a sandbox; a ghost compares two runs of the same scenario\n")


def test_a_clusters_events_open_in_time_order():
    events = load_events(FIXTURES / "cluster-events.json")
    assert [(e.tick, e.reason, e.object) for e in events] == [
        (0, "ScalingReplicaSet", "Deployment/shop/api"),
        (113, "Scheduled", "Pod/shop/api-6c9f8b7d4-q2w8x"),
        (195, "NodeNotReady", "Node/worker-3"),
        (237, "BackOff", "Pod/shop/api-6c9f8b7d4-q2w8x"),
        (386, "FailedScheduling", "Pod/jobs/batch-report-28512345-7vz9k"),
        (None, "Custom", "ConfigMap/shop/leftover"),
    ]
    backoff, failed = events[3], events[4]
    assert (backoff.count, backoff.type, backoff.source, backoff.time) == (4, "Warning", "kubelet", "2025-03-14T09:14:02Z")
    assert failed.count == 7 and failed.time == "2025-03-14T09:16:31.884210Z" and failed.source == "default-scheduler"
    assert events[2].namespace == "default"


def test_a_clusters_events_in_yaml_and_on_the_command_line(capsys):
    events = load_events(FIXTURES / "cluster-events.yaml")
    assert [(e.tick, e.reason, e.count) for e in events] == [(0, "Scheduled", 1), (52, "Failed", 2)]
    assert replay_main(None, events=str(FIXTURES / "cluster-events.json")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["NAMESPACE", "TIME", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert out[4].split()[:5] == ["shop", "2025-03-14T09:14:02Z", "Warning", "BackOff", "pod/api-6c9f8b7d4-q2w8x"]
    assert out[4].endswith("(x4)")
    assert out[-1] == "6 Event(s), 2 Warning(s)"


def test_a_file_that_is_not_events_says_so(tmp_path, capsys):
    bad = tmp_path / "pods.json"
    bad.write_text('{"kind": "PodList", "apiVersion": "v1"}')
    assert replay_main(None, events=str(bad)) == 2
    assert capsys.readouterr().err == f"{bad}:1: expected an EventList or a List of Events, found kind 'PodList'\n"
    broken = tmp_path / "broken.json"
    broken.write_text('{"items": [\n  {"kind": "Event",\n')
    assert replay_main(None, events=str(broken)) == 2
    assert capsys.readouterr().err.startswith(f"{broken}:3: not valid JSON")
