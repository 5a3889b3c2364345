"""`kubectl logs deploy/web`, `rs/…`, `job/…`: which pod kubectl picks, and the wait for one."""

from functools import cmp_to_key

import pytest

from kubetui import Simulation
from kubetui.kubectl import start_kubectl
from kubetui.kubectl.commands.logs import _by_logging


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    s.run("kubectl create deployment web --image=busybox:1.36 --replicas=3 -- sh -c 'echo hello from web; sleep 3600'")
    assert s.run("kubectl rollout status deploy/web").exit_code == 0
    return s


def pods(sim):
    return [p["metadata"]["name"] for p in sim.list("Pod", "default", labels="app=web")]


def test_several_pods_the_oldest_ready_one_is_named_on_stderr(sim):
    r = sim.run("kubectl logs deploy/web")
    assert r.exit_code == 0 and r.stdout == "hello from web\n"
    first = r.stderr.removeprefix("Found 3 pods, using pod/").rstrip("\n")
    assert first in pods(sim) and r.stderr == f"Found 3 pods, using pod/{first}\n"
    rs = sim.list("ReplicaSet", "default")[0]["metadata"]["name"]
    assert sim.run(f"kubectl logs rs/{rs}").stderr == r.stderr
    assert sim.run(f"kubectl logs replicaset.apps/{rs}").stderr == r.stderr


def test_the_choice_follows_kubectls_ranking(sim):
    ready = set(pods(sim))
    first = sim.run("kubectl logs deploy/web").stderr.rsplit("pod/", 1)[1].strip()
    # a new pod, scheduled but not ready: a ready one is still chosen, the same as before
    sim.run("kubectl scale deploy/web --replicas=4")
    sim.step(1)
    assert len(pods(sim)) == 4
    r = sim.run("kubectl logs deploy/web")
    assert r.stderr == f"Found 4 pods, using pod/{first}\n" and first in ready
    # unscheduled pods rank last
    sim.run("kubectl cordon node-1")
    sim.run("kubectl cordon node-2")
    sim.run("kubectl cordon node-3")
    sim.run("kubectl scale deploy/web --replicas=6")
    sim.step(2)
    unscheduled = [p["metadata"]["name"] for p in sim.list("Pod", "default") if not p["spec"].get("nodeName")]
    assert len(unscheduled) == 2
    assert sim.run("kubectl logs deploy/web").stderr == f"Found 6 pods, using pod/{first}\n"


def fake(name, node="node-1", phase="Running", ready_at=None, restarts=0, created=0):
    conditions = [{"type": "Ready", "status": "True", "lastTransitionTime": f"2026-01-01T00:00:{ready_at:02d}Z"}] \
        if ready_at is not None else [{"type": "Ready", "status": "False"}]
    return {"metadata": {"name": name, "creationTimestamp": f"2026-01-01T00:00:{created:02d}Z"},
            "spec": {"nodeName": node},
            "status": {"phase": phase, "conditions": conditions, "containerStatuses": [{"restartCount": restarts}]}}


def test_by_logging_order():
    pods = [fake("unscheduled", node=""), fake("pending", phase="Pending"), fake("unknown", phase="Unknown"),
            fake("running"), fake("ready-late", ready_at=30), fake("ready-early", ready_at=10),
            fake("restarted", restarts=2, created=5), fake("newer", created=9)]
    ordered = sorted(pods, key=cmp_to_key(_by_logging))
    assert [p["metadata"]["name"] for p in ordered] == [
        "ready-early", "ready-late", "restarted", "running", "newer", "unknown", "pending", "unscheduled"]
    # kubectl ranks phases it does not list (Succeeded, Failed) with Running
    done = fake("done", phase="Succeeded", created=1)
    assert sorted([fake("pending", phase="Pending"), done], key=cmp_to_key(_by_logging))[0] is done


def test_one_pod_no_notice_and_all_pods_with_prefixes(sim):
    sim.run("kubectl scale deploy/web --replicas=1")
    sim.step(40)
    r = sim.run("kubectl logs deploy/web")
    assert (r.stdout, r.stderr) == ("hello from web\n", "")
    sim.run("kubectl scale deploy/web --replicas=2")
    sim.run("kubectl rollout status deploy/web")
    r = sim.run("kubectl logs deploy/web --all-pods")
    assert r.stderr == ""
    assert sorted(r.stdout.splitlines()) == [f"[pod/{name}/busybox] hello from web" for name in pods(sim)]


def test_no_pod_yet_waits_in_simulated_time_for_the_first():
    sim = Simulation(seed=7)
    sim.run("kubectl create job once --image=busybox:1.36 -- echo done")
    start = sim.tick
    r = sim.run("kubectl logs job/once")
    # the pod appeared a tick later but had not started: the server refuses, as on a real cluster
    assert sim.tick == start + 1
    assert r.exit_code == 1 and r.stderr.startswith('Error from server (BadRequest): container "once" in pod "once-')
    assert r.stderr.endswith('" is waiting to start: ContainerCreating\n')
    sim.step(5)
    assert sim.run("kubectl logs job/once").stdout == "done\n"


def test_no_pod_within_the_timeout(sim):
    sim.run("kubectl create deployment idle --image=busybox:1.36 --replicas=0")
    start = sim.tick
    r = sim.run("kubectl logs deploy/idle")
    assert (r.exit_code, r.stderr) == (1, "error: timed out waiting for the condition\n")
    assert sim.tick - start == 20
    start = sim.tick
    r = sim.run("kubectl logs deploy/idle --pod-running-timeout=5s")
    assert r.exit_code == 1 and sim.tick - start == 5
    r = sim.run("kubectl logs deploy/idle --pod-running-timeout=0s")
    assert (r.exit_code, r.stderr) == (1, "error: --pod-running-timeout must be higher than zero\n")


def test_a_pod_that_appears_while_waiting_is_used(sim):
    sim.run("kubectl create deployment late --image=busybox:1.36 --replicas=0 -- sh -c 'echo late; sleep 3600'")
    inv = start_kubectl(sim, ["logs", "deploy/late"])
    assert inv.poll() is None
    sim.step(3)
    assert inv.poll() is None
    sim.run("kubectl scale deploy/late --replicas=2")
    while (result := inv.poll()) is None:
        sim.step(1)
    assert result.exit_code == 1 and "is waiting to start: ContainerCreating" in result.stderr
    assert "Found" not in result.stderr


def test_kinds_without_pods(sim):
    sim.run("kubectl create configmap settings")
    r = sim.run("kubectl logs configmap/settings")
    assert (r.exit_code, r.stderr) == (1, "error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap "
                                          "not implemented\n")
    r = sim.run("kubectl logs deploy/nope")
    assert r.stderr == ('error: error from server (NotFound): deployments.apps "nope" not found in namespace '
                        '"default"\n')  # kubectl 1.37's logs words it so (measured against kubetui serve)
