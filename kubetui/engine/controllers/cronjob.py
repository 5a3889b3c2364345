"""CronJob: create a Job at every time of a cron schedule.

The seed: "for when Jobs that do a specific task must run periodically". Jobs are named
`<cronjob>-<scheduled time in Unix minutes>`, so one scheduled time never gives two Jobs.
concurrencyPolicy decides what happens while an earlier Job still runs (Allow a second one,
Forbid it, Replace the old one); startingDeadlineSeconds drops runs that would start too late;
finished Jobs beyond the history limits are deleted. The controller sleeps on a timer until the
next scheduled time instead of looking at every CronJob every tick.
"""

from __future__ import annotations

import copy
import functools
import importlib.resources
import json
import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterBadDateError, croniter

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.controllers.job import finished
from kubetui.engine.store import controller_of, controller_ref, delete
from kubetui.model.clock import EPOCH, datetime_of, tick_of, timestamp
from kubetui.model.errors import ApiError
from kubetui.model.kinds import KINDS

SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp"
MAX_MISSED = 100
"""More missed start times than this since the last run is worth a warning (clock skew)."""

_DESCRIPTORS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
                "@hourly": "0 * * * *"}
_FIELDS: tuple[tuple[int, int, dict[str, int]], ...] = ((0, 59, {}), (0, 23, {}), (1, 31, {}),
           (1, 12, {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul",
                                                    "aug", "sep", "oct", "nov", "dec"))}),
           (0, 6, {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}))
_GO_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(h|m|s|ms))+$")


@functools.lru_cache(maxsize=64)
def time_zone(name: str) -> tzinfo:
    """An IANA time zone from the pinned `tzdata` package rather than the machine's own
    database, so that a schedule in a zone whose rules changed lately fires at the same tick on
    every machine (the system's copy is the fallback)."""
    try:
        path = importlib.resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
        with path.open("rb") as f:
            return ZoneInfo.from_file(f, key=name)
    except (ModuleNotFoundError, OSError, ValueError):
        pass
    try:
        return ZoneInfo(name)
    except (OSError, ValueError):
        raise ZoneInfoNotFoundError(f"No time zone found with key {name}") from None


class ScheduleError(ValueError):
    """A schedule the cron parser Kubernetes uses refuses, worded as that parser words it."""


def _parse_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ScheduleError(f'failed to parse int from {text}: strconv.Atoi: parsing "{text}": invalid syntax') from None
    if value < 0:
        raise ScheduleError(f"negative number ({value}) not allowed: {text}")
    return value


def _check_range(expr: str, low: int, high: int, names: dict[str, int]) -> None:
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    single = len(low_and_high) == 1
    if low_and_high[0] in ("*", "?"):
        start, end = low, high
    else:
        start = names[low_and_high[0].lower()] if low_and_high[0].lower() in names else _parse_int(low_and_high[0])
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = names[low_and_high[1].lower()] if low_and_high[1].lower() in names else _parse_int(low_and_high[1])
        else:
            raise ScheduleError(f"too many hyphens: {expr}")
    step = 1
    if len(range_and_step) == 2:
        step = _parse_int(range_and_step[1])
        if single:
            end = high
    elif len(range_and_step) > 2:
        raise ScheduleError(f"too many slashes: {expr}")
    if start < low:
        raise ScheduleError(f"beginning of range ({start}) below minimum ({low}): {expr}")
    if end > high:
        raise ScheduleError(f"end of range ({end}) above maximum ({high}): {expr}")
    if start > end:
        raise ScheduleError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise ScheduleError(f"step of range should be a positive number: {expr}")


def _every_seconds(text: str) -> int:
    if not _GO_DURATION.match(text):
        raise ScheduleError(f"failed to parse duration {text}: time: invalid duration \"{text}\"")
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)(h|m|s|ms)", text):
        total += float(number) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001}[unit]
    return max(1, int(total))


