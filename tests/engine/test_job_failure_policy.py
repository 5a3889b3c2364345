"""Job podFailurePolicy, backoffLimitPerIndex / maxFailedIndexes, ttlSecondsAfterFinished."""

import pytest

from kubetui.shell import Simulation

JOB = """
apiVersion: batch/v1
kind: Job
metadata: {name: NAME}
spec:
  completions: 2
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes: {containerName: main, operator: In, values: [1]}
    - action: Ignore
      onExitCodes: {operator: In, values: [42]}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "SCRIPT"]
"""


def job(name, script):
    return JOB.replace("NAME", name).replace("SCRIPT", script)


@pytest.fixture
def sim():
    return Simulation(seed=5)


def _condition(sim, name, type_):
    j = sim.get("Job", name, namespace="default")
    return next((c for c in (j["status"].get("conditions") or ()) if c["type"] == type_ and c["status"] == "True"), None)


def test_fail_job_rule_fails_at_once_with_the_controller_message(sim):
    sim.run("kubectl apply -f -", stdin=job("a", "exit 1"))
    sim.step(30)
    failed = _condition(sim, "a", "Failed")
    assert failed is not None and failed["reason"] == "PodFailurePolicy"
    pod = sim.list("Pod", "default")[0]["metadata"]["name"]
    assert failed["message"] == (f"Container main for pod default/{pod} failed with exit code 1 "
                                 "matching FailJob rule at index 0")
    assert sim.get("Job", "a", namespace="default")["status"]["failed"] == 1
    events = [(e["type"], e["reason"]) for e in sim.events() if e["involvedObject"]["name"] == "a"]
    assert ("Warning", "PodFailurePolicy") in events


def test_ignore_rule_does_not_count_and_replaces_the_pod(sim):
    sim.run("kubectl apply -f -", stdin=job("b", "exit 42"))
    sim.step(120)
    j = sim.get("Job", "b", namespace="default")
    assert "failed" not in j["status"]
    assert _condition(sim, "b", "Failed") is None
    assert len(sim.list("Pod", "default")) >= 3


def test_unmatched_exit_code_counts_toward_backoff_limit(sim):
    sim.run("kubectl apply -f -", stdin=job("c", "exit 2").replace("backoffLimit: 6", "backoffLimit: 1"))
    sim.step(120)
    failed = _condition(sim, "c", "Failed")
    assert failed is not None and failed["reason"] == "BackoffLimitExceeded"


def test_successful_job_with_policy_completes(sim):
    sim.run("kubectl apply -f -", stdin=job("d", "echo ok"))
    sim.step(60)
    assert _condition(sim, "d", "Complete") is not None


@pytest.mark.parametrize(("edit", "message"), [
    (("restartPolicy: Never", "restartPolicy: OnFailure"),
     'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when '
     "podFailurePolicy is specified"),
    (("action: FailJob", "action: Fail"),
     'spec.podFailurePolicy.rules[0].action: Unsupported value: "Fail": supported values: "Count", '
     '"FailIndex", "FailJob", "Ignore"'),
    (("values: [42]", "values: [0, 42]"),
     "spec.podFailurePolicy.rules[1].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator"),
    (("values: [42]", "values: [42, 3]"),
     "spec.podFailurePolicy.rules[1].onExitCodes.values: Invalid value: []int32{42, 3}: must be ordered"),
    (("containerName: main", "containerName: other"),
     'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "other": must be one of the '
     "container or initContainer names in the pod template"),
    (("  backoffLimit: 6\n", "  backoffLimit: 6\n  podReplacementPolicy: TerminatingOrFailed\n"),
     'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'),
    (("action: Ignore", "action: FailIndex"),
     'spec.podFailurePolicy.rules[1].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set'),
])
def test_validation_messages(sim, edit, message):
    r = sim.run("kubectl apply -f -", stdin=job("v", "exit 1").replace(*edit))
    assert r.exit_code == 1
    assert message in r.stderr


INDEXED = """
apiVersion: batch/v1
kind: Job
metadata: {name: idx}
spec:
  completions: 4
  parallelism: 4
  completionMode: Indexed
  backoffLimitPerIndex: 1
  MAXFAILED
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "SCRIPT"]
"""


def test_backoff_limit_per_index_marks_failed_indexes(sim):
    sim.run("kubectl apply -f -", stdin=INDEXED.replace("MAXFAILED", "maxFailedIndexes: 2").replace(
        "SCRIPT", "if [ $JOB_COMPLETION_INDEX = 2 ]; then exit 3; fi; sleep 3"))
    sim.step(90)
    st = sim.get("Job", "idx", namespace="default")["status"]
    assert st["failedIndexes"] == "2"
    assert st["completedIndexes"] == "0-1,3"
    assert st["failed"] == 2
    assert _condition(sim, "idx", "Failed")["reason"] == "FailedIndexes"
    counts = sorted(p["metadata"]["annotations"]["batch.kubernetes.io/job-index-failure-count"]
                    for p in sim.list("Pod", "default") if p["metadata"]["name"].startswith("idx-2-"))
    assert counts == ["0", "1"]


