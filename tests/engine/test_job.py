"""Job: completions, parallelism, back-off, deadlines, TTL, suspend, indexed completion."""

import copy

from engine_kit import create, reasons

from kubetui.model.clock import tick_of
from kubetui.model.errors import ApiError


def job(name="work", command=("sleep", "5"), restart="Never", **spec):
    j = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name, "namespace": "default"},
         "spec": {"template": {"spec": {"restartPolicy": restart,
                                        "containers": [{"name": "c", "image": "busybox", "command": list(command)}]}}}}
    j["spec"].update(spec)
    return j


def job_pods(sim, name="work"):
    return sim.list("Pod", "default", labels=f"batch.kubernetes.io/job-name={name}")


def conditions(sim, name="work"):
    return [(c["type"], c["reason"]) for c in sim.get("Job", name)["status"].get("conditions", ())]


def test_completions_with_parallelism_finish_complete(sim):
    created = create(sim, job(completions=3, parallelism=2))
    uid = created["metadata"]["uid"]
    assert created["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    labels = created["spec"]["template"]["metadata"]["labels"]
    assert labels == {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "work",
                      "controller-uid": uid, "job-name": "work"}
    assert created["metadata"]["labels"] == labels
    most_active = 0
    for _ in range(40):
        sim.step(1)
        running = [p for p in job_pods(sim) if p["status"].get("phase") not in ("Succeeded", "Failed")]
        most_active = max(most_active, len(running))
    assert most_active == 2
    pods = job_pods(sim)
    assert [p["status"]["phase"] for p in pods] == ["Succeeded"] * 3
    assert all(p["metadata"]["name"].startswith("work-") and len(p["metadata"]["name"]) == len("work-") + 5 for p in pods)
    assert all("finalizers" not in p["metadata"] for p in pods)
    status = sim.get("Job", "work")["status"]
    assert conditions(sim) == [("SuccessCriteriaMet", "CompletionsReached"), ("Complete", "CompletionsReached")]
    assert status["succeeded"] == 3 and "active" not in status and "failed" not in status
    assert status["ready"] == 0 and status["terminating"] == 0 and status["uncountedTerminatedPods"] == {}
    assert tick_of(status["completionTime"]) > tick_of(status["startTime"])
    assert reasons(sim, "Job", "work") == ["SuccessfulCreate"] * 3 + ["Completed"]
    completed = [e for e in sim.events() if e["reason"] == "Completed"][0]
    assert completed["message"] == "Job completed" and completed["source"]["component"] == "job-controller"


def test_failures_back_off_then_backoff_limit_exceeded(sim):
    create(sim, job(command=("sh", "-c", "exit 1"), backoffLimit=2))
    sim.step(120)
    pods = job_pods(sim)
    assert len(pods) == 3 and all(p["status"]["phase"] == "Failed" for p in pods)
    created = sorted(tick_of(p["metadata"]["creationTimestamp"]) for p in pods)
    finished = sorted(tick_of(p["status"]["containerStatuses"][0]["state"]["terminated"]["finishedAt"]) for p in pods)
    assert created[1] - finished[0] >= 10 and created[2] - finished[1] >= 20
    status = sim.get("Job", "work")["status"]
    assert status["failed"] == 3
    assert conditions(sim) == [("FailureTarget", "BackoffLimitExceeded"), ("Failed", "BackoffLimitExceeded")]
    assert sim.get("Job", "work")["status"]["conditions"][1]["message"] == "Job has reached the specified backoff limit"
    assert "completionTime" not in status
    warning = [e for e in sim.events() if e["reason"] == "BackoffLimitExceeded"]
    assert warning[0]["type"] == "Warning" and warning[0]["message"] == "Job has reached the specified backoff limit"


def test_on_failure_restarts_count_towards_backoff_limit(sim):
    create(sim, job(command=("sh", "-c", "exit 1"), restart="OnFailure", backoffLimit=2))
    sim.step(150)
    assert reasons(sim, "Job", "work").count("SuccessfulCreate") == 1
    assert ("Failed", "BackoffLimitExceeded") in conditions(sim)
    assert sim.get("Job", "work")["status"]["failed"] == 1


def test_active_deadline_stops_the_pods(sim):
    create(sim, job(command=("sleep", "300"), activeDeadlineSeconds=20))
    sim.step(21)
    assert conditions(sim) == [("FailureTarget", "DeadlineExceeded")]
    assert job_pods(sim)[0]["metadata"].get("deletionTimestamp")
    sim.step(40)
    assert conditions(sim) == [("FailureTarget", "DeadlineExceeded"), ("Failed", "DeadlineExceeded")]
    assert job_pods(sim) == []
    event = [e for e in sim.events() if e["reason"] == "DeadlineExceeded"][0]
    assert event["message"] == "Job was active longer than specified deadline"
    assert "SuccessfulDelete" in reasons(sim, "Job", "work")


def test_ttl_after_finished_deletes_job_and_pods(sim):
    create(sim, job(ttlSecondsAfterFinished=30))
    sim.step(12)
    done = tick_of(sim.get("Job", "work")["status"]["completionTime"])
    sim.step(done + 29 - sim.tick)
    assert sim.get("Job", "work") is not None
    sim.step(2)
    assert sim.get("Job", "work") is None
    assert job_pods(sim) == []


def test_suspended_job_runs_nothing_until_resumed(sim):
    create(sim, job(suspend=True))
    sim.step(20)
    assert job_pods(sim) == []
    status = sim.get("Job", "work")["status"]
    assert "startTime" not in status
    assert conditions(sim) == [("Suspended", "JobSuspended")]
    j = copy.deepcopy(sim.store.get("Job", "default", "work"))
    j["spec"]["suspend"] = False
    sim.store.update(j)
    sim.step(1)
    assert tick_of(sim.get("Job", "work")["status"]["startTime"]) == sim.tick
    suspended = sim.get("Job", "work")["status"]["conditions"][0]
    assert (suspended["status"], suspended["reason"]) == ("False", "JobResumed")
    sim.step(20)
    assert ("Complete", "CompletionsReached") in conditions(sim)
    assert reasons(sim, "Job", "work")[:2] == ["Suspended", "Resumed"]


def test_indexed_job_gives_each_pod_its_index(sim):
    create(sim, job(command=("sh", "-c", "echo $JOB_COMPLETION_INDEX"), completions=3, parallelism=3,
                    completionMode="Indexed"))
    sim.step(15)
    pods = job_pods(sim)
    assert sorted(p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"] for p in pods) == ["0", "1", "2"]
    assert sorted(p["metadata"]["name"].rsplit("-", 1)[0] for p in pods) == ["work-0", "work-1", "work-2"]
    logs = sorted(sim.kubelet.logs("default", p["metadata"]["name"])[0] for p in pods)
    assert logs == ["0", "1", "2"]
    assert sim.get("Job", "work")["status"]["completedIndexes"] == "0-2"


def test_deleted_running_pod_counts_as_failed_and_is_replaced(sim):
    from kubetui.engine.store import delete

    create(sim, job(command=("sleep", "100")))
    sim.step(5)
    first = job_pods(sim)[0]["metadata"]["name"]
    delete(sim.store, "Pod", "default", first)
    sim.step(1)
    status = sim.get("Job", "work")["status"]
    assert status["failed"] == 1 and "active" not in status and status["terminating"] == 1
    sim.step(10)
    assert sim.get("Job", "work")["status"]["active"] == 1
    live = [p["metadata"]["name"] for p in job_pods(sim) if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == 1 and live != [first]


def test_selector_must_be_generated_unless_manual(sim):
    bad = job(selector={"matchLabels": {"app": "x"}})
    bad["spec"]["template"]["metadata"] = {"labels": {"app": "x"}}
    try:
        create(sim, bad)
    except ApiError as err:
        assert str(err).startswith('The Job "work" is invalid: spec.selector: Invalid value: ')
        assert str(err).endswith("`selector` not auto-generated")
    else:
        raise AssertionError("a hand-written selector without manualSelector was accepted")
    manual = copy.deepcopy(bad)
    manual["spec"]["manualSelector"] = True
    created = create(sim, manual)
    assert created["spec"]["selector"] == {"matchLabels": {"app": "x"}}
    sim.step(15)
    assert ("Complete", "CompletionsReached") in conditions(sim)


def test_kubectl_shows_a_finished_job(sim):
    r = sim.run("kubectl apply -f -", stdin="""apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
        command: ["echo", "hi"]
""")
    assert (r.exit_code, r.stdout) == (0, "job.batch/hello created\n")
    sim.step(10)
    out = sim.run("kubectl get jobs").stdout.splitlines()
    assert out[1].split()[:3] == ["hello", "Complete", "1/1"]
