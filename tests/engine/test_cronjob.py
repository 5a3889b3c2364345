"""CronJob: schedules, concurrency policies, missed starts, history limits, validation."""

import copy

import pytest
from engine_kit import create, reasons

from kubetui.model.errors import ApiError

EPOCH_MINUTES = 1767225600 // 60
"""2026-01-01T00:00:00Z (tick 0) in Unix minutes."""


def cronjob(name="tick", schedule="*/1 * * * *", command=("sh", "-c", "sleep 5"), **spec):
    cj = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name, "namespace": "default"},
          "spec": {"schedule": schedule,
                   "jobTemplate": {"metadata": {"labels": {"app": name}},
                                   "spec": {"backoffLimit": 0, "template": {"spec": {
                                       "restartPolicy": "Never",
                                       "containers": [{"name": "c", "image": "busybox", "command": list(command)}]}}}}}}
    cj["spec"].update(spec)
    return cj


def set_spec(sim, name="tick", **fields):
    cj = copy.deepcopy(sim.store.get("CronJob", "default", name))
    cj["spec"].update(fields)
    return sim.store.update(cj)


def jobs(sim):
    return sim.list("Job", "default")


def finished(job):
    return next((c["type"] for c in job["status"].get("conditions", ())
                 if c["type"] in ("Complete", "Failed") and c["status"] == "True"), None)


