"""`kubectl events`: kubectl's own table (as kubectl 1.37 prints it against `kubetui serve`), not
the server's `get events` table: `Kind/name`, `LAST (xN over FIRST)`, sorted by last seen."""

import pytest

from kubetui import Simulation

LIVENESS = """
apiVersion: v1
kind: Pod
metadata: {name: live}
spec:
  containers:
  - name: live
    image: registry.k8s.io/busybox
    args: [/bin/sh, -c, 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      initialDelaySeconds: 5
      periodSeconds: 5
"""


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=3)
    assert s.run("kubectl apply -f -", stdin=LIVENESS).exit_code == 0
    s.step(65)
    return s


def rows(text):
    return [line.split() for line in text.splitlines()[1:]]


def test_kubectls_own_columns_and_repeats(sim):
    r = sim.run("kubectl events --for pod/live")
    assert r.exit_code == 0
    header, *lines = r.stdout.splitlines()
    assert header.split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    unhealthy = next(line for line in lines if "Unhealthy" in line)
    assert "(x3 over " in unhealthy and "Pod/live" in unhealthy, "a repeated Event counts its repeats"
    assert all("Pod/live" in line for line in lines)
    assert "pod/live" in sim.run("kubectl get events").stdout, "the server's table keeps its own form"


def test_sorted_by_when_last_seen(sim):
    lines = sim.run("kubectl events --for pod/live").stdout.splitlines()[1:]
    reasons = [line.split()[line.split().index("Pod/live") - 1] for line in lines]
    assert reasons.index("Killing") > reasons.index("Scheduled")
    assert reasons[-3:] == ["Pulled", "Created", "Started"], "the restart's Events come last"


def test_all_namespaces_and_types(sim):
    r = sim.run("kubectl events -A --types=Warning")
    assert r.stdout.splitlines()[0].startswith("NAMESPACE   LAST SEEN")
    assert {row[0] for row in rows(r.stdout)} == {"default"}
    assert all("Warning" in row for row in rows(r.stdout))


@pytest.mark.parametrize("line, stderr, code", [
    ("kubectl events -n kube-public", "No events found in kube-public namespace.\n", 0),
    ("kubectl events --for pod/none", "No events found in default namespace.\n", 0),
    ("kubectl events --for live", "error: --for must be in resource/name form\n", 1),
    ("kubectl events --types=Bogus", "error: valid --types are Normal or Warning\n", 1),
    ("kubectl events -o wide", 'error: unable to match a printer suitable for the output format "wide", allowed '
     "formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,"
     "templatefile,yaml\n", 1),
])
def test_kubectls_messages(sim, line, stderr, code):
    r = sim.run(line)
    assert (r.stderr, r.exit_code, r.stdout) == (stderr, code, "")


def test_output_formats_list_the_events(sim):
    names = sim.run("kubectl events --for pod/live -o name").stdout.splitlines()
    assert names and all(n.startswith("event/live.") for n in names)


def test_watch_follows_new_and_repeated_events_until_cancelled():
    from kubetui.kubectl import start_kubectl

    s = Simulation(seed=3)
    inv = start_kubectl(s, ["events", "-w"])
    assert inv.poll() is None and inv.stdout == "" and inv.stderr == "", "nothing yet, and no 'No events found'"
    assert s.run("kubectl apply -f -", stdin=LIVENESS).exit_code == 0
    for _ in range(60):
        s.step(1)
        assert inv.poll() is None
    lines = inv.stdout.splitlines()
    assert lines[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert sum(1 for line in lines if line.split()[:1] == ["LAST"]) == 1, "the heading once"
    assert "Scheduled" in lines[1] and "Pod/live" in lines[1]
    unhealthy = [line for line in lines if "Unhealthy" in line]
    assert len(unhealthy) == 3 and "(x3 over" in unhealthy[-1], "each repeat arrives as it happens"
    assert inv.cancel().exit_code == 130
