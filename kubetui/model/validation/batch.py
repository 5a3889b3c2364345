"""Validation of batch/v1: Job, CronJob."""

from __future__ import annotations

from .core import pod_template
from .field import Errors, spec_non_negative
from .meta import dns1123_label, template_selected, validate_label_selector

MAX_PARALLELISM_FOR_INDEXED_JOB = 100_000
"""Caps the length of status.completedIndexes, as Kubernetes does."""
MAX_FAILED_INDEXES_FOR_INDEXED_JOB = 100_000
COMPLETIONS_SOFT_LIMIT = 100_000
PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000
MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS = 10_000


def _indexed_limits(errs: Errors, path: str, spec: dict) -> None:
    """The Indexed completion mode's own maximums (they bound the index bookkeeping)."""
    mode = spec.get("completionMode")
    parallelism, completions = spec.get("parallelism"), spec.get("completions")
    per_index, max_failed = spec.get("backoffLimitPerIndex"), spec.get("maxFailedIndexes")
    if mode == "Indexed":
        if parallelism is not None and parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB:
            errs.invalid(f"{path}.parallelism", parallelism, f"must be less than or equal to "
                         f"{MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed")
        if completions is not None and max_failed is not None and max_failed > completions:
            errs.invalid(f"{path}.maxFailedIndexes", max_failed, "must be less than or equal to completions")
        if max_failed is not None and max_failed > MAX_FAILED_INDEXES_FOR_INDEXED_JOB:
            errs.invalid(f"{path}.maxFailedIndexes", max_failed,
                         f"must be less than or equal to {MAX_FAILED_INDEXES_FOR_INDEXED_JOB}")
        if completions is not None and completions > COMPLETIONS_SOFT_LIMIT and per_index is not None:
            tail = f"when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"
            if max_failed is None:
                errs.required(f"{path}.maxFailedIndexes",
                              f"must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}")
            if parallelism is not None and parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS:
                errs.invalid(f"{path}.parallelism", parallelism,
                             f"must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} {tail}")
            if max_failed is not None and max_failed > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS:
                errs.invalid(f"{path}.maxFailedIndexes", max_failed,
                             f"must be less than or equal to {MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} {tail}")
    elif mode in (None, "NonIndexed"):
        if per_index is not None:
            errs.invalid(f"{path}.backoffLimitPerIndex", per_index, "requires indexed completion mode")
        if max_failed is not None:
            errs.invalid(f"{path}.maxFailedIndexes", max_failed, "requires indexed completion mode")


MAX_POD_FAILURE_POLICY_RULES = 20
MAX_EXIT_CODE_VALUES = 255
_ACTIONS = ("Count", "FailIndex", "FailJob", "Ignore")


def _pod_failure_policy(errs: Errors, path: str, spec: dict) -> None:
    """validatePodFailurePolicy: each rule names an action and exactly one of onExitCodes /
    onPodConditions; exit codes are sorted, unique, and never 0 for `In`."""
    rules = (spec.get("podFailurePolicy") or {}).get("rules") or []
    template = (spec.get("template") or {}).get("spec") or {}
    names = {c.get("name") for c in (template.get("containers") or []) + (template.get("initContainers") or [])}
    if len(rules) > MAX_POD_FAILURE_POLICY_RULES:
        errs.items.append((f"{path}.rules", f"Too many: {len(rules)}: must have at most "
                                             f"{MAX_POD_FAILURE_POLICY_RULES} items"))
    for i, rule in enumerate(rules):
        rp = f"{path}.rules[{i}]"
        action = rule.get("action")
        if action == "FailIndex" and spec.get("backoffLimitPerIndex") is None:
            errs.invalid(f"{rp}.action", action, "requires the backoffLimitPerIndex to be set")
        if action not in _ACTIONS:
            errs.unsupported(f"{rp}.action", action or "", _ACTIONS)
        codes = rule.get("onExitCodes")
        if codes is not None:
            cp = f"{rp}.onExitCodes"
            if codes.get("operator") not in ("In", "NotIn"):
                errs.unsupported(f"{cp}.operator", codes.get("operator") or "", ("In", "NotIn"))
            if codes.get("containerName") is not None and codes["containerName"] not in names:
                errs.invalid(f"{cp}.containerName", codes["containerName"],
                             "must be one of the container or initContainer names in the pod template")
            values = codes.get("values") or []
            shown = "[]int32{" + ", ".join(str(v) for v in values) + "}"
            if not values:
                errs.invalid(f"{cp}.values", None, "at least one value is required", raw="[]int32(nil)")
            elif len(values) > MAX_EXIT_CODE_VALUES:
                errs.items.append((f"{cp}.values", f"Too many: {len(values)}: must have at most "
                                                   f"{MAX_EXIT_CODE_VALUES} items"))
            seen: set[int] = set()
            for j, value in enumerate(values):
                if codes.get("operator") == "In" and value == 0:
                    errs.invalid(f"{cp}.values[{j}]", value, "must not be 0 for the In operator")
                if value in seen:
                    errs.duplicate(f"{cp}.values[{j}]", value)
                seen.add(value)
            if any(a > b for a, b in zip(values, values[1:])):
                errs.invalid(f"{cp}.values", values, "must be ordered", raw=shown)
        conditions = rule.get("onPodConditions") or []
        for j, pattern in enumerate(conditions):
            status = pattern.get("status")
            if not pattern.get("type"):
                errs.required(f"{rp}.onPodConditions[{j}].type", "name part must be non-empty")
            if status not in ("False", "True", "Unknown"):
                errs.unsupported(f"{rp}.onPodConditions[{j}].status", status or "", ("False", "True", "Unknown"))
        if codes is not None and conditions:
            errs.items.append((rp, "Invalid value: specifying both OnExitCodes and OnPodConditions is not supported"))
        if codes is None and not conditions:
            errs.items.append((rp, "Invalid value: specifying one of OnExitCodes and OnPodConditions is required"))