class Schedule:
    """A parsed schedule: `next(after)` gives the first scheduled time strictly after `after`."""

    def __init__(self, text: str, zone: str | None = None):
        self.text = text.strip()
        self.zone = time_zone(zone) if zone else timezone.utc
        self.every: int | None = None
        if not self.text:
            raise ScheduleError("empty spec string")
        if self.text.startswith("@"):
            if self.text.startswith("@every "):
                self.every = _every_seconds(self.text[len("@every "):].strip())
                self.expr = ""
                return
            if self.text not in _DESCRIPTORS:
                raise ScheduleError(f"unrecognized descriptor: {self.text}")
            self.expr = _DESCRIPTORS[self.text]
            return
        fields = self.text.split()
        if len(fields) != 5:
            raise ScheduleError(f"expected exactly 5 fields, found {len(fields)}: {self.text}")
        for field, (low, high, names) in zip(fields, _FIELDS):
            for part in field.split(","):
                _check_range(part, low, high, names)
        self.expr = " ".join(f.replace("?", "*") for f in fields)

    def next(self, after: datetime) -> datetime:
        if self.every is not None:
            return after.replace(microsecond=0) + timedelta(seconds=self.every)
        return croniter(self.expr, after.astimezone(self.zone)).get_next(datetime).astimezone(timezone.utc)


def _unix_minutes(when: datetime) -> int:
    return int(when.timestamp()) // 60


def _dt(tick: int) -> datetime:
    return datetime_of(tick)


def _tick(when: datetime) -> int:
    return int((when - EPOCH).total_seconds())


def most_recent_schedule(schedule: Schedule, earliest: datetime, now: datetime) -> tuple[datetime | None, int]:
    """The latest scheduled time in (earliest, now], and the controller's estimate of the start
    times missed since `earliest` (the gap between the first two times, fitted into the time
    elapsed), computed as Kubernetes' `mostRecentScheduleTime` does."""
    t1 = schedule.next(earliest)
    t2 = schedule.next(t1)
    if now < t1:
        return None, 0
    if now < t2:
        return t1, 0
    between = round((t2 - t1).total_seconds())
    if between < 1:
        raise ScheduleError("time difference between two schedules is less than 1 second")
    missed = int((now - t1).total_seconds()) // between + 1
    recent = None
    t = schedule.next(t1 + timedelta(seconds=(missed - 2) * between))
    while t <= now:
        recent, t = t, schedule.next(t)
    return recent, missed


