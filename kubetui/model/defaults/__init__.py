"""Defaults the API server fills in on the way in: pkg/apis/*/v1/defaults.go, plus the few the
registry sets on create. One module per API group, each registering a function per kind."""

from __future__ import annotations

from typing import Callable

from . import apiextensions, apps, autoscaling, batch, core, discovery, networking, policy, rbac, scheduling, storage
from .core import default_pod_spec

DEFAULTS: dict[str, Callable[[dict], None]] = {
    **core.DEFAULTS, **apps.DEFAULTS, **batch.DEFAULTS, **autoscaling.DEFAULTS, **discovery.DEFAULTS,
    **networking.DEFAULTS, **policy.DEFAULTS, **scheduling.DEFAULTS, **storage.DEFAULTS,
    **rbac.DEFAULTS,
    **apiextensions.DEFAULTS,
}
"""kind -> the function that fills that kind's defaults in place."""

__all__ = ["DEFAULTS", "apply", "default_pod_spec"]


def apply(kind: str, obj: dict) -> None:
    """Fill the defaults of a decoded object (a plain dict) in place."""
    obj.setdefault("metadata", {})
    default = DEFAULTS.get(kind)
    if default is not None:
        default(obj)
