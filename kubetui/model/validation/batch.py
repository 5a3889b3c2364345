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
    pod_template(errs, f"{path}.template", spec.get("template"), ("OnFailure", "Never"))


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
