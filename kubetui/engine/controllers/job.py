"""Job: run pods until enough of them succeed, or give up.

The seed: "helps a Pod run when a specific task must be done and then end". A Job keeps up to
`parallelism` pods running until `completions` pods have Succeeded. Failed pods (restartPolicy
Never) or container restarts (OnFailure) count towards `backoffLimit`; each failure delays the
next pod by a back-off of 10 s doubling to 6 min. `activeDeadlineSeconds` bounds the whole run.

As in Kubernetes 1.32 the controller first marks the outcome (`SuccessCriteriaMet` or
`FailureTarget`), stops the pods still running, and only when none is left terminating adds the
terminal condition (`Complete` or `Failed`). Pods carry the `batch.kubernetes.io/job-tracking`
finalizer until they are counted in `status.succeeded` / `status.failed`.
"""

from __future__ import annotations

import copy
import itertools

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.controllers.replicaset import new_pod
from kubetui.engine.store import controller_of, delete
from kubetui.model.clock import tick_of, timestamp
from kubetui.model.errors import ApiError
from kubetui.model.kinds import KINDS

TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
CONTROLLER_UID = "batch.kubernetes.io/controller-uid"
JOB_NAME = "batch.kubernetes.io/job-name"
LEGACY_CONTROLLER_UID = "controller-uid"
LEGACY_JOB_NAME = "job-name"
COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count"

BACKOFF_INITIAL = 10
BACKOFF_MAX = 360
MAX_POD_CREATE_DELETE_PER_SYNC = 500
"""The Job controller's cap on pod creations in one sync, as Kubernetes' own."""
"""Pod failure back-off: 10 s doubling, capped at six minutes."""

BACKOFF_LIMIT_MESSAGE = "Job has reached the specified backoff limit"
DEADLINE_MESSAGE = "Job was active longer than specified deadline"
COMPLETIONS_MESSAGE = "Reached expected number of succeeded pods"
MAX_FAILED_INDEXES_MESSAGE = "Job has exceeded the specified maximal number of failed indexes"
FAILED_INDEXES_MESSAGE = "Job has failed indexes"


def pod_failure_policy_match(job: dict, pod: dict) -> tuple[str, str] | None:
    """The first `podFailurePolicy` rule a failed pod matches: (action, message), as the Job
    controller words it; None when no rule matches (the failure counts as usual)."""
    policy = job["spec"].get("podFailurePolicy") or {}
    meta, status = pod["metadata"], pod.get("status") or {}
    for index, rule in enumerate(policy.get("rules") or ()):
        action = rule.get("action", "")
        on_codes = rule.get("onExitCodes")
        if on_codes is not None:
            values = set(on_codes.get("values") or ())
            wanted = on_codes.get("containerName")
            for cs in (status.get("containerStatuses") or []) + (status.get("initContainerStatuses") or []):
                term = (cs.get("state") or {}).get("terminated")
                if term is None or term.get("exitCode", 0) == 0 or (wanted and cs.get("name") != wanted):
                    continue
                code = term["exitCode"]
                if (code in values) == (on_codes.get("operator") == "In"):
                    return action, (f"Container {cs['name']} for pod {meta['namespace']}/{meta['name']} failed with "
                                    f"exit code {code} matching {action} rule at index {index}")
        for pattern in rule.get("onPodConditions") or ():
            for cond in status.get("conditions") or ():
                if cond.get("type") == pattern.get("type") and cond.get("status") == pattern.get("status", "True"):
                    return action, (f"Pod {meta['namespace']}/{meta['name']} has condition {cond['type']} "
                                    f"matching {action} rule at index {index}")
    return None


def condition(job: dict, type_: str) -> dict | None:
    """The Job's condition of `type_` when its status is True."""
    for c in (job.get("status") or {}).get("conditions") or ():
        if c.get("type") == type_ and c.get("status") == "True":
            return c
    return None


def finished(job: dict) -> str | None:
    """`Complete` or `Failed` once the Job has ended, else None."""
    for type_ in ("Complete", "Failed"):
        if condition(job, type_):
            return type_
    return None


def _phase(pod: dict) -> str | None:
    return (pod.get("status") or {}).get("phase")


def _is_failed(pod: dict) -> bool:
    """Failed, or deleted before it could succeed (podReplacementPolicy TerminatingOrFailed)."""
    return _phase(pod) == "Failed" or (bool(pod["metadata"].get("deletionTimestamp")) and _phase(pod) != "Succeeded")


def _is_ready(pod: dict) -> bool:
    return any(c["type"] == "Ready" and c["status"] == "True" for c in (pod.get("status") or {}).get("conditions", ()))


