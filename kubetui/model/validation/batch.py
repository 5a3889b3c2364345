"""Validation of batch/v1: Job, CronJob."""

from __future__ import annotations

from .core import pod_template
from .field import Errors, spec_non_negative
from .meta import template_selected, validate_label_selector


def _job_spec(errs: Errors, path: str, spec: dict, selector_generated: bool = False) -> None:
    for field in ("parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished"):
        errs.non_negative(f"{path}.{field}", spec.get(field))
    deadline = spec.get("activeDeadlineSeconds")
    if isinstance(deadline, int) and deadline <= 0:
        errs.invalid(f"{path}.activeDeadlineSeconds", deadline, "must be greater than 0")
    mode = spec.get("completionMode")
    if mode not in (None, "NonIndexed", "Indexed"):
        errs.unsupported(f"{path}.completionMode", mode, ("NonIndexed", "Indexed"))
    if mode == "Indexed" and spec.get("completions") is None:
        errs.required(f"{path}.completions", "when completion mode is Indexed")
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
    _job_spec(errs, "spec", obj.get("spec") or {})


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
