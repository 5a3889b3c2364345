"""The STATUS / READY / RESTARTS cells of `kubectl get pods`, case by case."""

import pytest
from printer_kit import make_pod, pod_conditions, running, terminated, ts, waiting

from kubetui.kubectl.printers import pod_status

NOW = 3600


def status_of(pod):
    return pod_status(pod, NOW)


def test_running_ready():
    assert status_of(make_pod(statuses=[running()], conditions=pod_conditions())) == ("1/1", "Running", "0")


def test_pending_unscheduled():
    pod = make_pod(phase="Pending", node=None, ip=None,
                   conditions=[{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}])
    assert status_of(pod) == ("0/1", "Pending", "0")


@pytest.mark.parametrize("reason", ["ContainerCreating", "ErrImagePull", "ImagePullBackOff",
                                    "CreateContainerConfigError"])
def test_waiting_reasons_show_through(reason):
    pod = make_pod(phase="Pending", ip=None, statuses=[waiting(reason)])
    assert status_of(pod) == ("0/1", reason, "0")


def test_crashloop_with_restarts_ago():
    last = {"reason": "Error", "exitCode": 1, "startedAt": ts(3000), "finishedAt": ts(3300)}
    pod = make_pod(statuses=[waiting("CrashLoopBackOff", restarts=5, last=last)])
    assert status_of(pod) == ("0/1", "CrashLoopBackOff", "5 (5m ago)")


def test_oomkilled():
    pod = make_pod(statuses=[terminated("OOMKilled", 137, restarts=2)])
    assert status_of(pod)[1] == "OOMKilled"


def test_completed_and_error():
    done = make_pod(phase="Succeeded", statuses=[terminated("Completed", 0)])
    failed = make_pod(phase="Failed", statuses=[terminated("Error", 1)])
    assert status_of(done) == ("0/1", "Completed", "0")
    assert status_of(failed) == ("0/1", "Error", "0")


def test_terminated_without_reason_shows_exit_code():
    st = terminated("", 3)
    pod = make_pod(phase="Failed", statuses=[st])
    assert status_of(pod)[1] == "ExitCode:3"


def test_terminating_when_deletion_began():
    pod = make_pod(statuses=[running()], conditions=pod_conditions(), deletion=3590)
    assert status_of(pod) == ("1/1", "Terminating", "0")


def test_finished_pod_being_deleted_keeps_its_status():
    pod = make_pod(phase="Succeeded", statuses=[terminated("Completed", 0)], deletion=3590)
    assert status_of(pod)[1] == "Completed"


def test_unknown_when_node_lost():
    pod = make_pod(statuses=[running()], deletion=3500, reason="NodeLost")
    assert status_of(pod)[1] == "Unknown"


def test_evicted():
    pod = make_pod(phase="Failed", reason="Evicted", message="The node was low on resource: memory.",
                   statuses=[])
    assert status_of(pod) == ("0/1", "Evicted", "0")


def test_init_containers_progress():
    init = [{"name": "migrate", "image": "busybox"}]
    pod = make_pod(phase="Pending", init=init, statuses=[waiting("PodInitializing")],
                   init_statuses=[{"name": "migrate", "ready": False, "restartCount": 0,
                                   "state": {"running": {"startedAt": ts(2)}}}])
    assert status_of(pod) == ("0/1", "Init:0/1", "0")


def test_init_container_failure_reasons():
    init = [{"name": "migrate", "image": "busybox"}]
    crash = make_pod(phase="Pending", init=init, statuses=[waiting("PodInitializing")],
                     init_statuses=[waiting("CrashLoopBackOff", name="migrate", restarts=3)])
    err = make_pod(phase="Pending", init=init, statuses=[waiting("PodInitializing")],
                   init_statuses=[terminated("Error", 1, name="migrate")])
    assert status_of(crash)[1] == "Init:CrashLoopBackOff"
    assert status_of(crash)[2] == "3"
    assert status_of(err)[1] == "Init:Error"


def test_completed_container_beside_running_one_reads_running():
    pod = make_pod(statuses=[terminated("Completed", 0, name="setup"), running()], conditions=pod_conditions(),
                   containers=[{"name": "setup", "image": "busybox"}, {"name": "nginx", "image": "nginx:1.25"}])
    assert status_of(pod) == ("1/2", "Running", "0")


def test_two_containers_one_not_ready():
    pod = make_pod(statuses=[running(), running(name="sidecar", ready=False)],
                   containers=[{"name": "nginx", "image": "nginx"}, {"name": "sidecar", "image": "envoy"}])
    assert status_of(pod)[0] == "1/2"