def _restarts(pod: dict) -> int:
    status = pod.get("status") or {}
    return sum(c.get("restartCount", 0) for c in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or []))


def backoff_seconds(failures: int) -> int:
    """The delay before the next pod after `failures` failures in a row."""
    if failures <= 0:
        return 0
    delay = BACKOFF_INITIAL
    for _ in range(failures - 1):
        delay = min(BACKOFF_MAX, delay * 2)
    return delay


def format_indexes(indexes: list[int]) -> str:
    """`[0, 1, 2, 5]` -> `0-2,5` (how completedIndexes reads)."""
    out: list[str] = []
    run: list[int] = []
    for i in sorted(set(indexes)):
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
        run = [i]
    if run:
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ",".join(out)


def parse_indexes(text: str | None) -> set[int]:
    out: set[int] = set()
    for part in (text or "").split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def _index_of(pod: dict) -> int | None:
    value = (pod["metadata"].get("annotations") or {}).get(COMPLETION_INDEX)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class JobController(Controller):
    name = "job-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.backoff: dict[str, tuple[int, int]] = {}
        """Job uid -> (failures since the last success, tick of the last failure)."""
        self.removed: dict[str, dict[str, str]] = {}
        """Job uid -> {pod uid: phase} for pods that left the store before they were counted."""
        self.orphans: dict[Key, str] = {}
        """Finished or terminating pods whose Job is gone or going: no Job will count them, so
        their tracking finalizer must not hold them (pod key -> uid)."""
        self.index_backoff: dict[str, dict[int, tuple[int, int]]] = {}
        """Job uid -> index -> (failures of that index, tick of its last failure), for
        `backoffLimitPerIndex`."""
        self.store.watch("Job", self._on_job)
        self.store.watch("Pod", self._on_pod, owners=("Job",))
        self.store.admission.append(("Job", self._generate_selector))

    def resync(self) -> None:
        for obj in self.store.iter("Job"):
            self.enqueue_obj(obj)

    # -- the API server's part: a selector generated from the Job's uid ----------------------------
    def _generate_selector(self, op: str, obj: dict, old: dict | None) -> dict:
        """Label the template with the Job's uid and select on it (unless `manualSelector`).

        The API server does this once the uid is known (the store fills it before admission).
        """
        spec = obj.get("spec") or {}
        if op != "CREATE" or spec.get("manualSelector"):
            return obj
        uid = obj["metadata"]["uid"]
        name = obj["metadata"]["name"]
        template = spec.setdefault("template", {})
        tmeta = template.setdefault("metadata", {})
        labels = dict(tmeta.get("labels") or {})
        for key, value in ((CONTROLLER_UID, uid), (JOB_NAME, name), (LEGACY_CONTROLLER_UID, uid), (LEGACY_JOB_NAME, name)):
            labels.setdefault(key, value)
        tmeta["labels"] = labels
        selector = spec.get("selector")
        if selector is None:
            spec["selector"] = {"matchLabels": {CONTROLLER_UID: uid}}
        elif (selector.get("matchLabels") or {}).get(CONTROLLER_UID) != uid:
            from kubetui.model.validation import FieldInvalid, go_selector

            raise FieldInvalid(KINDS["Job"], name, [
                ("spec.selector", f"Invalid value: {go_selector(selector)}: `selector` not auto-generated")])
        if not obj["metadata"].get("labels"):
            obj["metadata"]["labels"] = dict(labels)
        return obj

    # -- the change feed ---------------------------------------------------------------------------
    def _on_job(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            self.backoff.pop(old["metadata"]["uid"], None)
            self.removed.pop(old["metadata"]["uid"], None)
            self.index_backoff.pop(old["metadata"]["uid"], None)
            return
        self.enqueue_obj(new)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        pod = new or old
        assert pod is not None
        ref = controller_of(pod)
        if ref is None or ref.get("kind") != "Job":
            return
        if new is None and old is not None and TRACKING_FINALIZER in (old["metadata"].get("finalizers") or ()):
            self.removed.setdefault(ref["uid"], {})[old["metadata"]["uid"]] = \
                "Succeeded" if _phase(old) == "Succeeded" else "Failed"
        if new is not None and TRACKING_FINALIZER in (new["metadata"].get("finalizers") or ()) \
                and (new["metadata"].get("deletionTimestamp") or _phase(new) in ("Succeeded", "Failed")):
            job = self.store.by_uid_get(ref["uid"])
            if job is None or job["metadata"].get("deletionTimestamp"):
                self.orphans[(new["metadata"]["namespace"], new["metadata"]["name"])] = new["metadata"]["uid"]
                return
        self.enqueue((pod["metadata"]["namespace"], ref["name"]))

    def process(self) -> int:
        done = 0
        if self.orphans:
            orphans, self.orphans = self.orphans, {}
            for (ns, name), uid in orphans.items():
                pod = self.store.get("Pod", ns, name)
                if pod is not None and pod["metadata"]["uid"] == uid \
                        and TRACKING_FINALIZER in (pod["metadata"].get("finalizers") or ()):
                    self._untrack(pod)
            done = len(orphans)
        return done + super().process()

    # -- reconcile ---------------------------------------------------------------------------------
    def reconcile(self, key: Key) -> None:
        job = self.store.get("Job", *key)
        if job is None or job["metadata"].get("deletionTimestamp"):
            return
        spec, uid, now = job["spec"], job["metadata"]["uid"], self.sim.tick
        status = copy.deepcopy(job.get("status") or {})
        pods = [p for p in self.store.owned(uid, "Pod") if (controller_of(p) or {}).get("uid") == uid]
        indexed = spec.get("completionMode") == "Indexed"
        completed_indexes = parse_indexes(status.get("completedIndexes")) if indexed else set()

        per_index = spec.get("backoffLimitPerIndex") if indexed else None
        failed_indexes = parse_indexes(status.get("failedIndexes")) if per_index is not None else set()
        policy_failure: tuple[str, str, str] | None = None
        succeeded, failed = status.get("succeeded", 0), status.get("failed", 0)
        # Once the Job is failing, every pod that was still running counts as failed, whatever it
        # exits with when it is stopped (as the Job controller counts them).
        failing = (self._outcome(list(status.get("conditions") or [])) or ("",))[0] == "FailureTarget"
        for pod in sorted(pods, key=lambda p: p["metadata"]["name"]):
            if TRACKING_FINALIZER not in (pod["metadata"].get("finalizers") or ()):
                continue
            index = _index_of(pod)
            if _phase(pod) == "Succeeded" and not failing:
                succeeded += 1
                self.backoff.pop(uid, None)
                if index is not None:
                    completed_indexes.add(index)
            elif _is_failed(pod) or _phase(pod) == "Succeeded":
                matched = pod_failure_policy_match(job, pod) if _is_failed(pod) else None
                action = matched[0] if matched else "Count"
                if action == "Ignore":
                    self._untrack(pod)
                    continue
                failed += 1
                if action == "FailJob" and policy_failure is None:
                    assert matched is not None
                    policy_failure = ("FailureTarget", "PodFailurePolicy", matched[1])
                if per_index is not None and index is not None:
                    counts = self.index_backoff.setdefault(uid, {})
                    count = counts.get(index, (0, now))[0] + 1
                    counts[index] = (count, now)
                    if action == "FailIndex" or count > per_index:
                        failed_indexes.add(index)
                else:
                    count, _ = self.backoff.get(uid, (0, now))
                    self.backoff[uid] = (count + 1, now)
            else:
                continue
            self._untrack(pod)
        for phase in self.removed.pop(uid, {}).values():
            if phase == "Succeeded" and not failing:
                succeeded += 1
            else:
                failed += 1
                count, _ = self.backoff.get(uid, (0, now))
                self.backoff[uid] = (count + 1, now)
        if indexed:
            succeeded = len(completed_indexes)
        pods = [self.store.get("Pod", p["metadata"]["namespace"], p["metadata"]["name"]) or p for p in pods]
        active = [p for p in pods if _phase(p) not in ("Succeeded", "Failed") and not p["metadata"].get("deletionTimestamp")]
        conditions = list(status.get("conditions") or [])
        suspended = bool(spec.get("suspend"))

        if finished(job) is None and not suspended and status.get("startTime") is None:
            status["startTime"] = timestamp(now)
        outcome = self._outcome(conditions)
        if outcome is None and finished(job) is None:
            completions = spec.get("completions")
            max_failed = spec.get("maxFailedIndexes")
            if policy_failure is not None:
                outcome = policy_failure
            elif max_failed is not None and len(failed_indexes) > max_failed:
                outcome = ("FailureTarget", "MaxFailedIndexesExceeded", MAX_FAILED_INDEXES_MESSAGE)
            elif failed_indexes and completions is not None and len(completed_indexes | failed_indexes) >= completions:
                outcome = ("FailureTarget", "FailedIndexes", FAILED_INDEXES_MESSAGE)
            elif failed > spec.get("backoffLimit", 6) or self._past_backoff_limit_on_failure(job, active):
                outcome = ("FailureTarget", "BackoffLimitExceeded", BACKOFF_LIMIT_MESSAGE)
            elif self._past_deadline(job, status, now):
                outcome = ("FailureTarget", "DeadlineExceeded", DEADLINE_MESSAGE)
            elif (completions is not None and succeeded >= completions) or \
                    (completions is None and succeeded > 0 and not active):
                outcome = ("SuccessCriteriaMet", "CompletionsReached", COMPLETIONS_MESSAGE)
            if outcome is not None:
                conditions.append(self._condition(*outcome, now))

        if finished(job) is None:
            if outcome is not None:
                self._delete_pods(job, active)
                active = []
            elif suspended:
                self._delete_pods(job, active)
                active = []
                conditions = self._set_suspended(job, conditions, True, now)
            else:
                if any(c["type"] == "Suspended" and c["status"] == "True" for c in conditions):
                    conditions = self._set_suspended(job, conditions, False, now)
                    status["startTime"] = timestamp(now)
                done = completed_indexes | failed_indexes if indexed else None
                active = self._manage(job, active, succeeded + len(failed_indexes), done, now)
                deadline = spec.get("activeDeadlineSeconds")
                if deadline is not None and status.get("startTime"):
                    self.enqueue_after(key, tick_of(status["startTime"]) + deadline - now)

        refreshed = [self.store.get("Pod", p["metadata"]["namespace"], p["metadata"]["name"]) for p in pods]
        terminating = sum(1 for p in refreshed if p is not None and p["metadata"].get("deletionTimestamp")
                          and _phase(p) not in ("Succeeded", "Failed"))
        if outcome is not None and finished(job) is None and terminating == 0:
            terminal = "Failed" if outcome[0] == "FailureTarget" else "Complete"
            conditions.append(self._condition(terminal, outcome[1], outcome[2], now))
            if terminal == "Complete":
                status["completionTime"] = timestamp(now)
                self.event(job, "Normal", "Completed", "Job completed")
            else:
                self.event(job, "Warning", outcome[1], outcome[2])
            self.backoff.pop(uid, None)

        new_status: dict = {}
        if conditions:
            new_status["conditions"] = conditions
        for field in ("startTime", "completionTime"):
            if status.get(field):
                new_status[field] = status[field]
        if active:
            new_status["active"] = len(active)
        if succeeded:
            new_status["succeeded"] = succeeded
        if failed:
            new_status["failed"] = failed
        new_status["terminating"] = terminating
        if indexed and completed_indexes:
            new_status["completedIndexes"] = format_indexes(sorted(completed_indexes))
        if per_index is not None:
            new_status["failedIndexes"] = format_indexes(sorted(failed_indexes))
        new_status["uncountedTerminatedPods"] = {}
        new_status["ready"] = sum(1 for p in active if _is_ready(p))
        job = self.store.get("Job", *key)
        assert job is not None
        self.store.update_status({**job, "status": new_status})

    @staticmethod
    def _outcome(conditions: list[dict]) -> tuple[str, str, str] | None:
        for c in conditions:
            if c["type"] in ("FailureTarget", "SuccessCriteriaMet") and c["status"] == "True":
                return c["type"], c.get("reason", ""), c.get("message", "")
        return None

    @staticmethod
    def _condition(type_: str, reason: str, message: str, now: int) -> dict:
        ts = timestamp(now)
        return {"type": type_, "status": "True", "lastProbeTime": ts, "lastTransitionTime": ts,
                "reason": reason, "message": message}

    def _set_suspended(self, job: dict, conditions: list[dict], suspended: bool, now: int) -> list[dict]:
        old = next((c for c in conditions if c["type"] == "Suspended"), None)
        want = "True" if suspended else "False"
        if (old is None and not suspended) or (old is not None and old["status"] == want):
            return conditions
        reason, message = ("JobSuspended", "Job suspended") if suspended else ("JobResumed", "Job resumed")
        cond = {**self._condition("Suspended", reason, message, now), "status": want}
        self.event(job, "Normal", "Suspended" if suspended else "Resumed", message)
        return [c for c in conditions if c["type"] != "Suspended"] + [cond]

    @staticmethod
    def _past_backoff_limit_on_failure(job: dict, active: list[dict]) -> bool:
        """With restartPolicy OnFailure, container restarts count towards backoffLimit."""
        template = job["spec"].get("template") or {}
        if (template.get("spec") or {}).get("restartPolicy") != "OnFailure":
            return False
        restarts = sum(_restarts(p) for p in active if _phase(p) in ("Running", "Pending"))
        limit = job["spec"].get("backoffLimit", 6)
        return restarts > 0 if limit == 0 else restarts >= limit

    @staticmethod
    def _past_deadline(job: dict, status: dict, now: int) -> bool:
        deadline = job["spec"].get("activeDeadlineSeconds")
        start = tick_of(status.get("startTime"))
        return deadline is not None and start is not None and now - start >= deadline

    def _untrack(self, pod: dict) -> None:
        finalizers = [f for f in pod["metadata"].get("finalizers") or () if f != TRACKING_FINALIZER]
        meta = {**pod["metadata"], "finalizers": finalizers}
        if not finalizers:
            del meta["finalizers"]
        self.store.update({**pod, "metadata": meta}, admit=False)

    def _delete_pods(self, job: dict, pods: list[dict]) -> None:
        for pod in pods:
            delete(self.store, "Pod", pod["metadata"]["namespace"], pod["metadata"]["name"])
            self.event(job, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}")

    def _manage(self, job: dict, active: list[dict], succeeded: int, done: set[int] | None, now: int) -> list[dict]:
        """Create or delete pods so that the right number runs; returns the active pods."""
        spec = job["spec"]
        parallelism = spec.get("parallelism", 1)
        completions = spec.get("completions")
        if completions is None:
            want = 0 if succeeded > 0 else parallelism
        else:
            want = max(0, min(parallelism, completions - succeeded))
        if len(active) > want:
            extra = sorted(active, key=lambda p: (p["spec"].get("nodeName") is not None, _phase(p) == "Running",
                                                  p["metadata"]["creationTimestamp"], p["metadata"]["name"]))
            extra = extra[:len(active) - want]
            self._delete_pods(job, extra)
            return [p for p in active if p not in extra]
        if len(active) == want:
            return active
        key = (job["metadata"]["namespace"], job["metadata"]["name"])
        per_index = spec.get("backoffLimitPerIndex") if done is not None else None
        failures, last = self.backoff.get(job["metadata"]["uid"], (0, now))
        wait = backoff_seconds(failures) - (now - last)
        if per_index is None and failures and wait > 0:
            self.enqueue_after(key, wait)
            return active
        need = min(want - len(active), MAX_POD_CREATE_DELETE_PER_SYNC)
        if need < want - len(active):
            self.enqueue_after(key, 1)
        indexes: list[int | None]
        if done is not None:
            running = {_index_of(p) for p in active}
            counts = self.index_backoff.get(job["metadata"]["uid"], {}) if per_index is not None else {}
            waits = {i: backoff_seconds(n) - (now - t) for i, (n, t) in counts.items()}
            if any(w > 0 for w in waits.values()):
                self.enqueue_after(key, min(w for w in waits.values() if w > 0))
            indexes = list(itertools.islice((i for i in range(completions) if i not in done and i not in running
                                             and waits.get(i, 0) <= 0), need))
        else:
            indexes = [None] * need
        created = list(active)
        for index in indexes:
            pod = self._pod(job, index)
            try:
                pod = self.store.create(pod)
            except ApiError as err:
                self.event(job, "Warning", "FailedCreate", f"Error creating: {err.message}")
                self.enqueue_after((job["metadata"]["namespace"], job["metadata"]["name"]), 10)
                break
            self.event(job, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")
            created.append(pod)
        return created

    def _pod(self, job: dict, index: int | None) -> dict:
        template = job["spec"].get("template") or {}
        pod = new_pod(self.sim, job, template)
        meta = pod["metadata"]
        meta["finalizers"] = [TRACKING_FINALIZER]
        if index is not None:
            prefix = f"{job['metadata']['name']}-{index}-"
            meta["generateName"] = prefix
            meta["name"] = prefix + meta["name"].rsplit("-", 1)[1]
            meta["annotations"] = {**(meta.get("annotations") or {}), COMPLETION_INDEX: str(index)}
            if job["spec"].get("backoffLimitPerIndex") is not None:
                count = self.index_backoff.get(job["metadata"]["uid"], {}).get(index, (0, 0))[0]
                meta["annotations"][INDEX_FAILURE_COUNT] = str(count)
            meta["labels"] = {**(meta.get("labels") or {}), COMPLETION_INDEX: str(index)}
            pod["spec"].setdefault("hostname", f"{job['metadata']['name']}-{index}")
            for c in list(pod["spec"].get("containers") or []) + list(pod["spec"].get("initContainers") or []):
                env = [e for e in c.get("env") or () if e.get("name") != "JOB_COMPLETION_INDEX"]
                env.insert(0, {"name": "JOB_COMPLETION_INDEX", "valueFrom": {"fieldRef": {
                    "apiVersion": "v1", "fieldPath": f"metadata.annotations['{COMPLETION_INDEX}']"}}})
                c["env"] = env
        return pod