def test_max_failed_indexes_exceeded(sim):
    sim.run("kubectl apply -f -", stdin=INDEXED.replace("MAXFAILED", "maxFailedIndexes: 1").replace(
        "SCRIPT", "if [ $JOB_COMPLETION_INDEX -ge 2 ]; then exit 3; fi; sleep 30"))
    sim.step(60)
    failed = _condition(sim, "idx", "Failed")
    assert failed is not None and failed["reason"] == "MaxFailedIndexesExceeded"
    assert failed["message"] == "Job has exceeded the specified maximal number of failed indexes"


def test_backoff_limit_per_index_needs_indexed_mode(sim):
    r = sim.run("kubectl apply -f -", stdin=INDEXED.replace("  completionMode: Indexed\n", "").replace(
        "MAXFAILED", "").replace("SCRIPT", "true"))
    assert r.exit_code == 1
    assert "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode" in r.stderr


def test_ttl_after_finished_deletes_job_and_pods(sim):
    sim.run("kubectl create job t --image=busybox -- sh -c 'echo hi'")
    sim.run("kubectl patch job t -p '{\"spec\":{\"ttlSecondsAfterFinished\":30}}'")
    sim.step(15)
    done = _condition(sim, "t", "Complete")
    assert done is not None
    sim.step(10)
    assert sim.get("Job", "t", namespace="default") is not None
    sim.step(30)
    assert sim.get("Job", "t", namespace="default") is None
    assert sim.list("Pod", "default") == []


DISRUPTED = """
apiVersion: batch/v1
kind: Job
metadata: {name: long}
spec:
  backoffLimit: 0
  podFailurePolicy:
    rules:
    - action: Ignore
      onPodConditions: [{type: DisruptionTarget}]
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "sleep 300"]
"""


def test_an_evicted_pod_carries_disruption_target_and_the_policy_ignores_it(sim):
    sim.run("kubectl apply -f -", stdin=DISRUPTED)
    sim.step(10)
    [pod] = sim.list("Pod", "default")
    node = pod["spec"]["nodeName"]
    from kubetui.engine.eviction import evict
    sim.run(f"kubectl cordon {node}")
    evict(sim.store, "default", pod["metadata"]["name"])
    sim.step(2)
    evicted = sim.get("Pod", pod["metadata"]["name"], namespace="default")
    cond = next(c for c in evicted["status"]["conditions"] if c["type"] == "DisruptionTarget")
    assert (cond["reason"], cond["message"]) == ("EvictionByEvictionAPI", "Eviction API: evicting")
    sim.step(40)
    job = sim.get("Job", "long", namespace="default")
    assert "failed" not in job["status"]
    assert _condition(sim, "long", "Failed") is None
    live = [p for p in sim.list("Pod", "default") if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == 1 and live[0]["spec"]["nodeName"] != node


def test_without_the_rule_the_eviction_counts(sim):
    sim.run("kubectl apply -f -", stdin=DISRUPTED.replace("action: Ignore", "action: Count"))
    sim.step(10)
    node = sim.list("Pod", "default")[0]["spec"]["nodeName"]
    sim.run(f"kubectl drain {node} --ignore-daemonsets")
    sim.step(40)
    assert _condition(sim, "long", "Failed")["reason"] == "BackoffLimitExceeded"


def test_the_taint_manager_marks_its_evictions_as_disruptions(sim):
    sim.run("kubectl create deployment web --image=nginx:1.25")
    sim.step(20)
    [pod] = sim.list("Pod", "default")
    sim.run(f"sim fail-node {pod['spec']['nodeName']}")
    sim.step(400)
    evicted = sim.get("Pod", pod["metadata"]["name"], namespace="default")
    cond = next(c for c in evicted["status"]["conditions"] if c["type"] == "DisruptionTarget")
    assert (cond["reason"], cond["message"]) == ("DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint")


def test_job_status_column_while_the_outcome_waits_for_pods_to_stop():
    from kubetui.kubectl.printers.table import job_status
    fake = {"metadata": {}, "status": {"conditions": [
        {"type": "SuccessCriteriaMet", "status": "True"}]}}
    assert job_status(fake) == "SuccessCriteriaMet"
    fake["status"]["conditions"].insert(0, {"type": "FailureTarget", "status": "True"})
    assert job_status(fake) == "FailureTarget"
