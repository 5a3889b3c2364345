"""What control-plane components print: their startup lines when healthy, and why they exit
when a scenario breaks one (`sim stop scheduler --reason kubeconfig`), as data in
controlplane.yaml."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml


@cache
def _data() -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load(files("kubetui.engine.kubelet").joinpath("controlplane.yaml").read_text())


def reasons(component: str) -> list[str]:
    """The ways `component` can crash, the default first."""
    return [r for r in _data().get(component, {}) if r != "running"]


def lines(component: str, reason: str | None = None) -> list[str]:
    """The component's log lines when running (reason None) or crashing for `reason` (the
    default one when it is "")."""
    by_reason = _data().get(component, {})
    if reason is None:
        return list(by_reason.get("running", ()))
    chosen = reason or next(iter(reasons(component)), "")
    return list(by_reason.get(chosen, ()))
