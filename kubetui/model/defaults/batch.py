"""Defaults of batch/v1: Job, CronJob."""

from __future__ import annotations

from .core import default_template


def _default_job_spec(spec: dict) -> None:
    if "completions" not in spec and "parallelism" not in spec:
        spec["completions"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", 2147483647 if "backoffLimitPerIndex" in spec else 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    spec.setdefault(
        "podReplacementPolicy", "Failed" if "podFailurePolicy" in spec else "TerminatingOrFailed"
    )
    for rule in spec.get("podFailurePolicy", {}).get("rules", ()):
        for pattern in rule.get("onPodConditions", ()):
            pattern.setdefault("status", "True")


def _job(obj: dict) -> None:
    meta = obj["metadata"]
    spec = obj.setdefault("spec", {})
    _default_job_spec(spec)
    labels = (spec.get("template") or {}).get("metadata", {}).get("labels")
    if labels and not meta.get("labels"):
        meta["labels"] = dict(labels)
    default_template(spec)


def _cron_job(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("concurrencyPolicy", "Allow")
    spec.setdefault("suspend", False)
    spec.setdefault("successfulJobsHistoryLimit", 3)
    spec.setdefault("failedJobsHistoryLimit", 1)
    default_template(spec.get("jobTemplate", {}).get("spec"))


DEFAULTS = {"Job": _job, "CronJob": _cron_job}
