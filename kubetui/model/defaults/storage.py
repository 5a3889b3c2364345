"""Defaults of storage.k8s.io/v1: StorageClass."""

from __future__ import annotations


def _storage_class(obj: dict) -> None:
    obj.setdefault("reclaimPolicy", "Delete")
    obj.setdefault("volumeBindingMode", "Immediate")


DEFAULTS = {"StorageClass": _storage_class}