def _job_spec(errs: Errors, path: str, spec: dict, selector_generated: bool = False) -> None:
    for field in ("parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished",
                  "backoffLimitPerIndex", "maxFailedIndexes"):
        errs.non_negative(f"{path}.{field}", spec.get(field))
    if spec.get("maxFailedIndexes") is not None and spec.get("backoffLimitPerIndex") is None:
        errs.required(f"{path}.backoffLimitPerIndex", "when maxFailedIndexes is specified")
    deadline = spec.get("activeDeadlineSeconds")
    if isinstance(deadline, int) and deadline <= 0:
        errs.invalid(f"{path}.activeDeadlineSeconds", deadline, "must be greater than 0")
    mode = spec.get("completionMode")
    if mode not in (None, "NonIndexed", "Indexed"):
        errs.unsupported(f"{path}.completionMode", mode, ("NonIndexed", "Indexed"))
    if mode == "Indexed" and spec.get("completions") is None:
        errs.required(f"{path}.completions", "when completion mode is Indexed")
    _indexed_limits(errs, path, spec)
    selector = spec.get("selector")
    if selector is not None and not selector_generated:
        validate_label_selector(errs, f"{path}.selector", selector)
        labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
        if not template_selected(selector, labels):
            errs.invalid(f"{path}.template.metadata.labels", labels,
                         "`selector` does not match template `labels`",
                         raw="map[string]string(nil)" if labels is None else None)
    if spec.get("podFailurePolicy") is not None:
        _pod_failure_policy(errs, f"{path}.podFailurePolicy", spec)
    replacement = spec.get("podReplacementPolicy")
    if replacement is not None:
        allowed = ("Failed",) if spec.get("podFailurePolicy") is not None else ("Failed", "TerminatingOrFailed")
        if replacement not in allowed:
            errs.unsupported(f"{path}.podReplacementPolicy", replacement, allowed)
    pod_template(errs, f"{path}.template", spec.get("template"), ("OnFailure", "Never"))
    restart = ((spec.get("template") or {}).get("spec") or {}).get("restartPolicy")
    needs_never = next((f for f in ("podFailurePolicy", "backoffLimitPerIndex") if spec.get(f) is not None), None)
    if needs_never is not None and restart == "OnFailure":
        errs.invalid(f"{path}.template.spec.restartPolicy", restart,
                     f'only "Never" is supported when {needs_never} is specified')


def _job(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    name = (obj.get("metadata") or {}).get("name") or ""
    completions = spec.get("completions")
    _job_spec(errs, "spec", spec)
    if spec.get("completionMode") == "Indexed" and isinstance(completions, int) and completions > 0 and name:
        hostname = f"{name}-{completions - 1}"
        if dns1123_label(hostname):
            errs.invalid("metadata.name", name,
                         f"will not able to create pod with invalid DNS label: {hostname}")


def _cron_job(errs: Errors, obj: dict) -> None:
    spec = obj.get("spec") or {}
    schedule = spec.get("schedule")
    if not schedule:
        errs.required("spec.schedule")
    elif not schedule.startswith("@"):
        fields = schedule.split()
        if fields and fields[0].startswith(("TZ=", "CRON_TZ=")):
            errs.invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, "
                         "use timeZone field instead")
        elif len(fields) != 5:
            errs.invalid("spec.schedule", schedule,
                         f"expected exactly 5 fields, found {len(fields)}: {schedule}")
    policy = spec.get("concurrencyPolicy")
    if policy not in ("Allow", "Forbid", "Replace"):
        errs.unsupported("spec.concurrencyPolicy", policy, ("Allow", "Forbid", "Replace"))
    spec_non_negative(errs, spec, "startingDeadlineSeconds", "successfulJobsHistoryLimit",
                      "failedJobsHistoryLimit")
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    _job_spec(errs, "spec.jobTemplate.spec", job_spec, selector_generated=True)


VALIDATORS = {"Job": _job, "CronJob": _cron_job}
