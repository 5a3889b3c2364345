"""Validation of storage.k8s.io/v1: StorageClass."""

from __future__ import annotations

from .field import Errors


def _storage_class(errs: Errors, obj: dict) -> None:
    if not obj.get("provisioner"):
        errs.required("provisioner")
    if obj.get("reclaimPolicy") not in ("Delete", "Retain"):
        errs.unsupported("reclaimPolicy", obj.get("reclaimPolicy"), ("Delete", "Retain"))
    mode = obj.get("volumeBindingMode")
    if mode not in ("Immediate", "WaitForFirstConsumer"):
        errs.unsupported("volumeBindingMode", mode, ("Immediate", "WaitForFirstConsumer"))


VALIDATORS = {"StorageClass": _storage_class}