class CronJobController(Controller):
    name = "cronjob-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.armed: dict[Key, int] = {}
        """CronJob -> the tick its wake-up timer is set for (one timer per CronJob)."""
        self.store.watch("CronJob", self._on_cronjob)
        self.store.watch("Job", self._on_job)
        self.store.admission.append(("CronJob", self._validate_schedule))

    def resync(self) -> None:
        for obj in self.store.iter("CronJob"):
            self.enqueue_obj(obj)

    # -- the API server's part: the schedule and time zone must parse ------------------------------
    def _validate_schedule(self, op: str, obj: dict, old: dict | None) -> dict:
        spec = obj.get("spec") or {}
        causes = []
        zone = spec.get("timeZone")
        if zone is not None:
            problem = _zone_problem(zone)
            if problem:
                causes.append(("spec.timeZone", f"Invalid value: {json.dumps(zone)}: {problem}"))
        schedule = spec.get("schedule")
        if schedule and "TZ" not in schedule:
            try:
                Schedule(schedule)
            except ScheduleError as err:
                if not str(err).startswith("expected exactly 5 fields"):
                    causes.insert(0, ("spec.schedule", f"Invalid value: {json.dumps(schedule)}: {err}"))
        if causes:
            from kubetui.model.validation import FieldInvalid

            raise FieldInvalid(KINDS["CronJob"], obj["metadata"].get("name", ""), causes)
        return obj

    # -- the change feed ---------------------------------------------------------------------------
    def _on_cronjob(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            self.armed.pop((old["metadata"]["namespace"], old["metadata"]["name"]), None)
            return
        self.enqueue_obj(new)

    def _on_job(self, event: str, old: dict | None, new: dict | None) -> None:
        job = new or old
        assert job is not None
        ref = controller_of(job)
        if ref is None or ref.get("kind") != "CronJob":
            return
        if new is not None and old is not None and finished(new) == finished(old):
            return
        self.enqueue((job["metadata"]["namespace"], ref["name"]))

    def _arm(self, key: Key, at: datetime) -> None:
        tick = max(_tick(at), self.sim.tick + 1)
        if self.armed.get(key) == tick:
            return
        self.armed[key] = tick
        self.sim.at(tick, self._wake, key, tick)

    def _wake(self, key: Key, tick: int) -> None:
        if self.armed.get(key) == tick:
            del self.armed[key]
            self.enqueue(key)

    # -- reconcile ---------------------------------------------------------------------------------
    def reconcile(self, key: Key) -> None:
        cj = self.store.get("CronJob", *key)
        if cj is None:
            return
        uid = cj["metadata"]["uid"]
        jobs = sorted((j for j in self.store.owned(uid, "Job") if (controller_of(j) or {}).get("uid") == uid),
                      key=lambda j: j["metadata"]["name"])
        status = copy.deepcopy(cj.get("status") or {})
        active = list(status.get("active") or [])
        active_uids = {ref.get("uid") for ref in active}
        for job in jobs:
            state = finished(job)
            found = job["metadata"]["uid"] in active_uids
            if not found and state is None:
                self.event(cj, "Warning", "UnexpectedJob",
                           f"Saw a job that the controller did not create or forgot: {job['metadata']['name']}")
            elif state is not None:
                if found:
                    active = [r for r in active if r.get("uid") != job["metadata"]["uid"]]
                    self.event(cj, "Normal", "SawCompletedJob",
                               f"Saw completed job: {job['metadata']['name']}, condition: {state}")
                done = (job.get("status") or {}).get("completionTime")
                if state == "Complete" and done and (status.get("lastSuccessfulTime") is None
                                                     or (tick_of(done) or 0) > (tick_of(status["lastSuccessfulTime"]) or 0)):
                    status["lastSuccessfulTime"] = done
        present = {j["metadata"]["uid"] for j in jobs}
        for ref in list(active):
            if ref.get("uid") not in present:
                self.event(cj, "Normal", "MissingJob", f"Active job went missing: {ref.get('name')}")
                active = [r for r in active if r.get("uid") != ref.get("uid")]
        if not cj["metadata"].get("deletionTimestamp") and not cj["spec"].get("suspend"):
            active, jobs = self._schedule(key, cj, status, active, jobs)
        self._cleanup(cj, jobs)
        status["active"] = active
        out = {k: status[k] for k in ("active", "lastScheduleTime", "lastSuccessfulTime") if status.get(k)}
        cj = self.store.get("CronJob", *key)
        if cj is not None and out != (cj.get("status") or {}):
            self.store.update_status({**cj, "status": out})

    def _schedule(self, key: Key, cj: dict, status: dict, active: list[dict],
                  jobs: list[dict]) -> tuple[list[dict], list[dict]]:
        """Start the Job of the latest unmet scheduled time, if policy allows; arm the next wake-up."""
        spec = cj["spec"]
        try:
            schedule = Schedule(spec.get("schedule", ""), spec.get("timeZone"))
        except ZoneInfoNotFoundError:
            zone = spec.get("timeZone")
            self.event(cj, "Warning", "UnknownTimeZone", f'invalid timeZone: "{zone}": unknown time zone {zone}')
            return active, jobs
        except (ScheduleError, ValueError) as err:
            self.event(cj, "Warning", "UnparseableSchedule", f'unparseable schedule: "{spec.get("schedule")}" : {err}')
            return active, jobs
        now = _dt(self.sim.tick)
        earliest = _dt(tick_of(status.get("lastScheduleTime") or cj["metadata"]["creationTimestamp"]) or 0)
        deadline = spec.get("startingDeadlineSeconds")
        if deadline is not None and deadline < (now - earliest).total_seconds():
            earliest = now - timedelta(seconds=deadline)
        try:
            scheduled, missed = most_recent_schedule(schedule, earliest, now)
            self._arm(key, schedule.next(now))
        except (ScheduleError, CroniterBadDateError) as err:
            problem = err if isinstance(err, ScheduleError) else "time difference between two schedules is less than 1 second"
            self.event(cj, "Warning", "InvalidSchedule", f"invalid schedule: {spec.get('schedule')} : {problem}")
            return active, jobs
        if scheduled is None:
            return active, jobs
        if missed > MAX_MISSED:
            self.event(cj, "Warning", "TooManyMissedTimes",
                       "too many missed start times. Set or decrease .spec.startingDeadlineSeconds "
                       "or check clock skew")
        if deadline is not None and (now - scheduled).total_seconds() > deadline:
            self.event(cj, "Warning", "MissSchedule",
                       f"Missed scheduled time to start a job: {scheduled.strftime('%a, %d %b %Y %H:%M:%S +0000')}")
            return active, jobs
        name = f"{cj['metadata']['name']}-{_unix_minutes(scheduled)}"
        if any(r.get("name") == name for r in active) or status.get("lastScheduleTime") == _ts(scheduled):
            return active, jobs
        policy = spec.get("concurrencyPolicy", "Allow")
        if policy == "Forbid" and active:
            self.event(cj, "Normal", "JobAlreadyActive",
                       "Not starting job because prior execution is running and concurrency policy is Forbid")
            return active, jobs
        if policy == "Replace":
            for ref in active:
                try:
                    delete(self.store, "Job", ref.get("namespace"), ref["name"])
                except ApiError:
                    continue
                self.event(cj, "Normal", "SuccessfulDelete", f"Deleted job {ref['name']}")
            gone = {r.get("uid") for r in active}
            jobs = [j for j in jobs if j["metadata"]["uid"] not in gone]
            active = []
        job: dict | None
        try:
            job = self.store.create(self._job(cj, name, scheduled, schedule))
        except ApiError as err:
            if err.reason != "AlreadyExists":
                self.event(cj, "Warning", "FailedCreate", f"Error creating job: {err.message}")
                self.enqueue_after(key, 10)
                return active, jobs
            job = self.store.get("Job", cj["metadata"]["namespace"], name)
            if job is None or (controller_of(job) or {}).get("uid") != cj["metadata"]["uid"] \
                    or any(r.get("uid") == job["metadata"]["uid"] for r in active):
                return active, jobs
        else:
            self.event(cj, "Normal", "SuccessfulCreate", f"Created job {name}")
        active = active + [{"apiVersion": "batch/v1", "kind": "Job", "name": name,
                            "namespace": job["metadata"]["namespace"],
                            "resourceVersion": job["metadata"]["resourceVersion"], "uid": job["metadata"]["uid"]}]
        status["lastScheduleTime"] = _ts(scheduled)
        return active, jobs + [job]

    def _job(self, cj: dict, name: str, scheduled: datetime, schedule: Schedule) -> dict:
        template = copy.deepcopy(cj["spec"].get("jobTemplate") or {})
        tmeta = template.get("metadata") or {}
        annotations = dict(tmeta.get("annotations") or {})
        annotations[SCHEDULED_TIMESTAMP] = _rfc3339(scheduled.astimezone(schedule.zone))
        meta = {"name": name, "namespace": cj["metadata"]["namespace"], "annotations": annotations,
                "ownerReferences": [controller_ref(cj)]}
        if tmeta.get("labels"):
            meta["labels"] = dict(tmeta["labels"])
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": template.get("spec") or {}}

    def _cleanup(self, cj: dict, jobs: list[dict]) -> None:
        """Delete the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit."""
        spec = cj["spec"]
        for state, field in (("Complete", "successfulJobsHistoryLimit"), ("Failed", "failedJobsHistoryLimit")):
            limit = spec.get(field)
            if limit is None:
                continue
            done = [j for j in jobs if finished(self.store.get("Job", j["metadata"]["namespace"], j["metadata"]["name"]) or j) == state
                    and self.store.get("Job", j["metadata"]["namespace"], j["metadata"]["name"]) is not None]
            done.sort(key=lambda j: (tick_of((j.get("status") or {}).get("startTime")) is None,
                                     tick_of((j.get("status") or {}).get("startTime")) or 0, j["metadata"]["name"]))
            for job in done[:max(0, len(done) - limit)]:
                delete(self.store, "Job", job["metadata"]["namespace"], job["metadata"]["name"])
                self.event(cj, "Normal", "SuccessfulDelete", f"Deleted job {job['metadata']['name']}")


def _ts(when: datetime) -> str:
    return timestamp(_tick(when))


def _rfc3339(when: datetime) -> str:
    text = when.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


_ZONE_PART = re.compile(r"^[A-Za-z\.\-_0-9+]{1,14}$")


def _zone_problem(zone: str) -> str | None:
    """Why the API server refuses a timeZone, or None."""
    if not zone:
        return "timeZone must be nil or non-empty string"
    for part in zone.split("/"):
        if part in (".", "..") or part.startswith("-") or not _ZONE_PART.match(part):
            return f"unknown time zone {zone}"
    if zone.lower() == "local":
        return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
    try:
        time_zone(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {zone}"
    return None