def test_every_minute_for_an_hour_keeps_the_history_limits(sim):
    create(sim, cronjob())
    sim.step(1800)
    cj = copy.deepcopy(sim.store.get("CronJob", "default", "tick"))
    cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"] = ["sh", "-c", "exit 1"]
    sim.store.update(cj)
    sim.step(1800)
    created = [e for e in sim.events() if e["reason"] == "SuccessfulCreate" and e["involvedObject"]["kind"] == "CronJob"]
    assert len(created) == 60
    assert created[0]["message"] == f"Created job tick-{EPOCH_MINUTES + 1}"
    assert created[-1]["message"] == f"Created job tick-{EPOCH_MINUTES + 60}"
    states = [finished(j) for j in jobs(sim)]
    assert states.count("Complete") == 3 and states.count("Failed") == 1 and states.count(None) == 1
    assert [j["metadata"]["name"] for j in jobs(sim) if finished(j) == "Complete"] == \
        [f"tick-{EPOCH_MINUTES + m}" for m in (28, 29, 30)]
    last = sim.get("Job", f"tick-{EPOCH_MINUTES + 60}")
    assert last["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2026-01-01T01:00:00Z"
    assert last["metadata"]["labels"]["app"] == "tick"
    ref = last["metadata"]["ownerReferences"][0]
    assert (ref["kind"], ref["name"], ref["controller"]) == ("CronJob", "tick", True)
    status = sim.get("CronJob", "tick")["status"]
    assert status["lastScheduleTime"] == "2026-01-01T01:00:00Z"
    assert status["lastSuccessfulTime"].startswith("2026-01-01T00:30:")
    assert [a["name"] for a in status["active"]] == [last["metadata"]["name"]]
    saw = [e["message"] for e in sim.events() if e["reason"] == "SawCompletedJob"]
    assert f"Saw completed job: tick-{EPOCH_MINUTES + 1}, condition: Complete" in saw
    assert f"Saw completed job: tick-{EPOCH_MINUTES + 59}, condition: Failed" in saw
    deleted = [e for e in sim.events() if e["reason"] == "SuccessfulDelete" and e["involvedObject"]["kind"] == "CronJob"]
    assert len(deleted) == 60 - 5


def test_controller_sleeps_between_scheduled_times(sim):
    create(sim, cronjob(schedule="0 * * * *"))
    controller = sim.controllers.cronjob
    calls = []
    original = controller.reconcile
    controller.reconcile = lambda key: (calls.append(sim.tick), original(key))
    sim.step(3599)
    assert calls == [1] and jobs(sim) == []
    sim.step(1)
    assert calls[1] == 3600 and [j["metadata"]["name"] for j in jobs(sim)] == [f"tick-{EPOCH_MINUTES + 60}"]
    assert sim.list("Pod", "default"), "the Job gets its pod in the tick it is created"


def test_allow_runs_jobs_side_by_side(sim):
    create(sim, cronjob(command=("sleep", "150")))
    sim.step(181)
    assert sum(1 for j in jobs(sim) if finished(j) is None) == 3


def test_forbid_skips_while_a_job_runs(sim):
    create(sim, cronjob(command=("sleep", "150"), concurrencyPolicy="Forbid"))
    sim.step(150)
    assert len(jobs(sim)) == 1
    assert "JobAlreadyActive" in reasons(sim, "CronJob", "tick")
    message = [e["message"] for e in sim.events() if e["reason"] == "JobAlreadyActive"][0]
    assert message == "Not starting job because prior execution is running and concurrency policy is Forbid"
    for _ in range(400):
        sim.step(1)
        assert sum(1 for j in jobs(sim) if finished(j) is None) <= 1


def test_replace_deletes_the_running_job(sim):
    create(sim, cronjob(command=("sleep", "150"), concurrencyPolicy="Replace"))
    sim.step(61)
    first = jobs(sim)[0]["metadata"]["name"]
    sim.step(60)
    names = [j["metadata"]["name"] for j in jobs(sim)]
    assert names == [f"tick-{EPOCH_MINUTES + 2}"] and first not in names
    deleted = [e["message"] for e in sim.events() if e["reason"] == "SuccessfulDelete"]
    assert f"Deleted job {first}" in deleted
    assert [a["name"] for a in sim.get("CronJob", "tick")["status"]["active"]] == names


def test_suspend_holds_and_resume_starts_the_missed_run(sim):
    create(sim, cronjob(suspend=True))
    sim.step(200)
    assert jobs(sim) == []
    set_spec(sim, suspend=False)
    sim.step(1)
    assert [j["metadata"]["name"] for j in jobs(sim)] == [f"tick-{EPOCH_MINUTES + 3}"]


def test_starting_deadline_drops_late_runs(sim):
    create(sim, cronjob(suspend=True, startingDeadlineSeconds=10))
    sim.step(200)
    set_spec(sim, suspend=False)
    sim.step(30)
    assert jobs(sim) == []
    sim.step(10)
    assert [j["metadata"]["name"] for j in jobs(sim)] == [f"tick-{EPOCH_MINUTES + 4}"]


def test_too_many_missed_start_times_warns_and_runs_the_latest(sim):
    create(sim, cronjob())
    sim.run("sim stop controller-manager")
    sim.step(150 * 60)
    sim.run("sim start controller-manager")
    sim.step(1)
    assert [j["metadata"]["name"] for j in jobs(sim)] == [f"tick-{EPOCH_MINUTES + 150}"]
    warning = [e for e in sim.events() if e["reason"] == "TooManyMissedTimes"][0]
    assert warning["type"] == "Warning"
    assert warning["message"] == ("too many missed start times. Set or decrease "
                                  ".spec.startingDeadlineSeconds or check clock skew")


@pytest.mark.slow
def test_time_zone_and_macros(sim):
    create(sim, cronjob(name="seoul", schedule="0 9 * * *", timeZone="Asia/Seoul"))
    create(sim, cronjob(name="hourly", schedule="@hourly"))
    sim.step(24 * 3600)
    seoul = [j for j in jobs(sim) if j["metadata"]["name"].startswith("seoul-")]
    assert [j["metadata"]["creationTimestamp"] for j in seoul] == ["2026-01-02T00:00:00Z"]
    assert seoul[0]["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == \
        "2026-01-02T09:00:00+09:00"
    hourly = [int(j["metadata"]["name"].rsplit("-", 1)[1]) for j in jobs(sim) if j["metadata"]["name"].startswith("hourly-")]
    assert hourly == [EPOCH_MINUTES + 60 * h for h in (21, 22, 23, 24)]


def test_invalid_schedules_are_refused_with_kubernetes_words(sim):
    cases = {
        "bad": 'spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: bad',
        "61 * * * *": 'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
        "* * * * 7": 'spec.schedule: Invalid value: "* * * * 7": end of range (7) above maximum (6): 7',
        "@often": 'spec.schedule: Invalid value: "@often": unrecognized descriptor: @often',
        "*/x * * * *": 'spec.schedule: Invalid value: "*/x * * * *": failed to parse int from x: '
                       'strconv.Atoi: parsing "x": invalid syntax',
    }
    for schedule, text in cases.items():
        try:
            create(sim, cronjob(name="x", schedule=schedule))
        except ApiError as err:
            assert str(err) == f'The CronJob "x" is invalid: {text}'
        else:
            raise AssertionError(f"{schedule!r} was accepted")
    try:
        create(sim, cronjob(name="x", schedule="0 9 * * *", timeZone="Mars/Olympus"))
    except ApiError as err:
        assert str(err) == 'The CronJob "x" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": ' \
                           'unknown time zone Mars/Olympus'
    else:
        raise AssertionError("an unknown time zone was accepted")
    assert sim.list("CronJob") == []


def test_kubectl_apply_refuses_a_bad_schedule(sim):
    r = sim.run("kubectl apply -f -", stdin="""apiVersion: batch/v1
kind: CronJob
metadata:
  name: x
spec:
  schedule: "60 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: c
            image: busybox
""")
    assert r.exit_code != 0
    assert 'spec.schedule: Invalid value: "60 * * * *": end of range (60) above maximum (59): 60' in r.stderr
    assert sim.get("CronJob", "x") is None


def test_a_time_zone_folder_is_an_unknown_time_zone(sim):
    try:
        create(sim, cronjob(name="x", schedule="0 9 * * *", timeZone="Asia"))
    except ApiError as err:
        assert str(err) == 'The CronJob "x" is invalid: spec.timeZone: Invalid value: "Asia": unknown time zone Asia'
    else:
        raise AssertionError("a folder of the zone database was accepted as a time zone")


def test_time_zones_come_from_the_pinned_tzdata_package():
    import tzdata

    from kubetui.engine.controllers.cronjob import time_zone
    zone = time_zone("America/New_York")
    assert zone.key == "America/New_York"
    assert tzdata.IANA_VERSION
    from datetime import datetime, timezone
    assert datetime(2026, 7, 1, tzinfo=timezone.utc).astimezone(zone).utcoffset().total_seconds() == -4 * 3600


def test_a_starting_deadline_keeps_missed_times_few(sim):
    create(sim, cronjob(startingDeadlineSeconds=120))
    sim.run("sim stop controller-manager")
    sim.step(150 * 60)
    sim.run("sim start controller-manager")
    sim.step(1)
    assert [j["metadata"]["name"] for j in jobs(sim)] == [f"tick-{EPOCH_MINUTES + 150}"]
    assert "TooManyMissedTimes" not in reasons(sim, "CronJob")


def test_a_schedule_that_never_fires_is_an_invalid_schedule(sim):
    create(sim, cronjob(schedule="0 0 31 2 *"))
    sim.step(5)
    warning = [e for e in sim.events() if e["reason"] == "InvalidSchedule"]
    assert warning and warning[0]["message"].startswith("invalid schedule: 0 0 31 2 * : ")
    assert jobs(sim) == []


def test_forbid_then_the_next_time_runs_once_the_job_is_done(sim):
    create(sim, cronjob(command=("sh", "-c", "sleep 90"), concurrencyPolicy="Forbid"))
    sim.step(61)
    assert len(jobs(sim)) == 1
    sim.step(60)
    assert len(jobs(sim)) == 1
    assert "JobAlreadyActive" in reasons(sim, "CronJob")
    sim.step(120)
    assert len(jobs(sim)) == 2


def test_describe_cronjob_shows_the_time_zone(sim):
    create(sim, cronjob(name="seoul", schedule="0 9 * * *", timeZone="Asia/Seoul"))
    create(sim, cronjob(name="utc"))
    lines = sim.run("kubectl describe cronjob seoul").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Suspend:"))
    assert lines[at + 1].split() == ["Time", "Zone:", "Asia/Seoul"]  # after Suspend, as kubectl 1.37 prints it
    assert lines[at - 1].startswith("Concurrency Policy:")
    assert ["Time", "Zone:", "<unset>"] in [line.split() for line in sim.run("kubectl describe cronjob utc").stdout.splitlines()]
